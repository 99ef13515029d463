"""The article's moderators hear of comments awaiting moderation, at most once an hour per article."""

import datetime

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.permissions import policy_registry

from cms import outbox
from cms.moderation_mail import absolute, staff_language

from .models import Comment, ModeratorsNotice

NOTICE_INTERVAL = datetime.timedelta(hours=1)


def article_moderators(article):
    """Who decides on a comment: active staff with an e-mail address who may both moderate comments
    (the comment permission policy: superusers, and any group given the right to change comments)
    and publish the article, since an approved comment appears on its public page. The link in
    the e-mail opens for each of them."""
    users = policy_registry.get_by_type(Comment).users_with_permission("change").exclude(email="")
    return [user for user in users.order_by("pk") if article.permissions_for_user(user).can_publish()]


def claim_notice(article, now):
    """True for the one caller that may mail the article's moderators now (one an hour per article).

    A conditional UPDATE, so that two app servers saving comments at the same moment cannot both win.
    """
    claimed = ModeratorsNotice.objects.filter(article=article, sent_at__lte=now - NOTICE_INTERVAL).update(sent_at=now)
    if claimed:
        return True
    _, created = ModeratorsNotice.objects.get_or_create(article=article, defaults={"sent_at": now})
    return created


def notify_moderators(comment):
    """Mail the article's moderators that comments await them; later comments within the hour are
    covered by the count in this e-mail, the next one, and the admin's list."""
    article = comment.article
    if not claim_notice(article, timezone.now()):
        return 0
    snippet_list = absolute(reverse(Comment.snippet_viewset.get_url_name("list")))
    context = {
        "article": article,
        "article_url": article.full_url,
        "pending": article.comments.filter(status=Comment.Status.PENDING).count(),
        # The commenter is left out on purpose: moderators see who wrote what in the admin, and an
        # e-mail that may be forwarded carries no reader's name or address.
        "moderation_url": f"{snippet_list}?status={Comment.Status.PENDING}",
    }
    recipients = article_moderators(article)
    for user in recipients:
        with translation.override(staff_language(user)):
            subject = outbox.render_subject("comments/email/pending_subject.txt", context)
            body = render_to_string("comments/email/pending_body.txt", context).strip() + "\n"
        outbox.send_mail("comments/pending", subject, body, [user.email], headers={"Auto-Submitted": "auto-generated"})
    return len(recipients)


def comment_posted(instance, created=False, raw=False, **kwargs):
    # Only a new comment held for moderation: one approved at once (an article with open comments)
    # awaits nobody, and a moderator's change of status is the decision itself.
    if created and not raw and instance.status == Comment.Status.PENDING:
        notify_moderators(instance)
