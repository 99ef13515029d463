"""A search on PostgreSQL reads its best matches from kept scores (search/scores.py), in step with the content.

What a reader sees must not change: the first results and their scores are those ranking every
match gives (tests/test_search_topk.py checks the same for every kind), and an edit, an unpublish,
a delete or a rebuild shows in the next search as it did before the scores were kept.
"""

import datetime
import io
import math
import random

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from wagtail.models import Locale
from wagtail.search.query import And, Or, Phrase

import pytest

from registry.models import Offer
from search.postgres import Highest, KeptTermsMatch, score_bound
from search.queries import SCORE, parse, search_queryset, search_site
from search.scores import TermScore, fill_scores, kept_words
from search.terms import Term, any_of
from tests.factories import CompanyFactory, OfferFactory, make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the scores are kept on PostgreSQL"),
]
NO_KEPT_RANKINGS = override_settings(CACHE_LAYERS_OFF=frozenset({"search_rankings"}))


def polish():
    return Locale.objects.get(language_code="pl")


def found(text):
    return [(hit.kind.slug, hit.item.title) for hit in search_site(text, polish())[:20]]


def kept_rows():
    return sorted(
        TermScore.objects.values_list(
            "term", "kind", "content_type_id", "object_id", "rank", "title_rank", "body_rank", "title_norm"
        )
    )


def assert_ranked_as_every_match(text):
    """The search page's first results of each kind are those ranking every match gives, with their scores."""
    query = parse(text, polish())
    hits = search_site(text, polish())[:20]
    assert hits, text
    for kind in {hit.kind for hit in hits}:
        shown = [(hit.item.pk, hit.score) for hit in hits if hit.kind == kind]
        ranked = [(item.pk, getattr(item, SCORE)) for item in search_queryset(kind.public(polish()), query, polish())]
        assert shown == ranked[: len(shown)], (text, kind.slug)


@NO_KEPT_RANKINGS
def test_a_one_word_search_ranks_nothing_and_gives_what_ranking_every_match_gives(demo):
    for text in ("klaster", "przedsiębiorstwa", "torun", "innowacje"):
        with CaptureQueriesContext(connection) as searched:
            search_site(text, polish())[:20]
        assert not [query for query in searched.captured_queries if "ts_rank" in query["sql"]], text
        assert_ranked_as_every_match(text)


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

    article.unpublish()
    assert found("hydroponika") == []

    Offer.objects.get(pk=offer.pk).delete()
    assert found("akwaponika") == []
    assert not TermScore.objects.filter(term="akwaponika").exists()


def test_filling_from_the_index_gives_the_rows_indexing_wrote(demo):
    written = kept_rows()
    assert written

    fill_scores()

    assert kept_rows() == written


@NO_KEPT_RANKINGS
def test_rebuilding_the_search_index_keeps_the_scores(demo):
    TermScore.objects.all().delete()
    assert found("klaster") == []  # what a search reads, when the scores are gone

    call_command("rebuild_search_index", stdout=io.StringIO())

    assert_ranked_as_every_match("klaster")


@NO_KEPT_RANKINGS
def test_a_search_of_several_words_ranks_nothing_and_gives_what_ranking_every_match_gives(demo):
    # Words of one term, a word of three ("lodz": łódź, łodzia, łodzić), three words, and two words
    # of one lemma: the kept parts of each term's score, combined as the backend combines them.
    for text in ("usługi energetyczne", "lodz przedsiebiorstwa", "klaster technologii medycznych", "klaster klastrów"):
        with CaptureQueriesContext(connection) as searched:
            search_site(text, polish())[:20]
        assert not [query for query in searched.captured_queries if "ts_rank" in query["sql"]], text
        assert_ranked_as_every_match(text)


def test_a_query_the_kept_terms_do_not_score_is_left_to_the_backend():
    assert kept_words(And([Term("klaster"), any_of({"lodz", "łódź"})])) == [["klaster"], ["lodz", "łódź"]]
    assert kept_words(Term("Klaster")) is None  # the backend's tsquery folds its case: not the kept term
    assert kept_words(And([Term("klaster"), Term("o'reilly")])) is None
    assert kept_words(And([Term("klaster"), Phrase("klaster przemysłowy")])) is None
    assert kept_words(Or([Term("klaster"), And([Term("a"), Term("b")])])) is None


@NO_KEPT_RANKINGS
def test_what_is_not_public_is_never_shown_however_well_it_ranks(site_tree):
    # The best-ranked matches are kept for every item of a kind; which are public is read with them.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    OfferFactory(title="Hydroponika szklarniowa", summary="Hydroponika szklarniowa.", live=False)
    OfferFactory(title="Hydroponika szklarniowa", summary="Hydroponika szklarniowa.", valid_until=yesterday)
    OfferFactory(title="Hydroponika szklarniowa", summary="Hydroponika.", company=CompanyFactory(live=False))
    news = site_tree["sections"]["news"]["pl"]
    make_article(news, title="Hydroponika szklarniowa w szkicu", live=False)
    shown = [OfferFactory(title=f"Hydroponika szklarniowa {number}", summary="Oferta.") for number in range(3)]

    for text in ("hydroponika", "hydroponika szklarniowa"):
        hits = search_site(text, polish())[:20]
        assert sorted(hit.item.pk for hit in hits) == sorted(offer.pk for offer in shown), text
        assert {kind.slug: count for kind, count in search_site(text, polish()).counts.items() if count} == {
            "offers": 3
        }
        assert_ranked_as_every_match(text)


