"""The newsletter digest sent from the admin: preview, send in the background, progress, no second copy."""

import datetime
import html
import re

from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from wagtail.models import Locale

import pytest

from articles.models import ArticleIndexPage
from newsletter.mail import UNSUBSCRIBE_SALT, read_token
from newsletter.models import Digest, DigestDelivery, Subscriber
from tests.factories import make_article

pytestmark = pytest.mark.django_db

DIGESTS = "/admin/newsletter_digests/"
SINCE = re.compile(r'name="since" value="([^"]+)"')


def after_commit():
    """The send is queued when the request commits; a test runs in a transaction, so its callbacks run by hand."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def subscriber(email, language="pl", confirmed=True, **fields):
    return Subscriber.objects.create(
        email=email, language=language, confirmed_at=timezone.now() if confirmed else None, **fields
    )


@pytest.fixture
def fresh_articles(demo):
    # The previous digests of both languages went out a moment ago: only these two articles are new.
    now = timezone.now()
    for language in ("pl", "en"):
        Digest.objects.create(language=language, since=now - datetime.timedelta(days=7), cutoff=now, completed_at=now)
    polish = make_article(
        ArticleIndexPage.objects.get(locale__language_code="pl"), title="Nowy artykuł o klastrach", slug="nowy-artykul"
    )
    english = make_article(
        ArticleIndexPage.objects.get(locale=Locale.objects.get(language_code="en")),
        title="New article on clusters",
        slug="new-article",
    )
    return {"pl": polish, "en": english}


@pytest.fixture
def editor(client):
    user = User.objects.create_user("redaktor-digestu", "redaktor@example.org", "haslo")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def preview_since(client, language):
    page = client.get(f"{DIGESTS}preview/?language={language}")
    assert page.status_code == 200
    return html.unescape(SINCE.search(page.content.decode()).group(1))


def press_send(client, language, since):
    with after_commit():
        return client.post(f"{DIGESTS}send/", {"language": language, "since": since})


def html_part(message):
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


@pytest.mark.parametrize(
    ("language", "heading", "other"),
    [("pl", "Co nowego od ostatniego newslettera:", "en"), ("en", "What is new since our last newsletter:", "pl")],
)
def test_preview_shows_the_html_and_text_parts_in_the_chosen_language(editor, fresh_articles, language, heading, other):
    subscriber("czytelnik@example.com", language=language)
    article = fresh_articles[language]
    page = editor.get(f"{DIGESTS}preview/?language={language}").content.decode()
    assert article.title in page and article.full_url in page  # the plain-text part
    assert fresh_articles[other].title not in page
    assert "Trafi do 1 potwierdzonego subskrybenta w tym języku." in page  # the admin speaks Polish
    assert "Wyślij przegląd" in page

    frame = editor.get(f"{DIGESTS}preview/html/?language={language}")
    assert frame["X-Frame-Options"] == "SAMEORIGIN"
    content = frame.content.decode()
    assert f'lang="{language}"' in content
    assert heading in content
    assert f'<a href="{article.full_url}"' in content
    assert fresh_articles[other].title not in content


def test_preview_shows_no_subscriber_address(editor, fresh_articles):
    subscriber("tajny.czytelnik@example.com")
    subscriber("niepotwierdzony@example.com", confirmed=False)
    for path in (f"{DIGESTS}preview/?language=pl", f"{DIGESTS}preview/html/?language=pl", DIGESTS):
        content = editor.get(path).content.decode()
        assert "tajny.czytelnik" not in content, path
        assert "niepotwierdzony" not in content, path


def test_send_mails_confirmed_subscribers_of_that_language_only_with_text_and_html(editor, fresh_articles):
    readers = [subscriber("pierwszy@example.com"), subscriber("drugi@example.com")]
    subscriber("niepotwierdzony@example.com", confirmed=False)
    subscriber("wypisany@example.com", unsubscribed_at=timezone.now())
    subscriber("reader@example.com", language="en")

    response = press_send(editor, "pl", preview_since(editor, "pl"))

    digest = Digest.objects.get(language="pl", completed_at__isnull=False, created_by__isnull=False)
    assert response.status_code == 302 and response["Location"] == f"{DIGESTS}{digest.pk}/"
    assert sorted(message.to[0] for message in mail.outbox) == ["drugi@example.com", "pierwszy@example.com"]
    for reader in readers:
        [message] = [message for message in mail.outbox if message.to == [reader.email]]
        # The reader's own link: signed with the second it was made, so it is read back, not rebuilt.
        [link] = set(re.findall(r"http://testserver/newsletter/unsubscribe/[^/\s]+/", message.body))
        assert read_token(link.rsplit("/", 2)[1], UNSUBSCRIBE_SALT) == [reader.pk, reader.email]
        assert message.subject == "Newsletter: co nowego"
        assert "Nowy artykuł o klastrach" in message.body
        assert f'href="{link}"' in html_part(message)
        assert fresh_articles["pl"].full_url in html_part(message)
        assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
        assert message.message().get_content_type() == "multipart/alternative"


def test_pressing_send_again_and_running_the_command_repeat_no_delivery(editor, fresh_articles):
    subscriber("czytelnik@example.com")
    since = preview_since(editor, "pl")
    first = press_send(editor, "pl", since)
    again = press_send(editor, "pl", since)
    with after_commit():
        call_command("send_digest", verbosity=0)

    assert again["Location"] == first["Location"]
    assert [message.to for message in mail.outbox] == [["czytelnik@example.com"]]
    assert DigestDelivery.objects.filter(subscriber__email="czytelnik@example.com", sent_at__isnull=False).count() == 1


def test_a_send_racing_another_editor_finds_the_digest_already_started(editor, fresh_articles, monkeypatch):
    subscriber("czytelnik@example.com")
    since = preview_since(editor, "pl")
    previous = Digest.objects.get(language="pl")
    press_send(editor, "pl", since)
    # As if this request had read the latest digest before the other editor's was saved.
    monkeypatch.setattr("newsletter.digest.latest_digest", lambda language: previous)
    press_send(editor, "pl", since)
    assert Digest.objects.filter(language="pl").count() == 2
    assert len(mail.outbox) == 1


def test_a_preview_overtaken_by_later_digests_is_not_sent(editor, fresh_articles):
    subscriber("czytelnik@example.com")
    stale = preview_since(editor, "pl")
    index = ArticleIndexPage.objects.get(locale__language_code="pl")
    for slug in ("pierwszy", "drugi"):
        make_article(index, title=f"Artykuł {slug}", slug=slug)
        with after_commit():
            call_command("send_digest", verbosity=0, language="pl")
    assert len(mail.outbox) == 2

    response = press_send(editor, "pl", stale)
    assert response["Location"] == f"{DIGESTS}preview/?language=pl"
    assert len(mail.outbox) == 2
    assert Digest.objects.filter(language="pl", created_by__isnull=False).count() == 0


def test_a_big_send_goes_in_batches_and_a_resumed_one_sends_nobody_twice(editor, fresh_articles, monkeypatch):
    monkeypatch.setattr("newsletter.tasks.BATCH_SIZE", 2)
    addresses = sorted(f"czytelnik{i}@example.com" for i in range(5))
    for address in addresses:
        subscriber(address)
    since = preview_since(editor, "pl")
    # The queue is lost: the request commits but its task never runs (no callbacks executed).
    response = editor.post(f"{DIGESTS}send/", {"language": "pl", "since": since})
    progress = editor.get(response["Location"])
    assert progress["Refresh"] == "3"
    assert 'data-count="waiting">5<' in progress.content.decode()

    with after_commit():
        editor.post(f"{response['Location']}resume/")
    with after_commit():
        editor.post(f"{response['Location']}resume/")
    assert sorted(message.to[0] for message in mail.outbox) == addresses
    assert Digest.objects.get(language="pl", created_by__isnull=False).completed_at is not None


def test_progress_view_reports_counts_and_stops_refreshing_when_done(editor, fresh_articles):
    subscriber("wiadomosci@example.com")
    subscriber("tylko-oferty@example.com", news=False, clusters=False)
    response = press_send(editor, "pl", preview_since(editor, "pl"))
    progress = editor.get(response["Location"])
    content = progress.content.decode()
    assert 'data-count="recipients">2<' in content
    assert 'data-count="sent">1<' in content
    assert 'data-count="nothing-new">1<' in content
    assert 'data-count="failed">0<' in content
    assert "Refresh" not in progress
    assert f'href="{response["Location"]}"' in editor.get(DIGESTS).content.decode()  # the record of digests
    # Editors see counts; addresses are for those who may see the subscribers.
    assert "wiadomosci@example.com" not in content


def test_deliveries_with_addresses_are_listed_for_those_who_may_see_subscribers(client, fresh_articles):
    subscriber("wiadomosci@example.com")
    client.force_login(User.objects.create_superuser("admin-digestu", "admin@example.org", "x"))
    response = press_send(client, "pl", preview_since(client, "pl"))
    content = client.get(response["Location"]).content.decode()
    assert "wiadomosci@example.com" in content


def test_a_user_without_the_permission_gets_403(client, fresh_articles):
    staff = User.objects.create_user("bez-uprawnien", "staff@example.org", "x")
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    subscriber("czytelnik@example.com")
    digest = Digest.objects.get(language="pl")
    for path in ("", "preview/?language=pl", "preview/html/?language=pl", f"{digest.pk}/"):
        assert client.get(f"{DIGESTS}{path}").status_code == 403, path
    assert client.post(f"{DIGESTS}send/", {"language": "pl", "since": timezone.now().isoformat()}).status_code == 403
    assert Digest.objects.count() == 2 and mail.outbox == []
    assert "newsletter_digests" not in client.get("/admin/").content.decode()


def test_an_unknown_language_gets_a_translated_error(editor, fresh_articles):
    response = editor.get(f"{DIGESTS}preview/?language=xx")
    assert response.status_code == 400
    assert "Wybierz jeden z języków newslettera." in response.content.decode()
    assert editor.get(f"{DIGESTS}preview/html/?language=xx").status_code == 400
    response = editor.post(f"{DIGESTS}send/", {"language": "pl", "since": "wczoraj"})
    assert response.status_code == 302 and Digest.objects.count() == 2


def test_editors_find_the_digests_in_the_newsletter_menu(editor, demo):
    dashboard = editor.get("/admin/").content.decode()
    assert f"{DIGESTS}" in dashboard
    assert "/admin/newsletter_subscribers/" not in dashboard  # addresses stay with those granted them


class RefusesOnce(EmailBackend):
    """The locmem backend whose mail server refuses the first message handed to it."""

    refused = False

    def send_messages(self, messages):
        if not RefusesOnce.refused:
            RefusesOnce.refused = True
            raise ConnectionError("mail server went away")
        return super().send_messages(messages)


def test_a_digest_retried_after_a_refusal_keeps_its_html_part(editor, fresh_articles, settings):
    settings.EMAIL_BACKEND = "tests.test_digest_admin.RefusesOnce"
    settings.MAIL_BACKOFF_SECONDS = 0
    RefusesOnce.refused = False
    subscriber("czytelnik@example.com")
    response = press_send(editor, "pl", preview_since(editor, "pl"))
    assert mail.outbox == []
    assert 'data-count="queued">1<' in editor.get(response["Location"]).content.decode()

    call_command("send_queued_mail", verbosity=0)
    [message] = mail.outbox
    assert "Nowy artykuł o klastrach" in html_part(message)
    assert 'data-count="sent">1<' in editor.get(response["Location"]).content.decode()


def test_a_digest_whose_task_was_lost_is_finished_by_the_command_without_repeats(editor, fresh_articles):
    addresses = sorted(f"czytelnik{i}@example.com" for i in range(3))
    for address in addresses:
        subscriber(address)
    # The request commits but its task never runs (no callbacks executed): the digest waits, unfinished.
    editor.post(f"{DIGESTS}send/", {"language": "pl", "since": preview_since(editor, "pl")})
    started = Digest.objects.get(language="pl", completed_at__isnull=True)

    with after_commit():
        call_command("send_digest", verbosity=0)
    with after_commit():
        call_command("send_digest", verbosity=0)
    assert sorted(message.to[0] for message in mail.outbox) == addresses
    started.refresh_from_db()
    assert started.completed_at is not None
    assert started.deliveries.count() == 3
