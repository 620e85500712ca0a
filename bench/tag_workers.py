"""`waspada tag --workers 2` vs `--workers 1` on the same generated database: articles/s and identical rows.

Run: python -m bench.tag_workers [--n 30000] [--words 400] (the default --n 4000 is a quick check).
Builds a database of generated articles (bench.tag's texts), copies it, runs `waspada tag --quiet
--workers N` on each copy in a subprocess, and prints seconds, articles/s (overall, and after start-up:
the time of a run on the first --small articles is subtracted), the speed-ups and whether the tagged rows
are the same.
"""

from __future__ import annotations

import argparse
import json
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


# Runs the waspada command line in this process, then prints its own CPU seconds and its workers'.
CPU_SPLIT = """
import json, resource, sys
from waspada.cli import cli
try:
    cli(sys.argv[1:])
except SystemExit as end:
    assert not end.code, end.code
own, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
cpu = {"writer": own.ru_utime + own.ru_stime, "workers": workers.ru_utime + workers.ru_stime}
print(json.dumps(cpu), file=sys.stderr)
"""


def tag(path: Path, workers: int) -> tuple[float, dict[str, float]]:
    """Seconds of `waspada tag --workers N` on the database, and CPU seconds of its main process
    ("writer") and of its workers."""
    started = time.perf_counter()
    options = ["--db", str(path), "--quiet", "--workers", str(workers)]
    command = [sys.executable, "-c", CPU_SPLIT, "tag", *options]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return time.perf_counter() - started, json.loads(done.stderr.strip().splitlines()[-1])


def rows(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {table: sorted(conn.execute(sql).fetchall()) for table, sql in COMPARED.items()}
    finally:
        conn.close()


def measure(base: Path, folder: Path, workers: int, n: int, small: int) -> dict[str, float]:
    """Tag all n articles, then a copy with only the first `small`: total and steady (marginal) rates."""
    full, partial = folder / f"w{workers}.db", folder / f"w{workers}-small.db"
    full.write_bytes(base.read_bytes())
    partial.write_bytes(base.read_bytes())
    with sqlite3.connect(partial) as conn:
        conn.execute("delete from articles where id > ?", [small])
    seconds, cpu = tag(full, workers)
    seconds_small, _ = tag(partial, workers)
    steady = (n - small) / max(1e-9, seconds - seconds_small)
    return {"seconds": seconds, "rate": n / seconds, "steady": steady, "start": seconds_small, **cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n",
        type=int,
        default=4000,
        help="articles to tag (a day of national load is 30,000-80,000; each process starts with about 4 s"
        " of CPU, so runs under about 25,000 articles stay under 1.6x overall)",
    )
    parser.add_argument("--small", type=int, default=500, help="the run whose time is taken as start-up")
    parser.add_argument("--words", type=int, default=400)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} CPUs (load average {load:.1f}); {args.n:,} articles of ~{args.words} words")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.db"
        build(base, args.n, args.words)
        got = {}
        for workers in (1, 2):
            got[workers] = run = measure(base, Path(tmp), workers, args.n, args.small)
            print(
                f"--workers {workers}: {run['seconds']:.1f} s = {run['rate']:.0f} articles/s overall,"
                f" {run['steady']:.0f}/s after start-up ({args.small} articles took {run['start']:.1f} s);"
                f" CPU s: writer {run['writer']:.1f}, workers {run['workers']:.1f}"
                f" ({(run['writer'] + run['workers']) / run['seconds']:.2f} cores busy on average)"
            )
        same = rows(Path(tmp) / "w1.db") == rows(Path(tmp) / "w2.db")
        overall, steady = got[1]["seconds"] / got[2]["seconds"], got[2]["steady"] / got[1]["steady"]
        print(
            f"speed-up overall {overall:.2f}x ({verdict(overall)}), after start-up {steady:.2f}x"
            f" ({verdict(steady)}); same rows: {same}; load average now {os.getloadavg()[0]:.1f}"
        )


def verdict(speedup: float) -> str:
    """Whether a speed-up meets the issue's target, said with the target."""
    return f"target >= {TARGET_SPEEDUP}x {'met' if speedup >= TARGET_SPEEDUP else 'NOT met'}"


if __name__ == "__main__":
    main()
