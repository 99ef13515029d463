"""The account area: its home, password and e-mail changes, a copy of the account's data, and closing it."""

import json
import time
import types

from django.apps import apps
from django.contrib.auth.models import User
from django.core import mail, signing
from django.db import models
from django.db.models.functions import Cast
from django.test import Client
from django.urls import reverse
from django.utils import translation

from wagtail.models import Revision

import pytest
from axes.models import AccessAttempt

from accounts.email_change import EMAIL_CHANGE_SALT
from accounts.models import Interest
from articles.models import ArticlePage
from cms.models import OutgoingMail
from comments.models import Comment
from demo.scale import synthetic_nip, synthetic_regon
from newsletter.models import Consent, Subscriber
from registry.models import Company, Offer
from tests.factories import CompanyFactory, OfferFactory
from tests.test_accounts import PASSWORD, link_in
from tests.test_submissions import add_company, add_offer

pytestmark = pytest.mark.django_db

ADDRESS = "ola@firma.example"
NEW_PASSWORD = "Pierogi-z-serem-2026"


@pytest.fixture
def reader(client):
    user = User.objects.create_user(ADDRESS, ADDRESS, PASSWORD, first_name="Ola", last_name="Zawieruszanka")
    client.force_login(user)
    return user


@pytest.fixture
def send_mail(django_capture_on_commit_callbacks):
    """Run the on-commit hooks of a request, so that its queued e-mails reach mail.outbox."""

    def post(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def can_log_in(address, password):
    """Through the log-in form, as a reader does (django-axes wants the request)."""
    response = Client().post(reverse("accounts:login"), {"username": address, "password": password})
    return response.status_code == 302


def messages_to(address):
    return [message for message in mail.outbox if address in message.to]


# The account's home


@pytest.mark.parametrize("language", ["pl", "en"])
def test_account_home_greets_the_signed_in_reader_and_links_every_action(client, reader, language):
    with translation.override(language):
        home = reverse("accounts:home")
        links = [
            reverse(name)
            for name in (
                "accounts:entries",
                "accounts:company_add",
                "accounts:offer_add",
                "accounts:password_change",
                "accounts:email_change",
                "accounts:data_download",
                "accounts:close",
            )
        ]
    response = client.get(home)
    assert response.status_code == 200
    html = response.content.decode()
    assert ADDRESS in html
    for link in links:
        assert f'href="{link}"' in html


def test_account_home_is_polish_at_the_root_and_english_under_en(client, reader):
    assert "Moje konto" in client.get("/konto/").content.decode()
    assert "My account" in client.get("/en/account/").content.decode()


@pytest.mark.parametrize("url", ["/konto/", "/en/account/"])
def test_anonymous_visitor_is_sent_to_log_in_and_back(client, url):
    response = client.get(url)
    assert response.status_code == 302
    login = "/en/account/log-in/" if url.startswith("/en/") else "/konto/logowanie/"
    assert response["Location"] == f"{login}?next={url}"


def test_my_entries_links_back_to_the_account_home(client, reader):
    assert 'href="/konto/"' in client.get(reverse("accounts:entries")).content.decode()


# Change the password


def test_a_wrong_current_password_is_refused_in_polish_and_changes_nothing(client, reader):
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "zgadywane", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Hasło jest nieprawidłowe." in response.content.decode()
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)


def test_a_weak_new_password_is_refused_by_the_validators(client, reader):
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)


def test_a_changed_password_keeps_the_session_replaces_the_old_one_and_tells_the_owner(client, reader, send_mail):
    response = send_mail(
        client,
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/konto/").status_code == 200  # still logged in
    assert can_log_in(ADDRESS, NEW_PASSWORD)
    assert not can_log_in(ADDRESS, PASSWORD)
    [notice] = messages_to(ADDRESS)
    assert notice.subject == "Hasło zostało zmienione"


def test_wrong_current_passwords_lock_the_account_like_wrong_log_ins(client, reader):
    data = {"old_password": "zgadywane", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    for _ in range(5):
        client.post(reverse("accounts:password_change"), data)
    assert AccessAttempt.objects.filter(username=ADDRESS).exists()
    locked = client.post(reverse("accounts:password_change"), {**data, "old_password": PASSWORD})
    assert locked.status_code == 429
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)


# Change the e-mail address


def ask_for_address(client, send_mail, address, password=PASSWORD):
    return send_mail(client, reverse("accounts:email_change"), {"email": address, "password": password})


def test_a_new_address_changes_only_when_the_link_sent_to_it_is_followed(client, reader, send_mail):
    response = ask_for_address(client, send_mail, "ola.nowa@firma.example")
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.email == ADDRESS

    [confirmation] = messages_to("ola.nowa@firma.example")
    [notice] = messages_to(ADDRESS)
    assert "ola.nowa@firma.example" in notice.body
    response = Client().get(link_in(confirmation.body))
    assert response.status_code == 302
    reader.refresh_from_db()
    assert (reader.email, reader.username) == ("ola.nowa@firma.example", "ola.nowa@firma.example")
    assert can_log_in("ola.nowa@firma.example", PASSWORD)
    # Used once: the same link does nothing the second time.
    assert Client().get(link_in(confirmation.body)).status_code == 400


def test_a_wrong_password_changes_no_address_and_sends_nothing(client, reader, send_mail):
    response = ask_for_address(client, send_mail, "ola.nowa@firma.example", password="zgadywane")
    assert response.status_code == 200
    assert "Hasło jest nieprawidłowe." in response.content.decode()
    assert mail.outbox == []


def test_an_expired_link_is_refused(client, reader, send_mail, settings, monkeypatch):
    ask_for_address(client, send_mail, "ola.nowa@firma.example")
    [confirmation] = messages_to("ola.nowa@firma.example")
    later = time.time() + settings.ACCOUNTS_CONFIRMATION_MAX_AGE + 60
    # Only the signatures' clock moves on: the link is opened a minute after it expired.
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=lambda: later))
    response = Client().get(link_in(confirmation.body))
    assert response.status_code == 400
    assert "wygasł" in response.content.decode()
    reader.refresh_from_db()
    assert reader.email == ADDRESS


