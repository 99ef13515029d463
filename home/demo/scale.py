"""Synthetic bulk content for benchmarks: N articles, companies and offers in batches.

Pages are written with bulk inserts (the tree paths computed here, as treebeard would) because
creating 100,000 pages one by one through add_child() takes hours. The search index is not
updated here: run `manage.py update_index` afterwards when searching matters.
"""

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from wagtail.models import Locale, Page

from tqdm import tqdm

from articles.models import ArticleIndexPage, ArticlePage
from registry.models import Company, Offer
from registry.validators import NIP_WEIGHTS, REGON9_WEIGHTS, check_digit
from registry.voivodeships import Voivodeship

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


def create_articles(count, stdout, run_id):
    locale = Locale.get_default()
    index = ArticleIndexPage.objects.get(locale=locale)
    last_child = index.get_last_child()
    next_step = ArticlePage._str2int(last_child.path[-ArticlePage.steplen :]) + 1 if last_child else 1
    content_type = ContentType.objects.get_for_model(ArticlePage)
    now = timezone.now()
    body = '[{"type": "paragraph", "value": "<p>Treść syntetyczna do testów wydajności.</p>", "id": "%s"}]'
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
                        path=index.path + ArticlePage._int2str(next_step + i).rjust(ArticlePage.steplen, "0"),
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
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)


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
    for start, size in _batches(count, "offers", stdout):
        Offer.objects.bulk_create(
            [
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
        )


def load_synthetic_content(count, stdout):
    run_id = uuid.uuid4().hex[:6]
    create_articles(count, stdout, run_id)
    companies = create_companies(count, stdout, run_id)
    create_offers(count, companies, stdout, run_id)
