"""Moderation e-mails to the agency's staff: one per event and recipient, in the recipient's language, word for word."""

import re

from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale
from wagtail.users.models import UserProfile

import pytest

from articles.models import ArticlePage
from registry.models import Company, Offer
from tests.factories import CompanyFactory
from tests.test_accounts import PASSWORD
from tests.test_admin import company_form
from tests.test_submissions import offer_data

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def staff_user(username, email, first_name, last_name, group, language="", superuser=False):
    user = User.objects.create_user(
        username, email, PASSWORD, first_name=first_name, last_name=last_name, is_superuser=superuser
    )
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def polish_moderator(db):
    # No language chosen: the default, Polish, whatever language the triggering request spoke.
    return staff_user("anna", "anna@agencja.example", "Anna", "Nowak", "Moderators")


@pytest.fixture
def english_moderator(db):
    # A superuser who is also a Moderator: Wagtail mailed such a user twice for every submission.
    return staff_user("jane", "jane@agencja.example", "Jane", "Smith", "Moderators", language="en", superuser=True)


@pytest.fixture
def editor(db):
    return staff_user("piotr", "piotr@agencja.example", "Piotr", "Zieliński", "Editors", language="pl")


@pytest.fixture
def moderators(polish_moderator, english_moderator):
    return polish_moderator, english_moderator


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def sent(capture, action):
    """Runs the action as a request would (committed), then returns the e-mails it sent, by recipient."""
    mail.outbox.clear()
    with capture(execute=True):
        action()
    by_recipient = {}
    for message in mail.outbox:
        [address] = message.to
        by_recipient.setdefault(address, []).append(message)
    return by_recipient


def the_one(messages, address):
    assert len(messages.get(address, [])) == 1, f"{address} got {len(messages.get(address, []))} e-mails"
    return messages[address][0]


def links_in(body):
    return re.findall(r"https?://\S+", body)


def assert_links_open(body, user):
    client = logged_in(user)
    for link in links_in(body):
        assert link.startswith(BASE + "/admin/"), link
        response = client.get(link.removeprefix(BASE))
        assert response.status_code == 200, (link, response.status_code)


def moderate(user, obj, action, comment=""):
    task_state = obj.current_workflow_task_state
    if isinstance(obj, ArticlePage):
        url = f"/admin/pages/workflow/action/{obj.pk}/{action}/{task_state.pk}/"
    else:
        url = (
            f"/admin/snippets/registry/{type(obj).__name__.lower()}/workflow/action/{obj.pk}/{action}/{task_state.pk}/"
        )
    response = logged_in(user).post(url, {"comment": comment})
    assert response.status_code in (200, 302), response.content.decode()[:500]


def submit_article(editor, title):
    article = ArticlePage.objects.get(slug="klastry", locale=Locale.get_default())
    article.title = title
    article.save_revision(user=editor)
    article.get_workflow().start(article, editor)
    return ArticlePage.objects.get(pk=article.pk)


def test_a_submitted_article_mails_each_moderator_once_in_their_language(
    moderators, editor, django_capture_on_commit_callbacks
):
    polish, english = moderators
    messages = sent(django_capture_on_commit_callbacks, lambda: submit_article(editor, "Klastry w regionie"))
    article = ArticlePage.objects.get(slug="klastry", locale=Locale.get_default())
    task = article.current_workflow_task
    assert set(messages) == {polish.email, english.email}  # never the editor who submitted it

    to_polish = the_one(messages, polish.email)
    assert to_polish.subject == "Do moderacji: „Klastry w regionie”"
    assert to_polish.body == (
        "Dzień dobry,\n\n"
        "do moderacji zgłoszono:\n\n"
        "Tytuł: Klastry w regionie\n"
        "Rodzaj: Artykuł\n"
        "Osoba zgłaszająca: Piotr Zieliński\n\n"
        f"Podgląd: {BASE}/admin/pages/workflow/preview/{article.pk}/{task.pk}/\n"
        f"Edycja: {BASE}/admin/pages/{article.pk}/edit/\n\n"
        f"Twoje ustawienia powiadomień: {BASE}/admin/account/\n"
    )
    to_english = the_one(messages, english.email)
    assert to_english.subject == "For moderation: “Klastry w regionie”"
    assert to_english.body == (
        "Hello,\n\n"
        "Submitted for moderation:\n\n"
        "Title: Klastry w regionie\n"
        "Type: News article\n"
        "Submitted by: Piotr Zieliński\n\n"
        f"Preview: {BASE}/admin/pages/workflow/preview/{article.pk}/{task.pk}/\n"
        f"Edit: {BASE}/admin/pages/{article.pk}/edit/\n\n"
        f"Your notification settings: {BASE}/admin/account/\n"
    )
    assert_links_open(to_polish.body, polish)
    assert_links_open(to_english.body, english)