def test_a_tampered_link_is_refused(client, reader):
    forged = signing.dumps({"user": reader.pk, "old": ADDRESS, "new": "zly@example.com"}, salt="another-salt")
    assert Client().get(reverse("accounts:email_change_confirm", args=[forged])).status_code == 400
    assert Client().get(reverse("accounts:email_change_confirm", args=["abc"])).status_code == 400
    good = signing.dumps({"user": reader.pk, "old": ADDRESS, "new": "zly@example.com"}, salt=EMAIL_CHANGE_SALT)
    assert Client().get(reverse("accounts:email_change_confirm", args=[good[:-2] + "xx"])).status_code == 400
    reader.refresh_from_db()
    assert reader.email == ADDRESS


def test_a_taken_address_gets_the_same_answer_and_mails_its_owner_instead(client, reader, send_mail):
    User.objects.create_user("zajety@firma.example", "zajety@firma.example", "inne-haslo-123")
    free = ask_for_address(client, send_mail, "wolny@firma.example")
    taken = ask_for_address(client, send_mail, "zajety@firma.example")
    assert (free.status_code, free["Location"]) == (taken.status_code, taken["Location"])
    [owner_notice] = messages_to("zajety@firma.example")
    assert owner_notice.subject == "Ktoś próbował użyć Twojego adresu e-mail"
    assert reverse("accounts:email_change_confirm", args=["x"]).split("x")[0] not in owner_notice.body
    reader.refresh_from_db()
    assert reader.email == ADDRESS


# Download my data


@pytest.fixture
def article(demo):
    return ArticlePage.objects.get(slug="klastry", locale__language_code="pl")


def give_data(client, user, article, company_name, offer_title, number):
    """A company and an offer draft through the forms, an interest, a comment, a newsletter subscription."""
    company = add_company(client, name=company_name, nip=synthetic_nip(number), regon=synthetic_regon(number))
    offer = add_offer(client, company, title=offer_title)
    elsewhere = OfferFactory(title="Oferta innej firmy")
    client.post(
        reverse("accounts:interest", args=[elsewhere.pk]),
        {"name": user.first_name, "email": user.email, "message": f"Wiadomość od {user.first_name}"},
    )
    Comment.objects.create(article=article, author=user, body=f"Komentarz {user.first_name}", ip_address="10.0.0.7")
    subscriber = Subscriber.objects.create(email=user.email, language="pl")
    Consent.objects.create(subscriber=subscriber, wording=f"Zgoda {user.first_name}", language="pl")
    return company, offer


