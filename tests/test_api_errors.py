"""The API's errors: JSON always, in the language the client asked for (`locale`, else
Accept-Language, else English), for bad parameters, unknown items and paths, and other methods."""

from django.utils import translation
from django.utils.translation import gettext

import pytest

pytestmark = pytest.mark.django_db


def error(client, path, status, method="get", **headers):
    response = getattr(client, method)(path, **headers)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response


def in_language(language, message, **params):
    with translation.override(language):
        text = gettext(message)
    return text % params if params else text


@pytest.mark.parametrize(
    "headers, language",
    [
        ({}, "en"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}, "en"),
        ({"HTTP_ACCEPT_LANGUAGE": "pl-PL,pl;q=0.9,en;q=0.8"}, "pl"),
        ({"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,pl;q=0.5"}, "pl"),
        ({"HTTP_ACCEPT_LANGUAGE": "de-DE"}, "en"),
    ],
)
def test_errors_follow_accept_language_and_default_to_english(client, demo, headers, language):
    response = error(client, "/api/companies/?colour=red", 400, **headers)
    expected = in_language(language, "Unknown query parameter(s): %(unknown)s. This endpoint takes: %(allowed)s.")
    assert response.json()["detail"].startswith(expected.split("%(unknown)s")[0] + "colour")
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_locale_parameter_chooses_the_language_of_errors(client, demo, language):
    other = {"pl": "en", "en": "pl"}[language]
    response = error(client, f"/api/articles/?locale={language}&limit=0", 400, HTTP_ACCEPT_LANGUAGE=other)
    assert response["Content-Language"] == language
    detail = response.json()["detail"]
    frame = in_language(language, "Invalid request: %(problems)s.", problems="limit: ")
    assert detail.startswith(frame.removesuffix("."))
    assert in_language(language, "Input should be greater than or equal to %(ge)s", ge=1) in detail


@pytest.mark.parametrize("language", ["pl", "en"])
def test_an_unknown_item_answers_404_in_json(client, demo, language):
    response = error(client, f"/api/companies/999999/?_={language}", 404, HTTP_ACCEPT_LANGUAGE=language)
    assert response.json() == {"detail": in_language(language, "Not found.")}
    response = error(client, f"/api/articles/by-slug/nie-ma-takiego/?locale={language}", 404)
    assert response.json() == {"detail": in_language(language, "Not found.")}


@pytest.mark.parametrize("path", ["/api/nonexistent/", "/api/articles/1/extra/", "/api/tags/klastry/"])
@pytest.mark.parametrize("language", ["pl", "en"])
def test_an_unknown_path_under_the_api_answers_404_in_json(client, demo, path, language):
    response = error(client, path, 404, HTTP_ACCEPT_LANGUAGE=language)
    assert response.json() == {"detail": in_language(language, "Not found.")}
    assert response["Content-Language"] == language


def test_an_unknown_path_outside_the_api_is_still_the_site_s_page(client, demo):
    response = client.get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("language", ["pl", "en"])
def test_other_methods_answer_405_in_json_in_the_language_asked_for(client, demo, method, language):
    response = error(client, "/api/nonexistent/", 405, method=method, HTTP_ACCEPT_LANGUAGE=language)
    assert response.json() == {"detail": in_language(language, "The API is read-only.")}
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("language", ["pl", "en"])
def test_bad_values_are_named_in_the_language_asked_for(client, demo, language):
    def detail(query):
        return error(client, f"/api/offers/?{query}", 400, HTTP_ACCEPT_LANGUAGE=language).json()["detail"]

    assert in_language(language, "Input should be a date in the format YYYY-MM-DD") in detail("valid_until_to=0")
    assert "kind: " + in_language(language, "Input should be one of: %(expected)s", expected="") in detail("kind=gift")
    assert "company: " + in_language(language, "Input should be a whole number: at most 19 of the digits 0-9") in (
        detail("company=1,x")
    )
    expected = in_language(
        language, "%(since)s must not be later than %(until)s.", since="valid_until_from", until="valid_until_to"
    )
    assert detail("valid_until_from=2030-01-02&valid_until_to=2030-01-01") == expected


def test_a_successful_answer_does_not_vary_with_accept_language(client, demo):
    polish = client.get("/api/sectors/", HTTP_ACCEPT_LANGUAGE="pl")
    english = client.get("/api/sectors/", HTTP_ACCEPT_LANGUAGE="en")
    assert polish.content == english.content
    assert "Accept-Language" not in polish.get("Vary", "")
    assert not polish.has_header("Content-Language")


def test_search_errors_follow_the_language_asked_for(client, demo):
    words = "klaster firma oferta sektor region miasto energia transport budowa nauka handel rynek turystyka"
    english = error(client, f"/api/companies/?search={words}&locale=en", 400, HTTP_ACCEPT_LANGUAGE="pl")
    assert english.json()["detail"] == "Your search has too many words. Please use at most 12."
    polish = error(client, f"/api/companies/?search={words}", 400, HTTP_ACCEPT_LANGUAGE="pl")
    assert polish.json()["detail"] == "Zapytanie ma za dużo słów. Użyj co najwyżej 12."
