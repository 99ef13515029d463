"""The request's site and the route to its page from the shared cache, instead of three queries
(see home/routing.py)."""

from django.http import Http404

from wagtail import views as wagtail_views

from .site_frame import cached_site, site_frame


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
        if cached_site(request) is None:
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
