"""End to end: the sample site crawled through `waspada crawl`, stored once, dated, deduplicated."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from crawl_helpers import rows, run_crawl

from crawler.urls import normalize

OFFSETS = {"WIB": 7, "WITA": 8, "WIT": 9}


def stored(db: Path, article: dict) -> list[sqlite3.Row]:
    return rows(db, "select * from articles where canonical_url = ?", (normalize(article["url"]),))


def expected_utc(article: dict) -> str:
    local = datetime.strptime(article["published"], "%Y-%m-%d %H:%M")
    moment = local.replace(tzinfo=timezone(timedelta(hours=OFFSETS[article["tz"]])))
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_every_sample_article_is_stored_exactly_once(sample_site, crawled_db: Path) -> None:  # noqa: ANN001
    missing = [a["id"] for a in sample_site.articles if len(stored(crawled_db, a)) != 1]
    assert missing == []
    titles = rows(crawled_db, "select source, title, count(*) n from articles group by 1, 2 having n > 1")
    assert [tuple(row) for row in titles] == []


def test_article_fields_are_filled(sample_site, crawled_db: Path) -> None:  # noqa: ANN001
    for article in sample_site.articles:
        row = stored(crawled_db, article)[0]
        assert row["title"] == article["title"]
        assert row["source"] == article["outlet"]
        assert row["lead"] == row["text"].split("\n\n")[0]
        assert row["content_hash"] and row["fetched_at"] and row["crawl_run"]
        if article.get("author"):
            assert row["author"] == article["author"], article["id"]
        if article.get("credit"):
            assert row["credit"] == article["credit"], article["id"]
            assert article["credit"] not in row["text"]


def test_dates_in_utc_and_as_written(sample_site, crawled_db: Path) -> None:  # noqa: ANN001
    for article in sample_site.articles:
        row = stored(crawled_db, article)[0]
        if article.get("no_date"):
            assert row["date_source"] in {"none", "dateline"}, article["id"]
            continue
        assert row["published_at"] == expected_utc(article), article["id"]
        assert row["published_local"] == f"{article['published']} {article['tz']}", article["id"]
        assert row["tz"] == article["tz"] and row["date_source"] in {"meta", "feed", "dateline"}


def test_republished_copies_point_to_the_original(sample_site, crawled_db: Path) -> None:  # noqa: ANN001
    copies = [a for a in sample_site.articles if a.get("republish_of")]
    assert copies, "the sample site has republished articles"
    by_id = {a["id"]: a for a in sample_site.articles}
    for copy in copies:
        row = stored(crawled_db, copy)[0]
        original = stored(crawled_db, by_id[copy["republish_of"]])[0]
        assert row["dup_of"] == original["id"], copy["id"]
        assert 0.5 <= row["dup_score"] <= 1.0
        assert rows(crawled_db, "select 1 from article_minhash where article_id = ?", (row["id"],))
    originals = {by_id[c["republish_of"]]["id"] for c in copies}
    for article_id in originals:
        assert stored(crawled_db, by_id[article_id])[0]["dup_of"] is None


def test_url_variants_are_remembered_not_stored_twice(sample_site, crawled_db: Path) -> None:  # noqa: ANN001
    urls = rows(crawled_db, "select url, article_id from article_urls")
    seen = {row["url"] for row in urls}
    assert any("utm_" in url for url in seen), "feed links with utm parameters are remembered"
    assert any("?p=" in url for url in seen), "the ?p=ID shortlink is remembered"
    amp = [url for url in seen if "/amp" in url]
    assert amp, "AMP copies linked from the feed are remembered"
    canonical = {row["canonical_url"] for row in rows(crawled_db, "select canonical_url from articles")}
    assert all(normalize(url) in canonical for url in amp)
    case = sample_site.broken_cases["duplicate_url"]
    target = {row["url"]: row["article_id"] for row in urls}[case["url"]]
    assert rows(crawled_db, "select count(*) n from articles where id = ?", (target,))[0]["n"] == 1
    count = rows(crawled_db, "select count(*) n from articles")[0]["n"]
    assert count == len(
        {row["canonical_url"] for row in rows(crawled_db, "select canonical_url from articles")}
    )


def test_run_row_counts(crawled_db: Path) -> None:
    run = rows(crawled_db, "select * from crawl_runs order by id limit 1")[0]
    assert run["status"] == "finished" and run["finished"]
    assert run["new"] == rows(crawled_db, "select count(*) n from articles")[0]["n"]
    assert (
        run["errors"]
        == rows(crawled_db, "select count(*) n from crawl_errors where run = ?", (run["id"],))[0]["n"]
    )
    assert run["duplicates"] >= 1 and run["near_duplicates"] >= 1
    assert json.loads(run["counts"])["new"] == run["new"]


@pytest.fixture(scope="module")
def second_crawl(sample_site, sample_sources: Path, crawled_db: Path, tmp_path_factory) -> dict:  # noqa: ANN001
    """Crawl again into a copy of the crawled database, recording article-page hits before and after."""
    copy = tmp_path_factory.mktemp("second") / "waspada.db"
    source, target = sqlite3.connect(crawled_db), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    pages = {a["id"]: (a["outlet"], urlsplit(a["url"]).path) for a in sample_site.articles}
    before = {key: sample_site.hits(*where) for key, where in pages.items()}
    result = run_crawl(copy, sample_sources)
    after = {key: sample_site.hits(*where) for key, where in pages.items()}
    return {"db": copy, "before": before, "after": after, "stdout": result.stdout}


def test_second_crawl_fetches_no_article_page_again(second_crawl: dict) -> None:
    refetched = [key for key, count in second_crawl["after"].items() if count != second_crawl["before"][key]]
    assert refetched == []


def test_second_crawl_stores_nothing_new_and_uses_conditional_get(second_crawl: dict) -> None:
    db = second_crawl["db"]
    runs = rows(db, "select * from crawl_runs order by id")
    assert len(runs) == 2 and runs[1]["new"] == 0 and runs[1]["status"] == "finished"
    assert json.loads(runs[1]["counts"]).get("not_modified", 0) >= 1
    assert rows(db, "select count(*) n from http_cache where etag is not null or last_modified is not null")[
        0
    ]["n"]
    assert "new articles" in second_crawl["stdout"]


def test_since_skips_older_articles(sample_site, sample_sources: Path, tmp_db: Path) -> None:  # noqa: ANN001
    run_crawl(tmp_db, sample_sources, "--source", "wartatimur", "--since", "2026-11-10")
    stored_rows = rows(tmp_db, "select published_at, source from articles")
    assert stored_rows and {row["source"] for row in stored_rows} == {"wartatimur"}
    assert all(row["published_at"] is None or row["published_at"] >= "2026-11-10" for row in stored_rows)
    newer = [
        a for a in sample_site.articles if a["outlet"] == "wartatimur" and a["published"] >= "2026-11-11"
    ]
    assert len(stored_rows) >= len(newer)


def test_unknown_source_is_one_line_error(sample_sources: Path, tmp_db: Path) -> None:
    result = run_crawl(tmp_db, sample_sources, "--source", "tidakada", check=False)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Error:") and "tidakada" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_store_links_copies_to_the_earliest_published(tmp_db: Path) -> None:
    from crawler.items import Article
    from crawler.state import CrawlState

    words = " ".join(f"kata{i} warga desa menolak tambang" for i in range(40))
    state = CrawlState(str(tmp_db), ["a", "b"], None)

    def article(url: str, text: str, published: str) -> Article:
        return Article(
            source="a", url=url, canonical_url=normalize(url), title="Judul", text=text, lead=text[:50],
            fetched_at="2026-11-20T00:00:00Z", published_at=published, seen_urls=[url + "?utm_source=x"],
        )  # fmt: skip

    assert state.store(article("https://b.id/salinan", words + " tambahan", "2026-11-03T05:00:00Z")) == "new"
    assert state.store(article("https://a.id/asli", words, "2026-11-03T01:00:00Z")) == "near_duplicate"
    assert state.store(article("https://c.id/sama", words, "2026-11-04T01:00:00Z")) == "exact_copy"
    assert state.store(article("https://a.id/asli/", words, "2026-11-03T01:00:00Z")) == "duplicate"
    state.finish("finished")
    state.close()
    got = {row["canonical_url"]: row["dup_of"] for row in rows(tmp_db, "select * from articles")}
    first = rows(tmp_db, "select id from articles where canonical_url = 'https://a.id/asli'")[0]["id"]
    assert got == {"https://b.id/salinan": first, "https://a.id/asli": None, "https://c.id/sama": first}
    assert rows(tmp_db, "select count(*) n from article_urls where url like '%utm_source%'")[0]["n"] == 4
