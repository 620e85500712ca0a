"""`waspada tag --workers 2` vs `--workers 1` on the same generated database: articles/s and identical rows.

Run: python -m bench.tag_workers [--n 1200] [--words 400]. Builds a database of generated articles
(bench.tag's texts), copies it, runs `waspada tag --quiet --workers N` on each copy in a subprocess, and
prints seconds, articles/s, the speed-up and whether the tagged rows are the same.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.tag import generated
from store.db import open_db

TARGET_SPEEDUP = 1.6
WASPADA = Path(sys.executable).with_name("waspada")
COMPARED = {
    "article_places": "select article_id, province_code, regency_code, confidence, reason"
    " from article_places",
    "region_mentions": "select article_id, code, level, field, start, end, text from region_mentions",
    "article_tags": "select article_id, model_version, conflict, conflict_score, themes, theme_scores,"
    " killed, injured, damaged, review from article_tags",
}


def build(path: Path, n: int, words: int) -> None:
    """A migrated database with n generated articles."""
    db = open_db(str(path))
    moment = "2026-12-01T00:00:00+00:00"
    rows = [
        {"id": row["id"], "canonical_url": f"https://gen.test/{row['id']}", "url": f"https://gen.test/{row['id']}",
         "title": row["title"], "text": row["text"], "source": "gen", "fetched_at": moment,
         "published_at": moment}
        for row in generated(n, words)
    ]  # fmt: skip
    db["articles"].insert_all(rows, batch_size=500)
    db.conn.close()


def tag(path: Path, workers: int) -> float:
    """Seconds of `waspada tag --workers N` on the database."""
    started = time.perf_counter()
    command = [str(WASPADA), "tag", "--db", str(path), "--quiet", "--workers", str(workers)]
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def rows(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {table: sorted(conn.execute(sql).fetchall()) for table, sql in COMPARED.items()}
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1200)
    parser.add_argument("--words", type=int, default=400)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; {args.n:,} generated articles of ~{args.words} words")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.db"
        build(base, args.n, args.words)
        seconds = {}
        for workers in (1, 2):
            copy = Path(tmp) / f"w{workers}.db"
            copy.write_bytes(base.read_bytes())
            seconds[workers] = tag(copy, workers)
            print(
                f"--workers {workers}: {seconds[workers]:.1f} s = {args.n / seconds[workers]:.0f} articles/s"
            )
        same = rows(Path(tmp) / "w1.db") == rows(Path(tmp) / "w2.db")
        speedup = seconds[1] / seconds[2]
        verdict = "met" if speedup >= TARGET_SPEEDUP else "NOT met"
        print(f"speed-up {speedup:.2f}x (target >= {TARGET_SPEEDUP}x: {verdict}); same rows: {same}")


if __name__ == "__main__":
    main()
