"""The store pipeline: each article item becomes one short transaction (article + URLs + MinHash)."""

from __future__ import annotations

from crawler.items import Article


class StorePipeline:
    """Hand every Article to the run's CrawlState (dedup, then an atomic insert)."""

    def __init__(self, crawler) -> None:  # noqa: ANN001 - scrapy.crawler.Crawler
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> StorePipeline:  # noqa: ANN001
        return cls(crawler)

    def process_item(self, item: Article) -> Article:
        state = getattr(self.crawler.spider, "state", None)
        if state is not None and isinstance(item, Article):
            state.store(item)
        return item
