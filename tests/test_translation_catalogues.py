"""The project's catalogues are complete, compiled and grammatical in form: what an editor or reader
sees in Polish never falls back to English because a string was left empty, fuzzy or uncompiled."""

import re
from pathlib import Path

from django.conf import settings

import polib
import pytest

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/*/LC_MESSAGES/*.po")
    if not any(part.startswith(".") or part == "node_modules" for part in path.relative_to(ROOT).parts)
)
PLURAL_FORMS = {
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "en": "nplurals=2; plural=(n != 1);",
}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdif]|%[sdif]|\{[a-z_]*\}")


def language_of(path):
    return path.parent.parent.name


def label(path):
    return str(path.relative_to(ROOT))


def test_the_project_ships_catalogues_for_every_app_and_for_the_vendors_wording():
    names = {label(path) for path in CATALOGUES}
    assert "locale/pl/LC_MESSAGES/django.po" in names
    for app in ("articles", "clusters", "registry", "accounts", "comments", "newsletter", "search", "home", "api"):
        assert f"{app}/locale/pl/LC_MESSAGES/django.po" in names


@pytest.mark.parametrize("path", CATALOGUES, ids=label)
def test_every_polish_string_is_translated_and_none_is_fuzzy(path):
    catalogue = polib.pofile(str(path))
    if language_of(path) == "pl":
        assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("path", CATALOGUES, ids=label)
def test_plural_forms_are_the_languages_own(path):
    catalogue = polib.pofile(str(path))
    assert catalogue.metadata.get("Plural-Forms") == PLURAL_FORMS[language_of(path)]
    nplurals = int(PLURAL_FORMS[language_of(path)].split(";")[0].split("=")[1])
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == nplurals, entry.msgid


@pytest.mark.parametrize("path", CATALOGUES, ids=label)
def test_translations_keep_the_placeholders_of_the_original(path):
    # A lost %(name)s shows the reader a sentence with a hole; a changed one is a 500 at render time.
    for entry in polib.pofile(str(path)).translated_entries():
        originals = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        expected = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            found = set(PLACEHOLDER.findall(text))
            # Polish singular forms may drop a count ("jeden komentarz"), never add an unknown name.
            assert found <= set().union(*(set(PLACEHOLDER.findall(o)) for o in originals)), (entry.msgid, text)
            if not entry.msgid_plural:
                assert found == expected, (entry.msgid, text)


@pytest.mark.parametrize("path", CATALOGUES, ids=label)
def test_the_compiled_catalogue_matches_its_source(path):
    compiled_path = path.with_suffix(".mo")
    assert compiled_path.exists(), f"{label(path)} is not compiled"
    compiled = {(entry.msgctxt, entry.msgid): entry for entry in polib.mofile(str(compiled_path))}
    for entry in polib.pofile(str(path)).translated_entries():
        found = compiled.get((entry.msgctxt, entry.msgid))
        assert found is not None, f"{entry.msgid!r} missing from {compiled_path.name}: run compilemessages"
        if entry.msgid_plural:
            assert found.msgstr_plural == entry.msgstr_plural, entry.msgid
        else:
            assert found.msgstr == entry.msgstr, entry.msgid


def test_a_string_reads_the_same_in_every_catalogue_of_a_language():
    # Django merges the catalogues, the project's locale/ first: a second wording of one msgid would
    # silently replace the app's own, so the same message would read differently by where it is shown.
    seen, conflicts = {}, []
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)).translated_entries():
            if entry.msgid_plural:
                continue
            key = (language_of(path), path.name, entry.msgctxt, entry.msgid)
            if key in seen and seen[key][1] != entry.msgstr:
                conflicts.append(f"{entry.msgid!r}: {seen[key][0]} {seen[key][1]!r} vs {label(path)} {entry.msgstr!r}")
            seen.setdefault(key, (label(path), entry.msgstr))
    assert conflicts == []
