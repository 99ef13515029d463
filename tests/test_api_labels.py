"""Coded values come with their labels in the item's language; the schema names each code list once
and requires every field of an item read on its own."""

import json

import pytest

from clusters.models import ClusterPage
from registry.models import Company, Offer

pytestmark = pytest.mark.django_db


def get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


def company(language):
    return Company.objects.get(slug="metalplast-bydgoszcz", locale__language_code=language)


def offer(language):
    slug = {"pl": "obrobka-cnc-krotkie-serie", "en": "short-run-cnc-machining"}[language]
    return Offer.objects.get(slug=slug, locale__language_code=language)


@pytest.fixture
def openapi(client, demo):
    return get(client, "/api/openapi.json")


@pytest.mark.parametrize(
    "language, voivodeship, size, legal_form",
    [
        (
            "pl",
            "kujawsko-pomorskie",
            "średnie (50–249 pracowników)",
            "spółka z ograniczoną odpowiedzialnością (sp. z o.o.)",
        ),
        ("en", "Kuyavian-Pomeranian", "medium (50–249 employees)", "limited liability company (sp. z o.o.)"),
    ],
)
def test_company_codes_come_with_labels_in_its_language(client, demo, language, voivodeship, size, legal_form):
    item = get(client, f"/api/companies/{company(language).pk}/")
    assert item["voivodeship"] == {"code": "kujawsko-pomorskie", "label": voivodeship}
    assert item["size"] == {"code": "medium", "label": size}
    assert item["legal_form"] == {"code": "spzoo", "label": legal_form}


@pytest.mark.parametrize(
    "language, kind, cooperation, voivodeship",
    [
        ("pl", "oferta biznesowa", ["podwykonawstwo", "umowa produkcyjna"], "kujawsko-pomorskie"),
        ("en", "business offer", ["subcontracting", "manufacturing agreement"], "Kuyavian-Pomeranian"),
    ],
)
def test_offer_kind_cooperation_and_company_region_are_labelled(client, demo, language, kind, cooperation, voivodeship):
    item = get(client, f"/api/offers/{offer(language).pk}/")
    assert item["kind"] == {"code": "business_offer", "label": kind}
    assert [value["code"] for value in item["cooperation_types"]] == ["subcontracting", "manufacturing"]
    assert [value["label"] for value in item["cooperation_types"]] == cooperation
    assert item["company"]["voivodeship"] == {"code": "kujawsko-pomorskie", "label": voivodeship}


def test_labels_follow_each_item_not_the_readers_language(client, demo):
    query = {"locale": "en", "voivodeship": "kujawsko-pomorskie", "fields": "voivodeship"}
    response = client.get("/api/companies/", query, HTTP_ACCEPT_LANGUAGE="pl")
    assert {item["voivodeship"]["label"] for item in response.json()["items"]} == {"Kuyavian-Pomeranian"}
    listed = get(client, "/api/offers/", locale="pl", fields="kind")
    assert "oferta biznesowa" in {item["kind"]["label"] for item in listed["items"]}


def test_cluster_excellence_label_is_labelled_and_null_without_one(client, demo):
    bkp = ClusterPage.objects.get(locale__language_code="pl", slug="bydgoski-klaster-przemyslowy")
    assert get(client, f"/api/clusters/{bkp.pk}/")["excellence_label"] == {"code": "silver", "label": "srebrny"}
    ClusterPage.objects.filter(pk=bkp.pk).update(excellence_label="")
    assert get(client, f"/api/clusters/{bkp.pk}/")["excellence_label"] is None


