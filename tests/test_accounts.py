"""Company representatives sign up, confirm their address, log in, reset a password; they never reach the admin."""

import email
import io
import re
import socket
from datetime import timedelta
from email import policy
from urllib.parse import urlparse

from django.contrib.auth.models import User
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest
from aiosmtpd.controller import Controller
from django_tasks import task_backends

from accounts.models import PendingSignUp
from accounts.signups import CONFIRMATION_SALT

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


def test_sign_up_sends_a_confirmation_link_over_smtp_and_the_account_waits_for_it(
    client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)
    assert response.status_code == 302
    # No account until the link is followed: nobody can hold an address by typing it.
    assert not User.objects.filter(username="jan@firma.example").exists()

    [received] = smtp_server
    assert received["to"] == ["jan@firma.example"]
    assert received["subject"] == "Potwierdź adres e-mail"
    assert not logs_in("jan@firma.example", PASSWORD)

    response = client.get(link_in(received["body"]), follow=True)
    assert response.status_code == 200
    assert "Adres e-mail potwierdzony" in response.content.decode()
    user = User.objects.get(username="jan@firma.example")
    assert user.is_active and not user.is_staff and not user.groups.exists()
    assert logs_in("jan@firma.example", PASSWORD)


def logs_in(address, password):
    """Whether the site's log-in form lets this address in with this password."""
    response = Client().post(reverse("accounts:login"), {"username": address, "password": password})
    return response.status_code == 302


def confirmation_links(messages, address):
    return [link_in(m.body) for m in messages if m.to == [address] and m.subject == "Potwierdź adres e-mail"]


def test_someone_elses_unconfirmed_sign_up_does_not_block_the_owner(client, django_capture_on_commit_callbacks):
    squatter, owner = Client(), Client()
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(squatter, password="Haslo-intruza-123")
    [squatters_link] = confirmation_links(mail.outbox, "jan@firma.example")

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(owner)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:signup_done")
    owners_link = confirmation_links(mail.outbox, "jan@firma.example")[-1]
    assert owners_link != squatters_link

    assert owner.get(owners_link).status_code == 302
    assert (
        owner.post(reverse("accounts:login"), {"username": "jan@firma.example", "password": PASSWORD}).status_code
        == 302
    )
    # The first link followed wins; the squatter's is void and their password never applies.
    assert client.get(squatters_link).status_code == 400
    assert not logs_in("jan@firma.example", "Haslo-intruza-123")
    assert User.objects.filter(username="jan@firma.example").count() == 1
    assert not PendingSignUp.objects.exists()


def test_signing_up_an_address_with_an_account_tells_its_owner_and_changes_nothing(
    client, django_capture_on_commit_callbacks
):
    owner = active_user()
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, password="Inne-haslo-do-portalu-5")
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["jan@firma.example"] and message.subject == "Masz już konto"
    assert "http://testserver/konto/logowanie/" in message.body
    assert client.get(re.findall(r"http://testserver(/konto/\S+)", message.body)[-1], follow=True).status_code == 200
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert not PendingSignUp.objects.exists()


def answers_and_queries(client, url, data):
    """The request's answer, the number of its queries and the tasks it queued (the dummy backend keeps them)."""
    backend = task_backends["default"]
    backend.clear()
    with CaptureQueriesContext(connection) as queries, TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    return (
        response.status_code,
        response.get("Location"),
        response.content,
        len(queries),
        [(result.task.module_path, len(result.args)) for result in backend.results],
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("accounts:signup", {"password1": PASSWORD, "password2": PASSWORD}),
        ("accounts:password_reset", {}),
        ("accounts:resend_confirmation", {}),
    ],
)
def test_sign_up_reset_and_resend_answer_alike_for_known_and_unknown_addresses(client, settings, name, data):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    active_user("znany@firma.example")
    User.objects.create_user("nowy@firma.example", "nowy@firma.example", PASSWORD, is_active=False)
    answers = []
    for address in ("znany@firma.example", "nieznany@firma.example", "nowy@firma.example"):
        answers.append(answers_and_queries(Client(), reverse(name), {"email": address, **data}))
    assert answers[0] == answers[1] == answers[2]
    status, location, _, _, tasks = answers[0]
    assert status == 302 and location
    assert len(tasks) == 1
    assert mail.outbox == []


