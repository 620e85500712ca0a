"""The analyst's article page: Indonesian by default, English by a switch, every article link leads there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from workbench_helpers import csrf_token, fill_db, log_in, running_server

from store.db import open_db
from waspada.datasette.article import paragraphs, place_name, published


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db = fill_db(tmp_path_factory.mktemp("article") / "waspada.db", stories=True)
    with running_server(db) as url:
        yield url, db


def test_indonesian_by_default_english_by_the_switch(served: tuple[str, Path]) -> None:
    base, _ = served
    with httpx.Client(base_url=base, timeout=30) as client:
        log_in(client)
        indonesian = client.get("/-/waspada/article/1").text
        english = client.get("/-/waspada/article/1?lang=en").text
        remembered = client.get("/-/waspada/article/2").text  # the choice is kept in a cookie
    assert "Simpan &amp; berikutnya" in indonesian and "Kekerasan komunal" in indonesian
    assert "Bentrok antarwarga atau antarkelompok" in indonesian  # the taxonomy's description
    assert "Save &amp; next" in english and "Communal violence" in english
    assert "Save &amp; next" in remembered


def test_places_by_name_and_scores_rounded(served: tuple[str, Path]) -> None:
    base, _ = served
    page = httpx.get(base + "/-/waspada/article/1", timeout=30).text
    assert "Kota Banjarmasin, Kalimantan Selatan" in page
    assert "0.93" in page and "0.9300" not in page


def test_impact_gives_the_stated_counts_and_no_zero_it_did_not_read(served: tuple[str, Path]) -> None:
    base, _ = served
    counted = httpx.get(base + "/-/waspada/article/1", timeout=30).text
    uncounted = httpx.get(base + "/-/waspada/article/2?lang=en", timeout=30).text
    impact = re.search(r'<span id="article-impact">(.*?)</span>', counted).group(1)
    assert impact == "Dampak: sedikitnya 2 tewas, 5 luka."
    assert "the text gives no count of casualties or damage" in uncounted and "0 killed" not in uncounted


def test_every_article_link_leads_to_the_article_page(served: tuple[str, Path]) -> None:
    base, _ = served
    query = httpx.get(base + "/waspada/story_articles_with_places", timeout=30).text
    assert 'href="/-/waspada/article/1"' in query
    assert 'href="/waspada/stories/1"' in query  # a story id leads to its story
    for path in ("/waspada/article_overview/1", "/waspada/articles/1"):
        assert 'id="article-body"' in httpx.get(base + path, timeout=30).text


def test_skip_goes_to_the_next_article_without_a_label(served: tuple[str, Path]) -> None:
    base, db = served  # "unsure" is a label: tests/test_unsure_labels.py
    with httpx.Client(base_url=base, timeout=30) as client:
        log_in(client)
        form = {"csrftoken": csrf_token(client), "conflict": "unsure", "action": "skip", "skip": ""}
        first = client.post("/-/waspada/label/4", data=form)
        skipped = re.search(r"skip=([\d,]+)", first.headers["location"]).group(1)
        form["skip"] = skipped
        second = client.post("/-/waspada/label/3", data={**form, "action": "skip"})
    assert first.status_code == 302 and "/-/waspada/article/4" not in first.headers["location"]
    assert skipped == "4" and "skip=4,3" in second.headers["location"]
    assert open_db(db)["labels"].count_where("article_id in (3, 4)") == 0


def test_contradicting_labels_are_flagged_on_the_page(served: tuple[str, Path]) -> None:
    base, db = served
    database = open_db(db)
    database["labels"].insert_all(
        [
            {"article_id": 3, "conflict": 1, "themes": "[]", "annotator": "a"},
            {"article_id": 3, "conflict": 0, "themes": "[]", "annotator": "b"},
        ]
    )
    database.conn.close()
    assert 'id="conflicting-labels"' in httpx.get(base + "/-/waspada/article/3", timeout=30).text
    assert 'id="conflicting-labels"' not in httpx.get(base + "/-/waspada/article/1", timeout=30).text


def test_an_article_without_a_headline_is_untitled_not_none(tmp_path: Path) -> None:
    db_path = fill_db(tmp_path / "waspada.db")
    db = open_db(db_path)
    db["articles"].update(4, {"title": None})
    db.conn.close()
    with running_server(db_path) as base:
        indonesian = httpx.get(base + "/-/waspada/article/4", timeout=30).text
        english = httpx.get(base + "/-/waspada/article/4?lang=en", timeout=30).text
    assert '<h1 id="article-title">(tanpa judul)</h1>' in indonesian and "<title>None" not in indonesian
    assert '<h1 id="article-title">(untitled)</h1>' in english


def test_unknown_article_is_404(served: tuple[str, Path]) -> None:
    base, _ = served
    assert httpx.get(base + "/-/waspada/article/999999", timeout=30).status_code == 404


def test_publication_time_names_its_zone_once() -> None:
    assert published({"published_local": "2024-02-20 WIT", "tz": "WIT"}) == "2024-02-20 WIT"  # a date alone
    assert published({"published_local": "2026-11-23 10:15 WITA", "tz": "WITA"}) == "2026-11-23 10:15 WITA"
    assert published({"published_local": "2026-11-23T10:15:00", "tz": "WITA"}) == "2026-11-23 10:15 WITA"
    assert published({"published_at": "2026-11-23T02:15:00Z"}) == "2026-11-23 02:15 UTC"
    assert published({}) == ""  # the page says "tidak dinyatakan oleh media"


def test_body_paragraphs_and_place_names() -> None:
    assert paragraphs("Satu.\n\nDua.\n") == ["Satu.", "Dua."]
    assert place_name("91", None) == "Papua" and place_name(None, None) is None


def test_label_queue_drops_labeled_articles_and_reads_again_when_stale(tmp_path: Path) -> None:
    from waspada.datasette.queue import LabelQueue

    db = open_db(fill_db(tmp_path / "w.db"))
    queue = LabelQueue(kept=10, max_age=3600)
    first = [row["id"] for row in queue.rows_for(db.conn, 10)]
    db["labels"].insert({"article_id": first[0], "conflict": 0, "themes": "[]"})
    db.conn.commit()
    assert [row["id"] for row in queue.rows_for(db.conn, 10)] == first[1:]
    assert [row["id"] for row in queue.rows_for(db.conn, 1, skip={first[1]})] == first[2:3]


def test_a_small_offline_map_shows_the_kabupaten_in_its_province(served: tuple[str, Path]) -> None:
    base, _ = served
    page = httpx.get(base + "/-/waspada/article/1", timeout=30).text
    drawn = re.search(r'<svg class="wa-map".*?</svg>', page, re.S)
    assert drawn and "<title>Kalimantan Selatan</title>" in drawn.group(0)
    assert 'id="place-dot"' in drawn.group(0) and "<title>Kota Banjarmasin</title>" in drawn.group(0)
    assert "http" not in drawn.group(0).replace("http://www.w3.org/2000/svg", "")  # no tiles, no internet


def test_place_map_frames_the_province_and_puts_the_dot_inside() -> None:
    from waspada.datasette.place_map import svg

    drawn = str(svg("63", "63.71", "Kota Banjarmasin"))
    x, y, width, height = map(float, re.search(r'viewBox="([^"]+)"', drawn).group(1).split())
    cx, cy = (float(v) for v in re.search(r'cx="([^"]+)" cy="([^"]+)"', drawn).groups())
    assert x < cx < x + width and y < cy < y + height and width < 200  # zoomed on one province
    assert svg("99", None, "?") is None and svg(None, None, "?") is None


def test_a_duplicate_says_whose_copy_it_is(tmp_path: Path) -> None:
    db = open_db(fill_db(tmp_path / "w.db"))
    with db.conn:
        db["articles"].update(2, {"dup_of": 1, "dup_score": 0.91})
    db.conn.close()
    with running_server(tmp_path / "w.db") as base:
        page = httpx.get(base + "/-/waspada/article/2", timeout=30).text
        english = httpx.get(base + "/-/waspada/article/2?lang=en", timeout=30).text
        original = httpx.get(base + "/-/waspada/article/1", timeout=30).text
    assert re.search(r'Salinan dari artikel <a href="/-/waspada/article/1">#1</a> \(kemiripan 0.91\)', page)
    assert "A copy of article" in english and 'id="duplicate-of"' not in original
