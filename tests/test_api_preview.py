"""Headless previews: drafts reach a downstream site only with a short-lived token issued in the admin."""

import time
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import signing

import pytest

from api.preview import SALT, issue_token
from articles.models import ArticleIndexPage, ArticlePage
from registry.models import Company, Sector
from tests.factories import CompanyFactory, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(demo):
    return ArticleIndexPage.objects.get(locale__language_code="pl")


@pytest.fixture
def article_with_draft(news):
    """A published article whose latest revision (a draft) has a new title."""
    article = make_article(news, title="Tytuł opublikowany", slug="z-wersja-robocza")
    article = ArticlePage.objects.get(pk=article.pk)
    article.title = "Tytuł w wersji roboczej"
    article.save_revision()
    return article


@pytest.fixture
def editor(demo):
    user = get_user_model().objects.create_user("redaktor-podglad", "redaktor@example.com", "x")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def token_url(obj):
    return f"/admin/api-preview-token/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/"


def preview(client, token, **params):
    return client.get("/api/preview/", {"token": token, **params})


def test_editor_gets_a_token_that_serves_the_latest_draft(client, editor, article_with_draft):
    client.force_login(editor)
    issued = client.get(token_url(article_with_draft))
    assert issued.status_code == 200
    assert {"private", "no-store"} <= {part.strip() for part in issued["Cache-Control"].split(",")}
    data = issued.json()
    assert data["expires_in"] == 600
    address = urlsplit(data["preview_url"])
    assert address.path == "/api/preview/"
    assert parse_qs(address.query) == {"token": [data["token"]]}
    client.logout()

    public = client.get(f"/api/articles/{article_with_draft.pk}/").json()
    assert public["title"] == "Tytuł opublikowany"
    draft = preview(client, data["token"])
    assert draft.status_code == 200
    assert draft.json()["title"] == "Tytuł w wersji roboczej"
    assert draft.json()["type"] == "article"
    assert draft["Cache-Control"] == "private, no-store"
    assert "ETag" not in draft


def test_never_published_page_is_previewed_but_not_served(client, news):
    draft = make_article(news, title="Jeszcze nie", slug="jeszcze-nie", live=False)
    assert client.get(f"/api/articles/{draft.pk}/").status_code == 404
    shown = preview(client, issue_token(draft), fields="title,url")
    assert shown.status_code == 200
    assert shown.json()["title"] == "Jeszcze nie"
    assert set(shown.json()) == {"id", "type", "api_url", "locale", "title", "url"}


def test_a_draft_shows_its_own_tags_and_readers_keep_the_published_ones(client, news):
    # Lists and pages read tags with the article; a draft holds the tags being edited in memory.
    article = make_article(news, title="Artykuł z tagami", slug="z-tagami")
    article = ArticlePage.objects.get(pk=article.pk)
    article.tags.add("opublikowany")
    article.save_revision().publish()
    article = ArticlePage.objects.get(pk=article.pk)
    article.tags.set(["roboczy", "drugi"])
    article.save_revision()

    assert preview(client, issue_token(article), fields="tags").json()["tags"] == ["drugi", "roboczy"]
    assert client.get(f"/api/articles/{article.pk}/").json()["tags"] == ["opublikowany"]
    listed = client.get("/api/articles/", {"locale": "pl", "fields": "tags", "limit": 100}).json()["items"]
    assert next(item["tags"] for item in listed if item["id"] == article.pk) == ["opublikowany"]
    page = client.get("/aktualnosci/z-tagami/").content.decode()
    assert 'rel="tag">opublikowany</a>' in page
    assert "roboczy" not in page


def test_company_draft_is_previewed(client, editor, site_tree):
    company = CompanyFactory(name="Firma przed zmianą")
    company = Company.objects.get(pk=company.pk)
    company.name = "Firma po zmianie"
    company.save_revision()
    client.force_login(editor)
    token = client.get(token_url(company)).json()["token"]
    assert preview(client, token).json()["name"] == "Firma po zmianie"
    assert client.get(f"/api/companies/{company.pk}/").json()["name"] == "Firma przed zmianą"


def test_expired_token_is_refused(client, article_with_draft, monkeypatch):
    issued_at = time.time() - 11 * 60
    monkeypatch.setattr(signing.time, "time", lambda: issued_at)
    token = issue_token(article_with_draft)
    monkeypatch.undo()
    response = preview(client, token)
    assert response.status_code == 403
    assert "expired" in response.json()["detail"]


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: signing.dumps({"model": "articles.articlepage", "pk": 1}, salt="another.salt"),
        lambda token: signing.dumps({"model": "articles.articlepage", "pk": 1}, salt=SALT, key="x" * 50),
        lambda token: "not-a-token",
    ],
)
def test_forged_token_is_refused(client, article_with_draft, forge):
    response = preview(client, forge(issue_token(article_with_draft)))
    assert response.status_code == 403
    assert "not valid" in response.json()["detail"]


def test_without_a_token_no_draft_is_served(client, demo):
    response = client.get("/api/preview/")
    assert response.status_code == 400
    assert "token" in response.json()["detail"]


def test_token_for_content_without_drafts_is_not_served(client, demo):
    sector = Sector.objects.first()
    token = signing.dumps({"model": "registry.sector", "pk": sector.pk}, salt=SALT)
    assert preview(client, token).status_code == 404


def test_only_users_who_may_edit_get_a_token(client, article_with_draft, demo):
    assert client.get(token_url(article_with_draft)).status_code == 302  # to the admin login
    reader = get_user_model().objects.create_user("czytelnik", "czytelnik@example.com", "x")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    for obj in (article_with_draft, CompanyFactory()):
        refused = client.get(token_url(obj))
        # Wagtail's admin turns "permission denied" into a redirect to the dashboard with a message.
        assert (refused.status_code, refused["Location"]) == (302, "/admin/")


def test_token_is_only_issued_for_previewable_content(client, editor, demo):
    client.force_login(editor)
    assert client.get(token_url(Sector.objects.first())).status_code == 404
    assert client.get("/admin/api-preview-token/nope/nothing/1/").status_code == 404


def test_edit_views_offer_the_token(client, editor, article_with_draft):
    client.force_login(editor)
    page = client.get(f"/admin/pages/{article_with_draft.pk}/edit/").content.decode()
    assert token_url(article_with_draft) in page
    company = CompanyFactory()
    snippet = client.get(f"/admin/snippets/registry/company/edit/{company.pk}/").content.decode()
    assert token_url(company) in snippet
