"""Admin views of the API: the preview token an editor hands to a downstream site, and sending a
webhook delivery again."""

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from .models import Webhook, WebhookDelivery
from .preview import issue_token, previewable
from .tasks import redeliver


def can_edit(user, obj):
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_edit()
    return ModelPermissionPolicy(type(obj)).user_has_permission(user, "change")


def preview_token(request, app_label, model_name, pk):
    """A signed token for the latest draft of one page or snippet, for editors who may edit it."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    if previewable(model) is None:
        raise Http404
    obj = get_object_or_404(model, pk=pk)
    if not can_edit(request.user, obj):
        raise PermissionDenied
    token = issue_token(obj)
    preview_path = reverse("api:preview") + "?" + urlencode({"token": token})
    response = JsonResponse(
        {
            "token": token,
            "expires_in": settings.API_PREVIEW_TOKEN_MAX_AGE,
            "preview_url": settings.WAGTAILAPI_BASE_URL.rstrip("/") + preview_path,
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response


def can_redeliver(user):
    """Those who manage webhooks (administrators) may send an event again."""
    return ModelPermissionPolicy(Webhook).user_has_permission(user, "change")


class RedeliverView(WagtailAdminTemplateMixin, TemplateView):
    """Asks, then sends one recorded delivery's event to its webhook again."""

    template_name = "api/redeliver_confirm.html"
    header_icon = "history"

    def dispatch(self, request, pk):
        if not can_redeliver(request.user):
            raise PermissionDenied
        self.delivery = get_object_or_404(WebhookDelivery.objects.select_related("webhook"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Send the event again")

    def get_page_subtitle(self):
        return str(self.delivery)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            delivery=self.delivery, cancel_url=reverse("webhook_deliveries:index"), **kwargs
        )

    def post(self, request, pk):
        webhook = self.delivery.webhook
        if not webhook.active:
            messages.error(
                request, _("%(webhook)s is not active: turn it on to send it events.") % {"webhook": webhook}
            )
        else:
            redeliver(self.delivery)
            messages.success(request, _("The event was sent to %(webhook)s again.") % {"webhook": webhook})
        return redirect("webhook_deliveries:index")
