"""Requests per second of the site's pages and API through gunicorn, compared with a trivial Django view.

Run it as `bench/run` (see bench/README.md). For each scale (1,000 and 100,000 items in their own
databases), gunicorn with 2 workers serves the site twice, with the page cache off and then on;
each target is warmed up, its SQL queries are counted in a pass of their own, then wrk drives it
alone for a few seconds. At 1,000 items it then serves the site uncached once more for each cache
layer below the page cache, with that layer switched off (CACHE_LAYERS_OFF), to show what each
layer buys. Results go to stdout and to bench/RESULTS.md.
"""

import argparse
import ast
import concurrent.futures
import datetime
import http.client
import json
import shlex
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import ROOT, app_server, databases, report, wrk

# (what, {language: address}); the Polish site lives at the root and the English one under /en/.
PAGES = [
    ("home", {"pl": "/", "en": "/en/"}),
    ("article", {"pl": "/aktualnosci/klastry/", "en": "/en/news/clusters/"}),
    ("article index", {"pl": "/aktualnosci/", "en": "/en/news/"}),
    ("cluster index with map", {"pl": "/klastry/", "en": "/en/clusters/"}),
    (
        "company list, filtered",
        {
            "pl": "/baza-przedsiebiorstw/?voivodeship=kujawsko-pomorskie&size=small",
            "en": "/en/companies/?voivodeship=kujawsko-pomorskie&size=small",
        },
    ),
    ("offer list", {"pl": "/baza-ofert/", "en": "/en/offers/"}),
    ("search", {"pl": "/szukaj/?q=klaster", "en": "/en/search/?q=cluster"}),
]
# The API's articles in each language; the detail is the seed article "Klastry" and its translation.
API_LIST = "/api/articles/?locale={language}"
API_ARTICLE_SLUGS = {"pl": "klastry", "en": "clusters"}
TRIVIAL = "/bench/trivial/"
# Measured uncached beside the targets, to show where a page's cost lies, not judged against the
# goal: the site frame alone (bench/urls.py), and a page with a form and no rows to read.
REFERENCES = [("site frame only", "/bench/frame/"), ("newsletter form, no rows", "/newsletter/")]

COUNTING_REQUESTS = 4
# (mode, PAGE_CACHE_SECONDS and API_RESPONSE_CACHE_SECONDS, what the results file says about it)
MODES = [
    (
        "uncached",
        0,
        "`PAGE_CACHE_SECONDS=0`, `API_RESPONSE_CACHE_SECONDS=0`: every page is routed, its rows "
        "are read from PostgreSQL and it is rendered; the API answers in full (200). What the site "
        "keeps below whole pages, in Redis and in each worker's memory (the site and home page, "
        "navigation, list totals, filter choices, each search's counts and ranking, the maps; "
        'README, "Speed"), is in use, as on a server.',
    ),
    (
        "cached",
        300,
        "`PAGE_CACHE_SECONDS=300`, `API_RESPONSE_CACHE_SECONDS=300`, warmed: pages come from the page cache in "
        "Redis; API requests are conditional (`If-None-Match` with the current ETag), answered 304 Not Modified "
        "from the API's answer cache in Redis.",
    ),
]


# "What each layer buys" is measured at this scale only, uncached, on the Polish targets.
LAYER_ITEMS = 1000


