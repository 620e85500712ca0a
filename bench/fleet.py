"""Fleet benchmark: 2 crawler processes vs 1 on the scaled sample site, then the ingest writer's articles/s.

Run: python -m bench.fleet [--scale 1200] [--workers 1,2] [--sites 4] [--latency 0.2]. Needs
redis-server. For each worker count: a fresh redis-server and `--sites` copies of the sample site, each in
its own process with its own generated articles and every answer delayed by `--latency` seconds (a real
crawl waits on the network and on politeness, not on a local Python server), one job per host, N
`waspada fleet worker --burst` processes crawl into the stream (no writer meanwhile, so the crawl is
measured alone: pages/s from the jobs' own counts); then one Writer drains the stream into a fresh database
(articles/s).
AutoThrottle is off, as in bench.crawl.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from crawler.fleet import jobs, redisio
from crawler.fleet.localredis import redis_server
from crawler.fleet.writer import Writer
from crawler.samplesite.generate import SEED
from store.db import open_db

SETTINGS: dict[str, Any] = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_TIMEOUT": 10}
WASPADA = Path(sys.executable).with_name("waspada")


@contextmanager
def served_sites(scale: int, copies: int, latency: float, folder: Path) -> Iterator[list[dict[str, Any]]]:
    """`copies` scaled sample sites (3 outlets each), each in its own process; yields all their sources.

    Each copy has its own seed (different generated articles) and answers every request after `latency`
    seconds, so the crawlers, not the server's one Python process, set the pace.
    """
    servers, sources = [], []
    try:
        for copy in range(copies):
            out = folder / f"sources-{copy}.yaml"
            command = [sys.executable, "-m", "crawler.samplesite", "--scale", str(scale // copies),
                       "--no-broken", "--latency", str(latency), "--seed", str(SEED + copy),
                       "--sources-out", str(out)]  # fmt: skip
            servers.append(subprocess.Popen(command, stdout=subprocess.PIPE, text=True))
        for copy, server in enumerate(servers):
            for line in server.stdout or []:
                if line.startswith("Serving"):
                    break
            listed = yaml.safe_load((folder / f"sources-{copy}.yaml").read_text(encoding="utf-8"))
            # max_pages: every API page of the scaled archive, not a first crawl's newest 1,000 posts
            named = [source | {"name": f"{source['name']}{copy}", "max_pages": 10_000} for source in listed]
            sources += named
        yield sources
    finally:
        for server in servers:
            server.terminate()
            server.wait()


def children_cpu() -> float:
    """CPU seconds of the finished child processes (and theirs), user + system."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def crawl(url: str, sources: list[dict[str, Any]], workers: int) -> dict[str, float]:
    """Queue one job per outlet, run `workers` burst workers; seconds, pages and pages/s."""
    client = redisio.connect(url)
    queued = jobs.enqueue(client, url, sources, None, dict(SETTINGS))
    started, cpu = time.perf_counter(), children_cpu()
    command = [str(WASPADA), "fleet", "worker", "--fleet", url, "--burst"]
    processes = [subprocess.Popen(command, stdout=subprocess.DEVNULL) for _ in range(workers)]
    for process in processes:
        process.wait()
    seconds, cpu = time.perf_counter() - started, children_cpu() - cpu
    from rq.job import Job

    done = [Job.fetch(ident, connection=client) for ident in queued]
    pages = sum(int((job.return_value() or {}).get("pages", 0)) for job in done)
    in_jobs = sum((job.ended_at - job.started_at).total_seconds() for job in done if job.ended_at)
    return {
        "seconds": seconds,
        "in_jobs": in_jobs / max(1, len(done)),
        "pages": pages,
        "cores": cpu / seconds,
        "pages_per_s": pages / seconds,
        "backlog": client.xlen(redisio.STREAM),
    }


def ingest(url: str, db: Path) -> dict[str, float]:
    """Drain the stream with one Writer; seconds and articles/s."""
    open_db(str(db)).conn.close()
    client = redisio.connect(url)
    writer = Writer(client, str(db), consumer="bench")
    entries = client.xlen(redisio.STREAM)
    started = time.perf_counter()
    while writer.step(block_ms=10, claim_idle_ms=60_000):
        pass
    seconds = time.perf_counter() - started
    summary = writer.state.finish("finished")
    writer.state.close()
    return {"entries": entries, "new": summary["new"], "seconds": seconds, "per_s": entries / seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1200, help="generated articles over all the sites")
    parser.add_argument("--workers", default="1,2", help="crawler process counts to compare")
    parser.add_argument("--sites", type=int, default=4, help="sample site copies (3 hosts each, own process)")
    parser.add_argument("--latency", type=float, default=0.2, help="seconds before the site answers")
    args = parser.parse_args()
    results = {}
    print(
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (the CPUs are shared); "
        f"{args.sites} sample sites = {3 * args.sites} hosts, {args.scale:,} generated articles in all, "
        f"every answer after {args.latency * 1000:.0f} ms, 2 requests per host at a time"
    )
    for workers in [int(n) for n in args.workers.split(",")]:
        with tempfile.TemporaryDirectory() as tmp, redis_server(Path(tmp)) as server:
            with served_sites(args.scale, args.sites, args.latency, Path(tmp)) as sources:
                got = crawl(server.url, sources, workers)
            written = ingest(server.url, Path(tmp) / "fleet.db")
        results[workers] = got
        print(
            f"{workers} crawler process(es): {got['pages']:,} pages in {got['seconds']:.1f} s ="
            f" {got['pages_per_s']:.1f} pages/s using {got['cores']:.2f} cores (a job ran"
            f" {got['in_jobs']:.1f} s on average);"
            f" writer: {written['entries']:,} entries"
            f" ({written['new']:,} new articles) in {written['seconds']:.1f} s = {written['per_s']:.0f}/s;"
            f" load average {os.getloadavg()[0]:.1f}"
        )
    if 1 in results and 2 in results:
        print(
            f"2 vs 1 crawler processes: {results[2]['pages_per_s'] / results[1]['pages_per_s']:.2f}x pages/s"
        )


if __name__ == "__main__":
    main()
