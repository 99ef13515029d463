"""Each page type costs the same number of SQL queries whether it lists 5 or 50 items.

The ceiling is generous for now: the site frame (site, locale, navigation, language switcher)
costs most of it, and cached pages cost none (see test_page_cache).
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from articles.models import ArticlePage, ArticleRelatedCluster
from clusters.models import ClusterPage
from registry.models import Company, Offer, Sector
from tests.factories import CompanyFactory, OfferFactory, make_article, make_cluster

pytestmark = pytest.mark.django_db

CEILING = 30


def queries(client, path):
    client.get(path)  # warm per-process caches (content types, site root)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


def grow(n, factory, start=0):
    for i in range(start, start + n):
        factory(i)


@pytest.fixture
def aviation():
    return Sector.objects.get(slug="lotnictwo", locale__language_code="pl")


def add_companies(n, sector, start=0):
    def make(i):
        company = CompanyFactory(name=f"Firma {i:03d}", slug=f"firma-q-{i:03d}")
        company.sectors.add(sector)
        company.save()

    grow(n, make, start)


def test_company_list_queries_do_not_grow(client, aviation):
    Company.objects.filter(locale__language_code="pl").delete()
    add_companies(5, aviation)
    few = queries(client, "/baza-przedsiebiorstw/")
    grow(45, lambda i: add_companies(1, aviation, i), start=5)
    many = queries(client, "/baza-przedsiebiorstw/")
    assert few == many
    assert many <= CEILING


def test_offer_and_service_lists_queries_do_not_grow(client, aviation):
    def make(i):
        offer = OfferFactory(title=f"Oferta {i:03d}")
        offer.sectors.add(aviation)
        offer.save()
        service = OfferFactory(title=f"Usługa {i:03d}", kind="service")
        service.sectors.add(aviation)
        service.save()

    grow(5, make)
    few = queries(client, "/baza-ofert/"), queries(client, "/baza-uslug/")
    grow(45, make, start=5)
    many = queries(client, "/baza-ofert/"), queries(client, "/baza-uslug/")
    assert few == many
    assert max(many) <= CEILING


def test_article_index_and_home_queries_do_not_grow(client, site_tree):
    news = site_tree["sections"]["news"]["pl"]
    grow(5, lambda i: make_article(news, title=f"Wiadomość {i}", slug=f"wiadomosc-{i}"))
    few = queries(client, "/aktualnosci/"), queries(client, "/")
    grow(45, lambda i: make_article(news, title=f"Wiadomość {i}", slug=f"wiadomosc-{i}"), start=5)
    many = queries(client, "/aktualnosci/"), queries(client, "/")
    assert few == many
    assert max(many) <= CEILING


def test_news_list_with_header_images_costs_no_query_per_thumbnail(client, site_tree):
    news = site_tree["sections"]["news"]["pl"]

    def illustrated(i):
        image = Image.objects.create(title=f"Zdjęcie {i}", file=get_test_image_file(filename=f"zdjecie-{i}.png"))
        make_article(news, title=f"Ilustrowana {i}", slug=f"ilustrowana-{i}", header_image=image)

    grow(2, illustrated)
    few = queries(client, "/aktualnosci/")
    grow(10, illustrated, start=2)
    many = queries(client, "/aktualnosci/")
    assert few == many
    assert 'class="article-list__image"' in client.get("/aktualnosci/").content.decode()


def test_article_queries_do_not_grow_with_related_clusters_and_tags(client, site_tree):
    clusters_index = site_tree["sections"]["clusters"]["pl"]
    article = ArticlePage.objects.get(slug="klastry", locale__language_code="pl")

    def relate(i):
        cluster = make_cluster(clusters_index, title=f"Klaster {i}", slug=f"klaster-q-{i}")
        ArticleRelatedCluster.objects.create(article=article, cluster=cluster)
        article.tags.add(f"tag-{i}")

    grow(5, relate)
    few = queries(client, article.url)
    grow(45, relate, start=5)
    many = queries(client, article.url)
    assert few == many
    assert many <= CEILING


def test_cluster_index_and_cluster_queries_do_not_grow(client, site_tree):
    index = site_tree["sections"]["clusters"]["pl"]
    cluster = ClusterPage.objects.get(slug="bydgoski-klaster-przemyslowy")
    grow(5, lambda i: make_cluster(index, title=f"Klaster {i}", slug=f"klaster-{i}", latitude=53, longitude=18))
    few = queries(client, "/klastry/"), queries(client, cluster.url)
    grow(
        45, lambda i: make_cluster(index, title=f"Klaster {i + 5}", slug=f"klaster-{i + 5}", latitude=52, longitude=19)
    )
    many = queries(client, "/klastry/"), queries(client, cluster.url)
    assert few == many
    assert max(many) <= CEILING


def test_company_and_offer_pages_queries_are_bounded(client):
    company = Company.objects.get(slug="solarwro", locale__language_code="pl")
    offer = Offer.objects.get(slug="audyt-efektywnosci-energetycznej")
    assert queries(client, company.url) <= CEILING
    assert queries(client, offer.url) <= CEILING
