"""Gunicorn, the production app server: `gunicorn cms.wsgi` reads this file from the working directory.

Every value can be changed from the environment (GUNICORN_*), so the same image runs on a small
VM and on a large node. Logs go to stderr as JSON lines, like Django's own.
"""

import multiprocessing
import os

from gunicorn import glogging

wsgi_app = "cms.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - the load balancer connects from outside
# Workers are processes; rendering is CPU-bound, so about two per core. Threads help while a
# request waits on PostgreSQL, Redis or the bucket.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then, so a slow leak in any library never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# The load balancer or proxy in front sets X-Forwarded-*; list its addresses (or "*" on a private network).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load the application once in the master: workers fork with Django already imported.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in {"1", "true", "yes", "on"}

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


class JsonAccessLogger(glogging.Logger):
    """One JSON object per request, with the fields as fields (a format string cannot escape quotes)."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        # Imported here: the workers have set Django up by the time they answer a request.
        from cms.abuse import client_address

        atoms = self.atoms(resp, req, environ, request_time)
        self.access_log.info(
            "request",
            extra={
                # The client as every limit sees it, through the trusted proxies; "remote" is the
                # address that connected (the proxy, behind one).
                "client": client_address(environ),
                "remote": atoms["h"],
                "method": atoms["m"],
                "path": atoms["U"],
                "query": atoms["q"],
                "status": getattr(resp, "status_code", None) or atoms["s"],
                "bytes": atoms["B"],
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                "user_agent": atoms["a"],
                "request_id": environ.get("HTTP_X_REQUEST_ID", ""),
            },
        )


logger_class = JsonAccessLogger
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            # ISO 8601 in UTC: log lines from servers in any time zone sort and compare.
            "timestamp": "time",
        },
    },
    "handlers": {
        "error": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        "access": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
    },
    # Gunicorn merges this into its defaults one level deep: its root logger must be replaced too.
    "root": {"level": loglevel.upper(), "handlers": ["error"]},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}


def when_ready(server):
    """Load the search word lists once, in the master, before any worker forks.

    Each worker would otherwise load them on its first search (seconds of CPU), again after
    every recycling, while its other requests wait.
    """
    from cms.text import alternatives, lemma

    for language in ("pl", "en"):
        lemma("klaster", language)
        alternatives("lodz", language)
