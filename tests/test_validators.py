"""Polish identifiers: NIP, REGON, KRS, PKD and postal codes are checked with Polish messages; numbers from
requests, control characters in text and web addresses are checked strictly."""

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from cms.params import parse_int
from cms.validators import is_web_url, validate_multiline, validate_single_line
from registry.models import Sector
from registry.validators import (
    validate_krs,
    validate_nip,
    validate_pkd_codes,
    validate_postal_code,
    validate_regon,
)
from tests.factories import CompanyFactory, OfferFactory


def error_text(validator, value):
    with pytest.raises(ValidationError) as excinfo:
        validator(value)
    return " ".join(excinfo.value.messages)


@pytest.mark.parametrize("nip", ["5540123453", "554-012-34-53", "554 012 34 53", "7251876549"])
def test_valid_nip_passes(nip):
    validate_nip(nip)


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("5540123454", "Numer NIP ma niepoprawną cyfrę kontrolną."),
        ("123", "NIP musi składać się z 10 cyfr."),
        ("55401234AB", "NIP musi składać się z 10 cyfr."),
    ],
)
def test_invalid_nip_is_rejected_in_polish(nip, message):
    assert error_text(validate_nip, nip) == message


@pytest.mark.parametrize("regon", ["534640973", "302466331", "12345678512347"])
def test_valid_regon_passes(regon):
    validate_regon(regon)


@pytest.mark.parametrize(
    ("regon", "message"),
    [
        ("534640974", "Numer REGON ma niepoprawną cyfrę kontrolną."),
        ("12345678512348", "Numer REGON ma niepoprawną cyfrę kontrolną."),
        ("1234567", "REGON musi składać się z 9 lub 14 cyfr."),
    ],
)
def test_invalid_regon_is_rejected_in_polish(regon, message):
    assert error_text(validate_regon, regon) == message


@pytest.mark.parametrize("code", ["85-862", "00-950", "87-100"])
def test_valid_postal_code_passes(code):
    validate_postal_code(code)


@pytest.mark.parametrize("code", ["85862", "8-5862", "85-86", "AB-CDE", ""])
def test_invalid_postal_code_is_rejected_in_polish(code):
    assert error_text(validate_postal_code, code) == "Podaj polski kod pocztowy w formacie 00-000."


def test_krs_and_pkd_are_checked():
    validate_krs("0000295476")
    validate_pkd_codes("62.01.Z, 72.19.Z")
    assert error_text(validate_krs, "29547") == "Numer KRS musi składać się z 10 cyfr."
    assert "62.1" in error_text(validate_pkd_codes, "62.01.Z, 62.1")


def test_english_editor_sees_english_message():
    with translation.override("en"):
        assert error_text(validate_nip, "5540123454") == "This NIP number has an invalid check digit."


@pytest.mark.django_db
def test_company_form_validation_reports_each_bad_identifier():
    company = CompanyFactory.build(nip="5540123454", regon="534640974", postal_code="85862")
    with pytest.raises(ValidationError) as excinfo:
        company.full_clean(exclude=["translation_key", "locale"])
    errors = excinfo.value.message_dict
    assert errors["nip"] == ["Numer NIP ma niepoprawną cyfrę kontrolną."]
    assert errors["regon"] == ["Numer REGON ma niepoprawną cyfrę kontrolną."]
    assert errors["postal_code"] == ["Podaj polski kod pocztowy w formacie 00-000."]


@pytest.mark.django_db
def test_company_identifiers_are_stored_without_separators():
    company = CompanyFactory.build(nip="554-012-34-53", regon="534 640 973", pkd_codes="62.01.z;72.19.Z")
    company.full_clean(exclude=["translation_key", "locale"])
    assert (company.nip, company.regon, company.pkd_codes) == ("5540123453", "534640973", "62.01.Z, 72.19.Z")


# Input from readers, clients and imports: numbers, control characters, web addresses.

BIDI_OVERRIDE = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: shows "Firma\u202ekaN" as "FirmaNak"
CONTROL_MESSAGE = "Pole zawiera niedozwolone znaki sterujące."


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7", 7), ("0012", 12), ("١", None), ("²", None), ("１", None), ("1_0", None), ("+1", None), ("-1", None)]
    + [(" 1", None), ("1\n", None), ("1.0", None), ("", None), (None, None), ("9" * 20, None)],
)
def test_numbers_from_requests_are_ascii_digits_only(value, expected):
    assert parse_int(value) == expected


def test_a_number_out_of_bounds_is_the_default():
    assert parse_int("0", default=1, minimum=1) == 1
    assert parse_int("101", default=20, maximum=100) == 20
    assert parse_int("100", default=20, maximum=100) == 100


