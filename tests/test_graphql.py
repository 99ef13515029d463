"""/graphql/ shows what /api/ shows: only public content, searched alike, with limits on what one query may cost."""

import datetime
import json

from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from articles.models import ArticleIndexPage, ArticleRelatedCluster
from clusters.models import ClusterIndexPage, ClusterMember, ClusterPage
from registry.models import Sector
from tests.factories import CompanyFactory, OfferFactory, make_article, make_cluster

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def graphql(client, query, language="en", **variables):
    response = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
        headers={"Accept-Language": language},
    )
    assert response.status_code == 200, response.content
    return response.json()


def data(client, query, **variables):
    answer = graphql(client, query, **variables)
    assert "errors" not in answer, answer
    return answer["data"]


def error(client, query, language="en", **variables):
    answer = graphql(client, query, language=language, **variables)
    assert answer.get("errors"), answer
    return answer["errors"][0]["message"]


@pytest.fixture
def news(demo):
    return ArticleIndexPage.objects.get(locale__language_code="pl")


@pytest.fixture
def cluster_index(demo):
    return ClusterIndexPage.objects.get(locale__language_code="pl")


@pytest.fixture
def bkp(demo):
    return ClusterPage.objects.get(locale__language_code="pl", slug="bydgoski-klaster-przemyslowy")


LISTS = """
query Lists($search: String) {
  articles(locale: "pl", limit: 100, search: $search) { total items { id title relatedClusters { id title } } }
  clusters(locale: "pl", limit: 100, search: $search) {
    total
    items { id title coordinator { id name } members { id name } sectors { name } }
  }
  companies(locale: "pl", limit: 100, search: $search) { total items { id name } }
  offers(locale: "pl", limit: 100, search: $search) { total items { id title company { id name } } }
}
"""


def test_drafts_private_pages_and_unpublished_snippets_never_appear(client, news, cluster_index, bkp):
    draft_article = make_article(news, title="Szkic artykułu", slug="szkic-gql", live=False)
    private_article = make_article(news, title="Prywatny artykuł", slug="prywatny-gql")
    PageViewRestriction.objects.create(page=private_article, restriction_type="password", password="x")
    changed = make_article(news, title="Wersja opublikowana", slug="zmieniony-gql")
    changed.title = "Zmiana w szkicu"
    changed.save_revision()
    draft_cluster = make_cluster(cluster_index, title="Klaster w szkicu", slug="klaster-szkic-gql", live=False)
    private_cluster = make_cluster(cluster_index, title="Klaster prywatny", slug="klaster-prywatny-gql")
    PageViewRestriction.objects.create(page=private_cluster, restriction_type="login")
    ArticleRelatedCluster.objects.create(article=changed, cluster=draft_cluster)
    ArticleRelatedCluster.objects.create(article=changed, cluster=bkp)
    draft_company = CompanyFactory(name="Firma w szkicu", live=False)
    ClusterMember.objects.create(cluster=bkp, company=draft_company)
    ClusterPage.objects.filter(pk=bkp.pk).update(coordinator=draft_company)
    expired = OfferFactory(title="Oferta wygasła", valid_until=YESTERDAY)
    of_draft_company = OfferFactory(title="Oferta firmy w szkicu", company=draft_company)
    draft_offer = OfferFactory(title="Oferta w szkicu", live=False)

    found = data(client, LISTS)
    everything = json.dumps(found, ensure_ascii=False)
    for hidden in (draft_article, private_article, draft_cluster, private_cluster, expired, of_draft_company):
        assert hidden.title not in everything
    for text in ("Zmiana w szkicu", "Firma w szkicu", draft_offer.title):
        assert text not in everything
    for kind in ("articles", "clusters", "companies", "offers"):
        assert found[kind]["total"] == len(found[kind]["items"]), "the total counts only what is shown"

    article = next(item for item in found["articles"]["items"] if item["id"] == changed.pk)
    assert article["title"] == "Wersja opublikowana"
    assert [cluster["id"] for cluster in article["relatedClusters"]] == [bkp.pk]
    cluster = next(item for item in found["clusters"]["items"] if item["id"] == bkp.pk)
    assert cluster["members"] and cluster["coordinator"] is None
    # Asked for more than REST's references carry, the members are read whole: still only published ones.
    members = data(client, "query($id: Int) { cluster(id: $id) { members { id name sectors { name } } } }", id=bkp.pk)
    assert members["cluster"]["members"]
    assert draft_company.pk not in [member["id"] for member in members["cluster"]["members"]]

    # Each asked for by its own kind: pages and companies number their rows apart, so a company may
    # share its id with a published page.
    for field, obj in (
        ("article", draft_article),
        ("article", private_article),
        ("cluster", draft_cluster),
        ("cluster", private_cluster),
        ("company", draft_company),
    ):
        assert data(client, f"query($id: Int) {{ {field}(id: $id) {{ id }} }}", id=obj.pk) == {field: None}
    for offer in (expired, of_draft_company, draft_offer):
        assert data(client, "query($id: Int) { offer(id: $id) { title } }", id=offer.pk) == {"offer": None}
    by_slug = '{ article(slug: "szkic-gql", locale: "pl") { title } cluster(slug: "klaster-prywatny-gql") { title } }'
    assert data(client, by_slug) == {"article": None, "cluster": None}

    for query in ("szkic", "prywatny", "wygasła"):
        searched = data(client, LISTS, search=query)
        assert {searched[kind]["total"] for kind in searched} == {0}, query


