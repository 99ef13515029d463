"""/healthz and /readyz for load balancers and orchestrators.

/healthz says the process answers; /readyz says it can serve readers: the database, every cache
and the media storage are reachable. Both are answered before any other middleware, so a probe
needs no allowed Host header, no HTTPS redirect, no session and no page routing.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import connections
from django.http import JsonResponse

from .cache import LocalCopyCache

logger = logging.getLogger(__name__)


def check_databases():
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")


def check_caches():
    # A write and a read, because a cache that ignores its errors (django-redis with
    # IGNORE_EXCEPTIONS) answers "nothing stored" instead of failing.
    for alias in settings.CACHES:
        key, value = f"readyz:{uuid.uuid4().hex}", "ok"
        cache = caches[alias]
        if isinstance(cache, LocalCopyCache):
            continue  # copies in memory of another alias, checked on its own
        cache.set(key, value, timeout=10)
        if cache.get(key) != value:
            raise ConnectionError(f"cache {alias!r} did not keep a value")
        cache.delete(key)


def check_storage():
    # One metadata request (a HEAD on S3); the answer itself does not matter, only that it came.
    default_storage.exists("readyz-probe")


CHECKS = {"database": check_databases, "cache": check_caches, "storage": check_storage}


def readiness():
    report, ready = {}, True
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception:
            logger.warning("Readiness check %s failed", name, exc_info=True)
            report[name] = "error"
            ready = False
        else:
            report[name] = "ok"
        logger.debug("Readiness check %s took %.3f s", name, time.monotonic() - started)
    return ready, report


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return _no_store(JsonResponse({"status": "ok"}))
        if request.path == "/readyz":
            ready, report = readiness()
            return _no_store(JsonResponse(report, status=200 if ready else 503))
        return self.get_response(request)
