"""Search latency per backend and size: the first-time search page, the API search and type-ahead, p50/p95.

One run measures one database, PostgreSQL or SQLite as DATABASE_URL says, and prints its section;
with --results it also writes that section into a results file, keeping the other backends' and
sizes' sections, so that four runs (two backends, 1,000 and 100,000 items) make one file:

    createdb -h 127.0.0.1 -U postgres agency_search_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/agency_search_bench \\
        .venv/bin/python bench/search_latency.py --items 100000 --results bench/RESULTS-search.md
    DATABASE_URL=sqlite:////tmp/search100k.sqlite3 \\
        .venv/bin/python bench/search_latency.py --items 100000 --results bench/RESULTS-search.md

The database is migrated, then seeded with `manage.py load_demo --scale` (--items is the total of
synthetic articles, companies and offers, a third of each; load_demo indexes what it adds) unless it
holds them already or --skip-seed is given. The numbers are reported, not asserted.
"""

import argparse
import datetime
import functools
import math
import os
import platform
import re
import statistics
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The test settings: DEBUG off (no query log), a local-memory cache and no page cache, so that
# what is measured is the search itself.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache, caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402

from wagtail.models import Locale  # noqa: E402
from wagtail.search.models import IndexEntry  # noqa: E402

from articles.models import ArticlePage  # noqa: E402
from cms import after_response  # noqa: E402
from cms.generation import GENERATION_KEY  # noqa: E402
from registry.models import Company, Offer  # noqa: E402
from search.highlight import highlight, matching_text, snippet, summaries  # noqa: E402
from search.public import INDEX_VERSION, hidden_counts_key  # noqa: E402
from search.queries import KINDS, parse, search_queryset, search_site, search_slice, suggest  # noqa: E402

# What readers type: the broad queries of issue #19 first (thousands of matches at 100,000 items),
# then five more over 10,000 matches there, from the synthetic content's own words (demo/scale.py),
# then rare ones, several words and no match at all.
QUERIES = [
    "klaster",
    "lodz przedsiebiorstwa",
    "technologia",
    "przedsiębiorstwa",
    "oferta syntetyczna",
    "współpraca",
    "syntetyczny",  # every synthetic item: article leads, company names, offers
    "firma",  # companies, and offers through their company's name
    "artykuł",  # every synthetic article's title
    "testy wydajności",  # article bodies and offer summaries
    "syntetyczny lead artykułu",  # three words, all in every synthetic article's lead
    "klastrów w toruniu",
    "innowacje i eksport",
    "energia odnawialna",
    "bydgoszcz",
    "firma syntetyczna torun",
    "hydroponika",
]
PREFIXES = ["kl", "klas", "toru", "lodz", "firma syn", "ofer", "energ", "bydg", "syn", "art", "wsp", "przeds"]

# The aim of issue #19 for a first-time search page at p95, per backend (connection.vendor).
AIM_MS = {"postgresql": 50, "sqlite": 100}
BACKEND_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
# The settings that choose how search ranks and counts, shown with each section where the site has them.
SEARCH_SETTINGS = ("SEARCH_EXACT_COUNT_LIMIT",)
RESULTS_TITLE = "# Search latency (bench/search_latency.py)"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


@functools.cache
def polish_locale():
    return Locale.objects.get(language_code="pl")


def forget_searches(published=False):
    """Nothing kept from an earlier search: the content cache (counts, rankings, anything else a
    search keeps until content changes) is emptied before every run; the "search_rankings" layer
    is off besides (see main). The content itself has not changed, as on a site serving searches
    between two publishes: the generation stays, and so does each kind's number of items not public,
    which the shared cache keeps for the generation (search/public.py's hidden_counts: a count of the
    content, the same for every search). With `published`, the generation moves on too, as a publish
    moves it: the first search after one, which counts those again after its response."""
    # What the shared cache holds of the content's state (the test settings' local memory, emptied with
    # the content cache): its generation, the index's version and each kind's number of items not public.
    content_state = cache.get_many([GENERATION_KEY, INDEX_VERSION.key, hidden_counts_key(polish_locale())])
    caches["content"].clear()
    if not published:
        cache.set_many(content_state, timeout=None)


