"""The site's URLs plus /bench/trivial/, the ceiling every page is compared with."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from cms.urls import urlpatterns as site_urlpatterns


# The smallest answer Django gives through the site's whole middleware stack. never_cache keeps
# it out of the page cache: with the cache on it pays the lookup every page pays, then renders.
@never_cache
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *site_urlpatterns]
