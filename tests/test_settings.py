"""Settings come from the environment; production refuses to start without a real secret key."""

import os
import subprocess
import sys

from django.conf import settings

import pytest


def import_settings(module, **env):
    environment = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    environment.update(env, DJANGO_SETTINGS_MODULE=module)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, cwd=settings.BASE_DIR
    )


@pytest.mark.parametrize("secret", ["", "short", "dev-only-key-never-used-in-production-at-all"])
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    result = import_settings("cms.settings.production", SECRET_KEY=secret)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key_and_database_url():
    result = import_settings(
        "cms.settings.production",
        SECRET_KEY="k" * 50,
        DATABASE_URL="postgres://portal@db.example.org:5432/portal",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_embedded_default_is_a_sqlite_file_in_the_project():
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default'])"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env={**environment, "DJANGO_SETTINGS_MODULE": "cms.settings.dev"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert "sqlite3" in result.stdout and "db.sqlite3" in result.stdout


def test_media_go_to_s3_only_when_a_bucket_is_named():
    code = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "print(type(storages['default']).__name__)"
    )
    base = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    run = lambda env: subprocess.run(  # noqa: E731, S603
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    ).stdout.strip()
    assert run({}) == "FileSystemStorage"
    assert run({"AWS_STORAGE_BUCKET_NAME": "media", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}) == "S3Storage"


def test_polish_is_the_default_language_and_english_the_second():
    assert settings.LANGUAGE_CODE == "pl"
    assert settings.TIME_ZONE == "Europe/Warsaw"
    assert [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES] == ["pl", "en"]
