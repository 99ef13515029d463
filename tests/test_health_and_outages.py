"""Load balancers ask /healthz and /readyz; a database outage is a 503 with Retry-After, never a traceback."""

import socket

from django.db import OperationalError
from django.test import override_settings

import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError

from home.models import HomePage

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unreachable_redis_cache():
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": True},
    }


def test_healthz_answers_any_host_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_reports_database_cache_and_storage_ready(client):
    response = client.get("/readyz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "storage": "ok"}


def test_readyz_reports_an_unreachable_cache_as_not_ready(client, settings):
    # django-redis ignores errors so the site keeps serving; readiness must still see them.
    settings.CACHES = {**settings.CACHES, "sessions": unreachable_redis_cache()}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error", "storage": "ok"}


def test_readyz_reports_a_failing_database_as_not_ready(client, monkeypatch):
    # Stopping the real server is tested in tests/deploy/test_readiness_outages.py.
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_readyz_reports_an_unreachable_storage_as_not_ready(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "media",
                "endpoint_url": f"http://127.0.0.1:{closed_port()}",
                "access_key": "x",
                "secret_key": "x",
                "region_name": "us-east-1",
                "client_config": Config(connect_timeout=0.5, read_timeout=0.5, retries={"max_attempts": 0}),
            },
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["storage"] == "error"


@pytest.mark.parametrize(
    ("path", "language", "text"),
    [("/", "pl", "Serwis chwilowo niedostępny"), ("/en/", "en", "Service temporarily unavailable")],
)
def test_database_outage_answers_503_with_retry_after_in_the_readers_language(
    client, monkeypatch, demo, path, language, text
):
    def outage(self, request, *args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(HomePage, "get_context", outage)
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert f'<html lang="{language}"' in html and text in html
    assert "5432" not in html and "Traceback" not in html


def test_unreachable_media_storage_answers_503_too(client, monkeypatch, demo):
    def outage(self, request, *args, **kwargs):
        raise EndpointConnectionError(endpoint_url="http://storage.internal:9000/media")

    monkeypatch.setattr(HomePage, "get_context", outage)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert "storage.internal" not in response.content.decode()


def test_other_failures_stay_server_errors(client, monkeypatch, demo):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(HomePage, "get_context", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.deploy  # needs the Redis server on 127.0.0.1:6379
@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "sessions": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/9"},
    },
    SESSION_ENGINE="django.contrib.sessions.backends.cache",
    SESSION_CACHE_ALIAS="sessions",
)
def test_sessions_live_in_redis_so_any_app_server_knows_the_reader(client, django_user_model):
    import redis

    client.force_login(django_user_model.objects.create_user("editor", password="a-long-password-1"))
    session_key = client.cookies["sessionid"].value
    keys = [key.decode() for key in redis.Redis(port=6379, db=9).keys(f"*{session_key}*")]
    assert keys, "the session is not in Redis"
    redis.Redis(port=6379, db=9).delete(*keys)
