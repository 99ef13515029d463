"""Every public page costs at most 6 SQL queries, and the same number for 5 items as for 50.

Rendered without the page cache for an anonymous reader. Each page is measured in Polish and in
English after one warming visit (which fills the per-process caches and the site frame, and makes
the image renditions),
with 5 items of every kind it lists and again with 50. EXPECTED holds each page's exact count, so
that a query added anywhere shows here with the page it costs.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

import pytest

from articles.models import ArticlePage, ArticleRelatedCluster
from clusters.models import ClusterMember, ClusterPage
from registry.models import Offer, Sector
from tests.factories import CompanyFactory, OfferFactory

pytestmark = pytest.mark.django_db

BUDGET = 6  # at most
FEW, MANY = 5, 50

# The home page and the sections come from the site frame (cms/site_frame.py, cms/routing.py), so
# English pages cost what Polish ones do; what is left is the page itself. Links name the site from
# the frame too (cms/pages.py), so Wagtail's own lookup of the request's site is never made.
EXPECTED = {
    "home": 2,  # the latest news and, in one more query, their thumbnails' renditions
    "news": 2,
    "news by tag": 2,
    "news by year": 2,
    "article": 5,
    "clusters": 1,
    "clusters by voivodeship and sector": 1,
    "cluster": 5,
    "companies": 2,
    "companies by sector, size and cluster": 2,
    "company": 5,
    "offers": 2,
    "offers by kind and sector": 2,
    "services": 2,
    "offer": 2,
    "search": 2,
    "search in one kind, second page": 1,
    # A search nobody has made yet, beyond the rows shown: on PostgreSQL each kind's count (a count
    # that stops at the limit, never a ranking) and the best matches of the kinds that have some (two
    # here); on SQLite one statement reads what the terms' kept hits tell (search/sqlite.py's
    # KeptHitsKinds: each term's numbers of hits in each kind, and how many items match, up to 5,000),
    # and one more counts and ranks every kind: with so few matches, every one scored (with more, the
    # kept hits are read first, one statement more).
    "new search": 7 if connection.vendor == "postgresql" else 3,
    "newsletter": 0,
    "sitemap": 6,
}

PREFIX = {"pl": "", "en": "/en"}
SECTIONS = {
    "pl": {"news": "aktualnosci", "clusters": "klastry", "companies": "baza-przedsiebiorstw"},
    "en": {"news": "news", "clusters": "clusters", "companies": "companies"},
}
SECTIONS["pl"].update(offers="baza-ofert", services="baza-uslug", search="szukaj", newsletter="newsletter")
SECTIONS["en"].update(offers="offers", services="services", search="search", newsletter="newsletter")


def url(language, section="", rest=""):
    return f"{PREFIX[language]}/{SECTIONS[language][section] + '/' if section else ''}{rest}"


def queries(client, path):
    client.get(path)  # the warming visit
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(context.captured_queries)


def assert_pages_cost(client, language, pages, grow):
    """Each page's count with FEW items, then with MANY, against EXPECTED and the budget."""
    grow(FEW)
    few = {name: queries(client, path) for name, path in pages.items()}
    grow(MANY)
    many = {name: queries(client, path) for name, path in pages.items()}
    expected = {name: EXPECTED[name] for name in pages}
    assert few == many == expected, f"{language}: {FEW} items {few}, {MANY} items {many}"
    assert max(many.values()) <= BUDGET


def make_article(index, **fields):
    # Live without a revision: half the time of publishing, and the page reads the same.
    return index.add_child(instance=ArticlePage(lead="Krótki wstęp.", live=True, **fields))


def make_cluster(index, **fields):
    fields = {"voivodeship": "kujawsko-pomorskie", "city": "Bydgoszcz", **fields}
    return index.add_child(instance=ClusterPage(live=True, **fields))


def image(name):
    # Small: making renditions is not what this measures.
    return Image.objects.create(title=name, file=get_test_image_file(f"{name}.png", size=(40, 30)))


def sectors(language):
    return list(Sector.objects.filter(locale__language_code=language)[:3])


class Grower:
    """Adds items one by one up to a number, so that a test measures with FEW and then with MANY."""

    def __init__(self, add):
        self.add = add
        self.count = 0

    def __call__(self, total):
        for i in range(self.count, total):
            self.add(i)
        self.count = total


