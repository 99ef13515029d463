"""Every response carries a strict Content-Security-Policy, and no page needs more than it allows."""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from wagtail.embeds.blocks import EmbedValue
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.finders import get_finders
from wagtail.embeds.models import Embed

import pytest

from articles.models import ArticlePage
from cms.csp import ContentSecurityPolicyMiddleware
from home.models import HomePage
from registry.models import Offer
from tests.factories import make_article

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "frame-src": {"https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
    "base-uri": {"'self'"},
    "object-src": {"'none'"},
}
EVERY_PAGE_TYPE = {
    "home": "/",
    "home-en": "/en/",
    "article-index": "/aktualnosci/",
    "article": "/aktualnosci/klastry/",
    "article-en": "/en/news/clusters/",
    "rss": "/aktualnosci/rss/",
    "cluster-index": "/klastry/",
    "cluster-index-filtered": "/klastry/?voivodeship=kujawsko-pomorskie",
    "cluster": "/klastry/bydgoski-klaster-przemyslowy/",
    "company-list": "/baza-przedsiebiorstw/",
    "company": "/baza-przedsiebiorstw/metalplast-bydgoszcz/",
    "offer-list": "/baza-ofert/",
    "offer": "/baza-ofert/obrobka-cnc-krotkie-serie/",
    "service-list": "/baza-uslug/",
    "search": "/szukaj/?q=klaster",
    "search-suggest": "/szukaj/suggest/?q=klas",
    "newsletter": "/newsletter/",
    "signup": "/konto/rejestracja/",
    "login": "/konto/logowanie/",
    "password-reset": "/konto/nowe-haslo/",
    "api-list": "/api/articles/",
    "api-detail-by-slug": "/api/articles/by-slug/klastry/?locale=pl",
    "api-schema": "/api/openapi.json",
    "robots": "/robots.txt",
    "sitemap": "/sitemap.xml",
    "not-found": "/nie-ma-takiej-strony/",
    "healthz": "/healthz",
}


def policy(response):
    """The enforced policy of a response as {directive: {sources}}; fails when there is none."""
    assert "Content-Security-Policy" in response, f"no Content-Security-Policy on {response.status_code} answer"
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


