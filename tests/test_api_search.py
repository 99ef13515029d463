"""/api/search/ is the site's search page as JSON, and /api/search/suggest/ its type-ahead."""

import datetime

from django.db import connection
from django.utils import timezone

from wagtail.models import Locale, PageViewRestriction

import pytest

from api.search import RESOURCES
from registry.models import Offer
from search.queries import MAX_QUERY_LENGTH, search_site
from tests.factories import CompanyFactory, OfferFactory, make_article

pytestmark = pytest.mark.django_db

# A first search: each kind's count, its best matches and their rows, the site's index pages and locales;
# on PostgreSQL, the planner setting for reading the kept scores of its words, set and restored in a savepoint,
# and, after the response of the first search since content changed, each kind's number of items not public
# (search/public.py: the private pages and one count).
FIRST_SEARCH_QUERIES = 16 + (6 if connection.vendor == "postgresql" else 0)
# Repeated until content changes: the rows shown (one query per kind), index pages and locales.
REPEATED_SEARCH_QUERIES = 6
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def search(client, **params):
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content
    return response.json()


def suggested(client, **params):
    response = client.get("/api/search/suggest/", params)
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


def counts(answer):
    return {row["kind"]: row["count"] for row in answer["counts"]}


def titles(answer):
    return {item["title"] for item in answer["items"]}


def news(site_tree):
    return site_tree["sections"]["news"]["pl"]


def test_an_inflected_polish_word_finds_clusters(client, demo):
    answer = search(client, q="klastrów", locale="pl")
    clusters = [item for item in answer["items"] if item["kind"] == "clusters"]
    assert clusters and counts(answer)["clusters"] >= len(clusters)
    hit = clusters[0]
    assert hit["type"] == "cluster" and hit["locale"] == "pl"
    assert "<mark>Klaster</mark>" in hit["title_html"]
    assert hit["url"].endswith(hit["path"]) and hit["path"].startswith("/")
    assert client.get(hit["api_url"]).json()["title"] == hit["title"]


def test_counts_per_kind_and_the_order_are_the_search_pages(client, demo):
    answer = search(client, q="klaster", locale="pl", limit=50)
    site = search_site("klaster", Locale.objects.get(language_code="pl"), per_page=50)
    assert counts(answer) == {kind.slug: count for kind, count in site.counts.items()}
    assert [row["kind"] for row in answer["counts"]] == ["news", "clusters", "companies", "offers", "services"]
    assert answer["total"] == sum(counts(answer).values()) == len(answer["items"])
    assert [(item["type"], item["id"]) for item in answer["items"]] == [
        (RESOURCES[hit.kind.slug][1], hit.item.pk) for hit in site[:50]
    ]


def test_a_kind_narrows_the_results_but_every_kind_is_still_counted(client, demo):
    everything = search(client, q="klaster", locale="pl")
    clusters = search(client, q="klaster", locale="pl", type="clusters", limit=3, offset=1)
    assert counts(clusters) == counts(everything)
    assert clusters["total"] == counts(everything)["clusters"]
    assert {item["kind"] for item in clusters["items"]} == {"clusters"} and len(clusters["items"]) == 3


def test_a_count_over_the_limit_is_shown_as_more_than_the_limit(client, site_tree, settings):
    settings.SEARCH_EXACT_COUNT_LIMIT = 2
    for city in ("Toruniu", "Gdyni", "Łodzi"):
        OfferFactory(title=f"Anodowanie aluminium w {city}")
    answer = search(client, q="anodowanie", locale="pl")
    offers = next(row for row in answer["counts"] if row["kind"] == "offers")
    assert offers == {"kind": "offers", "label": "Oferty", "count": 2, "exact": False}
    assert answer["exact"] is False and answer["total"] == 2