def test_polish_search_finds_inflected_forms_as_rest_does(client, demo):
    query = '{ articles(search: "klastrów", locale: "pl", limit: 50) { total items { id title } } }'
    found = data(client, query)["articles"]
    rest = client.get("/api/articles/", {"search": "klastrów", "locale": "pl", "limit": 50}).json()
    assert found["total"] > 0
    assert [item["id"] for item in found["items"]] == [item["id"] for item in rest["items"]]
    assert any("klast" in item["title"].lower() for item in found["items"])


def test_items_carry_the_same_values_as_rest(client, demo):
    rest = client.get("/api/clusters/", {"fields": "*", "locale": "en", "limit": 3}).json()["items"]
    query = """{ clusters(locale: "en", limit: 3) { items {
        id url apiUrl title voivodeship { code label } translations { locale id url }
        members { id name url } sectors { id name slug } isKeyNationalCluster description } } }"""
    items = data(client, query)["clusters"]["items"]
    for ours, theirs in zip(items, rest, strict=True):
        assert ours["id"] == theirs["id"] and ours["url"] == theirs["url"]
        assert ours["apiUrl"] == theirs["api_url"]
        assert ours["voivodeship"] == theirs["voivodeship"]  # the label in English, as REST gives it
        assert ours["translations"] == [{k: t[k] for k in ("locale", "id", "url")} for t in theirs["translations"]]
        assert ours["members"] == [{k: m[k] for k in ("id", "name", "url")} for m in theirs["members"]]
        assert ours["sectors"] == [{k: s[k] for k in ("id", "name", "slug")} for s in theirs["sectors"]]
        assert ours["description"] == theirs["description"]
        assert ours["isKeyNationalCluster"] == theirs["is_key_national_cluster"]


def test_filters_and_pagination_choose_the_items_as_rest_does(client, demo):
    query = """query($offset: Int) {
        companies(locale: "pl", size: ["micro", "small"], order: "-name", limit: 3, offset: $offset) {
            total limit offset items { id size { code } } } }"""
    pages = [data(client, query, offset=offset)["companies"] for offset in (0, 3)]
    rest = client.get("/api/companies/", {"locale": "pl", "size": "micro,small", "order": "-name", "limit": 6}).json()
    assert [item["id"] for page in pages for item in page["items"]] == [item["id"] for item in rest["items"]]
    assert {page["total"] for page in pages} == {rest["total"]}
    assert pages[1]["offset"] == 3 and pages[1]["limit"] == 3
    assert {item["size"]["code"] for page in pages for item in page["items"]} <= {"micro", "small"}


