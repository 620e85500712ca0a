"""Facets and stored queries that tell the truth: every theme counts, old databases, shipped models."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from workbench_helpers import fill_db, running_server

from store.db import open_db
from waspada.shipped_models import register_shipped

MODELS = Path(__file__).resolve().parent.parent / "models"


@pytest.fixture(scope="module")
def old(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database whose newest article is from 2024: nothing was crawled 'this week'."""
    db = fill_db(tmp_path_factory.mktemp("old") / "waspada.db", now=datetime(2024, 3, 10, tzinfo=UTC))
    with running_server(db) as url:
        yield url


def rows(base: str, query: str) -> list[dict]:
    response = httpx.get(f"{base}/waspada/{query}.json", params={"_shape": "array"}, timeout=30)
    assert response.status_code == 200, response.text[:300]
    return response.json()


def test_conflict_this_week_counts_the_week_of_the_newest_article(old: str) -> None:
    found = rows(old, "conflict_this_week_by_province")
    assert found and found[0]["province"] == "Kalimantan Selatan" and found[0]["articles"] == 2


def test_one_clash_told_by_two_outlets_counts_its_dead_once(tmp_path: Path) -> None:
    db_path = fill_db(tmp_path / "w.db", stories=True)
    db = open_db(db_path)
    with db.conn:  # a second outlet tells article 1's clash: the same two dead, in the same story
        first = db["articles"].get(1)
        link = "https://lain.test/bentrok"
        db["articles"].insert({**first, "id": 5, "source": "lain", "url": link, "canonical_url": link})
        db["article_places"].insert({**db["article_places"].get(1), "article_id": 5})
        db["article_tags"].insert({**db["article_tags"].get(1), "article_id": 5})
        db["story_articles"].insert({**db["story_articles"].get(1), "article_id": 5})
    db.conn.close()
    with running_server(db_path) as url:
        week = rows(url, "conflict_this_week_by_province")
    assert [(r["articles"], r["stories"], r["killed"], r["injured"]) for r in week] == [(3, 2, 2, 5)]


def test_stories_with_their_articles_cover_the_last_30_wib_days(tmp_path: Path) -> None:
    db_path = fill_db(tmp_path / "w.db", now=datetime(2024, 3, 10, 12, tzinfo=UTC), stories=True)
    db = open_db(db_path)
    newest = db.execute("select max(published_at) from articles").fetchone()[0]
    first_day = (datetime.fromisoformat(newest) + timedelta(hours=7)).date() - timedelta(days=29)
    inside = f"{first_day - timedelta(days=1)}T17:30:00Z"  # 00.30 WIB on the first of the 30 days
    outside = f"{first_day - timedelta(days=1)}T16:30:00Z"  # 23.30 WIB on the day before them
    ids = [row[0] for row in db.execute("select id from stories order by id")]
    with db.conn:
        db["stories"].update(ids[0], {"last_seen": inside})
        db["stories"].update(ids[1], {"last_seen": outside})
    db.conn.close()
    with running_server(db_path) as url:
        listed = {row["story"] for row in rows(url, "story_articles_with_places")}
    assert ids[0] in listed and ids[1] not in listed


def test_stored_queries_on_an_old_database_are_not_empty(old: str) -> None:
    assert rows(old, "emerging_tensions")


def test_emerging_tensions_leave_an_uncrawled_week_empty_not_zero(old: str, tmp_path: Path) -> None:
    short = rows(old, "emerging_tensions")  # five days of articles: the week before was never crawled
    assert short and all(row["last_week"] is None and row["rise"] is None for row in short)
    db_path = fill_db(tmp_path / "w.db", now=datetime(2024, 3, 10, tzinfo=UTC))
    db = open_db(db_path)
    with db.conn:  # one article three weeks earlier: the two weeks are now covered
        old_article = {"id": 99, "title": "Arsip", "text": "Arsip lama.", "source": "mediacenter"}
        stamp = "2024-02-15T03:00:00+00:00"
        link = "https://contoh.id/99"
        db["articles"].insert(
            {**old_article, "url": link, "canonical_url": link, "published_at": stamp, "fetched_at": stamp}
        )
    db.conn.close()
    with running_server(db_path) as url:
        covered = rows(url, "emerging_tensions")
    assert covered and all(row["last_week"] == 0 and row["rise"] == row["this_week"] for row in covered)


