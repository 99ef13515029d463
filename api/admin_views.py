"""Admin views of the API: the preview token an editor hands to a downstream site."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode

from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from .preview import issue_token, previewable


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
