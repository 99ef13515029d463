"""Comment moderation in the admin: a filtered list with approve, reject and spam as bulk actions."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Comment


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Comments come from readers on the site: editors moderate them but never write one in the admin."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [action for action in actions if action != "add"])


register_permission_policy(Comment, CommentPermissionPolicy(Comment))


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = _("Comments")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["__str__", "article", "author", "status", "created_at"]
    list_filter = ["status", "created_at"]
    list_export = []
    search_fields = ["body"]
    search_backend_name = None  # ORM search: comments are kept out of the site's search index
    ordering = ["-created_at"]


register_snippet(CommentViewSet)


class SetCommentStatusBulkAction(SnippetBulkAction):
    """Sets the chosen comments' status; one subclass per moderation decision."""

    models = [Comment]
    template_name = "comments/admin/confirm_bulk_status.html"
    status = None

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "change", obj)

    @classmethod
    def execute_action(cls, objects, **kwargs):
        for comment in objects:
            if comment.status != cls.status:
                comment.status = cls.status
                comment.save(update_fields=["status"])  # save() rather than update(): the page cache listens
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d comment updated.", "%(count)d comments updated.", num_parent_objects) % {
            "count": num_parent_objects
        }


@hooks.register("register_bulk_action")
class ApproveCommentsBulkAction(SetCommentStatusBulkAction):
    display_name = _("Approve")
    action_type = "approve_comments"
    aria_label = _("Approve the selected comments")
    status = Comment.Status.APPROVED
    action_priority = 10


@hooks.register("register_bulk_action")
class RejectCommentsBulkAction(SetCommentStatusBulkAction):
    display_name = _("Reject")
    action_type = "reject_comments"
    aria_label = _("Reject the selected comments")
    status = Comment.Status.REJECTED
    action_priority = 20


@hooks.register("register_bulk_action")
class MarkCommentsAsSpamBulkAction(SetCommentStatusBulkAction):
    display_name = _("Mark as spam")
    action_type = "mark_comments_as_spam"
    aria_label = _("Mark the selected comments as spam")
    status = Comment.Status.SPAM
    action_priority = 25
