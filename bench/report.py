"""The machine, the versions and the Markdown tables of bench/RESULTS.md."""

import os
import platform
from importlib.metadata import version

import psycopg
import redis

from . import wrk
from .app_server import REDIS_URL
from .databases import url_for

GOAL_UNCACHED = 5  # at least 1/5 of the trivial view's requests per second
GOAL_CACHED = 2  # at least 1/2
GOAL_QUERIES = 10  # fewer than 10 SQL queries per request


def _first(path, prefix):
    with open(path) as lines:
        return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(prefix)), "?")


def machine():
    memory_gib = int(_first("/proc/meminfo", "MemTotal").split()[0]) / 1024 / 1024
    return f"{_first('/proc/cpuinfo', 'model name')}, {os.cpu_count()} cores, {memory_gib:.0f} GiB RAM"


def load_average():
    with open("/proc/loadavg") as loadavg:
        return " ".join(loadavg.read().split()[:3])


def versions(database):
    with psycopg.connect(url_for(database)) as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    redis_version = redis.Redis.from_url(REDIS_URL).info("server")["redis_version"]
    return (
        f"Python {platform.python_version()}, Django {version('django')}, Wagtail {version('wagtail')}, "
        f"gunicorn {version('gunicorn')}, PostgreSQL {postgres}, Redis {redis_version}, {wrk.version()}; "
        f"{platform.system()} {platform.release()}"
    )


def ratio(rps, trivial_rps):
    """'1/3.2': the target serves one request for every 3.2 of the trivial view."""
    return f"1/{trivial_rps / rps:.1f}" if rps else "—"


def verdict(row, cached):
    """'yes', or what misses the goal; a reference row is not judged."""
    if row.get("reference"):
        return "reference"
    if row["served_as"].startswith("failed"):
        return "no: " + row["served_as"]
    misses = []
    limit = GOAL_CACHED if cached else GOAL_UNCACHED
    if not row["rps"] or row["trivial_rps"] / row["rps"] > limit:
        misses.append(f"speed < 1/{limit}")
    if row["queries"] is None or row["queries"] >= GOAL_QUERIES:
        misses.append(f"queries ≥ {GOAL_QUERIES}")
    if row["errors"]:
        misses.append(f"{row['errors']} errors")
    return "no: " + ", ".join(misses) if misses else "yes"


def table(rows, cached):
    header = "| target | lang | URL | req/s | p50 ms | p99 ms | vs trivial | queries |"
    rule = "|---|---|---|---:|---:|---:|---:|---:|"
    if cached:
        header += " served as |"
        rule += "---|"
    lines = [header + " goal |", rule + "---|"]
    for row in rows:
        cells = [
            row["name"],
            row["language"],
            f"`{row['path']}`",
            f"{row['rps']:,.0f}",
            "—" if row["p50"] is None else f"{row['p50']:.1f}",
            "—" if row["p99"] is None else f"{row['p99']:.1f}",
            ratio(row["rps"], row["trivial_rps"]) if row["name"] != "trivial view" else "1/1.0",
            "—" if row["queries"] is None else str(row["queries"]),
        ]
        if cached:
            cells.append(row["served_as"])
        cells.append("—" if row["name"] == "trivial view" else verdict(row, cached))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
