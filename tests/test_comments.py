"""Comments on articles: who may post, moderation, modes per article, abuse resistance."""

from django.conf import settings
from django.contrib.auth.models import User
from django.shortcuts import resolve_url

import pytest

from articles.models import ArticleIndexPage, ArticlePage, CommentsMode
from comments.models import Comment
from tests.factories import make_article


@pytest.fixture
def article(demo):
    return ArticlePage.objects.get(slug="klastry", locale__language_code="pl")


@pytest.fixture
def reader(db):
    return User.objects.create_user("czytelniczka", "czytelniczka@example.com", "haslo-czytelniczki", first_name="Ala")


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


def set_mode(article, mode):
    ArticlePage.objects.filter(pk=article.pk).update(comments_mode=mode)
    article.refresh_from_db()


def post(client, article, body="Ciekawy artykuł.", **data):
    return client.post(f"/comments/{article.pk}/", {"body": body, **data})


def comments_section(client, article):
    html = client.get(article.url).content.decode()
    return html[html.index('<section id="comments"') :]


def test_anonymous_reader_sees_approved_comments_and_a_log_in_link_but_no_form(client, article, reader):
    Comment.objects.create(article=article, author=reader, body="Zatwierdzony głos", status=Comment.Status.APPROVED)
    section = comments_section(client, article)
    assert "Zatwierdzony głos" in section
    assert "Zaloguj się, aby skomentować" in section
    assert f"{resolve_url(settings.LOGIN_URL)}?next=" in section
    assert 'name="body"' not in section


def test_posting_requires_login(client, article):
    response = post(client, article)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert not Comment.objects.exists()


def test_comments_are_moderated_by_default_and_shown_once_approved(signed_in, article):
    response = post(signed_in, article, body="Mój pierwszy komentarz")
    assert response.status_code == 302
    assert response["Location"].endswith("#comments")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    section = comments_section(signed_in, article)
    assert "Mój pierwszy komentarz" not in section
    assert "po zatwierdzeniu przez redakcję" in section

    comment.status = Comment.Status.APPROVED
    comment.save()
    section = comments_section(signed_in, article)
    assert "Mój pierwszy komentarz" in section
    assert "Ala" in section
    assert "czytelniczka@example.com" not in section


def test_rejected_and_spam_comments_are_never_shown(client, article, reader):
    Comment.objects.create(article=article, author=reader, body="Odrzucony", status=Comment.Status.REJECTED)
    Comment.objects.create(article=article, author=reader, body="Kup tanio", status=Comment.Status.SPAM)
    section = comments_section(client, article)
    assert "Odrzucony" not in section
    assert "Kup tanio" not in section
    assert "(0)" in section


def test_open_article_shows_a_comment_at_once(signed_in, article):
    set_mode(article, CommentsMode.OPEN)
    post(signed_in, article, body="Od razu widoczny")
    assert Comment.objects.get().status == Comment.Status.APPROVED
    assert "Od razu widoczny" in comments_section(signed_in, article)


def test_closed_article_refuses_posts_and_keeps_approved_comments(signed_in, article, reader):
    Comment.objects.create(article=article, author=reader, body="Dawny głos", status=Comment.Status.APPROVED)
    set_mode(article, CommentsMode.CLOSED)
    response = post(signed_in, article, body="Spóźniony")
    assert response.status_code == 404
    assert Comment.objects.count() == 1
    section = comments_section(signed_in, article)
    assert "Dawny głos" in section
    assert "zamknięte" in section
    assert 'name="body"' not in section


def test_comment_count_counts_only_approved_comments(client, article, reader):
    for status in (Comment.Status.APPROVED, Comment.Status.APPROVED, Comment.Status.PENDING, Comment.Status.SPAM):
        Comment.objects.create(article=article, author=reader, body="Treść", status=status)
    assert '<span class="comment-count">(2)</span>' in comments_section(client, article)


def test_a_100_kb_comment_is_rejected_with_a_clear_error(signed_in, article):
    response = post(signed_in, article, body="a" * 100_000)
    assert response.status_code == 400
    assert "3000" in response.content.decode()
    assert not Comment.objects.exists()


def test_script_tags_are_stripped(signed_in, article):
    set_mode(article, CommentsMode.OPEN)
    post(signed_in, article, body='Dobre <script>alert("x")</script><b>artykuł</b>')
    assert Comment.objects.get().body == "Dobre artykuł"
    section = comments_section(signed_in, article)
    assert "<script>alert" not in section
    assert "Dobre artykuł" in section


