"""Validators of the text and web addresses readers and editors type: no invisible control
characters, no text-direction tricks, web addresses over http(s) only.

Refused everywhere: C0 controls (but tab and line breaks in multi-line text), DEL, C1 controls,
and the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
reorder what a reader sees without changing what is stored ("Trojan Source"): a name or an
address could then read differently from what it is. The marks U+200E, U+200F and U+061C are
allowed: they set the direction of the neutral characters beside them only, cannot reverse a run
of letters, and are typed honestly in right-to-left text or pasted with it.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# U+2028 and U+2029 are line breaks too: allowed where a line break is.
FORBIDDEN_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]")
FORBIDDEN_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
# Characters a web address never holds unencoded: they could end an attribute or a tag, and browsers
# read a backslash as a slash, so "https://evil.example\@agency.example" would lead elsewhere.
FORBIDDEN_IN_URL = re.compile(r'[\s"<>`\\]')

CONTROL_CHARACTERS_MESSAGE = _("This field contains forbidden control characters.")


def validate_single_line(value):
    """One line of text (a name, a title, an address): no control characters, not even a tab."""
    if value and FORBIDDEN_IN_LINE.search(str(value)):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")


def validate_multiline(value):
    """Text of several lines (a message, a summary): tabs and line breaks allowed, no other controls."""
    if value and FORBIDDEN_IN_TEXT.search(str(value)):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")


# A code of its own: a form field would put its generic message in place of one coded "invalid".
http_url_validator = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a valid web address starting with http:// or https://."),
    code="web_address",
)


def validate_web_url(value):
    """A web address readers may follow: http or https only, nothing that could leave an attribute.

    Takes the place of Django's URL validator (which also lets ftp:// through), so that a form
    field using it alone says what is wrong once."""
    if not value:
        return
    validate_single_line(value)
    if FORBIDDEN_IN_URL.search(value):
        raise ValidationError(
            _("A web address cannot contain spaces, double quotes or the characters < > ` \\."), code="url_characters"
        )
    http_url_validator(value)


def is_web_url(value):
    """True for a stored address that passes `validate_web_url`: one safe to put in a link."""
    try:
        validate_web_url(value)
    except ValidationError:
        return False
    return bool(value)
