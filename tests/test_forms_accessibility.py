"""Public forms a screen reader follows: help and errors tied to fields, an error summary, the count in the title."""

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from articles.models import ArticlePage
from registry.models import Offer
from tests.factories import CompanyFactory

PASSWORD = "Haslo-testowe-1"
LANGUAGES = ["pl", "en"]


def page(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def representative(client, demo):
    user = User.objects.create_user("jan@firma.example", "jan@firma.example", PASSWORD)
    client.force_login(user)
    return user


def url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


def home(language):
    return "/" if language == "pl" else "/en/"


def offer():
    return Offer.objects.get(slug="obrobka-cnc-krotkie-serie", locale__language_code="pl")


def article(language):
    return ArticlePage.objects.get(slug={"pl": "klastry", "en": "clusters"}[language], locale__language_code=language)


def anonymous_forms(language):
    """(name, address) of every form a reader can open without an account."""
    return [
        ("sign-up", url("accounts:signup", language)),
        ("log-in", url("accounts:login", language)),
        ("password reset", url("accounts:password_reset", language)),
        ("resend confirmation", url("accounts:resend_confirmation", language)),
        ("interest", url("accounts:interest", language, offer().pk)),
        ("newsletter", f"{home(language)}newsletter/"),
    ]


def representative_forms(language):
    return [
        ("add company", url("accounts:company_add", language)),
        ("add offer", url("accounts:offer_add", language)),
    ]


def public_form_pages(client, language):
    """The HTML of every public form, unbound, as a signed-in representative with one company sees them."""
    pages = {name: client.get(address) for name, address in anonymous_forms(language)}
    user = User.objects.create_user("ewa@firma.example", "ewa@firma.example", PASSWORD)
    CompanyFactory(name="Firma Ewy", submitted_by=user)
    client.force_login(user)
    pages.update({name: client.get(address) for name, address in representative_forms(language)})
    pages["comment"] = client.get(article(language).url)
    return pages


def anonymous_invalid_posts(language):
    """(name, address, data) of a failed submit of every form for readers without an account."""
    return [
        ("sign-up", url("accounts:signup", language), {"email": "not an address", "password1": "", "password2": ""}),
        ("log-in", url("accounts:login", language), {"username": "", "password": ""}),
        ("password reset", url("accounts:password_reset", language), {"email": ""}),
        ("resend confirmation", url("accounts:resend_confirmation", language), {"email": "x"}),
        ("interest", url("accounts:interest", language, offer().pk), {"name": "", "email": "", "message": ""}),
        ("newsletter", f"{home(language)}newsletter/", {"email": "", "language": language}),
    ]


def representative_invalid_posts(language, company):
    return [
        ("add company", url("accounts:company_add", language), {"nip": "123"}),
        ("add offer", url("accounts:offer_add", language), {"company": company.pk, "valid_until": "2000-01-01"}),
    ] + (
        # Comments are posted outside the language prefixes, so their error page is in Polish whatever the article's.
        [("comment", f"/comments/{article(language).pk}/", {"body": ""})] if language == "pl" else []
    )


def failed_submits(client, language):
    """The page each public form answers a failed submit with, by form."""
    responses = {name: client.post(address, data) for name, address, data in anonymous_invalid_posts(language)}
    user = User.objects.create_user("ewa@firma.example", "ewa@firma.example", PASSWORD)
    company = CompanyFactory(name="Firma Ewy", submitted_by=user)
    client.force_login(user)
    for name, address, data in representative_invalid_posts(language, company):
        responses[name] = client.post(address, data)
    return responses


def described_controls(soup):
    return soup.select("main [aria-describedby]")


def missing_description_ids(soup):
    return [
        (element.get("name") or element.name, id_)
        for element in described_controls(soup)
        for id_ in element["aria-describedby"].split()
        if soup.find(id=id_) is None
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_help_text_is_an_element_the_field_names(client, demo, language):
    pages = public_form_pages(client, language)
    for name, response in pages.items():
        assert response.status_code == 200, name
        soup = page(response)
        assert missing_description_ids(soup) == [], name
    company_form = page(pages["add company"])
    for field in ("nip", "regon", "krs", "pkd_codes", "logo_file"):
        control = company_form.find(id=f"id_{field}")
        help_element = company_form.find(id=f"id_{field}_helptext")
        assert help_element is not None and help_element.get_text(strip=True), field
        assert f"id_{field}_helptext" in control["aria-describedby"].split(), field


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_help_is_a_list_announced_with_its_field_and_never_inside_a_paragraph(client, demo, language):
    soup = page(client.get(url("accounts:signup", language)))
    help_element = soup.find(id="id_password1_helptext")
    assert help_element.find("li") is not None
    assert help_element.find_parent("p") is None and help_element.name != "p"
    assert "id_password1_helptext" in soup.find(id="id_password1")["aria-describedby"].split()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_form_explains_the_required_mark(client, demo, language):
    note = {"pl": "Pola oznaczone * są wymagane.", "en": "Fields marked * are required."}[language]
    for name, response in public_form_pages(client, language).items():
        soup = page(response)
        assert note in [p.get_text(" ", strip=True).replace(" * ", " * ") for p in soup.select(".required-note")], name
        required = soup.select("main form [required]")
        assert required, name
        for control in required:
            label = soup.find("label", attrs={"for": control["id"]})
            assert label is not None and label.find(class_="required-mark", attrs={"aria-hidden": "true"}), control


@pytest.mark.parametrize("language", LANGUAGES)
def test_failed_submit_summarises_each_error_with_a_link_to_its_field(client, demo, language):
    for name, response in failed_submits(client, language).items():
        assert response.status_code in (200, 400), (name, response.status_code)
        soup = page(response)
        summary = soup.select_one(".error-summary")
        assert summary is not None, name
        assert summary["tabindex"] == "-1"
        links = summary.select("li a")
        field_errors = soup.select("main form .errorlist li")
        count = len(links)
        assert count >= len(field_errors) >= 1, name
        assert summary.find(id="error-summary-title").get_text(strip=True) == expected_heading(language, count), name
        for link in links:
            target = soup.find(id=link["href"].removeprefix("#"))
            assert target is not None and target.name in ("input", "select", "textarea"), (name, link["href"])
        for message in field_errors:
            assert any(message.get_text(strip=True) in link.get_text() for link in links), (name, message)


def plural(language, count, one, few, many):
    """Polish has three plural forms: 1 błąd, 2–4 (and 22–24…) błędy, 5–21 (and 25…) błędów."""
    if count == 1:
        return one
    if language == "pl" and not (count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14)):
        return many
    return few


def expected_title_start(language, count):
    if language == "en":
        return plural(language, count, "Error", "Errors", "Errors") + f": {count} – "
    return plural(language, count, "Błąd", "Błędy", "Błędów") + f": {count} – "


def expected_heading(language, count):
    if language == "en":
        return f"The form contains {count} " + plural(language, count, "error", "errors", "errors")
    return f"Formularz zawiera {count} " + plural(language, count, "błąd", "błędy", "błędów")


@pytest.mark.parametrize("language", LANGUAGES)
def test_after_a_failed_submit_the_title_starts_with_the_error_count(client, demo, language):
    counts = set()
    for name, response in failed_submits(client, language).items():
        soup = page(response)
        count = len(soup.select(".error-summary li"))
        counts.add(min(count, 5))
        assert soup.title.get_text().startswith(expected_title_start(language, count)), (name, soup.title)
    # One, a few and many errors: every plural form of Polish is met.
    assert {1, 2, 5} <= counts or {1, 2, 3, 4} & counts


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_without_errors_keeps_its_plain_title_and_has_no_summary(client, demo, language):
    soup = page(client.get(url("accounts:login", language)))
    assert soup.title.get_text().startswith({"pl": "Zaloguj", "en": "Log in"}[language])
    assert soup.select_one(".error-summary") is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_invalid_field_is_marked_and_described_by_its_error(client, demo, language):
    for name, response in failed_submits(client, language).items():
        soup = page(response)
        invalid = soup.select("main [aria-invalid='true']")
        assert invalid or soup.select(".error-summary li"), name
        for control in invalid:
            # A group of boxes is described as a whole, by its fieldset.
            described = control if control.has_attr("aria-describedby") else control.find_parent("fieldset")
            error_ids = [id_ for id_ in described["aria-describedby"].split() if id_.endswith("_error")]
            assert error_ids, (name, control["id"])
            error = soup.find(id=error_ids[0])
            assert error is not None and error.get_text(strip=True), (name, error_ids)
        assert missing_description_ids(soup) == [], name


def test_nip_error_is_shown_beside_the_nip_field(client, representative):
    soup = page(client.post(url("accounts:company_add", "pl"), {"nip": "123"}))
    nip = soup.find(id="id_nip")
    assert nip["aria-invalid"] == "true"
    assert soup.find(id="id_nip_error").find_parent(class_="form-field") is nip.find_parent(class_="form-field")


def test_contact_details_are_private_on_a_new_company_form(client, representative):
    soup = page(client.get(url("accounts:company_add", "pl")))
    checkbox = soup.find(id="id_contact_public")
    assert checkbox is not None and not checkbox.has_attr("checked")


def test_a_company_that_shows_its_contacts_keeps_the_box_ticked_when_edited(client, representative):
    company = CompanyFactory(name="Firma Jana", submitted_by=representative, contact_public=True)
    soup = page(client.get(url("accounts:company_edit", "pl", company.pk)))
    assert soup.find(id="id_contact_public").has_attr("checked")


FILTER_PAGES = {
    "pl": ["/aktualnosci/", "/klastry/", "/baza-przedsiebiorstw/", "/baza-ofert/", "/baza-uslug/"],
    "en": ["/en/news/", "/en/clusters/", "/en/companies/", "/en/offers/", "/en/services/"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_filter_offers_all_as_its_empty_choice(client, demo, language):
    word = {"pl": "Wszystkie", "en": "All"}[language]
    for path in FILTER_PAGES[language]:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "---------" not in html, path
        selects = page(response).select("form.filters select")
        assert selects, path
        for select in selects:
            empty = select.find("option", attrs={"value": ""})
            assert empty is not None and empty.get_text().startswith(word), (path, select.get("name"))


def test_a_refused_filter_value_is_described_by_an_element_that_exists(client, demo):
    soup = page(client.get("/baza-przedsiebiorstw/?voivodeship=atlantyda"))
    select = soup.find(id="id_voivodeship")
    assert select["aria-invalid"] == "true"
    assert missing_description_ids(soup) == []


def test_a_success_message_is_a_styled_status_alert_with_a_word_for_its_kind(client, representative):
    client.get(url("accounts:offer_add", "pl"))  # no company yet: the site says to add one first
    soup = page(client.get(url("accounts:company_add", "pl")))
    alert = soup.select_one(".messages .alert")
    assert alert is not None and alert["role"] == "status"
    assert "alert--info" in alert["class"]
    assert alert.select_one(".alert__label").get_text(strip=True) == "Informacja:"


@pytest.mark.parametrize("language", LANGUAGES)
def test_selects_of_the_entry_forms_ask_to_choose_instead_of_showing_dashes(client, representative, language):
    CompanyFactory(name="Firma Jana", submitted_by=representative)
    word = {"pl": "Wybierz…", "en": "Choose…"}[language]
    for address in (url("accounts:company_add", language), url("accounts:offer_add", language)):
        soup = page(client.get(address))
        assert "---------" not in str(soup.select_one("main form")), address
        for select in soup.select("main form select"):
            empty = select.find("option", attrs={"value": ""})
            assert empty is None or empty.get_text() == word, (address, select["name"])
