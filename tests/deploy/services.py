"""The production topology on one machine, made of throwaway parts: a PostgreSQL cluster of its own,
a Redis server, an S3 server and gunicorn app servers with the production settings.

Each part is a context manager that stops (and, for PostgreSQL, drops) what it started, whatever
happens inside the `with` block. The deploy tests and bench/load_and_faults.py share them.
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import requests

from tests.deploy.s3 import S3Server

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_VERSION = "15"
# Clusters are named after the process that made them, so a run killed before its teardown can
# be recognised and dropped by the next one (see drop_abandoned_clusters).
CLUSTER_PREFIX = "deploytest_"
START_SECONDS = 60
COMMAND_SECONDS = 600
# Server logs outlive the run, to be read after a failure (the folder is git-ignored).
LOG_DIR = REPO_ROOT / "test-artifacts" / "deploy"


class ServiceError(RuntimeError):
    """A part of the topology did not start or a command failed; the message carries its log."""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout, what, interval=0.1):
    """Call `condition` until it returns something true; return that, or raise after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise ServiceError(f"{what} did not happen within {timeout} s")
        time.sleep(interval)


def tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"({path} is not readable)"


def _run(args, *, env=None, timeout=COMMAND_SECONDS):
    result = subprocess.run(  # noqa: S603 - fixed commands of Debian's PostgreSQL tools or our manage.py
        args, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode:
        output = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        raise ServiceError(f"{' '.join(map(str, args))} failed ({result.returncode}):\n{output}")
    return result.stdout


def _stop_process(process, timeout=15):
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------
def _clusters():
    """(name, port, status) of every cluster of our PostgreSQL version, from `pg_lsclusters`."""
    rows = []
    for line in _run(["pg_lsclusters", "--no-header"]).splitlines():
        version, name, port, status, *_ = line.split()
        if version == PG_VERSION:
            rows.append((name, int(port), status))
    return rows


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def drop_abandoned_clusters():
    """Drop the clusters of earlier runs whose process is gone (killed before it could clean up)."""
    for name, _port, _status in _clusters():
        if not name.startswith(CLUSTER_PREFIX):
            continue  # never anyone else's cluster, and never 15/main
        pid = name.removeprefix(CLUSTER_PREFIX).split("_")[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            _run(["pg_dropcluster", "--stop", PG_VERSION, name])


class PostgresCluster:
    """A PostgreSQL cluster of its own on a free port, trust authentication, dropped on exit.

    stop() and start() take the whole server down and up again, as a restart or failover would.
    """

    def __init__(self):
        self.name = f"{CLUSTER_PREFIX}{os.getpid()}_{secrets.token_hex(3)}"
        self.port = None

    def __enter__(self):
        drop_abandoned_clusters()
        self.port = free_port()
        try:
            _run(
                ["pg_createcluster", PG_VERSION, self.name, "--port", str(self.port), "--", "--auth=trust"],
                timeout=120,
            )
            self.start()
        except BaseException:
            self.drop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.drop()

    def url(self, database="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def accepts_connections(self):
        try:
            with psycopg.connect(self.url(), connect_timeout=1) as connection:
                connection.execute("SELECT 1")
        except psycopg.OperationalError:
            return False
        return True

    def start(self):
        # pg_ctlcluster waits until the server accepts connections.
        _run(["pg_ctlcluster", PG_VERSION, self.name, "start"], timeout=60)
        wait_until(self.accepts_connections, 30, f"PostgreSQL cluster {self.name} accepting connections")

    def stop(self, mode="fast"):
        """`fast` ends open sessions and shuts down cleanly; `immediate` is a crash (recovery on start)."""
        _run(["pg_ctlcluster", PG_VERSION, self.name, "stop", "--mode", mode], timeout=60)

    def create_database(self, name):
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))
        return self.url(name)

    def drop(self):
        if any(name == self.name for name, _port, _status in _clusters()):
            _run(["pg_dropcluster", "--stop", PG_VERSION, self.name], timeout=120)


# ---------------------------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------------------------
class RedisServer:
    """redis-server on a free port, without persistence; stop() and start() keep the port."""

    def __init__(self, log_dir):
        self.port = free_port()
        self.log_path = Path(log_dir) / f"redis-{self.port}.log"
        self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self):
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server with fixed arguments
                [
                    shutil.which("redis-server") or "redis-server",
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(self._up_or_dead, START_SECONDS, f"redis-server on port {self.port} answering")
        if self.process.poll() is not None:
            raise ServiceError(f"redis-server exited:\n{tail(self.log_path)}")

    def _up_or_dead(self):
        return self.process.poll() is not None or self.answers()

    def stop(self):
        _stop_process(self.process)


# ---------------------------------------------------------------------------------------------
# The application: settings, one-off commands, gunicorn
# ---------------------------------------------------------------------------------------------
INHERITED_ENV = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ"}


def production_env(*, database_url, redis, static_root, storage_env, **overrides):
    """The environment of an app server with cms.settings.production, on plain HTTP on loopback."""
    # Nothing else from the developer's environment: it must not change what the app server talks to.
    env = {key: value for key, value in os.environ.items() if key in INHERITED_ENV}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            # Sessions in a database of their own, so that emptying the cache signs no one out.
            "REDIS_URL": redis.url(0),
            "REDIS_SESSIONS_URL": redis.url(1),
            "STATIC_ROOT": str(static_root),
            "PAGE_CACHE_SECONDS": "300",
            # Plain HTTP on loopback: no redirect to HTTPS, and cookies that a client sends over HTTP.
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            # Nobody reads the confirmation e-mails of these runs.
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "GUNICORN_GRACEFUL_TIMEOUT": "5",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **storage_env,
        }
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def manage(*args, env):
    return _run([sys.executable, "manage.py", *args], env=env)


