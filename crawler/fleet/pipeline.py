"""Back-pressure: a fleet crawler waits (downloads go on) while the stream backlog is over the limit."""

from __future__ import annotations

import asyncio

from crawler.items import Article

PAUSE_SECONDS = 0.5


class BackPressurePipeline:
    """Before an article goes to the stream, wait while the writer is more than the limit behind."""

    def __init__(self, crawler) -> None:  # noqa: ANN001 - scrapy.crawler.Crawler
        self.crawler = crawler
        self.paused = 0.0

    @classmethod
    def from_crawler(cls, crawler) -> BackPressurePipeline:  # noqa: ANN001
        return cls(crawler)

    async def process_item(self, item: Article) -> Article:
        state = getattr(self.crawler.spider, "state", None)
        if state is None or not hasattr(state, "backlog"):
            return item
        while state.backlog() > state.backlog_limit:
            state.report(status="paused (backlog)")
            await asyncio.sleep(PAUSE_SECONDS)
            self.paused += PAUSE_SECONDS
        return item
