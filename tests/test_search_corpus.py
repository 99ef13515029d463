"""What readers type and what they must find: a fixed corpus over the demo content, on SQLite and PostgreSQL alike.

Each case names titles that must be among the results (and, where the ranking must put it
there, the first one) and titles that must not be. Inflected forms of one word must give exactly
the same results as the word itself, and a word typed without Polish letters the same as with them.
"""

from wagtail.models import Locale

import pytest

from search.queries import search_site, suggest

pytestmark = pytest.mark.django_db

CLUSTERS = {
    "Bydgoski Klaster Przemysłowy",
    "Toruński Klaster Technologii Medycznych",
    "Łódzki Klaster Mody i Tekstyliów",
    "Pomorski Klaster Morski",
    "Podkarpacki Klaster Lotniczy",
    "Dolnośląski Klaster Energii Odnawialnej",
}
COMPANIES = {
    "Stowarzyszenie Bydgoski Klaster Przemysłowy",
    "Toruńska Agencja Rozwoju Regionalnego S.A.",
    "Metalplast Bydgoszcz Sp. z o.o.",
    "Optimed Toruń Sp. z o.o.",
    "Tkaniny Łódzkie S.A.",
    "Instytut Technologii Materiałów",
    "Baltic Ship Services Sp. z o.o.",
    "AeroTech Rzeszów Sp. z o.o.",
    "SolarWro Sp. z o.o.",
    "Softwise Kraków Sp. z o.o.",
}
SERVICES = {
    "Audyt efektywności energetycznej zakładów produkcyjnych",
    "Doradztwo w pozyskiwaniu funduszy unijnych",
    "Testy wytrzymałościowe materiałów",
}
IN_TORUN = {
    "Toruński Klaster Technologii Medycznych",
    "Optimed Toruń Sp. z o.o.",
    "Toruńska Agencja Rozwoju Regionalnego S.A.",
}
IN_LODZ = {"Łódzki Klaster Mody i Tekstyliów", "Tkaniny Łódzkie S.A.", "Instytut Technologii Materiałów"}
EXPIRED_OFFER = "Wolne moce produkcyjne wtryskarek — IV kwartał 2025"

