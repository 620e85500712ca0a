"""crawl(): run the news spider over some sources into the database, in this process's one reactor."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.text import Text

from crawler.settings import user_agent
from crawler.state import CrawlState
from crawler.workers import Extractor
from store.calendar import WIB
from store.errors import InputError


def parse_since(value: str | datetime | None) -> datetime | None:
    """--since as an aware UTC datetime ("2026-11-01", "2026-11-01T08:00+08:00"); naive means WIB, the
    digest's clock, so a day starts at its midnight WIB."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError as error:
            raise InputError(f"--since {value!r}: expected a date like 2026-11-01") from error
    moment = (moment if moment.tzinfo else moment.replace(tzinfo=WIB)).astimezone(UTC)
    if moment > datetime.now(UTC):  # every article would be skipped, and the run would look like a quiet day
        raise InputError(f"--since {value!r} is in the future: no article could be crawled")
    return moment


def scrapy_settings(overrides: dict[str, Any] | None = None) -> Any:
    """crawler.settings with the operator's User-Agent and the caller's overrides (e.g. DOWNLOAD_TIMEOUT)."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("USER_AGENT", user_agent(), priority="project")  # the configured contact
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


# Download failures these log (with a traceback) are each recorded as a crawl_errors row already.
RECORDED_ELSEWHERE = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.downloadermiddlewares.retry")


def quiet_loggers(level: str) -> None:
    """Scrapy and its helpers log at LOG_LEVEL at most (crawler.settings silences tldextract)."""
    for name in ("scrapy", "twisted", "py.warnings", "asyncio", "tzlocal", "charset_normalizer"):
        logging.getLogger(name).setLevel(level)
    if logging.getLevelName(level) >= logging.WARNING:
        for name in RECORDED_ELSEWHERE:
            logging.getLogger(name).setLevel(logging.CRITICAL)


def failing_sources(summary: dict[str, Any]) -> list[str]:
    """One line per source with errors in this run: its name, how many, and why."""
    return [
        f"source {name}: {sum(reasons.values())} error(s): "
        + ", ".join(
            f"{reason} ×{count}" if count > 1 else reason for reason, count in sorted(reasons.items())
        )
        for name, reasons in summary.get("errors_by_source", {}).items()
    ]


class ProgressLine:
    """A one-line live view of the run: pages fetched, stored, duplicates, errors."""

    def __init__(self, state: CrawlState) -> None:
        self.state = state

    def __rich__(self) -> Text:
        counts = self.state.counts
        return Text.assemble(
            ("crawling ", "bold"),
            f"pages {self.state.pages:,} · stored {counts['new']:,} · unchanged {counts['unchanged']:,}"
            f" · duplicates {counts['duplicate']:,} · errors {sum(self.state.errors.values()):,}",
        )


@contextlib.contextmanager
def live_progress(state: CrawlState, enabled: bool) -> Iterator[None]:
    """Show ProgressLine on stderr while the crawl runs (nothing when disabled or not a terminal)."""
    if not enabled:
        yield
        return
    console = Console(file=sys.stderr)
    if not console.is_terminal:
        yield
        return
    with Live(ProgressLine(state), console=console, refresh_per_second=4, transient=False):
        yield


def crawl(
    db_path: str,
    sources: list[dict[str, Any]],
    since: str | datetime | None = None,
    settings: dict[str, Any] | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Crawl `sources` into the database at `db_path`; returns the run summary (counts by outcome)."""
    moment = parse_since(since)
    state = CrawlState(str(db_path), [source["name"] for source in sources], moment and moment.isoformat())
    status = "failed"
    try:
        status = run_spider(state, sources, moment, settings, progress)
    finally:
        summary = state.finish(status)
        state.close()
    return summary


def run_spider(
    state: Any,
    sources: list[dict[str, Any]],
    moment: datetime | None,
    settings: dict[str, Any] | None = None,
    progress: bool = True,
) -> str:
    """Run the news spider over `sources` with this state (CrawlState or FleetState): finished | failed."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.news import NewsSpider

    merged = scrapy_settings(settings)
    logging.disable(logging.INFO)  # Scrapy logs its version banner while the process is built
    try:
        process = CrawlerProcess(merged)
    finally:
        logging.disable(logging.NOTSET)
    quiet_loggers(merged.get("LOG_LEVEL", "WARNING"))
    crawler = process.create_crawler(NewsSpider)
    workers = merged.getint("EXTRACT_WORKERS", -1)
    extractor = Extractor(workers if workers >= 0 else None)
    process.crawl(crawler, sources=sources, state=state, since=moment, extractor=extractor)
    try:
        with live_progress(state, progress):
            process.start()
        reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
        return "finished" if reason == "finished" else "failed"
    finally:
        extractor.close()