def test_data_download_holds_everything_the_account_submitted_and_nothing_of_others(client, reader, article):
    other = User.objects.create_user("adam@inna.example", "adam@inna.example", PASSWORD, first_name="Adam")
    other_client = Client()
    other_client.force_login(other)
    give_data(other_client, other, article, "Firma Adama", "Oferta Adama", 900001)
    company, offer = give_data(client, reader, article, "Firma Oli", "Oferta Oli", 900002)
    # Someone wrote about Ola's offer: that message is theirs, only its count is Ola's.
    Interest.objects.create(
        offer=offer, offer_title=offer.title, company_name="x", name="Ewa", email="ewa@x.example", message="Pytanie Ewy"
    )

    response = client.get(reverse("accounts:data_download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == ADDRESS
    [my_company] = data["companies"]
    assert (my_company["name"], my_company["status"]) == ("Firma Oli", "awaiting_review")
    [my_offer] = data["offers"]
    assert (my_offer["title"], my_offer["status"], my_offer["interests_received"]) == (
        "Oferta Oli",
        "awaiting_review",
        1,
    )
    assert [i["message"] for i in data["interests_sent"]] == ["Wiadomość od Ola"]
    assert [c["text"] for c in data["comments"]] == ["Komentarz Ola"]
    [subscription] = data["newsletter_subscriptions"]
    assert subscription["email"] == ADDRESS
    assert [c["wording"] for c in subscription["consents"]] == ["Zgoda Ola"]
    text = response.content.decode()
    for foreign in ("adam@inna.example", "Adama", "Adam", "Ewa", "ewa@x.example", "Pytanie Ewy"):
        assert foreign not in text


def test_data_download_shows_an_unpublished_entry_as_last_saved(client, reader):
    company = CompanyFactory(name="Stara nazwa", submitted_by=reader, live=False)
    company.name = "Nowa nazwa"
    company.save_revision(user=reader)
    data = client.get(reverse("accounts:data_download")).json()
    assert [(c["name"], c["status"]) for c in data["companies"]] == [("Nowa nazwa", "draft")]


def test_data_download_needs_a_log_in(client):
    assert client.get(reverse("accounts:data_download")).status_code == 302


# Delete my account


def rows_holding(*values):
    """Every row of every model with one of the values in a text field (JSON included): what is left behind."""
    found = []
    for model in apps.get_models():
        text_fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        for field in text_fields:
            queryset = model._base_manager.all()
            if isinstance(field, models.JSONField):
                queryset = queryset.annotate(as_text=Cast(field.name, models.TextField()))
                lookup = "as_text__icontains"
            else:
                lookup = f"{field.name}__icontains"
            for value in values:
                for row in queryset.filter(**{lookup: value}):
                    found.append((model._meta.label, field.name, row.pk))
    return found


def test_deletion_asks_for_the_password_and_says_what_stays(client, reader, send_mail):
    page = client.get(reverse("accounts:close")).content.decode()
    assert "Opublikowane firmy i oferty pozostaną w portalu" in page
    response = send_mail(client, reverse("accounts:close"), {"password": "zgadywane"})
    assert response.status_code == 200
    assert "Hasło jest nieprawidłowe." in response.content.decode()
    reader.refresh_from_db()
    assert reader.is_active and reader.email == ADDRESS


def test_deletion_leaves_no_personal_data_behind(client, reader, article, send_mail):
    published = CompanyFactory(name="Firma opublikowana", submitted_by=reader)
    published_offer = OfferFactory(title="Oferta opublikowana", company=published, submitted_by=reader)
    draft, draft_offer = give_data(client, reader, article, "Firma w szkicu", "Oferta w szkicu", 900003)
    send_mail(Client(), reverse("accounts:login"), {"username": ADDRESS, "password": "zle-haslo"})
    assert AccessAttempt.objects.filter(username=ADDRESS).exists()
    assert rows_holding(ADDRESS)  # the scan sees what it looks for

    response = send_mail(client, reverse("accounts:close"), {"password": PASSWORD})
    assert response.status_code == 302

    [farewell] = messages_to(ADDRESS)
    assert farewell.subject == "Twoje konto zostało usunięte"
    # The one trace left is the log line of that last message, forgotten after MAIL_LOG_DAYS.
    farewell_log = OutgoingMail.objects.get(kind="accounts/account_closed")
    left = [
        row
        for row in rows_holding(ADDRESS, "Zawieruszanka")
        if row != ("cms.OutgoingMail", "recipients", farewell_log.pk)
    ]
    assert left == []

    assert Company.objects.get(pk=published.pk).submitted_by is None
    assert Offer.objects.get(pk=published_offer.pk).submitted_by is None
    assert not Company.objects.filter(pk=draft.pk).exists()
    assert not Offer.objects.filter(pk=draft_offer.pk).exists()
    assert not Revision.objects.filter(object_id=str(draft.pk), base_content_type__model="company").exists()
    comment = Comment.objects.get(body="Komentarz Ola")
    assert comment.author_name == "Czytelnik" and comment.ip_address is None
    assert Interest.objects.filter(message="Wiadomość od Ola").get().email == ""
    assert not Subscriber.objects.filter(email__iexact=ADDRESS).exists()


def test_a_deleted_account_is_logged_out_and_can_never_log_in_again(client, reader, send_mail):
    send_mail(client, reverse("accounts:close"), {"password": PASSWORD})
    assert client.get("/konto/").status_code == 302
    assert not can_log_in(ADDRESS, PASSWORD)
    assert not User.objects.filter(email__iexact=ADDRESS).exists()


def test_a_staff_account_cannot_be_deleted_from_the_readers_area(client, send_mail):
    editor = User.objects.create_user("redaktor@agencja.example", "redaktor@agencja.example", PASSWORD, is_staff=True)
    client.force_login(editor)
    response = send_mail(client, reverse("accounts:close"), {"password": PASSWORD})
    assert response.status_code == 403
    assert "zamyka je administrator" in response.content.decode()
    editor.refresh_from_db()
    assert editor.is_active and editor.email == "redaktor@agencja.example"