@pytest.mark.parametrize("language", ["pl", "en"])
def test_news_pages_cost_the_same_few_queries_for_5_and_50_articles(client, site_tree, language):
    news = site_tree["sections"]["news"][language]
    clusters = site_tree["sections"]["clusters"][language]
    featured = make_article(news, title="Artykuł z klastrami", slug="q-featured", header_image=image("featured"))

    def add(i):
        article = make_article(
            news,
            title=f"Wiadomość {i}",
            slug=f"q-article-{i}",
            date=datetime.date(2024 + i % 2, 3, 1),
            header_image=image(f"article-{i}"),
        )
        article.tags.add("q-tag", f"q-tag-{i}")
        article.save()
        cluster = make_cluster(clusters, title=f"Klaster {i}", slug=f"q-cluster-{i}")
        ArticleRelatedCluster.objects.create(article=featured, cluster=cluster)
        featured.tags.add(f"q-featured-{i}")
        featured.save()

    pages = {
        "home": url(language),
        "news": url(language, "news"),
        "news by tag": url(language, "news", "?tag=q-tag"),
        "news by year": url(language, "news", "?year=2024"),
        "article": url(language, "news", "q-featured/"),
    }
    assert_pages_cost(client, language, pages, Grower(add))
    # The thumbnails and the header image were on the pages measured.
    assert 'class="article-list__image"' in client.get(pages["news"]).content.decode()
    assert '<figure class="header-image">' in client.get(pages["article"]).content.decode()


@pytest.mark.parametrize("language", ["pl", "en"])
def test_cluster_pages_cost_the_same_few_queries_for_5_and_50_clusters_and_members(client, site_tree, language):
    news = site_tree["sections"]["news"][language]
    clusters = site_tree["sections"]["clusters"][language]
    sector = sectors(language)[0]
    featured = make_cluster(
        clusters,
        title="Klaster z członkami",
        slug="q-featured",
        logo=image("cluster-logo"),
        coordinator=CompanyFactory(locale=news.locale),
        latitude=53,
        longitude=18,
    )
    featured.sectors.set(sectors(language))
    featured.save()

    def add(i):
        cluster = make_cluster(clusters, title=f"Klaster {i}", slug=f"q-cluster-{i}", latitude=52, longitude=19)
        cluster.sectors.set([sector])
        cluster.save()
        # Members both published (linked) and not (named only).
        ClusterMember.objects.create(cluster=featured, company=CompanyFactory(locale=news.locale, live=i % 2 == 0))
        article = make_article(news, title=f"Wiadomość {i}", slug=f"q-article-{i}")
        ArticleRelatedCluster.objects.create(article=article, cluster=featured)

    pages = {
        "clusters": url(language, "clusters"),
        "clusters by voivodeship and sector": url(
            language, "clusters", f"?voivodeship=kujawsko-pomorskie&sector={sector.slug}"
        ),
        "cluster": url(language, "clusters", "q-featured/"),
    }
    assert_pages_cost(client, language, pages, Grower(add))


@pytest.mark.parametrize("language", ["pl", "en"])
def test_registry_pages_cost_the_same_few_queries_for_5_and_50_entries(client, site_tree, language):
    locale = site_tree["homes"][language].locale
    clusters = site_tree["sections"]["clusters"][language]
    sector = sectors(language)[0]
    company = CompanyFactory(name="Firma z ofertami", slug="q-company", locale=locale, logo=image("company-logo"))
    company.sectors.set(sectors(language))
    company.save()
    featured_cluster = make_cluster(clusters, title="Klaster firmy", slug="q-cluster")
    offer = OfferFactory(title="Oferta z sektorami", slug="q-offer", company=company, locale=locale)
    offer.sectors.set(sectors(language))
    offer.save()

    def add(i):
        listed = CompanyFactory(name=f"Firma {i:02d}", slug=f"q-company-{i}", locale=locale)
        listed.sectors.set([sector])
        listed.save()
        ClusterMember.objects.create(cluster=featured_cluster, company=listed)
        cluster = make_cluster(clusters, title=f"Klaster {i}", slug=f"q-cluster-{i}")
        ClusterMember.objects.create(cluster=cluster, company=company)
        for kind in (Offer.Kind.BUSINESS_OFFER, Offer.Kind.SERVICE):
            entry = OfferFactory(title=f"Oferta {kind} {i}", kind=kind, company=company, locale=locale)
            entry.sectors.set([sector])
            entry.save()

    pages = {
        "companies": url(language, "companies"),
        "companies by sector, size and cluster": url(
            language, "companies", f"?sector={sector.slug}&size=small&cluster=q-cluster"
        ),
        "company": url(language, "companies", "q-company/"),
        "offers": url(language, "offers"),
        "offers by kind and sector": url(language, "offers", f"?kind=business_offer&sector={sector.slug}"),
        "services": url(language, "services"),
        "offer": url(language, "offers", "q-offer/"),
    }
    assert_pages_cost(client, language, pages, Grower(add))


