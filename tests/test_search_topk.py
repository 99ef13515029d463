"""The search page finds its best matches and counts without ranking every match, and shows what ranking all would.

On SQLite and PostgreSQL alike: each kind's first results are those search_queryset (the API's
ranking of every match) gives, in its order and with its scores; counts are the public matches
only; above SEARCH_EXACT_COUNT_LIMIT a kind's count reads "over …". On PostgreSQL, a query the
kept scores do not cover ranks offers and services (one model) once for both, the index of each
kind's words exists after migrate, and the planner settings the search page makes do not outlive it.
"""

import datetime
import re

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from wagtail.models import Locale, PageViewRestriction

import pytest

from articles.models import ArticlePage
from registry.models import Offer
from search.queries import KINDS, KINDS_BY_SLUG, SCORE, parse, search_queryset, search_site
from search.topk import count_matches, index_match, top_matches
from tests.factories import CompanyFactory, OfferFactory, make_article

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)
NO_KEPT_RANKINGS = override_settings(CACHE_LAYERS_OFF=frozenset({"search_rankings"}))


def polish():
    return Locale.objects.get(language_code="pl")


def ranked_in_full(kind, query, stop):
    """What ranking every match gives: search_queryset, as the API uses it."""
    return [(item.pk, getattr(item, SCORE)) for item in search_queryset(kind.public(polish()), query, polish())[:stop]]


def merged_in_full(text, stop):
    """The search page's first results as ranking every match of every kind and merging by score gives them."""
    query = parse(text, polish())
    candidates = [
        (-score, order, position, kind.slug, pk)
        for order, kind in enumerate(KINDS)
        for position, (pk, score) in enumerate(ranked_in_full(kind, query, stop))
    ]
    return [(slug, pk) for *_rank, slug, pk in sorted(candidates)[:stop]]


def shown(text, stop):
    results = search_site(text, polish())
    return [(hit.kind.slug, hit.item.pk) for hit in results[:stop]]


@pytest.fixture
def many_offers(site_tree):
    """300 offers and services matching "współpraca" in their titles, bodies or both, with scores that tie."""
    company = CompanyFactory(name="Kooperanci Sp. z o.o.")
    for number in range(300):
        kind = Offer.Kind.SERVICE if number % 4 == 0 else Offer.Kind.BUSINESS_OFFER
        if number % 3 == 0:
            title, summary = f"Współpraca przy projekcie {number}", "Szukamy partnera."
        elif number % 3 == 1:
            title, summary = f"Projekt numer {number}", "Współpraca z partnerem, współpraca długoterminowa."
        else:
            title, summary = f"Współpraca i współpraca {number}", "Współpraca w regionie."
        OfferFactory(title=title, summary=summary, kind=kind, company=company)


@NO_KEPT_RANKINGS
def test_the_first_results_of_many_matches_are_those_ranking_every_match_gives(many_offers):
    for text in ("współpraca", "współpracy partner", "projekt"):
        query = parse(text, polish())
        for slug in ("offers", "services"):
            kind = KINDS_BY_SLUG[slug]
            count = count_matches(kind.public(polish()), query, polish(), 1000)
            assert count == search_queryset(kind.public(polish()), query, polish()).count(), text
            for stop in (10, 30):
                best = top_matches(kind.public(polish()), query, polish(), stop)
                assert [(item.pk, getattr(item, SCORE)) for item in best] == ranked_in_full(kind, query, stop), text
        assert shown(text, 10) == merged_in_full(text, 10), text
        assert shown(text, 30) == merged_in_full(text, 30), text


DEMO_QUERIES = ["klaster", "przedsiębiorstwa", "torun", "usługi energetyczne", "lodz przedsiebiorstwa"]


@NO_KEPT_RANKINGS
@pytest.mark.parametrize("text", DEMO_QUERIES)
def test_the_demo_content_is_shown_in_the_order_ranking_every_match_gives(demo, text):
    assert shown(text, 20) == merged_in_full(text, 20)