@pytest.mark.parametrize(
    "enum, values",
    [
        ("Voivodeship", 16),
        ("CompanySize", len(Company.Size.values)),
        ("LegalForm", len(Company.LegalForm.values)),
        ("OfferKind", len(Offer.Kind.values)),
        ("CooperationType", len(Offer.CooperationType.values)),
        ("ExcellenceLabel", len(ClusterPage.ExcellenceLabel.values)),
        ("Locale", 2),
    ],
)
def test_each_code_list_is_one_named_enum_referenced_everywhere(openapi, enum, values):
    assert len(openapi["components"]["schemas"][enum]["enum"]) == values
    document = json.dumps(openapi)
    everywhere = document.replace(json.dumps(openapi["components"]["schemas"][enum]["enum"]), "", 1)
    assert json.dumps(openapi["components"]["schemas"][enum]["enum"]) not in everywhere, "an inline copy"
    assert f'"#/components/schemas/{enum}"' in document


def test_voivodeship_filter_and_answers_share_one_enum(openapi):
    parameters = openapi["paths"]["/api/companies/"]["get"]["parameters"]
    voivodeship = next(parameter for parameter in parameters if parameter["name"] == "voivodeship")
    assert "#/components/schemas/Voivodeship" in json.dumps(voivodeship)
    labelled = openapi["components"]["schemas"]["LabelledVoivodeship"]
    assert labelled["properties"]["code"] == {"$ref": "#/components/schemas/Voivodeship"}
    assert set(labelled["required"]) == {"code", "label"}


@pytest.mark.parametrize("name", ["Article", "Cluster", "Company", "Offer", "Sector", "Image", "Document"])
def test_an_item_read_on_its_own_requires_every_field(openapi, name):
    schema = openapi["components"]["schemas"][name]
    # `included` is not a field: related items added only when asked for with `include`.
    assert set(schema["required"]) == set(schema["properties"]) - {"included"}
    assert set(openapi["components"]["schemas"][f"{name}InList"]["required"]) <= {"id", "type", "api_url", "locale"}


@pytest.mark.parametrize(
    "path, schema",
    [("/api/articles/{pk}/", "Article"), ("/api/companies/by-slug/{slug}/", "Company"), ("/api/offers/", "OfferList")],
)
def test_operations_answer_with_the_named_schemas(openapi, path, schema):
    ok = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": f"#/components/schemas/{schema}"}


def test_every_detail_answer_carries_every_documented_field(client, openapi):
    for name, schema in [("companies", "Company"), ("offers", "Offer"), ("clusters", "Cluster")]:
        first = get(client, f"/api/{name}/", limit=1)["items"][0]
        item = get(client, f"/api/{name}/{first['id']}/")
        assert set(item) == set(openapi["components"]["schemas"][schema]["properties"]) - {"included"}


def test_fields_parameter_lists_the_names_each_list_takes(client, openapi):
    parameters = openapi["paths"]["/api/companies/"]["get"]["parameters"]
    fields = next(parameter for parameter in parameters if parameter["name"] == "fields")
    assert "`voivodeship`" in fields["description"] and "`nip`" in fields["description"]
    assert "voivodeship" in json.dumps(fields["schema"])
    response = client.get("/api/companies/", {"fields": "name,secret"})
    assert response.status_code == 400
    assert "secret" in response.json()["detail"]


def test_conditional_requests_are_documented_on_every_cached_operation(openapi):
    for path, operations in openapi["paths"].items():
        responses = operations["get"]["responses"]
        if path == "/api/preview/":
            assert "304" not in responses, "drafts are never revalidated"
            continue
        assert responses["304"] == {"$ref": "#/components/responses/NotModified"}, path
        assert {"ETag", "Last-Modified", "Cache-Control"} <= set(responses["200"]["headers"]), path
    assert {"ETag", "Last-Modified"} <= set(openapi["components"]["responses"]["NotModified"]["headers"])


def test_documented_304_is_what_revalidation_answers(client, demo):
    path = f"/api/companies/{company('pl').pk}/"
    etag = client.get(path)["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_servers_name_the_portal(openapi, settings):
    assert openapi["servers"] == [{"url": settings.WAGTAILAPI_BASE_URL.rstrip("/"), "description": "This portal"}]