class InlineCode(HTMLParser):
    """Collects whatever in a page a strict policy would block: inline scripts and styles, style
    attributes, event handler attributes and javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes and attributes.get("type") not in DATA_SCRIPT_TYPES:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")


# Data blocks are never executed, so no policy applies to them (JSON-LD, Swagger UI's settings).
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("path", EVERY_PAGE_TYPE.values(), ids=EVERY_PAGE_TYPE.keys())
def test_every_page_type_carries_the_strict_policy_and_needs_nothing_it_forbids(client, demo, path):
    response = client.get(path)
    assert response.status_code in (200, 404), response.status_code
    assert policy(response) == STRICT
    assert "Content-Security-Policy-Report-Only" not in response
    if response["Content-Type"].startswith("text/html"):
        assert inline_code(response.content.decode()) == []


def test_account_forms_and_the_interest_form_carry_the_strict_policy(client, demo):
    offer = Offer.objects.get(slug="obrobka-cnc-krotkie-serie", locale__language_code="pl")
    interest = client.get(reverse("accounts:interest", args=[offer.pk]))
    client.force_login(User.objects.create_user("ewa@firma.example", "ewa@firma.example", "Haslo-testowe-1"))
    for response in (
        interest,
        client.get(reverse("accounts:entries")),
        client.get(reverse("accounts:company_add")),
        # Without a company of their own, a representative is sent to add one first.
        client.get(reverse("accounts:offer_add"), follow=True),
    ):
        assert response.status_code == 200
        assert policy(response) == STRICT
        assert inline_code(response.content.decode()) == []


def test_pages_served_from_the_page_cache_carry_the_strict_policy(client, demo, settings):
    settings.PAGE_CACHE_SECONDS = 60
    for path in ("/", "/aktualnosci/klastry/", "/klastry/", "/szukaj/?q=klaster"):
        assert client.get(path)["X-Page-Cache"] == "miss"
        hit = client.get(path)
        assert hit["X-Page-Cache"] == "hit"
        assert policy(hit) == STRICT


def test_server_error_and_service_unavailable_pages_carry_the_strict_policy(client, demo, monkeypatch):
    from django.db import OperationalError

    failures = iter([RuntimeError("simulated failure"), OperationalError("database is restarting")])

    def broken(self, request, *args, **kwargs):
        raise next(failures)

    monkeypatch.setattr(HomePage, "get_context", broken)
    client.raise_request_exception = False
    for status in (500, 503):
        response = client.get("/")
        assert response.status_code == status
        assert policy(response) == STRICT
        assert inline_code(response.content.decode()) == []


def test_api_documentation_page_works_under_the_strict_policy_from_our_own_files(client):
    response = client.get("/api/")
    assert response.status_code == 200
    assert policy(response) == STRICT
    assert inline_code(response.content.decode()) == []
    assert "cdn" not in response.content.decode().lower()


ADMIN = {
    **STRICT,
    "script-src": {"'self'", "'unsafe-inline'"},
    "style-src": {"'self'", "'unsafe-inline'"},
    "img-src": {"'self'", "data:", "blob:"},
    "font-src": {"'self'", "data:"},
    "frame-src": STRICT["frame-src"] | {"'self'"},
    "frame-ancestors": {"'self'"},
}


def test_admin_login_and_dashboard_get_the_documented_looser_policy(client, admin_client):
    login = client.get("/admin/login/")
    assert login.status_code == 200
    assert policy(login) == ADMIN
    dashboard = admin_client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Wagtail" in dashboard.content.decode()
    assert policy(dashboard) == ADMIN


def test_a_preview_gets_the_admin_policy_so_that_the_preview_panel_can_frame_it(admin_client, demo):
    # Wagtail renders the page through the middleware for its public URL; the admin view returns it.
    seed = ArticlePage.objects.get(slug="klastry", locale__language_code="pl")
    response = admin_client.get(f"/admin/pages/{seed.pk}/view_draft/")
    assert response.status_code == 200
    assert "Klastry" in response.content.decode()
    assert policy(response) == ADMIN


def test_an_article_with_a_youtube_video_embeds_a_frame_the_policy_allows(client, site_tree):
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    # The oEmbed answer as Wagtail keeps it, so that the test asks no provider.
    Embed.objects.create(
        url=url,
        hash=get_embed_hash(url),
        type="video",
        html='<iframe width="200" height="113" src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed" '
        'title="Film" allowfullscreen></iframe>',
        provider_name="YouTube",
    )
    make_article(
        site_tree["sections"]["news"]["pl"], title="Z filmem", slug="z-filmem", body=[("embed", EmbedValue(url))]
    )
    response = client.get("/aktualnosci/z-filmem/")
    frame = re.search(r'<iframe[^>]* src="(https://[^/"]+)/', response.content.decode())
    assert frame, "the video is embedded"
    assert frame.group(1) in policy(response)["frame-src"]
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", True),
        ("https://vimeo.com/76979871", True),
        # Their embeds are scripts of the provider's, which the policy blocks.
        ("https://www.tiktok.com/@agencja/video/7000000000000000000", False),
        ("https://twitter.com/agencja/status/1", False),
    ],
)
def test_embeds_are_limited_to_the_providers_whose_frames_the_policy_allows(url, accepted):
    assert any(finder.accept(url) for finder in get_finders()) is accepted


@pytest.mark.parametrize(
    ("storage_options", "origin"),
    [
        ({"custom_domain": "media.agencja.example"}, "https://media.agencja.example"),
        (
            {"endpoint_url": "https://s3.waw.io.cloud.ovh.net", "addressing_style": "path"},
            "https://s3.waw.io.cloud.ovh.net",
        ),
    ],
)
def test_images_from_the_media_bucket_are_allowed_wherever_it_serves_them(settings, storage_options, origin):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "cms.storage.MediaStorage",
            "OPTIONS": {
                "bucket_name": "portal-media",
                "region_name": "waw",
                "querystring_auth": False,
                **storage_options,
            },
        },
    }
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("<p>Strona</p>"))
    response = middleware(RequestFactory().get("/"))
    assert policy(response)["img-src"] == {"'self'", "data:", origin}
    admin = middleware(RequestFactory().get("/admin/"))
    assert origin in policy(admin)["img-src"]


def test_no_report_only_policy_is_configured():
    # A report-only policy would let a regression through silently; this one is enforced.
    assert not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)


TEMPLATE_FOLDERS = [settings.BASE_DIR / "templates", *Path(settings.BASE_DIR).glob("*/templates")]


def test_no_template_of_ours_has_inline_script_style_or_handlers():
    offenders = []
    for folder in TEMPLATE_FOLDERS:
        if ".venv" in folder.parts or "node_modules" in folder.parts:
            continue
        for template in folder.rglob("*.html"):
            # The PDF's templates are read by WeasyPrint on the server, never by a browser.
            if "pdf" in template.name or "/pdf/" in template.as_posix():
                continue
            # E-mail is read by mail clients, where inline style is the only styling that holds; the
            # admin's preview of it is under the admin's policy.
            if "/email/" in template.as_posix():
                continue
            found = inline_code(template.read_text(encoding="utf-8"))
            offenders += [f"{template.relative_to(settings.BASE_DIR)}: {what}" for what in found]
    assert offenders == []
