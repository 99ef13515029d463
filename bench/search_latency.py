"""Search latency on a large index: seeds synthetic content, rebuilds the index, times queries, prints p50/p95.

Meant for PostgreSQL, in a database of its own (it adds content and rebuilds the index):

    createdb -h 127.0.0.1 -U postgres agency_search_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/agency_search_bench .venv/bin/python bench/search_latency.py

--items is the total of synthetic articles, companies and offers (a third of each); a database
that already holds them is not seeded again. The numbers are reported, not asserted.
"""

import argparse
import datetime
import math
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The test settings: DEBUG off (no query log), a local-memory cache and no page cache, so that
# what is measured is the search itself.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from wagtail.models import Locale  # noqa: E402
from wagtail.search.models import IndexEntry  # noqa: E402

from registry.models import Company, Offer  # noqa: E402
from search.queries import search_queryset, search_site, suggest  # noqa: E402

# What readers type: common words (thousands of matches), rare ones, several words, no match.
QUERIES = [
    "klaster",
    "klastrów w toruniu",
    "lodz przedsiebiorstwa",
    "technologia",
    "innowacje i eksport",
    "współpraca",
    "energia odnawialna",
    "przedsiębiorstwa",
    "oferta syntetyczna",
    "bydgoszcz",
    "firma syntetyczna torun",
    "hydroponika",
]
PREFIXES = ["kl", "klas", "toru", "lodz", "firma syn", "ofer", "energ", "bydg"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


def timed(function, runs):
    function()  # warm-up: first use loads the dictionaries and fills caches
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def site_page(query, locale):
    """What the search page computes for a search not made since content last changed: the counts
    of every kind and the first page of merged results. A repeated search reuses both (kept in the
    cache until content changes), so they are forgotten before each run."""
    caches["content"].clear()
    results = search_site(query, locale)
    return sum(results.counts.values()), list(results[0:10])


def api_page(query):
    """What the API's offers list computes with ?search=: the total and a page of 20."""
    queryset = search_queryset(Offer.objects.published("pl"), query, "pl")
    return queryset.count(), list(queryset[:20])


def seed(items):
    per_kind = math.ceil(items / 3)
    synthetic = Company.objects.filter(name__startswith="Firma Syntetyczna").count()
    if synthetic >= per_kind:
        print(f"Seed: {synthetic} synthetic companies already there, not seeding again.")
        return
    print(f"Seed: manage.py load_demo --scale {per_kind} ({per_kind} articles, companies and offers each)")
    call_command("load_demo", scale=per_kind)


def rebuild():
    start = time.perf_counter()
    call_command("rebuild_search_index", verbosity=1)
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
            database = connection.vendor
    return (
        f"{model}, {os.cpu_count()} cores, {memory_kb / 1024 / 1024:.0f} GiB; {database}; "
        f"Python {platform.python_version()}; {platform.system()} {platform.release()}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000, help="synthetic items in all (default 100,000)")
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each query (after one warm-up)")
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--skip-rebuild", action="store_true", help="use the index as it is")
    args = parser.parse_args()

    if connection.vendor != "postgresql":
        print("Warning: not PostgreSQL; set DATABASE_URL to a PostgreSQL database for numbers that mean something.")
    call_command("migrate", verbosity=0)
    if not args.skip_seed:
        seed(args.items)
    rebuild_seconds = None if args.skip_rebuild else rebuild()
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would gather within minutes of a bulk load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    polish = Locale.objects.get(language_code="pl")
    print()
    print(f"# Search latency, {datetime.date.today():%Y-%m-%d}")
    print()
    print(f"- Machine: {machine()}")
    print(f"- Index: {IndexEntry.objects.count():,} entries; {args.runs} timed runs per query after one warm-up")
    if rebuild_seconds is not None:
        print(f"- Rebuilding the index (manage.py rebuild_search_index) took {rebuild_seconds:.0f} s")
    print()
    print("| operation | query | matches | p50 ms | p95 ms |")
    print("|---|---|---:|---:|---:|")
    totals = {"search page": [], "API offers": [], "type-ahead": []}
    for query in QUERIES:
        for operation, function in (
            ("search page", lambda q=query: site_page(q, polish)),
            ("API offers", lambda q=query: api_page(q)),
        ):
            matches = function()[0]
            durations = timed(function, args.runs)
            totals[operation].extend(durations)
            print(
                f"| {operation} | {query} | {matches:,} | {statistics.median(durations):.0f} | "
                f"{percentile(durations, 0.95):.0f} |"
            )
    for prefix in PREFIXES:
        function = lambda p=prefix: suggest(p, polish)  # noqa: E731
        matches = len(function())
        durations = timed(function, args.runs)
        totals["type-ahead"].extend(durations)
        print(
            f"| type-ahead | {prefix} | {matches} | {statistics.median(durations):.0f} | "
            f"{percentile(durations, 0.95):.0f} |"
        )
    print()
    print("| operation | all queries p50 ms | all queries p95 ms |")
    print("|---|---:|---:|")
    for operation, durations in totals.items():
        print(f"| {operation} | {statistics.median(durations):.0f} | {percentile(durations, 0.95):.0f} |")


if __name__ == "__main__":
    main()
