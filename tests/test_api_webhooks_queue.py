"""With the database task backend, a publish only queues the webhook; a worker process delivers it."""

from django.core.management import call_command

import pytest
from django_tasks_db.models import DBTaskResult

from api.models import Webhook
from articles.models import ArticleIndexPage
from tests.factories import make_article
from tests.test_api_webhooks import SECRET, Receiver, valid_signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_tasks(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.API_WEBHOOK_BACKOFF_SECONDS = 0.01
    # The worker recycles database connections between tasks; inside the test's transaction that
    # would close it (PostgreSQL), so the worker keeps the connection it is given.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def test_publishing_queues_the_webhook_and_the_worker_delivers_it(queued_tasks, django_capture_on_commit_callbacks):
    news = ArticleIndexPage.objects.get(locale__language_code="pl")
    with Receiver() as receiver:
        Webhook.objects.create(name="Portal regionalny", url=receiver.url, secret=SECRET)
        with django_capture_on_commit_callbacks(execute=True):
            make_article(news, title="W kolejce", slug="w-kolejce")
        # The editor's request is done; nothing has been sent yet.
        assert receiver.requests == []
        assert DBTaskResult.objects.filter(task_path="api.tasks.deliver_webhook").count() == 1

        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    assert [event["event"] for event in receiver.events()] == ["published"]
    assert valid_signature(receiver.requests[0])
