"""Crawl benchmark: end-to-end `waspada crawl` against a bare Scrapy fetch of the same pages.

Run: python -m bench.crawl [--scale 2000] [--extraction-only]. First times extraction per page on the
real pages of ../shared/data/pages (Waspada next to bare trafilatura). Then serves the sample site (and
a scaled variant), crawls it into a temporary database in a subprocess, then downloads the same pages
with a minimal spider in another subprocess; prints pages/s of each, their ratio, and peak RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml

TARGET_RATIO = 0.5
TARGET_PAGES_PER_SECOND = 100
TARGET_RSS_MB = 400
# The local sample site answers in milliseconds; AutoThrottle's politeness delays would measure the
# throttle, not the crawler. Both runs use the same settings (pass --polite for the shipped defaults).
BENCH_SETTINGS: dict[str, Any] = {"AUTOTHROTTLE_ENABLED": False}


def tree_rss_mb(root: int) -> float:
    """Current RSS of a process and all its descendants (from /proc), in MB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier and pid not in tree]
        tree.update(children)
        frontier = children
    return sum(rss.get(pid, 0) for pid in tree) / 2**20


def watch_tree(pid: int, peak: dict[str, float], done: threading.Event) -> None:
    """Sample the process tree's RSS until `done`; keep the peak."""
    while not done.wait(0.2):
        peak["tree"] = max(peak["tree"], tree_rss_mb(pid))


def run_child(command: list[str]) -> tuple[float, float, str, float]:
    """Run a subprocess; (seconds, peak RSS MB of the process itself, stdout, peak RSS MB of its tree)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, done = {"tree": 0.0}, threading.Event()
    watcher = threading.Thread(target=watch_tree, args=(process.pid, peak, done), daemon=True)
    watcher.start()
    out, err = "", ""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    done.set()
    watcher.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    out, err = process.stdout.read(), process.stderr.read()  # type: ignore[union-attr]
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} failed ({process.returncode}):\n{err[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, out, peak["tree"]


def fetched_urls(db: Path) -> list[str]:
    """Every URL the crawl reached: article pages as stored plus the feeds, API pages and sitemaps."""
    conn = sqlite3.connect(db)
    try:
        pages = [row[0] for row in conn.execute("select url from articles")]
        pages += [row[0] for row in conn.execute("select url from http_cache")]
        return pages
    finally:
        conn.close()


def end_to_end(site: Any, workdir: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    sources = workdir / "sources.yaml"
    every_page = [source | {"max_pages": 10_000} for source in site.sources()]  # the whole scaled archive
    sources.write_text(yaml.safe_dump(every_page, allow_unicode=True), encoding="utf-8")
    db = workdir / "bench.db"
    child = [sys.executable, "-m", "bench.crawl", "--e2e", str(sources), str(db), json.dumps(overrides)]
    seconds, rss, _, tree = run_child(child)
    conn = sqlite3.connect(db)
    run = conn.execute("select new, counts from crawl_runs order by id desc limit 1").fetchone()
    conn.close()
    urls = fetched_urls(db)
    return {"seconds": seconds, "rss_mb": rss, "tree_mb": tree, "stored": run[0], "urls": urls, "db": db}


def bare(urls: list[str], workdir: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    listing = workdir / "urls.json"
    listing.write_text(json.dumps(urls), encoding="utf-8")
    child = [sys.executable, "-m", "bench.crawl", "--bare", str(listing), json.dumps(overrides)]
    seconds, rss, out, _ = run_child(child)
    return {"seconds": seconds, "rss_mb": rss, "pages": int(out.strip().splitlines()[-1])}


def crawl_child(sources: Path, db: Path, overrides: dict[str, Any]) -> None:
    """The child side of the end-to-end run: crawler.run.crawl into a fresh database."""
    from crawler.run import crawl
    from crawler.sources import load_sources

    crawl(str(db), load_sources(sources), settings=overrides, progress=False)


def bare_fetch(listing: Path, overrides: dict[str, Any]) -> None:
    """The child side of the bare run: download every URL with Scrapy and the crawler's settings."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    from crawler.run import scrapy_settings

    urls = json.loads(listing.read_text(encoding="utf-8"))
    fetched = {"pages": 0}

    class BareSpider(scrapy.Spider):
        name = "bare"

        async def start(self):  # noqa: ANN202
            for url in urls:
                yield scrapy.Request(url, callback=self.parse, dont_filter=True)

        def parse(self, response: Any) -> None:
            fetched["pages"] += 1

    settings = scrapy_settings({**overrides, "ITEM_PIPELINES": {}, "LOG_LEVEL": "ERROR"})
    process = CrawlerProcess(settings)
    process.crawl(BareSpider)
    process.start()
    print(fetched["pages"])


