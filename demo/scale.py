"""Synthetic bulk content for benchmarks: N articles, companies and offers in batches, searchable.

Pages are written with bulk inserts (the tree paths computed here, as treebeard would) because
creating 100,000 pages one by one through add_child() takes hours. Bulk inserts send no signals,
so the new items are then added to the search index here, through the search backends' own bulk
indexing: only the new items, never a rebuild of everything. Indexing is nearly all Python, so on
PostgreSQL it runs in one process per core. Everything is Polish, the site's first language;
English pages keep the demo's translations.
"""

import datetime
import multiprocessing
import os
import random
import uuid

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from django.utils import timezone

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from tqdm import tqdm

from articles.models import ArticleIndexPage, ArticlePage
from registry.models import Company, Offer
from registry.validators import NIP_WEIGHTS, REGON9_WEIGHTS, check_digit
from registry.voivodeships import Voivodeship
from search.queries import search_backend_names

BATCH = 1000
CITIES = ["Bydgoszcz", "Toruń", "Łódź", "Gdynia", "Rzeszów", "Wrocław", "Kraków", "Poznań", "Lublin", "Opole"]
WORDS = ["innowacje", "współpraca", "klaster", "eksport", "technologia", "energia", "przemysł", "badania"]


def _with_check_digit(digits, weights, ten_means_zero):
    digit = check_digit(digits, weights, ten_means_zero)
    return None if digit is None else digits + str(digit)


def synthetic_nip(n):
    """A valid NIP for the n-th synthetic company (prefix 9xx keeps them apart from real ones)."""
    candidate = n * 10
    while True:
        nip = _with_check_digit(f"9{candidate:08d}"[-9:], NIP_WEIGHTS, ten_means_zero=False)
        if nip:
            return nip
        candidate += 1


def synthetic_regon(n):
    return _with_check_digit(f"{n:08d}"[-8:], REGON9_WEIGHTS, ten_means_zero=True)


def _batches(total, label, stdout):
    progress = tqdm(total=total, desc=label, unit="item", file=stdout, mininterval=0.5)
    for start in range(0, total, BATCH):
        size = min(BATCH, total - start)
        yield start, size
        progress.update(size)
    progress.close()


