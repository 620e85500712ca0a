"""Crawl faults seen on the real web, each against a real local server: one error row or a right article."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import yaml
from crawl_helpers import rows, run_crawl
from fault_site import fault_site, write_sources

from crawler.clean import MAX_TEXT_CHARS


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """One crawl of the misbehaving site with --max-size 1 (MB): (database, crawl result, base URL)."""
    folder = tmp_path_factory.mktemp("faults")
    with fault_site() as base:
        sources = write_sources(base, folder / "sources.yaml")
        result = run_crawl(folder / "waspada.db", sources, "--max-size", "1", check=False)
    return folder / "waspada.db", result, base


def errors(db: Path, source: str) -> list[tuple[str, str]]:
    found = rows(db, "select reason, url from crawl_errors where source = ? order by id", (source,))
    return [(row["reason"], row["url"]) for row in found]


def titles(db: Path, source: str) -> list[str]:
    return sorted(row["title"] for row in rows(db, "select title from articles where source = ?", (source,)))


def test_crawl_finishes_without_tracebacks(faulty) -> None:  # noqa: ANN001
    _, result, _ = faulty
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr


def test_moved_feed_is_followed_and_relative_links_resolved(faulty) -> None:  # noqa: ANN001
    db, _, _ = faulty
    assert titles(db, "feed-pindah") == ["Berita dua", "Berita satu"]
    assert [reason for reason, _ in errors(db, "feed-pindah")] == ["bad_link"]


def test_malformed_wordpress_post_is_one_row_and_pagination_goes_on(faulty) -> None:  # noqa: ANN001
    db, _, _ = faulty
    assert titles(db, "wp-rusak") == ["Berita empat", "Berita tiga"]
    assert sorted(reason for reason, _ in errors(db, "wp-rusak")) == ["bad_link", "parse_error"]


def test_moved_sitemap_reset_connection_and_a_huge_article(faulty) -> None:  # noqa: ANN001
    db, _, base = faulty
    assert titles(db, "peta-pindah") == ["Berita lima", "Berita raksasa", "Warga Tolak Tambang, René Bicara"]
    assert errors(db, "peta-pindah") == [("connection", f"{base}/berita/putus")]
    huge = rows(db, "select text from articles where title = 'Berita raksasa'")[0]["text"]
    assert 0.9 * MAX_TEXT_CHARS < len(huge) <= MAX_TEXT_CHARS


def test_utf8_page_declared_iso_8859_1_is_read_as_utf8(faulty) -> None:  # noqa: ANN001
    db, _, _ = faulty
    text = rows(db, "select text from articles where title like 'Warga Tolak Tambang%'")[0]["text"]
    assert text.startswith("Paragraf 1: “Kami menolak tambang,” kata René, warga Desa Sungai Bahim — ketua")
    assert "Ã" not in text and "â€" not in text


def test_gzip_sitemap_is_unpacked_within_max_size(faulty) -> None:  # noqa: ANN001
    db, _, base = faulty
    assert errors(db, "peta-bom") == [("too_large", f"{base}/sitemap-besar.xml.gz")]


def test_offline_crawl_prints_one_line_per_failing_source(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    entries = [
        {
            "name": name,
            "title": name,
            "kind": "feed",
            "home_url": f"http://127.0.0.1:{port}/",
            "feed_url": f"http://127.0.0.1:{port}/{name}.xml",
            "province": "63",
            "tz": "WITA",
        }
        for name in ("mati-satu", "mati-dua")
    ]
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump(entries), encoding="utf-8")
    result = run_crawl(tmp_path / "waspada.db", sources, timeout=1, check=False)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("source ")]
    assert lines == ["source mati-dua: 1 error(s): connection", "source mati-satu: 1 error(s): connection"]
    assert "errors" in result.stdout
