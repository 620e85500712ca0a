"""RSS/Atom sources: entries by feedparser, then each article page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser
from scrapy import Request
from scrapy.http import Response

from crawler import dates
from crawler.extract import html_text


class FeedMixin:
    """Reads a feed and requests every entry's page not stored yet."""

    def feed_start(self, source: dict[str, Any]) -> Iterator[Request]:
        yield self.conditional(source["feed_url"], source, self.parse_feed)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        source = self.sources[response.meta["source"]]
        if self.skipped(response, source, "feed"):
            return
        parsed = feedparser.parse(response.body, response_headers={"content-type": "application/xml"})
        if parsed.bozo and not isinstance(parsed.bozo_exception, feedparser.CharacterEncodingOverride):
            message = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}"
            self.fail(source["name"], response.url, "feed_malformed", response.status, message)
        elif not parsed.entries and not parsed.feed:
            self.fail(source["name"], response.url, "feed_malformed", response.status, "no feed found")
        for entry in parsed.entries:
            request = self.entry_request(source, entry, response.url)
            if request is not None:
                yield request

    def entry_request(self, source: dict[str, Any], entry: Any, base: str) -> Request | None:
        raw = entry.get("published") or entry.get("updated")
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        date = dates.from_feed(raw, self.tz(source), parsed)
        if self.too_old(self.feed_moment(date)):
            return None
        return self.article_request(
            source,
            entry.get("link"),
            base,
            feed_date=date,
            title=html_text(entry.get("title")),
            feed_body=full_text(entry),
        )


def full_text(entry: Any) -> str | None:
    """The entry's full content (RSS content:encoded, Atom content), never its summary (a teaser): the
    article's text when its page cannot be read."""
    values = [part.get("value") or "" for part in entry.get("content") or []]
    return max(values, key=len, default=None) or None