def test_drafts_private_and_expired_items_never_appear(client, site_tree):
    make_article(news(site_tree), title="Hydroponika w szkicu", live=False)
    private = make_article(news(site_tree), title="Hydroponika dla członków")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="tajne")
    OfferFactory(title="Hydroponika wygasła", valid_until=YESTERDAY)
    OfferFactory(title="Hydroponika szkicowej firmy", company=CompanyFactory(name="Hydroponika Sp. z o.o.", live=False))
    OfferFactory(title="Hydroponika kontenerowa", kind=Offer.Kind.SERVICE)
    answer = search(client, q="hydroponika", locale="pl")
    assert titles(answer) == {"Hydroponika kontenerowa"}
    assert counts(answer) == {"news": 0, "clusters": 0, "companies": 0, "offers": 0, "services": 1}
    assert suggested(client, q="hydropon", locale="pl") == {"Hydroponika kontenerowa"}


def test_a_query_of_common_words_only_is_an_empty_result(client, demo):
    answer = search(client, q="i w na", locale="pl")
    assert answer["items"] == [] and answer["total"] == 0 and answer["exact"] is True
    assert set(counts(answer).values()) == {0}


@pytest.mark.parametrize(
    "locale, sentence",
    [("pl", "Zapytanie jest za długie"), ("en", "Your search is too long")],
)
def test_a_too_long_query_is_refused_in_the_language_asked_for(client, demo, locale, sentence):
    response = client.get("/api/search/", {"q": "klaster " * 30, "locale": locale})
    assert response.status_code == 400
    assert response.json()["detail"].startswith(sentence)
    assert str(MAX_QUERY_LENGTH) in response.json()["detail"]


def test_a_missing_query_or_an_unknown_parameter_is_refused(client, demo):
    assert client.get("/api/search/").status_code == 400
    assert client.get("/api/search/", {"q": "klaster", "page": 2}).status_code == 400
    assert client.get("/api/search/", {"q": "klaster", "type": "people"}).status_code == 400


def test_the_type_ahead_completes_a_prefix(client, demo):
    found = suggested(client, q="toru", locale="pl")
    assert "Toruński Klaster Technologii Medycznych" in found
    assert "Optimed Toruń Sp. z o.o." in found
    item = client.get("/api/search/suggest/", {"q": "toru", "locale": "pl"}).json()["items"][0]
    assert set(item) == {"kind", "type", "id", "title", "path", "url", "api_url"}
    assert client.get(item["api_url"]).status_code == 200


def test_the_type_ahead_of_one_letter_suggests_nothing(client, demo):
    assert suggested(client, q="t", locale="pl") == set()


def test_a_search_of_twenty_hits_costs_a_fixed_number_of_queries(client, site_tree, django_assert_max_num_queries):
    for number in range(8):
        make_article(news(site_tree), title=f"Hydraulika siłowa {number}", lead="O hydraulice.")
    for number in range(6):
        CompanyFactory(name=f"Hydraulika Przemysłowa {number} Sp. z o.o.")
        OfferFactory(title=f"Serwis hydrauliki {number}", kind=Offer.Kind.SERVICE)
    with django_assert_max_num_queries(FIRST_SEARCH_QUERIES):
        answer = search(client, q="hydraulika", locale="pl", limit=20)
    assert len(answer["items"]) == 20
    with django_assert_max_num_queries(REPEATED_SEARCH_QUERIES):
        assert search(client, q="hydraulika", locale="pl", limit=20) == answer


def test_both_endpoints_are_documented_with_named_schemas(client, demo):
    document = client.get("/api/openapi.json").json()
    assert document["paths"]["/api/search/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SearchResults"
    }
    assert {"SearchResults", "SearchHit", "KindCount", "SuggestionList", "Suggestion", "SearchKind"} <= set(
        document["components"]["schemas"]
    )
    parameters = {
        parameter["name"]
        for parameter in document["paths"]["/api/search/"]["get"]["parameters"]
        if parameter["in"] == "query"
    }
    assert parameters == {"q", "locale", "type", "limit", "offset"}
