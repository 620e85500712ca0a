"""The crawl fleet with a real redis-server: 3 crawler workers and 1 ingest writer store the sample site."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis as redis_py
from fleet_helpers import RedisServer, finish, redis_server, run_waspada, start, stop_leftovers, wait_until

from crawler.fleet.jobs import by_host
from crawler.sources import load_sources
from crawler.urls import normalize

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")


@pytest.fixture(autouse=True)
def no_leftovers() -> Iterator[None]:
    """Whatever a test started is gone after it, even when it failed half-way."""
    yield
    stop_leftovers()


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A fresh redis-server for one test."""
    (tmp_path / "redis").mkdir()
    with redis_server(tmp_path / "redis") as server:
        yield server


@pytest.fixture
def fleet(redis: RedisServer) -> str:
    """The URL of the test's redis-server."""
    return redis.url


def by_outlet(site, db: Path) -> dict[str, int | None]:  # noqa: ANN001
    """canonical URL (with the outlet's name for its address) -> the same form of its dup_of article."""
    conn = sqlite3.connect(db)
    rows = conn.execute("select a.canonical_url, d.canonical_url from articles a left join articles d"
                        " on d.id = a.dup_of").fetchall()  # fmt: skip
    conn.close()

    def name(url: str | None) -> str | None:
        for key, base in site.base_urls.items():
            url = url.replace(base, key) if url else url
        return url

    return {name(url): name(dup) for url, dup in rows}


def table(db: Path, name: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute(f"select name, kind, province_code, tz from {name}").fetchall())


def count_stored(db: Path, article: dict) -> int:
    with sqlite3.connect(db) as conn:
        query = "select count(*) from articles where canonical_url = ?"
        return int(conn.execute(query, [normalize(article["url"])]).fetchone()[0])


def source_status(db: Path) -> list[dict]:
    """`waspada sources status` of the database, as JSON rows."""
    return json.loads(run_waspada("sources", "status", "--db", str(db), "--format", "json"))


def crawl_fleet(url: str, sources: Path, log: Path, workers: int = 3) -> list:
    """`waspada crawl --fleet` (queues the jobs and works) plus workers-1 `fleet worker --burst`."""
    first = start("crawl", "--fleet", url, "--sources", str(sources), "--timeout", "2", log=log)

    client = redis_py.Redis.from_url(url)
    wait_until(
        lambda: client.exists("rq:queue:waspada-crawl") or client.keys("rq:wip:*"), 60, "nothing queued"
    )
    others = [start("fleet", "worker", "--fleet", url, "--burst", log=log) for _ in range(workers - 1)]
    return [first, *others]


