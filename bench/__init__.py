"""Benchmarks of the portal: `bench/run` (pages and API through gunicorn) and search_latency.py."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
