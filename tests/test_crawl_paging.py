"""How far a crawl pages through a WordPress API: a run stops at the first page with nothing new, a first
crawl at max_pages, and a backfill (--since) goes to the end."""

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
