"""What each app server keeps in memory from published content (cms/cache.py) never outlives a change.

Totals, filter choices, the site frame and the maps are kept under the content generation, in
the shared cache and as a copy in each process. Only the generation is read from the shared
cache, once per request: a publish anywhere moves every server to new keys on its next request.
"""

from unittest import mock

from django.core.cache import caches

import pytest

from articles.models import ArticlePage
from cms.generation import GENERATION_KEY
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def news_total(client):
    return client.get("/aktualnosci/").context["articles"].paginator.count


def test_a_publish_on_another_app_server_is_seen_on_the_next_request(client):
    total = news_total(client)
    article = ArticlePage.objects.live().filter(locale__language_code="pl").first()
    # What another server's publish leaves behind: the database changed, and the generation moved
    # on in the shared cache. This process got no signal, and still holds its copies.
    ArticlePage.objects.filter(pk=article.pk).update(live=False)
    caches["default"].incr(GENERATION_KEY)
    assert news_total(client) == total - 1


def test_a_shared_cache_that_lost_everything_never_brings_back_values_kept_before(client, site_tree):
    total = news_total(client)
    make_article(site_tree["sections"]["news"]["pl"], title="Po restarcie", slug="po-restarcie")  # published
    assert news_total(client) == total + 1
    # Redis restarted empty: the generation starts again, but never at one this process has copies of.
    caches["default"].clear()
    assert news_total(client) == total + 1


@pytest.mark.parametrize(
    "path",
    ["/", "/aktualnosci/", "/klastry/", "/baza-przedsiebiorstw/?size=small", "/szukaj/?q=klaster", "/en/offers/"],
)
def test_a_warm_page_reads_the_shared_cache_at_most_twice(client, path):
    """The generation once, and Wagtail's own list of site roots: everything else is in memory."""
    shared = caches["default"]
    client.get(path)  # the warming visit
    with mock.patch.object(shared, "get", wraps=shared.get) as get:
        assert client.get(path).status_code == 200
    assert get.call_count <= 2, [call.args[0] for call in get.call_args_list]
