"""Production: every value from the environment, and no start without a real secret key.

Any number of app servers run these settings side by side. Nothing lives on one server: the
database is PostgreSQL (DATABASE_URL), cache and sessions are in Redis (REDIS_URL), media are in
an S3-compatible bucket (AWS_STORAGE_BUCKET_NAME, see base.py), static files are collected at
deploy time and served by each app server through WhiteNoise under hashed names.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 32 or SECRET_KEY.startswith(("dev-", "test-", "django-insecure")):
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 32 characters.")

DEBUG = env_bool("DEBUG", False)  # noqa: F405

# ---------------------------------------------------------------------------------------------
# HTTPS behind a load balancer or proxy that terminates TLS and sets X-Forwarded-Proto.
# ---------------------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)  # noqa: F405
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)  # noqa: F405
# Joining the browsers' preload list is a decision for the agency's domain owner, not a default.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True

# ---------------------------------------------------------------------------------------------
# Database: persistent connections, checked before reuse, and a short connect timeout so that
# an outage answers 503 within seconds instead of holding every worker.
# ---------------------------------------------------------------------------------------------
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(  # noqa: F405
        os.environ.get("DB_CONNECT_TIMEOUT", "3")
    )

# ---------------------------------------------------------------------------------------------
# Cache and sessions in Redis, shared by every app server. The cache may lose everything at any
# time (pages are rendered again, rate limits start over); sessions live in their own Redis
# database so that emptying the cache never signs anyone out.
# ---------------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if not REDIS_URL:
    # Per-process caches would each keep their own generation: after a publish, the other workers
    # would go on serving old pages, totals and Last-Modified dates.
    raise ImproperlyConfigured("Set REDIS_URL: app servers need a shared cache (redis://host:6379/0).")


def next_redis_database(url):
    """redis://host:6379/0 -> redis://host:6379/1: sessions beside the cache, never flushed with it."""
    scheme_and_host, _, database = url.rstrip("/").rpartition("/")
    if "//" not in scheme_and_host or not database.isdigit():
        return url.rstrip("/") + "/1"
    return f"{scheme_and_host}/{int(database) + 1}"


REDIS_SESSIONS_URL = os.environ.get("REDIS_SESSIONS_URL") or next_redis_database(REDIS_URL)
_redis_options = {
    "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "1")),
    "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "1")),
}
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
        # A cache outage must not take the site down: reads miss, writes are dropped, and
        # /readyz reports the cache as not ready.
        "OPTIONS": {**_redis_options, "IGNORE_EXCEPTIONS": True},
    },
    "sessions": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_SESSIONS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal") + "-sessions",
        "TIMEOUT": None,
        "OPTIONS": _redis_options,
    },
    "content": CONTENT_CACHE,  # noqa: F405
}
# An outage would log a traceback for every cache call; /readyz reports it once per probe.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
SESSION_CACHE_ALIAS = "sessions"

# ---------------------------------------------------------------------------------------------
# Static files: `manage.py collectstatic` at deploy time; WhiteNoise serves them with hashed
# names and far-future caching, compressed, from every app server (or behind the CDN).
# ---------------------------------------------------------------------------------------------
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
# Templates only ever link the hashed names; keeping the others doubles the work of collectstatic.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True  # noqa: F405
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE.insert(_after_security, "whitenoise.middleware.WhiteNoiseMiddleware")

# ---------------------------------------------------------------------------------------------
# Logs: one JSON object per line on stderr, for the platform's log collector.
# ---------------------------------------------------------------------------------------------
if os.environ.get("LOG_FORMAT", "json") == "json":
    LOGGING["formatters"] = {  # noqa: F405
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            # ISO 8601 in UTC: log lines from servers in any time zone sort and compare.
            "timestamp": "time",
        }
    }
    LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
