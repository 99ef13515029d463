"""A one-word search on SQLite reads its best matches from kept hits (search/hits.py), in step with the content.

What a reader sees must not change: the first results, their scores and the counts are those
scoring every match with bm25() gives, and an edit, an unpublish, a delete or a rebuild shows in the
next search as it did before the hits were kept.
"""

import io

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from wagtail.models import Locale

import pytest

from registry.models import Offer
from search.hits import TermHits, fill_hits, tokenise, tokens
from search.queries import search_site
from tests.factories import CompanyFactory, OfferFactory, make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the hits are kept on SQLite"),
]
NO_KEPT_RANKINGS = override_settings(CACHE_LAYERS_OFF=frozenset({"search_rankings"}))


def kept_hits_kinds():
    # Imported when used: search/sqlite.py needs the FTS5 model, which exists on SQLite alone.
    from search.sqlite import KeptHitsKinds  # noqa: PLC0415

    return KeptHitsKinds


def polish():
    return Locale.objects.get(language_code="pl")


def found(text):
    return [(hit.kind.slug, hit.item.title) for hit in search_site(text, polish())[:20]]


def page(text, kind=None, stop=10):
    """The counts of every kind and the first results, with their scores, nothing kept from an earlier search."""
    caches["content"].clear()
    results = search_site(text, polish(), kind)
    counts = {kind.slug: count for kind, count in results.counts.items()}
    return counts, [(hit.kind.slug, hit.item.pk, hit.score) for hit in results[:stop]]


def scored_in_full(text, kind=None, monkeypatch=None):
    """The same page with every match scored by bm25(), as before the hits were kept."""
    with monkeypatch.context() as patched:
        patched.setattr(kept_hits_kinds(), "of", classmethod(lambda cls, parts: None))
        return page(text, kind)


def scoring_statements(captured):
    return [query["sql"] for query in captured if "bm25(" in query["sql"]]


def kept_rows():
    return sorted(
        TermHits.objects.values_list("term", "kind", "content_type_id", "object_id", "entry_id", "hits", "length")
    )


@pytest.fixture
def few_matches_read_too(monkeypatch):
    """A search of several terms reads its kept hits however few its matches, as at 100,000 items."""
    monkeypatch.setattr(kept_hits_kinds(), "FEW_MATCHES", 0)


@pytest.fixture
def many_offers(site_tree):
    """Offers and services whose one word is in titles, bodies or both, of lengths that differ and tie."""
    company = CompanyFactory(name="Kooperanci Sp. z o.o.")
    for number in range(120):
        kind = Offer.Kind.SERVICE if number % 4 == 0 else Offer.Kind.BUSINESS_OFFER
        filler = " ".join(["partner"] * (number % 7))
        if number % 3 == 0:
            title, summary = f"Współpraca przy projekcie {number}", f"Szukamy {filler}."
        elif number % 3 == 1:
            title, summary = f"Projekt numer {number}", f"Współpraca z partnerem, współpraca {filler}."
        else:
            title, summary = f"Współpraca i współpraca {number}", f"Współpraca w regionie {filler}."
        OfferFactory(title=title, summary=summary, kind=kind, company=company, live=number % 10 != 5)
    make_article(site_tree["sections"]["news"]["pl"], title="Współpraca klastrów")


@NO_KEPT_RANKINGS
@pytest.mark.parametrize("kind", [None, "offers", "services", "news"])
def test_a_one_word_search_scores_only_a_few_matches_and_shows_what_scoring_every_match_does(
    many_offers, kind, monkeypatch
):
    for text in ("współpraca", "projekt", "partner", "hydroponika"):
        with CaptureQueriesContext(connection) as searched:
            shown = page(text, kind)
        statements = scoring_statements(searched.captured_queries)
        # bm25() scores the rows the kept hits name, never every match.
        assert all("rowid IN (" in sql for sql in statements), text
        assert shown == scored_in_full(text, kind, monkeypatch), text


@NO_KEPT_RANKINGS
@pytest.mark.parametrize("kind", [None, "offers", "services"])
def test_a_search_of_several_words_scores_only_a_few_matches_and_shows_what_scoring_every_match_does(
    many_offers, kind, few_matches_read_too, monkeypatch
):
    # "partner" is in the bodies up to six times and "partnerem" once: every number of hits of one
    # word meets every number of the other's, in rows of every length.
    for text in ("współpraca partner", "partner projekt", "projekt współpraca partnerem", "partnerem szukamy"):
        with CaptureQueriesContext(connection) as searched:
            shown = page(text, kind)
        assert all("rowid IN (" in sql for sql in scoring_statements(searched.captured_queries)), text
        assert shown == scored_in_full(text, kind, monkeypatch), text


