"""A company representative signs up, confirms the e-mail and adds a company and an offer in the browser."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import screenshot, visit

pytestmark = pytest.mark.slow

EMAIL = "anna.przedstawicielka@firma.example"
PASSWORD = "Sosnowy-las-2026"


def submit(page):
    """Press the form's button and wait for the answer: the old page is already "loaded", so waiting
    for a load state alone would let the next visit cancel a POST still on its way."""
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_representative_signs_up_confirms_and_adds_an_offer(page, site_url, mailbox):
    visit(page, f"{site_url}/konto/rejestracja/")
    page.fill('input[name="email"]', EMAIL)
    page.fill('input[name="password1"]', PASSWORD)
    page.fill('input[name="password2"]', PASSWORD)
    screenshot(page, "signup-pl")
    submit(page)

    # The confirmation link arrives by e-mail, through a real SMTP conversation.
    bodies = mailbox.bodies_to(EMAIL)
    assert len(bodies) == 1
    link = urlsplit(re.search(r"https?://\S+", bodies[0]).group(0))
    visit(page, f"{site_url}{link.path}")
    screenshot(page, "signup-confirmed-pl")

    if "/konto/logowanie/" in page.url or page.locator('input[name="username"]').count():
        page.fill('input[name="username"]', EMAIL)
        page.fill('input[name="password"]', PASSWORD)
        submit(page)

    visit(page, f"{site_url}/konto/firma/dodaj/")
    page.fill('input[name="name"]', "Frezarnia Przeglądarkowa Sp. z o.o.")
    page.select_option('select[name="legal_form"]', "spzoo")
    page.select_option('select[name="size"]', "small")
    page.fill('input[name="nip"]', "5540123453")
    page.fill('input[name="regon"]', "534640973")
    page.fill('input[name="street"]', "ul. Fordońska 10")
    page.fill('input[name="postal_code"]', "85-790")
    page.fill('input[name="city"]', "Bydgoszcz")
    page.select_option('select[name="voivodeship"]', "kujawsko-pomorskie")
    screenshot(page, "company-form-pl")
    submit(page)
    expect(page.locator("main")).to_contain_text("Frezarnia Przeglądarkowa Sp. z o.o.")

    visit(page, f"{site_url}/konto/oferta/dodaj/")
    page.fill('input[name="title"]', "Frezowanie w przeglądarce")
    page.select_option('select[name="kind"]', "business_offer")
    page.select_option('select[name="company"]', label="Frezarnia Przeglądarkowa Sp. z o.o.")
    page.fill('textarea[name="summary"]', "Wykonamy części według dokumentacji.")
    page.fill('input[name="valid_until"]', (datetime.date.today() + datetime.timedelta(days=60)).isoformat())
    screenshot(page, "offer-form-pl")
    submit(page)

    # My entries lists the offer as awaiting review; the public database does not show it yet.
    visit(page, f"{site_url}/konto/moje-wpisy/")
    screenshot(page, "my-entries-pl")
    entries = page.locator("main")
    expect(entries).to_contain_text("Frezowanie w przeglądarce")
    expect(entries.get_by_role("row", name=re.compile("Frezowanie w przeglądarce"))).to_contain_text(
        "Czeka na akceptację"
    )
    visit(page, f"{site_url}/baza-ofert/")
    expect(page.locator("main")).not_to_contain_text("Frezowanie w przeglądarce")
