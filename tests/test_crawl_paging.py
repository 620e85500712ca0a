"""How far a crawl reads a source's archive: a WordPress API is paged while pages bring new posts (at most
max_pages without --since), a sitemap index is read for its newest child sitemaps; --since backfills."""

from __future__ import annotations

import sqlite3
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from crawl_helpers import rows, run_crawl

from crawler.samplesite.server import SampleSite
from crawler.spiders.wordpress import PER_PAGE

API = "/wp-json/wp/v2/posts"


@pytest.fixture(scope="module")
def big_site() -> Iterator[SampleSite]:
    """The sample site with about 130 media-centre releases: three API pages."""
    with SampleSite(scale=240, broken=False) as site:
        yield site


def media_centre(site: SampleSite, path: Path, **fields: object) -> Path:
    entry = next(source for source in site.sources() if source["kind"] == "wordpress")
    path.write_text(yaml.safe_dump([entry | fields]), encoding="utf-8")
    return path


def stored(db: Path) -> int:
    return rows(db, "select count(*) as n from articles")[0]["n"]


def published_posts(site: SampleSite, after: str) -> int:
    """X-WP-Total: how many posts the API lists as published after `after`."""
    url = site.base_urls["mediacenter"] + API + f"?per_page=1&after={after}"
    with urllib.request.urlopen(url) as response:
        return int(response.headers["X-WP-Total"])


def forget_validators(db: Path) -> None:
    """As on a server without ETag or Last-Modified: the next run gets every API page in full."""
    with sqlite3.connect(db) as conn:
        conn.execute("delete from http_cache")


def test_runs_page_only_while_posts_are_new_and_a_backfill_pages_to_the_end(
    big_site: SampleSite, tmp_path: Path
) -> None:
    posts = published_posts(big_site, after="2000-01-01T00:00:00")
    assert posts > 2 * PER_PAGE
    db = tmp_path / "w.db"
    big_site.reset_hits()
    run_crawl(db, media_centre(big_site, tmp_path / "capped.yaml", max_pages=2))
    assert big_site.hits("mediacenter", API) == 2 and stored(db) == 2 * PER_PAGE  # the newest 100

    forget_validators(db)
    big_site.reset_hits()
    run_crawl(db, media_centre(big_site, tmp_path / "default.yaml"))
    assert big_site.hits("mediacenter", API) == 1 and stored(db) == 2 * PER_PAGE  # page 1: nothing new

    big_site.reset_hits()
    run_crawl(db, media_centre(big_site, tmp_path / "default.yaml"), "--since", "2000-01-01")
    assert big_site.hits("mediacenter", API) == -(-posts // PER_PAGE) and stored(db) == posts


def child_sitemaps(site: SampleSite) -> int:
    with urllib.request.urlopen(site.base_urls["wartatimur"] + "/sitemap_index.xml") as response:
        return response.read().count(b"<sitemap>")


def test_a_sitemap_index_is_read_for_its_newest_child_sitemaps_unless_since_is_given(
    sample_site: SampleSite, tmp_path: Path
) -> None:
    entry = next(source for source in sample_site.sources() if source["kind"] == "sitemap")
    listed = child_sitemaps(sample_site)
    assert listed >= 2
    cases = [
        ({"max_pages": 1}, (), 1),
        ({}, (), listed),
        ({"max_pages": 1}, ("--since", "2000-01-01"), listed),
    ]
    for number, (fields, extra, read) in enumerate(cases):
        sources = tmp_path / "sitemap.yaml"
        sources.write_text(yaml.safe_dump([entry | fields]), encoding="utf-8")
        sample_site.reset_hits()
        run_crawl(tmp_path / f"w{number}.db", sources, *extra)  # a first crawl each
        assert sample_site.hits("wartatimur", "/sitemap-") == read, (fields, extra)
