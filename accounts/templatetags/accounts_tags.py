"""The participation links and forms that other apps' templates show."""

from django import template

from ..forms import InterestForm

register = template.Library()


@register.inclusion_tag("accounts/includes/interest_form.html", takes_context=True)
def interest_form(context, offer):
    """The "Express interest" form for a published offer's page (not for previews of unsaved drafts)."""
    if not offer.pk or not offer.live:
        return {"offer": None}
    return {"offer": offer, "form": InterestForm(auto_id="interest_%s"), "request": context.get("request")}
