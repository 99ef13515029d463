"""Staff accounts for admin tests: an editor or a moderator working in a given admin language."""

from django.contrib.auth.models import Group, User

from wagtail.users.models import UserProfile


def log_in_staff(client, group="Editors", language="pl"):
    user = User.objects.create_user(f"{group.lower()}-{language}", f"{group.lower()}-{language}@example.com", "x")
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return user
