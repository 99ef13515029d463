"""The benchmark's own PostgreSQL databases (bench_1k, bench_100k): created, migrated and seeded once, then reused.

"Items" are synthetic articles, companies and offers, a third of each (as in search_latency.py),
on top of the demo portal, all in Polish and all in the search index (demo/scale.py).
"""

import math
import os
import subprocess
import sys
import time

import psycopg
from psycopg import sql

from . import ROOT

SERVER_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def name_for(items):
    """bench_1k, bench_100k, bench_2500: the database of one scale."""
    for divisor, suffix in ((1_000_000, "m"), (1000, "k")):
        if items % divisor == 0:
            return f"bench_{items // divisor}{suffix}"
    return f"bench_{items}"


def url_for(name):
    return f"{SERVER_URL}/{name}"


def per_kind(items):
    return math.ceil(items / 3)


def _admin():
    return psycopg.connect(url_for("postgres"), autocommit=True)


def exists(name):
    with _admin() as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def synthetic_counts(name):
    """Synthetic articles, companies, offers and search index entries in the database."""
    with psycopg.connect(url_for(name)) as connection:
        return connection.execute(
            """
            SELECT (SELECT count(*) FROM articles_articlepage WHERE author = %s),
                   (SELECT count(*) FROM registry_company WHERE name LIKE %s),
                   (SELECT count(*) FROM registry_offer WHERE title LIKE %s),
                   (SELECT count(*) FROM wagtailsearch_indexentry)
            """,
            # The marks demo/scale.py leaves on what it generates.
            ["Bench", "Firma Syntetyczna %", "Oferta syntetyczna %"],
        ).fetchone()


def is_seeded(name, items):
    try:
        articles, companies, offers, index_entries = synthetic_counts(name)
    except psycopg.Error:  # tables missing: created but never migrated
        return False
    wanted = per_kind(items)
    return articles == companies == offers == wanted and index_entries >= 3 * wanted


def _recreate(name):
    with _admin() as connection:
        # Only ever the benchmark's own databases, which hold nothing but generated content.
        assert name.startswith("bench_"), name  # noqa: S101
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(env, *args, quiet=False):
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def prepare(items, env, reseed=False):
    """The database for `items`, seeded; reused when it already holds exactly that content."""
    name = name_for(items)
    env = {**env, "DATABASE_URL": url_for(name)}
    if not reseed and exists(name) and is_seeded(name, items):
        print(f"{name}: already seeded with {items:,} items, reused (--reseed to start again)")
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        return name
    print(f"{name}: creating and seeding {items:,} items ({per_kind(items):,} articles, companies and offers each)")
    started = time.monotonic()
    _recreate(name)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_demo", "--scale", str(per_kind(items)))
    print(f"{name}: seeded in {time.monotonic() - started:.0f} s")
    return name
