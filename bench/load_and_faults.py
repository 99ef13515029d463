"""Load and faults: many readers and submitters against two app servers, then PostgreSQL restarted under load.

    .venv/bin/python bench/load_and_faults.py            # 5-8 minutes; writes bench/RESULTS-load.md
    .venv/bin/python bench/load_and_faults.py --help     # clients, durations, outage, servers, output

It builds the production topology from throwaway parts (tests/deploy/services.py: a PostgreSQL
cluster of its own, Redis, an S3 server, gunicorn app servers with the production settings) and:

1. holds --clients concurrent clients for --duration seconds against both app servers (each request
   goes to either, as behind a load balancer without stickiness): pages, filtered lists, search and
   the API in Polish and English, plus newsletter sign-ups and "express interest" leads with unique
   addresses. Every answer must be the expected one: no error of any kind is allowed;
2. runs the same load again and, in the middle of it, stops the PostgreSQL cluster for --outage
   seconds and starts it again. While it is down, answers that need the database must be 503 with
   Retry-After (pages already in the shared cache may still be 200), never a 500, a traceback or a
   dropped connection; once it is back, everything must succeed again within 5 s;
3. checks that every submission that was answered with success is stored in the database.

Per-IP rate limits are raised for the run: all clients share 127.0.0.1. The exit status is 0 only
if every check passed.
"""

import argparse
import datetime
import os
import platform
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.deploy.services import Topology, running  # noqa: E402

RECOVERY_LIMIT_SECONDS = 5
REQUEST_TIMEOUT = (5, 30)  # connect, read
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
UNLIMITED = 1_000_000
RATE_LIMITS_RAISED = {
    "NEWSLETTER_SIGNUPS_PER_HOUR": UNLIMITED,
    "ACCOUNTS_RATE_LIMIT": UNLIMITED,
    "COMMENTS_PER_IP_PER_HOUR": UNLIMITED,
    "COMMENTS_PER_USER_PER_HOUR": UNLIMITED,
}


# ---------------------------------------------------------------------------------------------
# What the clients ask for
# ---------------------------------------------------------------------------------------------
@dataclass
class Targets:
    """Addresses that exist in the demo portal, found through the API rather than written down."""

    pages: list
    api: list
    offer_ids: list

    @classmethod
    def discover(cls, base_url):
        def items(path):
            response = requests.get(base_url + path, timeout=REQUEST_TIMEOUT)
            response.raise_for_status()
            return response.json()["items"]

        def paths(kind, locale):
            return [urlsplit(item["url"]).path for item in items(f"/api/{kind}/?locale={locale}&limit=20")]

        pages = [
            "/",
            "/en/",
            "/aktualnosci/klastry/",
            "/en/news/clusters/",
            "/aktualnosci/",
            "/aktualnosci/?year=2014",
            "/en/news/?page=1",
            "/klastry/",
            "/klastry/?voivodeship=kujawsko-pomorskie&kkk=1",
            "/en/clusters/?voivodeship=mazowieckie",
            "/baza-przedsiebiorstw/",
            "/baza-przedsiebiorstw/?voivodeship=lodzkie&size=small",
            "/en/companies/?size=medium",
            "/baza-ofert/?kind=technology_offer",
            "/en/offers/",
            "/baza-uslug/",
            "/szukaj/?q=klaster",
            "/szukaj/?q=lodz+przedsiebiorstwa",
            "/szukaj/?q=technologia&page=1",
            "/en/search/?q=cluster",
            "/szukaj/suggest/?q=klas",
            "/aktualnosci/rss/",
            *paths("companies", "pl")[:6],
            *paths("clusters", "en")[:3],
            *paths("offers", "pl")[:4],
        ]
        api = [
            "/api/articles/?locale=pl",
            "/api/articles/?locale=en&fields=title,date",
            "/api/clusters/?locale=pl&voivodeship=kujawsko-pomorskie",
            "/api/companies/?locale=en&limit=5&order=name",
            "/api/companies/?locale=pl&search=lodz",
            "/api/offers/?locale=pl&kind=service",
            "/api/sectors/?locale=en",
            *(f"/api/companies/{item['id']}/" for item in items("/api/companies/?locale=pl&limit=5")),
            *(f"/api/articles/{item['id']}/" for item in items("/api/articles/?locale=en&limit=3")),
            "/api/articles/by-slug/klastry/?locale=pl",
        ]
        offer_ids = [item["id"] for item in items("/api/offers/?locale=pl&limit=20")]
        return cls(pages=pages, api=api, offer_ids=offer_ids)


