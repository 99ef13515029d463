"""Newsletter: sign-up with double opt-in, consent, unsubscribe, digests and abuse resistance."""

import datetime
import re

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from django.utils import timezone

import pytest

from articles.models import ArticleIndexPage
from cms.models import OutgoingMail
from newsletter.mail import unsubscribe_url
from newsletter.models import Consent, Digest, DigestDelivery, Subscriber
from tests.factories import make_article

LINK = re.compile(r"http://testserver(/newsletter/(?:confirm|unsubscribe)/[^/\s]+/)")
SIGN_UP = {
    "email": "Czytelnik@Example.com",
    "language": "pl",
    "topics": ["news", "offers", "clusters"],
    "consent": "on",
}


def after_commit():
    """Mail leaves when its transaction commits; a test runs inside one, so its callbacks are run by hand."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def sign_up(client, path="/newsletter/", **data):
    with after_commit():
        return client.post(path, {**SIGN_UP, **data})


def run_digest(**options):
    with after_commit():
        call_command("send_digest", verbosity=0, **options)


def confirmation_path(message):
    return next(path for path in LINK.findall(message.body) if "/confirm/" in path)


def confirmed_subscriber(email, language="pl", **topics):
    return Subscriber.objects.create(email=email, language=language, confirmed_at=timezone.now(), **topics)


@pytest.fixture
def fresh_article(demo):
    # A previous digest went out a moment ago, so the demo content is old news and only this article is new.
    now = timezone.now()
    Digest.objects.create(since=now - datetime.timedelta(days=7), cutoff=now, completed_at=now)
    index = ArticleIndexPage.objects.get(locale__language_code="pl")
    return make_article(index, title="Nowy artykuł o klastrach", slug="nowy-artykul")


def test_newsletter_page_shows_the_sign_up_form_in_the_page_language(client, demo):
    polish = client.get("/newsletter/").content.decode()
    english = client.get("/en/newsletter/").content.decode()
    assert 'name="email"' in polish and 'name="consent"' in polish
    assert '<option value="pl" selected>' in polish
    assert '<option value="en" selected>' in english
    assert "unsubscribe link in every message" in english


def test_sign_up_sends_a_confirmation_and_following_the_link_confirms(client, demo):
    response = sign_up(client)
    assert response.status_code == 302
    subscriber = Subscriber.objects.get(email="czytelnik@example.com")
    assert subscriber.confirmed_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["czytelnik@example.com"]
    assert "Potwierdź" in message.subject

    page = client.get(confirmation_path(message))
    assert page.status_code == 200
    assert "potwierdzona" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.is_active


def test_confirmation_link_with_a_forged_token_confirms_nothing(client, demo):
    sign_up(client)
    path = confirmation_path(mail.outbox[0])
    response = client.get(path[:-3] + "xx/")
    assert response.status_code == 400
    assert not Subscriber.objects.confirmed().exists()


def test_consent_is_recorded_with_its_wording_time_and_address(client, demo):
    client.post("/newsletter/", SIGN_UP, REMOTE_ADDR="203.0.113.7")
    consent = Consent.objects.get(subscriber__email="czytelnik@example.com")
    assert consent.wording.startswith("Wyrażam zgodę")
    assert consent.language == "pl"
    assert consent.ip_address == "203.0.113.7"
    assert consent.given_at is not None


def test_consent_keeps_the_wording_in_the_language_the_reader_read_it_in(client, demo):
    client.post("/en/newsletter/", {**SIGN_UP, "language": "pl"})
    consent = Consent.objects.get()
    assert consent.wording.startswith("I agree to receive the newsletter")
    assert consent.language == "en"
    assert consent.subscriber.language == "pl"


def test_sign_up_without_consent_or_topics_is_refused(client, demo):
    response = client.post("/newsletter/", {**SIGN_UP, "consent": "", "topics": []})
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_an_address_with_a_bidi_override_is_refused_in_polish(client, demo):
    response = sign_up(client, email="czytelnik@exa\u202eelpm.com")
    assert response.status_code == 200
    assert "Pole zawiera niedozwolone znaki sterujące." in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_signing_up_again_does_not_change_a_confirmed_subscription(client, demo):
    subscriber = confirmed_subscriber("czytelnik@example.com", language="en", offers=False)
    sign_up(client, topics=["offers"])
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.news, subscriber.offers) == ("en", True, False)
    assert mail.outbox == []


def test_honeypot_submission_is_silently_discarded(client, demo):
    response = sign_up(client, leave_empty="http://spam.example")
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_a_burst_of_sign_ups_is_rate_limited_with_a_translated_message(client, demo, settings):
    settings.NEWSLETTER_SIGNUP_RATE = (3, 3600)
    statuses = [sign_up(client, email=f"osoba{i}@example.com").status_code for i in range(6)]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3:] == [429, 429, 429]
    limited = sign_up(client, email="kolejna@example.com")
    assert "Zbyt wiele prób" in limited.content.decode()
    assert Subscriber.objects.count() == 3


def test_newsletter_page_with_its_form_is_not_served_from_the_page_cache(client, demo, settings):
    settings.PAGE_CACHE_SECONDS = 300
    client.get("/newsletter/")
    second = client.get("/newsletter/")
    assert second.get("X-Page-Cache") != "hit"
    assert "csrfmiddlewaretoken" in second.content.decode()


def test_unsubscribe_works_without_login_get_asks_and_post_unsubscribes(client, demo):
    subscriber = confirmed_subscriber("czytelnik@example.com")
    path = unsubscribe_url(subscriber).removeprefix("http://testserver")

    asked = client.get(path)
    assert asked.status_code == 200
    assert "Wypisz" in asked.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.is_active

    done = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    subscriber.refresh_from_db()
    assert not subscriber.is_active
    assert "czytelnik@example.com" not in done.content.decode()


def test_one_click_unsubscribe_needs_no_csrf_token(demo):
    from django.test import Client

    subscriber = confirmed_subscriber("czytelnik@example.com")
    client = Client(enforce_csrf_checks=True)
    response = client.post(unsubscribe_url(subscriber), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None


def test_every_message_carries_one_click_unsubscribe_headers(client, demo, fresh_article):
    sign_up(client)
    client.get(confirmation_path(mail.outbox[0]))
    run_digest()
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/newsletter/unsubscribe/")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_digest_lists_new_articles_in_the_subscribers_language_and_topics(demo, fresh_article):
    confirmed_subscriber("wiadomosci@example.com")
    confirmed_subscriber("oferty@example.com", news=False)
    run_digest()
    assert [message.to for message in mail.outbox] == [["wiadomosci@example.com"]]
    assert "Nowy artykuł o klastrach" in mail.outbox[0].body
    assert fresh_article.full_url in mail.outbox[0].body


def test_unconfirmed_addresses_get_no_digest(client, demo, fresh_article):
    sign_up(client)
    mail.outbox.clear()
    confirmed_subscriber("potwierdzony@example.com")
    run_digest()
    assert [message.to for message in mail.outbox] == [["potwierdzony@example.com"]]


def test_unsubscribed_addresses_get_no_digest(demo, fresh_article):
    subscriber = confirmed_subscriber("byly@example.com")
    subscriber.unsubscribed_at = timezone.now()
    subscriber.save()
    run_digest()
    assert mail.outbox == []


class FailingAfter(EmailBackend):
    """The locmem backend that breaks down after a set number of messages, like a mail server going away."""

    limit = None

    def send_messages(self, messages):
        if FailingAfter.limit is not None and len(mail.outbox) >= FailingAfter.limit:
            raise ConnectionError("mail server went away")
        return super().send_messages(messages)


def test_interrupted_digest_resumed_sends_each_address_exactly_one_message(demo, fresh_article, monkeypatch):
    from cms import outbox

    addresses = [f"czytelnik{i}@example.com" for i in range(10)]
    for address in addresses:
        confirmed_subscriber(address)
    queue = outbox.send_message
    queued = []

    def dies_after_four(kind, message):
        if len(queued) >= 4:
            raise ConnectionError("the database went away")
        queued.append(message)
        return queue(kind, message)

    monkeypatch.setattr("newsletter.digest.outbox.send_message", dies_after_four)
    with pytest.raises(CommandError, match="resume"):
        run_digest()
    assert len(mail.outbox) == 4
    assert Digest.objects.latest("cutoff").completed_at is None

    monkeypatch.setattr("newsletter.digest.outbox.send_message", queue)
    run_digest()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(addresses)
    assert Digest.objects.latest("cutoff").completed_at is not None
    assert DigestDelivery.objects.filter(sent_at__isnull=False).count() == 10

    run_digest()  # a new digest with nothing new in it sends nothing
    assert len(mail.outbox) == 10


def test_digest_messages_the_mail_server_refuses_are_retried_once_each(demo, fresh_article, settings):
    addresses = [f"czytelnik{i}@example.com" for i in range(10)]
    for address in addresses:
        confirmed_subscriber(address)
    settings.EMAIL_BACKEND = "tests.test_newsletter.FailingAfter"
    settings.MAIL_BACKOFF_SECONDS = 0
    FailingAfter.limit = 4
    try:
        run_digest()
        assert len(mail.outbox) == 4
        # The run completes: the other six wait in the mail queue, each with its failure recorded.
        assert Digest.objects.latest("cutoff").completed_at is not None
        assert OutgoingMail.objects.filter(status="queued", attempts=1, last_error__contains="went away").count() == 6
        FailingAfter.limit = None
        call_command("send_queued_mail", verbosity=0)
        call_command("send_queued_mail", verbosity=0)
    finally:
        FailingAfter.limit = None
    assert sorted(message.to[0] for message in mail.outbox) == sorted(addresses)
    assert OutgoingMail.objects.filter(kind="newsletter/digest", status="sent").count() == 10


def test_the_same_digest_is_never_sent_twice_to_one_address(demo, fresh_article):
    from newsletter.digest import send_digest

    confirmed_subscriber("czytelnik@example.com")
    run_digest()
    digest = Digest.objects.latest("cutoff")
    digest.completed_at = None  # as if a second process picked it up again
    digest.save()
    with after_commit():
        send_digest(digest)
    assert len(mail.outbox) == 1


def test_next_digest_covers_only_what_was_published_since_the_previous_cutoff(demo, fresh_article):
    confirmed_subscriber("czytelnik@example.com")
    run_digest()
    index = ArticleIndexPage.objects.get(locale__language_code="pl")
    make_article(index, title="Jeszcze nowszy artykuł", slug="jeszcze-nowszy")
    run_digest()
    assert len(mail.outbox) == 2
    assert "Jeszcze nowszy artykuł" in mail.outbox[1].body
    assert "Nowy artykuł o klastrach" not in mail.outbox[1].body


def test_subscriber_addresses_never_reach_the_sitemap_api_or_search(client, demo):
    confirmed_subscriber("tajny.czytelnik@example.com")
    sign_up(client, email="niepotwierdzony@example.com")
    for path in (
        "/sitemap.xml",
        "/api/articles/?search=tajny",
        "/api/companies/?search=tajny",
        "/api/offers/?search=czytelnik",
        "/api/openapi.json",
        "/szukaj/?q=czytelnik",
        "/szukaj/?q=example.com",
        "/en/search/?q=tajny",
        "/newsletter/",
    ):
        content = client.get(path).content.decode()
        assert "tajny.czytelnik" not in content, path
        assert "niepotwierdzony" not in content, path


def test_english_subscriber_gets_the_english_digest(demo):
    from wagtail.models import Locale

    now = timezone.now()
    Digest.objects.create(since=now - datetime.timedelta(days=7), cutoff=now, completed_at=now)
    polish_index = ArticleIndexPage.objects.get(locale__language_code="pl")
    english_index = ArticleIndexPage.objects.get(locale=Locale.objects.get(language_code="en"))
    make_article(polish_index, title="Tylko po polsku", slug="tylko-po-polsku")
    make_article(english_index, title="English only", slug="english-only")
    confirmed_subscriber("reader@example.com", language="en")
    run_digest()
    [message] = mail.outbox
    assert message.subject == "Newsletter: what is new"
    assert "English only" in message.body
    assert "Tylko po polsku" not in message.body


def test_sign_up_answers_alike_and_queues_the_confirmation_when_the_mail_server_is_down(client, demo, settings):
    settings.EMAIL_BACKEND = "tests.test_newsletter.FailingAfter"
    FailingAfter.limit = 0
    try:
        response = sign_up(client)
    finally:
        FailingAfter.limit = None
    assert response.status_code == 302 and response["Location"] == "/newsletter/?sent=1"
    assert Consent.objects.filter(subscriber__email="czytelnik@example.com").exists()
    queued = OutgoingMail.objects.get(kind="newsletter/confirm")
    assert (queued.status, queued.attempts, queued.recipients) == ("queued", 1, "czytelnik@example.com")


def test_subscribers_are_listed_in_the_admin_for_superusers_only(client, demo):
    from django.contrib.auth.models import Group, User

    confirmed_subscriber("czytelnik@example.com")
    editor = User.objects.create_user("redaktor-newslettera", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/admin/newsletter_subscribers/").status_code in (302, 403)

    client.force_login(User.objects.create_superuser("admin-newslettera", "a@example.com", "x"))
    listing = client.get("/admin/newsletter_subscribers/")
    assert listing.status_code == 200
    assert "czytelnik@example.com" in listing.content.decode()


def test_send_digest_shows_progress_and_a_summary(demo, fresh_article):
    import io

    confirmed_subscriber("czytelnik@example.com")
    out, err = io.StringIO(), io.StringIO()
    call_command("send_digest", stdout=out, stderr=err)
    assert "Sent 1 message(s)." in out.getvalue()
    assert "1/1" in err.getvalue()


def test_digest_sections_follow_the_subscribers_topics(demo, fresh_article):
    from clusters.models import ClusterIndexPage
    from tests.factories import OfferFactory, make_cluster

    OfferFactory(title="Nowa oferta frezowania", first_published_at=timezone.now())
    make_cluster(ClusterIndexPage.objects.get(locale__language_code="pl"), title="Nowy klaster", slug="nowy-klaster")
    confirmed_subscriber("oferty@example.com", news=False, clusters=False)
    confirmed_subscriber("wszystko@example.com")
    run_digest()
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "Nowa oferta frezowania" in bodies["oferty@example.com"]
    assert "Nowy klaster" not in bodies["oferty@example.com"]
    assert "Nowy artykuł o klastrach" not in bodies["oferty@example.com"]
    for title in ("Nowa oferta frezowania", "Nowy klaster", "Nowy artykuł o klastrach"):
        assert title in bodies["wszystko@example.com"]
