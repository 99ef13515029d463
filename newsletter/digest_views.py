"""The digest in the admin: choose a language, preview the e-mail, send it in the background, follow its progress."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.defaults import permission_denied
from django.views.generic import TemplateView, View

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .digest import (
    StaleDigest,
    next_since,
    preview,
    progress_of,
    recipients,
    start_digest,
    unfinished_digest,
)
from .forms import DigestLanguageForm, SendDigestForm
from .models import Digest
from .tasks import enqueue_after_commit

SEND_PERMISSION = "newsletter.add_digest"
# Addresses are personal data: listed only for those who may see the subscribers themselves.
ADDRESSES_PERMISSION = "newsletter.view_subscriber"
REFRESH_SECONDS = 3


def forbidden(request):
    # Returned, not raised: Wagtail's admin turns a raised PermissionDenied into a redirect to the
    # dashboard, and the preview's iframe and the Send form need an honest 403 instead.
    return permission_denied(request, PermissionDenied())


class SendPermissionRequired:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(SEND_PERMISSION):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


class DigestAdminView(SendPermissionRequired, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("newsletter_digests:index"), "label": _("Newsletter digests")},
            {"url": "", "label": self.get_page_title()},
        ]


class DigestIndexView(DigestAdminView):
    template_name = "newsletter/admin/digest_index.html"
    page_title = _("Newsletter digests")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        digests = Digest.objects.select_related("created_by").annotate(
            recipients=Count("deliveries"), messages=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False))
        )[:50]
        return super().get_context_data(form=DigestLanguageForm(), digests=digests, **kwargs)


def previewed_language(request):
    """The language asked for in the query string, or None with the form's translated error."""
    form = DigestLanguageForm(request.GET)
    return (form.cleaned_data["language"] if form.is_valid() else None), form


class DigestPreviewView(DigestAdminView):
    template_name = "newsletter/admin/digest_preview.html"
    page_title = _("Digest preview")

    def get(self, request, *args, **kwargs):
        language, form = previewed_language(request)
        if language is None:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        unfinished = unfinished_digest(language)
        if unfinished is not None:
            messages.warning(request, _("A digest in this language is still being sent: here is its progress."))
            return redirect("newsletter_digests:detail", unfinished.pk)
        now = timezone.now()
        since = next_since(language, now)
        content = preview(language, since, now)
        context = self.get_context_data(
            form=form,
            language=language,
            since=since,
            cutoff=now,
            content=content,
            recipients=recipients(language).count(),
            send_form=SendDigestForm(initial={"language": language, "since": since.isoformat()}),
        )
        return self.render_to_response(context)


@xframe_options_sameorigin
def digest_html(request):
    """The HTML part of the next digest alone, for the preview's iframe."""
    if not request.user.has_perm(SEND_PERMISSION):
        return forbidden(request)
    language, form = previewed_language(request)
    if language is None:
        return HttpResponse(form.errors["language"].as_text(), status=400, content_type="text/plain; charset=utf-8")
    now = timezone.now()
    return HttpResponse(preview(language, next_since(language, now), now)["html"])


class SendDigestView(SendPermissionRequired, View):
    def post(self, request):
        form = SendDigestForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The digest could not be sent: prepare it again."))
            return redirect("newsletter_digests:index")
        language, since = form.cleaned_data["language"], form.cleaned_data["since"]
        try:
            digest, started = start_digest(language, since, request.user)
        except StaleDigest:
            messages.warning(request, _("Another digest was sent in the meantime. Check this preview before sending."))
            return redirect(reverse("newsletter_digests:preview") + f"?language={language}")
        if started:
            enqueue_after_commit(digest.pk)
            messages.success(request, _("The digest is being sent."))
        else:
            messages.info(request, _("This digest has already been sent: nobody gets it twice."))
        return redirect("newsletter_digests:detail", digest.pk)


class DigestDetailView(DigestAdminView):
    template_name = "newsletter/admin/digest_detail.html"
    page_title = _("Digest")

    def get(self, request, *args, **kwargs):
        self.digest = get_object_or_404(Digest.objects.select_related("created_by"), pk=kwargs["pk"])
        response = super().get(request, *args, **kwargs)
        if self.progress["in_progress"]:
            # The Refresh header reloads the page like a meta refresh, with no script for the CSP to allow.
            response["Refresh"] = str(REFRESH_SECONDS)
        return response

    def get_page_subtitle(self):
        return str(self.digest)

    def get_context_data(self, **kwargs):
        self.progress = progress_of(self.digest)
        deliveries = None
        if self.request.user.has_perm(ADDRESSES_PERMISSION):
            deliveries = self.digest.deliveries.select_related("subscriber", "mail").order_by("pk")
        return super().get_context_data(digest=self.digest, progress=self.progress, deliveries=deliveries, **kwargs)


class ResumeDigestView(SendPermissionRequired, View):
    """Carries on with a digest whose background sending stopped (a worker restarted); nobody gets a second copy."""

    def post(self, request, pk):
        digest = get_object_or_404(Digest, pk=pk)
        if digest.completed_at is None:
            enqueue_after_commit(digest.pk)
            messages.success(request, _("The digest is being sent."))
        return redirect("newsletter_digests:detail", digest.pk)
