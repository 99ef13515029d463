"""Editors' profile pictures, served to signed-in staff through the admin.

Wagtail links an uploaded avatar at the media storage. In the bucket only image folders are public
(cms/storage.py) and links are unsigned, so an avatar's link answered 403: a broken image. An
editor's photo is personal data, so rather than publishing the folder, the admin serves it after
its own access check. Without an upload (and with Gravatar off) Wagtail shows its default avatar
from the static files.
"""

import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from wagtail import hooks
from wagtail.users.models import UserProfile


def avatar(request, user_id):
    profile = get_object_or_404(UserProfile, user_id=user_id)
    if not profile.avatar:
        raise Http404
    content_type = mimetypes.guess_type(profile.avatar.name)[0] or "application/octet-stream"
    response = FileResponse(profile.avatar.open("rb"), content_type=content_type)
    # The file name changes with each upload, and the link with it (?v=), so browsers may keep it.
    response["Cache-Control"] = "private, max-age=86400"
    return response


@hooks.register("register_admin_urls")
def register_avatar_url():
    return [path("avatar/<int:user_id>/", avatar, name="cms_avatar")]


@hooks.register("get_avatar_url")
def admin_served_avatar(user, size):
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is None or not profile.avatar:
        return None
    return f"{reverse('cms_avatar', args=[user.pk])}?v={profile.avatar.name.rsplit('/', 1)[-1]}"