def test_an_approved_article_mails_its_editor_once_with_the_live_page(
    moderators, editor, django_capture_on_commit_callbacks
):
    polish, _ = moderators
    article = submit_article(editor, "Klastry w regionie")
    messages = sent(django_capture_on_commit_callbacks, lambda: moderate(polish, article, "approve"))
    assert set(messages) == {editor.email}
    to_editor = the_one(messages, editor.email)
    assert to_editor.subject == "Zaakceptowano: „Klastry w regionie”"
    assert to_editor.body == (
        "Dzień dobry,\n\n"
        "zaakceptowano i opublikowano:\n\n"
        "Tytuł: Klastry w regionie\n"
        "Rodzaj: Artykuł\n\n"
        f"Na stronie: {BASE}/aktualnosci/klastry/\n"
        f"Edycja: {BASE}/admin/pages/{article.pk}/edit/\n\n"
        f"Twoje ustawienia powiadomień: {BASE}/admin/account/\n"
    )
    assert logged_in(editor).get("/aktualnosci/klastry/").status_code == 200


def test_a_rejected_company_mails_its_editor_once_with_the_comment_and_the_version_reviewed(
    moderators, editor, django_capture_on_commit_callbacks
):
    polish, english = moderators
    UserProfile.objects.filter(user=editor).update(preferred_language="en")

    def submit():
        response = logged_in(editor).post(
            "/admin/snippets/registry/company/add/", company_form(**{"action-submit": "submit"})
        )
        assert response.status_code == 302, response.content.decode()[:3000]

    messages = sent(django_capture_on_commit_callbacks, submit)
    company = Company.objects.get(name="Nowa Firma Sp. z o.o.")
    task = company.current_workflow_task
    assert set(messages) == {polish.email, english.email}
    to_polish = the_one(messages, polish.email)
    assert to_polish.subject == "Do moderacji: „Nowa Firma Sp. z o.o.”"
    assert to_polish.body == (
        "Dzień dobry,\n\n"
        "do moderacji zgłoszono:\n\n"
        "Tytuł: Nowa Firma Sp. z o.o.\n"
        "Rodzaj: Przedsiębiorstwo\n"
        "Osoba zgłaszająca: Piotr Zieliński\n\n"
        f"Podgląd: {BASE}/admin/snippets/registry/company/workflow/preview/{company.pk}/{task.pk}/\n"
        f"Edycja: {BASE}/admin/snippets/registry/company/edit/{company.pk}/\n\n"
        f"Twoje ustawienia powiadomień: {BASE}/admin/account/\n"
    )
    assert_links_open(to_polish.body, polish)

    revision = company.latest_revision
    messages = sent(
        django_capture_on_commit_callbacks,
        lambda: moderate(polish, company, "reject", comment="Brakuje numeru KRS.\nProszę go dopisać."),
    )
    assert set(messages) == {editor.email}
    to_editor = the_one(messages, editor.email)
    assert to_editor.subject == "Changes requested: “Nowa Firma Sp. z o.o.”"
    assert to_editor.body == (
        "Hello,\n\n"
        "Sent back for changes:\n\n"
        "Title: Nowa Firma Sp. z o.o.\n"
        "Type: Company\n"
        "Reviewer: Anna Nowak\n"
        "Comment:\n"
        "Brakuje numeru KRS.\nProszę go dopisać.\n\n"
        f"The version reviewed: {BASE}/admin/snippets/registry/company/history/{company.pk}"
        f"/revisions/{revision.pk}/view/\n"
        f"Edit: {BASE}/admin/snippets/registry/company/edit/{company.pk}/\n\n"
        f"Your notification settings: {BASE}/admin/account/\n"
    )
    assert_links_open(to_editor.body, editor)


def test_a_readers_offer_mails_each_moderator_once_and_the_reader_only_the_decision(
    client, moderators, site_tree, django_capture_on_commit_callbacks
):
    polish, english = moderators
    reader = User.objects.create_user("jan@firma.example", "jan@firma.example", PASSWORD)
    company = CompanyFactory(submitted_by=reader)
    client.force_login(reader)

    def submit():
        # From the English site: the moderators' e-mails still follow their own language.
        with translation.override("en"):
            response = client.post(reverse("accounts:offer_add"), offer_data(company))
        assert response.status_code == 302, response.content.decode()[-3000:]

    messages = sent(django_capture_on_commit_callbacks, submit)
    offer = Offer.objects.get(submitted_by=reader)
    task = offer.current_workflow_task
    assert set(messages) == {polish.email, english.email}
    to_english = the_one(messages, english.email)
    assert to_english.subject == "For moderation: “Frezowanie CNC części aluminiowych”"
    assert to_english.body == (
        "Hello,\n\n"
        "Submitted for moderation:\n\n"
        "Title: Frezowanie CNC części aluminiowych\n"
        "Type: Offer\n"
        "Submitted by: jan@firma.example\n\n"
        f"Preview: {BASE}/admin/snippets/registry/offer/workflow/preview/{offer.pk}/{task.pk}/\n"
        f"Edit: {BASE}/admin/snippets/registry/offer/edit/{offer.pk}/\n\n"
        f"Your notification settings: {BASE}/admin/account/\n"
    )
    to_polish = the_one(messages, polish.email)
    assert to_polish.subject == "Do moderacji: „Frezowanie CNC części aluminiowych”"
    assert "Rodzaj: Oferta\n" in to_polish.body
    assert_links_open(to_english.body, english)
    assert_links_open(to_polish.body, polish)

    messages = sent(django_capture_on_commit_callbacks, lambda: moderate(polish, offer, "approve"))
    # The reader cannot open the admin: one e-mail, from accounts, with the public address.
    assert set(messages) == {reader.email}
    [to_reader] = messages[reader.email]
    assert "/admin/" not in to_reader.body
