"""The site's URLs plus /bench/trivial/, the ceiling every page is compared with, and /bench/frame/."""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from cms.urls import urlpatterns as site_urlpatterns


# The smallest answer Django gives through the site's whole middleware stack. never_cache keeps
# it out of the page cache: with the cache on it pays the lookup every page pays, then renders.
@never_cache
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


# The site frame and nothing else: base.html (head, header with navigation and language links,
# footer) with an empty content block, no page and no query. What every page of the site costs
# before it shows anything of its own; bench/pages.py reports it as a floor, not as a target.
@never_cache
def frame(request):
    return TemplateResponse(request, "base.html", {})


urlpatterns = [path("bench/trivial/", trivial), path("bench/frame/", frame), *site_urlpatterns]
