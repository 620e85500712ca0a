"""An article page the crawler cannot read (403 to crawlers, a bot check) is still stored when its feed
entry or API post carried the full text: one error row says so. A teaser alone stores nothing, nor does
the feed's copy of a page the outlet took down (404)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from crawl_helpers import rows, run_crawl
from local_site import HTML, local_site


def paragraphs(slug: str, count: int = 3) -> str:
    return "".join(
        f"<p>Paragraf {n} berita {slug}: warga desa berkumpul di balai desa untuk membahas batas wilayah "
        "dan rencana musyawarah bersama camat serta tokoh adat setempat.</p>"
        for n in range(1, count + 1)
    )


def article_page(slug: str) -> bytes:
    """The page: one paragraph more than its feed entry carries (the page is preferred when it answers)."""
    return (
        f"<html lang='id'><head><title>Berita {slug}</title></head><body><article><h1>Berita {slug}</h1>"
        f"{paragraphs(slug, 4)}</article></body></html>"
    ).encode()


BOT_CHECK = (
    b"<html><head><title>Just a moment...</title></head><body><p>Checking your browser</p></body></html>"
)
PAGES = {
    "/berita/terlarang": (403, b"Forbidden"),
    "/berita/cek-bot": (200, BOT_CHECK),
    "/berita/teaser": (403, b"Forbidden"),
    "/berita/dihapus": (404, b"tidak ada"),
    "/berita/terbuka": (200, article_page("terbuka")),
    "/2026/11/20/rilis-terlarang/": (403, b"Forbidden"),
}


def feed(base: str) -> bytes:
    """Entries with their full text (content:encoded) but the teaser one, which has a summary only."""
    items = ""
    for path in (
        "/berita/terlarang",
        "/berita/cek-bot",
        "/berita/teaser",
        "/berita/dihapus",
        "/berita/terbuka",
    ):
        slug = path.rsplit("/", 1)[-1]
        text = f"<description>Ringkasan {slug}</description>"
        if slug != "teaser":
            text += f"<content:encoded><![CDATA[{paragraphs(slug)}]]></content:encoded>"
        items += (
            f"<item><title>Berita {slug}</title><link>{base}{path}</link>{text}"
            "<pubDate>Fri, 20 Nov 2026 09:00:00 +0800</pubDate></item>"
        )
    namespace = "xmlns:content='http://purl.org/rss/1.0/modules/content/'"
    channel = f"<channel><title>Umpan</title>{items}</channel>"
    return f"<?xml version='1.0'?><rss version='2.0' {namespace}>{channel}</rss>".encode()


def posts(base: str) -> bytes:
    post = {
        "link": f"{base}/2026/11/20/rilis-terlarang/",
        "date": "2026-11-20T09:00:00",
        "date_gmt": "2026-11-20T01:00:00",
        "title": {"rendered": "Rilis terlarang"},
        "content": {"rendered": paragraphs("rilis")},
    }
    return json.dumps([post]).encode()


def route(path: str, base: str) -> tuple[int, bytes, str]:
    if path == "/feed.xml":
        return 200, feed(base), "application/rss+xml"
    if path.startswith("/wp-json/wp/v2/posts"):
        return 200, posts(base), "application/json"
    status, body = PAGES.get(path, (404, b"tidak ada"))
    return status, body, HTML


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("listed")
    with local_site(route) as site:
        common = {"home_url": site.base + "/", "province": "63", "tz": "WITA"}
        entries = [
            {"name": "umpan", "title": "Umpan", "kind": "feed", "feed_url": f"{site.base}/feed.xml"},
            {"name": "mc", "title": "MC", "kind": "wordpress", "api_url": f"{site.base}/wp-json/wp/v2/posts"},
        ]
        sources = folder / "sources.yaml"
        sources.write_text(yaml.safe_dump([entry | common for entry in entries]), encoding="utf-8")
        result = run_crawl(folder / "waspada.db", sources)
    (folder / "stdout.txt").write_text(result.stdout, encoding="utf-8")
    yield folder / "waspada.db"


def stored(db: Path) -> dict[str, str]:
    return {row["url"].split("/", 3)[3]: row["text"] for row in rows(db, "select url, text from articles")}


def test_a_page_refused_to_crawlers_is_stored_from_its_feed_or_api_text(crawled: Path) -> None:
    articles = stored(crawled)
    assert articles["berita/terlarang"].count("berita terlarang") == 3
    assert articles["2026/11/20/rilis-terlarang/"].count("berita rilis") == 3
    found = rows(crawled, "select date_source, published_at from articles where url like '%terlarang'")
    assert [(r["date_source"], r["published_at"]) for r in found] == [("feed", "2026-11-20T01:00:00Z")]


def test_a_bot_check_page_is_not_the_article_but_the_feed_text_is(crawled: Path) -> None:
    text = stored(crawled)["berita/cek-bot"]
    assert "Checking your browser" not in text and text.count("berita cek-bot") == 3


def test_a_page_that_answers_is_preferred_a_teaser_or_a_removed_page_stores_nothing(crawled: Path) -> None:
    articles = stored(crawled)
    assert articles["berita/terbuka"].count("berita terbuka") == 4  # the page's fourth paragraph
    assert "berita/teaser" not in articles and "berita/dihapus" not in articles


def test_each_unreadable_page_is_one_error_row_saying_what_was_stored(crawled: Path) -> None:
    errors = {
        r["url"].split("/", 3)[3]: (r["reason"], r["message"])
        for r in rows(crawled, "select * from crawl_errors")
    }
    assert {url: reason for url, (reason, _) in errors.items()} == {
        "berita/terlarang": "http_403",
        "berita/cek-bot": "not_article",
        "berita/teaser": "http_403",
        "berita/dihapus": "http_404",
        "2026/11/20/rilis-terlarang/": "http_403",
    }
    listed = "stored from the text its feed or API listed"
    assert {url for url, (_, message) in errors.items() if listed in message} == {
        "berita/terlarang",
        "berita/cek-bot",
        "2026/11/20/rilis-terlarang/",
    }


def test_the_crawl_summary_counts_what_was_stored_from_feed_or_api_text(crawled: Path) -> None:
    table = (crawled.parent / "stdout.txt").read_text(encoding="utf-8")
    assert "stored from feed/API text (page unreadable) │     3" in table
