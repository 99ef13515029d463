"""The browser enforces the site's Content-Security-Policy and no kind of page, nor the admin, breaks it.

Every browser test fails on a violation (the hook in tests/e2e/conftest.py); these tests open each page
type, use the interactive ones, sign in to the admin, and prove that the watch does see a violation.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import screenshot, visit

pytestmark = pytest.mark.slow

STRICT_SCRIPTS = "script-src 'self';"
PAGES = {
    "home-pl": "/",
    "home-en": "/en/",
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
    "signup-pl": "/konto/rejestracja/",
    "login-pl": "/konto/logowanie/",
    "password-reset-pl": "/konto/nowe-haslo/",
}


def enforced_policy(response):
    policy = response.headers.get("content-security-policy", "")
    assert policy, f"{response.url} has no Content-Security-Policy"
    assert "content-security-policy-report-only" not in response.headers
    return policy + ";"


@pytest.mark.parametrize(("name", "path"), PAGES.items(), ids=PAGES.keys())
def test_page_type_works_under_the_strict_policy_without_a_violation(page, site_url, csp_violations, name, path):
    response = visit(page, f"{site_url}{path}")
    assert STRICT_SCRIPTS in enforced_policy(response)
    page.wait_for_load_state("networkidle")
    screenshot(page, f"csp-{name}")
    # The site's stylesheet applied and its web font loaded from our own files.
    assert "Portal Sans" in page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert page.evaluate("() => document.fonts.ready.then(() => document.fonts.check('1em \"Portal Sans\"'))")
    assert csp_violations == []


def test_not_found_page_of_the_production_site_has_no_violation(page, production_site_url, csp_violations):
    response = visit(page, f"{production_site_url}/nie-ma-takiej-strony/", status=404)
    assert STRICT_SCRIPTS in enforced_policy(response)
    page.wait_for_load_state("networkidle")
    assert csp_violations == []


def test_api_documentation_renders_swagger_ui_from_our_own_files(page, site_url, csp_violations):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    response = visit(page, f"{site_url}/api/")
    enforced_policy(response)
    expect(page.locator(".swagger-ui .info .title")).to_be_visible()
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    screenshot(page, "csp-api-docs")
    assert [url for url in requested if not url.startswith(site_url)] == []
    assert csp_violations == []


def test_search_type_ahead_fills_its_suggestions(page, site_url, csp_violations):
    visit(page, f"{site_url}/szukaj/")
    page.locator("#search-query").fill("klas")
    expect(page.locator("#search-suggestions option").first).to_be_attached()
    screenshot(page, "csp-search-suggestions")
    assert csp_violations == []


def test_print_button_prints_the_article_from_a_script_file(page, site_url, csp_violations):
    # The browser's print dialog replaced by a note the test can read.
    page.add_init_script("window.print = () => { document.documentElement.dataset.printed = 'yes'; };")
    visit(page, f"{site_url}/aktualnosci/klastry/")
    page.get_by_role("button", name="Drukuj").click()
    expect(page.locator("html")).to_have_attribute("data-printed", "yes")
    assert csp_violations == []


def test_newsletter_sign_up_form_submits(page, site_url, csp_violations):
    visit(page, f"{site_url}/newsletter/")
    main = page.get_by_role("main")
    main.locator('input[name="email"]').fill("czytelnik.csp@poczta.example")
    main.locator('input[name="consent"]').check()
    main.locator("form.newsletter-form [type=submit]").click()
    expect(main.get_by_role("status")).to_be_visible()
    screenshot(page, "csp-newsletter-sent")
    assert csp_violations == []


def test_editor_uses_the_admin_and_the_userbar_without_a_violation(page, site_url, csp_violations, editor):
    response = visit(page, f"{site_url}/admin/login/")
    policy = enforced_policy(response)
    assert "frame-ancestors 'self';" in policy
    page.locator('input[name="username"]').fill(editor["username"])
    page.locator('input[name="password"]').fill(editor["password"])
    page.locator("form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.wait_for_load_state("networkidle")
    screenshot(page, "csp-admin-dashboard")

    # The public article under the strict policy, with Wagtail's userbar for the signed-in editor.
    response = visit(page, f"{site_url}/aktualnosci/klastry/")
    assert STRICT_SCRIPTS in enforced_policy(response)
    userbar = page.locator("wagtail-userbar")
    expect(userbar).to_be_attached()
    page.wait_for_load_state("networkidle")
    screenshot(page, "csp-article-with-userbar")

    # The article's edit view: the admin's own inline scripts and styles are allowed there.
    article_id = page.request.get(f"{site_url}/api/articles/by-slug/klastry/?locale=pl").json()["id"]
    visit(page, f"{site_url}/admin/pages/{article_id}/edit/")
    expect(page.locator('input[name="title"]')).to_have_value("Klastry")
    page.wait_for_load_state("networkidle")
    screenshot(page, "csp-admin-edit-article")

    # The preview panel frames an admin URL: the admin's policy lets the admin frame itself.
    page.locator('[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1, name="Klastry")).to_be_visible(timeout=30_000)
    page.wait_for_load_state("networkidle")
    screenshot(page, "csp-admin-preview-article")
    assert csp_violations == []


def test_the_watch_reports_inline_code_a_policy_refuses(page, csp_violations):
    # Guards the check itself: no violation must mean a page that kept to its policy, not a deaf watch.
    page.route(
        "http://csp-check.test/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": "default-src 'self'"},
            body="<!DOCTYPE html><title>CSP</title><p style='color: red'>Tekst</p>"
            "<script>document.title = 'x'</script>",
        ),
    )
    page.goto("http://csp-check.test/")
    page.evaluate("() => 0")
    expect(page).to_have_title("CSP")  # the inline script did not run
    assert any("style-src" in violation for violation in csp_violations)
    assert any("script-src" in violation for violation in csp_violations)
    csp_violations.clear()  # expected here: the hook must not fail this test for them