class _Background:
    """A management command running in the background; wait() raises if it failed."""

    def __init__(self, args, env, log_dir):
        self.args = args
        self.log_path = Path(log_dir) / f"manage-{args[0]}.log"
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
                [sys.executable, "manage.py", *args], cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        _stop_process(self.process)

    def wait(self):
        if self.process.wait(timeout=COMMAND_SECONDS):
            raise ServiceError(f"manage.py {' '.join(self.args)} failed:\n{tail(self.log_path)}")


class AppServer:
    """`gunicorn -c gunicorn.conf.py cms.wsgi` on a free loopback port; stopped on exit."""

    def __init__(self, env, log_dir, name="app", workers=2, threads=1, config=REPO_ROOT / "gunicorn.conf.py"):
        self.env, self.name, self.workers, self.threads, self.config = env, name, workers, threads, config
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_dir) / f"gunicorn-{name}-{self.port}.log"
        self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def url(self, path):
        return self.base_url + path

    def _healthy(self):
        if self.process.poll() is not None:
            raise ServiceError(f"gunicorn {self.name} exited ({self.process.returncode}):\n{tail(self.log_path)}")
        try:
            return requests.get(self.url("/healthz"), timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def start(self):
        self.launch()
        self.wait_until_ready()

    def launch(self):
        env = {**self.env, "GUNICORN_THREADS": str(self.threads)}
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our gunicorn with fixed arguments
                [
                    str(BIN / "gunicorn"),
                    "-c",
                    str(self.config),
                    "cms.wsgi",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                ],
                cwd=REPO_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_until_ready(self):
        try:
            wait_until(self._healthy, START_SECONDS, f"gunicorn {self.name} answering /healthz", interval=0.2)
        except BaseException:
            self.stop()
            raise

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            # SIGTERM is gunicorn's graceful stop: workers finish their requests, then exit.
            self.process.send_signal(signal.SIGTERM)
        _stop_process(self.process, timeout=20)


@contextlib.contextmanager
def running(*servers):
    """Start app servers side by side (they boot in parallel) and stop them all on exit."""
    with contextlib.ExitStack() as stack:
        for server in servers:
            stack.callback(server.stop)
            server.launch()
        for server in servers:
            server.wait_until_ready()
        yield servers


class Topology:
    """One database, one Redis, one bucket, and the site prepared in them: migrated, the demo loaded,
    an editor account, static files collected. App servers are started on demand with app_server()."""

    DATABASE = "portal"
    EDITOR = "editor"

    def __init__(self, workdir=None, log_dir=LOG_DIR, gunicorn_config=REPO_ROOT / "gunicorn.conf.py", **env_overrides):
        self.gunicorn_config = gunicorn_config
        self.env_overrides = env_overrides
        self.log_dir = Path(log_dir)
        self.editor_password = secrets.token_urlsafe(16)
        self._workdir = workdir
        self._stack = contextlib.ExitStack()

    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc_info):
        self._stack.close()

    def _start(self):
        if self._workdir is None:
            self._workdir = self._stack.enter_context(tempfile.TemporaryDirectory(prefix="deploy-"))
        self.workdir = Path(self._workdir)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.postgres = self._stack.enter_context(PostgresCluster())
        self.redis = self._stack.enter_context(RedisServer(self.log_dir))
        self.s3 = self._stack.enter_context(S3Server())
        self.bucket = "portal-media"
        self.s3.create_bucket(self.bucket)
        self.database_url = self.postgres.create_database(self.DATABASE)
        self.env = production_env(
            database_url=self.database_url,
            redis=self.redis,
            static_root=self.workdir / "static",
            storage_env=self.s3.env(self.bucket),
            **self.env_overrides,
        )
        # collectstatic needs no database and takes longest (WhiteNoise compresses every file), so it
        # runs beside the database commands.
        collectstatic = self._stack.enter_context(_Background(["collectstatic", "--noinput"], self.env, self.log_dir))
        manage("migrate", "--noinput", env=self.env)
        # The demo app is not part of production settings: seeded with them plus that app.
        manage("load_demo", env={**self.env, "DJANGO_SETTINGS_MODULE": "tests.deploy.settings"})
        manage(
            "createsuperuser",
            "--noinput",
            "--username",
            self.EDITOR,
            "--email",
            "editor@example.com",
            env={**self.env, "DJANGO_SUPERUSER_PASSWORD": self.editor_password},
        )
        collectstatic.wait()

    def app_server(self, name, workers=2, threads=1, **env_overrides):
        """An AppServer, started when its `with` block is entered and stopped when it is left."""
        env = {**self.env, **{key: str(value) for key, value in env_overrides.items()}}
        return AppServer(env, self.log_dir, name=name, workers=workers, threads=threads, config=self.gunicorn_config)

    def query(self, statement, params=()):
        """Rows of a query run straight against the site's database (not through an app server)."""
        with psycopg.connect(self.database_url) as connection:
            return connection.execute(statement, params).fetchall()