@dataclass
class Result:
    started: float
    finished: float
    kind: str
    outcome: str  # "ok", "503", or what went wrong: "HTTP 500", "traceback", "timeout", ...
    seconds: float


class Recorder(list):
    """Every Result, and the messages of requests that got no answer at all."""

    def __init__(self):
        super().__init__()
        self.failures = []


def outcome_of(response, expected):
    if "Traceback" in response.text:
        return "traceback"
    if response.status_code in expected:
        return "ok"
    if response.status_code == 503:
        return "503" if response.headers.get("Retry-After") else "503 without Retry-After"
    return f"HTTP {response.status_code}"


class Client(threading.Thread):
    """One reader who asks again as soon as an answer comes, each time of either app server."""

    def __init__(self, number, servers, targets, run_id, recorder, accepted, stop):
        super().__init__(daemon=True, name=f"client-{number}")
        self.number, self.servers, self.targets, self.run_id = number, servers, targets, run_id
        self.recorder, self.accepted, self.stop = recorder, accepted, stop
        self.random = random.Random(f"{run_id}-{number}")  # noqa: S311 - a load mix, not a secret
        self.session = requests.Session()
        # A new connection per request, as nginx talks to its upstreams by default: a reused
        # keep-alive connection that the server closes at that very moment is the client's race,
        # not the app's fault, and would hide the drops this benchmark is looking for.
        self.session.headers["Connection"] = "close"
        self.submissions = 0
        # (action, weight): mostly reading, about one action in twelve a submission.
        self.actions = [(self.page, 55), (self.api, 35), (self.newsletter, 5), (self.interest, 5)]

    def run(self):
        functions, weights = zip(*self.actions, strict=True)
        while not self.stop.is_set():
            self.random.choices(functions, weights)[0]()

    def server(self):
        return self.random.choice(self.servers)

    def request(self, kind, method, path, expected=(200,), **kwargs):
        started = time.monotonic()
        try:
            response = self.session.request(
                method, self.server().url(path), timeout=REQUEST_TIMEOUT, allow_redirects=False, **kwargs
            )
            outcome = outcome_of(response, expected)
        except requests.Timeout as error:
            response, outcome = None, "timeout"
            self.recorder.failures.append(f"{method} {path}: {error}")
        except requests.ConnectionError as error:
            response, outcome = None, "connection error"
            self.recorder.failures.append(f"{method} {path}: {error}")
        finished = time.monotonic()
        self.recorder.append(Result(started, finished, kind, outcome, finished - started))
        return response if outcome == "ok" else None

    def page(self):
        self.request("page", "GET", self.random.choice(self.targets.pages))

    def api(self):
        self.request("api", "GET", self.random.choice(self.targets.api))

    def _unique_email(self, prefix):
        self.submissions += 1
        return f"{prefix}-{self.run_id}-{self.number}-{self.submissions}@example.com"

    def _form_token(self, kind, path):
        form = self.request(f"{kind} form", "GET", path)
        match = CSRF_INPUT.search(form.text) if form is not None else None
        return match.group(1) if match else None

    def newsletter(self):
        path = self.random.choice(["/newsletter/", "/en/newsletter/"])
        token = self._form_token("newsletter", path)
        if token is None:
            return
        email = self._unique_email("load")
        data = {
            "csrfmiddlewaretoken": token,
            "email": email,
            "language": self.random.choice(["pl", "en"]),
            "topics": ["news", "clusters"],
            "consent": "on",
            "leave_empty": "",
        }
        # The form came from one server; the sign-up may go to the other, as behind a load balancer.
        if self.request("newsletter sign-up", "POST", path, expected=(302,), data=data) is not None:
            self.accepted["newsletter"].add(email)

    def interest(self):
        offer = self.random.choice(self.targets.offer_ids)
        path = self.random.choice([f"/konto/oferta/{offer}/zainteresowanie/", f"/en/account/offer/{offer}/interest/"])
        token = self._form_token("interest", path)
        if token is None:
            return
        email = self._unique_email("lead")
        data = {
            "csrfmiddlewaretoken": token,
            "name": f"Load client {self.number}",
            "email": email,
            "message": "We would like to cooperate. (load test)",
            "leave_empty": "",
        }
        if self.request("interest", "POST", path, data=data) is not None:
            self.accepted["interest"].add(email)


