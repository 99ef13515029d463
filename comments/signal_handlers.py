"""A comment changes what readers see only when it is approved, or when an approved one is
withdrawn (rejected, marked as spam or deleted): only then is the content generation moved on."""

from django.db.models.signals import post_delete, post_save, pre_save

from cms.generation import content_changed

from .models import Comment
from .notifications import comment_posted


def remember_shown_before(instance, **kwargs):
    if instance.pk is None:
        instance.was_shown = False
    else:
        instance.was_shown = Comment.objects.approved().filter(pk=instance.pk).exists()


def comment_saved(instance, **kwargs):
    shown_now = instance.status == Comment.Status.APPROVED
    if shown_now or getattr(instance, "was_shown", False):
        content_changed()


def comment_deleted(instance, **kwargs):
    if instance.status == Comment.Status.APPROVED:
        content_changed()


def register_signal_handlers():
    pre_save.connect(remember_shown_before, sender=Comment, dispatch_uid="comments-shown-before")
    post_save.connect(comment_saved, sender=Comment, dispatch_uid="comments-content-changed-saved")
    post_delete.connect(comment_deleted, sender=Comment, dispatch_uid="comments-content-changed-deleted")
    post_save.connect(comment_posted, sender=Comment, dispatch_uid="comments-notify-moderators")
