"""Headless previews: a short-lived signed token lets a downstream site fetch one draft.

Without a valid token the API serves only what is published; a token names one object, and the
API answers with its latest revision, for API_PREVIEW_TOKEN_MAX_AGE seconds after it was issued.
"""

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.http import Http404

from ninja.errors import HttpError

from .filters import check_parameters, selected_fields
from .resources import BY_MODEL

SALT = "api.preview"


def previewable(model):
    resource = BY_MODEL.get(model)
    return resource if resource is not None and hasattr(model, "get_latest_revision_as_object") else None


def issue_token(obj):
    return signing.dumps({"model": obj._meta.label_lower, "pk": obj.pk}, salt=SALT)


def read_token(token):
    """The model and primary key a token names; 403 when it is forged or too old."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.API_PREVIEW_TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise HttpError(403, "The preview token has expired; ask the editor for a new one.") from error
    except signing.BadSignature as error:
        raise HttpError(403, "The preview token is not valid.") from error
    try:
        model = apps.get_model(data["model"])
    except (LookupError, KeyError, TypeError, ValueError) as error:
        raise HttpError(403, "The preview token is not valid.") from error
    return model, data.get("pk")


def draft_payload(request, params):
    check_parameters(request, type(params))
    model, pk = read_token(params.token)
    resource = previewable(model)
    obj = model.objects.filter(pk=pk).first() if resource else None
    if obj is None:
        raise Http404
    fields = selected_fields(params.fields, resource.fields, resource.fields)
    return resource.item(request, obj.get_latest_revision_as_object(), fields)