@pytest.mark.parametrize(
    "language, message",
    [("pl", "Wartość powinna być mniejsza lub równa 100"), ("en", "Input should be less than or equal to 100")],
)
def test_bad_arguments_are_refused_in_the_clients_language(client, demo, language, message):
    refused = error(client, '{ articles(limit: 500, locale: "pl") { total } }', language=language)
    assert message in refused and "limit" in refused
    unknown_locale = error(client, '{ offers(locale: "xx") { total } }', language=language)
    assert "locale" in unknown_locale


def test_bad_values_are_errors_never_server_errors(client, demo):
    for query in (
        '{ articles(dateFrom: "2024-05-01", dateTo: "2024-01-01") { total } }',
        '{ articles(search: "klaster\\u0000") { total } }',
        '{ clusters(order: "password") { total } }',
        '{ article(slug: "a/b") { title } }',
        "{ article { title } }",
        "{ nonsense }",
        "mutation { articles { total } }",
    ):
        assert graphql(client, query).get("errors"), query
    assert client.post("/graphql/", "{not json", content_type="application/json").status_code == 400


def test_a_request_that_is_no_query_is_told_why_in_json_in_polish(client, demo):
    polish = {"Accept-Language": "pl"}
    cases = (
        (client.post("/graphql/", "{not json", content_type="application/json", headers=polish), 400),
        (client.get("/graphql/", headers=polish), 400),
        (client.put("/graphql/", "{}", content_type="application/json", headers=polish), 405),
        (client.post("/graphql/", "query=x", content_type="text/csv", headers=polish), 400),
    )
    messages = []
    for response, status in cases:
        assert response.status_code == status
        assert response["Content-Type"] == "application/json"
        messages.append(response.json()["errors"][0]["message"])
    assert messages[0] == "Treść żądania nie jest poprawnym JSON-em."
    assert messages[1].startswith("Żądanie nie zawiera zapytania GraphQL")
    assert messages[2] == "GraphQL przyjmuje tylko żądania GET i POST."


DEEP = """{ articles(limit: 1) { items { relatedClusters { members { logo { renditions { thumbnail { url }
}}}}}}}"""
SEVEN_DEEP = "{ articles(limit: 1) { items { relatedClusters { members { sectors { translations { locale } } } } } } }"


def test_a_query_deeper_than_the_limit_is_refused(client, demo):
    answer = graphql(client, DEEP)
    assert answer.get("data") is None
    assert "too deeply" in answer["errors"][0]["message"]
    assert "errors" not in graphql(client, SEVEN_DEEP)


def test_a_refused_query_is_told_why_in_polish(client, demo):
    deep = graphql(client, DEEP, language="pl")
    assert deep["errors"][0]["message"] == (
        "Zapytanie zagnieżdża pola zbyt głęboko: najwyżej 6 poziomów poniżej pola głównego."
    )
    many = "{ " + " ".join(f"a{i}: articles(offset: {i}) {{ total }}" for i in range(20)) + " }"
    assert graphql(client, many, language="pl")["errors"][0]["message"] == (
        "Zapytanie używa zbyt wielu aliasów: najwyżej 10."
    )
    long = "{ " + " ".join("articles { total }" for _ in range(600)) + " }"
    assert graphql(client, long, language="pl")["errors"][0]["message"] == (
        "Zapytanie jest zbyt długie: najwyżej 2000 tokenów."
    )


def test_many_aliases_are_refused(client, demo):
    many = "{ " + " ".join(f"a{i}: articles(offset: {i}) {{ total }}" for i in range(20)) + " }"
    answer = graphql(client, many)
    assert answer.get("data") is None and answer["errors"]


NESTED = """query($limit: Int) {
  clusters(locale: "pl", limit: $limit, order: "title") {
    items {
      title translations { locale url }
      coordinator { name sectors { name } }
      members { name voivodeship { label } sectors { name translations { locale } } }
      sectors { name }
    }
  }
  articles(locale: "pl", limit: $limit) {
    items { title tags headerImage { alt } relatedClusters { title members { name size { label } } } }
  }
  offers(locale: "pl", limit: $limit) { items { title kind { label } company { name logo { url } sectors { name } } } }
}"""


# Three lists, each with two levels of relations, cost 29 queries today.
CEILING = 35


def counted(client, limit):
    with CaptureQueriesContext(connection) as context:
        found = data(client, NESTED, limit=limit)
    return len(context.captured_queries), found


