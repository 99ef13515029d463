"""On SQLite, a search's matches (the API's `search`) are ranked from one pass over the FTS5 table.

The order and scores are the search backend's own; the plan scores every match once, from a
subquery looked up by an automatic index, instead of running the full-text match again per row
(which took over 20 seconds for a broad query at 100,000 items).
"""

from django.db import connection

from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

import pytest

from articles.models import ArticlePage
from registry.models import Offer
from search.queries import SCORE, parse, search_queryset
from tests.factories import CompanyFactory, OfferFactory, make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 plan"),
]


def polish():
    return Locale.objects.get(language_code="pl")


def backends_own_ranking(public, text):
    """(pk, score) of `public`'s matches as Wagtail's search backend ranks them, ties newest first."""
    backend = get_search_backend()
    query = parse(text, polish())
    sign = -1 if getattr(backend, "lower_scores_rank_first", False) else 1
    keep = set(public.values_list("pk", flat=True))
    results = backend.search(query.backend_query(), public.model.objects.all()).annotate_score("backend_score")
    scored = [(item.pk, item.backend_score * sign) for item in results if item.pk in keep]
    return sorted(scored, key=lambda pair: (-pair[1], -pair[0]))


@pytest.fixture
def offers(site_tree):
    company = CompanyFactory(name="Kooperanci Sp. z o.o.")
    for number in range(60):
        kind = Offer.Kind.SERVICE if number % 4 == 0 else Offer.Kind.BUSINESS_OFFER
        if number % 3 == 0:
            title, summary = f"Współpraca przy projekcie {number}", "Szukamy partnera."
        elif number % 3 == 1:
            title, summary = f"Projekt numer {number}", "Współpraca z partnerem, współpraca długoterminowa."
        else:
            title, summary = f"Współpraca i współpraca {number}", "Współpraca w regionie."
        OfferFactory(title=title, summary=summary, kind=kind, company=company)


def test_offers_come_in_the_search_backends_order_with_its_scores(offers):
    public = Offer.objects.published(polish()).cooperation()
    for text in ("współpraca", "projekt partner"):
        ranked = [(offer.pk, getattr(offer, SCORE)) for offer in search_queryset(public, text, polish())]
        assert ranked, text
        assert ranked == backends_own_ranking(public, text), text


def test_articles_come_in_the_search_backends_order_with_its_scores(site_tree):
    news = site_tree["sections"]["news"]["pl"]
    for number in range(8):
        make_article(news, title=f"Klaster numer {number}", lead="Klastry w regionie. " * (number % 3 + 1))
    public = ArticlePage.objects.published(polish())
    ranked = [(page.pk, getattr(page, SCORE)) for page in search_queryset(public, "klaster", polish())]
    assert {pk for pk, _score in ranked} >= set(
        ArticlePage.objects.filter(title__startswith="Klaster numer").values_list("pk", flat=True)
    )
    assert ranked == backends_own_ranking(public, "klaster")


def test_every_match_is_scored_once_not_once_per_row(offers):
    public = Offer.objects.published(polish()).cooperation()
    ranked = search_queryset(public, "współpraca", polish())
    sql, params = ranked[:10].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(row[-1] for row in cursor.fetchall())
    assert "AUTOMATIC COVERING INDEX" in plan, plan
    assert ranked.count() == 45
