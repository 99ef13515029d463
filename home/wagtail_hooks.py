"""The dashboard's reminder of the accessibility statement's yearly review."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from .legal import AccessibilityStatementPage


class AccessibilityReviewPanel(Component):
    """Tells editors which accessibility statements are due for their yearly review (or overdue)."""

    name = "accessibility_review"
    template_name = "home/admin/accessibility_review_panel.html"
    order = 90  # above Wagtail's own panels: a legal deadline

    def __init__(self, statements):
        self.statements = statements

    def get_context_data(self, parent_context):
        return {"statements": self.statements}


def statements_due_for_review(user):
    statements = AccessibilityStatementPage.objects.select_related("locale").order_by("locale__language_code")
    return [
        statement
        for statement in statements
        if statement.review_is_due() and statement.permissions_for_user(user).can_edit()
    ]


@hooks.register("construct_homepage_panels")
def add_accessibility_review_panel(request, panels):
    statements = statements_due_for_review(request.user)
    if statements:
        panels.append(AccessibilityReviewPanel(statements))