@pytest.mark.parametrize("body", ["Dobry \u202eułkytra", "Dobry\x00 artykuł", "\u2067Dobry artykuł\u2069"])
def test_a_comment_with_control_characters_is_rejected_in_polish(signed_in, article, body):
    response = post(signed_in, article, body=body)
    assert response.status_code == 400
    assert "Pole zawiera niedozwolone znaki sterujące." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_comment_keeps_its_tabs_and_lines(signed_in, article):
    post(signed_in, article, body="Pierwsza linia.\r\n\tDruga linia.")
    assert Comment.objects.get().body == "Pierwsza linia.\r\n\tDruga linia."


def test_a_comment_of_nothing_but_markup_is_rejected(signed_in, article):
    response = post(signed_in, article, body="<script>alert(1)</script>")
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_honeypot_comment_is_silently_discarded(signed_in, article):
    response = post(signed_in, article, leave_empty="http://spam.example")
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_a_burst_of_50_comments_is_rate_limited(signed_in, article, settings):
    statuses = [post(signed_in, article, body=f"Komentarz {i}").status_code for i in range(50)]
    limit = settings.COMMENT_RATE_PER_USER[0]
    assert statuses.count(302) == limit
    assert statuses[limit:] == [429] * (50 - limit)
    assert Comment.objects.count() == limit
    limited = post(signed_in, article)
    assert "zbyt wiele komentarzy" in limited.content.decode().lower()


def test_rate_limit_per_ip_covers_several_accounts(client, article, settings):
    settings.COMMENT_RATE_PER_IP = (3, 3600)
    statuses = []
    for i in range(5):
        client.force_login(User.objects.create_user(f"konto{i}", password="x"))
        statuses.append(post(client, article, body=f"Z konta {i}").status_code)
    assert statuses == [302, 302, 302, 429, 429]


def test_unpublished_article_takes_no_comments(signed_in, demo):
    index = ArticleIndexPage.objects.get(locale__language_code="pl")
    draft = make_article(index, title="Szkic", slug="szkic", live=False)
    assert post(signed_in, draft).status_code == 404
    assert not Comment.objects.exists()


def test_approving_a_comment_refreshes_the_cached_page(client, article, reader, settings):
    settings.PAGE_CACHE_SECONDS = 300
    comment = Comment.objects.create(article=article, author=reader, body="Czeka na redakcję")
    client.get(article.url)
    assert client.get(article.url).get("X-Page-Cache") == "hit"
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert "Czeka na redakcję" in client.get(article.url).content.decode()


def test_editors_moderate_comments_in_bulk_in_the_admin(client, article, reader):
    from django.contrib.auth.models import Group

    pending = [Comment.objects.create(article=article, author=reader, body=f"Do oceny {i}") for i in range(2)]
    editor = User.objects.create_superuser("redaktor", "r@example.com", "x")
    client.force_login(editor)
    listing = client.get("/admin/snippets/comments/comment/?status=pending")
    assert listing.status_code == 200
    assert "Do oceny 0" in listing.content.decode()
    ids = "&".join(f"id={c.pk}" for c in pending)
    url = f"/admin/bulk/comments/comment/approve_comments/?{ids}"
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.APPROVED}
    assert Group.objects.exists()


def test_a_comment_opens_in_the_admin_with_its_status_editable(client, article, reader):
    comment = Comment.objects.create(article=article, author=reader, body="Do sprawdzenia")
    client.force_login(User.objects.create_superuser("moderatorka", "m@example.com", "x"))
    edit_url = f"/admin/snippets/comments/comment/edit/{comment.pk}/"
    page = client.get(edit_url)
    assert page.status_code == 200
    assert 'name="status"' in page.content.decode()
    response = client.post(edit_url, {"status": Comment.Status.SPAM})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.body) == (Comment.Status.SPAM, "Do sprawdzenia")


def test_english_article_posts_to_the_english_comment_url(signed_in, demo):
    english = ArticlePage.objects.get(slug="clusters", locale__language_code="en")
    section = comments_section(signed_in, english)
    assert f'action="/en/comments/{english.pk}/"' in section
    assert "Post comment" in section


def test_comments_awaiting_moderation_never_reach_search_or_the_api(client, article, reader):
    Comment.objects.create(article=article, author=reader, body="Niezatwierdzona uwaga o klastrach")
    for path in (
        "/szukaj/?q=Niezatwierdzona",
        "/api/articles/?search=Niezatwierdzona",
        f"/api/articles/{article.pk}/",
        "/sitemap.xml",
    ):
        assert "Niezatwierdzona uwaga" not in client.get(path).content.decode(), path


def test_comments_cannot_be_written_in_the_admin(client, demo):
    client.force_login(User.objects.create_superuser("redaktorka-naczelna", "n@example.com", "x"))
    assert client.get("/admin/snippets/comments/comment/add/").status_code in (302, 403)
    assert client.get("/admin/snippets/comments/comment/").status_code == 200
