"""The admin speaks the editor's language on every screen: Polish without English, English without Polish.

Both crawls read every screen the sidebar leads to and the screens those link to (one of each
kind), the add and edit forms of every page type and snippet of the project, a page and a company
in moderation (the moderator's approve and reject forms, the workflow history) and the
translation screens of wagtail-localize. Failures are listed as "URL: text".
"""

import re
from importlib import import_module
from io import BytesIO
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db.models import CharField
from django.urls import reverse
from django.utils import translation

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Task, Workflow, get_page_models
from wagtail.snippets.models import get_snippet_models
from wagtail.users.models import UserProfile
from wagtail_localize.models import TranslationSource

import PIL.Image
import pytest

from registry.models import Company
from tests.admin_crawl import crawl, msgids, polish_msgstrs, project_apps
from tests.test_admin import company_form

pytestmark = pytest.mark.django_db

# English the issue found in the Polish admin, and English that only a missing translation shows.
ENGLISH_PHRASES = [
    "Saved",
    "More actions",
    "Moderators approval",
    "has been submitted for moderation",
    "A comma-separated list of tags",
    "created in",
    "Images",
    "Documents",
    "Edit",
    "Delete",
    "Dashboard",
    "Search",
    "Settings",
    "Reports",
    "Submit to",
    "Approve",
    "Reject",
    "Translate",
    "Sync",
    "Locked",
    "Workflow",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "now",
    "English",
    "Polish",
    "ago",
    "Cancel",
]
# Words spelt alike in both languages, or names: their msgid is their Polish too.
SAME_IN_BOTH = {
    "Status",
    "ID",
    "URL",
    "OK",
    "Tag",
    "Slug",
    "Alias",
    "Wagtail",
    "Sitemap",
    "Newsletter",
    "API",
    "Media",
    "Hash",
    "Link",
    "Filtr",
    "Sort",
    "Max",
    "Min",
    "Email",
    "E-mail",
    "Logo",
    "NIP",
    "REGON",
    "KRS",
    "outsourcing",
    "spam",
}
# The account screen offers each admin language in its own name (WAGTAILADMIN_PERMITTED_LANGUAGES),
# the way language choosers do, so that an editor who reads only one of them can find it.
ACCOUNT_SCREEN = "/admin/account/"
LANGUAGE_ENDONYMS = {"Polski", "polski", "English"}
# Django shows a permission as "app | model | name", the name being data its migrations stored in English.
PERMISSION = re.compile(r"^[^|]+ \| [^|]+ \| [^|]+$")
POLISH_DATE = re.compile(
    r"\d{1,2} (stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia) "
    r"\d{4}"
)
POLISH_LETTERS = re.compile("[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
# A Polish word ending glued to an English one ("wEnglish"), as a badly built sentence shows it.
GLUED = re.compile(r"\b[a-ząćęłńóśźż]{1,3}[A-Z][a-z]+")


def admin_user(username, language):
    """A superuser, who sees every menu entry, working in `language`."""
    user = User.objects.create_superuser(username, f"{username}@example.com", "x")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save(update_fields=["preferred_language"])
    return User.objects.get(pk=user.pk)


@pytest.fixture
def in_moderation(db):
    """An article and a company submitted to moderation by an editor, and a company being translated."""
    editor = User.objects.create_user("redaktor", "redaktor@example.com", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    article = apps.get_model("articles", "ArticlePage").objects.filter(locale=Locale.get_default()).first()
    company = Company.objects.filter(locale=Locale.get_default()).first()
    urls = []
    for obj, kind in ((article, "page"), (company, "snippet")):
        obj.save_revision(user=editor)
        state = obj.get_workflow().start(obj, editor)
        task_state = state.current_task_state
        if kind == "page":
            base = f"/admin/pages/workflow/action/{obj.pk}"
            urls += [f"/admin/pages/{obj.pk}/edit/", f"/admin/pages/{obj.pk}/workflow_history/"]
            urls.append(f"/admin/pages/{obj.pk}/workflow_history/detail/{state.pk}/")
            urls.append(f"/admin/localize/submit/page/{obj.pk}/")
        else:
            viewset = company.snippet_viewset
            base = reverse(viewset.get_url_name("workflow_action"), args=[obj.pk, "approve", task_state.pk])
            base = base.rsplit("/approve/", 1)[0]
            urls += [reverse(viewset.get_url_name("edit"), args=[obj.pk])]
            urls.append(reverse(viewset.get_url_name("workflow_history"), args=[obj.pk]))
            urls.append(f"/admin/localize/submit/snippet/registry/company/{obj.pk}/")
        urls += [f"{base}/approve/{task_state.pk}/", f"{base}/reject/{task_state.pk}/"]
    source = TranslationSource.objects.first()
    if source is None:
        source, _ = TranslationSource.get_or_create_from_instance(company)
    urls.append(f"/admin/localize/update/{source.pk}/")
    image, document = media(editor)
    yield urls + media_and_chooser_urls(image, document)
    # Files outlive the rolled-back rows: removed so that no later test finds their names taken.
    image.file.delete(save=False)
    document.file.delete(save=False)


def media(owner):
    """An image and a document, which the demo has none of."""
    buffer = BytesIO()
    PIL.Image.new("RGB", (40, 30), "#2b6").save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="Zdjęcie", file=ContentFile(buffer.getvalue(), "admin-crawl.png"), uploaded_by_user=owner
    )
    document = get_document_model().objects.create(
        title="Regulamin", file=ContentFile(b"%PDF-1.4\n", "admin-crawl.pdf"), uploaded_by_user=owner
    )
    return image, document


def media_and_chooser_urls(image, document):
    """The edit forms of an image and a document, and the choosers editors open from a form."""
    return [
        f"/admin/images/{image.pk}/",
        f"/admin/documents/edit/{document.pk}/",
        "/admin/images/chooser/",
        "/admin/documents/chooser/",
        "/admin/choose-page/",
        "/admin/snippets/choose/registry/company/",
        "/admin/snippets/choose/registry/sector/",
    ]


def form_urls(user):
    """The add and edit forms of every page type and snippet of the project that `user` may open."""
    urls = []
    ours = set(project_apps())
    for model in get_page_models():
        if model._meta.app_label not in ours:
            continue
        page = model.objects.filter(locale=Locale.get_default()).first()
        if page is None:
            continue
        urls.append(f"/admin/pages/{page.pk}/edit/")
        parent = page.get_parent()
        if model.can_create_at(parent):
            urls.append(f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/")
    for model in get_snippet_models():
        if model._meta.app_label not in ours:
            continue
        viewset = model.snippet_viewset
        if viewset.permission_policy.user_has_permission(user, "add"):
            urls.append(reverse(viewset.get_url_name("add")))
        obj = model.objects.first()
        if obj is not None:
            urls.append(reverse(viewset.get_url_name("edit"), args=[obj.pk]))
    image = get_image_model().objects.first()
    if image is not None:
        urls.append(f"/admin/images/{image.pk}/")
    document = get_document_model().objects.first()
    if document is not None:
        urls.append(f"/admin/documents/edit/{document.pk}/")
    return urls


def content_values():
    """Names editors gave things (titles, company names, collections): Polish in both admins."""
    values = set(Page.objects.values_list("title", flat=True))
    values.update(Collection.objects.values_list("name", flat=True))
    values.update(get_image_model().objects.values_list("title", flat=True))
    values.update(get_document_model().objects.values_list("title", flat=True))
    for model in get_snippet_models():
        values.update(str(obj) for obj in model.objects.all())
        # Free text editors typed (a company's city, street, contact person); choices are chrome.
        for field in model._meta.concrete_fields:
            if isinstance(field, CharField) and not field.choices:
                values.update(model.objects.values_list(field.name, flat=True))
    values.update(apps.get_model("taggit", "Tag").objects.values_list("name", flat=True))
    # Workflows and their tasks are named by administrators (cms/migrations/0003_polish_workflow_names.py).
    values.update(Workflow.objects.values_list("name", flat=True))
    values.update(Task.objects.values_list("name", flat=True))
    return {value for value in values if value}


def crawl_as(client, user, extra_urls):
    client.force_login(user)
    # Approving and rejecting are the moderators' (here: superusers') screens.
    extra_urls = [url for url in extra_urls if user.is_superuser or "/workflow/action/" not in url]
    with translation.override(None):
        return crawl(client, ["/admin/", "/admin/pages/", "/admin/reports/"], [*form_urls(user), *extra_urls])


def editor_user(username, language):
    """A member of Editors, who submits to moderation and sees only their menu entries."""
    user = User.objects.create_user(username, f"{username}@example.com", "x")
    user.groups.add(Group.objects.get(name="Editors"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save(update_fields=["preferred_language"])
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("make_user", [editor_user, admin_user], ids=["editor", "superuser"])
def test_polish_editor_sees_no_english_in_the_admin(client, in_moderation, make_user):
    screens = crawl_as(client, make_user("redaktorka", "pl"), in_moderation)
    known = msgids()
    content = content_values()
    failures = []
    with translation.override("pl"):
        for url, texts in screens.items():
            for text in dict.fromkeys(texts):
                if skipped(url, text, content) or text in SAME_IN_BOTH:
                    continue
                if text.startswith("HTTP "):
                    failures.append(f"{url}: {text}")
                elif text in known and all(untranslated(text, context) for context in known[text]):
                    failures.append(f"{url}: untranslated msgid {text!r}")
                elif any(re.search(rf"\b{re.escape(p)}\b", text) for p in ENGLISH_PHRASES):
                    failures.append(f"{url}: English {text!r}")
                elif GLUED.search(text) and not any(value in text for value in content):
                    failures.append(f"{url}: glued {text!r}")
    assert len(screens) > 30, sorted(screens)
    assert any(POLISH_DATE.search(text) for texts in screens.values() for text in texts), "no date in Polish"
    assert not failures, "\n".join(failures)


def test_english_editor_sees_no_polish_in_the_admin(client, in_moderation):
    screens = crawl_as(client, admin_user("editor", "en"), in_moderation)
    polish = polish_msgstrs()
    known = msgids()
    content = sorted(content_values(), key=len, reverse=True)
    failures = []
    for url, texts in screens.items():
        for text in dict.fromkeys(texts):
            if skipped(url, text, content):
                continue
            chrome = text
            for value in content:
                chrome = chrome.replace(value, "")
            # A msgid is English by definition, proper names with Polish letters included ("Łódź").
            if text.startswith("HTTP ") or chrome in polish or (POLISH_LETTERS.search(chrome) and text not in known):
                failures.append(f"{url}: {text!r}")
    assert len(screens) > 40, sorted(screens)
    assert not failures, "\n".join(failures)


def skipped(url, text, content):
    return text in content or PERMISSION.match(text) or (url == ACCOUNT_SCREEN and text in LANGUAGE_ENDONYMS)


def untranslated(text, context):
    return (translation.pgettext(context, text) if context else translation.gettext(text)) == text


def sidebar_avatar(html):
    return re.search(r'"avatarUrl": "([^"]+)"', html).group(1)


def test_editor_without_a_picture_sees_wagtails_default_avatar(client):
    client.force_login(admin_user("awatar", "pl"))
    url = sidebar_avatar(client.get("/admin/").content.decode())
    assert url.startswith(settings.STATIC_URL), url
    assert finders.find(urlsplit(url).path.removeprefix(settings.STATIC_URL)), url


def test_uploaded_avatar_is_served_to_staff_only(client):
    user = admin_user("zdjecie", "pl")
    picture = BytesIO()
    PIL.Image.new("RGB", (8, 8), "red").save(picture, "PNG")
    profile = UserProfile.get_for_user(user)
    profile.avatar.save("twarz.png", ContentFile(picture.getvalue()))
    client.force_login(user)
    url = sidebar_avatar(client.get("/admin/").content.decode())
    assert url.startswith(f"/admin/avatar/{user.pk}/"), url
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == picture.getvalue()
    client.logout()
    assert client.get(url).status_code == 302


def test_admin_javascript_speaks_polish_where_wagtail_has_no_polish(client):
    client.force_login(admin_user("skrypty", "pl"))
    catalogue = client.get("/admin/jsi18n/").content.decode()
    assert "Zmiany zapisano automatycznie." in catalogue
    assert "Trwa automatyczne zapisywanie" in catalogue


def test_polish_editor_reads_moderation_in_polish_whatever_the_gender_of_the_name(client):
    editor = User.objects.create_user("redaktorka", "redaktorka@example.com", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    add = client.get("/admin/snippets/registry/company/add/").content.decode()
    assert "Prześlij do procesu „Akceptacja moderatora”" in add
    response = client.post(
        "/admin/snippets/registry/company/add/", company_form(**{"action-submit": "submit"}), follow=True
    )
    html = response.content.decode()
    assert "Przedsiębiorstwo „Nowa Firma Sp. z o.o.”: utworzono i przekazano do moderacji." in html
    assert "has been submitted" not in html
    company = Company.objects.get(name="Nowa Firma Sp. z o.o.")
    edit = client.get(reverse(company.snippet_viewset.get_url_name("edit"), args=[company.pk])).content.decode()
    assert "Przesłano do etapu „Akceptacja moderatora”" in edit


def test_workflow_and_task_get_polish_names_and_the_migration_reverses():
    migration = import_module("cms.migrations.0003_polish_workflow_names")
    assert Workflow.objects.filter(name="Akceptacja moderatora").exists()
    assert Task.objects.filter(name="Akceptacja moderatora").exists()
    migration.to_wagtail(apps, None)
    assert Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Akceptacja moderatora").exists()
