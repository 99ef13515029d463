"""The newsletter's messages through a real SMTP conversation with a local server (aiosmtpd)."""

import datetime
import email
import email.policy
import re
import socket

from django.core.management import call_command
from django.utils import timezone

import pytest
from aiosmtpd.controller import Controller

from articles.models import ArticleIndexPage
from newsletter.models import Digest, Subscriber
from tests.factories import make_article


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def text_of(message):
    # The plain-text part: the whole message for a confirmation, one of the two parts of a digest.
    return message.get_body(preferencelist=("plain",)).get_content()


def test_confirmation_travels_over_smtp_and_its_link_confirms(
    client, demo, smtp_inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/newsletter/",
            {"email": "reader@example.com", "language": "en", "topics": ["news"], "consent": "on"},
        )
    [(recipients, message)] = smtp_inbox.messages
    assert recipients == ["reader@example.com"]
    assert message["Subject"] == "Confirm your newsletter subscription"
    assert message["List-Unsubscribe"].strip().startswith("<http://testserver/newsletter/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.search(r"http://testserver(/newsletter/confirm/\S+/)", text_of(message)).group(1)
    assert client.get(link).status_code == 200
    assert Subscriber.objects.get(email="reader@example.com").is_active


def test_digest_travels_over_smtp_once_per_confirmed_subscriber(demo, smtp_inbox, django_capture_on_commit_callbacks):
    now = timezone.now()
    Digest.objects.create(since=now - datetime.timedelta(days=7), cutoff=now, completed_at=now)
    index = ArticleIndexPage.objects.get(locale__language_code="pl")
    article = make_article(index, title="Nowość w klastrach", slug="nowosc-w-klastrach")
    Subscriber.objects.create(email="potwierdzony@example.com", language="pl", confirmed_at=now)
    Subscriber.objects.create(email="niepotwierdzony@example.com", language="pl")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", verbosity=0)
        call_command("send_digest", verbosity=0)

    [(recipients, message)] = smtp_inbox.messages
    assert recipients == ["potwierdzony@example.com"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = text_of(message)
    assert "Nowość w klastrach" in body
    assert article.full_url in body
    assert f'href="{article.full_url}"' in message.get_body(preferencelist=("html",)).get_content()
