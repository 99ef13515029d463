"""Whole answers kept in the shared cache (pages and API) are dropped the moment content changes."""

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.documents.models import Document
from wagtail.models import CollectionViewRestriction, PageViewRestriction

import pytest

from api.preview import issue_token
from articles.models import ArticleIndexPage, ArticlePage
from cms.generation import current_generation
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_cache(settings):
    settings.API_RESPONSE_CACHE_SECONDS = 300


def queries_for(client, path, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    return response, len(queries)


def test_a_repeated_api_request_is_answered_without_the_database(client, demo, api_cache):
    first, first_queries = queries_for(client, "/api/articles/", locale="en")
    again, again_queries = queries_for(client, "/api/articles/", locale="en")
    assert first_queries > 0 and again_queries == 0
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_a_revalidation_of_a_kept_api_answer_is_304_without_the_database(client, demo, api_cache):
    first = client.get("/api/articles/by-slug/klastry/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/articles/by-slug/klastry/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and len(queries) == 0


def test_a_published_article_shows_in_the_api_at_once(client, demo, api_cache):
    news = ArticleIndexPage.objects.get(locale__language_code="pl")
    client.get("/api/articles/", {"locale": "pl"})
    make_article(news, title="Świeża wiadomość", slug="swieza")
    titles = [item["title"] for item in client.get("/api/articles/", {"locale": "pl"}).json()["items"]]
    assert "Świeża wiadomość" in titles


def test_an_unpublished_article_leaves_the_api_at_once(client, demo, api_cache):
    article = ArticlePage.objects.live().get(slug="klastry", locale__language_code="pl")
    assert client.get("/api/articles/by-slug/klastry/").status_code == 200
    article.unpublish()
    assert client.get("/api/articles/by-slug/klastry/").status_code == 404


def test_a_page_made_private_leaves_the_api_at_once(client, demo, api_cache):
    article = ArticlePage.objects.live().get(slug="klastry", locale__language_code="pl")
    assert client.get("/api/articles/by-slug/klastry/").status_code == 200
    assert article.pk in [item["id"] for item in client.get("/api/articles/", {"locale": "pl"}).json()["items"]]
    restriction = PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/api/articles/by-slug/klastry/").status_code == 404
    assert article.pk not in [item["id"] for item in client.get("/api/articles/", {"locale": "pl"}).json()["items"]]
    restriction.delete()
    assert client.get("/api/articles/by-slug/klastry/").status_code == 200


def test_a_document_collection_made_private_leaves_the_api_at_once(client, demo, api_cache):
    document = Document.objects.create(title="Regulamin naboru", file=ContentFile(b"%PDF-1.4", name="regulamin.pdf"))
    assert client.get(f"/api/documents/{document.pk}/").status_code == 200
    CollectionViewRestriction.objects.create(collection=document.collection, restriction_type="login")
    assert client.get(f"/api/documents/{document.pk}/").status_code == 404


def test_a_draft_preview_is_never_kept(client, demo, api_cache):
    # Saving a draft changes no published content, so nothing else would drop a kept preview.
    article = ArticlePage.objects.live().get(slug="klastry", locale__language_code="pl")
    article.title = "Pierwsza wersja robocza"
    article.save_revision()
    token = issue_token(article)
    assert client.get("/api/preview/", {"token": token}).json()["title"] == "Pierwsza wersja robocza"
    article.title = "Druga wersja robocza"
    article.save_revision()
    assert client.get("/api/preview/", {"token": token}).json()["title"] == "Druga wersja robocza"


def test_a_publish_marks_content_changed_again_when_it_commits(demo, django_capture_on_commit_callbacks):
    # A reader rendering while the publish is still in its transaction sees the old content; it
    # must not be kept under the new generation, so the generation moves again at commit.
    article = ArticlePage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
        during = current_generation()
    assert current_generation() != during
