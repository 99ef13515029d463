"""Preview in the admin shows the downstream site's preview page, which fetches that very draft from the API."""

import html
import re
import time
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from articles.models import ArticleIndexPage, ArticlePage
from tests.factories import make_article

pytestmark = pytest.mark.django_db

FRONT_END = "https://strona.example.org/podglad"


@pytest.fixture
def front_end(settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": FRONT_END}, "ENFORCE_TRAILING_SLASH": False}


@pytest.fixture
def no_front_end(settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {}}


@pytest.fixture
def article(demo):
    news = ArticleIndexPage.objects.get(locale__language_code="pl")
    return ArticlePage.objects.get(pk=make_article(news, title="Tytuł opublikowany", slug="podglad-zewnetrzny").pk)


@pytest.fixture
def editor_client(client, demo):
    user = get_user_model().objects.create_user("redaktor-frontu", "redaktor-frontu@example.com", "x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def article_form(page, title):
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "lead": page.lead,
            "date": page.date.isoformat(),
            "author": "",
            "tags": "",
            "header_image": "",
            "header_image_alt": "",
            "body": streamfield([]),
            "related_clusters": inline_formset([]),
            "comments_mode": page.comments_mode,
            "comments": inline_formset([]),
        }
    )


def press_preview(client, page, title):
    """What the admin's preview panel shows for the edit form with a new title (nothing is saved)."""
    url = f"/admin/pages/{page.pk}/edit/preview/"
    stored = client.post(url, article_form(page, title))
    assert stored.json()["is_valid"], stored.content
    return client.get(url, {"in_preview_panel": "true"})


def framed_address(response):
    frame = re.search(r'<iframe src="([^"]+)"', response.content.decode())
    assert frame, response.content.decode()[:500]
    return urlsplit(html.unescape(frame.group(1)))


def draft_from_front_end(client, address):
    """What the downstream page gets when it passes its own query string on to /api/preview/."""
    params = {name: values[0] for name, values in parse_qs(address.query).items()}
    return client.get("/api/preview/", params)


def test_preview_shows_the_front_end_page_with_a_token_for_the_draft(editor_client, front_end, article):
    shown = press_preview(editor_client, article, "Tytuł w podglądzie")

    assert shown.status_code == 200
    address = framed_address(shown)
    assert f"{address.scheme}://{address.netloc}{address.path}" == FRONT_END
    params = parse_qs(address.query)
    assert params["content_type"] == ["articles.articlepage"]
    assert params["token"][0]


def test_front_end_gets_the_previewed_draft_and_readers_the_live_page(client, editor_client, front_end, article):
    address = framed_address(press_preview(editor_client, article, "Tytuł w podglądzie"))
    editor_client.logout()

    draft = draft_from_front_end(client, address)

    assert draft.status_code == 200
    assert draft.json()["id"] == article.pk
    assert draft.json()["title"] == "Tytuł w podglądzie"
    assert draft["Cache-Control"] == "private, no-store"
    assert client.get(f"/api/articles/{article.pk}/").json()["title"] == "Tytuł opublikowany"


def test_forged_front_end_token_is_refused(client, editor_client, front_end, article):
    address = framed_address(press_preview(editor_client, article, "Tytuł w podglądzie"))
    token = parse_qs(address.query)["token"][0]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    for params in (
        {"content_type": "articles.articlepage", "token": forged},
        {"content_type": "articles.articlepage", "token": f"id={article.pk}:1abcde:AAAAAAAAAAAAAAAAAAAAAA"},
        {"token": forged},
    ):
        response = client.get("/api/preview/", params)
        assert response.status_code == 403
        assert "not valid" in response.json()["detail"]


def test_expired_front_end_token_is_refused(client, editor_client, front_end, article, monkeypatch):
    issued_at = time.time() - 11 * 60
    monkeypatch.setattr(signing.time, "time", lambda: issued_at)
    address = framed_address(press_preview(editor_client, article, "Tytuł w podglądzie"))
    monkeypatch.undo()

    response = draft_from_front_end(client, address)

    assert response.status_code == 403
    assert "expired" in response.json()["detail"]


def test_front_end_token_with_another_content_type_serves_nothing(client, editor_client, front_end, article):
    address = framed_address(press_preview(editor_client, article, "Tytuł w podglądzie"))
    token = parse_qs(address.query)["token"][0]

    response = client.get("/api/preview/", {"content_type": "clusters.clusterpage", "token": token})

    assert response.status_code == 404


def test_validly_signed_token_never_handed_out_serves_nothing(client, front_end, article):
    token = ArticlePage.get_preview_signer().sign(f"id={article.pk}")

    response = client.get("/api/preview/", {"content_type": "articles.articlepage", "token": token})

    assert response.status_code == 404


def test_without_a_front_end_preview_shows_the_site_page(editor_client, no_front_end, article):
    shown = press_preview(editor_client, article, "Tytuł w podglądzie")

    assert shown.status_code == 200
    page = shown.content.decode()
    assert "Tytuł w podglądzie" in page
    assert "strona.example.org" not in page
    assert "content_type=" not in page
