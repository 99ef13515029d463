"""The type-ahead reads a prefix index of titles: it completes words, suggests public items, follows every change."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Locale, PageViewRestriction

import pytest

from articles.models import ArticlePage
from registry.models import Company, Offer
from search import suggestions
from search.queries import suggest
from search.suggestions import TitleWord
from tests.factories import CompanyFactory, OfferFactory, make_article

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def suggested(typed, language="pl"):
    return [hit.item.title for hit in suggest(typed, Locale.objects.get(language_code=language))]


def news(site_tree, language="pl"):
    return site_tree["sections"]["news"][language]


# Completing words


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("lodz", "Łódzki Klaster Mody i Tekstyliów"),
        ("LÓDZ", "Tkaniny Łódzkie S.A."),
        ("toru", "Toruński Klaster Technologii Medycznych"),
        ("torun", "Optimed Toruń Sp. z o.o."),
        ("dolnosl", "Dolnośląski Klaster Energii Odnawialnej"),
    ],
)
def test_a_prefix_typed_without_polish_letters_finds_the_title_with_them(demo, typed, title):
    assert title in suggested(typed)


def test_every_word_typed_must_begin_a_word_of_the_title(demo):
    found = suggested("klaster tor")
    assert "Toruński Klaster Technologii Medycznych" in found
    assert all("klast" in title.lower() and "tor" in title.lower() for title in found)
    assert suggested("pomorski kl") == ["Pomorski Klaster Morski"]


def test_a_word_of_an_inflected_form_finds_its_lemma(site_tree):
    make_article(news(site_tree), title="Współpraca klastrów w regionie")
    assert "Współpraca klastrów w regionie" in suggested("klaster")


def test_nothing_matching_suggests_nothing(demo):
    assert suggested("qzx") == []
    assert suggested("klaster qzx") == []


def test_titles_beginning_with_the_word_typed_come_first_then_shorter_ones(site_tree):
    make_article(news(site_tree), title="Nowe anodowanie w zakładzie pod Toruniem")
    OfferFactory(title="Tanie anodowanie")
    OfferFactory(title="Anodowanie aluminium w krótkich seriach")
    CompanyFactory(name="Anodownia Sp. z o.o.")
    assert suggested("anod") == [
        "Anodownia Sp. z o.o.",
        "Anodowanie aluminium w krótkich seriach",
        "Tanie anodowanie",
        "Nowe anodowanie w zakładzie pod Toruniem",
    ]


@pytest.mark.parametrize("typed", ["klas", "toru", "energ", "klaster tor", "lodz", "bydg", "k l"])
def test_each_way_of_reading_the_index_suggests_the_same(demo, monkeypatch, typed):
    """Narrow prefixes are read whole, broad ones word by word in rank order, many-worded ones whole again."""
    read_whole = suggested(typed)
    monkeypatch.setattr(suggestions, "SELECTIVE_ROWS", 1)
    assert suggested(typed) == read_whole
    monkeypatch.setattr(suggestions, "MAX_WORDS_PER_PREFIX", 1)
    assert suggested(typed) == read_whole


def test_a_search_engine_backend_answers_the_type_ahead_itself(demo, monkeypatch):
    """OpenSearch or Elasticsearch keep no prefix table: their own autocomplete is asked instead."""
    monkeypatch.setattr(suggestions, "kept_by", lambda backend: False)
    assert {"Łódzki Klaster Mody i Tekstyliów", "Tkaniny Łódzkie S.A."} <= set(suggested("lodz"))
    assert "Pomorski Klaster Morski" in suggested("pomorski kl")


# Only what readers may see


def test_drafts_are_never_suggested(site_tree):
    make_article(news(site_tree), title="Hydroponika w szklarniach", live=False)
    CompanyFactory(name="Hydrotech Sp. z o.o.", live=False)
    assert suggested("hydro") == []


def test_private_pages_are_never_suggested(site_tree):
    article = make_article(news(site_tree), title="Hydroponika dla członków")
    PageViewRestriction.objects.create(page=article, restriction_type="password", password="tajne")
    assert suggested("hydro") == []


def test_expired_offers_and_offers_of_unpublished_companies_are_never_suggested(site_tree):
    OfferFactory(title="Anodowanie aluminium w Toruniu")
    OfferFactory(title="Anodowanie aluminium w Gdyni", valid_until=YESTERDAY)
    OfferFactory(title="Anodowanie aluminium w Opolu", company=CompanyFactory(live=False))
    assert suggested("anod") == ["Anodowanie aluminium w Toruniu"]


def test_items_in_another_language_are_never_suggested(site_tree):
    make_article(news(site_tree, "en"), title="Hydroponics in greenhouses")
    make_article(news(site_tree), title="Hydroponika w szklarniach")
    assert suggested("hydro") == ["Hydroponika w szklarniach"]
    assert suggested("hydro", "en") == ["Hydroponics in greenhouses"]
    assert {hit.item.title for hit in suggest("hydro", None)} == {
        "Hydroponics in greenhouses",
        "Hydroponika w szklarniach",
    }


def test_a_public_item_is_found_behind_many_hidden_ones(site_tree):
    company = CompanyFactory(live=False)
    for number in range(40):
        OfferFactory(title=f"Anodowanie {number}", company=company)
    OfferFactory(title="Anodowanie aluminium na zamówienie w krótkich seriach")
    assert suggested("anod") == ["Anodowanie aluminium na zamówienie w krótkich seriach"]


# Following the editors


def test_a_renamed_item_is_suggested_by_its_new_title_at_once(site_tree):
    article = make_article(news(site_tree), title="Robotyka w przemyśle")
    article.title = "Drony w rolnictwie"
    article.save_revision().publish()
    assert suggested("dron") == ["Drony w rolnictwie"]
    assert suggested("robot") == []


def test_a_saved_draft_of_a_new_title_changes_nothing(site_tree):
    article = make_article(news(site_tree), title="Robotyka w przemyśle")
    article.title = "Drony w rolnictwie"
    article.save_revision()
    assert suggested("dron") == []
    assert suggested("robot") == ["Robotyka w przemyśle"]


def test_an_unpublished_item_disappears_at_once(site_tree):
    article = make_article(news(site_tree), title="Hydroponika w Toruniu")
    company = CompanyFactory(name="Hydrotech Sp. z o.o.")
    assert set(suggested("hydro")) == {"Hydroponika w Toruniu", "Hydrotech Sp. z o.o."}
    article.unpublish()
    Company.objects.get(pk=company.pk).unpublish()
    assert suggested("hydro") == []


def test_a_deleted_item_leaves_the_prefix_index(site_tree):
    article = make_article(news(site_tree), title="Hydroponika w Toruniu")
    offer = OfferFactory(title="Hydroponika na zlecenie")
    ArticlePage.objects.get(pk=article.pk).delete()
    Offer.objects.get(pk=offer.pk).delete()
    assert not TitleWord.objects.filter(word__startswith="hydro").exists()
    assert suggested("hydro") == []


def test_an_offer_that_becomes_a_service_is_suggested_as_one(client, site_tree):
    offer = OfferFactory(title="Anodowanie aluminium")
    offer.kind = Offer.Kind.SERVICE
    offer.save_revision().publish()
    assert [hit.kind.slug for hit in suggest("anod", "pl")] == ["services"]


def test_rebuilding_the_search_index_fills_the_prefix_index(demo):
    before = suggested("klas")
    TitleWord.objects.all().delete()
    assert suggested("klas") == []

    call_command("rebuild_search_index", stdout=io.StringIO())

    assert suggested("klas") == before


def test_the_fill_command_restores_the_prefix_index(demo):
    before = sorted(TitleWord.objects.values_list("locale", "word", "rank", "kind", "object_id"))
    TitleWord.objects.all().delete()
    output = io.StringIO()

    call_command("index_type_ahead", stdout=output)

    assert "titles indexed" in output.getvalue()
    assert sorted(TitleWord.objects.values_list("locale", "word", "rank", "kind", "object_id")) == before


# What it costs, and what the browser gets


@pytest.mark.parametrize("typed", ["kl", "klas", "toru", "lodz", "klaster tor", "ofer", "energ", "bydg"])
def test_a_suggestion_costs_a_fixed_number_of_queries(demo, django_assert_max_num_queries, typed):
    polish = Locale.objects.get(language_code="pl")
    with django_assert_max_num_queries(9):
        suggest(typed, polish)


def test_type_ahead_json_keeps_its_shape(client, demo):
    results = client.get("/szukaj/suggest/", {"q": "klas"}).json()["results"]
    assert len(results) == 8
    assert all(set(result) == {"title", "url", "type"} for result in results)
    assert {
        "title": "Toruński Klaster Technologii Medycznych",
        "url": "/klastry/torunski-klaster-medyczny/",
        "type": "clusters",
    } in results
