"""The OpenAPI document is valid, the docs page works offline, and the API keeps to its own schema."""

import re

from django.contrib.staticfiles import finders
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.payloads import RENDITIONS
from api.schemas import Block, Renditions
from articles.blocks import ArticleBodyBlock

pytestmark = pytest.mark.django_db

RESOURCES = ["articles", "clusters", "companies", "offers", "sectors", "images", "documents"]


@pytest.fixture
def openapi(client, demo):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_document_is_valid_and_describes_every_endpoint(openapi):
    validate(openapi)
    assert openapi["openapi"].startswith("3.")
    paths = openapi["paths"]
    for name in RESOURCES:
        assert f"/api/{name}/" in paths
        assert f"/api/{name}/{{pk}}/" in paths
    for name in ["articles", "clusters", "companies", "offers", "sectors"]:
        assert f"/api/{name}/by-slug/{{slug}}/" in paths
    assert "/api/preview/" in paths
    assert all(set(operations) == {"get"} for operations in paths.values()), "the API is read-only"


@pytest.mark.parametrize(
    "name, filters",
    [
        ("articles", {"locale", "tag", "date_from", "date_to", "cluster", "links", "renditions", "include", "facets"}),
        (
            "clusters",
            {"locale", "voivodeship", "sector", "key_national_cluster", "links", "renditions", "include", "facets"},
        ),
        ("companies", {"locale", "voivodeship", "sector", "size", "cluster", "links", "renditions", "facets"}),
        (
            "offers",
            {
                "locale",
                "kind",
                "sector",
                "company",
                "voivodeship",
                "valid_until_from",
                "valid_until_to",
                "links",
                "include",
                "facets",
            },
        ),
        ("sectors", {"locale"}),
        ("images", {"renditions"}),
        ("documents", set()),
    ],
)
def test_every_list_documents_its_parameters_and_answers(openapi, name, filters):
    operation = openapi["paths"][f"/api/{name}/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    conditions = {"If-None-Match", "If-Modified-Since"}
    assert set(parameters) == {"fields", "order", "limit", "offset", "search", "updated_since"} | filters | conditions
    assert all(parameters[name]["in"] == "header" for name in conditions)
    assert all(parameter["in"] == "query" for name, parameter in parameters.items() if name not in conditions)
    assert "enum" in str(parameters["order"]["schema"])
    assert set(operation["responses"]) == {"200", "304", "400"}


def test_renditions_schema_names_every_size():
    assert set(Renditions.model_fields) == set(RENDITIONS)


def test_every_article_body_block_has_an_api_representation():
    documented = {member.model_fields["type"].annotation.__args__[0] for member in Block.__origin__.__args__}
    assert documented == set(ArticleBodyBlock().child_blocks), "a new body block needs its shape in api/schemas.py"


def test_docs_page_works_offline(client, demo):
    response = client.get("/api/")
    assert response.status_code == 200
    html = response.content.decode()
    addresses = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert addresses, "the page loads its scripts and styles"
    for address in addresses:
        assert address.startswith("/static/"), f"{address} is not served by the site itself"
        assert finders.find(address.removeprefix("/static/")), f"{address} is missing from the static files"
    assert "//" not in "".join(addresses)
    # Swagger UI would otherwise show a badge fetched from validator.swagger.io.
    assert '"validatorUrl": null' in html
    assert '"url": "/api/openapi.json"' in html


@pytest.fixture
def api_schema(demo):
    # Requests go through the WSGI handler itself, not Django's test client, so the handler's
    # end-of-request connection cleanup would close the test's transaction on PostgreSQL; keep it
    # off as the test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_keeps_to_its_schema(case):
    """No generated request, valid or not, gets a 5xx or an answer its schema does not describe."""
    case.call_and_validate(
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    )
