"""Articles split over pages, crawled from a real local server: every page's paragraphs in one article,
a missing page recorded with the article kept, and "next article" links never followed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from crawl_helpers import rows, run_crawl
from local_site import HTML, local_site

from crawler import dedup

THREE_PAGES = "/2026/11/20/warga-dua-desa-bentrok"
WORDPRESS = "/2026/11/20/mediasi-sengketa-lahan/"
LOST_PAGE = "/2026/11/20/pawai-budaya-damai"
NUMBERED = "/berita/12345"


def paragraph(slug: str, page: int, n: int) -> str:
    return (
        f"<p>Halaman {page} paragraf {n} berita {slug}: warga desa berkumpul di balai desa untuk membahas "
        "batas wilayah dan rencana musyawarah bersama camat serta tokoh adat setempat.</p>"
    )


def page(slug: str, number: int, nav: str = "", head: str = "", paragraphs: int = 3) -> bytes:
    """Page `number` of an article: its paragraphs, the page links, a sidebar of other news."""
    body = "".join(paragraph(slug, number, n) for n in range(1, paragraphs + 1))
    sidebar = (
        "<aside><h3>Terpopuler</h3><a href='/indeks?page=2'>Indeks halaman 2</a>"
        "<a href='/2026/11/20/harga-cabai-naik?page=2'>Harga Cabai Naik di Pasar Induk</a></aside>"
    )
    return (
        f"<html lang='id'><head><title>Berita {slug} - Kabar Halaman</title>{head}"
        "<meta property='article:published_time' content='2026-11-20T09:00:00+08:00'></head>"
        f"<body><article><h1>Berita {slug}</h1>{body}<div class='paging'>{nav}</div></article>{sidebar}"
        "</body></html>"
    ).encode()


def route(path: str, base: str) -> tuple[int, bytes, str]:
    """A Tribun-like article in three pages (?page=N), a WordPress post in two (/2/), an article whose
    second page is gone, and one with a numeric address linking to the next article."""
    parts = urlsplit(path)
    number = int(parse_qs(parts.query).get("page", ["1"])[0])
    pages = {
        THREE_PAGES: lambda: page(
            "tiga",
            number,
            "".join(f"<a href='{THREE_PAGES}?page={n}'>{n}</a>" for n in (1, 2, 3)),
            paragraphs=1 if number == 3 else 3,  # the last page: one short paragraph
        ),
        WORDPRESS: lambda: page("wp", 1, head=f"<link rel='next' href='{WORDPRESS}2/'>"),
        WORDPRESS + "2/": lambda: page("wp", 2, head=f"<link rel='prev' href='{WORDPRESS}'>"),
        LOST_PAGE: lambda: page("hilang", 1, f"<a href='{LOST_PAGE}?page=2'>Selanjutnya</a>"),
        NUMBERED: lambda: page("angka", 1, "<a href='/berita/12346'>Berita berikutnya</a>"),
        "/berita/12346": lambda: page("lain", 1),
    }
    if parts.path == "/feed.xml":
        return 200, feed(), "application/rss+xml"
    if parts.path in pages and not (parts.path == LOST_PAGE and number == 2):
        return 200, pages[parts.path](), HTML
    return 404, b"tidak ada", HTML


def feed() -> bytes:
    items = "".join(
        f"<item><title>Berita {path}</title><link>{path}</link>"
        "<pubDate>Fri, 20 Nov 2026 09:00:00 +0800</pubDate></item>"
        for path in (THREE_PAGES, WORDPRESS, LOST_PAGE, NUMBERED)
    )
    channel = f"<channel><title>Kabar Halaman</title>{items}</channel>"
    return f"<?xml version='1.0'?><rss version='2.0'>{channel}</rss>".encode()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[str], Path]]:
    """One crawl of the paged site: (database, paths the server was asked for, sources file)."""
    folder = tmp_path_factory.mktemp("pages")
    with local_site(route) as site:
        entry = {"name": "halaman", "title": "Kabar Halaman", "kind": "feed", "home_url": site.base + "/"}
        entry |= {"feed_url": f"{site.base}/feed.xml", "province": "63", "tz": "WITA"}
        sources = folder / "sources.yaml"
        sources.write_text(yaml.safe_dump([entry]), encoding="utf-8")
        run_crawl(folder / "waspada.db", sources)
        yield folder / "waspada.db", site.requested, sources


def text_of(db: Path, path: str) -> str:
    found = rows(db, "select text from articles where url like ?", (f"%{path}",))
    assert len(found) == 1, f"{path}: {len(found)} rows"
    return found[0]["text"]


def test_every_page_of_an_article_is_read_in_order(crawled) -> None:  # noqa: ANN001
    db, _, _ = crawled
    text = text_of(db, THREE_PAGES)
    starts = [text.index(f"Halaman {n} paragraf 1 berita tiga") for n in (1, 2, 3)]
    assert starts == sorted(starts)
    assert text.count("berita tiga") == 7
    assert "Harga Cabai" not in text and "Indeks" not in text


def test_wordpress_post_pages_are_joined(crawled) -> None:  # noqa: ANN001
    db, _, _ = crawled
    text = text_of(db, WORDPRESS)
    assert "Halaman 1 paragraf 3 berita wp" in text and "Halaman 2 paragraf 3 berita wp" in text


def test_a_missing_page_is_one_error_row_and_the_first_page_is_kept(crawled) -> None:  # noqa: ANN001
    db, _, _ = crawled
    assert text_of(db, LOST_PAGE).count("berita hilang") == 3
    errors = rows(db, "select reason, url, message from crawl_errors")
    assert [(e["reason"], urlsplit(e["url"]).query) for e in errors] == [("http_404", "page=2")]
    assert "page 2 of" in errors[0]["message"] and "stored the first page only" in errors[0]["message"]


def test_a_next_article_link_is_not_a_page(crawled) -> None:  # noqa: ANN001
    db, requested, _ = crawled
    assert "berita lain" not in text_of(db, NUMBERED)
    assert "/berita/12346" not in requested and not any("indeks" in path for path in requested)


def test_the_signature_covers_every_page(crawled) -> None:  # noqa: ANN001
    db, _, _ = crawled
    found = rows(
        db,
        "select a.text, m.signature from articles a join article_minhash m on m.article_id = a.id"
        " where a.url like ?",
        (f"%{THREE_PAGES}",),
    )
    assert found[0]["signature"] == dedup.to_bytes(dedup.signature(found[0]["text"]))


def test_a_second_crawl_adds_nothing_and_asks_for_no_page_again(crawled) -> None:  # noqa: ANN001
    db, requested, sources = crawled
    before = len(requested)
    run_crawl(db, sources)
    assert rows(db, "select count(*) n from articles")[0]["n"] == 4
    assert [path for path in requested[before:] if "page=" in path or path.endswith("/2/")] == []
