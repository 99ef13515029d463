"""A CDN or caching proxy in front is purged on publish, and is told which pages it may share."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

import pytest

from articles.models import ArticlePage
from registry.models import Company

pytestmark = pytest.mark.django_db


class PurgeRecorder(BaseHTTPRequestHandler):
    purged = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def caching_proxy(settings):
    """A real HTTP server taking Wagtail's PURGE requests, as Varnish or nginx would."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    PurgeRecorder.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()
    server.server_close()


def test_publishing_an_article_purges_it_and_the_listings_that_show_it(
    caching_proxy, demo, django_capture_on_commit_callbacks
):
    article = ArticlePage.objects.live().filter(locale__language_code="pl").first()
    article.title = "Nowy tytuł po publikacji"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert article.url in caching_proxy
    assert article.get_parent().url in caching_proxy  # the news index
    assert "/" in caching_proxy  # the home page teasers


def test_unpublishing_an_article_purges_it(caching_proxy, demo, django_capture_on_commit_callbacks):
    article = ArticlePage.objects.live().filter(locale__language_code="en").first()
    url = article.url
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert url in caching_proxy and "/en/" in caching_proxy


def test_publishing_a_company_purges_its_page_the_company_list_and_home(
    caching_proxy, demo, django_capture_on_commit_callbacks
):
    company = Company.objects.filter(live=True, locale__language_code="pl").first()
    company.name = company.name + " S.A."
    with django_capture_on_commit_callbacks(execute=True):
        company.save_revision().publish()
    assert company.url in caching_proxy
    assert company.index_page.url in caching_proxy
    assert "/" in caching_proxy


def test_nothing_is_purged_when_no_cache_is_configured(
    caching_proxy, demo, django_capture_on_commit_callbacks, settings
):
    settings.WAGTAILFRONTENDCACHE = {}
    article = ArticlePage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert caching_proxy == []


def test_anonymous_pages_may_be_shared_by_the_cdn_for_the_configured_time(client, demo, settings):
    settings.FRONTEND_CACHE_SECONDS = 120
    cache_control = client.get("/")["Cache-Control"]
    assert "public" in cache_control and "s-maxage=120" in cache_control and "max-age=0" in cache_control


def test_pages_for_signed_in_readers_are_never_shared(client, demo, settings, django_user_model):
    settings.FRONTEND_CACHE_SECONDS = 120
    client.force_login(django_user_model.objects.create_user("reader", password="a-long-password-1"))
    assert "public" not in client.get("/").get("Cache-Control", "")


def test_pages_are_not_shared_when_no_cdn_is_configured(client, demo, settings):
    settings.FRONTEND_CACHE_SECONDS = 0
    assert "s-maxage" not in client.get("/").get("Cache-Control", "")


def test_document_downloads_are_never_kept_by_shared_caches(client, demo, settings):
    settings.FRONTEND_CACHE_SECONDS = 120
    document = get_document_model().objects.create(title="Regulamin", file=ContentFile(b"%PDF-1.4 test", "reg.pdf"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
