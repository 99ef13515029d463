"""wagtail-localize's translation editor, as the browser draws it, speaks the editor's language.

A Polish editor translates a demo article and a demo company into English with the Translate action
and works in the editor: no English is left in it. An English editor then opens the same editors
and meets no Polish of the admin (the content being translated is Polish, of course). The
translations this creates stay in the e2e database, which is why this file runs last of the
browser tests (they run in file order).
"""

import re
import secrets
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import REPO_ROOT, screenshot, visit

pytestmark = pytest.mark.slow

# Demo content with no English translation, so that the Translate action offers English.
ARTICLE = ("articles", "krajowe-klastry-kluczowe-nabor")
COMPANY = ("companies", "optimed-torun")
# English the issue found in the Polish translation editor, and English any missing string would show.
ENGLISH = [
    "Publish in",
    "translation",
    "More actions",
    "English",
    "Polish",
    "January",
    "December",
    "Dec",
    "Saved",
    "Translated manually on",
    "Translate",
    "Edit",
    "Save",
    "Cancel",
    "Preview",
    "Actions",
    "Stop Synced translation",
    "Download PO file",
    "Upload PO file",
    "Translations",
]
# What the Polish catalogues say there, none of which an English editor may see.
POLISH = [
    "Tłumaczenie",
    "Opublikuj",
    "Więcej działań",
    "angielski",
    "polski",
    "grudnia",
    "Przetłumaczono",
    "Przetłumacz",
    "Edytuj",
    "Zapisz",
    "Anuluj",
    "Podgląd",
    "Pobierz plik PO",
    "Tłumaczenia",
]
TRANSLATED_TITLE = "New call for Key National Clusters"
# A string translated by hand says when, the month named in the editor's language.
POLISH_DATED = re.compile(
    r"Przetłumaczono ręcznie dnia \d{1,2} (stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września"
    r"|października|listopada|grudnia) \d{4}"
)
ENGLISH_DATED = re.compile(
    r"Translated manually on (Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d"
)


def says(text, phrase):
    """Whether `phrase` appears as words of its own ("Dec" is not in "Decyzja")."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def manage(env, *args):
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def english_editor(e2e_env):
    """The login of a second editor, who chose English as the admin's language."""
    login = {"username": "editor-en", "password": secrets.token_urlsafe(16)}
    env = {**e2e_env, "DJANGO_SUPERUSER_PASSWORD": login["password"]}
    manage(env, "createsuperuser", "--noinput", "--username", login["username"], "--email", "editor@agency.example")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; from wagtail.users.models import UserProfile; "
        f"profile = UserProfile.get_for_user(User.objects.get(username='{login['username']}')); "
        "profile.preferred_language = 'en'; profile.save()",
    )
    return login


def log_in(page, site_url, login):
    visit(page, f"{site_url}/admin/login/")
    page.locator('input[name="username"]').fill(login["username"])
    page.locator('input[name="password"]').fill(login["password"])
    page.locator("form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def polish_id(page, site_url, kind_and_slug):
    kind, slug = kind_and_slug
    return page.request.get(f"{site_url}/api/{kind}/by-slug/{slug}/?locale=pl").json()["id"]


def translate_into_english(page, submit_url):
    """The Translate action: tick English, submit, land in the translation editor of the new translation."""
    visit(page, submit_url)
    page.get_by_label("angielski", exact=True).check()
    page.get_by_role("button", name="Wyślij").click()
    expect(page).to_have_url(re.compile(r"/edit/"))
    return page.url


def wait_for_editor(page):
    expect(page.locator(".js-translation-editor footer")).to_be_visible()
    page.wait_for_load_state("networkidle")


def visible_text(page):
    return page.locator("body").inner_text()


@pytest.fixture(scope="module")
def editor_urls():
    """The translation editors' URLs, filled by the Polish editor's test for the English editor's."""
    return {}


def test_polish_editor_translates_an_article_and_a_company_without_meeting_english(
    page, site_url, editor, csp_violations, editor_urls
):
    log_in(page, site_url, editor)
    article_id = polish_id(page, site_url, ARTICLE)
    company_id = polish_id(page, site_url, COMPANY)
    editor_urls["article"] = translate_into_english(page, f"{site_url}/admin/localize/submit/page/{article_id}/")
    wait_for_editor(page)

    editor_region = page.locator(".js-translation-editor")
    expect(editor_region.get_by_role("heading", name="Tłumaczenie: polski → angielski").first).to_be_visible()
    expect(page.locator(".header-meta--locales")).to_contain_text("angielski")
    # The title is the first string; translating it by hand dates the translation in Polish.
    editor_region.get_by_role("button", name="Przetłumacz").first.click()
    editor_region.locator("textarea").first.fill(TRANSLATED_TITLE)
    editor_region.get_by_role("button", name="Zapisz").first.click()
    expect(editor_region.get_by_text(POLISH_DATED).first).to_be_visible()
    expect(page.get_by_role("button", name="Opublikuj wersję: angielski")).to_be_attached()
    page.wait_for_load_state("networkidle")
    screenshot(page, "translation-editor-article-pl")
    text = visible_text(page)
    assert "Więcej działań" in text
    assert [phrase for phrase in ENGLISH if says(text, phrase)] == []

    editor_urls["company"] = translate_into_english(
        page, f"{site_url}/admin/localize/submit/snippet/registry/company/{company_id}/"
    )
    wait_for_editor(page)
    expect(
        page.locator(".js-translation-editor").get_by_role("heading", name="Tłumaczenie: polski → angielski").first
    ).to_be_visible()
    screenshot(page, "translation-editor-company-pl")
    text = visible_text(page)
    assert "Opublikuj wersję: angielski" in text
    assert [phrase for phrase in ENGLISH if says(text, phrase)] == []
    assert csp_violations == []


def test_english_editor_meets_no_polish_of_the_admin_in_the_translation_editors(
    page, site_url, english_editor, csp_violations, editor_urls
):
    if not editor_urls:
        pytest.skip("the Polish editor's test did not create the translations")
    log_in(page, site_url, english_editor)
    for name, url in editor_urls.items():
        visit(page, url)
        wait_for_editor(page)
        expect(
            page.locator(".js-translation-editor").get_by_role("heading", name="Polish to English translation").first
        ).to_be_visible()
        expect(page.get_by_role("button", name="Publish in English")).to_be_attached()
        if name == "article":
            expect(page.get_by_text(ENGLISH_DATED).first).to_be_visible()
        screenshot(page, f"translation-editor-{name}-en")
        text = visible_text(page)
        assert [phrase for phrase in POLISH if says(text, phrase)] == []
    assert csp_violations == []
