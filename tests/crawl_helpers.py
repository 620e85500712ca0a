"""Helpers for the crawl tests: run `waspada crawl` in a subprocess, query the result."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

CRAWL_TIMEOUT = 2  # seconds per request; the sample site's slow page sleeps longer
SLOW_SECONDS = 5
WASPADA = Path(sys.executable).with_name("waspada")


def run_crawl(
    db: Path, sources: Path, *extra: str, timeout: float = CRAWL_TIMEOUT, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """`waspada crawl` in a subprocess (one Twisted reactor per process)."""
    command = [str(WASPADA), "crawl", "--db", str(db), "--sources", str(sources), "--timeout", str(timeout)]
    result = subprocess.run(
        [*command, "--quiet", *extra],
        capture_output=True,
        text=True,
        timeout=300,
        env=os.environ | {"COLUMNS": "120"},
    )
    if check and result.returncode != 0:
        raise AssertionError(f"waspada crawl failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result


def rows(db: Path, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
    """Query a database file read-only-ish, rows as sqlite3.Row."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