@NO_KEPT_RANKINGS
def test_counts_per_kind_are_the_public_matches_only(site_tree):
    news = site_tree["sections"]["news"]["pl"]
    make_article(news, title="Hydroponika w szklarniach")
    make_article(news, title="Hydroponika w szkicu", live=False)
    private = make_article(news, title="Hydroponika dla członków")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="tajne")
    OfferFactory(title="Hydroponika: szukamy partnera")
    OfferFactory(title="Hydroponika: oferta wygasła", valid_until=YESTERDAY)
    OfferFactory(title="Hydroponika: szkic oferty", live=False)
    OfferFactory(title="Hydroponika: firma w szkicu", company=CompanyFactory(live=False))
    OfferFactory(title="Hydroponika: usługa doradcza", kind=Offer.Kind.SERVICE)
    OfferFactory(title="Hydroponika: druga usługa", kind=Offer.Kind.SERVICE)
    OfferFactory(title="Hydroponika: hydroponics in English", locale=Locale.objects.get(language_code="en"))

    counts = {kind.slug: count for kind, count in search_site("hydroponika", polish()).counts.items()}

    assert counts == {"news": 1, "clusters": 0, "companies": 0, "offers": 1, "services": 2}


@NO_KEPT_RANKINGS
def test_public_matches_ranked_below_many_private_ones_are_still_shown_and_counted(site_tree):
    news = site_tree["sections"]["news"]["pl"]
    for number in range(25):
        private = make_article(news, title=f"Hydroponika, hydroponika {number}", lead="Hydroponika dla członków.")
        PageViewRestriction.objects.create(page=private, restriction_type="password", password="tajne")
    lower = [make_article(news, title=f"Szklarnie {number}", lead="Coś o hydroponice.") for number in range(2)]

    results = search_site("hydroponika", polish())

    assert results.counts[KINDS_BY_SLUG["news"]] == 2
    assert {hit.item.pk for hit in results[:10]} == {page.pk for page in lower}


def services_above_every_offer(count=25):
    """More services matching "hydroponika" in their titles than a shared ranking holds: their company."""
    company = CompanyFactory(name="Szklarnie Sp. z o.o.")
    for number in range(count):
        OfferFactory(title=f"Hydroponika, hydroponika {number}", kind=Offer.Kind.SERVICE, company=company)
    return company


@NO_KEPT_RANKINGS
def test_offers_ranked_below_more_services_than_a_shared_ranking_holds_are_still_shown(site_tree):
    company = services_above_every_offer()
    for number in range(2):
        OfferFactory(title=f"Szukamy partnera {number}", summary="Coś o hydroponice.", company=company)
    offers = KINDS_BY_SLUG["offers"]
    query = parse("hydroponika", polish())

    # One result a page: the offers' and services' shared best are 20, all services.
    results = search_site("hydroponika", polish(), kind="offers", per_page=1)

    assert results.counts[offers] == 2
    assert [hit.item.pk for hit in results[:1]] == [pk for pk, _score in ranked_in_full(offers, query, 1)]


@NO_KEPT_RANKINGS
def test_an_offer_ranked_below_many_services_and_below_expired_offers_is_still_shown(site_tree):
    company = services_above_every_offer()
    for number in range(3):
        OfferFactory(title=f"Hydroponika: oferta wygasła {number}", valid_until=YESTERDAY, company=company)
    current = OfferFactory(title="Szukamy partnera", summary="Coś o hydroponice.", company=company)

    # One result a page: the shared best are 20 services, the offers' own best 2 expired offers.
    results = search_site("hydroponika", polish(), kind="offers", per_page=1)

    assert results.counts[KINDS_BY_SLUG["offers"]] == 1
    assert [hit.item.pk for hit in results[:1]] == [current.pk]


def api_offers(client, **params):
    response = client.get("/api/offers/", {"locale": "pl", "fields": "title", **params})
    assert response.status_code == 200, response.content
    answer = response.json()
    return answer["total"], [item["id"] for item in answer["items"]]


def every_match(queryset, text):
    """Every match of `queryset`, ranked in full by search_queryset: what the API's order must be."""
    return [item.pk for item in search_queryset(queryset, text, polish())]


@pytest.mark.parametrize("text", ["współpraca", "współpracy partner", "projekt"])
def test_the_apis_search_pages_are_those_ranking_every_match_gives(client, many_offers, text):
    expected = every_match(Offer.objects.published(polish()), text)
    pages = [api_offers(client, search=text, limit=50, offset=offset) for offset in range(0, 300, 50)]

    assert {total for total, _ids in pages} == {len(expected)}
    assert [pk for _total, ids in pages for pk in ids] == expected


