"""Bad input: every broken page ends as one clear crawl_errors row (or a correct article); kills are safe."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from crawl_helpers import CRAWL_TIMEOUT, WASPADA, rows, run_crawl

from crawler.urls import normalize

ERROR_CASES = ["malformed_feed", "not_article", "not_found", "redirect_loop", "timeout", "oversized"]


def first_run_errors(db: Path) -> list[sqlite3.Row]:
    return rows(db, "select * from crawl_errors where run = (select min(id) from crawl_runs)")


def by_url(db: Path, url: str) -> list[sqlite3.Row]:
    """Stored articles whose canonical URL is this URL's key."""
    return rows(db, "select * from articles where canonical_url = ?", (normalize(url),))


def same_page(recorded: str, expected: str) -> bool:
    """The error's URL is the case URL (tracking variants aside; a redirect loop may end on its twin)."""
    a, b = urlsplit(normalize(recorded)), urlsplit(normalize(expected))
    return a.netloc == b.netloc and a.path.rstrip("ab") == b.path.rstrip("ab")


@pytest.mark.parametrize("case", ERROR_CASES)
def test_broken_case_is_one_error_row(sample_site, crawled_db: Path, case: str) -> None:  # noqa: ANN001
    expected = sample_site.broken_cases[case]
    matching = [row for row in first_run_errors(crawled_db) if same_page(row["url"], expected["url"])]
    assert [row["reason"] for row in matching] == [expected["expect"]]
    assert matching[0]["source"] == expected["source"] and matching[0]["message"]
    assert not rows(
        crawled_db, "select 1 from articles where canonical_url = ?", (normalize(expected["url"]),)
    )


def test_http_errors_carry_their_status(sample_site, crawled_db: Path) -> None:  # noqa: ANN001
    url = sample_site.broken_cases["not_found"]["url"]
    row = next(row for row in first_run_errors(crawled_db) if same_page(row["url"], url))
    assert row["http_status"] == 404


def test_dead_wordpress_api_falls_back_to_the_feed(sample_site, crawled_db: Path) -> None:  # noqa: ANN001
    reasons = [row["reason"] for row in first_run_errors(crawled_db) if row["source"] == "wpmati"]
    assert reasons == ["api_html"]
    expected = [a for a in sample_site.extra_articles if a["outlet"] == "wpmati"]
    assert expected
    for article in expected:
        found = rows(
            crawled_db, "select * from articles where canonical_url = ?", (normalize(article["url"]),)
        )
        assert len(found) == 1 and found[0]["title"] == article["title"]


@pytest.mark.parametrize("case", ["flaky_500", "wrong_charset", "no_date"])
def test_recoverable_pages_become_correct_articles(sample_site, crawled_db: Path, case: str) -> None:  # noqa: ANN001
    url = sample_site.broken_cases[case]["url"]
    found = by_url(crawled_db, url)
    assert len(found) == 1
    article = next(a for a in sample_site.articles + sample_site.extra_articles if a["url"] == url)
    assert found[0]["title"] == article["title"]
    assert "\ufffd" not in found[0]["text"]
    assert found[0]["text"].split("\n\n")[0] == article["paragraphs"][0]
    if case == "no_date":
        assert found[0]["date_source"] in {"none", "dateline"}


def test_shortlink_duplicate_is_linked_not_stored(sample_site, crawled_db: Path) -> None:  # noqa: ANN001
    url = sample_site.broken_cases["duplicate_url"]["url"]
    linked = rows(crawled_db, "select article_id from article_urls where url = ?", (url,))
    assert len(linked) == 1
    assert not by_url(crawled_db, url)
    assert not [row for row in first_run_errors(crawled_db) if row["url"] == url]


def test_the_crawl_went_on_and_finished(crawled_db: Path) -> None:
    run = rows(crawled_db, "select * from crawl_runs order by id limit 1")[0]
    assert run["status"] == "finished" and run["errors"] == len(first_run_errors(crawled_db))


def article_set(db: Path) -> set[tuple]:
    """What the database holds, independent of row ids: each article and the article it copies."""
    query = (
        "select a.canonical_url, a.title, a.content_hash, a.published_at, a.author, a.credit, o.canonical_url"
        " from articles a left join articles o on o.id = a.dup_of"
    )
    return {tuple(row) for row in rows(db, query)}


def count_articles(db: Path) -> int:
    try:
        return rows(db, "select count(*) n from articles")[0]["n"]
    except sqlite3.OperationalError:
        return 0


def test_sigkill_midway_then_rerun_ends_with_the_same_articles(
    sample_sources: Path, crawled_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "killed.db"
    command = [str(WASPADA), "crawl", "--db", str(db), "--sources", str(sample_sources), "--quiet"]
    process = subprocess.Popen(
        [*command, "--timeout", str(CRAWL_TIMEOUT)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while count_articles(db) < 15 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, "the crawl ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    partial = count_articles(db)
    assert 15 <= partial < count_articles(crawled_db)
    assert rows(db, "select status from crawl_runs")[0]["status"] == "running"
    run_crawl(db, sample_sources)
    assert article_set(db) == article_set(crawled_db)
    orphans = "select count(*) n from articles where id not in (select article_id from article_minhash)"
    assert rows(db, orphans)[0]["n"] == 0


def test_an_article_is_stored_with_its_signature_or_not_at_all(tmp_db: Path) -> None:
    """A crawl that dies between the article row and its MinHash signature must not leave the row behind
    (a rerun sees the URL as stored and would never add the signature)."""
    from crawler.items import Article
    from crawler.state import CrawlState

    state = CrawlState(str(tmp_db), ["a"], None)
    state.conn.execute(  # the signature write fails, as a process killed right before it would
        "create trigger no_signature before insert on article_minhash "
        "begin select raise(abort, 'killed'); end"
    )
    text = " ".join(f"kata{i} warga desa menolak tambang" for i in range(40))
    article = Article(
        source="a", url="https://a.id/x", canonical_url="https://a.id/x", title="Judul", text=text,
        lead=text[:50], fetched_at="2026-11-20T00:00:00Z",
    )  # fmt: skip
    with pytest.raises(sqlite3.IntegrityError):
        state.store(article)
    assert rows(tmp_db, "select count(*) n from articles")[0]["n"] == 0
    assert rows(tmp_db, "select count(*) n from article_urls")[0]["n"] == 0


def test_robots_and_refused_connections_are_error_rows(sample_site, tmp_path: Path, tmp_db: Path) -> None:  # noqa: ANN001
    base = sample_site.base_urls["kabarnusantara"]
    entries = [
        {"name": "terlarang", "title": "Terlarang", "kind": "feed", "home_url": base + "/",
         "feed_url": base + "/cari?q=banjir", "province": "63", "tz": "WITA", "type": "regional"},
        {"name": "mati", "title": "Mati", "kind": "feed", "home_url": "http://127.0.0.1:9/",
         "feed_url": "http://127.0.0.1:9/feed.xml", "province": "63", "tz": "WITA", "type": "regional"},
    ]  # fmt: skip
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump(entries), encoding="utf-8")
    run_crawl(tmp_db, sources)
    found = {row["source"]: row["reason"] for row in rows(tmp_db, "select source, reason from crawl_errors")}
    assert found == {"terlarang": "robots", "mati": "connection"}
    assert rows(tmp_db, "select status from crawl_runs")[0]["status"] == "finished"
