"""Image renditions a client chooses (`?renditions=width-400|format-webp,width-800`) from an allowlist.

Only the filter specs of API_IMAGE_RENDITIONS are made on request: each one is a file the server
generates and keeps, so a client may not ask for any size it likes. AVIF ones are offered only
where Pillow can write AVIF.
"""

import functools

from django.conf import settings
from django.utils.translation import gettext as _

from ninja import Field, Schema
from ninja.errors import HttpError
from PIL import features

SPEC_LIST = r"^[-a-z0-9|]+(,[-a-z0-9|]+)*$"


@functools.cache
def offered_specs():
    avif = features.check("avif")
    return tuple(spec for spec in settings.API_IMAGE_RENDITIONS if avif or "format-avif" not in spec)


class RenditionParams(Schema):
    renditions: str | None = Field(
        None,
        max_length=500,
        pattern=SPEC_LIST,
        description="Comma-separated image renditions (Wagtail filter specs) to add to every image of the "
        "answer as `chosen_renditions`, e.g. for a `srcset`. Offered: "
        + ", ".join(f"`{spec}`" for spec in offered_specs())
        + ".",
    )


def chosen_specs(request):
    """The renditions a request asks for, in its order; 400 naming any spec that is not offered."""
    value = request.GET.get("renditions") if request is not None else None
    if not value:
        return ()
    specs = tuple(dict.fromkeys(value.split(",")))
    unknown = [spec for spec in specs if spec not in offered_specs()]
    if unknown:
        raise HttpError(
            400,
            _("Unknown rendition(s): %(unknown)s. Renditions offered: %(offered)s.")
            % {"unknown": ", ".join(unknown), "offered": ", ".join(offered_specs())},
        )
    return specs
