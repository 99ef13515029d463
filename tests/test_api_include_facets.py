"""Lists and items bring related items whole with `include=`, and lists count their items per value with
`facets=`: only published things, over the whole filtered list, in a fixed number of queries."""

from collections import Counter

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Locale

import pytest

from articles.models import ArticleIndexPage, ArticleRelatedCluster
from clusters.models import ClusterIndexPage, ClusterMember
from registry.models import Company
from tests.factories import CompanyFactory, OfferFactory, make_article, make_cluster

pytestmark = pytest.mark.django_db


def get(client, path, status=200, **params):
    response = client.get(path, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def detail(client, endpoint, pk):
    return get(client, f"/api/{endpoint}/{pk}/")


@pytest.fixture
def cluster_index(site_tree):
    return ClusterIndexPage.objects.get(locale__language_code="pl")


@pytest.fixture
def cluster_with_companies(cluster_index):
    """A cluster coordinated by one of its members, with another published member and a draft one."""
    coordinator = CompanyFactory(name="Koordynator Sp. z o.o.", voivodeship="mazowieckie")
    member = CompanyFactory(name="Członek Sp. z o.o.")
    draft = CompanyFactory(name="Szkic Sp. z o.o.", live=False)
    cluster = make_cluster(cluster_index, title="Aaa Klaster Testowy", slug="aaa-klaster-testowy")
    cluster.coordinator = coordinator
    cluster.save()
    for company in (coordinator, member, draft):
        ClusterMember.objects.create(cluster=cluster, company=company)
    return cluster, coordinator, member, draft


# include=


def test_clusters_include_their_published_members_and_coordinator_whole_and_once(client, cluster_with_companies):
    cluster, coordinator, member, draft = cluster_with_companies
    data = get(client, "/api/clusters/", locale="pl", limit=1, include="members,coordinator")
    assert [item["id"] for item in data["items"]] == [cluster.pk]
    companies = data["included"]["companies"]
    # Each company as its own endpoint gives it, the coordinator once although it is a member too.
    assert companies == [detail(client, "companies", coordinator.pk), detail(client, "companies", member.pk)]
    assert draft.pk not in {company["id"] for company in companies}
    assert "Szkic" not in str(data)


def test_an_unpublished_member_is_not_included(client, cluster_with_companies):
    cluster, _coordinator, member, _draft = cluster_with_companies
    Company.objects.filter(pk=member.pk).update(live=False)
    data = get(client, f"/api/clusters/{cluster.pk}/", include="members")
    assert {company["id"] for company in data["included"]["companies"]} == {cluster.coordinator_id}


def test_including_a_relation_brings_its_summary_field(client, cluster_with_companies):
    cluster, coordinator, _member, _draft = cluster_with_companies
    data = get(client, "/api/clusters/", locale="pl", limit=1, fields="title", include="coordinator")
    assert set(data["items"][0]) >= {"title", "coordinator"} and "members" not in data["items"][0]
    assert data["items"][0]["coordinator"]["id"] == coordinator.pk
    assert [company["id"] for company in data["included"]["companies"]] == [coordinator.pk]
    assert "included" not in get(client, "/api/clusters/", locale="pl", limit=1)


def test_cluster_detail_and_by_slug_include_companies(client, cluster_with_companies):
    cluster, coordinator, member, _draft = cluster_with_companies
    expected = [detail(client, "companies", coordinator.pk), detail(client, "companies", member.pk)]
    one = get(client, f"/api/clusters/{cluster.pk}/", include="members,coordinator")
    assert one["included"] == {"companies": expected}
    by_slug = get(client, f"/api/clusters/by-slug/{cluster.slug}/", locale="pl", include="members")
    assert by_slug["included"] == {"companies": expected}
    assert "included" not in detail(client, "clusters", cluster.pk)


def test_articles_include_their_published_clusters_whole(client, cluster_index, cluster_with_companies):
    cluster = cluster_with_companies[0]
    hidden = make_cluster(cluster_index, title="Aaa Klaster Ukryty", slug="aaa-klaster-ukryty", live=False)
    news = ArticleIndexPage.objects.get(locale__language_code="pl")
    article = make_article(news, title="O klastrze", slug="o-klastrze")
    ArticleRelatedCluster.objects.create(article=article, cluster=cluster)
    ArticleRelatedCluster.objects.create(article=article, cluster=hidden)
    data = get(client, "/api/articles/", cluster=cluster.pk, fields="title", include="clusters")
    assert [item["id"] for item in data["items"]] == [article.pk]
    assert [ref["id"] for ref in data["items"][0]["related_clusters"]] == [cluster.pk]
    assert data["included"] == {"clusters": [detail(client, "clusters", cluster.pk)]}
    one = get(client, f"/api/articles/by-slug/{article.slug}/", locale="pl", include="clusters")
    assert one["included"] == data["included"]


def test_offers_include_their_company_whole(client, site_tree):
    company = CompanyFactory(name="Oferent Sp. z o.o.")
    first, second = OfferFactory(company=company), OfferFactory(company=company)
    data = get(client, "/api/offers/", company=company.pk, include="company")
    assert {item["id"] for item in data["items"]} == {first.pk, second.pk}
    assert data["included"] == {"companies": [detail(client, "companies", company.pk)]}
    assert get(client, f"/api/offers/{first.pk}/", include="company")["included"] == data["included"]


def test_including_members_costs_the_same_queries_for_5_clusters_as_for_25(client, cluster_index):
    for i in range(25):
        cluster = make_cluster(cluster_index, title=f"Aaa Klaster {i:02d}", slug=f"aaa-klaster-{i}")
        cluster.coordinator = CompanyFactory(voivodeship="opolskie")
        cluster.save()
        ClusterMember.objects.create(cluster=cluster, company=cluster.coordinator)
        ClusterMember.objects.create(cluster=cluster, company=CompanyFactory())
        ClusterMember.objects.create(cluster=cluster, company=CompanyFactory(live=False))

    def queries(limit):
        with CaptureQueriesContext(connection) as context:
            data = get(client, "/api/clusters/", locale="pl", limit=limit, include="members,coordinator")
        assert len(data["items"]) == limit and len(data["included"]["companies"]) == 2 * limit
        return len(context.captured_queries)

    queries(25)  # the list's total is counted once and kept
    assert queries(5) == queries(25)


# Refusals and documentation


def in_polish(message):
    with translation.override("pl"):
        return gettext(message)


@pytest.mark.parametrize(
    "path, name, allowed",
    [
        ("/api/clusters/?include=sectors", "include", "'members', 'coordinator'"),
        ("/api/companies/?include=members", "include", None),  # companies include nothing
        ("/api/offers/1/?include=members", "include", "'company'"),
        ("/api/clusters/?facets=voivodeship,colour", "facets", "'voivodeship', 'sector'"),
        ("/api/offers/?facets=size", "facets", "'kind', 'sector', 'voivodeship'"),
    ],
)
def test_an_unknown_include_or_facet_answers_400_in_polish_naming_what_is_allowed(client, demo, path, name, allowed):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="pl-PL,pl;q=0.9")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Language"] == "pl"
    detail = response.json()["detail"]
    assert name in detail
    if allowed:
        expected = in_polish("Input should be one of: %(expected)s") % {"expected": allowed}
        assert expected in detail and expected != "Input should be one of: " + allowed
    else:
        polish = in_polish("Unknown query parameter(s): %(unknown)s. This endpoint takes: %(allowed)s.")
        assert detail.startswith(polish.split("%(unknown)s")[0] + name)
        assert not detail.startswith("Unknown")


