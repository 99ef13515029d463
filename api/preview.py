"""Headless previews: a short-lived signed token lets a downstream site fetch one draft.

Without a valid token the API serves only what is published. Two kinds of token:

- ours (the "Headless preview token" of an edit view) names one object, and the API answers with
  its latest revision;
- wagtail-headless-preview's, handed out when an editor presses Preview on a page while a
  front-end is configured (WAGTAIL_HEADLESS_PREVIEW): the admin shows the front-end's preview
  page with `?content_type=…&token=…`, and the API answers with exactly the form being previewed.

Either is valid for API_PREVIEW_TOKEN_MAX_AGE seconds after it was issued. Models import this
module, so the API's own modules are imported where they are used.
"""

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.http import Http404
from django.utils.translation import gettext as _

from wagtail.models import Site

from ninja.errors import HttpError
from wagtail_headless_preview.models import HeadlessPreviewMixin as LibraryHeadlessPreviewMixin
from wagtail_headless_preview.models import PagePreview
from wagtail_headless_preview.settings import headless_preview_settings

SALT = "api.preview"


def front_end_configured(request):
    """Whether a downstream site's preview page is configured for the request's site."""
    urls = headless_preview_settings.CLIENT_URLS or {}
    site = Site.find_for_request(request)
    return "default" in urls or (site is not None and site.hostname in urls)


class HeadlessPreviewMixin(LibraryHeadlessPreviewMixin):
    """Preview shows the downstream site's preview page when one is configured, the site's own otherwise.

    A page never saved has no id the API could answer with, so its preview stays the site's own.
    """

    def serve_preview(self, request, mode_name):
        if self.pk is not None and front_end_configured(request):
            return super().serve_preview(request, mode_name)
        return super(LibraryHeadlessPreviewMixin, self).serve_preview(request, mode_name)


def previewable(model):
    from .resources import BY_MODEL

    resource = BY_MODEL.get(model)
    return resource if resource is not None and hasattr(model, "get_latest_revision_as_object") else None


def issue_token(obj):
    return signing.dumps({"model": obj._meta.label_lower, "pk": obj.pk}, salt=SALT)


def read_token(token):
    """The model and primary key a token names; 403 when it is forged or too old."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.API_PREVIEW_TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise HttpError(403, _("The preview token has expired; ask the editor for a new one.")) from error
    except signing.BadSignature as error:
        raise HttpError(403, _("The preview token is not valid.")) from error
    try:
        model = apps.get_model(data["model"])
    except (LookupError, KeyError, TypeError, ValueError) as error:
        raise HttpError(403, _("The preview token is not valid.")) from error
    return model, data.get("pk")


def library_draft(token, content_type):
    """The page form a wagtail-headless-preview token was handed out for; 403 when forged or too old."""
    signer = LibraryHeadlessPreviewMixin.get_preview_signer()
    try:
        signer.unsign(token, max_age=settings.API_PREVIEW_TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise HttpError(403, _("The preview token has expired; press Preview again.")) from error
    except signing.BadSignature as error:
        raise HttpError(403, _("The preview token is not valid.")) from error
    stored = PagePreview.objects.filter(token=token).select_related("content_type").first()
    model = stored.content_type.model_class() if stored else None
    if model is None or not issubclass(model, HeadlessPreviewMixin) or not previewable(model):
        raise Http404
    if content_type is not None and content_type != model.get_content_type_str():
        raise Http404
    page = model.get_page_from_preview_token(token)
    if page is None or page.pk is None:
        raise Http404
    return page


def draft_payload(request, params):
    from .filters import check_parameters, selected_fields

    check_parameters(request, type(params))
    if params.content_type is not None or "=" in params.token:
        obj = library_draft(params.token, params.content_type)
        resource = previewable(type(obj))
    else:
        model, pk = read_token(params.token)
        resource = previewable(model)
        obj = model.objects.filter(pk=pk).first() if resource else None
        if obj is None:
            raise Http404
        obj = obj.get_latest_revision_as_object()
    fields = selected_fields(params.fields, resource.fields, resource.fields)
    return resource.item(request, obj, fields)
