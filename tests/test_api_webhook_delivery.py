"""Dependable webhooks: signed timestamps that refuse replays, images and documents announced, no
waiting in the editor's request, and any delivery sent again from the admin."""

import contextlib
import time
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

import pytest

from api.models import WebhookDelivery
from api.webhooks import verify
from articles.models import ArticleIndexPage
from tests.factories import make_article
from tests.test_api_webhooks import SECRET, Receiver, hook, make_due_retries, valid_signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(demo):
    return ArticleIndexPage.objects.get(locale__language_code="pl")


@pytest.fixture(autouse=True)
def quick_retries(settings):
    settings.API_WEBHOOK_BACKOFF_SECONDS = 0.01
    settings.API_WEBHOOK_TIMEOUT_SECONDS = 5


def test_a_delivery_replayed_after_five_minutes_is_refused_by_verify(news, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        hook(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            make_article(news, title="Podpisane", slug="podpisane")
    request = receiver.requests[0]
    body, headers = request["body"], request["headers"]
    timestamp, signature = headers["X-Portal-Timestamp"], headers["X-Portal-Signature"]
    assert verify(SECRET, body, timestamp, signature)
    captured_at = int(timestamp)
    assert verify(SECRET, body, timestamp, signature, now=captured_at + 299)
    assert not verify(SECRET, body, timestamp, signature, now=captured_at + 301), "replayed later: refused"
    # The timestamp is signed: a replay cannot pass by claiming to be new.
    assert not verify(SECRET, body, str(int(time.time())), signature, now=captured_at + 301)
    assert not verify(SECRET, body.replace(b"podpisane", b"podrobione"), timestamp, signature)
    assert not verify("inny-sekret", body, timestamp, signature)
    assert not verify(SECRET, body, "wczoraj", signature)


def test_a_publish_returns_at_once_while_the_receiver_answers_500(news, django_capture_on_commit_callbacks, settings):
    settings.API_WEBHOOK_BACKOFF_SECONDS = 60
    with Receiver(statuses=[500, 500, 200]) as receiver:
        webhook = hook(receiver)
        waited = AssertionError("the editor's request waited")
        with mock.patch("time.sleep", side_effect=waited) as sleep, django_capture_on_commit_callbacks(execute=True):
            make_article(news, title="Bez czekania", slug="bez-czekania")
        sleep.assert_not_called()
        assert len(receiver.requests) == 1, "one attempt; the retries come later"
        first = webhook.deliveries.get()
        assert (first.status_code, first.succeeded) == (500, False) and first.retry_at is not None

        # The retry is not due yet: cron finds nothing to do ...
        call_command("deliver_webhooks", verbosity=0)
        assert len(receiver.requests) == 1
        # ... until its time comes.
        make_due_retries(3)
    assert [d.status_code for d in webhook.deliveries.order_by("attempt")] == [500, 500, 200]
    assert all(valid_signature(request) for request in receiver.requests)


def test_an_editor_has_the_whole_answer_before_the_receiver_is_called(site_tree, django_capture_on_commit_callbacks):
    """As a WSGI server runs it, with the immediate task backend: the delivery starts at close()."""
    article = make_article(site_tree["sections"]["news"]["pl"], title="Do wycofania", slug="do-wycofania")
    editor = get_user_model().objects.create_superuser("redaktor", "redaktor@example.org", "haslo-redaktora-123")
    logged_in = Client()
    logged_in.force_login(editor)
    token = "a" * 32
    request = RequestFactory().post(
        f"/admin/pages/{article.pk}/unpublish/",
        {"csrfmiddlewaretoken": token},
        HTTP_COOKIE=f"csrftoken={token}; sessionid={logged_in.cookies['sessionid'].value}",
    )
    started = []

    with Receiver() as receiver, keeping_the_test_connection():
        webhook = hook(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            response = WSGIHandler()(request.environ, lambda status, headers: started.append(status))
            b"".join(response)  # the server sends the whole answer to the editor's browser
        assert started == ["302 Found"]
        assert not receiver.requests and not webhook.deliveries.exists(), "nothing sent while the editor waits"
        response.close()  # then the WSGI server closes the response
        assert len(receiver.requests) == 1
    delivery = webhook.deliveries.get()
    assert delivery.succeeded and delivery.event == "unpublished"
    assert receiver.events()[0]["id"] == article.pk


@contextlib.contextmanager
def keeping_the_test_connection():
    """What Django's test client does: the test's transaction must outlive the request's signals."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_images_and_documents_are_announced(demo, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        hook(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            photo = get_image_model().objects.create(title="Hala", file=get_test_image_file(filename="hala.png"))
        with django_capture_on_commit_callbacks(execute=True):
            report = get_document_model().objects.create(title="Raport", file=ContentFile(b"x", name="raport.txt"))
        photo_id, report_id = photo.pk, report.pk
        with django_capture_on_commit_callbacks(execute=True):
            photo.delete()
        with django_capture_on_commit_callbacks(execute=True):
            report.delete()
    events = [(event["type"], event["id"], event["event"]) for event in receiver.events()]
    assert events == [
        ("image", photo_id, "published"),
        ("document", report_id, "published"),
        ("image", photo_id, "deleted"),
        ("document", report_id, "deleted"),
    ]
    published_report = receiver.events()[1]
    assert published_report["api_url"].endswith(f"/api/documents/{report_id}/")
    assert published_report["url"].endswith("raport.txt") or "/documents/" in published_report["url"]


@pytest.fixture
def failed_delivery(news, django_capture_on_commit_callbacks):
    with Receiver(statuses=[500]) as receiver:
        webhook = hook(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            make_article(news, title="Nie doszło", slug="nie-doszlo")
    return webhook.deliveries.get()


def test_administrators_send_any_delivery_again(client, failed_delivery):
    admin = get_user_model().objects.create_superuser("admin-hooks", "admin-hooks@example.com", "x")
    client.force_login(admin)
    listing = client.get("/admin/webhook_deliveries/").content.decode()
    url = f"/admin/api-webhook-redeliver/{failed_delivery.pk}/"
    assert url in listing
    assert url in client.get(f"/admin/webhook_deliveries/inspect/{failed_delivery.pk}/").content.decode()
    assert client.get(url).status_code == 200  # asks first

    with Receiver(statuses=[200]) as receiver:
        failed_delivery.webhook.url = receiver.url
        failed_delivery.webhook.save()
        response = client.post(url)
    assert response.status_code == 302
    assert len(receiver.requests) == 1 and valid_signature(receiver.requests[0])
    assert receiver.events()[0] == failed_delivery.payload
    resent = WebhookDelivery.objects.filter(event_id=failed_delivery.event_id).order_by("-attempt").first()
    assert (resent.succeeded, resent.retry_at) == (True, None)
    assert resent.attempt > failed_delivery.attempt


def test_editors_cannot_send_deliveries_again(client, failed_delivery):
    editor = get_user_model().objects.create_user("redaktor-hooks", "redaktor-hooks@example.com", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    url = f"/admin/api-webhook-redeliver/{failed_delivery.pk}/"
    assert client.get(url).status_code in (302, 403)
    assert client.post(url).status_code in (302, 403)
    assert WebhookDelivery.objects.count() == 1