@NO_KEPT_RANKINGS
@pytest.mark.parametrize("kind", [None, "offers"])
def test_the_best_matches_of_several_words_are_found_past_many_shorter_ones(
    site_tree, kind, few_matches_read_too, monkeypatch
):
    # Every offer holds "zeolit" as often, so its rows, which drive (the first of words as frequent),
    # are one list, read shortest first; "perlit" is in the bodies of the shorter ones and in the
    # titles of the longer ones, which score best: they are read only because the shorter ones found
    # cannot rank above them.
    company = CompanyFactory(name="Kruszywa Sp. z o.o.")
    for number in range(50):
        filler = " ".join(["glina"] * (number // 5))
        title = f"Perlit perlit perlit {number}" if number >= 34 else f"Kruszywo {number}"
        summary = f"Zeolit {filler}." + ("" if number >= 34 else " Perlit.")
        OfferFactory(title=title, summary=summary, company=company)
    with CaptureQueriesContext(connection) as searched:
        shown = page("zeolit perlit", kind)
    assert all("rowid IN (" in sql for sql in scoring_statements(searched.captured_queries))
    first = [title for _kind, title in found("zeolit perlit")[:10]]
    assert len(first) == 10 and all(title.startswith("Perlit perlit perlit") for title in first)
    assert shown == scored_in_full("zeolit perlit", kind, monkeypatch)


@NO_KEPT_RANKINGS
def test_a_search_of_several_words_with_few_matches_scores_them_all(many_offers):
    with CaptureQueriesContext(connection) as searched:
        assert found("współpraca partner")
    assert any("rowid IN (" not in sql for sql in scoring_statements(searched.captured_queries))


@NO_KEPT_RANKINGS
@pytest.mark.parametrize("every_search_reads_kept_hits", [False, True])
def test_the_demo_content_is_shown_and_counted_as_scoring_every_match_does(
    demo, every_search_reads_kept_hits, monkeypatch
):
    if every_search_reads_kept_hits:
        monkeypatch.setattr(kept_hits_kinds(), "FEW_MATCHES", 0)
    for text in (
        "klaster",
        "przedsiębiorstwa",
        "torun",
        "lodz",
        "innowacje",
        "usługi",
        "usługi energetyczne",
        "lodz przedsiebiorstwa",
        "klaster technologii medycznych",
        "klaster klastrów",
    ):
        assert page(text) == scored_in_full(text, monkeypatch=monkeypatch), text


@NO_KEPT_RANKINGS
def test_a_search_whose_lists_would_read_too_many_rows_is_scored_over_every_match(
    many_offers, few_matches_read_too, monkeypatch
):
    monkeypatch.setattr(kept_hits_kinds(), "MAX_READ", 5)  # fewer than a page
    with CaptureQueriesContext(connection) as searched:
        shown = page("współpraca partner")
    assert any("rowid IN (" not in sql for sql in scoring_statements(searched.captured_queries))
    assert shown == scored_in_full("współpraca partner", monkeypatch=monkeypatch)


def test_the_kept_terms_are_those_of_the_full_text_tables_tokeniser():
    # FTS5's unicode61 folds "ó" and "ż" but not "ł", and splits at a hyphen.
    assert tokens(["współpraca", "żółw", "e-commerce"]) == [["wspołpraca"], ["zołw"], ["e", "commerce"]]
    # Lowercase ASCII words are taken as they are, without asking the tokeniser: it agrees.
    ascii_words = ["klaster", "iso9001", "b2b"]
    assert tokens(ascii_words) == tokenise(ascii_words) == [[word] for word in ascii_words]


@NO_KEPT_RANKINGS
def test_an_edit_an_unpublish_and_a_delete_show_in_the_next_search(site_tree):
    offer = OfferFactory(title="Hydroponika dla szklarni")
    article = make_article(site_tree["sections"]["news"]["pl"], title="Hydroponika w regionie")
    assert sorted(found("hydroponika")) == [("news", "Hydroponika w regionie"), ("offers", "Hydroponika dla szklarni")]

    offer.title = "Akwaponika dla szklarni"
    offer.save_revision().publish()
    assert found("hydroponika") == [("news", "Hydroponika w regionie")]
    assert found("akwaponika") == [("offers", "Akwaponika dla szklarni")]

    offer.kind = Offer.Kind.SERVICE
    offer.save_revision().publish()
    assert found("akwaponika") == [("services", "Akwaponika dla szklarni")]
    assert set(TermHits.objects.filter(term="akwaponika").values_list("kind", flat=True)) == {"services"}

    article.unpublish()
    assert found("hydroponika") == []

    Offer.objects.get(pk=offer.pk).delete()
    assert found("akwaponika") == []
    assert not TermHits.objects.filter(term="akwaponika").exists()


def test_filling_from_the_index_gives_the_rows_indexing_wrote(demo):
    written = kept_rows()
    assert written

    fill_hits()

    assert kept_rows() == written


@NO_KEPT_RANKINGS
def test_rebuilding_the_search_index_keeps_the_hits(demo, monkeypatch):
    TermHits.objects.all().delete()
    assert found("klaster") == []  # what a search reads, when the hits are gone

    call_command("rebuild_search_index", stdout=io.StringIO())

    assert found("klaster")
    assert page("klaster") == scored_in_full("klaster", monkeypatch=monkeypatch)
