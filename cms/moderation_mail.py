"""Moderation e-mails to the agency's staff (pages and snippets), in each recipient's language, through the outbox.

They replace Wagtail's own workflow notifiers (wagtail/admin/mail.py), which send past cms/outbox.py
straight to SMTP, glue a model's verbose name into sentences ("Możesz podejrzeć oferta tutaj") and
mail a superuser twice for one submission: WorkflowStateSubmissionEmailNotifier mails every
superuser (its exclusion of the submitter is computed and thrown away) and
GroupApprovalTaskStateSubmissionEmailNotifier mails the task's group and the superusers again.
Here a submission is mailed once, per task, to that task's reviewers.

Readers who submit companies and offers cannot open the admin: they hear of the decision from
accounts/notifications.py, never from here.
"""

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
)
from wagtail.admin.utils import get_latest_str, get_user_display_name
from wagtail.coreutils import get_content_type_label
from wagtail.models import AbstractPage, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted
from wagtail.users.models import UserProfile

from . import outbox


def staff_language(user):
    """The admin language the user chose, else LANGUAGE_CODE (Polish).

    Not UserProfile.get_preferred_language(): without a choice it falls back to the language of
    the request that happens to trigger the e-mail, so a reader's submission from /en/ would
    mail a Polish moderator in English.
    """
    return UserProfile.get_for_user(user).preferred_language or settings.LANGUAGE_CODE


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def admin_url(obj, action, *args):
    """The absolute address of one of the admin's screens for a page or a snippet."""
    if isinstance(obj, AbstractPage):
        return absolute(reverse(f"wagtailadmin_pages:{action}", args=[obj.pk, *args]))
    return absolute(reverse(obj.snippet_viewset.get_url_name(action), args=[quote(obj.pk), *args]))


def is_previewable(obj):
    return isinstance(obj, AbstractPage) or getattr(obj, "is_previewable", lambda: False)()


class OutboxNotifierMixin:
    """Each recipient who may open the admin gets one plain-text message, in their language, queued in the outbox."""

    template_directory = "cms/email/"
    event = ""

    def get_template_set(self, instance, **kwargs):
        base = f"{self.template_directory}moderation_{self.event}"
        return {"subject": f"{base}_subject.txt", "text": f"{base}_body.txt"}

    def get_valid_recipients(self, instance, **kwargs):
        recipients = super().get_valid_recipients(instance, **kwargs)
        return {user for user in recipients if user.has_perm("wagtailadmin.access_admin")}

    def get_context(self, instance, **kwargs):
        context = super().get_context(instance, **kwargs)
        obj = context["object"]
        if isinstance(obj, AbstractPage):
            obj = context["object"] = obj.specific
        context["title"] = get_latest_str(obj)
        context["content_type"] = ContentType.objects.get_for_model(obj)
        return context

    def get_links(self, obj, context, recipient):
        edit_url = AdminURLFinder(recipient).get_edit_url(obj)
        return {"edit_url": absolute(edit_url) if edit_url else ""}

    def send_notifications(self, template_set, context, recipients, **kwargs):
        obj = context["object"]
        context["preferences_url"] = absolute(reverse("wagtailadmin_account"))
        for recipient in sorted(recipients, key=lambda user: user.pk):
            with translation.override(staff_language(recipient)):
                message_context = {**context, **self.get_links(obj, context, recipient), "user": recipient}
                # The type as the admin names it, a noun on its own line ("Rodzaj: Oferta"), never
                # declined inside a sentence.
                message_context["kind"] = get_content_type_label(context["content_type"])
                subject = outbox.render_subject(template_set["subject"], message_context)
                body = render_to_string(template_set["text"], message_context).strip() + "\n"
            outbox.send_mail(
                f"cms/moderation_{self.event}",
                subject,
                body,
                [recipient.email],
                headers={"Auto-Submitted": "auto-generated"},
            )
        return True


class SubmittedNotifier(OutboxNotifierMixin, GroupApprovalTaskStateSubmissionEmailNotifier):
    """A task awaits its reviewers (the task's groups and the superusers, never the submitter)."""

    event = "submitted"

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        requested_by = task_state.workflow_state.requested_by
        context["requester"] = get_user_display_name(requested_by) if requested_by else ""
        return context

    def get_links(self, obj, context, recipient):
        links = super().get_links(obj, context, recipient)
        # The revision under review, as the reviewer sees it with the task's actions.
        links["preview_url"] = admin_url(obj, "workflow_preview", context["task"].pk) if is_previewable(obj) else ""
        return links


class ApprovedNotifier(OutboxNotifierMixin, WorkflowStateApprovalEmailNotifier):
    """The submitter hears that the work is published (unless they approved it themselves)."""

    event = "approved"

    def get_links(self, obj, context, recipient):
        links = super().get_links(obj, context, recipient)
        links["live_url"] = getattr(obj, "full_url", None) or ""
        return links


class RejectedNotifier(OutboxNotifierMixin, WorkflowStateRejectionEmailNotifier):
    """The submitter hears who sent the work back, with the reviewer's comment and the version reviewed."""

    event = "rejected"

    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        finished_by = context["task_state"].finished_by
        context["reviewer"] = get_user_display_name(finished_by) if finished_by else ""
        return context

    def get_links(self, obj, context, recipient):
        links = super().get_links(obj, context, recipient)
        revision = context["task_state"].revision
        links["revision_url"] = admin_url(obj, "revisions_view", revision.pk) if is_previewable(obj) else ""
        return links


submitted_notifier = SubmittedNotifier()
approved_notifier = ApprovedNotifier()
rejected_notifier = RejectedNotifier()


def submission_is_mailed_per_task(**kwargs):
    """Sends nothing: a submission starts the workflow's first task, whose reviewers SubmittedNotifier mails."""


def register_signal_handlers():
    """Connect ours under Wagtail's own dispatch_uids.

    cms is ready before wagtail.admin (INSTALLED_APPS), and Django ignores a second connect under a
    dispatch_uid already taken, so wagtail.admin's register_signal_handlers() connects none of its
    notifiers. Disconnecting them instead would need code that runs after wagtail.admin is ready.
    """
    task_submitted.connect(
        submitted_notifier, sender=TaskState, dispatch_uid="group_approval_task_submitted_email_notification"
    )
    workflow_submitted.connect(
        submission_is_mailed_per_task, sender=WorkflowState, dispatch_uid="workflow_state_submitted_email_notification"
    )
    workflow_rejected.connect(
        rejected_notifier, sender=WorkflowState, dispatch_uid="workflow_state_rejected_email_notification"
    )
    workflow_approved.connect(
        approved_notifier, sender=WorkflowState, dispatch_uid="workflow_state_approved_email_notification"
    )
