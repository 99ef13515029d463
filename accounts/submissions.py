"""Readers' entries go through the same moderation workflow as the editors' drafts."""

from django.db import transaction
from django.utils.translation import pgettext_lazy

from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction
from wagtail.images import get_image_model
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

from registry.models import Company, Offer


def submit_entry(form, user):
    """Save the form as a new revision (never published) and put it in moderation.

    A published entry stays public in its approved form: EditAction keeps the live row untouched and
    stores the change as a revision, which the workflow publishes only when an editor approves it.
    """
    stored = []
    try:
        with transaction.atomic():
            return _submit(form, user, stored)
    except BaseException:
        # The rows are rolled back, but storage is no part of the transaction: a logo written for them
        # would stay in the media (or the bucket) with nothing pointing at it.
        for file in stored:
            file.storage.delete(file.name)
        raise


def _submit(form, user, stored):
    silence_admin_notifications(user)
    entry = form.instance
    logo = form.cleaned_data.get("logo_file")
    if logo:
        image = get_image_model()(title=entry.name, file=logo, uploaded_by_user=user)
        try:
            image.save()
        finally:
            # Once written, the file bears its storage name (under original_images/), even if the row's
            # INSERT then failed; before that it bears the upload's name and nothing is to be removed.
            if image.file.name and image.file.name != logo.name:
                stored.append(image.file)
        entry.logo = image
    if entry.pk is None:
        entry.submitted_by = user
        entry = CreateAction(entry, user=user, form=form).execute(skip_permission_checks=True)
    else:
        entry = EditAction(entry, user=user, form=form).execute(skip_permission_checks=True)

    state = entry.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    else:
        if state is not None:
            # Moderation of an older version is replaced by moderation of this one.
            state.cancel(user=user)
        entry.get_workflow().start(entry, user)
    return entry


def silence_admin_notifications(user):
    """Wagtail's own moderation e-mails link to the admin, which representatives cannot open; ours replace them."""
    if user.has_perm("wagtailadmin.access_admin"):
        return
    profile = UserProfile.get_for_user(user)
    profile.approved_notifications = profile.rejected_notifications = False
    profile.submitted_notifications = profile.updated_comments_notifications = False
    profile.save()


def entries_of(user):
    """The user's companies and offers, newest first, with their moderation status."""
    companies = Company.objects.filter(submitted_by=user).order_by("-pk")
    offers = Offer.objects.filter(submitted_by=user).select_related("company").order_by("-pk")
    return [EntryStatus(entry) for entry in companies], [EntryStatus(entry) for entry in offers]


class EntryStatus:
    """What the representative sees about one entry: its status in words, and the editor's comment."""

    LABELS = {
        "draft": pgettext_lazy("entry status", "draft"),
        "awaiting_review": pgettext_lazy("entry status", "awaiting review"),
        "published": pgettext_lazy("entry status", "published"),
        "published_changes_awaiting_review": pgettext_lazy("entry status", "published; changes awaiting review"),
        "rejected": pgettext_lazy("entry status", "rejected"),
        "published_changes_rejected": pgettext_lazy("entry status", "published; changes rejected"),
        "expired": pgettext_lazy("entry status", "expired"),
    }

    def __init__(self, entry):
        self.entry = entry
        self.comment = ""
        state = entry.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            code = "published_changes_awaiting_review" if entry.live else "awaiting_review"
        elif state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            code = "published_changes_rejected" if entry.live else "rejected"
            self.comment = rejection_comment(state)
        elif entry.live:
            code = "expired" if getattr(entry, "is_expired", False) else "published"
        else:
            code = "draft"
        self.code = code
        self.label = self.LABELS[code]
        self.title = entry.get_latest_revision_as_object()
        self.url = entry.url if entry.live and code != "expired" else None


def rejection_comment(workflow_state):
    task_state = workflow_state.task_states.filter(status="rejected").order_by("-finished_at", "-pk").first()
    return task_state.comment if task_state else ""
