"""The machine, the versions and the Markdown tables of bench/RESULTS.md."""

import json
import os
import platform
from importlib.metadata import version
from pathlib import Path

import psycopg
import redis

from . import wrk
from .app_server import REDIS_URL
from .databases import url_for

GOAL_CACHED = 1.2  # cached: at least 1/1.2 of the trivial view's requests per second
GOAL_QUERIES = 6  # no request needs more than 6 SQL queries, cached or not
# Uncached: no more than 25 % slower than the target's baseline, i.e. its ratio to the trivial view
# at most 1.25 times the baseline's. A target without a baseline is judged on its queries alone.
GOAL_SLOWER = 0.25
# The baseline: each target's "vs trivial" in the 1,000-item uncached table of bench/RESULTS.md of
# 2026-11-27, extracted once. {"items": 1000, "ratios": {language: {target: trivial/target}}}
BASELINE_FILE = Path(__file__).with_name("baseline.json")
_BASELINE = json.loads(BASELINE_FILE.read_text())
BASELINE_ITEMS = _BASELINE["items"]
# What a layer has to buy on at least one target of "What each layer buys" to keep its place.
LAYER_KEEPS_ITS_PLACE = 0.15


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


def baseline(items, name, language):
    """The target's baseline ratio (trivial/target), or None: only the baseline's scale has one."""
    if items != BASELINE_ITEMS:
        return None
    return _BASELINE["ratios"].get(language, {}).get(name)


def verdict(row, cached):
    """'yes', or what misses the goal; a reference row is not judged."""
    if row.get("reference"):
        return "reference"
    if row["served_as"].startswith("failed"):
        return "no: " + row["served_as"]
    misses = []
    if cached:
        limit, miss = GOAL_CACHED, f"speed < 1/{GOAL_CACHED}"
    elif row.get("baseline"):
        limit = row["baseline"] * (1 + GOAL_SLOWER)
        miss = f"> {round(GOAL_SLOWER * 100)} % slower than baseline 1/{row['baseline']}"
    else:  # no baseline: queries alone
        limit, miss = None, ""
    if limit is not None and (not row["rps"] or row["trivial_rps"] / row["rps"] > limit):
        misses.append(miss)
    if row["queries"] is None or row["queries"] > GOAL_QUERIES:
        misses.append(f"queries > {GOAL_QUERIES}")
    if row["errors"]:
        misses.append(f"{row['errors']} errors")
    return "no: " + ", ".join(misses) if misses else "yes"


def table(rows, cached):
    header = "| target | lang | URL | req/s | p50 ms | p99 ms | vs trivial | queries |"
    rule = "|---|---|---|---:|---:|---:|---:|---:|"
    if cached:
        header += " served as |"
        rule += "---|"
    else:
        header += " baseline |"
        rule += "---:|"
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
        else:
            cells.append(f"1/{row['baseline']}" if row.get("baseline") else "—")
        cells.append("—" if row["name"] == "trivial view" else verdict(row, cached))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def layer_gain(on, off):
    """How much faster a target is with a layer on than off, from the ratios to their paired trivial runs.

    gain = ratio_off / ratio_on - 1, ratio = trivial req/s / target req/s: +0.23 means the target
    costs 23 % more of the trivial view without the layer. None when either run failed.
    """
    if not (on and off and on["rps"] and off["rps"]) or off["served_as"].startswith("failed"):
        return None
    return (off["trivial_rps"] / off["rps"]) / (on["trivial_rps"] / on["rps"]) - 1


def layer_table(on_rows, off_rows_by_layer):
    """Markdown: one row per layer, one column per target ("+23 % (4 q)": the gain and the queries
    with the layer off), and whether the layer keeps its place.

    on_rows: the uncached rows with every layer on; off_rows_by_layer: {layer: rows with it off}.
    """
    on = {(row["name"], row["language"]): row for row in on_rows}
    columns = [(row["name"], row["language"]) for row in next(iter(off_rows_by_layer.values()), [])[1:]]
    languages = {language for _name, language in columns}  # named in the header only when they differ
    lines = [
        "| layer off | "
        + " | ".join(name if len(languages) == 1 else f"{name} ({language})" for name, language in columns)
        + " | verdict |",
        "|---|" + "---:|" * len(columns) + "---|",
    ]
    for layer, rows in off_rows_by_layer.items():
        off = {(row["name"], row["language"]): row for row in rows}
        cells, gains = [], []
        for key in columns:
            gain = layer_gain(on.get(key), off.get(key))
            queries = off[key]["queries"]
            if gain is None:  # the run with the layer off failed, or the one with every layer on
                cells.append("failed" if off[key]["served_as"].startswith("failed") else f"— ({queries} q)")
                continue
            gains.append(gain)
            cells.append(f"{gain:+.0%} ({'?' if queries is None else queries} q)".replace("%", " %"))
        threshold = f"{round(LAYER_KEEPS_ITS_PLACE * 100)} %"
        if any(gain >= LAYER_KEEPS_ITS_PLACE for gain in gains):
            verdict = "keeps its place"
        elif len(gains) < len(columns):
            verdict = f"buys < {threshold} where measured ({len(columns) - len(gains)} targets not)"
        else:
            verdict = f"buys < {threshold} everywhere"
        lines.append(f"| `{layer}` | " + " | ".join(cells) + f" | {verdict} |")
    return "\n".join(lines)