def test_the_openapi_document_enumerates_include_and_facets_and_types_the_answers(client, demo):
    document = get(client, "/api/openapi.json")

    def enum(path, name):
        (parameter,) = [p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name]
        (array,) = [option for option in parameter["schema"]["anyOf"] if option.get("type") == "array"]
        return array["items"]["enum"]

    for endpoint, includes in [("articles", ["clusters"]), ("clusters", ["members", "coordinator"])]:
        for path in (f"/api/{endpoint}/", f"/api/{endpoint}/{{pk}}/", f"/api/{endpoint}/by-slug/{{slug}}/"):
            assert enum(path, "include") == includes
    assert enum("/api/offers/{pk}/", "include") == ["company"]
    assert enum("/api/clusters/", "facets") == ["voivodeship", "sector"]
    assert enum("/api/companies/", "facets") == ["voivodeship", "sector", "size"]
    assert enum("/api/offers/", "facets") == ["kind", "sector", "voivodeship"]
    assert enum("/api/articles/", "facets") == ["tag", "year"]
    schemas = document["components"]["schemas"]
    assert "included" not in schemas["ClusterList"]["required"]
    assert schemas["ClusterIncluded"]["properties"]["companies"]["items"] == {"$ref": "#/components/schemas/Company"}
    assert schemas["ArticleIncluded"]["properties"]["clusters"]["items"] == {"$ref": "#/components/schemas/Cluster"}
    # An item read on its own may carry `included`; a list's items never do (the list does).
    assert schemas["Cluster"]["properties"]["included"]["allOf"] == [{"$ref": "#/components/schemas/ClusterIncluded"}]
    assert "included" not in schemas["Cluster"]["required"]
    assert "included" not in schemas["ClusterInList"]["properties"]
    voivodeships = schemas["CompanyFacets"]["properties"]["voivodeship"]["items"]["$ref"]
    assert schemas[voivodeships.rsplit("/", 1)[1]]["properties"]["code"] == {"$ref": "#/components/schemas/Voivodeship"}


# facets=


