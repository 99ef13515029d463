"""Drafts, expired offers and private pages never reach readers, on the site or in the API."""

import datetime

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import CompanyFactory, OfferFactory, make_article

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def api_ids(client, endpoint, **params):
    response = client.get(f"/api/{endpoint}/", {"limit": 100, **params})
    assert response.status_code == 200
    data = response.json()
    ids = [item["id"] for item in data["items"]]
    assert data["total"] == len(ids)
    return ids


def test_published_offer_is_listed_on_site_and_in_api(client, site_tree):
    offer = OfferFactory(title="Frezowanie CNC w Toruniu")
    assert "Frezowanie CNC w Toruniu" in client.get("/baza-ofert/").content.decode()
    assert client.get(offer.url).status_code == 200
    assert offer.pk in api_ids(client, "offers")
    assert client.get(f"/api/offers/{offer.pk}/").json()["title"] == "Frezowanie CNC w Toruniu"


def test_draft_offer_is_not_served(client, site_tree):
    offer = OfferFactory(title="Szkic oferty", live=False, slug="szkic-oferty")
    assert "Szkic oferty" not in client.get("/baza-ofert/").content.decode()
    assert client.get("/baza-ofert/szkic-oferty/").status_code == 404
    assert offer.pk not in api_ids(client, "offers")
    assert client.get(f"/api/offers/{offer.pk}/").status_code == 404


def test_expired_offer_is_not_served(client, site_tree):
    offer = OfferFactory(title="Oferta wygasła", valid_until=YESTERDAY, slug="oferta-wygasla")
    assert "Oferta wygasła" not in client.get("/baza-ofert/").content.decode()
    assert client.get("/baza-ofert/oferta-wygasla/").status_code == 404
    assert offer.pk not in api_ids(client, "offers")
    assert client.get(f"/api/offers/{offer.pk}/").status_code == 404


def test_offer_valid_until_today_is_still_public(client, site_tree):
    offer = OfferFactory(valid_until=timezone.localdate())
    assert client.get(offer.url).status_code == 200


def test_offer_of_a_draft_company_is_not_served(client, site_tree):
    offer = OfferFactory(company=CompanyFactory(live=False), slug="oferta-szkicu-firmy")
    assert client.get("/baza-ofert/oferta-szkicu-firmy/").status_code == 404
    assert offer.pk not in api_ids(client, "offers")


def test_draft_company_is_not_served(client, site_tree):
    company = CompanyFactory(name="Firma w szkicu", live=False, slug="firma-w-szkicu")
    published = CompanyFactory(name="Firma opublikowana")
    listing = client.get("/baza-przedsiebiorstw/").content.decode()
    assert "Firma opublikowana" in listing
    assert "Firma w szkicu" not in listing
    assert client.get("/baza-przedsiebiorstw/firma-w-szkicu/").status_code == 404
    assert client.get(published.url).status_code == 200
    ids = api_ids(client, "companies")
    assert published.pk in ids
    assert company.pk not in ids
    assert client.get(f"/api/companies/{company.pk}/").status_code == 404


def test_services_and_offers_are_listed_apart(client, site_tree):
    OfferFactory(title="Usługa audytu", kind="service")
    OfferFactory(title="Zapytanie technologiczne", kind="technology_request")
    offers = client.get("/baza-ofert/").content.decode()
    services = client.get("/baza-uslug/").content.decode()
    assert "Zapytanie technologiczne" in offers and "Usługa audytu" not in offers
    assert "Usługa audytu" in services and "Zapytanie technologiczne" not in services


def test_hidden_contact_details_are_not_shown(client, site_tree):
    company = CompanyFactory(email="prywatny@example.com", phone="+48 600 000 000", contact_public=False)
    page = client.get(company.url).content.decode()
    assert "prywatny@example.com" not in page
    assert "600 000 000" not in page
    detail = client.get(f"/api/companies/{company.pk}/").content.decode()
    assert "prywatny@example.com" not in detail
    assert "600 000 000" not in detail


def test_draft_and_private_articles_are_not_served(client, site_tree):
    news = site_tree["sections"]["news"]["pl"]
    public = make_article(news, title="Artykuł publiczny", slug="publiczny")
    draft = make_article(news, title="Artykuł w szkicu", slug="szkic", live=False)
    private = make_article(news, title="Artykuł prywatny", slug="prywatny")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")

    listing = client.get("/aktualnosci/").content.decode()
    assert "Artykuł publiczny" in listing
    assert "Artykuł w szkicu" not in listing
    assert "Artykuł prywatny" not in listing
    assert client.get("/aktualnosci/szkic/").status_code == 404
    assert client.get("/aktualnosci/prywatny/").status_code == 200  # the password form, not the article
    assert "Artykuł prywatny" not in client.get("/aktualnosci/prywatny/").content.decode()

    ids = api_ids(client, "articles")
    assert public.pk in ids
    assert draft.pk not in ids
    assert private.pk not in ids
    assert client.get(f"/api/articles/{draft.pk}/").status_code == 404
    assert client.get(f"/api/articles/{private.pk}/").status_code == 404


def test_api_lists_articles_and_clusters_in_both_languages(client, demo):
    for locale, article, cluster in [
        ("pl", "Klastry", "Bydgoski Klaster Przemysłowy"),
        ("en", "Clusters", "Bydgoszcz Industrial Cluster"),
    ]:
        articles = client.get("/api/articles/", {"locale": locale}).json()
        clusters = client.get("/api/clusters/", {"locale": locale}).json()
        assert article in [item["title"] for item in articles["items"]]
        assert cluster in [item["title"] for item in clusters["items"]]
        assert {item["locale"] for item in articles["items"] + clusters["items"]} == {locale}


def test_api_lists_only_public_demo_offers(client, demo):
    titles = [item["title"] for item in client.get("/api/offers/", {"locale": "pl", "limit": 50}).json()["items"]]
    assert "Obróbka CNC elementów metalowych w krótkich seriach" in titles
    assert "Wolne moce produkcyjne wtryskarek — IV kwartał 2025" not in titles
    english = client.get("/api/offers/", {"locale": "en"}).json()
    assert english["total"] == 3
    assert {item["locale"] for item in english["items"]} == {"en"}
