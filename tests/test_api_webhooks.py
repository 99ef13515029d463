"""Webhooks: downstream sites are told, with a signed POST, about published, unpublished and deleted content."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest
from django_tasks import task_backends

from api.models import Webhook, WebhookDelivery
from api.tasks import backoff, deliver_due, deliver_webhook
from api.webhooks import verify
from articles.models import ArticleIndexPage
from registry.models import Sector
from tests.factories import CompanyFactory, OfferFactory, make_article

pytestmark = pytest.mark.django_db

SECRET = "wspolny-sekret"


class Receiver:
    """A real HTTP server on 127.0.0.1 that records each request and answers with the given statuses."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"try again later")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/portal"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def events(self):
        return [json.loads(request["body"]) for request in self.requests]


def valid_signature(request, secret=SECRET):
    headers = request["headers"]
    return verify(secret, request["body"], headers["X-Portal-Timestamp"], headers["X-Portal-Signature"])


def make_due_retries(rounds):
    """What `manage.py deliver_webhooks` does from cron, `rounds` times, each once the backoff is over."""
    for _ in range(rounds):
        deliver_due(now=timezone.now() + datetime.timedelta(hours=1))


@pytest.fixture(autouse=True)
def quick_retries(settings):
    settings.API_WEBHOOK_BACKOFF_SECONDS = 0.01
    settings.API_WEBHOOK_TIMEOUT_SECONDS = 5


@pytest.fixture
def news(demo):
    return ArticleIndexPage.objects.get(locale__language_code="pl")


def hook(receiver, **fields):
    return Webhook.objects.create(name="Strona klastra", url=receiver.url, secret=SECRET, **fields)


