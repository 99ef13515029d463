"""Every e-mail goes through the mail queue: after its transaction commits, retried after a failure, recorded."""

import datetime

from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

import pytest

from accounts.models import Interest
from accounts.notifications import send_interest
from cms import outbox
from cms.models import OutgoingMail
from tests.factories import CompanyFactory, OfferFactory
from tests.test_newsletter_smtp import Inbox, free_port

pytestmark = pytest.mark.django_db


class FlakyInbox(Inbox):
    """A mail server that refuses the first `failures` messages with a temporary error, then accepts."""

    def __init__(self, failures):
        super().__init__()
        self.failures = failures

    async def handle_DATA(self, server, session, envelope):
        if self.failures:
            self.failures -= 1
            return "451 4.3.0 Try again later"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def flaky_smtp(settings):
    from aiosmtpd.controller import Controller

    inbox = FlakyInbox(failures=1)
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.MAIL_BACKOFF_SECONDS = 0
    yield inbox
    controller.stop()


def test_mail_leaves_only_after_its_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        outbox.send_mail("test/rolled-back", "Nie wyjdzie", "Treść", ["a@example.com"])
        raise RuntimeError("the request failed after queueing the message")
    assert mail.outbox == []
    assert not OutgoingMail.objects.exists()

    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        outbox.send_mail("test/committed", "Wyjdzie", "Treść", ["b@example.com"])
        assert mail.outbox == []
    assert mail.outbox == []  # not yet: the transaction has not committed
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["b@example.com"] and message.subject == "Wyjdzie"
    record = OutgoingMail.objects.get()
    assert (record.status, record.attempts, record.message) == ("sent", 1, {})


def test_failed_delivery_is_retried_and_the_failure_shows_in_the_admin(
    flaky_smtp, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.send_mail("test/flaky", "Druga próba", "Treść", ["c@example.com"])
    record = OutgoingMail.objects.get()
    assert flaky_smtp.messages == []
    assert (record.status, record.attempts) == ("queued", 1)
    assert "451" in record.last_error

    html = admin_client.get("/admin/outgoing_mail/").content.decode()
    assert "Druga próba" in html and "Try again later" in html

    call_command("send_queued_mail", verbosity=0)

    [(recipients, message)] = flaky_smtp.messages
    assert recipients == ["c@example.com"] and message["Subject"] == "Druga próba"
    record.refresh_from_db()
    assert (record.status, record.attempts) == ("sent", 2)


def test_delivery_gives_up_after_the_last_attempt_and_says_so_in_the_admin(
    flaky_smtp, admin_client, settings, django_capture_on_commit_callbacks
):
    flaky_smtp.failures = 10
    settings.MAIL_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        outbox.send_mail("test/down", "Nigdy", "Treść", ["d@example.com"])
    call_command("send_queued_mail", verbosity=0)
    call_command("send_queued_mail", verbosity=0)
    record = OutgoingMail.objects.get()
    assert (record.status, record.attempts, record.message) == ("failed", 2, {})
    response = admin_client.get("/admin/outgoing_mail/", {"status": "failed"})
    assert "Nigdy" in response.content.decode()
    assert admin_client.get(f"/admin/outgoing_mail/edit/{record.pk}/").status_code in (302, 403)


def test_a_message_whose_task_was_lost_is_sent_by_send_queued_mail(settings):
    settings.MAIL_LOST_AFTER_SECONDS = 60
    OutgoingMail.objects.create(
        kind="test/lost",
        recipients="e@example.com",
        subject="Zgubione zadanie",
        created_at=timezone.now() - datetime.timedelta(minutes=5),
        message={
            "from_email": "portal@localhost",
            "to": ["e@example.com"],
            "reply_to": [],
            "headers": {},
            "subject": "Zgubione zadanie",
            "body": "Treść",
        },
    )
    call_command("send_queued_mail", verbosity=0)
    assert [m.subject for m in mail.outbox] == ["Zgubione zadanie"]


def test_subjects_and_bodies_carry_quotes_and_ampersands_verbatim(site_tree, django_capture_on_commit_callbacks):
    company = CompanyFactory(name='Odlewnia "Żeliwo" & Syn', email="biuro@odlewnia.example")
    offer = OfferFactory(title='Odlewy "na wymiar" & obróbka', company=company)
    interest = Interest.objects.create(
        offer=offer,
        offer_title=offer.title,
        company_name=company.name,
        name='Anna "Ania" & Co',
        email="anna@example.com",
        message="Cena <brutto> & termin?",
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_interest(interest, offer)
    [message] = mail.outbox
    assert message.subject == 'Zainteresowanie ofertą „Odlewy "na wymiar" & obróbka”'
    assert 'Anna "Ania" & Co' in message.body and "Cena <brutto> & termin?" in message.body
    assert "&quot;" not in message.subject + message.body and "&amp;" not in message.subject + message.body


def test_moderation_subject_names_the_company_verbatim(site_tree, django_capture_on_commit_callbacks):
    from accounts.notifications import send

    company = CompanyFactory(name='Firma "Kowalski & Nowak"')
    with django_capture_on_commit_callbacks(execute=True):
        send(
            "accounts/email/moderation_subject.txt",
            "accounts/email/moderation_body.txt",
            {"entry": company, "approved": True, "url": "http://testserver/x/", "comment": "", "my_entries": ""},
            ["jan@firma.example"],
        )
    [message] = mail.outbox
    assert message.subject == 'Wpis „Firma "Kowalski & Nowak"” został opublikowany'
    assert 'Firma "Kowalski & Nowak"' in message.body
    assert User.objects.filter(username="jan@firma.example").count() == 0


def test_records_of_old_messages_are_forgotten_but_queued_ones_kept(settings):
    settings.MAIL_LOG_DAYS = 30
    old = timezone.now() - datetime.timedelta(days=31)
    for status in ("sent", "failed"):
        OutgoingMail.objects.create(
            kind="test/old", recipients="e@example.com", subject=status, status=status, created_at=old
        )
    # Still waiting for its next attempt: kept, however old.
    OutgoingMail.objects.create(
        kind="test/old",
        recipients="e@example.com",
        subject="queued",
        created_at=old,
        attempts=1,
        next_attempt_at=timezone.now() + datetime.timedelta(hours=1),
    )
    OutgoingMail.objects.create(kind="test/recent", recipients="f@example.com", subject="recent", status="sent")
    call_command("send_queued_mail", verbosity=0)
    assert sorted(OutgoingMail.objects.values_list("subject", flat=True)) == ["queued", "recent"]