def cache_layers():
    """The names in cms/generation.py's LAYERS, read from its source: importing it needs Django settings."""
    tree = ast.parse((ROOT / "cms" / "generation.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "LAYERS" for target in node.targets):
            return ast.literal_eval(node.value)
    raise RuntimeError("no LAYERS = (...) in cms/generation.py")


def layer_target(target):
    """The targets of the layer table: the Polish pages and API, no references."""
    return target.language == "pl" and not target.reference


@dataclass(frozen=True)
class Target:
    name: str
    language: str
    path: str
    api: bool = False
    reference: bool = False


class TargetFailed(Exception):
    """A target that does not answer as it should: reported in its row, and the run goes on."""


def fetch(url, headers=None):
    """(status, headers) of one GET; error statuses are answers too, and 0 is no answer at all."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - our own server on 127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            response.read()
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers
    except (OSError, http.client.HTTPException):  # e.g. gunicorn killed a worker that took too long
        return 0, {}


def api_article_id(base_url, language):
    url = f"{base_url}/api/articles/by-slug/{API_ARTICLE_SLUGS[language]}/?locale={language}"
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310
        return json.load(response)["id"]


def targets(base_url, cached):
    found = [] if cached else [Target(name, "pl", path, reference=True) for name, path in REFERENCES]
    for language in ("pl", "en"):
        found += [Target(name, language, paths[language]) for name, paths in PAGES]
        found.append(Target("API list", language, API_LIST.format(language=language), api=True))
        found.append(Target("API detail", language, f"/api/articles/{api_article_id(base_url, language)}/", api=True))
    return found


def request_headers(base_url, target, cached):
    """A cached API request is a conditional one, with the ETag the server gave a moment ago."""
    if not (cached and target.api):
        return {}
    status, headers = fetch(base_url + target.path)
    if status != 200 or not headers.get("ETag"):
        raise TargetFailed(f"answered {status or 'nothing'} without an ETag")
    return {"If-None-Match": headers["ETag"]}


def warm_up(base_url, target, headers, rounds):
    """A few rounds of concurrent requests, so that both workers have filled their caches (and the page cache)."""
    with concurrent.futures.ThreadPoolExecutor(app_server.WORKERS * 2) as pool:
        for _ in range(rounds):
            statuses = set(pool.map(lambda _: fetch(base_url + target.path, headers)[0], range(app_server.WORKERS * 2)))
            if not statuses <= {200, 304}:
                raise TargetFailed("answered " + ", ".join(str(status or "nothing") for status in sorted(statuses)))


def count_queries(base_url, target, headers, cached):
    """The most SQL queries any of a few requests needed, and how the last was served."""
    counts = []
    for _ in range(COUNTING_REQUESTS):
        status, answer = fetch(base_url + target.path, {**headers, "X-Count-Queries": "1"})
        counts.append(int(answer.get("X-Query-Count", -1)))
    if not cached:
        served_as = ""
    elif target.api:
        served_as = "304 Not Modified" if status == 304 else f"{status}, not 304"
    else:
        served_as = {"hit": "page cache hit", "miss": "page cache miss"}.get(
            answer.get("X-Page-Cache"), "rendered: not cacheable"
        )
    return max(counts), served_as


def run_mode(base_url, cached, args, items, chosen=None, duration=None):
    """The rows of one mode: the trivial view's first, then each target's (those `chosen` lets
    through, all by default), each driven for `duration` seconds (default --duration)."""
    duration = duration or args.duration
    trivial_duration = max(1, duration // 2)
    trivial_target = Target("trivial view", "", TRIVIAL)
    prepared = []
    for target in [trivial_target, *filter(chosen, targets(base_url, cached))]:
        try:
            headers = request_headers(base_url, target, cached)
            warm_up(base_url, target, headers, args.warm_up_rounds)
            prepared.append((target, headers, *count_queries(base_url, target, headers, cached)))
        except TargetFailed as failure:
            if target is trivial_target:
                raise
            prepared.append((target, None, -1, f"failed: {failure}"))

    def timed(target, headers, seconds):
        header_lines = [f"{name}: {value}" for name, value in headers.items()]
        return wrk.run(base_url + target.path, headers=header_lines, seconds=seconds, connections=args.connections)

    # Each target is paired with a run of the trivial view just before it: the machine is shared
    # and its load drifts, so a ceiling measured minutes earlier would skew the ratio.
    trivial_results, rows = [], []
    for target, headers, queries, served_as in prepared[1:]:
        if headers is None:
            rows.append({**_row(target, None, queries, served_as), "trivial_rps": 0, "baseline": None})
            print(f"  {target.language} {target.name:<23} {served_as}", flush=True)
            continue
        trivial = timed(trivial_target, {}, trivial_duration)
        result = timed(target, headers, duration)
        trivial_results.append(trivial)
        row = {
            **_row(target, result, queries, served_as),
            "trivial_rps": trivial.requests_per_second,
            "baseline": report.baseline(items, target.name, target.language),
        }
        rows.append(row)
        print(
            f"  {target.language} {target.name:<23} {result.requests_per_second:7.1f} req/s"
            f"  p50 {result.p50_ms:6.1f} ms  p99 {result.p99_ms:6.1f} ms"
            f"  {report.ratio(row['rps'], row['trivial_rps']):>7} of {row['trivial_rps']:.0f}"
            f"  {queries:2} queries  {served_as}  goal: {report.verdict(row, cached)}",
            flush=True,
        )
    trivial_row = _row(trivial_target, _mean(trivial_results), *prepared[0][2:])
    return [{**trivial_row, "trivial_rps": trivial_row["rps"]}, *rows]


def _mean(results):
    def mean(values):
        values = list(values)
        return sum(values) / len(values)

    return wrk.Result(
        requests_per_second=mean(r.requests_per_second for r in results),
        p50_ms=mean(r.p50_ms for r in results),
        p99_ms=mean(r.p99_ms for r in results),
        requests=sum(r.requests for r in results),
        errors=sum(r.errors for r in results),
    )


def _row(target, result, queries, served_as):
    return {
        "name": target.name,
        "language": target.language,
        "path": target.path,
        "rps": result.requests_per_second if result else 0,
        "p50": result.p50_ms if result else None,
        "p99": result.p99_ms if result else None,
        "errors": result.errors if result else 0,
        "queries": None if queries < 0 else queries,
        "served_as": served_as,
        "reference": target.reference,
    }


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.splitlines()[0])
    parser.add_argument("--scales", help="items per database, comma-separated (default 1000,100000; --quick: 1000)")
    parser.add_argument("--duration", type=int, help="seconds of wrk per target (default 5; --quick: 1)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (default 4: twice the workers)")
    parser.add_argument("--reseed", action="store_true", help="drop and seed the databases again")
    parser.add_argument("--quick", action="store_true", help="a short smoke run; writes no results file")
    parser.add_argument("--output", type=Path, help="results file (default bench/RESULTS.md; none with --quick)")
    parser.add_argument(
        "--gunicorn-config", default="gunicorn.conf.py", help="gunicorn config file (default: the project's)"
    )
    parser.add_argument(
        "--layers",
        action=argparse.BooleanOptionalAction,
        help='at 1,000 items, uncached, each cache layer switched off in turn: "What each layer buys" '
        "(default on; --quick: off)",
    )
    parser.add_argument(
        "--layer-duration", type=int, default=3, help="seconds of wrk per target for the layer table (default 3)"
    )
    args = parser.parse_args(argv)
    if args.layers is None:
        args.layers = not args.quick
    args.scales = [int(n) for n in (args.scales or ("1000" if args.quick else "1000,100000")).split(",")]
    args.duration = args.duration or (1 if args.quick else 5)
    args.trivial_duration = max(1, args.duration // 2)
    args.warm_up_rounds = 1 if args.quick else 3
    if args.output is None and not args.quick:
        args.output = ROOT / "bench" / "RESULTS.md"
    return args


@contextmanager
def _serving(env, log, args):
    """The server for one mode; its log's tail goes to stderr when anything fails."""
    try:
        with app_server.serving(env, log, args.gunicorn_config) as base_url:
            yield base_url
    except Exception:
        print(f"gunicorn's log ({log}):\n{log.read_text()[-5000:] if log.exists() else ''}", file=sys.stderr)
        raise


def _uncached(env):
    return {**env, "PAGE_CACHE_SECONDS": "0", "API_RESPONSE_CACHE_SECONDS": "0"}


def measure_layers(scale_env, scratch, args):
    """(rows with every layer on, {layer: rows with that one layer off}), uncached, the Polish targets only.

    The run with every layer on is measured here again rather than taken from the uncached table,
    with the same durations as the runs it is compared with and minutes, not a quarter hour, apart.
    """
    found = {}
    for layer in ("", *cache_layers()):
        print(f"{LAYER_ITEMS:,} items, uncached, CACHE_LAYERS_OFF={layer or '(none)'}:", flush=True)
        log = Path(scratch) / f"gunicorn-layer-{layer or 'none'}.log"
        with _serving({**_uncached(scale_env), "CACHE_LAYERS_OFF": layer}, log, args) as base_url:
            found[layer] = run_mode(
                base_url, False, args, LAYER_ITEMS, chosen=layer_target, duration=args.layer_duration
            )
    return found.pop(""), found


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    wrk.require_wrk()
    started, load_before = time.monotonic(), report.load_average()
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as scratch:
        env = app_server.base_env(Path(scratch) / "static")
        app_server.collect_static(env)
        results, layers = {}, None
        for items in args.scales:
            name = databases.prepare(items, env, reseed=args.reseed)
            scale_env = {**env, "DATABASE_URL": databases.url_for(name)}
            for mode, seconds, _description in MODES:
                print(f"{items:,} items, {mode}:", flush=True)
                log = Path(scratch) / f"gunicorn-{name}-{mode}.log"
                mode_env = {**scale_env, "PAGE_CACHE_SECONDS": str(seconds), "API_RESPONSE_CACHE_SECONDS": str(seconds)}
                with _serving(mode_env, log, args) as base_url:
                    results[items, mode] = run_mode(base_url, seconds > 0, args, items)
            if args.layers and items == LAYER_ITEMS:
                layers = measure_layers(scale_env, scratch, args)
                print("\n" + layers_markdown(layers, args) + "\n", flush=True)
        if args.layers and layers is None:
            print(f"No layer table: it is measured at {LAYER_ITEMS:,} items, not among --scales.", flush=True)
    text = results_markdown(args, argv, results, layers, load_before, time.monotonic() - started)
    print("\n" + text)
    if args.output:
        args.output.write_text(text)
        print(f"Written to {args.output}")


INTRODUCTION = """\
# Pages and API under load (bench/run)

Generated by `bench/run`; do not edit by hand. Each scale is a PostgreSQL database of its own
holding the demo portal plus that many synthetic items: a third articles, a third companies, a
third offers, all Polish and all in the search index (`manage.py load_demo --scale`); the English
pages show the demo's translations. gunicorn serves the production settings with {workers}
workers (`gunicorn.conf.py`, Redis for cache and sessions, WhiteNoise). Each target is warmed up,
then wrk drives it alone for {duration} s over {connections} connections.

**vs trivial** is requests per second against a trivial Django view served by the same gunicorn
and middleware (`/bench/trivial/`): 1/3 means one request of the target for every three of the
trivial view. The machine's load drifts, so each target is paired with a {trivial_duration} s run
of the trivial view just before its own; the trivial view's row shows the mean of those runs.
**queries** is the most SQL queries any of {counting} warm requests needed, counted in a pass of
its own (`bench/query_count.py`), never during the timed runs.

**goal**: no request needs more than {goal_queries} queries, cached or not. Cached, a target serves
at least 1/{goal_cached} of the trivial view. Uncached, a target is no more than {goal_slower} %
slower than its **baseline**, its own "vs trivial" in the {baseline_items:,}-item uncached table of
the results of 2026-11-27 (`bench/baseline.json`): its ratio to the trivial view may be at most
{goal_factor} times the baseline's. A target without a baseline (any other scale) is judged on its
queries alone. For comparison, Wagtail's bakery demo serves its pages at 1/44 to 1/113 of a trivial
view on a 2-core machine, with 22 to 47 queries per page. The two **reference** rows of the
uncached tables are not judged: the site frame alone (`/bench/frame/`: head, header with
navigation and language links, footer; no page and no query), which every page pays before it
shows anything of its own, and the newsletter page, a form and no rows to read.
"""

LAYERS_INTRODUCTION = """\
What each cache layer below the page cache buys (`cms/generation.py`, `LAYERS`): the site served
uncached once with every layer on, then once for each layer with that layer alone switched off
(`CACHE_LAYERS_OFF=<layer>`); the Polish targets are driven for {duration} s each, paired with the
trivial view as above. A cell is how much faster the target is with the layer on than off, from the
two ratios to the trivial view (ratio off / ratio on - 1; +23 % means the target costs 23 % more
of the trivial view without the layer), then the queries with the layer off. A layer that buys less
than {keep} % on every target goes. One short run per cell on a shared machine: differences of
a few tens of percent can be noise."""


def layers_markdown(layers, args):
    on_rows, off_rows_by_layer = layers
    return (
        LAYERS_INTRODUCTION.format(duration=args.layer_duration, keep=round(report.LAYER_KEEPS_ITS_PLACE * 100))
        + "\n\n"
        + report.layer_table(on_rows, off_rows_by_layer)
    )


def results_markdown(args, argv, results, layers, load_before, elapsed):
    lines = [
        INTRODUCTION.format(
            workers=app_server.WORKERS,
            duration=args.duration,
            trivial_duration=args.trivial_duration,
            connections=args.connections,
            counting=COUNTING_REQUESTS,
            goal_cached=report.GOAL_CACHED,
            goal_queries=report.GOAL_QUERIES,
            goal_slower=round(report.GOAL_SLOWER * 100),
            goal_factor=1 + report.GOAL_SLOWER,
            baseline_items=report.BASELINE_ITEMS,
        ),
        f"- Date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- Machine: {report.machine()}; load average {load_before} at the start (a shared machine: expect noise)",
        f"- Versions: {report.versions(databases.name_for(args.scales[0]))}",
        f"- Command: `{shlex.join(['bench/run', *argv])}` ({elapsed / 60:.0f} min in all)",
    ]
    for items in args.scales:
        lines += ["", f"## {items:,} items ({databases.name_for(items)})"]
        for mode, _seconds, description in MODES:
            rows = results[items, mode]
            judged = [row for row in rows[1:] if not row["reference"]]
            met = sum(report.verdict(row, mode == "cached") == "yes" for row in judged)
            lines += ["", f"### {mode.capitalize()}", "", description, ""]
            lines += [report.table(rows, cached=mode == "cached"), "", f"Goal met by {met} of {len(judged)} targets."]
        if layers and items == LAYER_ITEMS:
            lines += ["", "### What each layer buys", "", layers_markdown(layers, args)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
