"""A comment held for moderation tells the article's moderators, at most once an hour per article."""

import datetime

from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from django.test import Client

from wagtail.users.models import UserProfile

import pytest

from articles.models import ArticlePage, CommentsMode
from comments.models import Comment, ModeratorsNotice

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
LIST = f"{BASE}/admin/snippets/comments/comment/?status=pending"


def staff_user(username, email, group=None, language="", superuser=False):
    user = User.objects.create_user(username, email, "x", is_superuser=superuser)
    if group:
        user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def article(demo):
    return ArticlePage.objects.get(slug="klastry", locale__language_code="pl")


@pytest.fixture
def moderators(db):
    """Moderators who may moderate comments (their group is given the right) and a superuser."""
    group = Group.objects.get(name="Moderators")
    group.permissions.add(Permission.objects.get(codename="change_comment", content_type__app_label="comments"))
    polish = staff_user("anna", "anna@agencja.example", group)
    english = staff_user("jane", "jane@agencja.example", language="en", superuser=True)
    return polish, english


@pytest.fixture
def others(db):
    """Staff who cannot decide on a comment: an editor who may not publish, even given the comment right."""
    editors = Group.objects.get(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="change_comment", content_type__app_label="comments"))
    return [staff_user("piotr", "piotr@agencja.example", editors)]


@pytest.fixture
def reader_client(db):
    reader = User.objects.create_user(
        "ala@czytelnicy.example", "ala@czytelnicy.example", "haslo", first_name="Ala", last_name="Kowalska"
    )
    client = Client()
    client.force_login(reader)
    return client


def comment(client, capture, article, body="Ciekawy artykuł."):
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(f"/comments/{article.pk}/", {"body": body})
    assert response.status_code == 302
    return {message.to[0]: message for message in mail.outbox}, len(mail.outbox)


def test_a_pending_comment_mails_the_articles_moderators_once_each_in_their_language(
    article, moderators, others, reader_client, django_capture_on_commit_callbacks
):
    polish, english = moderators
    messages, count = comment(reader_client, django_capture_on_commit_callbacks, article)

    assert count == 2 and set(messages) == {polish.email, english.email}
    assert messages[polish.email].subject == "Komentarze do moderacji: „Klastry”"
    assert messages[polish.email].body == (
        "Dzień dobry,\n\n"
        "komentarze czytelników do artykułu czekają na moderację.\n\n"
        "Artykuł: Klastry\n"
        f"Na stronie: {BASE}/aktualnosci/klastry/\n"
        "Liczba komentarzy oczekujących: 1\n\n"
        f"Moderacja komentarzy: {LIST}\n\n"
        "Kolejne komentarze do tego artykułu w ciągu godziny nie wywołają osobnej wiadomości: "
        "znajdziesz je na tej samej liście.\n"
    )
    assert messages[english.email].subject == "Comments awaiting moderation: “Klastry”"
    assert messages[english.email].body == (
        "Hello,\n\n"
        "Readers' comments on an article await moderation.\n\n"
        "Article: Klastry\n"
        f"On the site: {BASE}/aktualnosci/klastry/\n"
        "Comments awaiting moderation: 1\n\n"
        f"Comment moderation: {LIST}\n\n"
        "Further comments on this article within the hour send no e-mail of their own: "
        "you will find them on the same list.\n"
    )
    for user in moderators:
        moderator = Client()
        moderator.force_login(user)
        response = moderator.get(LIST.removeprefix(BASE))
        assert response.status_code == 200
        assert "Ciekawy artykuł." in response.content.decode()


def test_the_e_mail_names_neither_the_commenter_nor_their_address(
    article, moderators, reader_client, django_capture_on_commit_callbacks
):
    messages, _ = comment(reader_client, django_capture_on_commit_callbacks, article)
    for message in messages.values():
        assert "ala@czytelnicy.example" not in message.body + message.subject
        assert "Kowalska" not in message.body


def test_a_second_comment_within_the_hour_sends_nothing(
    article, moderators, reader_client, django_capture_on_commit_callbacks
):
    comment(reader_client, django_capture_on_commit_callbacks, article)
    messages, count = comment(reader_client, django_capture_on_commit_callbacks, article, body="Jeszcze jedno.")
    assert count == 0
    assert Comment.objects.filter(article=article, status=Comment.Status.PENDING).count() == 2


def test_after_an_hour_the_next_comment_mails_again_with_every_pending_one_counted(
    article, moderators, reader_client, django_capture_on_commit_callbacks
):
    polish, _ = moderators
    comment(reader_client, django_capture_on_commit_callbacks, article)
    comment(reader_client, django_capture_on_commit_callbacks, article, body="Drugi.")
    ModeratorsNotice.objects.filter(article=article).update(
        sent_at=ModeratorsNotice.objects.get(article=article).sent_at - datetime.timedelta(minutes=61)
    )
    messages, count = comment(reader_client, django_capture_on_commit_callbacks, article, body="Trzeci.")
    assert count == 2
    assert "Liczba komentarzy oczekujących: 3\n" in messages[polish.email].body


def test_the_hour_is_counted_per_article(article, moderators, reader_client, django_capture_on_commit_callbacks):
    other = ArticlePage.objects.live().filter(locale=article.locale).exclude(pk=article.pk).first()
    comment(reader_client, django_capture_on_commit_callbacks, article)
    messages, count = comment(reader_client, django_capture_on_commit_callbacks, other)
    assert count == 2
    assert all(other.title in message.subject for message in messages.values())


def test_a_comment_shown_at_once_on_an_article_with_open_comments_sends_nothing(
    article, moderators, reader_client, django_capture_on_commit_callbacks
):
    ArticlePage.objects.filter(pk=article.pk).update(comments_mode=CommentsMode.OPEN)
    _, count = comment(reader_client, django_capture_on_commit_callbacks, article)
    assert count == 0
    assert Comment.objects.get(article=article).status == Comment.Status.APPROVED
