"""Back-pressure: a fleet crawler holds its next article while the writer is too far behind."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from crawler.fleet import pipeline
from crawler.items import Article


class Backlog:
    """A crawler state whose stream backlog drains by 40 entries each time it is looked at."""

    backlog_limit = 100

    def __init__(self, start: int) -> None:
        self.entries = start
        self.statuses: list[str] = []

    def backlog(self) -> int:
        self.entries = max(0, self.entries - 40)
        return self.entries

    def report(self, status: str = "crawling") -> None:
        self.statuses.append(status)


def test_the_crawler_waits_until_the_backlog_is_under_the_limit(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(pipeline, "PAUSE_SECONDS", 0.0)
    state = Backlog(start=260)
    stage = pipeline.BackPressurePipeline(SimpleNamespace(spider=SimpleNamespace(state=state)))
    article = Article(source="a", url="u", canonical_url="u", title="t", text="x", lead="x", fetched_at="f")
    assert asyncio.run(stage.process_item(article)) is article
    assert state.entries <= state.backlog_limit
    assert state.statuses == ["paused (backlog)"] * 3  # at 220, 180 and 140; 100 is not over the limit


def test_a_crawl_without_the_fleet_never_waits() -> None:
    stage = pipeline.BackPressurePipeline(SimpleNamespace(spider=SimpleNamespace(state=object())))
    article = Article(source="a", url="u", canonical_url="u", title="t", text="x", lead="x", fetched_at="f")
    assert asyncio.run(stage.process_item(article)) is article