# query, titles that must be found, the title that must come first (or None), titles that must not be found
POLISH = [
    # Inflection: every form of "klaster" finds the clusters, the seed article and each other.
    ("klaster", CLUSTERS | {"Klastry"}, None, set()),
    ("klastrów", CLUSTERS | {"Klastry", "Koordynatorzy klastrów na giełdzie kooperacyjnej BSR Stars"}, None, set()),
    ("klastrze", CLUSTERS | {"Klastry"}, None, set()),
    ("klastry", CLUSTERS | {"Klastry"}, None, set()),
    ("Klastra", CLUSTERS | {"Nowy nabór do statusu Krajowego Klastra Kluczowego"}, None, set()),
    ("przedsiębiorstwa", COMPANIES, None, CLUSTERS),
    ("przedsiębiorstwo", COMPANIES, None, CLUSTERS),
    ("przedsiębiorstw", COMPANIES, None, CLUSTERS),
    ("toruniu", IN_TORUN, None, IN_LODZ),
    ("Torunia", IN_TORUN, None, IN_LODZ),
    ("bydgoszczy", {"Bydgoski Klaster Przemysłowy", "Metalplast Bydgoszcz Sp. z o.o."}, None, IN_TORUN),
    ("łodzi", IN_LODZ, None, IN_TORUN),
    ("gdyni", {"Pomorski Klaster Morski", "Baltic Ship Services Sp. z o.o."}, None, IN_LODZ),
    ("rzeszowie", {"Podkarpacki Klaster Lotniczy", "AeroTech Rzeszów Sp. z o.o."}, None, IN_LODZ),
    ("wrocławiu", {"Dolnośląski Klaster Energii Odnawialnej", "SolarWro Sp. z o.o."}, None, IN_LODZ),
    (
        "energii",
        {"Dolnośląski Klaster Energii Odnawialnej", "Partner badawczy do projektu magazynowania energii"},
        None,
        set(),
    ),
    ("usług", SERVICES, None, {"Obróbka CNC elementów metalowych w krótkich seriach"}),
    ("koordynatorów", {"Koordynatorzy klastrów na giełdzie kooperacyjnej BSR Stars", "Klastry"}, None, CLUSTERS),
    ("technologie medyczne", {"Toruński Klaster Technologii Medycznych", "Optimed Toruń Sp. z o.o."}, None, IN_LODZ),
    # Missing diacritics.
    ("torun", IN_TORUN, "Optimed Toruń Sp. z o.o.", IN_LODZ),
    ("lodz", IN_LODZ, None, IN_TORUN),
    ("przedsiebiorstwa", COMPANIES, None, CLUSTERS),
    ("klastrow", CLUSTERS | {"Klastry"}, None, set()),
    ("rzeszow", {"Podkarpacki Klaster Lotniczy", "AeroTech Rzeszów Sp. z o.o."}, None, IN_LODZ),
    ("wroclaw", {"Dolnośląski Klaster Energii Odnawialnej", "SolarWro Sp. z o.o."}, None, IN_LODZ),
    ("uslugi", SERVICES, None, set()),
    ("lodzkie", {"Tkaniny Łódzkie S.A.", "Łódzki Klaster Mody i Tekstyliów"}, None, IN_TORUN),
    ("gielda kooperacyjna", {"Koordynatorzy klastrów na giełdzie kooperacyjnej BSR Stars", "Klastry"}, None, CLUSTERS),
    # Several words: all of them, in any form, in any field.
    (
        "klastrów w toruniu",
        {"Toruński Klaster Technologii Medycznych", "Toruńska Agencja Rozwoju Regionalnego S.A."},
        "Toruński Klaster Technologii Medycznych",
        CLUSTERS - {"Toruński Klaster Technologii Medycznych"},
    ),
    ("lodz przedsiebiorstwa", {"Tkaniny Łódzkie S.A.", "Instytut Technologii Materiałów"}, None, CLUSTERS | IN_TORUN),
    (
        "klaster bydgoszcz",
        {"Bydgoski Klaster Przemysłowy", "Stowarzyszenie Bydgoski Klaster Przemysłowy"},
        None,
        IN_LODZ,
    ),
    ("energia odnawialna", {"Dolnośląski Klaster Energii Odnawialnej", "SolarWro Sp. z o.o."}, None, IN_LODZ),
    (
        "obróbka cnc",
        {"Obróbka CNC elementów metalowych w krótkich seriach", "Metalplast Bydgoszcz Sp. z o.o."},
        None,
        set(),
    ),
    (
        "usługi energetyczne",
        {"Audyt efektywności energetycznej zakładów produkcyjnych"},
        None,
        SERVICES - {"Audyt efektywności energetycznej zakładów produkcyjnych"},
    ),
    ("oferty tkanin", {"Poszukujemy dystrybutora tkanin technicznych w Niemczech"}, None, COMPANIES),
]

# Forms of one word (or words) that must give exactly the same results, in the same order.
SAME_RESULTS = [
    ("klaster", ["klastrów", "klastrze", "klastry", "klastrow", "KLASTRY"]),
    ("przedsiębiorstwo", ["przedsiębiorstwa", "przedsiębiorstw", "przedsiebiorstwa", "przedsiebiorstwom"]),
    ("Toruń", ["toruniu", "Torunia", "torun"]),
    ("Łódź", ["łodzi", "lodz", "Łodzi"]),
    ("klastry w Toruniu", ["klastrów w toruniu", "klastrow torun"]),
]

ENGLISH = [
    ("clusters", {"Bydgoszcz Industrial Cluster", "Clusters"}, None, set()),
    ("cluster", {"Bydgoszcz Industrial Cluster", "Clusters"}, None, set()),
    ("energy storage", {"Research partner for an energy storage project"}, None, set()),
    ("torun", {"Toruń Regional Development Agency"}, None, set()),
    ("audits", {"Energy efficiency audits of factories"}, None, set()),
]

