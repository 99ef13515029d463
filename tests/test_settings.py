"""Settings come from the environment; production refuses to start without a real secret key."""

import json
import os
import subprocess
import sys
from pathlib import Path

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


def printed_in_development(code, unset, **env):
    """What `code` prints in a fresh process of the development settings, with the variables starting with
    `unset` taken out of the environment and `env` put in."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(unset)}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**environment, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    ).stdout.strip()


@pytest.mark.parametrize("secret", ["", "short", "dev-only-key-never-used-in-production-at-all"])
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    result = import_settings("cms.settings.production", SECRET_KEY=secret)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key_database_url_and_shared_cache():
    result = import_settings(
        "cms.settings.production",
        SECRET_KEY="k" * 50,
        DATABASE_URL="postgres://portal@db.example.org:5432/portal",
        REDIS_URL="redis://cache.example.org:6379/0",
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
    code = "from django.core.files.storage import storages; print(type(storages['default']).__name__)"
    s3 = {"AWS_STORAGE_BUCKET_NAME": "media", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}
    assert printed_in_development(code, unset="AWS_") == "FileSystemStorage"
    assert printed_in_development(code, unset="AWS_", **s3) == "MediaStorage"


def test_polish_is_the_default_language_and_english_the_second():
    assert settings.LANGUAGE_CODE == "pl"
    assert settings.TIME_ZONE == "Europe/Warsaw"
    assert [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES] == ["pl", "en"]


PRODUCTION_ENV = {
    "SECRET_KEY": "k" * 50,
    "DATABASE_URL": "postgres://portal@db.example.org:5432/portal",
    "REDIS_URL": "redis://cache.example.org:6379/0",
}


def test_production_refuses_to_start_without_a_shared_cache():
    result = import_settings("cms.settings.production", SECRET_KEY="k" * 50, REDIS_URL="")
    assert result.returncode != 0
    assert "Set REDIS_URL" in result.stderr


def test_production_never_installs_the_demo_content():
    result = run_with_production_settings("from django.apps import apps; print(apps.is_installed('demo'))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_release_id_comes_from_the_environment_or_else_from_the_code(tmp_path):
    from cms.release import code_fingerprint, release_id

    (tmp_path / "views.py").write_text("A = 1\n")
    before = code_fingerprint(tmp_path)
    (tmp_path / "views.py").write_text("A = 2\n")
    assert code_fingerprint(tmp_path) != before
    assert release_id(tmp_path, environ={"RELEASE_ID": "4f2a9c1"}) == "4f2a9c1"
    assert release_id(tmp_path, environ={}) == code_fingerprint(tmp_path)


def run_with_production_settings(code, **env):
    environment = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "REDIS_URL")}
    environment.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="cms.settings.production")
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_production_keeps_cache_and_sessions_in_redis_and_static_files_in_whitenoise():
    result = run_with_production_settings(
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['sessions']['LOCATION'], s.SESSION_ENGINE, "
        "s.SESSION_CACHE_ALIAS, s.STORAGES['staticfiles']['BACKEND'], "
        "s.MIDDLEWARE[s.MIDDLEWARE.index('django.middleware.security.SecurityMiddleware') + 1], "
        "s.DATABASES['default']['CONN_HEALTH_CHECKS'], s.DATABASES['default']['OPTIONS']['connect_timeout'])",
        REDIS_URL="redis://cache.example.org:6379/0",
        REDIS_SESSIONS_URL="redis://cache.example.org:6379/1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django_redis.cache.RedisCache",
        "redis://cache.example.org:6379/1",
        "django.contrib.sessions.backends.cache",
        "sessions",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "True",
        "3",
    ]


def test_production_logs_are_one_json_object_per_line():
    result = run_with_production_settings(
        "import logging; logging.getLogger('registry').warning('Import of %s failed: \"%s\"', 'firmy.csv', 'bad NIP')"
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["level"] == "WARNING"
    assert line["logger"] == "registry"
    assert line["message"] == 'Import of firmy.csv failed: "bad NIP"'
    assert line["time"].endswith("+00:00")  # ISO 8601, UTC


def test_gunicorn_configuration_loads_the_application():
    environment = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    environment.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="cms.settings.production")
    result = subprocess.run(  # noqa: S603
        [str(Path(sys.executable).parent / "gunicorn"), "--check-config", "-c", "gunicorn.conf.py"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_search_pages_exact_count_limit_comes_from_the_environment():
    code = "from django.conf import settings; print(settings.SEARCH_EXACT_COUNT_LIMIT)"
    unset = "SEARCH_EXACT_COUNT_LIMIT"
    assert printed_in_development(code, unset=unset, SEARCH_EXACT_COUNT_LIMIT="100") == "100"
    assert printed_in_development(code, unset=unset) == "1000"
