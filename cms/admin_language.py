"""The admin in each editor's own language, where Wagtail fixes a language for everyone.

Wagtail 8 builds some labels with gettext() instead of gettext_lazy() when its modules load (the
moderator's "Comment" field, the "Home" and "Snippets" breadcrumbs of snippet screens, the
collection permissions of a group, the redirects' "Permanent" filter): the language active at
that moment (Polish, the default, in a fresh process) is then shown to every editor, English ones
included. `translate_admin_labels_per_request()` gives them lazy labels again, translated on each
request in its editor's language. Wagtail also turns a PermissionDenied into its "Sorry, you do
not have permission" message after leaving the editor's language: `AdminLanguageMiddleware`
makes the editor's language the request's own for the whole admin request.
"""

from django.conf import settings
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext_lazy

from wagtail.admin.forms.collections import GroupCollectionManagementPermissionFormSet
from wagtail.admin.menu import MenuItem
from wagtail.contrib.redirects.filters import RedirectsReportFilterSet
from wagtail.documents.forms import GroupDocumentPermissionFormSet
from wagtail.forms import TaskStateCommentForm
from wagtail.images.forms import GroupImagePermissionFormSet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.users.models import UserProfile

# Wagtail's own (codename, short label, long label) triples, with the msgids it uses.
COLLECTION_PERMISSION_LABELS = {
    GroupCollectionManagementPermissionFormSet: [
        ("add_collection", "Add", "Add collections"),
        ("change_collection", "Edit", "Edit collections"),
        ("delete_collection", "Delete", "Delete collections"),
    ],
    GroupImagePermissionFormSet: [
        ("add_image", "Add", "Add/edit images you own"),
        ("change_image", "Edit", "Edit any image"),
        ("choose_image", "Choose", "Select images in choosers"),
    ],
    GroupDocumentPermissionFormSet: [
        ("add_document", "Add", "Add/edit documents you own"),
        ("change_document", "Edit", "Edit any document"),
        ("choose_document", "Choose", "Select documents in choosers"),
    ],
}


def snippet_breadcrumbs_items(viewset):
    # Wagtail's own property, with lazy labels.
    breadcrumbs = [{"url": reverse_lazy("wagtailadmin_home"), "label": gettext_lazy("Home")}]
    if getattr(settings, "WAGTAILSNIPPETS_MENU_SHOW_ALL", False) or not viewset.get_menu_item_is_registered():
        breadcrumbs.append({"url": reverse_lazy("wagtailsnippets:index"), "label": gettext_lazy("Snippets")})
    return breadcrumbs


def translate_admin_labels_per_request():
    """Called from CmsConfig.ready(), before the admin's URLs (and so the snippet views) are built."""
    TaskStateCommentForm.base_fields["comment"].label = gettext_lazy("Comment")
    SnippetViewSet.breadcrumbs_items = property(snippet_breadcrumbs_items)
    for formset, labels in COLLECTION_PERMISSION_LABELS.items():
        # In place: the form's field labels read this same list.
        formset.permission_types[:] = [
            (codename, gettext_lazy(short), gettext_lazy(long)) for codename, short, long in labels
        ]
    permanent = RedirectsReportFilterSet.base_filters["is_permanent"]
    permanent.label = gettext_lazy("Type")
    permanent.extra["choices"] = ((True, gettext_lazy("Permanent")), (False, gettext_lazy("Temporary")))
    permanent.extra["empty_label"] = gettext_lazy("All")


class AdminLanguageMiddleware:
    """Under /admin/, the signed-in editor's preferred language for the whole request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if not request.path.startswith("/admin/") or user is None or not user.is_authenticated:
            return self.get_response(request)
        language = UserProfile.get_for_user(user).get_preferred_language()
        with translation.override(language):
            request.LANGUAGE_CODE = language
            return self.get_response(request)


def translations_report_in_editors_language(request, menu_items):
    """wagtail-localize labels its Reports → Translations item with gettext() when the menu is first
    built, so every editor saw the first request's language; a copy with a lazy label replaces it."""
    url = reverse("wagtail_localize:translations_report")
    menu_items[:] = [
        MenuItem(gettext_lazy("Translations"), url, name=item.name, icon_name=item.icon_name, order=item.order)
        if item.url == url
        else item
        for item in menu_items
    ]
