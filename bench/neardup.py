"""Near-duplicate index benchmark: start cost and peak RSS of a crawl's store path as the archive grows.

Run: python -m bench.neardup [--sizes 10000,100000,400000] [--per-day 400] [--baseline-max 100000].
Builds one synthetic database that grows back in time at a constant daily rate (random MinHash signatures,
short texts), and at each size runs, in a fresh subprocess, a CrawlState that stores 200 new articles dated
today (the windowed index), and the old whole-archive load (the baseline) up to --baseline-max articles.
Prints the start time, the signatures held in memory and the peak RSS of each; with --crawl, also the peak
RSS of a real `waspada crawl` of the sample site into the database at each size (its articles removed after).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from crawler.samplesite.server import SampleSite
from store.db import open_db

NEW_ARTICLES = 200
TODAY = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)

PROBE = r"""
import json, resource, sys, time
from crawler import dedup
from crawler.items import Article
from crawler.state import CrawlState
path, mode = sys.argv[1], sys.argv[2]
started = time.perf_counter()
if mode == "baseline":
    from store.db import open_db
    conn = open_db(path).conn
    near = dedup.NearDuplicates()
    held = near.load(conn.execute("select article_id, signature from article_minhash"))
    ready = time.perf_counter() - started
    stored = 0
else:
    state = CrawlState(path, ["bench"], None)
    ready = time.perf_counter() - started
    run = time.time_ns()
    for i in range(200):
        text = " ".join(f"baru{run}x{i} kata{j} warga desa" for j in range(60))
        state.store(Article(source="bench", url=f"https://new.id/{run}/{i}", canonical_url=f"https://new.id/{run}/{i}",
                            title="t", text=text, lead=text[:40], fetched_at="2026-12-07T06:00:00Z",
                            published_at="2026-12-07T05:00:00Z", seen_urls=[]))
    held = state.near.size()
    stored = 200
    state.finish("finished")
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"ready_s": ready, "held": held, "stored": stored, "peak_rss_mb": rss,
                  "total_s": time.perf_counter() - started}))
"""


def grow(path: Path, have: int, want: int, per_day: int) -> None:
    """Add articles from index `have` to `want`, the i-th dated i // per_day days before TODAY."""
    rng = np.random.default_rng(have)
    conn = open_db(str(path)).conn
    batch = 10_000
    base = conn.execute("select coalesce(max(id), 0) from articles").fetchone()[0] - have
    for start in range(have, want, batch):
        rows, sigs = [], []
        for i in range(start + 1, min(want, start + batch) + 1):
            moment = (TODAY - timedelta(days=i // per_day + 1, seconds=i % 86_400)).isoformat()
            link = f"https://old.id/{i}"
            rows.append((base + i, link, link, "judul", f"teks {i}", moment, moment, "bench", f"hash{i}"))
            sigs.append((base + i, rng.integers(0, 2**32, 128, dtype=np.uint32).tobytes()))
        with conn:
            conn.executemany(
                "insert into articles (id, canonical_url, url, title, text, published_at, fetched_at, source,"
                " content_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            conn.executemany("insert into article_minhash (article_id, signature) values (?, ?)", sigs)
    conn.close()


def probe(path: Path, mode: str) -> dict:
    """Run one measurement in a fresh interpreter (so peak RSS is its own)."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), mode], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def crawl_rss(path: Path, sources: Path) -> dict:
    """Peak RSS of a real `waspada crawl` of the sample site into this database (its articles go after)."""
    from bench.crawl import run_child

    command = [str(Path(sys.executable).with_name("waspada")), "crawl", "--db", str(path), "--sources",
               str(sources), "--quiet", "--timeout", "2"]  # fmt: skip
    seconds, rss, _, tree = run_child(command)
    conn = open_db(str(path)).conn
    with conn:
        stored = "select id from articles where source != 'bench'"
        for table, key in (("article_urls", "article_id"), ("article_minhash", "article_id")):
            conn.execute(f"delete from {table} where {key} in ({stored})")
        conn.execute(f"update articles set dup_of = null where dup_of in ({stored})")
        conn.execute("delete from articles where source != 'bench'")
        conn.execute("delete from http_cache")  # else the next crawl is answered 304 and fetches nothing
    conn.close()
    return {"seconds": seconds, "rss": rss, "tree": tree}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,400000")
    parser.add_argument("--per-day", type=int, default=400)
    parser.add_argument("--baseline-max", type=int, default=100_000)
    parser.add_argument("--crawl", action="store_true", help="also crawl the sample site into each size")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp, SampleSite() as site:
        sources = site.write_sources(Path(tmp) / "sources.yaml")
        path = Path(tmp) / "bench.db"
        open_db(str(path)).conn.close()
        have = 0
        print(f"{'articles':>9} {'mode':>9} {'ready s':>8} {'held':>8} {'peak RSS MB':>12} {'db MB':>7}")
        for size in sizes:
            began = time.perf_counter()
            grow(path, have, size, args.per_day)
            have = size
            built = time.perf_counter() - began
            for mode in ("windowed", "baseline"):
                if mode == "baseline" and size > args.baseline_max:
                    continue
                got = probe(path, mode)
                megabytes = path.stat().st_size / 1e6
                print(
                    f"{size:>9,} {mode:>9} {got['ready_s']:>8.2f} {got['held']:>8,}"
                    f" {got['peak_rss_mb']:>12.0f} {megabytes:>7.0f}   (built in {built:.0f} s)"
                )
            if args.crawl:
                run = crawl_rss(path, sources)
                print(f"{size:>9,} {'crawl':>9} {run['seconds']:>8.1f} {'':>8} {run['rss']:>12.0f}"
                      f"   (crawl process; with its extraction workers {run['tree']:.0f} MB)")  # fmt: skip


if __name__ == "__main__":
    main()
