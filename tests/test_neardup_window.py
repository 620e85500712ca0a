"""The bounded near-duplicate index: copies within the window are linked, old articles are never loaded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crawler.items import Article
from crawler.state import CrawlState
from crawler.urls import normalize

WORDS = " ".join(f"kata{i} warga desa menolak tambang" for i in range(40))


def article(url: str, text: str, published: str | None, fetched: str = "2026-11-20T00:00:00Z") -> Article:
    return Article(
        source="a", url=url, canonical_url=normalize(url), title="Judul", text=text, lead=text[:50],
        fetched_at=fetched, published_at=published, seen_urls=[url],
    )  # fmt: skip


def dup_links(path: Path) -> dict[str, int | None]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("select canonical_url, dup_of from articles").fetchall()
    return {url: dup_of for url, dup_of in rows}


def test_copy_within_the_window_is_linked_and_a_copy_months_later_is_not(tmp_db: Path) -> None:
    state = CrawlState(str(tmp_db), ["a"], None, near_days=14)
    outcomes = [
        state.store(article("https://a.id/asli", WORDS, "2026-11-03T01:00:00Z")),
        state.store(article("https://b.id/salin", WORDS + " x", "2026-11-10T01:00:00Z")),
        state.store(article("https://c.id/lama", WORDS + " y", "2026-06-01T01:00:00Z")),
        state.store(article("https://d.id/tanpa", WORDS + " z", None, "2026-11-12T03:00:00Z")),
    ]
    state.finish("finished")
    state.close()
    assert outcomes == ["new", "near_duplicate", "new", "near_duplicate"]
    links = dup_links(tmp_db)
    first = 1
    assert links == {
        "https://a.id/asli": None,
        "https://b.id/salin": first,
        "https://c.id/lama": None,
        "https://d.id/tanpa": first,
    }


def test_exact_copies_are_linked_across_any_distance(tmp_db: Path) -> None:
    state = CrawlState(str(tmp_db), ["a"], None, near_days=14)
    state.store(article("https://a.id/asli", WORDS, "2025-01-03T01:00:00Z"))
    assert state.store(article("https://b.id/salin", WORDS, "2026-11-10T01:00:00Z")) == "exact_copy"
    state.close()


def test_a_new_run_loads_only_the_days_around_what_it_stores(tmp_db: Path) -> None:
    state = CrawlState(str(tmp_db), ["a"], None)
    for month in range(1, 10):
        state.store(article(f"https://a.id/{month}", f"{WORDS} bulan{month}", f"2026-0{month}-15T01:00:00Z"))
    state.finish("finished")
    state.close()
    later = CrawlState(str(tmp_db), ["a"], None, near_days=14)
    assert later.copies.near.size() == 0  # nothing is loaded at start, whatever the archive holds
    copy = article("https://b.id/salin", f"{WORDS} bulan9 x", "2026-09-20T01:00:00Z")
    assert later.store(copy) == "near_duplicate"
    assert later.copies.near.loaded == 1  # only September's article was within 14 days
    later.close()


def test_the_window_is_a_setting(tmp_db: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("WASPADA_NEAR_DAYS", "3")
    state = CrawlState(str(tmp_db), ["a"], None)
    state.store(article("https://a.id/asli", WORDS, "2026-11-03T01:00:00Z"))
    assert state.store(article("https://b.id/salin", WORDS + " x", "2026-11-10T01:00:00Z")) == "new"
    state.close()