def measure(label: str, site: Any, overrides: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="waspada-bench-") as folder:
        workdir = Path(folder)
        full = end_to_end(site, workdir, overrides)
        pages = len(full["urls"])
        plain = bare(full["urls"], workdir, overrides)
    e2e_rate = pages / full["seconds"]
    bare_rate = plain["pages"] / plain["seconds"]
    result = {
        "site": label,
        "pages": pages,
        "stored": full["stored"],
        "e2e_seconds": round(full["seconds"], 2),
        "e2e_pages_per_s": round(e2e_rate, 1),
        "bare_seconds": round(plain["seconds"], 2),
        "bare_pages_per_s": round(bare_rate, 1),
        "ratio": round(e2e_rate / bare_rate, 2),
        "e2e_peak_rss_mb": round(full["rss_mb"], 1),
        "e2e_tree_rss_mb": round(full["tree_mb"], 1),
        "bare_peak_rss_mb": round(plain["rss_mb"], 1),
    }
    print(
        f"{label:<14} pages {pages:>6}  stored {full['stored']:>6}  "
        f"end-to-end {e2e_rate:7.1f} pages/s ({full['seconds']:.1f} s, {full['rss_mb']:.0f} MB,"
        f" {full['tree_mb']:.0f} MB with workers)  "
        f"bare {bare_rate:7.1f} pages/s ({plain['seconds']:.1f} s, {plain['rss_mb']:.0f} MB)  "
        f"ratio {result['ratio']:.2f}",
        flush=True,
    )
    return result


def extraction_timing(folder: Path, repeat: int = 5) -> dict[str, float] | None:
    """Milliseconds per page on saved real pages: Waspada's extract next to bare trafilatura's."""
    import trafilatura

    from crawler.extract import NotArticle, extract
    from crawler.extract_eval import read_pages

    if not (folder / "expected.jsonl").exists():
        print(f"extraction timing skipped: {folder} absent (set WASPADA_SHARED)")
        return None
    pages = read_pages(folder)

    def waspada(page: Any) -> None:
        with contextlib.suppress(NotArticle):
            extract(page.html, url=page.url)

    systems = {
        "waspada": waspada,
        "trafilatura": lambda page: trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True),
        "trafilatura_precision": lambda page: trafilatura.bare_extraction(
            page.html, url=page.url, with_metadata=True, favor_precision=True
        ),
    }
    rounds: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(repeat):  # systems take turns, so a busy machine slows each of them alike
        for name, run in systems.items():
            started = time.perf_counter()
            for page in pages:
                run(page)
            rounds[name].append(1000 * (time.perf_counter() - started) / len(pages))
    timing = {name: statistics.median(values) for name, values in rounds.items()}
    print(
        f"extraction on {len(pages)} real pages ({folder}), median ms per page of {repeat} rounds: "
        + "  ".join(f"{name} {ms:.1f}" for name, ms in timing.items())
        + f"  (waspada / trafilatura {timing['waspada'] / timing['trafilatura']:.2f}x)"
    )
    return timing


def verdict(results: list[dict[str, Any]]) -> bool:
    """Print the targets and whether the largest run meets them."""
    big = results[-1]
    checks = {
        f"end-to-end >= {TARGET_RATIO} x bare": big["ratio"] >= TARGET_RATIO,
        f"end-to-end >= {TARGET_PAGES_PER_SECOND} pages/s": big["e2e_pages_per_s"] >= TARGET_PAGES_PER_SECOND,
        f"peak RSS <= {TARGET_RSS_MB} MB (crawl process)": big["e2e_peak_rss_mb"] <= TARGET_RSS_MB,
        f"peak RSS <= {TARGET_RSS_MB} MB (with extraction workers)": big["e2e_tree_rss_mb"] <= TARGET_RSS_MB,
    }
    for name, ok in checks.items():
        print(f"  {'PASS' if ok else 'MISS'}  {name}")
    return all(checks.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=2000, help="generated articles in the scaled site")
    parser.add_argument("--polite", action="store_true", help="use the shipped AutoThrottle settings")
    parser.add_argument("--extraction-only", action="store_true", help="only time extraction on real pages")
    parser.add_argument("--bare", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--e2e", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        bare_fetch(Path(args.bare[0]), json.loads(args.bare[1]))
        return
    if args.e2e:
        crawl_child(Path(args.e2e[0]), Path(args.e2e[1]), json.loads(args.e2e[2]))
        return
    from store import config

    extraction_timing(config.shared_dir() / "data" / "pages")
    if args.extraction_only:
        return
    overrides = {} if args.polite else BENCH_SETTINGS
    print(f"settings: crawler.settings + {overrides}")
    from crawler.samplesite.server import SampleSite

    results = []
    for label, scale in (("sample", 0), (f"scale={args.scale}", args.scale)):
        with SampleSite(scale=scale, broken=False) as site:
            results.append(measure(label, site, overrides))
    verdict(results)


if __name__ == "__main__":
    main()
