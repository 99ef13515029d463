"""The API's query language: several values per filter, date ranges, `updated_since`, tags in any
letter case with their own endpoint, `order`, and parameters a client keeps to itself."""

import datetime
from urllib.parse import urlencode

from django.db import connection
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from articles.models import ArticleIndexPage, ArticlePage
from clusters.models import ClusterIndexPage, ClusterPage
from registry.models import Company, Offer, Sector
from tests.factories import CompanyFactory, OfferFactory, SectorFactory, make_article, make_cluster

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)
ANCIENT = datetime.datetime(1999, 1, 1, tzinfo=datetime.UTC)


def get(client, path, status=200, **params):
    response = client.get(path, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def listed(client, endpoint, key="id", query="", **params):
    """One field of every item of a list; `query` is a raw query string, for repeated parameters."""
    # The test client replaces a path's query string with its data: both go into the path.
    path = f"/api/{endpoint}/?{urlencode({'limit': 100, **params})}&{query}"
    data = get(client, path)
    assert data["total"] == len(data["items"])
    return {item[key] for item in data["items"]}


@pytest.fixture
def bkp():
    return ClusterPage.objects.get(locale__language_code="pl", slug="bydgoski-klaster-przemyslowy")


@pytest.fixture
def news(site_tree):
    return ArticleIndexPage.objects.get(locale__language_code="pl")


@pytest.fixture
def quiet(site_tree):
    """Everything the demo published changed long ago, so that only a test's own changes are recent."""
    for model in (ArticlePage, ClusterPage, Company, Offer):
        model.objects.update(last_published_at=ANCIENT)
    Sector.objects.update(updated_at=ANCIENT)


def backdate(page, when=LONG_AGO):
    type(page).objects.filter(pk=page.pk).update(last_published_at=when)


def tagged(news, title, *tags, live=True):
    page = make_article(news, title=title, live=live)
    page.tags.add(*tags)
    page.save()
    return page


# Several values per filter: repeated or comma-separated, any of them within a field.


@pytest.mark.parametrize(
    "endpoint, name, first, second",
    [
        ("clusters", "voivodeship", "kujawsko-pomorskie", "lodzkie"),
        ("clusters", "sector", "lotnictwo", "energia-odnawialna"),
        ("companies", "voivodeship", "lodzkie", "dolnoslaskie"),
        ("companies", "size", "large", "small"),
        ("companies", "sector", "lotnictwo", "energia-odnawialna"),
        ("offers", "kind", "service", "rd_request"),
        ("offers", "voivodeship", "dolnoslaskie", "kujawsko-pomorskie"),
        ("articles", "tag", "KKK", "EEN"),
    ],
)
def test_a_filter_with_several_values_lists_items_matching_any(client, demo, endpoint, name, first, second):
    one, other = listed(client, endpoint, **{name: first}), listed(client, endpoint, **{name: second})
    assert one and other and one != other
    assert listed(client, endpoint, query=f"{name}={first}&{name}={second}") == one | other
    assert listed(client, endpoint, **{name: f"{first},{second}"}) == one | other


def test_several_clusters_by_id_list_the_members_of_each(client, demo, bkp):
    other = ClusterPage.objects.live().filter(locale__language_code="pl").exclude(pk=bkp.pk).first()
    one, two = listed(client, "companies", cluster=bkp.pk), listed(client, "companies", cluster=other.pk)
    assert listed(client, "companies", cluster=f"{bkp.pk},{other.pk}") == one | two
    assert listed(client, "articles", cluster=f"{bkp.pk},{other.pk}") >= listed(client, "articles", cluster=bkp.pk)


def test_different_filters_must_all_match(client, demo):
    large = listed(client, "companies", "slug", size="large", locale="pl")
    in_lodzkie_or_podkarpackie = listed(client, "companies", "slug", voivodeship="lodzkie,podkarpackie", locale="pl")
    assert listed(client, "companies", "slug", size="large", voivodeship="lodzkie,podkarpackie", locale="pl") == (
        large & in_lodzkie_or_podkarpackie
    )


@pytest.mark.parametrize(
    "query, name",
    [
        ("size=large,huge", "size"),
        ("size=", "size"),
        ("voivodeship=lodzkie,", "voivodeship"),
        ("sector=lotnictwo&sector=no%20spaces", "sector"),
        ("cluster=1,x", "cluster"),
        ("cluster=" + ",".join(str(n) for n in range(1, 60)), "cluster"),
    ],
)
def test_a_bad_value_among_several_answers_400_naming_the_filter(client, demo, query, name):
    data = get(client, f"/api/companies/?{query}", status=400)
    assert name in data["detail"]


def test_a_single_valued_parameter_given_twice_still_answers_400(client, demo):
    data = get(client, "/api/companies/?locale=pl&locale=en", status=400)
    assert "more than once: locale" in data["detail"]


def test_no_hidden_item_is_reachable_by_listing_it_among_several(client, site_tree, news):
    clusters = ClusterIndexPage.objects.get(locale__language_code="pl")
    make_cluster(clusters, title="Jawny", slug="jawny")
    draft = make_cluster(clusters, title="Szkic", slug="szkic", live=False)
    shown, hidden = CompanyFactory(), CompanyFactory(live=False)
    OfferFactory(company=shown, title="Widoczna")
    OfferFactory(company=hidden, title="Ukryta")
    OfferFactory(company=shown, title="Wygasła", valid_until=TODAY - datetime.timedelta(days=1))
    assert listed(client, "offers", "title", company=f"{shown.pk},{hidden.pk}") == {"Widoczna"}
    assert listed(client, "clusters", "title", voivodeship="kujawsko-pomorskie,lodzkie") >= {"Jawny"}
    assert "Szkic" not in listed(client, "clusters", "title", voivodeship="kujawsko-pomorskie,lodzkie")
    assert listed(client, "companies", cluster=f"{draft.pk}") == set()


# Date ranges: ISO dates only.


@pytest.mark.parametrize(
    "endpoint, params, name",
    [
        ("articles", {"date_to": "0"}, "date_to"),
        ("articles", {"date_from": "1700000000"}, "date_from"),
        ("articles", {"date_from": "20200101"}, "date_from"),
        ("articles", {"date_to": "2020-02-30"}, "date_to"),
        ("offers", {"valid_until_to": "0"}, "valid_until_to"),
        ("offers", {"valid_until_from": "tomorrow"}, "valid_until_from"),
        ("offers", {"valid_until_from": "2030-01-02", "valid_until_to": "2030-01-01"}, "valid_until_from"),
    ],
)
def test_a_date_is_an_iso_date_or_400(client, site_tree, endpoint, params, name):
    data = get(client, f"/api/{endpoint}/", status=400, **params)
    assert name in data["detail"]


def test_offers_filter_by_the_last_day_of_their_validity(client, site_tree):
    def day(days):
        return TODAY + datetime.timedelta(days=days)

    company = CompanyFactory()
    for title, valid_until in [("Tydzień", day(7)), ("Kwartał", day(90)), ("Bezterminowa", None), ("Wygasła", day(-1))]:
        OfferFactory(company=company, title=title, valid_until=valid_until)

    def titles(**params):
        return listed(client, "offers", "title", company=company.pk, **params)

    assert titles(valid_until_to=day(30).isoformat()) == {"Tydzień"}
    assert titles(valid_until_from=day(30).isoformat()) == {"Kwartał", "Bezterminowa"}
    assert titles(valid_until_from=day(5).isoformat(), valid_until_to=day(10).isoformat()) == {"Tydzień"}
    # An expired offer stays out even for a range that covers its last day.
    assert titles(valid_until_from=day(-30).isoformat(), valid_until_to=day(0).isoformat()) == set()


# updated_since on every list.


def test_updated_since_lists_only_what_changed_at_or_after_that_time(client, quiet, news):
    old = make_article(news, title="Stary")
    make_article(news, title="Nowy")
    backdate(old)
    moment = (LONG_AGO + datetime.timedelta(days=1)).isoformat()
    assert listed(client, "articles", "title", updated_since=moment) == {"Nowy"}
    assert listed(client, "articles", "title", updated_since=LONG_AGO.isoformat()) == {"Stary", "Nowy"}
    assert listed(client, "articles", "title", updated_since="2001-01-01T00:00:00Z") == {"Stary", "Nowy"}
    # Without an offset the time is UTC: one second later the old article is out.
    assert listed(client, "articles", "title", updated_since="2001-01-01T00:00:01") == {"Nowy"}
    assert listed(client, "articles", "title", updated_since="2001-01-01T01:00:00+01:00") == {"Stary", "Nowy"}


def test_updated_since_follows_the_publishing_of_entries_and_the_saving_of_sectors(client, quiet):
    company = CompanyFactory(name="Zmieniona", live=False)
    company.save_revision().publish()
    untouched = CompanyFactory(name="Dawna")
    Company.objects.filter(pk=untouched.pk).update(last_published_at=LONG_AGO)
    offer = OfferFactory(company=company, live=False)
    offer.save_revision().publish()
    Offer.objects.filter(company=untouched).update(last_published_at=LONG_AGO)
    sector = SectorFactory(name="Świeży")
    Sector.objects.filter(pk=SectorFactory(name="Stary").pk).update(updated_at=LONG_AGO)
    since = (timezone.now() - datetime.timedelta(minutes=5)).isoformat()
    assert listed(client, "companies", "name", updated_since=since) == {"Zmieniona"}
    assert listed(client, "offers", updated_since=since) == {offer.pk}
    assert listed(client, "sectors", updated_since=since) == {sector.pk}
    for endpoint in ("images", "documents", "clusters"):
        get(client, f"/api/{endpoint}/", updated_since=since)


def test_updated_since_never_reaches_a_draft_a_private_page_or_an_expired_offer(client, quiet, news):
    make_article(news, title="Szkic", live=False)
    private = make_article(news, title="Prywatny")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    make_article(news, title="Publiczny")
    OfferFactory(title="Wygasła", valid_until=TODAY - datetime.timedelta(days=1))
    OfferFactory(title="Szkic oferty", live=False)
    since = LONG_AGO.isoformat()
    assert listed(client, "articles", "title", updated_since=since) == {"Publiczny"}
    assert listed(client, "articles", "title", updated_since=since, tag="Klastry,kkk") == set()
    assert listed(client, "offers", "title", updated_since=since) == set()


@pytest.mark.parametrize("value", ["0", "1700000000", "2026-01-01T25:00:00", "yesterday", "2026-01-01T00:00:00+1"])
def test_updated_since_is_an_iso_time_or_400(client, site_tree, value):
    assert "updated_since" in get(client, "/api/articles/", status=400, updated_since=value)["detail"]


# Tags: any letter case, and a list of them.


def test_a_tag_matches_in_any_letter_case(client, demo):
    lower = listed(client, "articles", tag="klastry")
    assert lower
    assert listed(client, "articles", tag="Klastry") == lower
    assert listed(client, "articles", tag="KLASTRY") == lower
    assert listed(client, "articles", tag="kkk,Een") == listed(client, "articles", tag="KKK") | listed(
        client, "articles", tag="EEN"
    )


def test_tags_endpoint_counts_the_public_articles_of_each_tag(client, site_tree, news):
    tagged(news, "Jeden", "Kwantowe")
    tagged(news, "Dwa", "Kwantowe")
    tagged(news, "Trzy", "kwantowe", "Fotonika")
    tagged(news, "Szkic", "Sekretne", "fotonika", live=False)
    private = tagged(news, "Prywatny", "Poufne", "Fotonika")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    data = get(client, "/api/tags/", limit=1000)
    counts = {item["name"].lower(): item["count"] for item in data["items"]}
    assert counts["kwantowe"] == 3, "one tag whatever the letter case"
    assert counts["fotonika"] == 1
    assert not {"sekretne", "poufne"} & set(counts), "tags of drafts and private pages are not listed"
    assert data["total"] == len(data["items"])
    by_count = [item["count"] for item in data["items"]]
    assert by_count == sorted(by_count, reverse=True), "most used first"
    by_name = [item["name"].lower() for item in get(client, "/api/tags/", order="name", limit=1000)["items"]]
    assert by_name == sorted(by_name)
    assert "kwantowe" not in {item["name"].lower() for item in get(client, "/api/tags/", locale="en")["items"]}
    assert listed(client, "articles", "title", tag="KWANTOWE") == {"Jeden", "Dwa", "Trzy"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite folds the case of ASCII letters only")
def test_a_tag_with_polish_letters_matches_in_any_letter_case(client, site_tree, news):
    tagged(news, "Łódź", "Łódzkie")
    tagged(news, "Lodz", "łódzkie")
    assert listed(client, "articles", "title", tag="ŁÓDZKIE") == {"Łódź", "Lodz"}
    counts = {item["name"].lower(): item["count"] for item in get(client, "/api/tags/", limit=1000)["items"]}
    assert counts["łódzkie"] == 2


def test_tags_endpoint_follows_the_locale(client, demo):
    english = {item["name"] for item in get(client, "/api/tags/", locale="en")["items"]}
    polish = {item["name"] for item in get(client, "/api/tags/", locale="pl")["items"]}
    assert "clusters" in english and "clusters" not in polish
    assert "klastry" in polish and "klastry" not in english


def test_tags_endpoint_refuses_unknown_parameters(client, site_tree):
    assert "colour" in get(client, "/api/tags/", status=400, colour="red")["detail"]
    assert "locale" in get(client, "/api/tags/", status=400, locale="de")["detail"]


# Order and a client's own parameters.


@pytest.mark.parametrize("endpoint", ["articles", "clusters", "companies", "offers", "sectors", "images", "documents"])
def test_every_list_sorts_by_order_either_way(client, demo, endpoint):
    ascending = [item["id"] for item in get(client, f"/api/{endpoint}/", order="id", limit=100)["items"]]
    descending = [item["id"] for item in get(client, f"/api/{endpoint}/", order="-id", limit=100)["items"]]
    assert ascending == sorted(ascending) and descending == list(reversed(ascending))


def test_entries_sort_by_when_they_were_last_published(client, site_tree):
    first, second = CompanyFactory(name="B"), CompanyFactory(name="A")
    Company.objects.filter(pk=first.pk).update(last_published_at=LONG_AGO)
    Company.objects.filter(pk=second.pk).update(last_published_at=timezone.now())
    newest_first = [item["id"] for item in get(client, "/api/companies/", order="-last_published_at")["items"]]
    oldest_first = [item["id"] for item in get(client, "/api/companies/", order="last_published_at")["items"]]
    assert newest_first.index(second.pk) < newest_first.index(first.pk)
    assert oldest_first.index(first.pk) < oldest_first.index(second.pk)


def test_parameters_starting_with_underscore_are_ignored(client, demo):
    plain = get(client, "/api/companies/", locale="pl")
    assert get(client, "/api/companies/?_=1733300000000&locale=pl") == plain
    assert get(client, "/api/companies/?_ts=1&_=2&locale=pl") == plain
    assert get(client, f"/api/companies/{plain['items'][0]['id']}/?_=123")["id"] == plain["items"][0]["id"]
    assert get(client, "/api/tags/?_=1")["total"] >= 1
    assert "Unknown query parameter(s): ts" in get(client, "/api/companies/?ts=1", status=400)["detail"]


# The OpenAPI document says all of it.


def test_openapi_describes_array_filters_ranges_and_the_tags_endpoint(client, demo):
    openapi = get(client, "/api/openapi.json")

    def parameters(endpoint):
        operation = openapi["paths"][f"/api/{endpoint}/"]["get"]
        return {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}

    size = parameters("companies")["size"]
    assert size["explode"] is True and size["style"] == "form"
    assert "array" in str(size["schema"])
    assert "explode" not in parameters("companies")["locale"]
    cluster = parameters("companies")["cluster"]["schema"]["anyOf"][0]
    assert cluster["type"] == "array" and cluster["items"]["minimum"] == 1
    assert {"valid_until_from", "valid_until_to", "updated_since"} <= set(parameters("offers"))
    for endpoint in ("articles", "clusters", "companies", "offers", "sectors", "images", "documents"):
        assert "updated_since" in parameters(endpoint)
    assert set(parameters("tags")) == {"locale", "order", "limit", "offset"}
    assert "`_`" in openapi["info"]["description"]
