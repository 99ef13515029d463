"""wagtail-localize's Translate and Sync screens and its translation editor speak the editor's language."""

import html
import json
import re

from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringSegment, Translation, TranslationSource

import pytest

from articles.models import ArticlePage
from cms.translation_editor import installed_bundle_path, patched_bundle
from registry.models import Company

pytestmark = pytest.mark.django_db

# Demo content with no English translation yet, so the Translate screen offers English.
UNTRANSLATED_ARTICLE = "krajowe-klastry-kluczowe-nabor"
UNTRANSLATED_COMPANY = "optimed-torun"
# English dates name the month in full or cut short ("Dec. 3, 2026"), Polish ones in the genitive
# ("3 grudnia 2026").
ENGLISH_MONTHS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\b")
POLISH_MONTHS = re.compile(
    r"\b(stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia)\b"
)


def admin_client(client, username, language):
    user = User.objects.create_superuser(username, f"{username}@example.com", "x")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def polish_editor(client):
    return admin_client(client, "redaktorka", "pl")


@pytest.fixture
def english_editor(client):
    return admin_client(client, "editor", "en")


@pytest.fixture
def article():
    return ArticlePage.objects.get(slug=UNTRANSLATED_ARTICLE, locale=Locale.get_default())


@pytest.fixture
def company():
    return Company.objects.get(slug=UNTRANSLATED_COMPANY, locale=Locale.get_default())


def text_of(response):
    """The text a reader sees, without markup, scripts and styles."""
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", response.content.decode())
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def says(text, phrase):
    """Whether `phrase` appears as words of its own ("Sync" is not in "Synchronizacja")."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def submit_translation(client, url):
    english = Locale.objects.get(language_code="en")
    return client.post(url, {"locales": [english.pk]}, follow=True)


def editor_props(response):
    match = re.search(r'class="js-translation-editor" data-props="([^"]*)"', response.content.decode())
    assert match, "the translation editor is not on the page"
    return json.loads(html.unescape(match.group(1)))


def test_translate_screen_of_an_article_names_english_in_polish(polish_editor, article):
    response = polish_editor.get(f"/admin/localize/submit/page/{article.pk}/")
    assert response.status_code == 200
    text = text_of(response)
    assert "angielski" in text
    assert "Przetłumacz" in text
    assert not says(text, "English")
    assert not says(text, "Translate")


def test_translate_screen_of_a_company_names_english_in_english(english_editor, company):
    response = english_editor.get(f"/admin/localize/submit/snippet/registry/company/{company.pk}/")
    assert response.status_code == 200
    text = text_of(response)
    assert "English" in text
    assert not says(text, "angielski")
    assert not says(text, "Przetłumacz")


def test_submitting_a_translation_confirms_it_in_a_polish_sentence(polish_editor, article):
    text = text_of(submit_translation(polish_editor, f"/admin/localize/submit/page/{article.pk}/"))
    assert f"Przesłano do tłumaczenia stronę „{article.title}” (wersja: angielski)." in text


def test_submitting_a_company_translation_confirms_it_in_english(english_editor, company):
    text = text_of(submit_translation(english_editor, f"/admin/localize/submit/snippet/registry/company/{company.pk}/"))
    assert f"'{company}' was successfully submitted for translation into English" in text


@pytest.mark.parametrize(
    ("language", "expected", "foreign"),
    [
        ("pl", ["Ostatnia synchronizacja:", "Dlaczego synchronizować", "angielski"], ["English", "Sync"]),
        ("en", ["The last sync date was", "Why would I sync", "English"], ["angielski", "Ostatnia"]),
    ],
)
def test_sync_screen_speaks_the_editors_language_with_its_dates(client, article, language, expected, foreign):
    editor = admin_client(client, f"editor-{language}", language)
    submit_translation(editor, f"/admin/localize/submit/page/{article.pk}/")
    source = TranslationSource.objects.get(object_id=article.translation_key, locale=article.locale)
    text = text_of(editor.get(f"/admin/localize/update/{source.pk}/"))
    for phrase in expected:
        assert phrase in text
    for phrase in foreign:
        assert not says(text, phrase)
    if language == "pl":
        assert POLISH_MONTHS.search(text) and not ENGLISH_MONTHS.search(text)
    else:
        assert not POLISH_MONTHS.search(text)


def test_translation_editor_of_an_article_names_the_locales_in_polish(polish_editor, article):
    submit_translation(polish_editor, f"/admin/localize/submit/page/{article.pk}/")
    translated = article.get_translation(Locale.objects.get(language_code="en"))
    response = polish_editor.get(f"/admin/pages/{translated.pk}/edit/")
    props = editor_props(response)
    assert (props["sourceLocale"]["displayName"], props["locale"]["displayName"]) == ("polski", "angielski")
    assert not says(text_of(response), "English")


def test_translated_string_is_dated_in_the_editors_language(client, article):
    for language, months, other in (("pl", POLISH_MONTHS, ENGLISH_MONTHS), ("en", ENGLISH_MONTHS, POLISH_MONTHS)):
        editor = admin_client(client, f"editor-{language}", language)
        if language == "pl":
            submit_translation(editor, f"/admin/localize/submit/page/{article.pk}/")
        translation = Translation.objects.get(source__object_id=article.translation_key)
        segment = StringSegment.objects.filter(source=translation.source).first()
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        body = encode_multipart(BOUNDARY, {"value": "Translated by hand"})
        response = editor.put(url, body, content_type=MULTIPART_CONTENT)
        comment = response.json()["comment"]
        assert months.search(comment), comment
        assert not other.search(comment), comment
        if language == "pl":
            assert comment.startswith("Przetłumaczono ręcznie dnia ")


def javascript_catalogue(client):
    """{msgid: msgstr} of the catalogue the translation editor loads, as the browser gets it."""
    script = client.get(reverse("wagtail_localize:javascript_catalog")).content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))


def test_translation_editors_javascript_catalogue_words_its_phrases_in_polish(polish_editor):
    catalogue = javascript_catalogue(polish_editor)
    assert catalogue["Publish in %(locale)s"] == "Opublikuj wersję: %(locale)s"
    assert catalogue["%(source)s to %(target)s translation"] == "Tłumaczenie: %(source)s → %(target)s"
    assert catalogue["More actions"] == "Więcej działań"


def test_translation_editors_javascript_catalogue_has_no_polish_for_an_english_editor(english_editor):
    catalogue = javascript_catalogue(english_editor)
    assert not [msgstr for msgstr in catalogue.values() if re.search("[ąćęłńóśźż]|Opublikuj|Tłumacz", str(msgstr))]


def test_served_editor_bundle_is_the_installed_one_with_its_english_literals_translated():
    """Fails after an upgrade of wagtail-localize until `manage.py build_translation_editor` is run again."""
    served = finders.find("wagtail_localize/js/wagtail-localize.js")
    with open(served, encoding="utf-8") as bundle:
        assert bundle.read() == patched_bundle(installed_bundle_path().read_text(encoding="utf-8"))


@pytest.mark.parametrize(("path", "other_language"), [("/", "English"), ("/en/", "Polski")])
def test_public_language_switcher_names_each_language_in_itself(client, demo, path, other_language):
    response = client.get(path)
    assert re.search(rf'hreflang="[a-z]+"[^>]*>{other_language}</a>', response.content.decode())
