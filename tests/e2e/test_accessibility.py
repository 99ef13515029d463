"""axe-core finds nothing serious or critical on any kind of public page, in Polish and in English."""

import pytest

from tests.e2e.helpers import assert_no_serious_axe_violations, screenshot, visit

pytestmark = pytest.mark.slow

# One page of each type; the screenshot is named by the id.
PAGES = {
    "home-pl": "/",
    "news-pl": "/aktualnosci/",
    "article-pl": "/aktualnosci/klastry/",
    "clusters-pl": "/klastry/",
    "cluster-pl": "/klastry/bydgoski-klaster-przemyslowy/",
    "companies-pl": "/baza-przedsiebiorstw/",
    "company-pl": "/baza-przedsiebiorstw/metalplast-bydgoszcz/",
    "offers-pl": "/baza-ofert/",
    "offer-pl": "/baza-ofert/obrobka-cnc-krotkie-serie/",
    "services-pl": "/baza-uslug/",
    "search-pl": "/szukaj/?q=klaster",
    "newsletter-pl": "/newsletter/",
    "home-en": "/en/",
    "article-en": "/en/news/clusters/",
}


@pytest.mark.parametrize(("name", "path"), PAGES.items(), ids=PAGES.keys())
def test_page_has_no_serious_or_critical_accessibility_violations(page, site_url, name, path):
    visit(page, f"{site_url}{path}")
    screenshot(page, name)
    assert_no_serious_axe_violations(page)


def test_not_found_page_has_no_serious_or_critical_accessibility_violations(page, production_site_url):
    # The site's own 404 page: with DEBUG on, Django would show its technical page instead.
    visit(page, f"{production_site_url}/nie-ma-takiej-strony/", status=404)
    screenshot(page, "not-found-pl")
    assert_no_serious_axe_violations(page)


def test_axe_check_fails_on_a_page_with_an_image_without_alt_text(page):
    # Guards the check itself: a clean report must mean a clean page, not an axe-core that did not run.
    page.set_content("<!DOCTYPE html><html lang='pl'><title>Test</title><main><h1>Test</h1><img src='data:,'></main>")
    screenshot(page, "axe-self-check")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_serious_axe_violations(page)