class TooSlow(Exception):
    pass


class Deadline:
    """Stops the SQL statement still running after `seconds` (sqlite3's interrupt(), psycopg's cancel()),
    so that one pathological query cannot hold up the whole run; raises TooSlow instead."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.fired = False

    def cancel(self):
        self.fired = True
        if self.vendor == "sqlite":
            self.raw.interrupt()
        elif hasattr(self.raw, "cancel"):
            self.raw.cancel()

    def __enter__(self):
        # The DB-API connection, read here: Django's connections belong to the thread that opened them.
        connection.ensure_connection()
        self.raw, self.vendor = connection.connection, connection.vendor
        self.timer = threading.Timer(self.seconds, self.cancel)
        self.timer.start()
        return self

    def __exit__(self, kind, error, traceback):
        self.timer.cancel()
        if self.fired and error is not None:
            raise TooSlow(f"over {self.seconds:g} s, stopped") from error
        return False


def call(function, seconds, published=False):
    """Milliseconds of one call of `function`, made from nothing kept, within `seconds`; with
    `published`, right after a publish. As in a request, work handed to after the response
    (cms/after_response.py) is done after it, untimed: the reader does not wait for it."""
    forget_searches(published)
    after_response.open_request()
    try:
        with Deadline(seconds):
            start = time.perf_counter()
            function()
            return (time.perf_counter() - start) * 1000
    finally:
        after_response.close_request()


def timed(function, args, published=False):
    """Milliseconds of --runs calls of `function` after one warm-up call, each from nothing kept (with
    `published`, each right after a publish); a function whose warm-up takes over --slow-seconds is
    timed --slow-runs times instead."""
    warm_up = call(function, args.timeout, published)
    runs = args.slow_runs if warm_up > args.slow_seconds * 1000 else args.runs
    return [call(function, args.timeout, published) for _ in range(runs)]


def site_page(query, locale):
    """What the search page computes for a search nobody made before: the counts of every kind and
    the first ten results, merged by rank (rendering, highlighting and HTTP not included)."""
    results = search_site(query, locale)
    results.counts  # noqa: B018 - computed on first use
    return results, list(results[0:10])


def api_page(query):
    """What the API's offers list computes with ?search=: the total and a page of 20 (api/search.py's ranked_page)."""
    return search_slice(Offer.objects.published("pl"), query, "pl", 0, 20)


def exact_matches(query, locale):
    """Every kind's public matches, counted exactly (the page may show "over 1,000"), outside any timing."""
    return sum(search_queryset(kind.public(locale), query, locale).count() for kind in KINDS)


def highlight_hits(results, hits, language):
    """The search page's highlighting of the shown results: title, kind and snippet of each."""
    for hit in hits:
        highlight(hit.item.title, results.query, language)
        highlight(hit.kind.singular, results.query, language)
        snippet(matching_text(summaries(hit.item), results.query, language), results.query, language)


# Where a search page's time goes: each SQL statement is timed (execute_wrapper) and put in a phase
# by what it does. A statement that orders by a full-text score ranks; one that counts, counts (one
# that does both, as a ranked query with a window count, is "rank + count"); anything else reads
# rows (the shown items, locales, restrictions). SQLite computes a statement's later rows while
# they are read, after execute() returns: the reading of its joint statement (search/sqlite.py's
# KindsMatch.rows) is timed too and put in that statement's phase, not in Python's share.
RANKING = re.compile(r"ts_rank|bm25\(|score|\brank\b", re.IGNORECASE)
# A count of matches: of a subquery of them, a window over them or a queryset's count() (not a count of
# other rows that a ranking statement reads, as search/postgres.py's of each word's first rows).
COUNTING = re.compile(r"COUNT\(\*\)\s+(FROM\s*\(|OVER|AS \"__count\")", re.IGNORECASE)
PHASES = ("rank", "count", "rank + count", "rows")


