"""Fast, isolated test settings; the database still comes from DATABASE_URL (SQLite or PostgreSQL)."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# One folder per pytest-xdist worker: each removes its own when it ends, never another's files.
MEDIA_ROOT = BASE_DIR / ".test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Off by default so each test sees its own data; the page cache tests switch it on.
PAGE_CACHE_SECONDS = 0
API_RESPONSE_CACHE_SECONDS = 0
# Demo content (`manage.py load_demo`): for developers and tests, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