# What the type-ahead offers for the letters typed so far.
PREFIXES = [
    ("toru", IN_TORUN),
    ("lodz", {"Łódzki Klaster Mody i Tekstyliów", "Tkaniny Łódzkie S.A."}),
    ("łódz", {"Łódzki Klaster Mody i Tekstyliów", "Tkaniny Łódzkie S.A."}),
    ("bydg", {"Bydgoski Klaster Przemysłowy", "Metalplast Bydgoszcz Sp. z o.o."}),
    ("pomorski kl", {"Pomorski Klaster Morski"}),
    ("energ", {"Dolnośląski Klaster Energii Odnawialnej", "Audyt efektywności energetycznej zakładów produkcyjnych"}),
    ("aero", {"AeroTech Rzeszów Sp. z o.o."}),
    ("obrob", {"Obróbka CNC elementów metalowych w krótkich seriach"}),
]


def titles(query, language="pl"):
    results = search_site(query, Locale.objects.get(language_code=language))
    return [hit.item.title for hit in results[: len(results)]]


@pytest.mark.parametrize(("query", "expected", "first", "absent"), POLISH, ids=[case[0] for case in POLISH])
def test_polish_query_finds_what_a_reader_expects(demo, query, expected, first, absent):
    found = titles(query)
    assert expected <= set(found), f"{query!r} missed {expected - set(found)}"
    assert not absent & set(found), f"{query!r} found {absent & set(found)}"
    if first:
        assert found[0] == first
    assert EXPIRED_OFFER not in found


@pytest.mark.parametrize(("query", "variants"), SAME_RESULTS, ids=[case[0] for case in SAME_RESULTS])
def test_other_forms_of_a_word_find_the_same(demo, query, variants):
    expected = titles(query)
    assert expected
    for variant in variants:
        assert titles(variant) == expected, variant


@pytest.mark.parametrize(("query", "expected", "first", "absent"), ENGLISH, ids=[case[0] for case in ENGLISH])
def test_english_query_finds_english_content(demo, query, expected, first, absent):
    results = search_site(query, Locale.objects.get(language_code="en"))
    hits = results[: len(results)]
    assert expected <= {hit.item.title for hit in hits}
    assert {hit.item.locale.language_code for hit in hits} == {"en"}


def test_polish_words_do_not_find_english_content_on_the_polish_site(demo):
    results = search_site("klaster", Locale.objects.get(language_code="pl"))
    assert {hit.item.locale.language_code for hit in results[: len(results)]} == {"pl"}


@pytest.mark.parametrize(("typed", "expected"), PREFIXES, ids=[case[0] for case in PREFIXES])
def test_type_ahead_completes_words_from_their_first_letters(demo, typed, expected):
    suggested = {hit.item.title for hit in suggest(typed, Locale.objects.get(language_code="pl"))}
    assert expected <= suggested


def test_type_ahead_offers_only_titles_with_a_word_so_begun(demo):
    suggested = [hit.item.title for hit in suggest("klas", Locale.objects.get(language_code="pl"))]
    assert len(suggested) == 8
    assert all("klast" in title.lower() for title in suggested)


def test_type_ahead_waits_for_two_letters(demo):
    assert suggest("k", Locale.objects.get(language_code="pl")) == []


def test_titles_rank_above_bodies(demo):
    """Everything with "klaster" in its title comes before what only mentions it in the text."""
    found = titles("klaster")
    in_title = [index for index, title in enumerate(found) if "klast" in title.lower()]
    in_body = [index for index, title in enumerate(found) if "klast" not in title.lower()]
    assert in_body, "the corpus should have body-only matches"
    assert max(in_title) < min(in_body)


def test_type_ahead_skips_common_words_before_the_last(demo):
    suggested = {hit.item.title for hit in suggest("klaster w tor", Locale.objects.get(language_code="pl"))}
    assert "Toruński Klaster Technologii Medycznych" in suggested