def phase_of(sql):
    ranks = "ORDER BY" in sql.upper() and bool(RANKING.search(sql))
    counts = bool(COUNTING.search(sql))
    if ranks and counts:
        return "rank + count"
    return "rank" if ranks else "count" if counts else "rows"


class StatementTimer:
    def __init__(self):
        self.phases = dict.fromkeys(PHASES, 0.0)
        self.statements = 0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.phases[phase_of(sql)] += (time.perf_counter() - start) * 1000
            self.statements += 1

    @contextmanager
    def reading_sqlites_rows(self):
        """Within it, the time SQLite spends computing its joint statement's rows as they are read is
        put in that statement's phase (its execute() alone is timed by __call__)."""
        if connection.vendor != "sqlite":
            yield
            return
        from search.sqlite import KindsMatch  # noqa: PLC0415 - the FTS5 model exists on SQLite only

        read = KindsMatch.rows

        def timed(sql, params):
            phase = phase_of(sql)
            before = self.phases[phase]
            start = time.perf_counter()
            try:
                return read(sql, params)
            finally:
                # The whole call, execute() and reading, in place of execute() alone.
                self.phases[phase] = before + (time.perf_counter() - start) * 1000

        with mock.patch.object(KindsMatch, "rows", staticmethod(timed)):
            yield


def breakdown(query, locale, runs, seconds):
    """Medians, over `runs` first-time searches, of each phase of the search page, in ms."""
    language = locale.language_code
    samples = []
    for _ in range(runs):
        forget_searches()
        timer = StatementTimer()
        start = time.perf_counter()
        with Deadline(seconds), connection.execute_wrapper(timer), timer.reading_sqlites_rows():
            results, hits = site_page(query, locale)
        total = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        highlight_hits(results, hits, language)
        highlighting = (time.perf_counter() - start) * 1000
        sample = dict(timer.phases)
        sample.update(
            statements=timer.statements,
            total=total,
            python=total - sum(timer.phases.values()),
            highlight=highlighting,
        )
        samples.append(sample)
    return {name: statistics.median(sample[name] for sample in samples) for name in samples[0]}


PLANNING_TIME = re.compile(r"Planning Time: ([\d.]+) ms")


