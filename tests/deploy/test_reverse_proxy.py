"""Behind a real reverse proxy (nginx) the app servers see every reader as the proxy; trusting
exactly that proxy, they key limits and lock-outs by the address it forwards. Two readers are
limited separately, and a forged X-Forwarded-For changes nothing for an attacker."""

import json
import re
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.deploy.services import ReverseProxy, running

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

LOGIN = "/admin/login/"
LIMIT = 5


class FromAddress(HTTPAdapter):
    """Connect from a given loopback address, as a reader on another machine would."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def reader(address):
    session = requests.Session()
    session.mount("http://", FromAddress(address))
    return session


def log_in(session, url, username, password, **headers):
    form = session.get(url, timeout=15, headers=headers)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    return session.post(
        url,
        {"csrfmiddlewaretoken": token, "username": username, "password": password},
        headers=headers,
        allow_redirects=False,
        timeout=15,
    )


@pytest.fixture(scope="module")
def app_servers(topology):
    trust_the_proxy = {"TRUSTED_PROXIES": "127.0.0.1/32", "TRUSTED_PROXY_COUNT": "1"}
    with running(
        topology.app_server("proxied-a", workers=1, **trust_the_proxy),
        topology.app_server("proxied-b", workers=1, **trust_the_proxy),
    ) as servers:
        yield servers


@pytest.fixture(scope="module")
def proxy(topology, app_servers):
    with ReverseProxy(app_servers, topology.log_dir) as proxy:
        yield proxy


@pytest.fixture(autouse=True)
def _no_locks_left(topology):
    """The topology is shared: no lock of these tests may outlive them."""
    yield
    topology.query("DELETE FROM axes_accessattempt RETURNING id")


def test_two_readers_behind_the_proxy_are_limited_separately(topology, proxy, app_servers):
    guesser, colleague = reader("127.0.0.2"), reader("127.0.0.3")
    for n in range(LIMIT):
        log_in(guesser, proxy.url(LOGIN), f"nobody-{n}", "wrong")
    assert log_in(guesser, proxy.url(LOGIN), "nobody-9", "wrong").status_code == 429

    response = log_in(colleague, proxy.url(LOGIN), topology.EDITOR, topology.editor_password)
    assert response.status_code == 302, response.text[:500]
    assert response.headers["Location"] == "/admin/"

    # The access log names each reader, not the proxy they share.
    logged = [
        json.loads(line)
        for server in app_servers
        for line in Path(server.log_path).read_text().splitlines()
        if line.startswith("{") and '"path": "/admin/login/"' in line
    ]
    clients = {(entry["client"], entry["remote"]) for entry in logged}
    assert {("127.0.0.2", "127.0.0.1"), ("127.0.0.3", "127.0.0.1")} <= clients


def test_a_forged_forwarded_for_changes_nothing(topology, proxy, app_servers):
    attacker = reader("127.0.0.4")
    for n in range(LIMIT):
        # A new made-up address each time: nginx appends the real one, and only that one counts.
        log_in(attacker, proxy.url(LOGIN), f"nobody-{n}", "wrong", **{"X-Forwarded-For": f"203.0.113.{n}"})
    response = log_in(attacker, proxy.url(LOGIN), "nobody-9", "wrong", **{"X-Forwarded-For": "198.51.100.1"})
    assert response.status_code == 429
    # Nor does going round the proxy: the app server believes the header only from the proxy.
    direct = log_in(attacker, app_servers[0].url(LOGIN), "nobody-9", "wrong", **{"X-Forwarded-For": "127.0.0.3"})
    assert direct.status_code == 429
    # The right password is refused too while the lock holds.
    response = log_in(attacker, proxy.url(LOGIN), topology.EDITOR, topology.editor_password)
    assert response.status_code == 429
