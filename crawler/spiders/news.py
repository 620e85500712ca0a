"""NewsSpider: one spider for every source, dispatching on the source's kind."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from crawler.spiders.base import ArticleSpider
from crawler.spiders.feed import FeedMixin
from crawler.spiders.listing import ListingMixin
from crawler.spiders.sitemap import SitemapMixin
from crawler.spiders.wordpress import WordPressMixin

KINDS = ("wordpress", "feed", "sitemap", "html")


class NewsSpider(WordPressMixin, FeedMixin, SitemapMixin, ListingMixin, ArticleSpider):
    """Crawls sources of kind wordpress, feed, sitemap and html; other kinds are logged and skipped."""

    name = "news"

    async def start(self) -> AsyncIterator[Any]:
        for source in self.sources.values():
            kind = source.get("kind")
            if kind not in KINDS:
                self.fail(source["name"], source.get("home_url"), "unsupported_kind", None, f"kind {kind!r}")
                continue
            for request in getattr(self, f"{kind}_start")(source):
                yield request
