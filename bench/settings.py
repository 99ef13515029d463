"""Benchmark settings: production as it is, plus /bench/trivial/, an opt-in SQL query counter and the demo app.

Everything else (database, Redis, page cache, WhiteNoise, logging) comes from the environment
exactly as on a server, so the numbers are those of the production stack.
"""

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# Outermost, so that it also counts what the page cache and the API middleware cost. It does
# nothing unless a request asks for it (bench/pages.py's counting pass, never the timed runs).
MIDDLEWARE = ["bench.query_count.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405

# The same hashed names in every page, without the compressed copies (.gz, .br) that WhiteNoise
# would make for each file: no benchmark request asks for them, and making them takes minutes.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}  # noqa: F405

# The demo content app, no longer in production settings: bench/databases.py seeds each scale's
# database with its `manage.py load_demo --scale`.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