def test_the_apis_search_of_a_query_without_kept_scores_pages_as_ranking_every_match_does(
    client, many_offers, monkeypatch
):
    # A query the kept scores do not cover (search/scores.py's kept_words) matches the index's vectors.
    monkeypatch.setattr("search.topk._kept_words", lambda backend, query: None)
    expected = every_match(Offer.objects.published(polish()), "współpraca projekt")

    pages = [api_offers(client, search="współpraca projekt", limit=50, offset=offset) for offset in (0, 50)]

    assert {total for total, _ids in pages} == {len(expected)}
    assert len(expected) > 50
    assert [pk for _total, ids in pages for pk in ids] == expected[:100]


def test_the_apis_search_counts_and_shows_no_draft_expired_or_unpublished_offer(client, site_tree):
    shown = OfferFactory(title="Hydroponika: szukamy partnera")
    OfferFactory(title="Hydroponika, hydroponika: oferta wygasła", valid_until=YESTERDAY)
    OfferFactory(title="Hydroponika, hydroponika: szkic oferty", live=False)
    OfferFactory(title="Hydroponika, hydroponika: firma w szkicu", company=CompanyFactory(live=False))

    assert api_offers(client, search="hydroponika") == (1, [shown.pk])


def test_the_apis_search_shows_filtered_offers_ranked_below_many_others(client, site_tree):
    # The offers' best matches are all of another voivodeship: those asked for rank further down.
    company = CompanyFactory(name="Szklarnie Sp. z o.o.", voivodeship="mazowieckie")
    for number in range(100):
        OfferFactory(title=f"Hydroponika, hydroponika {number}", company=company)
    near = CompanyFactory(name="Szklarnie Pomorskie", voivodeship="pomorskie")
    lower = [
        OfferFactory(title=f"Szklarnia {number}", summary="Coś o hydroponice.", company=near) for number in range(3)
    ]

    total, ids = api_offers(client, search="hydroponika", voivodeship="pomorskie", limit=2)

    expected = every_match(Offer.objects.published(polish()).filter(company__voivodeship="pomorskie"), "hydroponika")
    assert total == 3
    assert ids == expected[:2]
    assert set(expected) == {offer.pk for offer in lower}


def test_the_apis_search_reads_a_page_past_the_ranked_depth_from_the_full_ranking(client, many_offers, monkeypatch):
    monkeypatch.setattr("search.queries.MAX_RANKED_DEPTH", 60)
    expected = every_match(Offer.objects.published(polish()), "współpraca")

    assert api_offers(client, search="współpraca", limit=20, offset=40) == (len(expected), expected[40:60])
    assert api_offers(client, search="współpraca", limit=20, offset=50) == (len(expected), expected[50:70])


def test_the_apis_search_in_an_order_of_its_own_counts_the_same_matches(client, many_offers):
    expected = every_match(Offer.objects.published(polish()), "projekt")

    total, ids = api_offers(client, search="projekt", order="-id", limit=50)

    assert total == len(expected)
    assert ids == sorted(expected, reverse=True)[:50]


@NO_KEPT_RANKINGS
@override_settings(SEARCH_EXACT_COUNT_LIMIT=3)
def test_a_kind_with_more_matches_than_the_limit_reads_over_the_limit(client, demo):
    html = client.get("/szukaj/", {"q": "klaster"}).content.decode()
    facets = re.sub(r"\s+", " ", html.split('class="search-facets"', 1)[1].split("</nav>", 1)[0])
    assert re.search(r"(over|ponad) 3\)", facets)  # "Klastry (ponad 3)": six clusters match
    assert "(2)" in facets  # exact below the limit: two companies


def companies_above_every_offer():
    """Twelve companies with both words in their names, three offers with them in their summaries only."""
    company = CompanyFactory(name="Hurtownia Sp. z o.o.")
    offers = [
        OfferFactory(title=f"Dostawy {n}", summary="Zeolit i perlit w workach.", company=company) for n in range(3)
    ]
    companies = [CompanyFactory(name=f"Zeolit i perlit {n} Sp. z o.o.") for n in range(12)]
    return companies, offers