def test_theme_facet_counts_every_theme_of_an_article(old: str) -> None:
    data = httpx.get(old + "/waspada/article_overview.json", timeout=30).json()
    counts = {item["value"]: item["count"] for item in data["facet_results"]["themes"]["results"]}
    assert counts == {"communal_violence": 1, "prevention": 1, "election": 1}


def test_internal_tables_and_the_memory_database_are_hidden(old: str) -> None:
    databases = httpx.get(old + "/-/databases.json", timeout=30).json()
    assert [database["name"] for database in databases] == ["waspada"]
    tables = httpx.get(old + "/waspada.json", timeout=30).json()["tables"]
    shown = {table["name"] for table in tables if not table["hidden"]}
    assert not shown & {"_migrations", "http_cache", "article_minhash", "users", "overview_facets"}
    assert not any(name.startswith("articles_fts") for name in shown)


def test_shipped_models_are_registered(tmp_db: Path) -> None:
    db = open_db(tmp_db)
    added = register_shipped(db, MODELS)
    current = (MODELS / "CURRENT").read_text(encoding="utf-8").strip()
    statuses = {row["version"]: row["status"] for row in db.query("select version, status from models")}
    assert set(added) == set(statuses) and len(added) >= 1 and statuses[current] == "current"
    assert register_shipped(db, MODELS) == []  # safe to call at every start


def test_choosing_a_theme_keeps_the_articles_that_have_it_among_others(old: str) -> None:
    data = httpx.get(old + "/waspada/article_overview.json", timeout=30).json()
    election = next(
        item for item in data["facet_results"]["themes"]["results"] if item["value"] == "election"
    )
    assert "themes__arraycontains=election" in election["toggle_url"]
    rows = httpx.get(election["toggle_url"] + "&_shape=array", timeout=30).json()
    assert [row["id"] for row in rows] == [2]  # its themes are ["prevention", "election"]


def test_count_values_counts_each_value_once_per_row() -> None:
    from waspada.datasette.facets import count_values

    counts = count_values([('["a", "b"]', 3), ('["a"]', 2), ("[]", 9), (None, 1), ('["a", "a"]', 1)])
    assert counts == {"a": 6, "b": 3}


def facet_counts(base: str, query: str = "") -> dict[str, dict]:
    data = httpx.get(f"{base}/waspada/article_overview.json{query}", timeout=30).json()
    return {
        name: {str(item["value"]): item["count"] for item in facet["results"]}
        for name, facet in data["facet_results"].items()
    }


def test_kept_facet_counts_match_counting_the_rows(old: str) -> None:
    kept = facet_counts(old)
    counted = facet_counts(old, "?id__gte=0")  # a filter every row passes: counted live
    assert set(kept) == {"province", "regency", "themes", "source", "conflict", "date"}
    assert kept == counted


def test_kept_facet_counts_follow_new_changed_and_deleted_articles(tmp_path: Path) -> None:
    db = open_db(fill_db(tmp_path / "waspada.db"))

    def kept_and_counted() -> tuple[dict, dict]:
        kept = {(r[0], str(r[1])): r[2] for r in db.execute("select * from overview_facets where n > 0")}
        counted = {}
        for column in ("province", "regency", "source", "conflict", "date", "themes"):
            sql = f"select {column}, count(*) from article_overview where {column} is not null group by 1"
            counted.update({(column, str(r[0])): r[1] for r in db.execute(sql)})
        return kept, counted

    with db.conn:
        db["article_tags"].update(1, {"conflict": 0, "themes": "[]"})
        db["article_places"].delete_where("article_id = ?", [2])
        db.execute("delete from article_tags where article_id = 3")
        db.execute("delete from article_places where article_id = 3")
        db.execute("delete from articles where id = 3")
    kept, counted = kept_and_counted()
    assert kept == counted and kept