@pytest.mark.parametrize("language", ["pl", "en"])
def test_search_newsletter_and_sitemap_cost_the_same_few_queries_for_5_and_50_items(client, site_tree, language):
    locale = site_tree["homes"][language].locale
    news = site_tree["sections"]["news"][language]
    clusters = site_tree["sections"]["clusters"][language]

    def add(i):
        # Every kind of result matches the word, so that each kind's list and count grow.
        make_article(news, title=f"Zyxel wiadomość {i}", slug=f"q-article-{i}")
        make_cluster(clusters, title=f"Zyxel klaster {i}", slug=f"q-cluster-{i}")
        company = CompanyFactory(name=f"Zyxel firma {i}", locale=locale)
        OfferFactory(title=f"Zyxel oferta {i}", company=company, locale=locale)
        OfferFactory(title=f"Zyxel usługa {i}", kind=Offer.Kind.SERVICE, company=company, locale=locale)

    pages = {
        "search": url(language, "search", "?q=zyxel"),
        "search in one kind, second page": url(language, "search", "?q=zyxel&type=offers&page=2"),
        "newsletter": url(language, "newsletter"),
        "sitemap": "/sitemap.xml",
    }
    assert_pages_cost(client, language, pages, Grower(add))
    # The pages above were measured on a second visit, which finds each kind's count and best matches
    # in the cache and reads only the rows it shows, from the kinds that have some on the page; a
    # search nobody has made yet also counts and ranks (EXPECTED["new search"]).
    # On PostgreSQL a search also sets the planner for reading the kept scores of its words and
    # restores it, in a savepoint (four statements: search/postgres.py); which of a kind's best
    # matches are public is read with them.
    client.get(url(language, "search", "?q=zyxel+oferta"))
    extra = 4 if connection.vendor == "postgresql" else 0
    with CaptureQueriesContext(connection) as context:
        assert client.get(url(language, "search", "?q=zyxel+klaster")).status_code == 200
    assert len(context.captured_queries) == EXPECTED["new search"] + extra


# The caches these counts rely on (view restrictions, the site frame with its sections and their
# translations) never show a reader what they may not see: any change empties them.


def test_an_article_made_private_after_readers_saw_it_asks_for_the_password(client, site_tree):
    news = site_tree["sections"]["news"]["pl"]
    article = make_article(news, title="Wkrótce tajny artykuł", slug="q-secret")
    assert "Wkrótce tajny artykuł" in client.get("/aktualnosci/q-secret/").content.decode()
    assert "Wkrótce tajny artykuł" in client.get("/aktualnosci/").content.decode()

    restriction = PageViewRestriction.objects.create(page=article, restriction_type="password", password="x")
    assert "Wkrótce tajny artykuł" not in client.get("/aktualnosci/q-secret/").content.decode()
    assert "Wkrótce tajny artykuł" not in client.get("/aktualnosci/").content.decode()
    assert "pdf/" not in client.get("/aktualnosci/q-secret/").content.decode()

    restriction.delete()
    assert "Wkrótce tajny artykuł" in client.get("/aktualnosci/q-secret/").content.decode()


def test_a_database_made_private_after_readers_saw_it_asks_for_the_password(client, site_tree):
    companies = site_tree["sections"]["companies"]["pl"]
    CompanyFactory(name="Firma za hasłem", slug="q-hidden")
    assert "Firma za hasłem" in client.get("/baza-przedsiebiorstw/q-hidden/").content.decode()

    PageViewRestriction.objects.create(page=companies, restriction_type="password", password="x")
    assert "Firma za hasłem" not in client.get("/baza-przedsiebiorstw/q-hidden/").content.decode()
    assert "Firma za hasłem" not in client.get("/baza-przedsiebiorstw/").content.decode()


def test_an_unpublished_translation_leaves_the_language_switcher_at_once(client, site_tree):
    assert '<a href="/en/news/" lang="en"' in client.get("/aktualnosci/").content.decode()

    site_tree["sections"]["news"]["en"].unpublish()
    assert '/en/news/"' not in client.get("/aktualnosci/").content.decode()
    assert client.get("/en/news/").status_code == 404


@pytest.mark.parametrize("language", ["pl", "en"])
def test_forms_outside_the_page_tree_read_their_site_frame_without_a_query(client, site_tree, language):
    # Logging in and signing up are Django views, not pages: their header (site name, navigation,
    # language links) needs the request's site all the same, which comes from the cache too.
    prefix = PREFIX[language]
    with translation.override(language):
        paths = [reverse("accounts:login"), reverse("accounts:signup")]
    for path in paths:
        assert path.startswith(f"{prefix}/"), path
        client.get(path)  # the warming visit
        with CaptureQueriesContext(connection) as context:
            response = client.get(path)
        assert response.status_code == 200
        assert site_tree["sections"]["news"][language].title in response.content.decode()  # the navigation
        assert context.captured_queries == [], f"{path}: {[query['sql'] for query in context.captured_queries]}"
