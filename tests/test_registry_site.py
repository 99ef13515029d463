"""The companies, offers and services databases: filters, pagination and entry pages."""

import re

from wagtail.models import Locale

import pytest

from clusters.models import ClusterMember, ClusterPage
from registry.models import Company, Sector
from tests.factories import CompanyFactory, OfferFactory, make_cluster

pytestmark = pytest.mark.django_db


def test_companies_filter_by_voivodeship(client):
    html = client.get("/baza-przedsiebiorstw/", {"voivodeship": "lodzkie"}).content.decode()
    assert "Tkaniny Łódzkie S.A." in html
    assert "Instytut Technologii Materiałów" in html
    assert "Metalplast Bydgoszcz" not in html


def test_companies_filter_by_sector_in_both_languages(client):
    html = client.get("/baza-przedsiebiorstw/", {"sector": "energia-odnawialna"}).content.decode()
    assert "SolarWro Sp. z o.o." in html and "Tkaniny Łódzkie" not in html
    html = client.get("/en/companies/", {"sector": "energia-odnawialna"}).content.decode()
    assert "SolarWro" in html and "Tkaniny" not in html


def test_companies_filter_by_size_and_cluster(client):
    html = client.get("/baza-przedsiebiorstw/", {"size": "large"}).content.decode()
    assert "AeroTech Rzeszów" in html and "SolarWro" not in html
    html = client.get("/baza-przedsiebiorstw/", {"cluster": "bydgoski-klaster-przemyslowy"}).content.decode()
    assert "Metalplast Bydgoszcz Sp. z o.o." in html
    assert "Tkaniny Łódzkie" not in html


def test_company_filter_by_cluster_matches_members_of_its_translation(client):
    cluster = ClusterPage.objects.get(slug="pomorski-klaster-morski")
    company = CompanyFactory(name="Stocznia Testowa Sp. z o.o.")
    ClusterMember.objects.create(cluster=cluster, company=company)
    html = client.get("/baza-przedsiebiorstw/", {"cluster": "pomorski-klaster-morski"}).content.decode()
    assert "Stocznia Testowa Sp. z o.o." in html


@pytest.mark.parametrize(
    "params",
    [
        {"voivodeship": "atlantyda"},
        {"sector": "no-such-sector"},
        {"size": "giant"},
        {"cluster": "'; DROP TABLE x; --"},
        {"page": "999"},
        {"page": "abc"},
    ],
)
def test_nonsense_filters_show_the_unfiltered_list(client, params):
    response = client.get("/baza-przedsiebiorstw/", params)
    assert response.status_code == 200
    assert "Metalplast Bydgoszcz" in response.content.decode() or "page" in params


def test_offers_filter_by_kind_sector_and_voivodeship(client):
    html = client.get("/baza-ofert/", {"kind": "technology_offer"}).content.decode()
    assert "Powłoki antybakteryjne" in html and "Obróbka CNC" not in html
    html = client.get("/baza-ofert/", {"voivodeship": "podkarpackie"}).content.decode()
    assert "Technologia recyklingu kompozytów lotniczych" in html and "Obróbka CNC" not in html
    html = client.get("/baza-ofert/", {"sector": "tekstylia-i-moda"}).content.decode()
    assert "dystrybutora tkanin" in html and "Obróbka CNC" not in html


def test_offers_database_does_not_offer_the_service_kind(client):
    html = client.get("/baza-ofert/").content.decode()
    assert 'value="service"' not in html
    response = client.get("/baza-ofert/", {"kind": "service"})
    assert response.status_code == 200
    assert "Audyt efektywności" not in response.content.decode()


def test_services_filter_by_voivodeship_and_never_show_expired(client):
    html = client.get("/baza-uslug/", {"voivodeship": "dolnoslaskie"}).content.decode()
    assert "Audyt efektywności energetycznej" in html
    assert "Doradztwo w pozyskiwaniu funduszy" not in html
    html = client.get("/baza-ofert/", {"kind": "business_offer"}).content.decode()
    assert "Wolne moce produkcyjne" not in html


def test_pagination_keeps_the_filter(client):
    sector = Sector.objects.get(slug="lotnictwo", locale__language_code="pl")
    for n in range(25):
        company = CompanyFactory(name=f"Lotnicza {n:02d}", voivodeship="podkarpackie")
        company.sectors.add(sector)
        company.save()  # parental many-to-many relations are written on save
    html = client.get("/baza-przedsiebiorstw/", {"sector": "lotnictwo"}).content.decode()
    assert re.findall(r'href="([^"]*page=2[^"]*)"', html) == ["?sector=lotnictwo&amp;page=2"]
    second = client.get("/baza-przedsiebiorstw/", {"sector": "lotnictwo", "page": 2}).content.decode()
    assert "AeroTech" in second or "Lotnicza 2" in second
    assert "Tkaniny" not in second


@pytest.mark.parametrize("number", ["٢", "²", "2_0", "+2", "9" * 30])
def test_a_page_number_not_in_ascii_digits_gives_the_first_page(client, number):
    # int() would read "٢" (Arabic-Indic two) as 2 and "2_0" as 20 (the last page).
    for n in range(25):
        CompanyFactory(name=f"Lotnicza {n:02d}")
    response = client.get("/baza-przedsiebiorstw/", {"page": number})
    assert response.status_code == 200
    assert response.content.decode() == client.get("/baza-przedsiebiorstw/").content.decode()


