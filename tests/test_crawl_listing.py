"""Sources of kind html: the sample outlet wartatimur read from its paged front page, not its sitemap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from crawl_helpers import rows, run_crawl

from crawler.sources import load_sources
from crawler.urls import normalize
from store.errors import ConfigError


def listing_sources(sample_site, path: Path, **fields: object) -> Path:  # noqa: ANN001
    """The sample registry with wartatimur turned into an html source (plus `fields`)."""
    entries = []
    for entry in sample_site.sources():
        if entry["name"] == "wartatimur":
            entry = {k: v for k, v in entry.items() if k != "sitemap_url"} | {"kind": "html", **fields}
        entries.append(entry)
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def warta_urls(db: Path) -> set[str]:
    return {
        row["canonical_url"]
        for row in rows(db, "select canonical_url from articles where source = 'wartatimur'")
    }


def last_counts(db: Path) -> dict:
    return json.loads(rows(db, "select counts from crawl_runs order by id desc limit 1")[0]["counts"])


def test_the_listing_finds_every_article_of_the_outlet(sample_site, crawled_db: Path, tmp_path: Path) -> None:  # noqa: ANN001
    sources = listing_sources(sample_site, tmp_path / "sources.yaml")
    db = tmp_path / "listing.db"
    run_crawl(db, sources, "--source", "wartatimur")
    articles = {normalize(a["url"]) for a in sample_site.articles if a["outlet"] == "wartatimur"}
    assert warta_urls(db) == articles and len(articles) == 23
    assert articles < warta_urls(crawled_db), "the sitemap also lists a broken-charset page"
    assert not rows(db, "select * from crawl_errors")


def test_pages_stop_at_max_pages_and_when_nothing_is_new(sample_site, tmp_path: Path) -> None:  # noqa: ANN001
    sources = listing_sources(sample_site, tmp_path / "sources.yaml", max_pages=1)
    db = tmp_path / "one.db"
    sample_site.reset_hits()
    run_crawl(db, sources, "--source", "wartatimur")
    assert len(warta_urls(db)) == 8  # the front page's eight headlines
    assert sample_site.hits("wartatimur", "/?page=") == 0

    sources = listing_sources(sample_site, tmp_path / "sources.yaml", max_pages=5)
    db = tmp_path / "five.db"
    run_crawl(db, sources, "--source", "wartatimur")
    assert len(warta_urls(db)) == 23 and sample_site.hits("wartatimur", "/?page=3") == 1
    sample_site.reset_hits()
    run_crawl(db, sources, "--source", "wartatimur")
    assert sample_site.hits("wartatimur", "/berita/") == 0, "no article page is fetched again"
    assert sample_site.hits("wartatimur", "/?page=") == 0, "an unchanged front page ends the walk"


def test_article_pattern_limits_the_links(sample_site, tmp_path: Path) -> None:  # noqa: ANN001
    sources = listing_sources(sample_site, tmp_path / "sources.yaml", article_pattern=r"/berita/wt-banjir")
    db = tmp_path / "pattern.db"
    run_crawl(db, sources, "--source", "wartatimur")
    stored = warta_urls(db)
    assert stored and all("/berita/wt-banjir" in url for url in stored)


def test_since_is_judged_on_the_article_page(sample_site, tmp_path: Path) -> None:  # noqa: ANN001
    sources = listing_sources(sample_site, tmp_path / "sources.yaml")
    db = tmp_path / "since.db"
    result = run_crawl(db, sources, "--source", "wartatimur", "--since", "2026-11-20")
    published = [row["published_at"] for row in rows(db, "select published_at from articles")]
    assert published and all(day is None or day >= "2026-11-20" for day in published)
    skipped = last_counts(db)["older_than_since"]
    assert skipped + len(published) == 23
    assert f"older than --since (not stored)  │ {skipped:>5}" in result.stdout


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/indeks/", ("http_404", "listing unavailable")),
        ("/robots.txt", ("parse_error", "no article links found")),
    ],
)
def test_a_listing_that_fails_is_recorded(sample_site, tmp_path: Path, path: str, error: tuple) -> None:  # noqa: ANN001
    home = next(s["home_url"] for s in sample_site.sources() if s["name"] == "wartatimur")
    sources = listing_sources(sample_site, tmp_path / "sources.yaml", list_url=home.rstrip("/") + path)
    db = tmp_path / "failed.db"
    run_crawl(db, sources, "--source", "wartatimur")
    errors = rows(db, "select reason, message from crawl_errors")
    assert [(e["reason"], e["message"]) for e in errors] == [error]
    assert not rows(db, "select * from articles")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"article_pattern": "/berita/(["}, "article_pattern is not a valid regular expression"),
        ({"max_pages": 0}, "max_pages must be a whole number of at least 1"),
        ({"list_url": "indeks.html"}, "list_url must start with http:// or https://"),
    ],
)
def test_bad_listing_fields_are_refused(sample_site, tmp_path: Path, fields: dict, message: str) -> None:  # noqa: ANN001
    path = listing_sources(sample_site, tmp_path / "sources.yaml", **fields)
    with pytest.raises(ConfigError, match=message):
        load_sources(path)


def test_article_links_of_a_listing_page() -> None:
    from scrapy.http import HtmlResponse

    from crawler.spiders.listing import article_links, next_page

    links = [
        "/2026/11/24/warga-tolak-tambang/",  # dated WordPress permalink
        "/berita/bentrok-warga-dua-desa-di-bima.html",  # .html page
        "/banjir-rendam-tiga-kecamatan-di-hulu-sungai/",  # four-word slug
        "/2026/11/",  # date archive
        "/2026/11/24/",  # day archive
        "/kategori/hukum-dan-kriminal-terbaru/",  # category
        "/tag/pilkada-serentak-tahun-ini/",  # tag
        "https://lain.example/2026/11/24/berita-lain/",  # another site
        "/2026/11/24/warga-tolak-tambang/#komentar",  # the same article again
    ]
    anchors = "".join(f'<a href="{href}">x</a>' for href in links)
    body = f'<html><body>{anchors}<a href="?page=2">Berikutnya &raquo;</a></body></html>'
    page = HtmlResponse("https://kabar.example/", body=body, encoding="utf-8")
    assert article_links(page, None) == [f"https://kabar.example{href}" for href in links[:3]]
    assert article_links(page, r"/berita/") == [
        "https://kabar.example/berita/bentrok-warga-dua-desa-di-bima.html"
    ]
    assert next_page(page) == "https://kabar.example/?page=2"
