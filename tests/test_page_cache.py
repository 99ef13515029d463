"""Anonymous readers get cached pages; publishing, unpublishing or moving content shows at once."""

from django.core.cache import cache

import pytest

from registry.models import Company, Sector
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(client, django_assert_num_queries):
    assert client.get("/aktualnosci/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get("/aktualnosci/")
    assert response["X-Page-Cache"] == "hit"
    assert "Klastry" in response.content.decode()


def test_publishing_an_article_shows_it_immediately(client, site_tree):
    client.get("/aktualnosci/")
    article = make_article(site_tree["sections"]["news"]["pl"], title="Świeża wiadomość", slug="swieza")
    response = client.get("/aktualnosci/")
    assert response["X-Page-Cache"] == "miss"
    assert "Świeża wiadomość" in response.content.decode()
    article.unpublish()
    assert "Świeża wiadomość" not in client.get("/aktualnosci/").content.decode()


def test_publishing_a_snippet_refreshes_the_database_pages(client):
    company = Company.objects.get(slug="solarwro", locale__language_code="pl")
    assert "SolarWro Sp. z o.o." in client.get("/baza-przedsiebiorstw/").content.decode()
    company.name = "SolarWro Energia Sp. z o.o."
    company.save_revision().publish()
    assert "SolarWro Energia Sp. z o.o." in client.get("/baza-przedsiebiorstw/").content.decode()
    company.unpublish()
    assert "SolarWro Energia" not in client.get("/baza-przedsiebiorstw/").content.decode()


def test_moving_a_page_refreshes_the_cache(client, site_tree):
    article = make_article(site_tree["sections"]["news"]["pl"], title="Do przeniesienia", slug="do-przeniesienia")
    assert "Do przeniesienia" in client.get("/aktualnosci/").content.decode()
    # Articles can only live in a news index, so the move goes to the English one.
    article.move(site_tree["sections"]["news"]["en"], pos="last-child")
    assert "Do przeniesienia" not in client.get("/aktualnosci/").content.decode()
    assert client.get("/aktualnosci/do-przeniesienia/").status_code == 301  # Wagtail's automatic redirect


def test_signed_in_readers_and_the_admin_are_never_cached(client, admin_client):
    assert "X-Page-Cache" not in admin_client.get("/aktualnosci/")
    assert "X-Page-Cache" not in client.get("/api/articles/")
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_a_get_search_form_page_is_cached(client):
    # The search form is a GET form without a CSRF token, so the page may be kept.
    assert client.get("/szukaj/")["X-Page-Cache"] == "miss"
    assert client.get("/szukaj/")["X-Page-Cache"] == "hit"


def test_renaming_a_sector_refreshes_the_database_pages(client):
    sector = Sector.objects.filter(locale__language_code="pl", companies__live=True).first()
    assert sector.name in client.get("/baza-przedsiebiorstw/").content.decode()
    sector.name = "Sektor po zmianie nazwy"
    sector.save()
    assert "Sektor po zmianie nazwy" in client.get("/baza-przedsiebiorstw/").content.decode()
