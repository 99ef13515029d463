"""wagtail-localize's translation editor in the editor's language, where the library leaves English in.

Its React bundle writes a few phrases as plain literals or glues a translated prefix to a locale's
name ("Publish in " + "English"), so no catalogue can translate them. `patched_bundle()` rewrites
exactly those spots of the installed bundle into `gettext()`/`interpolate()` calls of Django's
JavaScript catalogue; `manage.py build_translation_editor` writes the result where static files
of the project take precedence over the library's. The dates in its "Translated manually on …"
lines are formatted with `strftime`, in English whatever the language: `localize_comment_dates()`
formats them the Django way instead.
"""

import re
from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext

import wagtail_localize

BUNDLE = Path("wagtail_localize") / "js" / "wagtail-localize.js"
OVERRIDE = settings.BASE_DIR / "static" / BUNDLE

# (what the minified bundle says, what it should say, how many times it says it)
BUNDLE_FIXES = [
    # The screen-reader label of the footer's action menus: a literal.
    (
        re.compile(r'(\{className:"w-sr-only"\},)"More actions"'),
        r'\1gettext("More actions")',
        2,
    ),
    # The heading over the strings: a template literal.
    (
        re.compile(r"`\$\{(\w+)\.sourceLocale\.displayName\} to \$\{\1\.locale\.displayName\} translation`"),
        r'interpolate(gettext("%(source)s to %(target)s translation"),'
        r"{source:\1.sourceLocale.displayName,target:\1.locale.displayName},!0)",
        2,
    ),
    # The publish button: a translated prefix glued to the locale's name.
    (
        re.compile(r'\w+\(\)\("Publish in "\)\+(\w+)\.displayName'),
        r'interpolate(gettext("Publish in %(locale)s"),{locale:\1.displayName},!0)',
        1,
    ),
]


class BundleChanged(Exception):
    """The installed bundle no longer reads as the fixes expect: wagtail-localize was upgraded."""


def installed_bundle_path():
    return Path(wagtail_localize.__file__).parent / "static" / BUNDLE


def patched_bundle(source):
    for pattern, replacement, expected in BUNDLE_FIXES:
        source, found = pattern.subn(replacement, source)
        if found != expected:
            raise BundleChanged(f"{pattern.pattern!r} found {found} times in the bundle, expected {expected}")
    return source


def translation_comment(string_translation):
    """What StringTranslation.get_comment() says, with the date in the active language's format."""
    date = formats.date_format(timezone.localtime(string_translation.updated_at), "DATE_FORMAT")
    if string_translation.tool_name:
        return gettext("Translated with {tool_name} on {date}").format(
            tool_name=string_translation.tool_name, date=date
        )
    if string_translation.translation_type == string_translation.TRANSLATION_TYPE_MANUAL:
        return gettext("Translated manually on {date}").format(date=date)
    if string_translation.translation_type == string_translation.TRANSLATION_TYPE_MACHINE:
        return gettext("Machine translated on {date}").format(date=date)
    return None


def localize_comment_dates():
    """Make the editor's comments (read by its serializers from get_comment) carry localised dates."""
    from wagtail_localize.models import StringTranslation

    StringTranslation.get_comment = translation_comment