def test_with_the_database_queue_a_sign_up_sends_nothing_until_a_worker_runs(client, settings, monkeypatch):
    """Production's queue: the request only queues the work, so its timing never shows whether the
    address has an account; the worker then tells the owner."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    active_user("znany@firma.example")
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert sign_up(client, address="znany@firma.example").status_code == 302
    assert mail.outbox == []

    # The sign-up task, then the e-mail it queued when its work committed.
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    assert [message.to for message in mail.outbox] == [["znany@firma.example"]]
    assert User.objects.filter(email="znany@firma.example").count() == 1


def test_password_reset_of_an_unconfirmed_sign_up_sends_the_confirmation_again(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
        client.post(reverse("accounts:password_reset"), {"email": "jan@firma.example"})
        client.post(reverse("accounts:resend_confirmation"), {"email": "jan@firma.example"})
    first, second, third = confirmation_links(mail.outbox, "jan@firma.example")
    assert client.get(third).status_code == 302
    assert logs_in("jan@firma.example", PASSWORD)
    assert client.get(first).status_code == 400


def test_unconfirmed_sign_ups_expire_after_the_set_number_of_days(client, settings):
    settings.ACCOUNTS_UNCONFIRMED_DAYS = 7
    sign_up(client)
    sign_up(client, address="ola@firma.example")
    PendingSignUp.objects.filter(email="jan@firma.example").update(created_at=timezone.now() - timedelta(days=8))
    legacy = User.objects.create_user("stary@firma.example", "stary@firma.example", PASSWORD, is_active=False)
    User.objects.filter(pk=legacy.pk).update(date_joined=timezone.now() - timedelta(days=8))
    blocked = User.objects.create_user("zablokowany@firma.example", "zablokowany@firma.example", PASSWORD)
    User.objects.filter(pk=blocked.pk).update(
        is_active=False, last_login=timezone.now(), date_joined=timezone.now() - timedelta(days=30)
    )
    out = io.StringIO()

    call_command("expire_unconfirmed_accounts", stdout=out)

    assert "Removed 2 unconfirmed sign-up(s)." in out.getvalue()
    assert list(PendingSignUp.objects.values_list("email", flat=True)) == ["ola@firma.example"]
    assert not User.objects.filter(pk=legacy.pk).exists()
    assert User.objects.filter(pk=blocked.pk).exists()


def test_forged_or_expired_confirmation_link_activates_nothing(client, settings):
    sign_up(client)
    pending = PendingSignUp.objects.get(email="jan@firma.example")
    forged = signing.dumps(pending.token, salt="something-else")
    assert client.get(reverse("accounts:confirm", args=[forged])).status_code == 400
    settings.ACCOUNTS_CONFIRMATION_MAX_AGE = -1
    token = signing.dumps(pending.token, salt=CONFIRMATION_SALT)
    assert client.get(reverse("accounts:confirm", args=[token])).status_code == 400
    assert not User.objects.filter(username="jan@firma.example").exists()


def test_sign_up_refuses_a_weak_password(client):
    html = sign_up(client, address="ola@firma.example", password="12345678").content.decode()
    assert "To hasło jest zbyt powszechne." in html
    assert not PendingSignUp.objects.exists()


def test_sign_up_with_the_honeypot_filled_creates_nothing_and_sends_nothing(client):
    response = sign_up(client, leave_empty="http://spam.example")
    assert response.status_code == 302
    assert not User.objects.filter(username="jan@firma.example").exists()
    assert not PendingSignUp.objects.exists()
    assert mail.outbox == []


def test_burst_of_sign_ups_is_rate_limited(client):
    statuses = [sign_up(client, address=f"bot{n}@spam.example").status_code for n in range(50)]
    assert statuses[:5] == [302] * 5
    assert set(statuses[5:]) == {429}
    assert PendingSignUp.objects.filter(email__endswith="@spam.example").count() == 5
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
    assert response.status_code == 429
    assert "Zbyt wiele nieudanych prób" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_throttled_per_address(client):
    active_user()
    for n in range(5):
        client.post(reverse("accounts:login"), {"username": f"ktos{n}@x.example", "password": "zle"})
    response = client.post(reverse("accounts:login"), {"username": "jan@firma.example", "password": PASSWORD})
    assert response.status_code == 429
    assert "Zbyt wiele nieudanych prób" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_by_e_mail(client, django_capture_on_commit_callbacks):
    active_user()
    response = client.get(reverse("accounts:login"))
    assert "Nie pamiętam hasła" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
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
    response = client.post(
        reverse("accounts:login"), {"username": "jan@firma.example", "password": "Nowe-haslo-do-portalu-9"}
    )
    assert response.status_code == 302


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


def test_header_links_to_login_or_to_the_account_home(client):
    assert reverse("accounts:login") in client.get("/").content.decode()
    client.force_login(active_user())
    assert f'href="{reverse("accounts:home")}">Moje konto</a>' in client.get("/").content.decode()


def test_home_page_offers_to_add_an_offer_and_a_company(client):
    html = client.get("/").content.decode()
    assert "Dodaj ofertę" in html and reverse("accounts:offer_add") in html
    assert "Dodaj firmę" in html and reverse("accounts:company_add") in html


def test_anonymous_reader_is_sent_to_log_in_before_adding(client):
    for name in ("accounts:company_add", "accounts:offer_add", "accounts:entries"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