def test_a_kind_scoring_below_the_first_page_of_another_still_shows_its_own_best_searched_alone(site_tree):
    companies, offers = companies_above_every_offer()
    offers_kind = KINDS_BY_SLUG["offers"]

    with CaptureQueriesContext(connection) as first_page:
        results = search_site("zeolit perlit", polish())
        hits = results[:10]

    assert [(hit.kind.slug, hit.item.pk) for hit in hits] == merged_in_full("zeolit perlit", 10)
    assert {hit.kind.slug for hit in hits} == {"companies"}
    assert results.counts[offers_kind] == 3
    if connection.vendor == "postgresql":
        # The offers' best were never ranked: their words' kept ranks show none reaches the tenth company.
        ranked = [query["sql"] for query in first_page.captured_queries if "score DESC" in query["sql"]]
        assert ranked and not any("'offers'" in sql for sql in ranked)
    # No empty ranking was kept for offers: searched alone, they are shown.
    alone = search_site("zeolit perlit", polish(), kind="offers")
    assert [hit.item.pk for hit in alone[:10]] == [
        pk for pk, _score in ranked_in_full(offers_kind, parse("zeolit perlit", polish()), 10)
    ]
    assert {hit.item.pk for hit in alone[:10]} == {offer.pk for offer in offers}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's kept ranks (search/scores.py)")
@pytest.mark.parametrize("text", ["zeolit perlit", "zeolit perlit workach", "perlit hurtownia"])
def test_no_match_scores_above_what_its_words_kept_ranks_allow(site_tree, text):
    companies_above_every_offer()
    query = parse(text, polish())
    for kind in KINDS:
        best = ranked_in_full(kind, query, 1)
        if best:
            match = index_match(query, kind.model, kind.slug, 1)
            ((_pk, score),) = best
            assert not match.scores_below(score), (text, kind.slug)
            assert match.scores_below(score * 2 + 1), (text, kind.slug)


@NO_KEPT_RANKINGS
def test_a_search_page_costs_a_fixed_number_of_queries(demo):
    search_site("klaster", polish())[:10]  # content types and locales warm up
    with CaptureQueriesContext(connection) as first_page:
        results = search_site("klaster", polish())
        assert len(results[:10]) == 10
    # A count per kind, the best of each kind that has matches, which of those are public and their
    # rows, and on PostgreSQL the planner's setting set and restored in a savepoint: never one per match.
    assert len(first_page.captured_queries) <= 4 * len(KINDS) + 4


def ranking_statements(captured):
    return [query["sql"] for query in captured if "ts_rank" in query["sql"] and "ORDER BY" in query["sql"]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL ranks every match of a model at once")
@NO_KEPT_RANKINGS
def test_offers_and_services_are_ranked_once_for_both(many_offers, monkeypatch):
    # A query the kept scores do not cover (search/scores.py's kept_words: a phrase, another text
    # search configuration) ranks the vectors of the whole model, once for both kinds.
    monkeypatch.setattr("search.topk._kept_words", lambda backend, query: None)
    with CaptureQueriesContext(connection) as page:
        results = search_site("współpraca projekt", polish())
        hits = results[:10]
    assert {hit.kind.slug for hit in hits} == {"offers", "services"}
    offers = f'"content_type_id" IN ({ContentType.objects.get_for_model(Offer).pk})'
    ranked = [sql for sql in ranking_statements(page.captured_queries) if offers in sql]
    assert len(ranked) == 1  # the offers' matches, for both kinds


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index of each kind's words")
def test_the_index_of_each_kinds_words_exists_after_migrate():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_indexentry_kind_title_body_gin'")
        (definition,) = cursor.fetchone()
    assert "USING gin (content_type_id, ((title || body)))" in definition


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner settings")
@NO_KEPT_RANKINGS
def test_a_search_leaves_the_planner_as_it_found_it(many_offers):
    # Tests run in a transaction, as a request may: a setting made for the search must not outlive it.
    settings = ("enable_seqscan", "enable_hashjoin", "enable_mergejoin", "max_parallel_workers_per_gather")

    def planner():
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(f"current_setting('{name}')" for name in settings))
            return cursor.fetchone()

    before = planner()
    for text in ("współpraca projekt", "współpraca"):  # words merged by item, one word read in order
        search_site(text, polish())[:10]
        assert planner() == before == ("on", "on", "on", before[3])