def every_item(client, endpoint, **params):
    items, offset = [], 0
    while True:
        data = get(client, f"/api/{endpoint}/", limit=100, offset=offset, **params)
        items += data["items"]
        offset += 100
        if offset >= data["total"]:
            return items


def as_counts(facet):
    return {value["code"]: value["count"] for value in facet}


def assert_largest_first(facet):
    assert facet, "something is counted"
    keys = [(-value["count"], value["label"].casefold()) for value in facet]
    assert keys == sorted(keys)
    assert all(value["count"] > 0 for value in facet)


def test_facets_count_the_whole_filtered_list_not_the_page(client, demo):
    params = {"locale": "pl", "size": "small,micro"}
    data = get(client, "/api/companies/", limit=1, facets="voivodeship,size,sector", fields="*", **params)
    items = every_item(client, "companies", fields="*", **params)
    assert data["total"] == len(items) > 1
    facets = data["facets"]
    assert as_counts(facets["voivodeship"]) == Counter(item["voivodeship"]["code"] for item in items)
    assert as_counts(facets["size"]) == Counter(item["size"]["code"] for item in items)
    assert set(as_counts(facets["size"])) <= {"small", "micro"}
    assert as_counts(facets["sector"]) == Counter(sector["slug"] for item in items for sector in item["sectors"])
    for facet in facets.values():
        assert_largest_first(facet)
    labels = {value["code"]: value["label"] for value in facets["voivodeship"]}
    assert all(labels[item["voivodeship"]["code"]] == item["voivodeship"]["label"] for item in items)


@pytest.mark.parametrize("params", [{"search": "cluster"}, {"search": "cluster", "sector": "przemysl-metalowy"}])
def test_facets_follow_search_and_label_in_the_language_of_the_list(client, demo, params):
    params = {"locale": "en", **params}
    data = get(client, "/api/clusters/", facets="voivodeship,sector", fields="*", **params)
    items = every_item(client, "clusters", fields="*", **params)
    assert data["total"] == len(items) > 0
    # Labelled in English, as the English items label their own values.
    labels = {value["code"]: value["label"] for value in data["facets"]["voivodeship"]}
    assert labels == {item["voivodeship"]["code"]: item["voivodeship"]["label"] for item in items}
    assert as_counts(data["facets"]["voivodeship"]) == Counter(item["voivodeship"]["code"] for item in items)
    sectors = {sector["slug"]: sector["name"] for item in items for sector in item["sectors"]}
    assert {value["code"]: value["label"] for value in data["facets"]["sector"]} == sectors


def test_only_published_companies_in_the_locale_asked_are_counted(client, demo):
    def in_mazowieckie():
        data = get(client, "/api/companies/", locale="pl", facets="voivodeship", limit=1)
        return as_counts(data["facets"]["voivodeship"]).get("mazowieckie", 0)

    before = in_mazowieckie()
    CompanyFactory(name="Szkic Mazowiecki", voivodeship="mazowieckie", live=False)
    CompanyFactory(name="Mazovian Ltd", voivodeship="mazowieckie", locale=Locale.objects.get(language_code="en"))
    assert in_mazowieckie() == before
    CompanyFactory(name="Nowa Mazowiecka", voivodeship="mazowieckie")
    assert in_mazowieckie() == before + 1


def test_offer_facets_count_kinds_and_their_companies_voivodeships(client, demo):
    params = {"locale": "pl", "kind": "service,business_offer"}
    data = get(client, "/api/offers/", facets="kind,voivodeship,sector", limit=1, fields="*", **params)
    items = every_item(client, "offers", fields="*", **params)
    assert as_counts(data["facets"]["kind"]) == Counter(item["kind"]["code"] for item in items)
    assert set(as_counts(data["facets"]["kind"])) <= {"service", "business_offer"}
    voivodeships = Counter(item["company"]["voivodeship"]["code"] for item in items)
    assert as_counts(data["facets"]["voivodeship"]) == voivodeships


def test_article_facets_count_tags_and_years(client, demo):
    data = get(client, "/api/articles/", locale="pl", facets="tag,year", limit=1, fields="*")
    items = every_item(client, "articles", locale="pl", fields="*")
    assert as_counts(data["facets"]["year"]) == Counter(int(item["date"][:4]) for item in items)
    tags = Counter(tag for item in items for tag in {tag.casefold() for tag in item["tags"]})
    assert {code.casefold(): count for code, count in as_counts(data["facets"]["tag"]).items()} == tags


def test_each_facet_costs_one_query(client, demo):
    def queries(**params):
        with CaptureQueriesContext(connection) as context:
            get(client, "/api/companies/", locale="pl", size="small", **params)
        return len(context.captured_queries)

    queries()  # the list's total is counted once and kept
    plain = queries()
    assert queries(facets="voivodeship") == plain + 1
    assert queries(facets="voivodeship,size,sector") == plain + 3
