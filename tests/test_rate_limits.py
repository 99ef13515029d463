"""Limits on forms count the last window of time, also across the end of a counting period."""

from django.core.cache import cache

import pytest

from cms.abuse import over_limit

WINDOW = 600  # ten minutes, as the sign-up limit


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_burst_across_the_end_of_a_period_is_still_limited():
    period_end = 1_000 * WINDOW
    assert not any(over_limit("signup:ip", 5, WINDOW, now=period_end - 2) for _ in range(5))
    # A second later, in the next period: the five are still within the last ten minutes.
    assert over_limit("signup:ip", 5, WINDOW, now=period_end + 1)


def test_hits_older_than_the_window_no_longer_count():
    start = 1_000 * WINDOW
    for _ in range(5):
        over_limit("signup:ip", 5, WINDOW, now=start + 1)
    assert over_limit("signup:ip", 5, WINDOW, now=start + 2)
    assert not over_limit("signup:ip", 5, WINDOW, now=start + 2 * WINDOW + 1)


def test_each_key_has_its_own_count():
    now = 1_000 * WINDOW + 10
    for _ in range(6):
        over_limit("signup:198.51.100.1", 5, WINDOW, now=now)
    assert not over_limit("signup:198.51.100.2", 5, WINDOW, now=now)
