"""Local development: debug on, a throwaway key, e-mail printed to the console."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-key-never-used-in-production")  # noqa: S105
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
API_RESPONSE_CACHE_SECONDS = int(os.environ.get("API_RESPONSE_CACHE_SECONDS", "0"))
# Demo content (`manage.py load_demo`): for developers and tests, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
