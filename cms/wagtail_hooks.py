"""Admin wiring of the platform (Settings -> Log-in lock-outs), view restrictions as the portal means
them (cms/restrictions.py) and links to documents only where readers may open them (cms/documents.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import avatars  # noqa: F401 (profile pictures served through the admin)
from .admin_language import translations_report_in_editors_language
from .admin_views import LIFT_PERMISSION, LockoutsView
from .documents import PublicDocumentLinkHandler
from .outbox_admin import register_outgoing_mail_viewset  # noqa: F401 (Settings → Outgoing e-mail)
from .restrictions import refuse_readers
from .translation_status import publish_page_naming_untranslated, publish_snippet_naming_untranslated


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(LIFT_PERMISSION)


@hooks.register("register_admin_urls")
def register_lockouts_url():
    return [path("lockouts/", LockoutsView.as_view(), name="cms_lockouts")]


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return LockoutsMenuItem(_("Log-in lock-outs"), reverse("cms_lockouts"), icon_name="lock", order=900)


# Before wagtail-localize's own hooks (order 0), whose publish of a translation they run and follow.
hooks.register("construct_reports_menu", translations_report_in_editors_language)
hooks.register("before_edit_page", publish_page_naming_untranslated, order=-1)
hooks.register("before_edit_snippet", publish_snippet_naming_untranslated, order=-1)


@hooks.register("before_serve_page")
def staff_only_pages(page, request, serve_args, serve_kwargs):
    # Before Wagtail's own check (an on_serve_page wrapper), which lets any signed-in user through.
    refuse_readers(page.get_view_restrictions(), request)


@hooks.register("before_serve_document")
def staff_only_documents(document, request):
    refuse_readers(document.collection.get_view_restrictions(), request)


# After wagtail.documents' own hook, whose handler for the "document" link type this replaces.
@hooks.register("register_rich_text_features", order=1)
def link_only_public_documents(features):
    features.register_link_type(PublicDocumentLinkHandler)