# ---------------------------------------------------------------------------------------------
# A reverse proxy in front of the app servers
# ---------------------------------------------------------------------------------------------
NGINX_CONFIG = """
daemon off;
master_process off;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    upstream app_servers {{ {upstreams} }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app_servers;
            proxy_set_header Host $http_host;
            # What the README asks of the proxy: append the address that connected to it.
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


class ReverseProxy:
    """Debian's nginx on a free loopback port, balancing over app servers; a child process with a
    configuration of its own in a temporary folder, never the system's service."""

    def __init__(self, app_servers, log_dir):
        self.app_servers = app_servers
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_dir) / f"nginx-{self.port}.log"
        self.process = None
        self._workdir = None

    def __enter__(self):
        self._workdir = tempfile.TemporaryDirectory(prefix="nginx-")
        workdir = Path(self._workdir.name)
        upstreams = " ".join(f"server 127.0.0.1:{server.port};" for server in self.app_servers)
        config = workdir / "nginx.conf"
        config.write_text(NGINX_CONFIG.format(workdir=workdir, port=self.port, upstreams=upstreams))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(  # noqa: S603 - Debian's nginx with our own configuration
                [nginx, "-e", str(workdir / "error.log"), "-p", str(workdir), "-c", str(config)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until(self._up_or_dead, START_SECONDS, f"nginx on port {self.port} answering")
            if self.process.poll() is not None:
                raise ServiceError(f"nginx exited:\n{tail(workdir / 'error.log')}")
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc_info):
        _stop_process(self.process)
        if self._workdir is not None:
            self._workdir.cleanup()

    def _up_or_dead(self):
        if self.process.poll() is not None:
            return True
        try:
            return requests.get(self.url("/healthz"), timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def url(self, path):
        return self.base_url + path
