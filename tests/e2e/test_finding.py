"""Narrowing a list down: clusters by a click on the map, offers by the filter form."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import screenshot, visit

pytestmark = pytest.mark.slow


def test_clicking_kujawsko_pomorskie_on_the_map_lists_only_its_clusters(page, site_url):
    visit(page, f"{site_url}/klastry/")
    screenshot(page, "clusters-pl")

    page.locator('svg a[href*="voivodeship=kujawsko-pomorskie"]').click()

    expect(page).to_have_url(re.compile(r"[?&]voivodeship=kujawsko-pomorskie(&|$)"))
    screenshot(page, "clusters-kujawsko-pomorskie-pl")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Bydgoski Klaster Przemysłowy")).to_be_visible()
    expect(main.get_by_role("link", name="Pomorski Klaster Morski")).to_have_count(0)


def test_filtering_offers_by_kind_lists_only_technology_offers(page, site_url):
    visit(page, f"{site_url}/baza-ofert/")
    screenshot(page, "offers-pl")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Obróbka CNC")).to_be_visible()

    page.get_by_label("Rodzaj").select_option("technology_offer")
    main.get_by_role("button", name="Filtr").click()

    expect(page).to_have_url(re.compile(r"[?&]kind=technology_offer(&|$)"))
    screenshot(page, "offers-technology-offer-pl")
    expect(main.get_by_role("link", name="Powłoki antybakteryjne do narzędzi chirurgicznych")).to_be_visible()
    expect(main.get_by_role("link", name="Obróbka CNC")).to_have_count(0)
