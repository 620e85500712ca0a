"""The workbench against a real `waspada serve`: facets, search, stored queries, map, read-only access."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from workbench_helpers import fill_db, running_server

from store import overview
from store.db import open_db
from waspada.serve import DEFAULT_TILES, load_metadata

QUERIES = [
    "conflict_this_week_by_province",
    "emerging_tensions",
    "stories_with_casualties",
    "label_queue",
    "model_versions",
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = fill_db(tmp_path_factory.mktemp("serve") / "waspada.db", stories=True)
    with running_server(db) as url:
        yield url


def get_json(base: str, path: str, **params: str) -> dict:
    response = httpx.get(base + path, params=params, timeout=30)
    assert response.status_code == 200, response.text[:500]
    return response.json()


def facet_counts(data: dict, name: str) -> dict:
    return {item["value"]: item["count"] for item in data["facet_results"][name]["results"]}


def test_default_facets_on_tagged_articles(base: str) -> None:
    data = get_json(base, "/waspada/article_overview.json")
    assert set(data["facet_results"]) >= {"province", "regency", "themes", "source", "conflict", "date"}
    assert facet_counts(data, "province") == {"Kalimantan Selatan": 3, "Papua": 1}
    assert facet_counts(data, "themes") == {"communal_violence": 1, "prevention": 1, "election": 1}
    assert facet_counts(data, "conflict") == {1: 2, 0: 1}


def test_overview_follows_writes_to_places_tags_and_regions(tmp_path: Path) -> None:
    db = open_db(fill_db(tmp_path / "w.db"))
    row = lambda: db.execute(  # noqa: E731
        "select province, regency, conflict, theme, latitude from article_overview where id = 4"
    ).fetchone()
    assert row() == ("Kalimantan Selatan", "Kabupaten Banjar", None, None, -3.32)
    db["article_tags"].upsert(
        {"article_id": 4, "conflict": 1, "themes": '["land_resource", "protest"]'}, pk="article_id"
    )
    db["regions"].upsert({"code": "63.03", "name": "Kabupaten Banjar (baru)", "lat": -3.4}, pk="code")
    assert row() == ("Kalimantan Selatan", "Kabupaten Banjar (baru)", 1, "land_resource", -3.4)
    db["article_tags"].delete(4)
    db["article_places"].delete(4)
    assert row() == (None, None, None, None, None)
    db["articles"].delete(4)
    assert row() is None


def test_overview_carries_the_review_tier_also_after_an_upgrade(tmp_path: Path) -> None:
    path = fill_db(tmp_path / "w.db")
    db = open_db(path)
    with db.conn:  # as a database of before m015: no review column, triggers that do not fill it
        for name in overview.trigger_names():
            db.execute(f"drop trigger {name}")
        db.execute("drop index idx_article_overview_review")
        db.execute("alter table article_overview drop column review")
        for trigger in overview.triggers():
            db.execute(trigger)
        db.execute("delete from _migrations where name = 'm015_overview_review'")
        db.execute("update article_tags set review = 1, conflict = 0 where article_id = 3")
    facets = list(db.query("select * from overview_facets order by facet, value"))
    db.conn.close()
    db = open_db(path)  # migrates
    review = lambda: dict(db.execute("select id, review from article_overview").fetchall())  # noqa: E731
    assert review() == {1: 0, 2: 0, 3: 1, 4: None}  # 4 is not tagged
    assert list(db.query("select * from overview_facets order by facet, value")) == facets
    db["article_tags"].upsert({"article_id": 4, "conflict": 0, "review": 1}, pk="article_id")
    db["article_tags"].upsert({"article_id": 3, "conflict": 1, "review": 0}, pk="article_id")
    assert review() == {1: 0, 2: 0, 3: 0, 4: 1}


def test_the_workbench_date_is_the_wib_day_also_after_an_upgrade(tmp_path: Path) -> None:
    evening = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)  # 03.00 WIB on 21 November
    path = fill_db(tmp_path / "w.db", now=evening)
    db = open_db(path)
    with db.conn:  # as a database of before m016: UTC days, kept so by its triggers
        for name in overview.trigger_names():
            db.execute(f"drop trigger {name}")
        for trigger in overview.triggers(overview.SELECT_WITH_REVIEW):
            db.execute(trigger)
        db.execute("update article_overview set date = substr(published_at, 1, 10)")
        db.execute("delete from _migrations where name = 'm016_wib_dates'")
    assert db.execute("select date from article_overview where id = 4").fetchone()[0] == "2026-11-19"
    db.conn.close()
    db = open_db(path)  # migrates
    wib_days = {n: str((evening - timedelta(days=5 - n) + timedelta(hours=7)).date()) for n in range(1, 5)}
    assert dict(db.execute("select id, date from article_overview").fetchall()) == wib_days
    assert dict(db.execute("select id, date from label_candidates").fetchall()) == wib_days
    kept = dict(db.execute("select value, n from overview_facets where facet = 'date' and n > 0").fetchall())
    assert kept == dict(db.execute("select date, count(*) from article_overview group by date").fetchall())
    db["articles"].update(4, {"published_at": "2026-11-21T18:00:00Z"})  # 01.00 WIB on 22 November
    assert db.execute("select date from article_overview where id = 4").fetchone()[0] == "2026-11-22"


def test_facet_filter_narrows_rows(base: str) -> None:
    data = get_json(base, "/waspada/article_overview.json", regency="Kabupaten Banjar", _shape="objects")
    assert sorted(row["id"] for row in data["rows"]) == [2, 4]


def test_plain_search_is_counted_from_the_index(base: str) -> None:
    page = httpx.get(base + "/waspada/articles", params={"_search": "warga"}, timeout=30).text
    assert "<strong>2</strong>\n  articles match “warga”" in page
    overview = httpx.get(base + "/waspada/article_overview", params={"_search": "warga"}, timeout=30).text
    assert "articles match “warga”" in overview
    fast = get_json(base, "/waspada/articles.json", _search="warga")
    assert fast["filtered_table_rows_count"] is None and len(fast["rows"]) == 2
    counted = get_json(base, "/waspada/articles.json", _search="warga", _count="1")
    assert counted["filtered_table_rows_count"] == 2
    filtered = get_json(base, "/waspada/article_overview.json", _search="warga", regency="Kabupaten Banjar")
    assert filtered["filtered_table_rows_count"] == 1  # with a column filter Datasette counts as usual


def test_full_text_search_on_articles_and_the_view(base: str) -> None:
    data = get_json(base, "/waspada/articles.json", _search="tambang pasir", _shape="objects")
    assert [row["id"] for row in data["rows"]] == [4]
    view = get_json(base, "/waspada/article_overview.json", _search="pilkada", _shape="objects")
    assert [row["id"] for row in view["rows"]] == [2]
    assert view["rows"][0]["province"] == "Kalimantan Selatan"


@pytest.mark.parametrize("name", QUERIES)
def test_stored_queries_answer(base: str, name: str) -> None:
    data = get_json(base, f"/waspada/{name}.json", _shape="objects")
    assert data["ok"] is not False and data["rows"], f"{name} returned no rows"


def test_stored_query_contents(base: str) -> None:
    week = get_json(base, "/waspada/conflict_this_week_by_province.json", _shape="array")
    assert week == [
        {
            "province": "Kalimantan Selatan",
            "province_code": "63",
            "articles": 2,
            "stories": 2,
            "killed": 2,
            "injured": 5,
        }
    ]
    casualties = get_json(base, "/waspada/stories_with_casualties.json", _shape="array")
    assert [(row["title"], row["killed"], row["regency"]) for row in casualties] == [
        ("Bentrok Antarwarga di Banjarmasin, Dua Orang Tewas", 2, "Kota Banjarmasin")
    ]  # stories, not articles: an event told by five outlets is one row
    queue = get_json(base, "/waspada/label_queue.json", _shape="array")
    assert [row["id"] for row in queue][:2] == [2, 4]  # score 0.52 first, then the untagged one
    assert {"review", "model_themes"} <= set(queue[0])  # why it is first; whose themes they are
    models = get_json(base, "/waspada/model_versions.json", _shape="array")
    tagged = {row["version"]: row["articles_tagged"] for row in models}
    assert tagged["2026.11-test"] == 3 and len(tagged) > 1  # the shipped versions are listed too


def test_titles_descriptions_and_attribution(base: str) -> None:
    page = httpx.get(base + "/waspada/article_overview", timeout=30).text
    assert "Artikel bertanda" in page  # Indonesian first; tests/test_workbench_language.py has English
    assert "Artikel © penerbitnya" in page
    columns = get_json(base, "/-/metadata.json")["databases"]["waspada"]["tables"]["articles"]["columns"]
    assert "published_at" in columns


def test_map_is_on_the_view_with_the_configured_tiles(base: str) -> None:
    page = httpx.get(base + "/waspada/article_overview", timeout=30).text
    assert "datasette-cluster-map" in page
    assert "http://127.0.0.1:9/{z}/{x}/{y}.png" in page
    rows = get_json(base, "/waspada/article_overview.json", _shape="array")
    assert all(row["latitude"] is not None and row["longitude"] is not None for row in rows)


def test_anonymous_users_cannot_write(base: str) -> None:
    response = httpx.get(base + "/waspada.json", params={"sql": "delete from articles"}, timeout=30)
    assert response.status_code == 400
    assert len(get_json(base, "/waspada/articles.json")["rows"]) == 4


def test_accounts_are_never_served(base: str) -> None:
    rows = get_json(base, "/waspada.json", sql="select name, password_hash from users", _shape="array")
    assert rows == [{"name": None, "password_hash": None}]


def test_tile_url_comes_from_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    def tiles(option: str | None = None) -> str:
        return load_metadata(option)["plugins"]["datasette-cluster-map"]["tile_layer"]

    monkeypatch.delenv("WASPADA_TILE_URL", raising=False)
    assert tiles() == DEFAULT_TILES
    monkeypatch.setenv("WASPADA_TILE_URL", "https://tiles.example/{z}/{x}/{y}.png")
    assert tiles() == "https://tiles.example/{z}/{x}/{y}.png"
    assert tiles("http://localhost:8080/{z}/{x}/{y}.png") == "http://localhost:8080/{z}/{x}/{y}.png"


def test_a_port_in_use_is_one_line_naming_it(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from waspada.cli import cli

    db = fill_db(tmp_path / "w.db")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--port", str(port)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use (choose another --port or --host)"
    )
