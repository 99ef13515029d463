"""After a failed submit a keyboard or screen reader user lands on the error summary and reaches each field from it."""

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import REPO_ROOT, axe_violations, screenshot, visit

pytestmark = pytest.mark.slow

READER = {"email": "bledy@firma.example", "password": "Haslo-bledow-1"}
WCAG_21_AA = {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}


@pytest.fixture(scope="module")
def reader_login(e2e_env):
    """A confirmed representative's account in the e2e database."""
    create = (
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.filter(username={READER['email']!r}).exists() or "
        f"get_user_model().objects.create_user({READER['email']!r}, {READER['email']!r}, {READER['password']!r})"
    )
    subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "shell", "-c", create], cwd=REPO_ROOT, env=e2e_env, check=True, timeout=120
    )
    return READER


@pytest.fixture
def failed_company_form(page, site_url, reader_login):
    """The add-company form just after an empty submit, as a signed-in representative sees it."""
    visit(page, f"{site_url}/konto/logowanie/")
    page.fill('input[name="username"]', reader_login["email"])
    page.fill('input[name="password"]', reader_login["password"])
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{site_url}/konto/moje-wpisy/")
    visit(page, f"{site_url}/konto/firma/dodaj/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return page


def test_after_an_empty_submit_focus_is_on_the_error_summary(failed_company_form):
    summary = failed_company_form.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("h2")).to_contain_text("Formularz zawiera")
    assert failed_company_form.title().startswith("Błęd")
    screenshot(failed_company_form, "form-errors-add-company-pl")


def test_a_summary_link_moves_focus_to_its_field(failed_company_form):
    link = failed_company_form.locator(".error-summary a").first
    target_id = link.get_attribute("href").removeprefix("#")
    failed_company_form.keyboard.press("Tab")  # from the focused summary to its first link
    expect(link).to_be_focused()
    failed_company_form.keyboard.press("Enter")
    expect(failed_company_form.locator(f"[id='{target_id}']")).to_be_focused()


@pytest.mark.parametrize("width", [320, 1366])
def test_the_form_with_errors_has_no_accessibility_violation(failed_company_form, width):
    failed_company_form.set_viewport_size({"width": width, "height": 900})
    violations = [v for v in axe_violations(failed_company_form) if WCAG_21_AA & set(v["tags"])]
    assert not violations, "\n".join(f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:200]}" for v in violations)
    scroll_width = failed_company_form.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width