# A column each kind's rows are read with and no search statement filters on: a statement naming it reads rows.
ROW_COLUMNS = {
    "news": '"articles_articlepage"."lead"',
    "clusters": '"clusters_clusterpage"."short_name"',
    "companies": '"registry_company"."regon"',
    "offers": '"registry_offer"."summary"',
    "services": '"registry_offer"."summary"',
}


@NO_KEPT_RANKINGS
def test_a_first_search_reads_the_rows_of_the_results_it_shows_and_no_others(demo):
    with CaptureQueriesContext(connection) as queries:
        results = search_site("klaster", polish(), per_page=1)
        hits = results[0:1]
    assert len(hits) == 1
    assert sum(1 for kind in KINDS if results.counts[kind]) >= 3  # several kinds were ranked
    read = {slug for slug, column in ROW_COLUMNS.items() if any(column in query["sql"] for query in queries)}
    assert read == {hits[0].kind.slug}


def news_count(text):
    results = search_site(text, polish(), kind="news")
    return results.counts[KINDS_BY_SLUG["news"]], results.over_limit(KINDS_BY_SLUG["news"])


def draft_article(news, title):
    """An article saved as a draft from the start, as an editor's first save makes one: indexed, never live."""
    page = ArticlePage(title=title, lead="Krótki wstęp.", live=False)
    news.add_child(instance=page)
    page.save_revision()
    return page


@NO_KEPT_RANKINGS
@override_settings(SEARCH_EXACT_COUNT_LIMIT=3)
def test_drafts_among_the_matches_never_make_a_count_read_over_the_limit(site_tree):
    news = site_tree["sections"]["news"]["pl"]
    for number in range(2):
        make_article(news, title=f"Zeolit w rolnictwie {number}")
    for number in range(2):
        draft_article(news, f"Zeolit w szkicu {number}")

    # Four articles match, over the limit of three, but only two of them are public.
    assert news_count("zeolit") == (2, False)

    for number in range(2, 4):
        make_article(news, title=f"Zeolit w rolnictwie {number}")

    assert news_count("zeolit") == (4, True)  # "over 3": four public, two drafts
    assert news_count("zeolit rolnictwie") == (4, True)


@NO_KEPT_RANKINGS
@override_settings(SEARCH_EXACT_COUNT_LIMIT=3)
def test_a_count_sees_articles_unpublished_or_drafted_since_the_last_search(site_tree):
    news = site_tree["sections"]["news"]["pl"]
    articles = [make_article(news, title=f"Perlit w ogrodzie {number}") for number in range(4)]
    assert news_count("perlit") == (4, True)

    articles[0].unpublish()
    articles[1].unpublish()

    assert news_count("perlit") == (2, False)

    # Drafts move no content generation, as nothing public changed; the index did.
    for number in range(3):
        draft_article(news, f"Perlit w szkicu {number}")

    assert news_count("perlit") == (2, False)
    assert news_count("perlit ogrodzie") == (2, False)


def news_facet(client, text):
    html = client.get("/szukaj/", {"q": text}).content.decode()
    facets = re.sub(r"\s+", " ", html.split('class="search-facets"', 1)[1].split("</nav>", 1)[0])
    return re.search(r"(?:Aktualności|News) \(([^)]*)\)", facets).group(1)


@NO_KEPT_RANKINGS
@override_settings(SEARCH_EXACT_COUNT_LIMIT=3)
def test_the_page_counts_right_before_and_after_it_counts_the_items_not_public(client, site_tree):
    news = site_tree["sections"]["news"]["pl"]
    for number in range(3):
        make_article(news, title=f"Wermikulit w uprawie {number}")
    for number in range(2):
        draft_article(news, f"Wermikulit w szkicu {number}")

    # The first search after the change counts with a lookup of each match (the items not public are
    # counted after its response); the second with those counts.
    assert news_facet(client, "wermikulit") == "3"
    assert news_facet(client, "wermikulit uprawie") == "3"

    make_article(news, title="Wermikulit w uprawie 3")

    assert news_facet(client, "wermikulit") == "ponad 3"
    assert news_facet(client, "wermikulit uprawie") == "ponad 3"