class ReadinessProbe(threading.Thread):
    """Asks /readyz and /healthz of every app server five times a second, as a load balancer would."""

    def __init__(self, servers, stop):
        super().__init__(daemon=True, name="probe")
        self.servers, self.stop = servers, stop
        self.samples = []  # (time, server name, /readyz status, /healthz status)

    def run(self):
        while not self.stop.is_set():
            for server in self.servers:
                self.samples.append(
                    (time.monotonic(), server.name, _status(server, "/readyz"), _status(server, "/healthz"))
                )
            time.sleep(0.2)


def _status(server, path):
    try:
        return requests.get(server.url(path), timeout=REQUEST_TIMEOUT).status_code
    except requests.RequestException as error:
        return type(error).__name__


def run_load(servers, targets, clients, seconds, run_id, accepted, during=None):
    """Hold `clients` clients for `seconds`; `during(started)` runs meanwhile (the fault). Returns results."""
    recorder, stop = Recorder(), threading.Event()
    threads = [Client(number, servers, targets, run_id, recorder, accepted, stop) for number in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    if during:
        during(started)
    time.sleep(max(0.0, seconds - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    return recorder, time.monotonic() - started


# ---------------------------------------------------------------------------------------------
# The fault
# ---------------------------------------------------------------------------------------------
@dataclass
class Outage:
    stopping: float = 0.0  # pg_ctlcluster stop was called
    stopped: float = 0.0  # pg_ctlcluster stop has returned: the server is down
    restarted: float = 0.0  # pg_ctlcluster start has returned: the server accepts connections


def database_outage(topology, offset, outage_seconds, record):
    def during(started):
        time.sleep(max(0.0, started + offset - time.monotonic()))
        record.stopping = time.monotonic()
        topology.postgres.stop()
        record.stopped = time.monotonic()
        time.sleep(outage_seconds)
        topology.postgres.start()
        record.restarted = time.monotonic()

    return during


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------
def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def latency_rows(results):
    rows = []
    by_kind = defaultdict(list)
    for result in results:
        by_kind[result.kind].append(result)
    for kind, items in sorted(by_kind.items()):
        ok = [item.seconds * 1000 for item in items if item.outcome == "ok"]
        rows.append(
            (
                kind,
                len(items),
                len(items) - len(ok),
                statistics.median(ok) if ok else 0,
                percentile(ok, 0.95),
                percentile(ok, 0.99),
            )
        )
    return rows


def outage_numbers(results, probe_samples, outage):
    during = [r for r in results if r.finished >= outage.stopped and r.started <= outage.restarted]
    after = [r for r in results if r.started >= outage.restarted]
    failed_after = [r for r in after if r.outcome != "ok"]
    # Recovery: from PostgreSQL accepting connections again to the last failed answer to a request
    # sent after that moment (0 when the first ones already succeeded).
    recovery = max((r.finished for r in failed_after), default=outage.restarted) - outage.restarted

    after_stop = [(t, ready) for t, _name, ready, _health in probe_samples if t >= outage.stopping]
    first_not_ready = next((t for t, ready in after_stop if ready != 200), None)
    # /readyz is back when it says 200 and keeps saying it.
    last_not_ready = max((t for t, ready in after_stop if ready != 200), default=outage.restarted)
    ready_again = next((t for t, ready in after_stop if ready == 200 and t > last_not_ready), None)
    return {
        "outcomes during": Counter(r.outcome for r in during),
        "outcomes after": Counter(r.outcome for r in after),
        "recovery": recovery,
        "readyz detected": None if first_not_ready is None else first_not_ready - outage.stopping,
        "readyz recovered": None if ready_again is None else max(0.0, ready_again - outage.restarted),
        "healthz": Counter(health for t, _name, _ready, health in probe_samples),
    }


def stored_submissions(topology, run_id):
    stored = {}
    for kind, table, prefix in (
        ("newsletter", "newsletter_subscriber", "load"),
        ("interest", "accounts_interest", "lead"),
    ):
        rows = topology.query(f"SELECT email FROM {table} WHERE email LIKE %s", (f"{prefix}-{run_id}-%",))  # noqa: S608 - fixed table names
        stored[kind] = {row[0] for row in rows}
    return stored


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
def machine():
    with open("/proc/cpuinfo") as cpuinfo:
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    with open("/proc/meminfo") as meminfo:
        memory = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1]) / 1024 / 1024
    return f"{model}, {os.cpu_count()} cores, {memory:.0f} GiB RAM"


def load_average():
    with open("/proc/loadavg") as loadavg:
        return " ".join(loadavg.read().split()[:3])


def software(topology):
    postgres = topology.query("SHOW server_version")[0][0]
    return (
        f"Python {platform.python_version()}, Django {version('django')}, Wagtail {version('wagtail')}, "
        f"gunicorn {version('gunicorn')}, PostgreSQL {postgres}, Redis {_redis_version()}; "
        f"{platform.system()} {platform.release()}"
    )


def _redis_version():
    output = subprocess.run(["redis-server", "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S607
    match = re.search(r"v=(\S+)", output)
    return match.group(1) if match else "?"


def counter_text(counter):
    return ", ".join(f"{name}: {count}" for name, count in counter.most_common()) or "none"


def markdown(report):
    lines = [
        "# Load and faults (bench/load_and_faults.py)",
        "",
        "Two gunicorn app servers with the production settings share one PostgreSQL cluster, one Redis",
        "and one S3 bucket (moto), all throwaway parts on this machine, page cache on. Clients are",
        "threads with a `requests.Session` each, on the same machine, asking again as soon as an answer",
        "comes, each request to either server at random, on a new connection (`Connection: close`, as",
        "nginx talks to its upstreams). Before the clock starts, every address is asked on every worker",
        "(the first search in a worker loads the word lists). Reproduce with",
        "`.venv/bin/python bench/load_and_faults.py`.",
        "",
        f"Run on {report['date']}",
        "",
        f"- Machine: {report['machine']} (load average at the start: {report['load']}; the machine is shared)",
        f"- Software: {report['software']}",
        f"- App servers: {report['servers']}",
        f"- Clients: {report['clients']}; mix: pages 55 %, API 35 %, newsletter sign-up 5 %, express interest 5 %"
        " (a submission is a GET of the form, then a POST)",
        "",
        f"## 1. Steady load: {report['clients']} clients for {report['phase1 seconds']:.0f} s",
        "",
        f"- Requests: {report['phase1 requests']} ({report['phase1 rps']:.0f}/s)",
        f"- Errors: {report['phase1 errors']} ({counter_text(report['phase1 error kinds'])})",
        *(f"  - {failure}" for failure in report["phase1 failures"]),
        "",
        "| kind | requests | errors | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| {k} | {n} | {e} | {p50:.0f} | {p95:.0f} | {p99:.0f} |"
            for k, n, e, p50, p95, p99 in report["phase1 rows"]
        ),
        "",
        f"## 2. PostgreSQL stopped for {report['outage seconds']:.0f} s under the same load",
        "",
        f"The cluster was stopped (`pg_ctlcluster stop --mode fast`) {report['outage offset']:.0f} s into a"
        f" {report['phase2 seconds']:.0f} s run and started again {report['outage seconds']:.0f} s later.",
        "",
        f"- Requests: {report['phase2 requests']}",
        f"- Answers while it was down: {counter_text(report['outage']['outcomes during'])}",
        "  (200s there are pages served from the shared page cache, which needs no database)",
        f"- Answers to requests sent after it was back: {counter_text(report['outage']['outcomes after'])}",
        *(f"  - no answer: {failure}" for failure in report["phase2 failures"]),
        "- Time to recover (PostgreSQL accepting connections → last failed answer):"
        f" {report['outage']['recovery']:.2f} s (limit {RECOVERY_LIMIT_SECONDS} s)",
        f"- /readyz said 503 {_seconds(report['outage']['readyz detected'])} after the stop and 200 again"
        f" {_seconds(report['outage']['readyz recovered'])} after the start",
        f"- /healthz answers during the run: {counter_text(report['outage']['healthz'])}",
        "",
        "## 3. Submissions",
        "",
        "| form | answered with success | stored | success but not stored | stored without a success answer |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {kind} | {len(row['accepted'])} | {len(row['stored'])} | {len(row['lost'])} | {len(row['orphans'])} |"
            for kind, row in report["submissions"].items()
        ),
        "",
        "## Verdict",
        "",
        *(f"- {'PASS' if passed else 'FAIL'}: {what}" for what, passed in report["checks"]),
        "",
    ]
    return "\n".join(lines)


def _seconds(value):
    return "—" if value is None else f"{value:.2f} s"


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------
def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--duration", type=float, default=60, help="seconds of steady load (phase 1)")
    parser.add_argument("--fault-duration", type=float, default=45, help="seconds of the run with the outage")
    parser.add_argument("--outage-offset", type=float, default=12, help="seconds into phase 2 when PostgreSQL stops")
    parser.add_argument("--outage", type=float, default=10, help="seconds PostgreSQL stays down")
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS-load.md", help="'-' prints only")
    args = parser.parse_args()

    run_id = secrets.token_hex(4)
    accepted = {"newsletter": set(), "interest": set()}
    report = {
        "date": datetime.date.today().isoformat(),
        "machine": machine(),
        "load": load_average(),
        "clients": args.clients,
        "servers": f"{args.servers} × gunicorn --workers {args.workers} --threads {args.threads}",
        "outage seconds": args.outage,
        "outage offset": args.outage_offset,
    }
    print(f"Building the topology (PostgreSQL, Redis, S3, migrate, load_demo, collectstatic)… run {run_id}", flush=True)
    with Topology(**RATE_LIMITS_RAISED) as topology:
        report["software"] = software(topology)
        app_servers = [
            topology.app_server(name, workers=args.workers, threads=args.threads) for name in "abcdefgh"[: args.servers]
        ]
        with running(*app_servers) as servers:
            targets = Targets.discover(servers[0].base_url)
            print(
                f"{len(targets.pages)} pages, {len(targets.api)} API addresses, {len(targets.offer_ids)} offers",
                flush=True,
            )
            _warm_up(servers, targets, concurrency=2 * args.workers * args.threads * args.servers)

            print(f"Phase 1: {args.clients} clients for {args.duration:.0f} s…", flush=True)
            results, elapsed = run_load(servers, targets, args.clients, args.duration, run_id, accepted)
            errors = Counter(r.outcome for r in results if r.outcome != "ok")
            report["phase1 failures"] = results.failures[:5]
            report.update(
                {
                    "phase1 seconds": elapsed,
                    "phase1 requests": len(results),
                    "phase1 rps": len(results) / elapsed,
                    "phase1 errors": sum(errors.values()),
                    "phase1 error kinds": errors,
                    "phase1 rows": latency_rows(results),
                }
            )

            print(
                f"Phase 2: the same for {args.fault_duration:.0f} s, PostgreSQL down for {args.outage:.0f} s…",
                flush=True,
            )
            outage, probe_stop = Outage(), threading.Event()
            probe = ReadinessProbe(servers, probe_stop)
            probe.start()
            fault = database_outage(topology, args.outage_offset, args.outage, outage)
            results, elapsed = run_load(servers, targets, args.clients, args.fault_duration, run_id, accepted, fault)
            probe_stop.set()
            probe.join()
            report.update(
                {
                    "phase2 seconds": elapsed,
                    "phase2 requests": len(results),
                    "phase2 failures": results.failures[:5],
                    "outage": outage_numbers(results, probe.samples, outage),
                }
            )
        stored = stored_submissions(topology, run_id)

    report["submissions"] = {
        kind: {
            "accepted": accepted[kind],
            "stored": stored[kind],
            "lost": accepted[kind] - stored[kind],
            "orphans": stored[kind] - accepted[kind],
        }
        for kind in accepted
    }
    bad_during = {k for k in report["outage"]["outcomes during"] if k not in ("ok", "503")}
    report["checks"] = [
        ("no error in phase 1", report["phase1 errors"] == 0),
        (
            "only 200 or 503 with Retry-After while PostgreSQL was down (no 500, traceback or dropped connection)",
            not bad_during,
        ),
        (
            f"every request sent more than {RECOVERY_LIMIT_SECONDS} s after PostgreSQL was back succeeded",
            report["outage"]["recovery"] <= RECOVERY_LIMIT_SECONDS,
        ),
        ("/healthz answered 200 throughout", set(report["outage"]["healthz"]) == {200}),
        (
            "every submission answered with success is stored",
            not any(row["lost"] for row in report["submissions"].values()),
        ),
        ("submissions were made", all(row["accepted"] for row in report["submissions"].values())),
    ]

    text = markdown(report)
    print(text)
    if str(args.output) != "-":
        args.output.write_text(text)
        print(f"Written to {args.output}")
    return 0 if all(passed for _what, passed in report["checks"]) else 1


def _warm_up(servers, targets, concurrency):
    """Every address on every worker, before the clock starts, as a deploy warms a server before the load
    balancer sends it readers: the first search in each worker loads the word lists (2-3 s when idle,
    tens of seconds when many requests pile up behind it). Rounds of concurrent requests until the
    slowest answer of a round is quick."""
    addresses = [(server, path) for server in servers for path in targets.pages + targets.api]
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for _round in range(5):
            slowest = max(pool.map(lambda address: _timed_get(*address), addresses * 4))
            if slowest < 2:
                return


def _timed_get(server, path):
    started = time.monotonic()
    requests.get(server.url(path), timeout=120, headers={"Connection": "close"})
    return time.monotonic() - started


if __name__ == "__main__":
    sys.exit(main())