def first_ten_ranked(text):
    """The search page's first ten results for `text`, and of the statements that ranked them how many read
    each word's first rows alone (narrowed to the items found there) and how many merged every match."""
    with CaptureQueriesContext(connection) as searched:
        hits = search_site(text, polish())[:10]
    ranking = [
        query["sql"] for query in searched.captured_queries if "ORDER BY score DESC, object_id DESC" in query["sql"]
    ]
    narrowed = [sql for sql in ranking if "FROM first0" in sql]
    return hits, (len(narrowed), len(ranking) - len(narrowed))


@NO_KEPT_RANKINGS
@pytest.mark.parametrize("alike", [True, False], ids=["every-offer-alike", "offers-ranked-apart"])
def test_a_search_of_several_words_ranks_from_each_words_first_rows_when_they_hold_the_best(
    site_tree, monkeypatch, alike
):
    # The page wants 10 offers and reads twice as many rows of each word before merging every match:
    # 24 offers hold both words, more than either word's rows read, all alike (ties go newest first)
    # or half of them holding both words six times.
    monkeypatch.setattr(KeptTermsMatch, "first_rows", 2)
    company = CompanyFactory()
    for number in range(24):
        repeats = 1 if alike or number % 2 else 6
        OfferFactory(
            title="Hydroponika szklarniowa",
            summary=" ".join(["Hydroponika szklarniowa w regionie."] * repeats),
            company=company,
        )
    if not alike:
        OfferFactory(title="Hydroponika", summary="Uprawa bez gleby.", company=company)  # one word alone
    # As a bulk load leaves them: every title's length factor set from one average (indexing one item
    # sets its own from the average then, so that alike items would differ by their factors).
    call_command("rebuild_search_index", stdout=io.StringIO())

    hits, ranked = first_ten_ranked("hydroponika szklarniowa")

    assert len(hits) == 10
    assert ranked == (1, 0)
    assert_ranked_as_every_match("hydroponika szklarniowa")


@NO_KEPT_RANKINGS
def test_a_search_of_several_words_merges_every_match_when_the_first_rows_may_not_hold_the_best(site_tree, monkeypatch):
    monkeypatch.setattr(KeptTermsMatch, "first_rows", 1)
    company = CompanyFactory()
    # Each word's first ten rows are offers that hold it eight times and the other word once; three
    # offers hold each word four times, so come after them in each word's rows, and score best of all.
    for _number in range(12):
        OfferFactory(title="Oferta", summary="Hydroponika " * 8 + "szklarniowa.", company=company)
        OfferFactory(title="Oferta", summary="Szklarniowa " * 8 + "hydroponika.", company=company)
    both = [
        OfferFactory(title="Oferta", summary="Hydroponika szklarniowa. " * 4, company=company) for _number in range(3)
    ]

    hits, ranked = first_ten_ranked("hydroponika szklarniowa")

    assert sorted(hit.item.pk for hit in hits[:3]) == sorted(offer.pk for offer in both)
    assert ranked == (1, 1)
    assert_ranked_as_every_match("hydroponika szklarniowa")


@NO_KEPT_RANKINGS
def test_a_word_a_few_titles_hold_does_not_keep_a_search_from_ranking_from_its_first_rows(site_tree, monkeypatch):
    # As "Toruń" in a few companies' names: one offer holds both words in its title, and is read first;
    # 30 more hold them in their bodies alone. Each word's first 10 rows are read.
    monkeypatch.setattr(KeptTermsMatch, "first_rows", 1)
    company = CompanyFactory()
    titled = OfferFactory(title="Hydroponika szklarniowa", summary="Oferta.", company=company)
    bodies = [
        OfferFactory(title="Oferta", summary="Hydroponika szklarniowa.", company=company) for _number in range(30)
    ]
    call_command("rebuild_search_index", stdout=io.StringIO())  # one title length factor for every offer

    hits, ranked = first_ten_ranked("hydroponika szklarniowa")

    # No offer not read holds a word in its title, so none can score above the last ones read: the
    # first rows are the best (the titled offer, then the newest), and no match is merged.
    assert [hit.item.pk for hit in hits] == [titled.pk] + [offer.pk for offer in reversed(bodies)][:9]
    assert ranked == (1, 0)
    assert_ranked_as_every_match("hydroponika szklarniowa")


