"""Narrowing a list down: clusters by a click on the map, offers by the filter form."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import screenshot, visit

pytestmark = pytest.mark.slow


def uncovered_spot(locator):
    """A point of the element, relative to its box and nearest its centre, where nothing is drawn on top of it.

    The map draws each cluster as a dot (a link to the cluster) over its voivodeship; a reader who wants the
    whole voivodeship clicks beside the dots.
    """
    locator.scroll_into_view_if_needed()
    spot = locator.evaluate(
        """element => {
            const box = element.getBoundingClientRect();
            const spots = [];
            for (let x = 1; x < box.width; x += 4) for (let y = 1; y < box.height; y += 4) spots.push({x, y});
            const distance = ({x, y}) => Math.hypot(x - box.width / 2, y - box.height / 2);
            spots.sort((a, b) => distance(a) - distance(b));
            return spots.find(({x, y}) => element.contains(document.elementFromPoint(box.left + x, box.top + y)));
        }"""
    )
    assert spot, "no part of the element can be clicked: everything is covered"
    return spot


def test_clicking_kujawsko_pomorskie_on_the_map_lists_only_its_clusters(page, site_url):
    visit(page, f"{site_url}/klastry/")
    screenshot(page, "clusters-pl")

    region = page.locator('svg a[href*="voivodeship=kujawsko-pomorskie"]')
    region.click(position=uncovered_spot(region))

    expect(page).to_have_url(re.compile(r"[?&]voivodeship=kujawsko-pomorskie(&|$)"))
    screenshot(page, "clusters-kujawsko-pomorskie-pl")
    # Exact names: the map's dots are links too, named after the cluster and its city.
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Bydgoski Klaster Przemysłowy", exact=True)).to_be_visible()
    expect(main.get_by_role("link", name="Pomorski Klaster Morski", exact=True)).to_have_count(0)


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
