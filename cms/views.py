"""Site-wide plain responses: robots.txt, favicon.ico."""

from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .brand import brand


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /documents/",
        "Disallow: /*?*page=",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
@cache_control(max_age=86400, public=True)
def favicon_ico(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page links: the agency's icon when an
    editor has set one, else the one shipped with the site."""
    icon = brand(request)["icon"]
    if icon:
        return HttpResponseRedirect(icon["url"])
    return FileResponse(open(finders.find("favicon.ico"), "rb"), content_type="image/x-icon")  # noqa: SIM115
