"""The client's address, which every limit and lock-out is keyed by: X-Forwarded-For counts only
through the proxies the deployment trusts."""

from django.test import RequestFactory

import pytest

from cms.abuse import client_address, client_ip


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.fixture
def no_proxy(settings):
    settings.TRUSTED_PROXIES = []
    settings.TRUSTED_PROXY_COUNT = 0
    return settings


@pytest.fixture
def proxy_network(no_proxy):
    no_proxy.TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]
    return no_proxy


@pytest.fixture
def one_proxy(no_proxy):
    no_proxy.TRUSTED_PROXY_COUNT = 1
    return no_proxy


def test_without_trusted_proxies_the_header_is_ignored(no_proxy):
    assert client_ip(request_from("198.51.100.7", "203.0.113.5")) == "198.51.100.7"


def test_one_trusted_proxy_gives_the_address_it_appended(one_proxy):
    assert client_ip(request_from("10.0.0.2", "203.0.113.5")) == "203.0.113.5"


def test_with_a_count_the_client_cannot_push_its_own_entry_to_the_right(one_proxy):
    # The client sent "X-Forwarded-For: 192.0.2.1"; the proxy appended the address it saw.
    assert client_ip(request_from("10.0.0.2", "192.0.2.1, 203.0.113.5")) == "203.0.113.5"


def test_two_trusted_proxies_count_two_from_the_right(no_proxy):
    no_proxy.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.3", "192.0.2.1, 203.0.113.5, 10.0.0.2")) == "203.0.113.5"


def test_a_request_that_skipped_a_proxy_gives_the_connecting_address(no_proxy):
    no_proxy.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.3", "203.0.113.5")) == "10.0.0.3"


def test_trusted_networks_skip_our_proxies_from_the_right(proxy_network):
    assert client_ip(request_from("10.0.0.3", "192.0.2.1, 203.0.113.5, 10.0.0.2")) == "203.0.113.5"


def test_forged_header_from_a_client_that_is_not_a_trusted_proxy_changes_nothing(proxy_network):
    assert client_ip(request_from("198.51.100.7", "10.0.0.9")) == "198.51.100.7"
    assert client_ip(request_from("198.51.100.7", "203.0.113.5")) == "198.51.100.7"


def test_networks_and_count_together_need_both(proxy_network):
    proxy_network.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", "192.0.2.1, 203.0.113.5")) == "203.0.113.5"
    assert client_ip(request_from("198.51.100.7", "192.0.2.1, 203.0.113.5")) == "198.51.100.7"


@pytest.mark.parametrize("forwarded", ["", "   ", ",", "not-an-address", "203.0.113.5:443", "999.1.1.1"])
def test_malformed_header_falls_back_to_the_connecting_address(one_proxy, forwarded):
    assert client_ip(request_from("10.0.0.2", forwarded)) == "10.0.0.2"


def test_malformed_entry_between_our_proxies_falls_back_to_the_connecting_address(proxy_network):
    assert client_ip(request_from("10.0.0.3", "203.0.113.5, bogus, 10.0.0.2")) == "10.0.0.3"


def test_missing_header_behind_a_trusted_proxy_gives_the_proxy(proxy_network):
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"


def test_ipv6_clients_and_proxies(proxy_network):
    assert client_ip(request_from("fd00::2", "2001:db8::1")) == "2001:db8::1"
    assert client_ip(request_from("fd00::2", "[2001:DB8::0:1]")) == "2001:db8::1"
    assert client_ip(request_from("2001:db8::7", "203.0.113.5")) == "2001:db8::7"


def test_ipv4_mapped_addresses_read_as_ipv4(no_proxy):
    assert client_ip(request_from("::ffff:198.51.100.7")) == "198.51.100.7"


def test_no_usable_connecting_address_gives_none(one_proxy):
    assert client_address({}) is None
    assert client_address({"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}) is None
