"""Taking a page away from the screen: printing an article or a cluster profile, and the article's PDF."""

from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import screenshot, visit

pytestmark = pytest.mark.slow

SEED_ARTICLE = "/aktualnosci/klastry/"
BYDGOSZCZ_CLUSTER = "/klastry/bydgoski-klaster-przemyslowy/"


def after_content(locator):
    """What the stylesheet adds after an element, as the browser computed it ("none" when nothing)."""
    return locator.evaluate("element => getComputedStyle(element, '::after').content")


def test_printed_article_shows_title_and_body_without_the_site_header_navigation_and_footer(page, site_url):
    visit(page, f"{site_url}{SEED_ARTICLE}")
    screenshot(page, "article-pl")
    frame = [page.locator("header.site-header"), page.locator("nav.site-nav"), page.locator("footer.site-footer")]
    for part in frame:
        expect(part).to_be_visible()

    page.emulate_media(media="print")
    screenshot(page, "article-print-pl")

    for part in frame:
        expect(part).to_be_hidden()
    expect(page.get_by_role("heading", level=1, name="Klastry")).to_be_visible()
    body = page.locator(".article__body")
    expect(body).to_be_visible()
    expect(body).to_contain_text("Bydgoski Klaster Przemysłowy")
    expect(body).to_contain_text("giełda kooperacyjna")
    # An address inside the site means nothing on paper: only outside links get theirs printed.
    related_cluster = page.get_by_role("link", name="Bydgoski Klaster Przemysłowy")
    assert after_content(related_cluster) == "none"
    parp_map = page.get_by_role("link", name="mapa klastrów polskich")
    assert after_content(parp_map) == '" (https://www.parp.gov.pl/)"'


def test_printed_cluster_page_does_not_repeat_an_address_shown_as_the_link(page, site_url):
    visit(page, f"{site_url}{BYDGOSZCZ_CLUSTER}")
    screenshot(page, "cluster-pl")
    website = page.locator("main").get_by_role("link", name="https://www.bkp.example.pl")

    page.emulate_media(media="print")
    screenshot(page, "cluster-print-pl")

    expect(website).to_be_visible()
    assert after_content(website) == "none"


def test_article_pdf_link_answers_with_a_pdf(page, site_url):
    visit(page, f"{site_url}{SEED_ARTICLE}")
    screenshot(page, "article-pl")
    pdf_link = page.get_by_role("link", name="PDF", exact=True)
    expect(pdf_link).to_be_visible()

    response = page.request.get(urljoin(page.url, pdf_link.get_attribute("href")))

    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
