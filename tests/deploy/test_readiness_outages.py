"""An app server through outages of PostgreSQL and Redis: /readyz names what is down, readers get a
short 503 (never a traceback) or the page from the database, and everything recovers within seconds."""

import re
import secrets
import time

import pytest
import requests

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

ARTICLE_PATH = "/aktualnosci/klastry/"
ALL_READY = {"database": "ok", "cache": "ok", "storage": "ok"}
# How long a probe may take to notice an outage, and the app to recover once the service is back.
DETECT_SECONDS = 5
RECOVER_SECONDS = 5


@pytest.fixture(scope="module")
def server(topology):
    with topology.app_server("outages") as server:
        yield server


def uncached_path():
    """The article under a query parameter it does not read: never kept in the page cache, so rendered
    from the database."""
    return f"{ARTICLE_PATH}?probe={secrets.token_hex(6)}"


class Prober:
    """Asks one app server; every answer it gets checks that /healthz stayed 200 meanwhile."""

    def __init__(self, server):
        self.server = server

    def get(self, path):
        self.assert_alive()
        return requests.get(self.server.url(path), timeout=10)

    def assert_alive(self):
        assert requests.get(self.server.url("/healthz"), timeout=5).status_code == 200

    def readiness(self):
        response = self.get("/readyz")
        return response.status_code, response.json()

    def seconds_until(self, condition, limit, what):
        started = time.monotonic()
        while not condition():
            if time.monotonic() - started > limit:
                pytest.fail(f"{what} did not happen within {limit} s")
            time.sleep(0.1)
        return time.monotonic() - started


@pytest.fixture
def prober(server):
    return Prober(server)


@pytest.fixture
def redis_down(topology):
    topology.redis.stop()
    try:
        yield
    finally:
        topology.redis.start()


def test_readyz_reports_everything_ready(prober):
    assert prober.readiness() == (200, ALL_READY)


def test_database_outage_answers_503_without_traceback_and_recovers(topology, prober):
    prober.get(uncached_path())  # a persistent connection is open, as in a server that has been serving
    topology.postgres.stop()
    try:
        prober.seconds_until(
            lambda: prober.readiness() == (503, {**ALL_READY, "database": "error"}),
            DETECT_SECONDS,
            "/readyz reporting the database down",
        )
        page = prober.get(uncached_path())
        assert page.status_code == 503
        assert page.headers["Retry-After"].isdigit()
        assert "Traceback" not in page.text
        assert len(page.content) < 20_000
    finally:
        topology.postgres.start()

    prober.seconds_until(lambda: prober.readiness() == (200, ALL_READY), RECOVER_SECONDS, "/readyz recovering")
    prober.seconds_until(lambda: prober.get(uncached_path()).status_code == 200, RECOVER_SECONDS, "pages recovering")


def test_redis_outage_serves_pages_from_the_database_and_recovers(topology, prober):
    prober.get("/")
    assert prober.get("/").headers["X-Page-Cache"] == "hit"
    topology.redis.stop()
    try:
        prober.seconds_until(
            lambda: prober.readiness() == (503, {**ALL_READY, "cache": "error"}),
            DETECT_SECONDS,
            "/readyz reporting the cache down",
        )
        # Both a page that was in the cache and one that never was are rendered from the database.
        for path, content in (("/", 'id="latest-news-heading"'), (uncached_path(), "Porter")):
            page = prober.get(path)
            assert page.status_code == 200, f"{path} answered {page.status_code} without Redis"
            assert page.headers.get("X-Page-Cache") != "hit"
            assert content in page.text
    finally:
        topology.redis.start()

    prober.seconds_until(lambda: prober.readiness() == (200, ALL_READY), RECOVER_SECONDS, "/readyz recovering")
    prober.seconds_until(lambda: prober.get("/").status_code == 200, RECOVER_SECONDS, "pages recovering")


def test_submission_while_redis_is_down_is_not_a_server_error(prober, redis_down):
    reader = requests.Session()
    form = reader.get(prober.server.url("/en/newsletter/"), timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    data = {"csrfmiddlewaretoken": token, "email": "redis-down@example.com", "language": "en", "topics": ["news"]}

    answer = reader.post(prober.server.url("/en/newsletter/"), data={**data, "consent": "on"}, allow_redirects=False)

    assert answer.status_code < 500
