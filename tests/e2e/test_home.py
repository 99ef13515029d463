"""The Polish home page as a reader sees it, with a mouse and with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import screenshot, visit

pytestmark = pytest.mark.slow

NAVIGATION = ["Aktualności", "Klastry", "Baza przedsiębiorstw", "Baza ofert", "Baza usług", "Newsletter", "Szukaj"]


def test_polish_home_page_shows_site_name_navigation_latest_news_and_tiles(page, site_url):
    visit(page, f"{site_url}/")
    screenshot(page, "home-pl")

    expect(page.get_by_role("banner").get_by_role("link", name="Agencja Rozwoju Regionalnego")).to_be_visible()
    navigation = page.get_by_role("navigation", name="Nawigacja główna")
    for title in NAVIGATION:
        expect(navigation.get_by_role("link", name=title, exact=True)).to_be_visible()

    latest_news = page.get_by_role("region", name="Najnowsze aktualności")
    expect(latest_news.get_by_role("link", name="Klastry", exact=True)).to_be_visible()
    expect(latest_news.get_by_role("link", name="Wszystkie aktualności")).to_be_visible()

    tiles = page.get_by_role("region", name="Bazy danych i usługi")
    for title in ["Baza przedsiębiorstw", "Baza ofert", "Baza usług", "Newsletter"]:
        expect(tiles.get_by_role("heading", name=title, exact=True)).to_be_visible()


def test_skip_link_is_the_first_tab_stop_shows_when_focused_and_moves_focus_to_main(page, site_url):
    visit(page, f"{site_url}/")
    skip_link = page.get_by_role("link", name="Przejdź do treści")
    assert not _inside_viewport(page, skip_link), "the skip link should stay off screen until it is focused"

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    assert _inside_viewport(page, skip_link), "the focused skip link should be on screen"
    screenshot(page, "home-pl-skip-link-focused")

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    # Browsers move the sequential focus starting point to the target, so the next Tab lands inside <main>
    # instead of going through the header again.
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.outerHTML")
    assert page.evaluate("() => document.activeElement.closest('main') !== null"), (
        f"after the skip link, Tab focused {focused}, which is outside <main>"
    )


def _inside_viewport(page, locator):
    box = locator.bounding_box()
    viewport = page.viewport_size
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= viewport["width"]
        and box["y"] + box["height"] <= viewport["height"]
    )
