"""The request's site and the route to its page from the shared cache, instead of three queries
(see home/routing.py)."""

from django.http import Http404
from django.http.request import split_domain_port

from wagtail import views as wagtail_views
from wagtail.models import Site

from .page_cache import current_version, remember
from .site_frame import site_frame

NO_SITE = "none"  # cached for a host no site answers, so that it costs no query either


def cached_site(request):
    """Wagtail's Site.find_for_request, from the shared cache."""
    hostname, port = split_domain_port(request._get_raw_host())[0], request.get_port()

    def find():
        return Site._find_for_request(request) or NO_SITE

    site = remember("site-for-host", (hostname, port), find, generation=current_version(), timeout=3600)
    return None if site == NO_SITE else site


class SiteRoutingMiddleware:
    """Gives Wagtail's page serving view the request's site and route from the shared cache.

    Wagtail reads both from the request when they are there (`request._wagtail_site`,
    `request._wagtail_route_for_request`): this only fills them in, the way Wagtail would. Other
    views (the admin, the API, the sitemap) are left alone and cost nothing here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve:
            return None
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = cached_site(request)
        if request._wagtail_site is None:
            return None
        frame = site_frame(request)
        home = frame and frame["home"].get("page")
        if home is not None:
            path = view_args[0] if view_args else view_kwargs.get("path", "")
            try:
                request._wagtail_route_for_request = home.route(request, [part for part in path.split("/") if part])
            except Http404:
                request._wagtail_route_for_request = None
        return None
