"""Writers and the workbench at once: WAL and short transactions, so no reader or writer ever fails."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from workbench_helpers import csrf_token, fill_db, log_in, running_server

from store.db import open_db
from waspada.cli import cli

ARTICLES = 300  # at least this many; the writer goes on until readers and labelers have overlapped with it
MIN_READS, MIN_LABELS, MAX_ARTICLES = 120, 20, 20_000
READ_PATHS = [
    "/waspada/article_overview.json?_facet=province&_facet_array=themes",
    "/waspada/articles.json?_search=bentrok",
    "/waspada/conflict_this_week_by_province.json",
    "/waspada/label_queue.json",
    "/waspada/articles/1",
    "/-/waspada/queue",
]


def write_articles(
    db_path: Path, done: threading.Event, errors: list[str], reads: list[int], labels: list[int]
) -> int:
    """Insert articles with their place and tags, one short transaction each, as the crawler and tagger do."""
    db, number = open_db(db_path), 0
    try:
        while number < MAX_ARTICLES and (number < ARTICLES or reads[0] < MIN_READS or labels[0] < MIN_LABELS):
            article_id = 1000 + number
            with db.conn:
                db["articles"].insert(
                    {
                        "id": article_id,
                        "canonical_url": f"https://contoh.id/baru/{number}",
                        "url": f"https://contoh.id/baru/{number}",
                        "source": "kabarnusantara",
                        "title": f"Bentrok warga di desa {number}",
                        "text": "Warga bentrok soal tapal batas desa.",
                        "published_at": "2026-11-28T01:00:00+00:00",
                        "fetched_at": "2026-11-28T01:05:00+00:00",
                    }
                )
            with db.conn:
                db["article_places"].insert(
                    {"article_id": article_id, "province_code": "63", "regency_code": "63.03"}
                )
                db["article_tags"].insert(
                    {
                        "article_id": article_id,
                        "model_version": "2026.11-test",
                        "conflict": 1,
                        "conflict_score": 0.5 + (number % 400) / 1000,
                        "themes": json.dumps(["land_resource"]),
                    }
                )
            number += 1
    except Exception as error:  # noqa: BLE001 - reported by the test
        errors.append(f"writer: {error!r}")
    finally:
        db.conn.close()
        done.set()
    return number


def read_continuously(base: str, done: threading.Event, failures: list[str], counter: list[int]) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        while not done.is_set():
            for path in READ_PATHS:
                response = client.get(path)
                counter[0] += 1
                if response.status_code != 200 or "database is locked" in response.text:
                    failures.append(f"{path}: {response.status_code} {response.text[:200]}")


def label_continuously(base: str, done: threading.Event, failures: list[str], counter: list[int]) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        log_in(client)
        token = csrf_token(client, "/waspada/articles/1")
        while not done.is_set():
            response = client.post("/-/waspada/label/1", data={"csrftoken": token, "conflict": "1"})
            counter[0] += 1
            if response.status_code != 302:
                failures.append(f"label: {response.status_code} {response.text[:200]}")


def test_reads_and_labels_never_fail_while_articles_are_written(tmp_path: Path) -> None:
    db = fill_db(tmp_path / "waspada.db")
    done, failures, errors = threading.Event(), [], []
    reads, labels = [0], [0]
    with running_server(db) as base:
        threads = [
            threading.Thread(target=read_continuously, args=(base, done, failures, reads)),
            threading.Thread(target=read_continuously, args=(base, done, failures, reads)),
            threading.Thread(target=label_continuously, args=(base, done, failures, labels)),
        ]
        for thread in threads:
            thread.start()
        written = write_articles(db, done, errors, reads, labels)
        for thread in threads:
            thread.join(timeout=120)
        total = httpx.get(base + "/waspada/articles.json?_search=tapal&_count=1", timeout=30).json()[
            "filtered_table_rows_count"
        ]
    assert errors == [] and failures == []
    assert reads[0] >= MIN_READS and labels[0] >= MIN_LABELS, "readers and writers did not overlap"
    assert total == written  # every written article is searchable through Datasette
    stored = open_db(db).execute("select count(*) from labels where article_id = 1").fetchone()[0]
    assert stored == labels[0]


def test_crawling_the_sample_site_while_datasette_is_queried(tmp_path: Path) -> None:
    pytest.importorskip("crawler.samplesite.server", reason="the sample news site is not built yet")
    if "crawl" not in cli.commands:
        pytest.skip("`waspada crawl` is not built yet")
    from crawler.samplesite.server import SampleSite

    db = fill_db(tmp_path / "waspada.db")
    done, failures, reads = threading.Event(), [], [0]
    with SampleSite() as site, running_server(db) as base:
        sources = site.write_sources(tmp_path / "sources.yaml")
        reader = threading.Thread(target=read_continuously, args=(base, done, failures, reads))
        reader.start()
        try:
            crawl = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "waspada",
                    "run",
                    "--db",
                    str(db),
                    "--sources",
                    str(sources),
                    "--stages",
                    "crawl",
                ],
                capture_output=True,
                text=True,
                check=False,
                timeout=600,
            )
        finally:
            done.set()
            reader.join(timeout=120)
        visible = httpx.get(base + "/waspada/articles.json?_nofacet=1", timeout=30).json()[
            "filtered_table_rows_count"
        ]
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert failures == [] and reads[0] > 0
    assert visible > 4  # the crawled articles, besides the four fixture rows, are served