def test_fifty_items_with_related_items_cost_as_many_queries_as_five(client, news, cluster_index, bkp):
    sectors = list(Sector.objects.filter(locale__language_code="pl")[:2])
    for i in range(50):
        company = CompanyFactory(name=f"Aaa Firma {i:02d}")
        company.sectors.set(sectors)
        company.save()  # parental many-to-many relations are written on save
        offer = OfferFactory(company=company)
        offer.sectors.set(sectors)
        offer.save()
        cluster = make_cluster(cluster_index, title=f"Aaa Klaster {i:02d}", slug=f"aaa-klaster-gql-{i}")
        cluster.sectors.set(sectors)
        cluster.coordinator = company
        cluster.save()
        ClusterMember.objects.create(cluster=cluster, company=company)
        ClusterMember.objects.create(cluster=cluster, company=CompanyFactory(live=False))
        if i < 20:
            article = make_article(news, title=f"Wiadomość {i}", slug=f"wiadomosc-gql-{i}")
            article.tags.add("klastry")
            ArticleRelatedCluster.objects.create(article=article, cluster=cluster)
            ArticleRelatedCluster.objects.create(article=article, cluster=bkp)

    counted(client, 50)  # the first answer makes the image renditions
    few, found_few = counted(client, 5)
    many, found_many = counted(client, 50)
    assert [len(found_many[kind]["items"]) for kind in ("clusters", "offers")] == [50, 50]
    assert len(found_many["articles"]["items"]) > 20
    assert found_many["clusters"]["items"][0]["members"][0]["sectors"], "the relations are filled in"
    assert found_many["articles"]["items"][0]["relatedClusters"][0]["members"]
    assert few == many, f"{few} queries for 5 items of each list, {many} for 50"
    assert many <= CEILING


def test_the_address_chooses_renditions_as_in_rest(client, demo):
    query = json.dumps({"query": "{ images(limit: 1) { items { chosenRenditions { spec width } } } }"})
    response = client.post("/graphql/?renditions=width-400", query, content_type="application/json")
    chosen = response.json()["data"]["images"]["items"][0]["chosenRenditions"]
    assert [rendition["spec"] for rendition in chosen] == ["width-400"]
    response = client.post(
        "/graphql/?renditions=width-401", query, content_type="application/json", headers={"Accept-Language": "pl"}
    )
    assert response.status_code == 200
    assert "Nieznane" in response.json()["errors"][0]["message"]


def test_graphiql_is_served_from_our_own_files_only_with_debug(client, settings, demo):
    settings.DEBUG = True
    page = client.get("/graphql/", headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.content.decode()
    scripts = [part.split('"')[1] for part in html.split("<script src=")[1:]]
    assert scripts and all(src.startswith("/static/api/graphiql/") for src in scripts)
    assert all(finders.find(src.removeprefix("/static/")) for src in scripts)
    assert "no-cache" in page["Cache-Control"]

    settings.DEBUG = False
    page = client.get("/graphql/", headers={"Accept": "text/html"})
    assert page.status_code == 400
    assert "graphiql" not in page.content.decode().lower()


def test_queries_need_no_csrf_token(demo):
    client = Client(enforce_csrf_checks=True)
    query = json.dumps({"query": "{ sectors(limit: 1) { total } }"})
    response = client.post("/graphql/", query, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["data"]["sectors"]["total"] > 0


def test_queries_come_by_get_too_and_are_not_cached(client, demo):
    response = client.get("/graphql/", {"query": "{ sectors(limit: 2) { total items { name } } }"})
    assert response.status_code == 200
    assert len(response.json()["data"]["sectors"]["items"]) == 2
    assert "no-cache" in response["Cache-Control"]


def test_allowed_origin_gets_cors_headers(client, settings, demo):
    settings.CORS_ALLOWED_ORIGINS = ["https://partner.example.com"]
    response = client.get(
        "/graphql/", {"query": "{ sectors { total } }"}, headers={"Origin": "https://partner.example.com"}
    )
    assert response["Access-Control-Allow-Origin"] == "https://partner.example.com"