def test_company_page_lists_its_clusters_and_current_offers(client):
    company = Company.objects.get(slug="metalplast-bydgoszcz", locale__language_code="pl")
    html = client.get(company.url).content.decode()
    assert "Bydgoski Klaster Przemysłowy" in html
    assert "Obróbka CNC elementów metalowych w krótkich seriach" in html
    assert "Wolne moce produkcyjne" not in html  # expired


def test_a_website_address_is_escaped_and_a_stored_unsafe_one_is_not_linked(client):
    company = CompanyFactory(name="Firma z adresem", website="https://firma.example/?a=1&b=2")
    html = client.get(company.url).content.decode()
    assert 'href="https://firma.example/?a=1&amp;b=2"' in html
    # Addresses stored before the validators refused them (imports, older data): never a link, never markup.
    for unsafe in ('https://firma.example/"><script>alert(1)</script>', "javascript:alert(1)"):
        Company.objects.filter(pk=company.pk).update(website=unsafe)
        html = client.get(company.url).content.decode()
        assert "<script>alert(1)" not in html and "javascript:" not in html
        assert 'class="url"' not in html
        assert client.get(f"/api/companies/{company.pk}/").json()["website"] == ""


def test_company_page_in_english_lists_english_offers(client):
    html = client.get("/en/companies/solarwro/").content.decode()
    assert "Research partner for an energy storage project" in html
    assert "Energy efficiency audits of factories" in html


def test_offer_page_links_its_company(client):
    offer = OfferFactory(title="Oferta z linkiem", company=CompanyFactory(name="Firma Linkowa", slug="firma-linkowa"))
    html = client.get(offer.url).content.decode()
    assert 'href="/baza-przedsiebiorstw/firma-linkowa/"' in html


def test_the_filter_form_follows_new_sectors_and_clusters_at_once(client, site_tree):
    # The rendered form is kept in the fragment cache until content changes.
    html = client.get("/baza-przedsiebiorstw/").content.decode()
    assert "Kosmonautyka" not in html and "Klaster Kosmiczny" not in html
    Sector.objects.create(name="Kosmonautyka", slug="kosmonautyka", locale=site_tree["homes"]["pl"].locale)
    make_cluster(site_tree["sections"]["clusters"]["pl"], title="Klaster Kosmiczny", slug="klaster-kosmiczny")
    html = client.get("/baza-przedsiebiorstw/").content.decode()
    assert '<option value="kosmonautyka">Kosmonautyka</option>' in html
    assert "Klaster Kosmiczny" in html


@pytest.mark.parametrize("first", ["pl", "en"])
def test_lists_show_voivodeship_size_and_kind_in_the_readers_language(client, first):
    # Whichever language is asked for first, the other still gets its own labels.
    shown = {
        "pl": [
            ("/baza-przedsiebiorstw/", "Bydgoszcz, kujawsko-pomorskie · Średnie (50–249 pracowników)"),
            ("/baza-ofert/", "Oferta biznesowa · Metalplast Bydgoszcz Sp. z o.o., kujawsko-pomorskie"),
        ],
        "en": [
            ("/en/companies/", "Bydgoszcz, Kuyavian-Pomeranian · Medium (50–249 employees)"),
            ("/en/offers/", "Business offer · Metalplast Bydgoszcz, Kuyavian-Pomeranian"),
        ],
    }
    for language in [first, *(code for code in shown if code != first)]:
        for path, text in shown[language]:
            html = " ".join(client.get(path, {"voivodeship": "kujawsko-pomorskie"}).content.decode().split())
            assert text in html, (language, path)


def test_filters_offer_a_new_sector_and_cluster_at_once_and_drop_an_unpublished_cluster(client):
    # The filters' choices are kept between requests until content changes.
    assert 'value="kosmonautyka"' not in client.get("/baza-przedsiebiorstw/").content.decode()
    assert 'value="kosmonautyka"' not in client.get("/baza-ofert/").content.decode()

    polish = Locale.objects.get(language_code="pl")
    Sector.objects.create(name="Kosmonautyka", slug="kosmonautyka", locale=polish)
    index = ClusterPage.objects.get(slug="pomorski-klaster-morski").get_parent()
    cluster = make_cluster(index, title="Klaster Orbitalny", slug="klaster-orbitalny")
    member = CompanyFactory(name="Orbita Sp. z o.o.")
    ClusterMember.objects.create(cluster=cluster, company=member)

    html = client.get("/baza-przedsiebiorstw/").content.decode()
    assert 'value="kosmonautyka"' in html and 'value="klaster-orbitalny"' in html
    assert 'value="kosmonautyka"' in client.get("/baza-ofert/").content.decode()
    filtered = client.get("/baza-przedsiebiorstw/", {"cluster": "klaster-orbitalny"}).content.decode()
    assert "Orbita Sp. z o.o." in filtered and "Metalplast Bydgoszcz" not in filtered

    cluster.unpublish()
    html = client.get("/baza-przedsiebiorstw/").content.decode()
    assert 'value="klaster-orbitalny"' not in html
    unfiltered = client.get("/baza-przedsiebiorstw/", {"cluster": "klaster-orbitalny"}).content.decode()
    assert "Metalplast Bydgoszcz" in unfiltered
