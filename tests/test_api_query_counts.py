"""A list endpoint costs the same number of SQL queries for 1 item as for 50, and at most CEILING."""

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from articles.models import ArticleIndexPage, ArticleRelatedCluster
from clusters.models import ClusterIndexPage, ClusterMember, ClusterPage
from registry.models import Sector
from tests.factories import CompanyFactory, OfferFactory, make_article, make_cluster

pytestmark = pytest.mark.django_db

# The dearest listing today (clusters with every field) costs 10; the site's pages cost fewer.
CEILING = 10
EXTRA = 12
# A search's statements on PostgreSQL run with planner settings of their own, set and restored in a
# savepoint (search/postgres.py): four statements more, whatever the page size.
PLANNER = 4 if connection.vendor == "postgresql" else 0


def queries(client, path, **params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, params)
    assert response.status_code == 200, response.content
    return len(context.captured_queries), len(response.json()["items"])


def assert_flat(client, path, ceiling=CEILING, **params):
    client.get(path, {"limit": 50, **params})  # first call makes the image renditions
    one, shown_one = queries(client, path, limit=1, **params)
    many, shown_many = queries(client, path, limit=50, **params)
    assert shown_one == 1 and shown_many >= EXTRA
    assert one == many, f"{path} {params}: {one} queries for 1 item, {many} for {shown_many}"
    assert many <= ceiling


@pytest.fixture
def rich_content(demo):
    """Extra items of every kind with every relation filled in, sorting before the demo content."""
    news = ArticleIndexPage.objects.get(locale__language_code="pl")
    cluster_index = ClusterIndexPage.objects.get(locale__language_code="pl")
    sectors = list(Sector.objects.filter(locale__language_code="pl")[:2])
    bkp = ClusterPage.objects.get(slug="bydgoski-klaster-przemyslowy", locale__language_code="pl")
    for i in range(EXTRA):
        # Small images: making their renditions is not what this test measures.
        logo = Image.objects.create(title=f"Logo {i}", file=get_test_image_file(f"logo{i}.png", size=(40, 30)))
        company = CompanyFactory(name=f"Aaa Firma {i:02d}", logo=logo)
        company.sectors.set(sectors)
        company.save()  # parental many-to-many relations are written on save
        offer = OfferFactory(company=company)
        offer.sectors.set(sectors)
        offer.save()
        cluster = make_cluster(cluster_index, title=f"Aaa Klaster {i:02d}", slug=f"aaa-klaster-{i}", logo=logo)
        cluster.sectors.set(sectors)
        cluster.coordinator = company
        cluster.save()
        ClusterMember.objects.create(cluster=cluster, company=company)
        ClusterMember.objects.create(cluster=cluster, company=CompanyFactory(live=False))
        article = make_article(news, title=f"Wiadomość {i}", slug=f"wiadomosc-q-{i}", header_image=logo)
        article.tags.add("klastry", f"tag-{i}")
        article.save()
        ArticleRelatedCluster.objects.create(article=article, cluster=bkp)
        ArticleRelatedCluster.objects.create(article=article, cluster=cluster)
        Document.objects.create(title=f"Dokument {i}", file=ContentFile(b"x", name=f"dokument{i}.txt"))


@pytest.mark.parametrize(
    "path",
    [
        "/api/articles/",
        "/api/clusters/",
        "/api/companies/",
        "/api/offers/",
        "/api/sectors/",
        "/api/images/",
        "/api/documents/",
    ],
)
def test_default_listing_queries_do_not_grow_with_limit(client, rich_content, path):
    assert_flat(client, path)


@pytest.mark.parametrize(
    "path, fields",
    [
        # Every field but the article body, whose images and embeds are fetched per article.
        (
            "/api/articles/",
            "url,translations,title,slug,seo_title,search_description,date,author,lead,header_image,"
            "tags,related_clusters,first_published_at,last_published_at",
        ),
        ("/api/clusters/", "*"),
        ("/api/companies/", "*"),
        ("/api/offers/", "*"),
        ("/api/sectors/", "*"),
        ("/api/images/", "*"),
        ("/api/documents/", "*"),
    ],
)
def test_listing_every_field_queries_do_not_grow_with_limit(client, rich_content, path, fields):
    assert_flat(client, path, fields=fields)


def test_search_and_filters_keep_queries_flat(client, rich_content):
    assert_flat(client, "/api/articles/", tag="klastry", locale="pl")
    assert_flat(client, "/api/companies/", search="Aaa", locale="pl", ceiling=CEILING + PLANNER)