class PlanningTimer:
    """On PostgreSQL, how long the planner takes for each statement of a search page: each one is planned
    again right after it ran (EXPLAIN without ANALYZE plans and does not execute), under the same
    settings, as search/postgres.py's `planned()` sets them for the statement alone."""

    def __init__(self):
        self.ms = 0.0

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        # Only queries can be explained: not SAVEPOINT, nor the statements around a transaction.
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            with context["connection"].cursor() as cursor:
                cursor.execute(f"EXPLAIN (SUMMARY ON) {sql}", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            self.ms += float(PLANNING_TIME.search(plan).group(1))
        return result


def planning(query, locale, runs, seconds):
    """The median, over `runs` first-time searches, of PostgreSQL's planning time for all the search
    page's statements, in ms; measured in runs of their own, as planning them again doubles it."""
    samples = []
    for _ in range(runs):
        forget_searches()
        timer = PlanningTimer()
        with Deadline(seconds), connection.execute_wrapper(timer):
            site_page(query, locale)
        samples.append(timer.ms)
    return statistics.median(samples)


def sqlite_apart_once(query, locale, seconds):
    """What SQLite's joint statement (search/sqlite.py's KindsMatch) does for `query`, in ms, timed in
    one go so that a change in the machine's speed falls on every part alike: the whole statement,
    as a first-time search page runs it; finding every match in FTS5's index alone (its doclists);
    reading every match of the page's kinds (the same and the join to the index entries); the same
    with each match scored by bm25(); and the same again kept in a table of the statement's own, as
    the joint statement keeps its matches."""
    from search.sqlite import TARGET, FTSIndexEntry, KindsMatch  # noqa: PLC0415 - the FTS5 model exists on SQLite only
    from search.topk import index_match  # noqa: PLC0415 - the page's own match

    sample = {}
    read = KindsMatch.rows

    def timed(sql, params):
        start = time.perf_counter()
        try:
            return read(sql, params)
        finally:
            sample["joint"] = (time.perf_counter() - start) * 1000

    forget_searches()
    with Deadline(seconds), mock.patch.object(KindsMatch, "rows", staticmethod(timed)):
        site_page(query, locale)

    match = index_match(parse(query, locale), KINDS[0].model)
    match = match.over(sorted({pk for kind in KINDS for pk in match.for_model(kind.model).content_types}))
    scored, params = match.scored()
    # MAX() over every row makes SQLite read each match's entry, and MIN() its score where asked;
    # bm25() is not allowed in an aggregate, and LIMIT -1 keeps SQLite from flattening its subquery.
    fts = connection.ops.quote_name(FTSIndexEntry._meta.db_table)
    statements = (
        ("finding", f"SELECT COUNT(*) FROM {fts} WHERE {match.match_sql}", match.match_params),  # noqa: S608
        ("reading", f"SELECT COUNT(*), MAX({TARGET}) {match.from_sql()}", match.match_params),  # noqa: S608
        ("scoring", f"SELECT COUNT(*), MAX(target), MIN(score) FROM ({scored} LIMIT -1)", params),  # noqa: S608
        (
            "keeping",
            f"WITH matched AS MATERIALIZED ({scored}) SELECT COUNT(*), MAX(target), MIN(score) FROM matched",  # noqa: S608
            params,
        ),
    )
    with Deadline(seconds), connection.cursor() as cursor:
        for name, sql, statement_params in statements:
            start = time.perf_counter()
            cursor.execute(sql, statement_params)
            found = cursor.fetchone()[0]
            sample[name] = (time.perf_counter() - start) * 1000
            if name != "finding":  # FTS5 alone finds the matches of every model, not only the page's kinds
                sample["matches"] = found
    return sample


def runs_joint_statement(query, locale):
    """Whether the search page of `query` runs SQLite's joint statement: not where its terms' kept hits
    rank it (search/sqlite.py's KeptHitsKinds)."""
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    forget_searches()
    with CaptureQueriesContext(connection) as searched:
        site_page(query, locale)
    return any("matched AS MATERIALIZED" in statement["sql"] for statement in searched.captured_queries)


def sqlite_apart(queries, locale, args, out):
    """SQLite's joint statement of each query over the aim that runs it, taken apart."""
    queries = [query for query in queries if runs_joint_statement(query, locale)]
    if not queries:
        return
    out("#### SQLite's joint statement apart")
    out()
    out(
        "The search page's one statement (rank + count above) reads every match of its kinds, scores each "
        "with FTS5's bm25() and keeps them in a table of its own; from that table it counts each kind, "
        "takes each kind's best and, where a kind's public matches all rank below the shared best, ranks "
        "that kind apart (offers and services: first its own items, by one lookup each, then, if those "
        "hold too few public ones, its public items). Four steps are timed as statements of their own "
        "that do only that, each one step more than the one before, in the same run as the whole "
        "statement: **finding** the matches in FTS5's index alone, **reading** each one's index entry "
        "(its kind and item), scoring each with **bm25()**, and **keeping** them; **the rest** is the "
        "whole statement's time less the fourth's. Medians over runs of each part's share."
    )
    out()
    out(
        "| query | matches read | finding ms | reading ms | bm25() ms | keeping ms | the rest ms | joint statement ms |"
    )
    out("|---|---:|---:|---:|---:|---:|---:|---:|")
    for query in queries:
        try:
            samples = [sqlite_apart_once(query, locale, args.timeout) for _ in range(args.breakdown_runs)]
        except Exception as error:
            out(f"| {query} | {failure(error)} | | | | | | |")
            continue

        def median(share, samples=samples):
            return ms(statistics.median(share(sample) for sample in samples))

        out(
            f"| {query} | {samples[0]['matches']:,} | {median(lambda s: s['finding'])} | "
            f"{median(lambda s: s['reading'] - s['finding'])} | "
            f"{median(lambda s: s['scoring'] - s['reading'])} | {median(lambda s: s['keeping'] - s['scoring'])} | "
            f"{median(lambda s: s['joint'] - s['keeping'])} | {median(lambda s: s['joint'])} |"
        )
    out()


def machine_speed(runs=200):
    """p50 ms of two fixed tasks, the same in every run of this script: one row read by primary key
    through the ORM (the database and Django's overhead), and a loop of pure Python. Sections
    measured on different machines, or on one machine whose speed changes, compare by these."""
    polish = Locale.objects.get(language_code="pl").pk

    def median_ms(function):
        durations = []
        for _ in range(runs):
            start = time.perf_counter()
            function()
            durations.append((time.perf_counter() - start) * 1000)
        return statistics.median(durations)

    row = median_ms(lambda: Locale.objects.filter(pk=polish).first())
    loop = median_ms(lambda: sum(number * number for number in range(100_000)))
    return row, loop


def synthetic_items():
    return (
        ArticlePage.objects.filter(author="Bench").count()
        + Company.objects.filter(name__startswith="Firma Syntetyczna").count()
        + Offer.objects.filter(title__startswith="Oferta syntetyczna").count()
    )


def nominal(items):
    """1,002 -> 1,000; 100,002 -> 100,000: the size a dataset is known by."""
    return round(items, 2 - len(str(items))) if items >= 100 else items


def seed(items):
    per_kind = math.ceil(items / 3)
    synthetic = Company.objects.filter(name__startswith="Firma Syntetyczna").count()
    if synthetic >= per_kind:
        print(f"Seed: {synthetic} synthetic companies already there, not seeding again.")
        return None
    if synthetic:
        # Adding to another size's content would leave a dataset of neither size.
        sys.exit(
            f"The database holds {synthetic_items():,} synthetic items, not {items:,}: "
            "measure them with --skip-seed, or give this size a database of its own."
        )
    print(f"Seed: manage.py load_demo --scale {per_kind} ({per_kind} articles, companies and offers each)")
    start = time.perf_counter()
    call_command("load_demo", scale=per_kind)
    return time.perf_counter() - start


def rebuild():
    start = time.perf_counter()
    call_command("rebuild_search_index", verbosity=1)
    return time.perf_counter() - start


def settle():
    """Fresh planner statistics, and on PostgreSQL the visibility map autovacuum keeps: after a bulk load
    index-only scans would read the table for every row until autovacuum came by, which a site that
    has run a while never waits for."""
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - start


def machine():
    with open("/proc/cpuinfo") as cpuinfo:
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    with open("/proc/meminfo") as meminfo:
        memory_kb = int(next(line.split()[1] for line in meminfo if line.startswith("MemTotal")))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("SELECT sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
    return (
        f"{model}, {os.cpu_count()} cores, {memory_kb / 1024 / 1024:.0f} GiB; {database}; "
        f"Python {platform.python_version()}; {platform.system()} {platform.release()}"
    )


def extensions():
    """The PostgreSQL extensions that search may use, as installed in this database."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT extname, extversion FROM pg_extension WHERE extname IN ('btree_gin', 'pg_trgm') ORDER BY 1"
        )
        found = [f"{name} {version}" for name, version in cursor.fetchall()]
    return ", ".join(found) or "none (no btree_gin)"


def ms(value):
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def failure(error):
    return f"failed: {type(error).__name__}: {(str(error).splitlines() or [''])[0][:100]}"


def measured(count, function, args):
    """(matches, durations), or (None, what failed) when the operation raises: the other rows go on."""
    try:
        with Deadline(args.timeout):
            matches = count()
        return matches, timed(function, args)
    except Exception as error:
        args.failed += 1
        return None, failure(error)


def summary(durations, runs=None):
    """The p50 and p95 cells of a table row; the number of runs where it is not the usual."""
    if not durations:
        return "– | –"
    fewer = f" ({len(durations)} runs)" if runs is not None and len(durations) != runs else ""
    return f"{ms(statistics.median(durations))} | {ms(percentile(durations, 0.95))}{fewer}"


def overall(what, durations, args):
    """The label of a table's last row; rows that failed have no durations in it, and it says so."""
    failed = args.failed
    args.failed = 0
    return f"**all {what}**" + (f" (without the {failed} that failed)" if failed else "")


def measure(args, out):
    """Times every query and prefix, writing the section's lines to `out` as they are measured."""
    polish = Locale.objects.get(language_code="pl")
    vendor = connection.vendor
    aim = AIM_MS.get(vendor)
    items = synthetic_items()
    load = os.getloadavg()

    out(f"## {BACKEND_NAMES.get(vendor, vendor)}, {nominal(items):,} items")
    out()
    out(f"Run on {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC.")
    out()
    out(f"- Machine: {machine()}")
    out(f"- Load average at the start: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} (shared machine: expect noise)")
    row, loop = machine_speed()
    out(
        f"- Speed of the machine at the start (p50): a row read by primary key through the ORM {row:.2f} ms, "
        f"a fixed loop of Python (100,000 squares summed) {loop:.1f} ms"
    )
    out(
        f"- Content: {items:,} synthetic items (a third each articles, companies, offers) plus the demo portal; "
        f"index: {IndexEntry.objects.count():,} entries"
    )
    out(f"- Database: `{Path(str(connection.settings_dict['NAME'])).name}`")
    chosen = [
        f"{name} {getattr(settings, name)!r}" if hasattr(settings, name) else f"{name} unset"
        for name in SEARCH_SETTINGS
    ]
    out(f"- Search settings: {', '.join(chosen)} (unset: the default of search/)")
    if vendor == "postgresql":
        out(f"- PostgreSQL extensions for search: {extensions()}")
    for label, seconds in args.preparation:
        out(f"- {label} took {seconds:.0f} s")
    out(f"- {args.runs} timed runs per query after one warm-up; nothing kept from an earlier search in any run")
    if connection.vendor == "postgresql":
        out(
            "- Kept for the content as it is, as between two changes on a site: each kind's number of items not "
            "public (search/public.py); the first search after a publish counts them after its response, untimed"
        )
    out()

    # Warm-up of what every process pays once: the dictionaries, the site's own caches.
    site_page("klaster", polish)
    suggest("kl", polish)

    over_aim = []
    out(f"### First-time search page (aim: p95 under {aim} ms)" if aim else "### First-time search page")
    out()
    out("| query | matches | p50 ms | p95 ms | within aim | p50 ms after a publish | p95 ms after a publish |")
    out("|---|---:|---:|---:|---|---:|---:|")
    all_site, all_published = [], []
    for query in QUERIES:
        matches, durations = measured(
            lambda q=query: exact_matches(q, polish), lambda q=query: site_page(q, polish), args
        )
        if matches is None:
            out(f"| {query} | | {durations} | | | | |")
            continue
        published = timed(lambda q=query: site_page(q, polish), args, published=True)
        all_site.extend(durations)
        all_published.extend(published)
        p95 = percentile(durations, 0.95)
        within = "" if aim is None else "yes" if p95 < aim else "**no**"
        if aim is not None and p95 >= aim:
            over_aim.append((query, statistics.median(durations)))
        out(f"| {query} | {matches:,} | {summary(durations, args.runs)} | {within} | {summary(published)} |")
    out(f"| {overall('queries', all_site, args)} | | {summary(all_site)} | | {summary(all_published)} |")
    out()

    out("### API search (offers: count and a page of 20)")
    out()
    out("| query | matches | p50 ms | p95 ms |")
    out("|---|---:|---:|---:|")
    all_api = []
    for query in QUERIES:
        matches, durations = measured(lambda q=query: api_page(q)[0], lambda q=query: api_page(q), args)
        if matches is None:
            out(f"| {query} | | {durations} | |")
            continue
        all_api.extend(durations)
        out(f"| {query} | {matches:,} | {summary(durations, args.runs)} |")
    out(f"| {overall('queries', all_api, args)} | | {summary(all_api)} |")
    out()

    out("### Type-ahead (suggest(), up to 8 suggestions)")
    out()
    out("| typed | suggestions | p50 ms | p95 ms |")
    out("|---|---:|---:|---:|")
    all_suggest = []
    for prefix in PREFIXES:
        shown, durations = measured(lambda p=prefix: len(suggest(p, polish)), lambda p=prefix: suggest(p, polish), args)
        if shown is None:
            out(f"| {prefix} | | {durations} | |")
            continue
        all_suggest.extend(durations)
        out(f"| {prefix} | {shown} | {summary(durations, args.runs)} |")
    out(f"| {overall('prefixes', all_suggest, args)} | | {summary(all_suggest)} |")
    out()

    out("### Where the time goes (first-time search page over the aim)")
    out()
    if not over_aim:
        out("Every query is within the aim.")
        out()
        return
    out(
        "Medians of separate runs, each SQL statement timed and put in a phase by what it does: **rank** "
        "(ordered by a full-text score), **count**, **rank + count** (both in one statement), **rows** "
        "(reading the shown items, and any other SQL), each with the reading of its rows where SQLite "
        "computes them then; **Python** is the rest of the search page's time (building queries, merging "
        "kinds), "
        "**highlight** the titles and snippets of the ten results (search/highlight.py), which the page "
        "adds on top."
    )
    out()
    planned = vendor == "postgresql"
    if planned:
        out(
            "On PostgreSQL, **of which planning** is how long the planner takes for all those statements "
            "(each one planned again, in runs of their own, with EXPLAIN and the same settings): every "
            "phrase is new SQL to plan, as the site sends its statements with their values in them."
        )
        out()
    planning_head = " of which planning ms |" if planned else ""
    out(
        "| query | statements | rank ms | count ms | rank + count ms | rows ms |"
        f"{planning_head} Python ms | page ms | highlight ms |"
    )
    out("|---|---:|---:|---:|---:|---:|" + ("---:|" if planned else "") + "---:|---:|---:|")
    for query, p50 in over_aim:
        runs = args.breakdown_runs if p50 <= args.slow_seconds * 1000 else 1
        try:
            phases = breakdown(query, polish, runs, args.timeout)
            planning_ms = planning(query, polish, runs, args.timeout) if planned else None
        except Exception as error:
            out(f"| {query} | {failure(error)} | | | | |" + (" |" if planned else "") + " | | |")
            continue
        statements = " | ".join(ms(phases[name]) for name in PHASES)
        rest = " | ".join(ms(phases[name]) for name in ("python", "total", "highlight"))
        planning_cell = f" {ms(planning_ms)} |" if planned else ""
        out(f"| {query} | {phases['statements']:.0f} | {statements} |{planning_cell} {rest} |")
    out()
    if vendor == "sqlite":
        sqlite_apart([query for query, _p50 in over_aim], polish, args, out)


SECTION_ORDER = [(backend, size) for backend in ("PostgreSQL", "SQLite") for size in (1_000, 10_000, 100_000)]


def section_key(heading):
    match = re.match(r"## (\w+), ([\d,]+) items", heading)
    if not match:
        return (len(SECTION_ORDER), heading)
    key = (match.group(1), int(match.group(2).replace(",", "")))
    return (SECTION_ORDER.index(key) if key in SECTION_ORDER else len(SECTION_ORDER), heading)


INTRO = f"""{RESULTS_TITLE}

Reported, not asserted. One section per backend and size, each written by one run of
`bench/search_latency.py --results bench/RESULTS-search.md` on a database of its own (see
`bench/README.md`): the synthetic content of `manage.py load_demo --scale` (a third articles, a
third companies, a third offers, all Polish, on top of the demo portal), indexed as load_demo
indexes it.

- **First-time search page**: what `/szukaj/` computes for a phrase nobody searched before: the
  count of every kind and the first ten results merged by rank (`search_site()`), with nothing kept
  from an earlier search: the content cache is emptied before every run and the kept rankings
  ("search_rankings" layer) are off. Content has not changed since the process served its first
  search, so what is kept for the content as it is stays, as on a site between two changes: on
  PostgreSQL, each kind's number of items not public (search/public.py), by which a count spares
  looking up whether its matches are public. "After a publish" is the same page as the first search
  after content changed, with the generation of published content moved on before every run: it
  builds each kind's public queryset again and looks up every match it counts; it counts the items not
  public after its response, which is not timed, as a reader does not wait for it. Rendering,
  highlighting and HTTP are not included (the breakdown shows highlighting). "matches" is the exact
  total over every kind, counted apart.
- **API search**: `search_slice()` on the public offers, the exact total and a page of 20, as the
  API's `?search=` computes them (api/search.py's `ranked_page`).
- **Type-ahead**: `suggest()` for the text typed so far, the content cache emptied before each run;
  "suggestions" is how many it shows (at most 8).
- **Where the time goes**: for each query whose search page is over the aim (p95 under 50 ms on
  PostgreSQL, under 100 ms on SQLite at 100,000 items, issue #19), the phases of that page; on
  PostgreSQL, how much of its statements' time is planning; on SQLite, its one statement taken
  apart where it runs one (finding the matches in FTS5, reading their index entries, bm25(),
  keeping them, the rest): a search that its terms' kept hits rank (search/hits.py) runs a few
  smaller statements instead.

Every section was measured on a shared development machine, so expect noise, most of all in the
p95. Its speed changes from session to session and within minutes: each section records, besides
the load average, the p50 of two fixed tasks at its start, by which sections compare.
"""


def write_results(path, section):
    """Puts `section` (starting with its "## " heading) into the results file, replacing the same heading's."""
    sections = {}
    if path.exists():
        current = None
        for line in path.read_text().splitlines():
            if line.startswith("## "):
                current = line
                sections[current] = []
            elif current is not None:
                sections[current].append(line)
    heading, *body = section.rstrip("\n").splitlines()
    sections[heading] = body
    parts = [INTRO]
    for name in sorted(sections, key=section_key):
        lines = sections[name]
        while lines and not lines[-1].strip():
            lines = lines[:-1]
        parts.append("\n".join([name, *lines]) + "\n")
    path.write_text("\n".join(parts))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000, help="synthetic items in all (default 100,000)")
    # Of 10 runs the p95 is the slowest, which one hiccup of a shared machine sets; of 30, the second slowest.
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each query (after one warm-up)")
    parser.add_argument("--breakdown-runs", type=int, default=5, help="runs of each query over the aim for its phases")
    parser.add_argument("--timeout", type=float, default=20, help="seconds after which one call is stopped")
    parser.add_argument(
        "--slow-seconds", type=float, default=1, help="a call slower than this is timed --slow-runs times"
    )
    parser.add_argument("--slow-runs", type=int, default=3, help="timed runs of a slow call")
    parser.add_argument("--skip-seed", action="store_true", help="use the database's content as it is")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the whole search index first")
    parser.add_argument("--results", type=Path, help="write this run's section into this file (other sections kept)")
    args = parser.parse_args()
    args.failed = 0

    if connection.vendor not in AIM_MS:
        print(f"Warning: {connection.vendor} is neither PostgreSQL nor SQLite; there is no aim to compare with.")
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    args.preparation = [("Migrating", time.perf_counter() - start)]
    if not args.skip_seed:
        seeded = seed(args.items)
        if seeded is not None:
            args.preparation.append(("Seeding and indexing (load_demo --scale)", seeded))
    if args.rebuild:
        args.preparation.append(("Rebuilding the index (manage.py rebuild_search_index)", rebuild()))
    if args.preparation[0][1] < 1:
        args.preparation = args.preparation[1:]  # nothing to migrate
    args.preparation.append(("VACUUM ANALYZE (ANALYZE on SQLite)", settle()))

    lines = []

    def out(line=""):
        print(line, flush=True)
        lines.append(line)

    print()
    with override_settings(CACHE_LAYERS_OFF=frozenset(settings.CACHE_LAYERS_OFF) | {"search_rankings"}):
        measure(args, out)
    if args.results:
        write_results(args.results, "\n".join(lines))
        print(f"Written into {args.results}")


if __name__ == "__main__":
    main()
