"""Validators for Polish business identifiers (NIP, REGON, KRS, PKD) and postal codes.

Digits are 0-9 only: a regular expression's digit class also takes "١٢٣", which int() reads and no
register issues."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
REGON14_WEIGHTS = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)


def digits_only(value):
    """Editors paste NIP and REGON with dashes or spaces; the check digits ignore them."""
    return re.sub(r"[\s-]", "", value or "")


def check_digit(digits, weights, ten_means_zero):
    """The check digit for `digits` (weighted sum mod 11), or None when a remainder of 10 is invalid (NIP)."""
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
    if total == 10:
        return 0 if ten_means_zero else None
    return total


def _checksum_matches(digits, weights, ten_means_zero):
    return check_digit(digits, weights, ten_means_zero) == int(digits[len(weights)])


def validate_nip(value):
    digits = digits_only(value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        raise ValidationError(_("NIP must have 10 digits."), code="nip_format")
    if not _checksum_matches(digits, NIP_WEIGHTS, ten_means_zero=False):
        raise ValidationError(_("This NIP number has an invalid check digit."), code="nip_checksum")


def validate_regon(value):
    digits = digits_only(value)
    if re.fullmatch(r"[0-9]{9}", digits):
        weights = REGON9_WEIGHTS
    elif re.fullmatch(r"[0-9]{14}", digits):
        weights = REGON14_WEIGHTS
    else:
        raise ValidationError(_("REGON must have 9 or 14 digits."), code="regon_format")
    if not _checksum_matches(digits, weights, ten_means_zero=True):
        raise ValidationError(_("This REGON number has an invalid check digit."), code="regon_checksum")


def validate_krs(value):
    if not re.fullmatch(r"[0-9]{10}", digits_only(value)):
        raise ValidationError(_("KRS number must have 10 digits."), code="krs_format")


def validate_postal_code(value):
    if not re.fullmatch(r"[0-9]{2}-[0-9]{3}", (value or "").strip()):
        raise ValidationError(_("Enter a Polish postal code in the form 00-000."), code="postal_code_format")


def validate_pkd_codes(value):
    for code in split_pkd_codes(value):
        if not re.fullmatch(r"[0-9]{2}\.[0-9]{2}\.[A-Z]", code):
            raise ValidationError(
                _("“%(code)s” is not a PKD code (for example 62.01.Z)."),
                code="pkd_format",
                params={"code": code},
            )


def split_pkd_codes(value):
    return [code.strip().upper() for code in re.split(r"[,;\s]+", value or "") if code.strip()]
