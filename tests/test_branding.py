"""The agency's brand and contacts come from its settings (Settings → Agency) and show on every page."""

import re

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

import pytest

from cms.agency import AgencySettings

pytestmark = pytest.mark.django_db

EVERY_PAGE_TYPE = {
    "home": "/",
    "news index": "/aktualnosci/",
    "article": "/aktualnosci/klastry/",
    "cluster index": "/klastry/",
    "cluster": "/klastry/bydgoski-klaster-przemyslowy/",
    "companies": "/baza-przedsiebiorstw/",
    "company": "/baza-przedsiebiorstw/metalplast-bydgoszcz/",
    "offers": "/baza-ofert/",
    "offer": "/baza-ofert/obrobka-cnc-krotkie-serie/",
    "services": "/baza-uslug/",
    "search": "/szukaj/?q=klaster",
    "newsletter": "/newsletter/",
    "sign-up": "/konto/rejestracja/",
    "log-in": "/konto/logowanie/",
    "password reset": "/konto/nowe-haslo/",
    "English article": "/en/news/clusters/",
    "English companies": "/en/companies/",
}


def agency():
    return AgencySettings.objects.get(site=Site.objects.get(is_default_site=True))


def footer(response):
    html = response.content.decode()
    match = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S)
    assert match, "the page has no site footer"
    return match.group(0)


def title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


@pytest.mark.parametrize("path", EVERY_PAGE_TYPE.values(), ids=EVERY_PAGE_TYPE.keys())
def test_footer_with_contacts_ids_social_links_and_funding_marks_is_on_every_page_type(client, demo, path):
    settings = agency()
    response = client.get(path)
    assert response.status_code == 200
    html = footer(response)
    assert "ul. Gdańska 23" in html and "85-006 Bydgoszcz" in html
    assert settings.phone in html and f'href="mailto:{settings.email}"' in html
    for number in (settings.nip, settings.regon, settings.krs):
        assert number in html
    for block in settings.social_links:
        assert f'href="{block.value["url"]}"' in html
    language = "en" if path.startswith("/en/") else "pl"
    for block in settings.funding_marks:
        assert f'alt="{block.value[f"alt_{language}"]}"' in html


def test_error_page_has_the_footer_too(client, demo):
    response = client.get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    assert agency().email in footer(response)


@pytest.mark.parametrize(
    ("label", "path"),
    [("home.AccessibilityStatementPage", "/aktualnosci/"), ("home.PrivacyPolicyPage", "/en/news/")],
)
def test_footer_links_the_statutory_pages_of_the_readers_language_when_they_exist(client, demo, label, path):
    try:
        model = apps.get_model(label)
    except LookupError:
        pytest.skip(f"{label} is not installed yet")
    language = "en" if path.startswith("/en/") else "pl"
    page = model.objects.live().filter(locale__language_code=language).first()
    if page is None:
        pytest.skip(f"the demo has no {label} in {language}")
    assert f'href="{page.url}"' in footer(client.get(path))


def test_agency_name_from_settings_names_header_title_footer_and_newsletter_consent_in_both_languages(client, demo):
    settings = agency()
    settings.name_pl, settings.name_en = "Pomorska Agencja Testowa", "Pomeranian Test Agency"
    settings.save()
    for path, name in (("/newsletter/", settings.name_pl), ("/en/newsletter/", settings.name_en)):
        response = client.get(path)
        html = response.content.decode()
        assert re.search(rf'<p class="site-name">.*?{name}.*?</p>', html, re.S), path
        assert title(response).endswith(f"– {name}")
        assert name in footer(response)
        consent = re.search(r'<label for="id_consent">(.*?)</label>', html, re.S)
        assert consent and name in consent.group(1), path
        assert "Regional Development Agency" not in consent.group(1)


def test_saving_the_settings_refreshes_pages_kept_in_the_page_cache(client, demo, settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    client.get("/aktualnosci/")
    assert client.get("/aktualnosci/")["X-Page-Cache"] == "hit"
    agency_settings = agency()
    agency_settings.phone = "+48 52 999 88 77"
    agency_settings.save()
    response = client.get("/aktualnosci/")
    assert response["X-Page-Cache"] == "miss"
    assert "+48 52 999 88 77" in footer(response)
    cache.clear()


def test_favicon_ico_answers_with_an_icon_before_any_is_uploaded(client, demo):
    settings = agency()
    settings.icon = None
    settings.save()
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # the ICO signature


def test_favicon_ico_and_the_icon_links_lead_to_the_uploaded_icon(client, demo):
    settings = agency()
    settings.icon = Image.objects.create(title="Ikona", file=get_test_image_file(size=(200, 200)))
    settings.save()
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith(".png")
    html = client.get("/").content.decode()
    assert f'<link rel="icon" href="{response["Location"]}"' in html
    assert re.search(r'<link rel="apple-touch-icon" href="[^"]+\.png">', html)


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_home_page_title_names_the_agency_once_and_it_has_a_meta_description(client, demo, path):
    settings = agency()
    name = settings.name_en if path == "/en/" else settings.name_pl
    response = client.get(path)
    assert title(response) == name
    assert re.search(r'<meta name="description" content="[^"]{20,}">', response.content.decode())


def test_a_page_without_a_description_of_its_own_gets_the_agencys(client, demo):
    settings = agency()
    settings.description_pl = "Opis agencji dla wyszukiwarek."
    settings.save()
    html = client.get("/baza-uslug/").content.decode()
    assert '<meta name="description" content="Opis agencji dla wyszukiwarek.">' in html


def test_an_invalid_nip_is_refused_with_a_message_not_an_error():
    settings = AgencySettings(site=Site.objects.get(is_default_site=True), nip="123")
    with pytest.raises(ValidationError, match="NIP") as error:
        settings.full_clean()
    assert "nip" in error.value.message_dict
