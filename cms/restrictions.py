"""Who satisfies a view restriction: "private, for logged-in users" means agency staff, never a reader.

Anyone can sign up for a reader account (accounts/), so Wagtail's own meaning of a "login"
restriction, any signed-in user, would open private pages and documents to the public. Here a
"login" restriction is met only by staff: superusers and users who may open the admin. Editors
keep the choice they know (the privacy modal names it "for agency staff", locale/); the
restrictions saved before this rule name the staff groups (cms/migrations/0002). Wagtail still answers
anonymous visitors (its log-in page or password form); a signed-in reader gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from wagtail.models import BaseViewRestriction

# Wagtail's label of a "login" restriction in the page and collection privacy modals, reworded for
# editors by the project's catalogues (locale/en, locale/pl); named here so makemessages keeps it.
STAFF_ONLY_LABEL = gettext_lazy("Private, accessible to any logged-in users")


def is_staff(user):
    """Whether the user works for the agency: may open the admin, or is a superuser."""
    return user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def refuse_readers(restrictions, request):
    """Raise PermissionDenied when a signed-in reader asks for what a "login" restriction keeps for staff.

    Anonymous visitors are left to Wagtail's own check, which sends them to log in.
    """
    # The restrictions first: a public page or document asks nothing of the session.
    if not any(restriction.restriction_type == BaseViewRestriction.LOGIN for restriction in restrictions):
        return
    if request.user.is_authenticated and not is_staff(request.user):
        raise PermissionDenied
