"""Errors of the API in the language the client asked for, always as JSON `{"detail": ...}`.

The language is the `locale` parameter when it names one of the site's languages, else the best
match of `Accept-Language`, else English: the API's clients are programs first.
"""

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

DEFAULT_LANGUAGE = "en"
# Headers an error answer keeps when its body is replaced by JSON.
KEPT_HEADERS = ("Allow", "Retry-After")


def requested_language(request):
    codes = {code for code, _name in settings.LANGUAGES}
    if request.GET.get("locale") in codes:
        return request.GET["locale"]
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return DEFAULT_LANGUAGE


def _generic_message(status):
    if status == 404:
        return _("Not found.")
    if status == 405:
        return _("The API is read-only.")
    if status >= 500:
        return _("The server could not answer this request; please try again later.")
    return _("The request could not be answered.")


def error_response(status, detail=None):
    """An error answer in the active language, with `detail` or a sentence for the status."""
    return JsonResponse({"detail": detail or _generic_message(status)}, status=status)


def as_json(response):
    """An error answer that is not JSON (Django's or Wagtail's HTML pages) as the API's JSON."""
    if response.get("Content-Type", "").startswith("application/json"):
        return response
    replaced = error_response(response.status_code)
    for header in KEPT_HEADERS:
        if response.has_header(header):
            replaced[header] = response[header]
    return replaced


def _message(error):
    """Pydantic's sentence for a bad value, translated for the errors a query string can cause."""
    kind, context = error["type"], error.get("ctx") or {}
    if kind.startswith("datetime"):
        return _("Input should be a date and time in the format YYYY-MM-DDTHH:MM:SS with an optional offset")
    if kind.startswith("date"):
        return _("Input should be a date in the format YYYY-MM-DD")
    messages = {
        "missing": lambda: _("Field required"),
        "int_parsing": lambda: _("Input should be a whole number: at most 19 of the digits 0-9"),
        "bool_parsing": lambda: _("Input should be true or false"),
        "greater_than_equal": lambda: _("Input should be greater than or equal to %(ge)s") % context,
        "less_than_equal": lambda: _("Input should be less than or equal to %(le)s") % context,
        "string_too_long": lambda: _("Input should have at most %(max_length)s characters") % context,
        "string_pattern_mismatch": lambda: _("Input contains characters that are not allowed here"),
        # Pydantic joins the last two with an English "or": a list reads the same in any language.
        "literal_error": lambda: (
            _("Input should be one of: %(expected)s") % {"expected": context["expected"].replace(" or ", ", ")}
        ),
        "too_long": lambda: _("At most %(max)s values") % context,
        "time_out_of_range": lambda: _("Input should be a time after the year 1"),
    }
    try:
        return messages[kind]()
    except (KeyError, TypeError, ValueError):  # a type or context not listed: pydantic's own words
        return error["msg"]


def _parameter(location):
    """The parameter a bad value was given for: ("query", "limit") or, for one of several values,
    ("query", "params", "size", 1), where Ninja names the view's argument and the value's index."""
    parts = [str(part) for part in location[1:] if not isinstance(part, int)]
    return ".".join(parts[1:] if len(parts) > 1 and parts[0] == "params" else parts)


def validation_error(request, error):
    """Invalid parameters answer 400 with one readable sentence (Ninja's default is a 422 list)."""
    problems = "; ".join(f"{_parameter(e['loc'])}: {_message(e)}" for e in error.errors)
    return error_response(400, _("Invalid request: %(problems)s.") % {"problems": problems})


def not_found(request, error):
    return error_response(404)
