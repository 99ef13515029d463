import shutil
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.utils import translation

import pytest
from playwright.sync_api import sync_playwright

from demo.content import load_demo_content
from demo.structure import ensure_site_structure


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own, which reads the groups
def pytest_collection_modifyitems(config, items):
    # Under pytest-xdist (`make test`), the browser tests share one e2e server and database and the
    # production topology tests their services: each set runs whole on one worker, started once.
    for item in items:
        path = item.path.as_posix()
        for group in ("e2e", "deploy"):
            if f"/tests/{group}/" in path:
                item.add_marker(pytest.mark.xdist_group(group))
    # The production topology is PostgreSQL's: those tests start their own servers and run once,
    # in CI's PostgreSQL pass, instead of twice.
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        skip = pytest.mark.skip(reason="production topology tests run with DATABASE_URL=postgres://...")
        for item in items:
            if "deploy" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Database changes roll back after each test; cached fragments must go with them, the copies
    # each process keeps of them ("content") included.
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _polish_by_default():
    # Each test starts like a Polish reader's request, whatever the previous test activated.
    with translation.override("pl"):
        yield


@pytest.fixture(scope="session", autouse=True)
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo portal is loaded once into the test database; each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        load_demo_content()


@pytest.fixture
def site_tree(db):
    """Home pages in Polish and English with every section page, as the demo builds them."""
    homes, sections = ensure_site_structure()
    return {"homes": homes, "sections": sections}


@pytest.fixture
def demo(db):
    """The demo content (loaded once per session by django_db_setup)."""


CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium, never a browser build of Playwright's own; quiet, so a test run makes no outside requests.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# One browser per test module. While Playwright's sync API runs, this thread has an event loop
# running, under which Django refuses database access: a pytest-xdist worker goes on to tests of
# the database after its browser tests, so the browser stops with its module.
@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium).", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
