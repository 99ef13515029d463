"""Admin wiring of the API: webhooks and their deliveries for administrators, preview tokens for editors."""

from functools import cached_property

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.action_menu import ActionMenuItem

from cms.permissions import ReadOnlyPermissionPolicy

from .admin_views import RedeliverView, can_redeliver, preview_token
from .models import Webhook, WebhookDelivery
from .preview import previewable


class WebhookForm(WagtailAdminModelForm):
    url = forms.URLField(
        label=_("address"),
        max_length=500,
        assume_scheme="https",
        help_text=Webhook._meta.get_field("url").help_text,
    )


class WebhookViewSet(ModelViewSet):
    model = Webhook
    icon = "link-external"
    menu_label = _("Webhooks")
    add_to_settings_menu = True
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("url"), FieldPanel("secret"), FieldPanel("active")],
        base_form_class=WebhookForm,
    )
    list_display = ["name", "url", "active"]
    list_filter = ["active"]


def redeliver_url(delivery):
    return reverse("api_redeliver_webhook", args=[delivery.pk])


class DeliveryIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_redeliver(self.request.user):
            buttons.append(MenuItem(_("Send again"), url=redeliver_url(instance), icon_name="redirect", priority=5))
        return buttons


class DeliveryInspectView(InspectView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if can_redeliver(self.request.user):
            buttons.append(Button(_("Send again"), url=redeliver_url(self.object), icon_name="redirect", priority=5))
        return buttons


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    icon = "history"
    menu_label = _("Webhook deliveries")
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields = []  # never shown: the permission policy allows no add or edit
    list_display = ["started_at", "webhook", "event", "attempt", "succeeded", "status_code", "error"]
    list_filter = ["webhook", "succeeded", "event"]
    inspect_view_fields = [
        "webhook",
        "event_id",
        "event",
        "attempt",
        "succeeded",
        "status_code",
        "error",
        "started_at",
        "finished_at",
        "retry_at",
        "payload",
    ]


register_permission_policy(WebhookDelivery, ReadOnlyPermissionPolicy(WebhookDelivery))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [WebhookViewSet("webhooks"), WebhookDeliveryViewSet("webhook_deliveries")]


@hooks.register("register_admin_urls")
def register_preview_token_url():
    return [
        path(
            "api-preview-token/<str:app_label>/<str:model_name>/<int:pk>/",
            preview_token,
            name="api_preview_token",
        ),
        path("api-webhook-redeliver/<int:pk>/", RedeliverView.as_view(), name="api_redeliver_webhook"),
    ]


def preview_token_url(obj):
    return reverse("api_preview_token", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


@hooks.register("register_page_header_buttons")
def page_preview_token_button(page, user, view_name, next_url=None):
    page = page.specific_deferred
    if view_name == "edit" and previewable(type(page)) and page.permissions_for_user(user).can_edit():
        yield Button(_("Headless preview token"), preview_token_url(page), icon_name="link-external", priority=90)


class PreviewTokenMenuItem(ActionMenuItem):
    label = _("Headless preview token")
    name = "action-api-preview-token"
    icon_name = "link-external"
    order = 900

    def is_shown(self, context):
        return context["view"] == "edit" and context.get("instance") is not None

    def get_url(self, parent_context):
        return preview_token_url(parent_context["instance"])


@hooks.register("register_snippet_action_menu_item")
def snippet_preview_token_item(model):
    return PreviewTokenMenuItem() if previewable(model) else None
