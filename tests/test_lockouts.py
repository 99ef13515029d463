"""Every credential is throttled: admin and reader log-ins and page and document passwords lock after
AXES_FAILURE_LIMIT wrong passwords, per client address and per account or page, until the wait is
over or an administrator lifts the lock (Settings -> Log-in lock-outs)."""

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest

from articles.models import ArticlePage

pytestmark = pytest.mark.django_db

PASSWORD = "Tajne-haslo-redakcji-42"
LIMIT = 5


@pytest.fixture
def editor():
    user = User.objects.create_user("redaktorka", "r@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def administrator_client():
    client = Client()
    client.force_login(User.objects.create_superuser("szef", "szef@example.com", "x"))
    return client


def admin_login(client, password, **extra):
    return client.post("/admin/login/", {"username": "redaktorka", "password": password}, **extra)


def test_admin_login_locks_after_the_configured_failures_and_refuses_the_right_password(client, editor):
    for attempt in range(1, LIMIT + 1):
        response = admin_login(client, "zle")
        assert response.status_code == (429 if attempt == LIMIT else 200)
    response = admin_login(client, PASSWORD)
    assert response.status_code == 429
    assert "Zbyt wiele nieudanych prób" in response.content.decode()
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session
    # Another address guessing the same account is refused too.
    assert admin_login(Client(), PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429


def test_lifting_the_lock_in_the_admin_lets_the_editor_in(client, editor, administrator_client):
    for _ in range(LIMIT):
        admin_login(client, "zle")
    screen = administrator_client.get(reverse("cms_lockouts"))
    assert screen.status_code == 200
    html = screen.content.decode()
    assert "redaktorka" in html and "127.0.0.1" in html

    response = administrator_client.post(reverse("cms_lockouts"), {"kind": "account", "value": "redaktorka"})
    assert response.status_code == 302
    html = administrator_client.get(reverse("cms_lockouts")).content.decode()
    assert "Blokada redaktorka została zdjęta." in html
    assert "Żadna blokada nie obowiązuje." in html

    response = admin_login(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_only_administrators_see_and_lift_lockouts(client, editor, administrator_client):
    for _ in range(LIMIT):
        admin_login(Client(), "zle", REMOTE_ADDR="203.0.113.9")
    client.force_login(editor)
    assert client.get(reverse("cms_lockouts")).status_code == 302  # Wagtail's "no permission" redirect
    client.post(reverse("cms_lockouts"), {"kind": "address", "value": "203.0.113.9"})
    assert "203.0.113.9" in administrator_client.get(reverse("cms_lockouts")).content.decode()
    dashboard = administrator_client.get("/admin/").content.decode()
    assert reverse("cms_lockouts") in dashboard
    assert reverse("cms_lockouts") not in client.get("/admin/").content.decode()


def reader_login(client, username, password, forwarded):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_reader_lockout_is_per_client_behind_the_proxy_not_for_everyone(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    User.objects.create_user("jan@firma.example", "jan@firma.example", PASSWORD)
    for n in range(LIMIT):
        reader_login(Client(), f"ktos{n}@x.example", "zle", "203.0.113.5")
    assert reader_login(Client(), "ktos9@x.example", "zle", "203.0.113.5").status_code == 429

    response = reader_login(client, "jan@firma.example", PASSWORD, "198.51.100.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_forged_header_does_not_free_a_locked_out_reader(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    attacker = Client(REMOTE_ADDR="198.51.100.66")
    for n in range(LIMIT):
        attacker.post(reverse("accounts:login"), {"username": f"ktos{n}@x.example", "password": "zle"})
    response = attacker.post(
        reverse("accounts:login"),
        {"username": "ktos9@x.example", "password": "zle"},
        HTTP_X_FORWARDED_FOR="192.0.2.77",
    )
    assert response.status_code == 429


@pytest.fixture
def protected_article(demo):
    article = ArticlePage.objects.get(locale__language_code="pl", slug="klastry")
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="haslo-strony"
    )
    return article, restriction


def page_password(client, article, restriction, password, language="pl"):
    with translation.override(language):
        url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, article.pk])
    return client.post(url, {"password": password, "return_url": article.url})


def test_page_password_is_throttled_and_the_right_one_refused_while_locked(
    client, protected_article, administrator_client
):
    article, restriction = protected_article
    for attempt in range(1, LIMIT + 1):
        response = page_password(client, article, restriction, f"zgaduje-{attempt}")
        assert response.status_code == (429 if attempt == LIMIT else 200)
    response = page_password(client, article, restriction, "haslo-strony")
    assert response.status_code == 429
    assert "Zbyt wiele nieudanych prób" in response.content.decode()
    assert 'name="password"' in client.get(article.url).content.decode()  # still the password form
    assert f"Hasło strony „{article.title}”" in administrator_client.get(reverse("cms_lockouts")).content.decode()


def test_page_password_lock_holds_for_the_page_and_for_the_guessing_address(protected_article, demo):
    article, restriction = protected_article
    guesser = Client(REMOTE_ADDR="203.0.113.5")
    for attempt in range(LIMIT):
        page_password(guesser, article, restriction, f"zgaduje-{attempt}")
    # Guessing one page's password from many addresses gets nowhere either.
    assert page_password(Client(REMOTE_ADDR="198.51.100.7"), article, restriction, "haslo-strony").status_code == 429
    other = ArticlePage.objects.get(locale__language_code="en", slug="clusters")
    other_restriction = PageViewRestriction.objects.create(
        page=other, restriction_type=PageViewRestriction.PASSWORD, password="other"
    )
    assert page_password(guesser, other, other_restriction, "other").status_code == 429
    assert page_password(Client(REMOTE_ADDR="198.51.100.7"), other, other_restriction, "other").status_code == 302


def test_lockout_page_speaks_english_under_en(client, protected_article):
    article, restriction = protected_article
    for attempt in range(LIMIT):
        response = page_password(client, article, restriction, f"zgaduje-{attempt}", language="en")
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


def test_document_password_is_throttled(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    collection = Collection.get_first_root_node().add_child(name="Dla zarządu")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="haslo-zarzadu"
    )
    document = Document.objects.create(
        title="Protokół", file=ContentFile(b"%PDF-1.4", name="protokol.pdf"), collection=collection
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])
    for attempt in range(LIMIT):
        client.post(url, {"password": f"zgaduje-{attempt}", "return_url": document.url})
    assert client.post(url, {"password": "haslo-zarzadu", "return_url": document.url}).status_code == 429
