"""Permission policies the platform's admin screens share."""

from wagtail.permission_policies import ModelPermissionPolicy


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """For a record of what happened (outgoing e-mail, webhook deliveries): it can be looked at,
    never added, changed or deleted."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)