def test_published_article_is_announced_with_a_valid_signature(news, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        hook(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            article = make_article(news, title="Ogłoszenie", slug="ogloszenie")
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request["path"] == "/hooks/portal"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["headers"]["X-Portal-Event"] == "published"
    assert valid_signature(request)
    event = receiver.events()[0]
    assert event == {
        "type": "article",
        "id": article.pk,
        "model": "articles.articlepage",
        "locale": "pl",
        "url": event["url"],
        "api_url": f"http://127.0.0.1:8000/api/articles/{article.pk}/",
        "event": "published",
        "timestamp": event["timestamp"],
    }
    assert event["url"].endswith("/aktualnosci/ogloszenie/")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.attempt, delivery.succeeded, delivery.status_code, delivery.retry_at) == (1, True, 200, None)


def test_signature_does_not_match_another_secret(news, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        Webhook.objects.create(name="Inna", url=receiver.url, secret="inny-sekret")
        with django_capture_on_commit_callbacks(execute=True):
            make_article(news, title="Tajne", slug="tajne-podpis")
    assert not valid_signature(receiver.requests[0])


def test_receiver_failing_twice_gets_the_event_on_the_third_attempt(news, django_capture_on_commit_callbacks):
    with Receiver(statuses=[503, 500, 200]) as receiver:
        webhook = hook(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            make_article(news, title="Za trzecim razem", slug="za-trzecim-razem")
        assert len(receiver.requests) == 1, "the retries are not made in the editor's request"
        make_due_retries(3)
    assert len(receiver.requests) == 3
    assert len({request["body"] for request in receiver.requests}) == 1, "every attempt sends the same event"
    assert all(valid_signature(request) for request in receiver.requests)
    assert len({request["headers"]["X-Portal-Delivery"] for request in receiver.requests}) == 1
    deliveries = list(webhook.deliveries.order_by("attempt"))
    assert [(d.attempt, d.status_code, d.succeeded) for d in deliveries] == [
        (1, 503, False),
        (2, 500, False),
        (3, 200, True),
    ]
    assert "HTTP 503" in deliveries[0].error and deliveries[2].error == ""
    assert all(d.retry_at is not None for d in deliveries[:2]) and deliveries[2].retry_at is None
    assert len({d.event_id for d in deliveries}) == 1


def test_delivery_gives_up_after_the_last_attempt(news, django_capture_on_commit_callbacks, settings):
    settings.API_WEBHOOK_MAX_ATTEMPTS = 3
    with Receiver(statuses=[500]) as receiver:
        webhook = hook(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            make_article(news, title="Nigdy", slug="nigdy")
        make_due_retries(4)
    assert len(receiver.requests) == 3
    assert not webhook.deliveries.filter(succeeded=True).exists()
    assert webhook.deliveries.get(attempt=3).retry_at is None


def test_unreachable_receiver_is_recorded_as_an_error(news, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        url = receiver.url
    webhook = Webhook.objects.create(name="Wyłączona", url=url, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        make_article(news, title="Do nikogo", slug="do-nikogo")
    make_due_retries(3)
    deliveries = list(webhook.deliveries.order_by("attempt"))
    assert [d.attempt for d in deliveries] == [1, 2, 3]
    assert all(d.status_code is None and "ConnectionError" in d.error for d in deliveries)


def test_retries_back_off_exponentially(settings):
    settings.API_WEBHOOK_BACKOFF_SECONDS = 2
    assert [backoff(attempt) for attempt in (1, 2, 3)] == [2, 4, 8]


def test_a_queue_that_can_wait_gets_the_retry_scheduled_with_backoff(settings, demo):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.API_WEBHOOK_BACKOFF_SECONDS = 30
    with Receiver(statuses=[500]) as receiver:
        webhook = hook(receiver)
        deliver_webhook.call(webhook.pk, "6f1c3f9e-3a51-4f7c-8d7e-2f2f8a0f0a01", {"event": "published", "id": 1})
    queued = [result for result in task_backends["default"].results if result.task.func == deliver_webhook.func]
    assert len(queued) == 1
    retry = queued[0]
    assert retry.args[-1] == 2
    assert retry.task.run_after is not None
    delivery = webhook.deliveries.get()
    assert abs((retry.task.run_after - delivery.finished_at).total_seconds() - 30) < 5


def test_unpublished_and_deleted_content_is_announced(news, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        article = make_article(news, title="Krótko", slug="krotko")
        hook(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            article.unpublish()
        with django_capture_on_commit_callbacks(execute=True):
            article.delete()
    unpublished, deleted = receiver.events()
    assert (unpublished["event"], unpublished["id"]) == ("unpublished", article.pk)
    assert (deleted["event"], deleted["id"]) == ("deleted", article.pk)
    assert deleted["url"].endswith("/aktualnosci/krotko/")


def test_registry_snippets_are_announced(site_tree, django_capture_on_commit_callbacks):
    company = CompanyFactory(live=False)
    with Receiver() as receiver:
        hook(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            company.save_revision().publish()
        offer = OfferFactory(company=company, live=False)
        with django_capture_on_commit_callbacks(execute=True):
            offer.save_revision().publish()
        with django_capture_on_commit_callbacks(execute=True):
            offer.delete()
        with django_capture_on_commit_callbacks(execute=True):
            Sector.objects.create(name="Kosmos", slug="kosmos", locale=company.locale)
    events = [(event["type"], event["event"]) for event in receiver.events()]
    assert events == [("company", "published"), ("offer", "published"), ("offer", "deleted"), ("sector", "published")]
    assert receiver.events()[0]["api_url"].endswith(f"/api/companies/{company.pk}/")


def test_inactive_webhooks_are_not_called(news, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        hook(receiver, active=False)
        with django_capture_on_commit_callbacks(execute=True):
            make_article(news, title="Cisza", slug="cisza")
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("admin-api", "admin-api@example.com", "x")
    client.force_login(admin)
    return client


def test_administrators_see_deliveries_read_only(admin_client, news, django_capture_on_commit_callbacks):
    with Receiver(statuses=[500, 200]) as receiver:
        webhook = hook(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            make_article(news, title="Widoczne", slug="widoczne")
        make_due_retries(1)
    listing = admin_client.get("/admin/webhook_deliveries/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Strona klastra" in page and "500" in page
    assert "/admin/webhook_deliveries/new/" not in page
    delivery = webhook.deliveries.get(attempt=1)
    assert admin_client.get(f"/admin/webhook_deliveries/inspect/{delivery.pk}/").status_code == 200
    assert admin_client.get(f"/admin/webhook_deliveries/edit/{delivery.pk}/").status_code in (302, 403)
    assert admin_client.get("/admin/webhook_deliveries/new/").status_code in (302, 403)
    assert WebhookDelivery.objects.filter(pk=delivery.pk).exists()


def test_administrators_manage_webhooks_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/webhooks/new/", {"name": "Portal regionalny", "url": "https://portal.example.com/hook", "secret": "s"}
    )
    assert response.status_code == 302
    assert Webhook.objects.get(name="Portal regionalny").url == "https://portal.example.com/hook"
    assert "Portal regionalny" in admin_client.get("/admin/webhooks/").content.decode()


def test_editors_cannot_see_webhooks(client, demo):
    from django.contrib.auth.models import Group

    editor = get_user_model().objects.create_user("redaktor-api", "redaktor@example.com", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/admin/webhooks/").status_code in (302, 403)
    assert client.get("/admin/webhook_deliveries/").status_code in (302, 403)
