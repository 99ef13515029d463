"""Content-Security-Policy on every response: strict for readers and the API, looser for Wagtail's admin.

The public policy is `CONTENT_SECURITY_POLICY` in the settings: no inline script or style at all,
so no nonce either, which a whole-page cache could not carry (cms/page_cache.py replays one
rendered page to every reader). Everything the site runs or styles is a static file. This
middleware sits outside the page cache, so a page served from it gets the header of the release
that serves it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import storages

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

# Wagtail's admin (and the previews it draws in an iframe of its own, under /admin/) has inline
# scripts and style attributes of its own, shows images as data: and blob: URLs while uploading,
# and previews embeds in the editor. It is for signed-in editors only and never cached.
ADMIN_PREFIX = "/admin/"
ADMIN_ADDITIONS = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    # The preview panel is an iframe of an admin URL.
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}


def media_origin():
    """The origin media files are linked at when it is not the site's own (an S3 bucket, a CDN), else None.

    Asked of the media storage itself, so that whatever decides its URLs (AWS_S3_CUSTOM_DOMAIN,
    the endpoint, the addressing style, an absolute MEDIA_URL) decides the policy too.
    """
    parts = urlsplit(storages["default"].url("images/policy.png"))
    if not parts.netloc:
        return None
    return f"{parts.scheme or 'https'}://{parts.netloc}"


def with_sources(directives, extra):
    """`directives` with the sources in `extra` added to the directives it names (once each); an
    added source replaces 'none', which must stand alone."""
    merged = dict(directives)
    for name, sources in extra.items():
        kept = [source for source in merged.get(name, ()) if source != NONE]
        merged[name] = list(dict.fromkeys([*kept, *sources]))
    return merged


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the policy by path: the settings' one, or the admin's under /admin/.

    A view's own `@csp_replace` or `@csp_update` still applies on top; media on another origin
    are allowed as images everywhere.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        public = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
        origin = media_origin()
        if origin:
            public = with_sources(public, {"img-src": [origin]})
        self.public = public
        # The admin keeps every source the public policy allows (media, embed providers) and adds its own.
        self.admin = with_sources(public, ADMIN_ADDITIONS)

    def policy_for(self, path):
        return self.admin if path.startswith(ADMIN_PREFIX) else self.public

    def process_response(self, request, response):
        # A preview is rendered through the middleware with a dummy request for the page's public
        # URL, which Wagtail marks `is_dummy` for middleware to tell; the admin view that returns
        # it then gets the admin's policy, which lets the preview panel frame it.
        if getattr(request, "is_dummy", False):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None:
            parts.config = self.policy_for(request.path_info)
        return parts
