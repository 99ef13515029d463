"""HTTP behaviour of the API: caching validators and 304s, read-only methods, CORS for downstream sites."""

import datetime
import os
import subprocess
import sys

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.http import http_date

import pytest

from articles.models import ArticleIndexPage
from cms.generation import GENERATION_KEY
from tests.factories import OfferFactory, make_article

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/articles/",
    "/api/clusters/",
    "/api/companies/",
    "/api/offers/",
    "/api/sectors/",
    "/api/images/",
    "/api/documents/",
    "/api/articles/by-slug/klastry/",
    "/api/openapi.json",
    "/api/",
]
DOWNSTREAM = "https://klaster.example.com"


@pytest.fixture
def news(demo):
    return ArticleIndexPage.objects.get(locale__language_code="pl")


def microseconds(moment):
    """The content generation is the time of the last change, in microseconds."""
    return int(moment.timestamp() * 1_000_000)


@pytest.fixture
def earlier_change():
    """Content last changed a minute ago, so that a change now moves Last-Modified visibly forward."""
    cache.set(GENERATION_KEY, microseconds(timezone.now() - datetime.timedelta(minutes=1)), timeout=None)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_answer_carries_validators_and_public_cache_control(client, demo, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and len(response["ETag"]) > 20
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == f"public, max-age={settings.API_CACHE_MAX_AGE}"
    assert "Accept-Language" not in response.get("Vary", "")


@pytest.mark.parametrize("path", ENDPOINTS)
def test_unchanged_answer_is_304_for_its_etag(client, demo, path):
    first = client.get(path)
    again = client.get(path, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]


def test_etag_changes_as_soon_as_an_article_is_published(client, news):
    first = client.get("/api/articles/", {"locale": "pl"})
    make_article(news, title="Świeża wiadomość", slug="swieza")
    fresh = client.get("/api/articles/", {"locale": "pl"}, headers={"If-None-Match": first["ETag"]})
    assert fresh.status_code == 200
    assert fresh["ETag"] != first["ETag"]
    assert "Świeża wiadomość" in [item["title"] for item in fresh.json()["items"]]


def test_etag_changes_when_an_offer_is_published_or_unpublished(client, site_tree):
    offer = OfferFactory(live=False)
    before = client.get("/api/offers/")["ETag"]
    offer.save_revision().publish()
    published = client.get("/api/offers/")["ETag"]
    assert published != before
    offer.refresh_from_db()
    offer.unpublish()
    assert client.get("/api/offers/")["ETag"] == before


def test_if_modified_since_is_304_until_content_changes(client, news, earlier_change):
    first = client.get("/api/articles/")
    modified = first["Last-Modified"]
    assert client.get("/api/articles/", headers={"If-Modified-Since": modified}).status_code == 304
    make_article(news, title="Nowość", slug="nowosc")
    changed = client.get("/api/articles/", headers={"If-Modified-Since": modified})
    assert changed.status_code == 200
    assert changed["Last-Modified"] != modified


def test_last_modified_is_never_before_today(client, demo):
    cache.set(GENERATION_KEY, microseconds(timezone.now() - datetime.timedelta(days=30)), timeout=None)
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    # An offer leaves the API the day after its last valid day, without anyone publishing.
    assert client.get("/api/offers/")["Last-Modified"] == http_date(midnight.timestamp())


def test_max_age_comes_from_the_settings(client, demo, settings):
    settings.API_CACHE_MAX_AGE = 300
    assert client.get("/api/sectors/")["Cache-Control"] == "public, max-age=300"


def test_errors_are_not_marked_cacheable(client, demo):
    for path in ("/api/articles/999999/", "/api/articles/?limit=0"):
        response = client.get(path)
        assert response.status_code in (400, 404)
        assert "public" not in response.get("Cache-Control", "")
        assert "ETag" not in response


def test_head_answers_headers_without_a_body(client, demo):
    get = client.get("/api/clusters/")
    head = client.head("/api/clusters/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Length"] == str(len(get.content))


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, demo, method):
    response = getattr(client, method)("/api/articles/", data={}, content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json() == {"detail": "The API is read-only."}


def test_options_names_the_allowed_methods(client, demo):
    response = client.options("/api/articles/")
    assert response.status_code == 204
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.fixture
def downstream(settings):
    settings.CORS_ALLOWED_ORIGINS = [DOWNSTREAM]


def test_allowed_origin_gets_cors_headers_on_answers_and_304s(client, demo, downstream):
    response = client.get("/api/articles/", headers={"Origin": DOWNSTREAM})
    assert response["Access-Control-Allow-Origin"] == DOWNSTREAM
    assert {"etag", "last-modified"} <= {
        h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")
    }
    assert "origin" in response["Vary"].lower()
    not_modified = client.get("/api/articles/", headers={"Origin": DOWNSTREAM, "If-None-Match": response["ETag"]})
    assert not_modified.status_code == 304
    assert not_modified["Access-Control-Allow-Origin"] == DOWNSTREAM


def test_preflight_allows_reading_only(client, demo, downstream):
    response = client.options(
        "/api/articles/",
        headers={
            "Origin": DOWNSTREAM,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == DOWNSTREAM
    methods = {method.strip() for method in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


def test_other_origins_and_other_paths_get_no_cors_headers(client, demo, downstream):
    other = client.get("/api/articles/", headers={"Origin": "https://evil.example.net"})
    assert other.status_code == 200
    assert "Access-Control-Allow-Origin" not in other
    site = client.get("/aktualnosci/", headers={"Origin": DOWNSTREAM})
    assert "Access-Control-Allow-Origin" not in site


def test_allowed_origins_come_from_the_environment():
    code = "import django; django.setup(); from django.conf import settings; print(settings.CORS_ALLOWED_ORIGINS)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    env["API_CORS_ALLOWED_ORIGINS"] = "https://a.example.com, https://b.example.com"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert result.stdout.strip() == "['https://a.example.com', 'https://b.example.com']", result.stderr
    env.pop("API_CORS_ALLOWED_ORIGINS")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert result.stdout.strip() == "[]", result.stderr
