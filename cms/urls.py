from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views.serve import authenticate_with_password as document_password
from wagtail.documents.views.serve import serve as serve_document

from accounts import urls as accounts_urls
from api.graphql.views import graphql_view

from .api import api
from .lockouts import PROTECTED_COLLECTION, PROTECTED_PAGE, throttled_password
from .routing import serve
from .sitemap import PortalSitemap
from .views import favicon_ico, robots_txt

# A database outage answers 503 with Retry-After; any other failure the 500 page.
handler500 = "cms.errors.server_error"

# Admin, API and documents stay outside i18n_patterns: their URLs must not change with the language.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's download view, marked private: a CDN that caches files by extension (Cloudflare
    # keeps PDFs) must never hand a restricted document to the next reader.
    re_path(r"^documents/(\d+)/(.*)$", cache_control(private=True)(serve_document), name="wagtaildocs_serve"),
    # Wagtail's password forms, wrapped: wrong passwords are counted and locked like wrong log-ins.
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        throttled_password(document_password, PROTECTED_COLLECTION, "restriction_id"),
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", api.urls),
    path("graphql/", graphql_view, name="graphql"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PortalSitemap}}),
    path("robots.txt", robots_txt),
    path("favicon.ico", favicon_ico),
    # Links in newsletter e-mails: stable whatever the language (the page itself lives in the page tree).
    path("newsletter/", include("newsletter.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Polish at the root, every other language under its prefix (/en/).
urlpatterns += i18n_patterns(
    path(accounts_urls.URL_PREFIX, include(accounts_urls)),
    path("comments/", include("comments.urls")),
    # Wagtail's page view, routed from the site frame (cms/routing.py); Wagtail's own URLs under
    # _util/, its page-password form wrapped so that wrong passwords are counted like wrong log-ins.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", serve, name="wagtail_serve"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttled_password(wagtail_views.authenticate_with_password, PROTECTED_PAGE, "page_view_restriction_id"),
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