@pytest.mark.parametrize("nip", ["٥٥٤٠١٢٣٤٥٣", "５５４０１２３４５３"])
def test_nip_in_other_scripts_digits_is_refused(nip):
    assert error_text(validate_nip, nip) == "NIP musi składać się z 10 cyfr."


@pytest.mark.parametrize(
    "value",
    ["Firma\x00", "Firma\x1b[31m", "Fir\x7fma", "Firma\x85", f"Firma {BIDI_OVERRIDE}kaN", "Firma \u2066Nowak\u2069"]
    + ["Firma\u202aNowak", "Firma\tNowak", "Firma\nNowak"],
)
def test_control_characters_and_bidi_overrides_are_refused_in_one_line_of_text(value):
    assert error_text(validate_single_line, value) == CONTROL_MESSAGE


def test_tab_and_line_breaks_are_allowed_in_multiline_text_and_marks_of_direction_everywhere():
    validate_multiline("Pierwszy akapit.\r\n\n\tDrugi akapit.")
    validate_single_line("Firma \u200fשלום\u200e Nowak")  # right-to-left and left-to-right marks
    assert error_text(validate_multiline, f"Akapit {BIDI_OVERRIDE}") == CONTROL_MESSAGE
    assert error_text(validate_multiline, "Akapit\x0b") == CONTROL_MESSAGE


def test_control_characters_message_in_english():
    with translation.override("en"):
        assert error_text(validate_single_line, "a\x00") == "This field contains forbidden control characters."


@pytest.mark.django_db
def test_snippets_refuse_control_characters_and_bidi_overrides_in_full_clean(site_tree):
    company = CompanyFactory.build(name=f"Firma {BIDI_OVERRIDE}kaN", city="Toruń\x00", street="ul. Długa\t1")
    with pytest.raises(ValidationError) as excinfo:
        company.full_clean(exclude=["translation_key", "locale"])
    errors = excinfo.value.message_dict
    assert errors["name"] == errors["city"] == errors["street"] == [CONTROL_MESSAGE]

    offer = OfferFactory.build(title="Oferta\u2067", summary="Linia\x1b")
    with pytest.raises(ValidationError) as excinfo:
        offer.full_clean(exclude=["translation_key", "locale", "company"])
    assert excinfo.value.message_dict["title"] == excinfo.value.message_dict["summary"] == [CONTROL_MESSAGE]

    sector = Sector(name=f"Sektor{BIDI_OVERRIDE}", slug="sektor")
    with pytest.raises(ValidationError) as excinfo:
        sector.full_clean(exclude=["translation_key", "locale"])
    assert excinfo.value.message_dict["name"] == [CONTROL_MESSAGE]


@pytest.mark.django_db
def test_snippets_keep_tabs_and_line_breaks_in_multiline_fields(site_tree):
    offer = OfferFactory.build(summary="Pierwsza linia.\r\n\tDruga linia.", description="<p>Opis</p>\n<p>Dalej</p>")
    offer.full_clean(exclude=["translation_key", "locale", "company"])


@pytest.mark.django_db
def test_a_made_slug_never_carries_control_or_bidi_characters(site_tree):
    # Not NUL: PostgreSQL cannot store it at all (the forms and validators refuse it before).
    company = CompanyFactory(name=f"Firma\x01 {BIDI_OVERRIDE}Nowak\u2066\t\x1f", slug="")
    assert company.slug == "firma-nowak"
    offer = OfferFactory(title="Oferta\u202d\x07 \u2068frezowania", slug="")
    assert offer.slug == "oferta-frezowania"


@pytest.mark.parametrize(
    "website",
    [
        'https://example.com/"><script>alert(1)</script>',
        "https://example.com/'><script>alert(1)</script>",
        "javascript:alert(1)",
        "JavaScript://example.com/%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.com/",
        "https://example.com/a b",
        "https://example.com\\@evil.example/",
        f"https://exam{BIDI_OVERRIDE}ple.com/",
        "https://example.com/\x00",
    ],
)
@pytest.mark.django_db
def test_websites_other_than_plain_http_and_https_addresses_are_refused(website):
    company = CompanyFactory.build(website=website)
    with pytest.raises(ValidationError) as excinfo:
        company.full_clean(exclude=["translation_key", "locale"])
    assert len(excinfo.value.message_dict["website"]) == 1
    assert not is_web_url(website)


@pytest.mark.parametrize(
    "website",
    ["https://example.com", "http://example.com/a?b=1&c=2#d", "https://łódź.example/ścieżka", "https://x.pl/o'brien"],
)
@pytest.mark.django_db
def test_http_and_https_addresses_pass(website):
    CompanyFactory.build(website=website).full_clean(exclude=["translation_key", "locale"])
    assert is_web_url(website)
