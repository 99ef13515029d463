"""Each layer kept below the whole-page cache can be switched off (CACHE_LAYERS_OFF, as bench/run
does to measure it): readers then get the same pages, at the cost of more queries."""

from unittest import mock

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.generation import LAYERS

pytestmark = pytest.mark.django_db

PATHS = [
    "/",
    "/aktualnosci/",
    "/aktualnosci/klastry/",
    "/klastry/",
    "/klastry/bydgoski-klaster-przemyslowy/",
    "/baza-przedsiebiorstw/?size=small",
    "/baza-przedsiebiorstw/solarwro/",
    "/baza-ofert/",
    "/szukaj/?q=klaster",
    "/api/articles/?locale=pl",
]


def visit(client):
    """Each page's content after a warming visit, and the queries of the second visits together."""
    pages, count = {}, 0
    for path in PATHS:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        pages[path], count = response.content, count + len(queries.captured_queries)
    return pages, count


# Local copies are a cache alias, chosen when the settings load; bench/run starts a server per layer.
@pytest.mark.parametrize("layer", [layer for layer in LAYERS if layer != "local_copies"])
def test_a_page_reads_the_same_with_a_layer_switched_off(client, demo, settings, layer):
    kept, queries_with_layer = visit(client)
    settings.CACHE_LAYERS_OFF = frozenset({layer})
    computed, queries_without = visit(client)
    for path in PATHS:
        assert computed[path] == kept[path], path
    # The fragments save rendering, not queries (see the next test).
    if layer != "fragments":
        assert queries_without > queries_with_layer


def fragment_timeouts(client, path):
    """The timeouts with which rendering `path` stores template fragments in the shared cache."""
    shared, written = caches["default"], []

    def record(key, value, timeout=None, *args, **kwargs):
        written.append((key, timeout))

    with mock.patch.object(shared, "set", side_effect=record):
        assert client.get(path).status_code == 200
    return [timeout for key, timeout in written if key.startswith("template.cache.")]


def test_fragments_switched_off_are_rendered_and_not_kept(client, demo, settings):
    kept = fragment_timeouts(client, "/klastry/")
    assert kept and all(timeout > 0 for timeout in kept)
    caches["default"].clear()
    caches["content"].clear()
    settings.CACHE_LAYERS_OFF = frozenset({"fragments"})
    timeouts = fragment_timeouts(client, "/klastry/")
    assert timeouts and all(timeout == 0 for timeout in timeouts)  # 0: Django's cache keeps nothing
