"""Readers' comments on news articles, moderated in the admin."""

import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from cms.validators import validate_multiline

_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)


def plain_text(value):
    """Comment text as the reader meant it: no tags, and no script or style content either."""
    return strip_tags(_SCRIPT_OR_STYLE.sub("", value)).strip()


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """The one definition of a comment readers may see."""
        return self.filter(status=Comment.Status.APPROVED)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting moderation")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        SPAM = "spam", _("spam")

    article = models.ForeignKey(
        "articles.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="article_comments"
    )
    body = models.TextField(_("comment"), max_length=settings.COMMENT_MAX_LENGTH, validators=[validate_multiline])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    panels = [FieldPanel("status"), FieldPanel("body", read_only=True)]

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["article", "status", "created_at"])]

    def __str__(self):
        return Truncator(self.body).chars(60)

    @property
    def author_name(self):
        # Never the username or e-mail: either may be an address, which is personal data.
        return self.author.get_full_name() or _("Reader")


class ModeratorsNotice(models.Model):
    """When the article's moderators were last mailed about comments awaiting moderation (comments/notifications.py).

    In the database, not the cache: every app server must see the same time, so that a burst of
    comments spread over several servers still sends one e-mail an hour.
    """

    article = models.OneToOneField(
        "articles.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("notice to moderators")
        verbose_name_plural = _("notices to moderators")

    def __str__(self):
        return f"{self.article_id}: {self.sent_at:%Y-%m-%d %H:%M}"