@NO_KEPT_RANKINGS
def test_offers_no_longer_valid_among_the_first_rows_give_way_to_the_next_best(site_tree, monkeypatch):
    monkeypatch.setattr(KeptTermsMatch, "first_rows", 2)
    company = CompanyFactory()
    valid = [OfferFactory(title="Hydroponika szklarniowa", summary="Oferta.", company=company) for _number in range(25)]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for _number in range(5):  # the newest, read first
        OfferFactory(title="Hydroponika szklarniowa", summary="Oferta.", company=company, valid_until=yesterday)
    call_command("rebuild_search_index", stdout=io.StringIO())

    hits, ranked = first_ten_ranked("hydroponika szklarniowa")

    # The ten newest offers still valid, from the first rows alone: no match merged, none ranked again.
    assert [hit.item.pk for hit in hits] == [offer.pk for offer in reversed(valid)][:10]
    assert ranked == (1, 0)
    assert_ranked_as_every_match("hydroponika szklarniowa")


@NO_KEPT_RANKINGS
def test_a_merged_search_whose_best_matches_are_no_longer_valid_shows_the_valid_ones(site_tree, monkeypatch):
    # The merge marks which are public among twice as many matches as the page shows (merge_depth 2
    # here, 4 on the site): all twenty are expired offers, so the valid ones are ranked on their own.
    monkeypatch.setattr(KeptTermsMatch, "merge_depth", 2)
    company = CompanyFactory()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for _number in range(21):
        OfferFactory(title="Hydroponika szklarniowa", summary="Oferta.", company=company, valid_until=yesterday)
    valid = [OfferFactory(title="Oferta", summary="Hydroponika szklarniowa.", company=company) for _number in range(3)]

    hits = search_site("hydroponika szklarniowa", polish())[:10]

    assert sorted(hit.item.pk for hit in hits) == sorted(offer.pk for offer in valid)
    assert_ranked_as_every_match("hydroponika szklarniowa")


@NO_KEPT_RANKINGS
@pytest.mark.parametrize("seed", [3, 19])
def test_a_search_of_several_words_over_offers_of_every_shape_gives_what_ranking_every_match_gives(
    site_tree, monkeypatch, seed
):
    # Each word's first 10 rows are read, of 60 offers holding the words in their titles, bodies or
    # both, once or many times, some no longer valid: wherever the first rows stop, the page must
    # show what ranking every match shows.
    monkeypatch.setattr(KeptTermsMatch, "first_rows", 1)
    generator = random.Random(seed)  # noqa: S311 - reproducible offers, not secrets
    company = CompanyFactory()
    titles = ["Hydroponika", "Szklarniowa", "Hydroponika szklarniowa", "Oferta", "Uprawa szklarniowa, hydroponika"]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for _number in range(60):
        words = generator.choice(["hydroponika", "szklarniowa", "hydroponika szklarniowa", "oferta"])
        OfferFactory(
            title=generator.choice(titles),
            summary=" ".join([words] * generator.randint(1, 6)) + ".",
            company=company,
            valid_until=yesterday if generator.random() < 0.1 else None,
        )

    for text in ("hydroponika szklarniowa", "szklarniowa oferta", "hydroponika szklarniowa oferta"):
        assert_ranked_as_every_match(text)


def test_no_item_scores_above_the_bound_of_its_ranks():
    # The backend's score of an AND of words from each word's title and body ranks and the title's
    # length factor, against score_bound of the item's kept ranks and the highest values of its kind.
    generator = random.Random(19)  # noqa: S311 - reproducible figures, not secrets
    for words in (2, 3):
        items = [
            (
                generator.uniform(0.2, 3),
                [(generator.choice([0, generator.random()]), generator.random()) for _ in range(words)],
            )
            for _item in range(200)
        ]
        highest = [
            Highest(
                title=max(ranks[word][0] for _norm, ranks in items),
                title_part=max(norm * ranks[word][0] for norm, ranks in items),
                body=max(ranks[word][1] for _norm, ranks in items),
            )
            for word in range(words)
        ]
        for norm, ranks in items:
            score = (
                norm * (math.prod(1 + title for title, _body in ranks) - 1)
                + math.prod(1 + body for _title, body in ranks)
                - 1
            )
            kept = [norm * title + body for title, body in ranks]
            assert score <= score_bound(kept, highest) * (1 + 1e-12)
            assert score < score_bound([rank + 0.01 for rank in kept], highest)  # rises with every rank
    # Words in the body alone, alike: the bound is the score itself.
    ranks = [0.3, 0.2]
    assert score_bound(ranks, [Highest(0, 0, 0.3), Highest(0, 0, 0.2)]) == pytest.approx(1.3 * 1.2 - 1)


@NO_KEPT_RANKINGS
def test_a_search_of_several_words_with_fewer_matches_than_shown_merges_them_at_once(site_tree):
    company = CompanyFactory()
    both = [OfferFactory(title="Hydroponika szklarniowa", summary="Oferta.", company=company) for _ in range(3)]
    for _number in range(30):
        OfferFactory(title="Hydroponika", summary="Uprawa bez gleby.", company=company)

    hits, ranked = first_ten_ranked("hydroponika szklarniowa")

    # The page counted 3 offers before ranking them: fewer than the 10 it shows, so no first rows are read.
    assert sorted(hit.item.pk for hit in hits) == sorted(offer.pk for offer in both)
    assert ranked == (0, 1)
    assert_ranked_as_every_match("hydroponika szklarniowa")
