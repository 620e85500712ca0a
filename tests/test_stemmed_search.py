"""Search that understands Indonesian word forms: "bentrok" finds "bentrokan" and "dibentrok"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from workbench_helpers import fill_db, running_server

from store.db import open_db
from waspada.datasette import search

EXTRA = [
    (11, "Warga Dibentrok Aparat di Kotabaru", "Massa dibentrok aparat saat menolak penggusuran lahan."),
    (12, "Rapat Persiapan Musim Tanam", "Petani membahas jadwal tanam dan pupuk bersubsidi."),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db_path = fill_db(tmp_path_factory.mktemp("search") / "waspada.db")
    db = open_db(db_path)
    for article_id, title, text in EXTRA:
        url = f"https://contoh.id/{article_id}"
        db["articles"].insert(
            {
                "id": article_id,
                "title": title,
                "text": text,
                "url": url,
                "canonical_url": url,
                "source": "contoh",
                "fetched_at": "2026-11-20T00:00:00+00:00",
            }
        )
    db.conn.close()
    with running_server(db_path) as url:
        yield url, db_path


def found(base: str, query: str, table: str = "articles") -> set[int]:
    params = {"_search": query, "_shape": "array", "_col": "title"}
    response = httpx.get(f"{base}/waspada/{table}.json", params=params, timeout=30)
    assert response.status_code == 200, response.text[:300]
    return {row["id"] for row in response.json()}


def test_bentrok_finds_bentrokan_and_dibentrok(served: tuple[str, Path]) -> None:
    base, _ = served
    # 1: "Bentrok ... bentrokan susulan"; 11: "dibentrok"; 12 has neither
    assert found(base, "bentrok") == {1, 11}
    assert found(base, "bentrokan") == {1, 11}  # the query is stemmed the same way
    assert found(base, "bentrok", "article_overview") >= {1}


def test_exact_phrase_stays_exact(served: tuple[str, Path]) -> None:
    base, _ = served
    assert found(base, '"dibentrok aparat"') == {11}
    assert found(base, '"bentrokan susulan"') == {1}


def test_two_words_must_both_match(served: tuple[str, Path]) -> None:
    base, _ = served
    assert found(base, "bentrok lahan") == {11}


def test_or_between_words_matches_either(served: tuple[str, Path]) -> None:
    base, _ = served
    assert found(base, "bentrok OR tanam") == {1, 11, 12}  # it matched nothing: "OR" was a word to find
    assert found(base, "lahan OR tanam petani") == {12}
    assert found(base, "bentrok or tanam") == set()  # lower-case "or" stays a word, as in FTS5


def test_the_page_counts_stemmed_matches(served: tuple[str, Path]) -> None:
    base, _ = served
    page = httpx.get(base + "/waspada/articles", params={"_search": "bentrok"}, timeout=30).text
    assert "<strong>2</strong>" in page and 'value="bentrok"' in page  # the box keeps what was typed


def test_expand_keeps_datasette_escaping() -> None:
    assert search.expand('kata "frasa tepat', "/nonexistent.db") == '"kata" AND "frasa tepat"'
    assert search.expand("anti-narkoba", "/nonexistent.db") == '"anti-narkoba"'
    assert search.expand('kata OR "frasa" OR', "/nonexistent.db") == '("kata" OR "frasa")'
    assert search.stem("persengketaan") == "sengketa"
