"""The site as production serves it: gunicorn with the project's gunicorn.conf.py, production settings, Redis.

Differences from a server, each for a reason: bench.settings adds /bench/trivial/ and the opt-in
query counter, and collects static files without compressed copies (minutes of work for files no
request here asks for); plain HTTP on 127.0.0.1 (SECURE_SSL_REDIRECT=false); worker recycling is
off (GUNICORN_MAX_REQUESTS=0) so that a restarted worker, which loads the search dictionaries
again, never lands inside one target's timed seconds.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import redis

from . import ROOT

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
WORKERS = 2


def base_env(static_root):
    """The environment production settings read, for every scale and mode."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": REDIS_URL,
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_MAX_REQUESTS": "0",
    }


def collect_static(env):
    started = time.monotonic()
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )
    print(f"collectstatic: {time.monotonic() - started:.0f} s")


def flush_cache():
    """Empty the benchmark's own Redis database (and only that one): no page of another run is served."""
    redis.Redis.from_url(REDIS_URL).flushdb()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_ready(base_url, process, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}; see its log")
        try:
            with urllib.request.urlopen(f"{base_url}/bench/trivial/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s")


@contextmanager
def serving(env, log_path: Path, config="gunicorn.conf.py"):
    """gunicorn with 2 workers on a free port of 127.0.0.1; yields its base URL, stops it afterwards."""
    port = _free_port()
    flush_cache()
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603
            [
                str(Path(sys.executable).with_name("gunicorn")),
                *("-c", config, "cms.wsgi"),
                *("--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_ready(base_url, process)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
