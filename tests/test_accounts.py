"""Company representatives sign up, confirm their address, log in, reset a password; they never reach the admin."""

import email
import re
import socket
from email import policy
from urllib.parse import urlparse

from django.contrib.auth.models import User
from django.core import mail, signing
from django.urls import reverse
from django.utils import translation

import pytest
from aiosmtpd.controller import Controller

from accounts.notifications import CONFIRMATION_SALT

pytestmark = pytest.mark.django_db

PASSWORD = "Kapusta-z-grochem-77"


class _Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(
            {
                "to": envelope.rcpt_tos,
                "subject": " ".join(str(message["Subject"]).split()),
                "message": message,
                "body": message.get_content(),
            }
        )
        return "250 OK"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_smtp_server(settings):
    """A real SMTP server on localhost that Django's SMTP backend talks to; yields the received messages."""
    collector = _Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield collector.messages
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(settings):
    yield from run_smtp_server(settings)


def link_in(body):
    """The path of the first link in an e-mail body."""
    return urlparse(re.search(r"https?://\S+", body).group(0)).path


def sign_up(client, address="jan@firma.example", password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:signup"), {"email": address, "password1": password, "password2": password, **extra}
    )


def test_account_urls_are_polish_at_the_root_and_english_under_en():
    assert reverse("accounts:signup") == "/konto/rejestracja/"
    assert reverse("accounts:entries") == "/konto/moje-wpisy/"
    with translation.override("en"):
        assert reverse("accounts:signup") == "/en/account/sign-up/"


def test_sign_up_sends_a_confirmation_link_over_smtp_and_the_account_waits_for_it(client, smtp_server):
    response = sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(username="jan@firma.example")
    assert not user.is_active and not user.is_staff and not user.groups.exists()

    [received] = smtp_server
    assert received["to"] == ["jan@firma.example"]
    assert received["subject"] == "Potwierdź adres e-mail"
    assert not client.login(username="jan@firma.example", password=PASSWORD)

    response = client.get(link_in(received["body"]), follow=True)
    assert response.status_code == 200
    assert "Adres e-mail potwierdzony" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active


def test_sign_up_keeps_nothing_when_the_mail_server_is_down(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 2
    response = sign_up(client)
    assert response.status_code == 200
    assert "Nie udało się wysłać e-maila z potwierdzeniem" in response.content.decode()
    assert not User.objects.filter(username="jan@firma.example").exists()


def test_forged_or_expired_confirmation_link_activates_nothing(client, settings):
    sign_up(client)
    user = User.objects.get(username="jan@firma.example")
    forged = signing.dumps(user.pk, salt="something-else")
    assert client.get(reverse("accounts:confirm", args=[forged])).status_code == 400
    settings.ACCOUNTS_CONFIRMATION_MAX_AGE = -1
    token = signing.dumps(user.pk, salt=CONFIRMATION_SALT)
    assert client.get(reverse("accounts:confirm", args=[token])).status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_sign_up_refuses_a_taken_address_and_a_weak_password(client):
    User.objects.create_user("jan@firma.example", "jan@firma.example", PASSWORD)
    html = sign_up(client).content.decode()
    assert "Konto z tym adresem e-mail już istnieje." in html
    html = sign_up(client, address="ola@firma.example", password="12345678").content.decode()
    assert "To hasło jest zbyt powszechne." in html
    assert not User.objects.filter(username="ola@firma.example").exists()


def test_sign_up_with_the_honeypot_filled_creates_nothing_and_sends_nothing(client):
    response = sign_up(client, leave_empty="http://spam.example")
    assert response.status_code == 302
    assert not User.objects.filter(username="jan@firma.example").exists()
    assert mail.outbox == []


def test_burst_of_sign_ups_is_rate_limited(client):
    statuses = [sign_up(client, address=f"bot{n}@spam.example").status_code for n in range(50)]
    assert statuses[:5] == [302] * 5
    assert set(statuses[5:]) == {429}
    assert User.objects.filter(username__endswith="@spam.example").count() == 5
    assert "Zbyt wiele zgłoszeń" in sign_up(client, address="x@spam.example").content.decode()


def active_user(address="jan@firma.example"):
    return User.objects.create_user(address, address, PASSWORD)


def test_login_and_logout_through_the_site_forms(client):
    active_user()
    response = client.post(reverse("accounts:login"), {"username": "Jan@Firma.example", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:entries")
    assert "Moje wpisy" in client.get(reverse("accounts:entries")).content.decode()
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:entries"))["Location"].startswith(reverse("accounts:login"))


def test_failed_logins_are_throttled_per_username_even_with_the_right_password(client):
    active_user()
    for _ in range(5):
        client.post(
            reverse("accounts:login"), {"username": "jan@firma.example", "password": "zle"}, REMOTE_ADDR="1.1.1.1"
        )
    response = client.post(
        reverse("accounts:login"), {"username": "jan@firma.example", "password": PASSWORD}, REMOTE_ADDR="2.2.2.2"
    )
    assert response.status_code == 200
    assert "Zbyt wiele nieudanych prób logowania" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_throttled_per_address(client):
    active_user()
    for n in range(5):
        client.post(reverse("accounts:login"), {"username": f"ktos{n}@x.example", "password": "zle"})
    response = client.post(reverse("accounts:login"), {"username": "jan@firma.example", "password": PASSWORD})
    assert "Zbyt wiele nieudanych prób logowania" in response.content.decode()


def test_password_reset_by_e_mail(client):
    active_user()
    response = client.get(reverse("accounts:login"))
    assert "Nie pamiętam hasła" in response.content.decode()
    response = client.post(reverse("accounts:password_reset"), {"email": "jan@firma.example"})
    assert response.status_code == 302
    [message] = mail.outbox
    response = client.get(link_in(message.body), follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Nowe-haslo-do-portalu-9", "new_password2": "Nowe-haslo-do-portalu-9"},
    )
    assert response.status_code == 302
    assert client.login(username="jan@firma.example", password="Nowe-haslo-do-portalu-9")


def test_login_and_password_reset_ignore_a_filled_honeypot(client):
    active_user()
    response = client.post(
        reverse("accounts:login"), {"username": "jan@firma.example", "password": PASSWORD, "leave_empty": "x"}
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = client.post(reverse("accounts:password_reset"), {"email": "jan@firma.example", "leave_empty": "x"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_representative_accounts_never_reach_the_admin(client):
    client.force_login(active_user())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_header_links_to_login_or_to_my_entries(client):
    assert reverse("accounts:login") in client.get("/").content.decode()
    client.force_login(active_user())
    assert reverse("accounts:entries") in client.get("/").content.decode()


def test_home_page_offers_to_add_an_offer_and_a_company(client):
    html = client.get("/").content.decode()
    assert "Dodaj ofertę" in html and reverse("accounts:offer_add") in html
    assert "Dodaj firmę" in html and reverse("accounts:company_add") in html


def test_anonymous_reader_is_sent_to_log_in_before_adding(client):
    for name in ("accounts:company_add", "accounts:offer_add", "accounts:entries"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
