"""Browser tests of the public site: a demo portal served by runserver on its own database, driven by Chromium."""

import contextlib
import email
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from email import policy
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Error as PlaywrightError
from psycopg import sql

from tests.e2e.helpers import ARTIFACTS, BROWSER_TIMEOUT_MS, REPO_ROOT, watch_csp_violations

SERVER_START_SECONDS = 60
COMMAND_TIMEOUT_SECONDS = 300


def _manage(*args, env):
    """Run a management command the way a developer would; fail the session with its output if it fails."""
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{_tail(result.stdout + result.stderr)}", pytrace=False)


def _tail(text, lines=40):
    return "\n".join(text.splitlines()[-lines:])


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - a loopback http URL we built
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP status means the server is up
    except OSError:
        return False


def _run_server(env, log_path, *extra_args):
    """Start runserver on a free loopback port, wait until it answers, yield its base URL, stop it."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        server = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", *extra_args],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not _answers(f"{base_url}/"):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"runserver did not start; the end of {log_path}:\n{_tail(log_path.read_text())}", pytrace=False
                )
            time.sleep(0.2)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class _PostgresDatabase:
    """A fresh `<dbname>_e2e` database beside the one DATABASE_URL names, dropped at the end."""

    def __init__(self, url):
        parts = urlsplit(url)
        self.name = f"{parts.path.lstrip('/')}_e2e"
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        # Created and dropped from the maintenance database: one cannot drop the database one is connected to.
        self._admin_url = urlunsplit(parts._replace(path="/postgres"))

    def _execute(self, statement):
        with psycopg.connect(self._admin_url, autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(self.name)))

    def create(self):
        self.drop()
        self._execute("CREATE DATABASE {}")

    def drop(self):
        # FORCE closes the connections a killed server may have left behind.
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)")


class Mailbox:
    """A real SMTP server on 127.0.0.1 that keeps every message the e2e server sends."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def bodies_to(self, address):
        return [
            message.get_body(preferencelist=("plain",)).get_content()
            for message in self.messages
            if address in str(message["To"])
        ]


@pytest.fixture(scope="session")
def mailbox():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


@pytest.fixture(scope="session")
def e2e_env(tmp_path_factory, mailbox):
    """The environment of the e2e server: dev settings, its own database and media, the demo content loaded."""
    tmp = tmp_path_factory.mktemp("e2e")
    env = {
        **os.environ,
        # E-mail goes through a real SMTP conversation with the test's mailbox.
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mailbox.port),
        "EMAIL_USE_TLS": "0",
        "EMAIL_USE_SSL": "0",
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DEBUG": "1",  # static files are served by runserver
        "MEDIA_ROOT": str(tmp / "media"),
        "PAGE_CACHE_SECONDS": "0",  # every answer rendered afresh, whatever the developer's environment says
        "PYTHONUNBUFFERED": "1",
        # Every browser test reaches one long-running server from 127.0.0.1, and the form matrix alone
        # submits more entries than a real reader could in ten minutes; the limits themselves are proven
        # against the test client (test_submissions, test_accounts, test_newsletter, test_comments).
        "ACCOUNTS_RATE_LIMIT": "10000",
        "NEWSLETTER_SIGNUPS_PER_HOUR": "10000",
        "COMMENTS_PER_IP_PER_HOUR": "10000",
        "COMMENTS_PER_USER_PER_HOUR": "10000",
    }
    database_url = os.environ.get("DATABASE_URL", "")
    postgres = _PostgresDatabase(database_url) if database_url.startswith("postgres") else None
    if postgres:
        postgres.create()
        env["DATABASE_URL"] = postgres.url
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'e2e.sqlite3'}"
    try:
        _manage("migrate", "--noinput", env=env)
        _manage("load_demo", env=env)
        yield env
    finally:
        if postgres:
            postgres.drop()


@pytest.fixture(scope="session")
def site_url(e2e_env):
    """Base URL of the demo portal as developers run it (`cms.settings.dev`, DEBUG on)."""
    yield from _run_server(e2e_env, ARTIFACTS / "e2e-server.log")


@pytest.fixture(scope="session")
def production_site_url(e2e_env, tmp_path_factory):
    """The same portal with production settings and DEBUG off, where errors render the site's own pages.

    Under DEBUG Django answers a 404 with its technical page, so the site's 404 template is only seen here.
    """
    env = {
        **e2e_env,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(tmp_path_factory.mktemp("e2e-static")),
        # Production settings need a shared cache: the machine's Redis, under a prefix of this run's own.
        "REDIS_URL": os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/8"),
        "CACHE_KEY_PREFIX": f"e2e-{secrets.token_hex(4)}",
    }
    # Production pages link static files by their hashed names, from the manifest collectstatic writes.
    _manage("collectstatic", "--noinput", env=env)
    # --insecure: runserver serves static files with DEBUG off, as the web server would in production.
    yield from _run_server(env, ARTIFACTS / "e2e-production-server.log", "--insecure")


@pytest.fixture
def page(browser, request):
    """A fresh browser tab, in its own context (no cookies or history from other tests), for a Polish reader.

    Every Content-Security-Policy violation its pages report is collected; the test fails if there is one.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    violations = watch_csp_violations(context)
    page = context.new_page()
    request.node.csp_watch = (page, violations)
    yield page
    context.close()


@pytest.fixture
def csp_violations(page, request):
    """What the tab's pages reported so far as Content-Security-Policy violations (see `page`)."""
    return request.node.csp_watch[1]


@pytest.fixture(scope="session")
def editor(e2e_env):
    """The login of an editor (a Wagtail superuser) in the e2e database."""
    login = {"username": "redaktorka", "password": secrets.token_urlsafe(16)}
    env = {**e2e_env, "DJANGO_SUPERUSER_PASSWORD": login["password"]}
    _manage(
        "createsuperuser", "--noinput", "--username", login["username"], "--email", "redakcja@agencja.example", env=env
    )
    return login


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A browser test whose pages reported a Content-Security-Policy violation fails, whatever it asserted."""
    result = yield
    page, violations = getattr(item, "csp_watch", (None, []))
    if page is not None and not page.is_closed():
        # One round trip to the browser delivers the reports still on their way.
        with contextlib.suppress(PlaywrightError):
            page.evaluate("() => 0")
    if violations:
        pytest.fail(
            "the browser reported Content-Security-Policy violations:\n" + "\n".join(f"- {v}" for v in violations),
            pytrace=False,
        )
    return result