def _insert_child_rows(model, objects):
    """Insert the model's own table rows for pages whose base Page rows already exist."""
    fields = list(model._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    # Table and column names come from the model, quoted by the backend; values are parameters.
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    rows = [[field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _add_to_search_index(model, pks):
    """Index the items as Wagtail would on save, read back as its indexing reads them (prefetches included)."""
    objects = list(model.get_indexed_objects().filter(pk__in=pks))
    with transaction.atomic():
        for name in search_backend_names():
            get_search_backend(name).add_bulk(model, objects)
    return len(pks)


def _index_chunk(label_and_pks):
    label, pks = label_and_pks
    return _add_to_search_index(apps.get_model(label), pks)


def index_new_items(model, pks, stdout, label):
    """Add the items to the search index, in chunks, in parallel when the database allows it."""
    chunks = [(model._meta.label, pks[start : start + BATCH]) for start in range(0, len(pks), BATCH)]
    progress = tqdm(total=len(pks), desc=f"{label} (search index)", unit="item", file=stdout)
    # Other processes see only committed rows and cannot share SQLite's test databases in memory.
    parallel = connection.vendor == "postgresql" and not connection.in_atomic_block and (os.cpu_count() or 1) > 1
    with progress:
        if not parallel:
            for chunk in chunks:
                progress.update(_index_chunk(chunk))
            return
        connections.close_all()  # each forked process opens its own connection
        with multiprocessing.get_context("fork").Pool(os.cpu_count()) as pool:
            for done in pool.imap_unordered(_index_chunk, chunks):
                progress.update(done)


def step_number(step):
    """A tree path step (treebeard's base-36 digits, `Page.alphabet`) as a number."""
    return int(step, len(ArticlePage.alphabet))


def tree_step(number):
    """A number as a tree path step of `Page.steplen` digits of `Page.alphabet`."""
    alphabet, digits = ArticlePage.alphabet, ""
    while number:
        number, digit = divmod(number, len(alphabet))
        digits = alphabet[digit] + digits
    return digits.rjust(ArticlePage.steplen, alphabet[0])


def create_articles(count, stdout, run_id):
    locale = Locale.get_default()
    index = ArticleIndexPage.objects.get(locale=locale)
    last_child = index.get_last_child()
    next_step = step_number(last_child.path[-ArticlePage.steplen :]) + 1 if last_child else 1
    content_type = ContentType.objects.get_for_model(ArticlePage)
    now = timezone.now()
    body = '[{"type": "paragraph", "value": "<p>Treść syntetyczna do testów wydajności.</p>", "id": "%s"}]'
    created = []
    for start, size in _batches(count, "articles", stdout):
        with transaction.atomic():
            pages = []
            for i in range(start, start + size):
                slug = f"artykul-{run_id}-{i:06d}"
                pages.append(
                    Page(
                        title=f"Artykuł {i}: {random.choice(WORDS)} i {random.choice(WORDS)}",  # noqa: S311
                        draft_title=f"Artykuł {i}",
                        slug=slug,
                        path=index.path + tree_step(next_step + i),
                        depth=index.depth + 1,
                        numchild=0,
                        url_path=f"{index.url_path}{slug}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                        content_type=content_type,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                    )
                )
            Page.objects.bulk_create(pages)
            if pages[0].pk is None:  # databases without RETURNING: look the new rows up
                ids = dict(Page.objects.filter(path__in=[p.path for p in pages]).values_list("path", "pk"))
                for page in pages:
                    page.pk = page.id = ids[page.path]
            articles = [
                ArticlePage(
                    page_ptr_id=page.pk,
                    lead=f"Syntetyczny lead artykułu {start + n}.",
                    date=datetime.date(2015, 1, 1) + datetime.timedelta(days=(start + n) % 4000),
                    author="Bench",
                    body=body % uuid.uuid4(),
                )
                for n, page in enumerate(pages)
            ]
            _insert_child_rows(ArticlePage, articles)
            created.extend(page.pk for page in pages)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
    return created


def create_companies(count, stdout, run_id):
    locale = Locale.get_default()
    voivodeships = Voivodeship.values
    sizes = Company.Size.values
    created = []
    for start, size in _batches(count, "companies", stdout):
        batch = [
            Company(
                name=f"Firma Syntetyczna {run_id}-{i}",
                slug=f"firma-{run_id}-{i:06d}",
                legal_form=Company.LegalForm.LIMITED_LIABILITY,
                nip=synthetic_nip(i),
                regon=synthetic_regon(i),
                street=f"ul. Testowa {i % 200 + 1}",
                postal_code=f"{i % 90 + 10:02d}-{i % 1000:03d}",
                city=CITIES[i % len(CITIES)],
                voivodeship=voivodeships[i % len(voivodeships)],
                size=sizes[i % len(sizes)],
                website="https://example.com",
                locale=locale,
                live=True,
                has_unpublished_changes=False,
            )
            for i in range(start, start + size)
        ]
        created.extend(Company.objects.bulk_create(batch))
    return created


def create_offers(count, companies, stdout, run_id):
    locale = Locale.get_default()
    kinds = Offer.Kind.values
    valid_until = timezone.localdate() + datetime.timedelta(days=365)
    company_ids = [c.pk for c in companies] or list(Company.objects.published(locale).values_list("pk", flat=True))
    created = []
    for start, size in _batches(count, "offers", stdout):
        batch = [
            Offer(
                title=f"Oferta syntetyczna {run_id}-{i}",
                slug=f"oferta-{run_id}-{i:06d}",
                kind=kinds[i % len(kinds)],
                company_id=company_ids[i % len(company_ids)],
                summary="Syntetyczna oferta współpracy do testów wydajności.",
                cooperation_types=["commercial"],
                valid_until=valid_until,
                locale=locale,
                live=True,
                has_unpublished_changes=False,
            )
            for i in range(start, start + size)
        ]
        created.extend(offer.pk for offer in Offer.objects.bulk_create(batch))
    return created


def load_synthetic_content(count, stdout):
    run_id = uuid.uuid4().hex[:6]
    articles = create_articles(count, stdout, run_id)
    companies = create_companies(count, stdout, run_id)
    offers = create_offers(count, companies, stdout, run_id)
    index_new_items(ArticlePage, articles, stdout, "articles")
    index_new_items(Company, [company.pk for company in companies], stdout, "companies")
    index_new_items(Offer, offers, stdout, "offers")
    if connection.vendor == "postgresql":
        # Fresh planner statistics after a bulk load, rather than whenever autovacuum gets to it.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
