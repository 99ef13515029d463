"""The digest sent in the background, a batch per task, so that no request waits for it and a stop loses nothing."""

import functools

from django.db import transaction

from django_tasks import task

from .digest import send_batch
from .models import Digest

BATCH_SIZE = 100


def enqueue_digest(digest_id):
    send_digest_batch.enqueue(digest_id)


def enqueue_after_commit(digest_id):
    # robust: the digest is recorded; a queue that cannot be reached leaves it to "Resume" or the command.
    transaction.on_commit(functools.partial(enqueue_digest, digest_id), robust=True)


@task()
def send_digest_batch(digest_id):
    digest = Digest.objects.filter(pk=digest_id, completed_at__isnull=True).first()
    if digest is None:
        return "done"
    if send_batch(digest, BATCH_SIZE):
        enqueue_after_commit(digest_id)
        return "more"
    return "completed"