def test_three_crawlers_and_one_writer_store_every_article_once(
    fleet: str,
    sample_site,
    sample_sources: Path,
    crawled_db: Path,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    db = tmp_path / "fleet.db"
    log = tmp_path / "fleet.log"
    sample_site.reset_hits()
    writer = start("ingest", "--fleet", fleet, "--db", str(db), "--idle-exit", "15", log=log)
    crawlers = crawl_fleet(fleet, sample_sources, log)
    assert [finish(process) for process in crawlers] == [0, 0, 0], log.read_text()
    assert finish(writer) == 0, log.read_text()
    done = [line for line in log.read_text().splitlines() if re.match(r"crawl-\S+ \(.+\) finished: ", line)]
    assert len(done) == len(by_host(load_sources(str(sample_sources)))), log.read_text()  # one line per job
    assert any(re.search(r"\b[1-9]\d* article\(s\) sent, 0 error\(s\)$", line) for line in done), done
    missing = [a["id"] for a in sample_site.articles if count_stored(db, a) != 1]
    assert missing == []
    assert by_outlet(sample_site, db) == by_outlet(sample_site, crawled_db)  # same URLs, same dup links
    assert table(db, "sources") == table(crawled_db, "sources")  # the writer saved them, as crawl does
    errors = {row["source"]: row["errors"] for row in source_status(db)}
    assert errors["rusakfeed"] == {"feed_malformed": 1} and errors["wpmati"] == {"api_html": 1}
    status = json.loads(run_waspada("fleet", "status", "--fleet", fleet, "--json"))
    assert (status["backlog"], status["pending"], status["jobs"]) == (0, 0, [])
    assert status["known_urls"] >= len(sample_site.articles)
    ended = {job["sources"][0]: job for job in status["ended"]}  # what each job did, after it ended
    assert len(ended) == len(done) and {job["status"] for job in ended.values()} == {"finished"}
    assert ended["rusakfeed"]["outcome"].endswith("1 error(s): feed_malformed ×1"), ended


def test_fleet_enqueue_queues_one_job_per_host_once_and_crawls_nothing(
    fleet: str,
    sample_site,
    sample_sources: Path,  # noqa: ANN001
) -> None:
    hosts = len(by_host(load_sources(str(sample_sources))))
    sample_site.reset_hits()
    first = run_waspada("fleet", "enqueue", "--fleet", fleet, "--sources", str(sample_sources))
    again = run_waspada("fleet", "enqueue", "--fleet", fleet, "--sources", str(sample_sources))
    assert f"queued {hosts} crawl job(s)" in first
    assert f"queued 0 crawl job(s) on {fleet}; {hosts} host(s) already queued or running" in again
    status = json.loads(run_waspada("fleet", "status", "--fleet", fleet, "--json"))
    assert [job["status"] for job in status["jobs"]] == ["queued"] * hosts
    assert sum(sample_site.hits(outlet) for outlet in sample_site.base_urls) == 0  # the workers crawl


def test_a_failed_job_shows_in_the_fleet_status_with_its_error(fleet: str) -> None:
    from rq import Queue

    from crawler.fleet.jobs import crawl_host

    source = {"name": "rusak", "home_url": "http://127.0.0.1:9/"}
    Queue("waspada-crawl", connection=redis_py.Redis.from_url(fleet)).enqueue(
        crawl_host, fleet, [source], "bukan-tanggal", {}, job_id="crawl-rusak"
    )
    run_waspada("fleet", "worker", "--fleet", fleet, "--burst")
    [job] = json.loads(run_waspada("fleet", "status", "--fleet", fleet, "--json"))["ended"]
    assert (job["id"], job["status"], job["sources"]) == ("crawl-rusak", "failed", ["rusak"])
    assert "--since 'bukan-tanggal'" in job["outcome"] and "\n" not in job["outcome"]
    table = run_waspada("fleet", "status", "--fleet", fleet)
    assert "crawl-rusak" in table and re.search(r"as of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", table)


def test_a_killed_crawler_s_source_is_finished_by_another_process(fleet: str, tmp_path: Path) -> None:
    from crawler.fleet import jobs
    from crawler.samplesite.server import SampleSite

    client = redis_py.Redis.from_url(fleet)
    db = tmp_path / "fleet.db"
    log = tmp_path / "fleet.log"
    with SampleSite(scale=300, broken=False) as site:
        # No writer yet and a backlog limit of 20: each crawler stops mid-source, holding an article, until
        # the writer drains the stream, however fast or slow this machine is.
        jobs.enqueue(client, fleet, site.sources(), None, {"DOWNLOAD_TIMEOUT": 2, "BACKLOG_LIMIT": 20})
        crawlers = [start("fleet", "worker", "--fleet", fleet, "--burst", log=log) for _ in range(2)]

        def paused_crawler() -> int | None:
            for name, row in client.hgetall("waspada:fleet:processes").items():
                if json.loads(row)["status"] == "paused (backlog)":
                    return int(name.decode().rsplit(":", 1)[1])
            return None

        wait_until(paused_crawler, 120, "no crawler waited for the writer")
        victim = paused_crawler()
        assert victim is not None
        status = json.loads(run_waspada("fleet", "status", "--fleet", fleet, "--json"))
        assert any(job["status"] == "started" and job["worker"] for job in status["jobs"]), status
        assert any(row["job"].startswith("crawl-") for row in status["processes"].values()), status
        os.kill(victim, signal.SIGKILL)  # the job's own process, mid-source
        writer = start("ingest", "--fleet", fleet, "--db", str(db), "--idle-exit", "20", log=log)
        assert [finish(process) for process in crawlers] == [0, 0], log.read_text()
        assert finish(writer) == 0, log.read_text()
        missing = [a["id"] for a in site.articles if count_stored(db, a) != 1]
        peaks = {outlet: site.peak_in_flight(outlet) for outlet in site.base_urls}
    assert missing == []
    assert max(peaks.values()) <= 2, peaks  # politeness holds across processes
    assert "Work-horse terminated unexpectedly" in log.read_text()  # killed mid-source, then re-run


def test_the_fleet_resumes_after_redis_restarts_mid_crawl(redis: RedisServer, tmp_path: Path) -> None:
    from crawler.samplesite.server import SampleSite

    db = tmp_path / "fleet.db"
    log = tmp_path / "fleet.log"
    with SampleSite(scale=150, broken=False) as site:
        sources = site.write_sources(tmp_path / "sources.yaml")
        writer = start("ingest", "--fleet", redis.url, "--db", str(db), "--idle-exit", "20", log=log)
        crawlers = crawl_fleet(redis.url, sources, log, workers=3)
        client = redis_py.Redis.from_url(redis.url)

        def sent() -> int:
            # Entries ever added to the stream (the writer deletes what it stored): unlike the crawlers'
            # own counters, this does not vanish when a fast crawl ends before the first look.
            if not client.exists("waspada:fleet:articles"):
                return 0
            return client.xinfo_stream("waspada:fleet:articles")["entries-added"]

        wait_until(lambda: sent() >= 20, 120, "no crawler sent articles")
        redis.stop()
        time.sleep(2)
        redis.start()
        assert [finish(process) for process in crawlers] == [0, 0, 0], log.read_text()
        assert finish(writer) == 0, log.read_text()
        missing = [a["id"] for a in site.articles if count_stored(db, a) != 1]
        peaks = {outlet: site.peak_in_flight(outlet) for outlet in site.base_urls}
    assert missing == []
    assert max(peaks.values()) <= 2, peaks  # politeness holds across processes


def test_a_killed_writer_s_unacknowledged_entries_are_stored_on_restart(
    fleet: str,
    sample_site,
    sample_sources: Path,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    client = redis_py.Redis.from_url(fleet)
    db = tmp_path / "fleet.db"
    log = tmp_path / "fleet.log"
    crawlers = crawl_fleet(fleet, sample_sources, log)
    assert [finish(process) for process in crawlers] == [0, 0, 0], log.read_text()
    # A writer that read 20 entries and died before acknowledging them ...
    client.xgroup_create("waspada:fleet:articles", "writers", id="0", mkstream=True)
    client.xreadgroup("writers", "dead-writer", {"waspada:fleet:articles": ">"}, count=20)
    # ... and one killed with SIGKILL while it writes.
    writer = start(
        "ingest", "--fleet", fleet, "--db", str(db), "--claim-idle", "3600", "--batch", "5", log=log
    )
    wait_until(
        lambda: db.exists() and client.xlen("waspada:fleet:articles") < 60, 60, "the writer stored nothing"
    )
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    again = start(
        "ingest", "--fleet", fleet, "--db", str(db), "--idle-exit", "3", "--claim-idle", "0", log=log
    )
    assert finish(again) == 0, log.read_text()
    missing = [a["id"] for a in sample_site.articles if count_stored(db, a) != 1]
    assert missing == []
    assert client.xlen("waspada:fleet:articles") == 0
    assert client.xpending("waspada:fleet:articles", "writers")["pending"] == 0
