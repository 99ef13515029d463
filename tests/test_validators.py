"""Polish identifiers: NIP, REGON, KRS, PKD and postal codes are checked with Polish messages."""

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from registry.validators import (
    validate_krs,
    validate_nip,
    validate_pkd_codes,
    validate_postal_code,
    validate_regon,
)
from tests.factories import CompanyFactory


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
