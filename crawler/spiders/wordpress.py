"""WordPress sources: the REST API (/wp-json/wp/v2/posts), falling back to the /feed/ when it is off."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from scrapy import Request
from scrapy.http import Response

from crawler import dates
from crawler.extract import html_text

PER_PAGE = 50
# Without --since a run pages on only while a page brings a post not stored yet (posts come newest first),
# and at most this many pages (the newest 1,000 posts): a first crawl does not walk a media centre's whole
# archive of tens of thousands of releases. A backfill says how far back with --since (paged to the end,
# so a backfill cut short resumes) or raises the source's max_pages.
PAGES_WITHOUT_SINCE = 20


class WordPressMixin:
    """Pages through the posts API; every post's page is fetched for its canonical link and metadata."""

    def wordpress_start(self, source: dict[str, Any]) -> Iterator[Request]:
        yield self.api_request(source, 1)

    def api_url(self, source: dict[str, Any], page: int) -> str:
        base = source.get("api_url") or source["home_url"].rstrip("/") + "/wp-json/wp/v2/posts"
        params: dict[str, Any] = {"per_page": PER_PAGE, "page": page, "orderby": "date", "order": "desc"}
        if self.since:
            params["after"] = self.since.isoformat(timespec="seconds")
        return base + ("&" if "?" in base else "?") + urlencode(params)

    def api_request(self, source: dict[str, Any], page: int) -> Request:
        return self.conditional(self.api_url(source, page), source, self.parse_api, page=page)

    def fallback(self, source: dict[str, Any]) -> Iterator[Request]:
        """Use the feed instead of the API (only from the first API page)."""
        feed = source.get("feed_url") or source["home_url"].rstrip("/") + "/feed/"
        yield self.conditional(feed, source, self.parse_feed)

    def parse_api(self, response: Response) -> Iterator[Request]:
        source = self.sources[response.meta["source"]]
        page = response.meta["page"]
        if response.status == 304:
            return
        payload = self.api_payload(response)
        if (
            response.status == 400
            and isinstance(payload, dict)
            and payload.get("code") == "rest_post_invalid_page_number"
        ):
            return
        if response.status != 200:
            self.fail(
                source["name"], response.url, f"http_{response.status}", response.status, "API unavailable"
            )
            if page == 1:
                yield from self.fallback(source)
            return
        if not isinstance(payload, list):
            kind = response.headers.get("Content-Type", b"").decode("latin-1")
            self.fail(
                source["name"],
                response.url,
                "api_html",
                response.status,
                f"API answered {kind or 'non-JSON'}",
            )
            if page == 1:
                yield from self.fallback(source)
            return
        fresh = 0
        for number, post in enumerate(payload, 1):
            try:
                request = self.post_request(source, post, response.url)
            except (AttributeError, TypeError, ValueError) as error:  # one malformed post, not the source
                message = f"post {number} of this page is malformed ({type(error).__name__}: {error})"
                self.fail(source["name"], response.url, "parse_error", response.status, message[:500])
                continue
            if request is not None:
                fresh += 1
                yield request
        total = int(response.headers.get("X-WP-TotalPages", b"0") or 0)
        more = page < total or (not total and len(payload) >= PER_PAGE)
        if payload and more and self.pages_on(source, page, fresh):
            yield self.api_request(source, page + 1)

    def pages_on(self, source: dict[str, Any], page: int, fresh: int) -> bool:
        """Whether to read the next API page (see PAGES_WITHOUT_SINCE)."""
        if self.since is not None:
            return True  # a backfill: the API's `after` bounds it
        return fresh > 0 and page < int(source.get("max_pages") or PAGES_WITHOUT_SINCE)

    @staticmethod
    def api_payload(response: Response) -> Any:
        """The decoded JSON body, or None when the API answered something else (HTML, garbage)."""
        kind = response.headers.get("Content-Type", b"").decode("latin-1").lower()
        if "json" not in kind and response.body.lstrip()[:1] not in (b"[", b"{"):
            return None
        try:
            return json.loads(response.body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return None

    def post_request(self, source: dict[str, Any], post: dict[str, Any], base: str) -> Request | None:
        date = dates.from_wordpress(post.get("date"), post.get("date_gmt"), self.tz(source))
        if self.too_old(self.feed_moment(date)):
            return None
        title = html_text((post.get("title") or {}).get("rendered"))
        return self.article_request(
            source,
            post.get("link"),
            base,
            feed_date=date,
            title=title,
            api_title=title,
            body_html=(post.get("content") or {}).get("rendered"),
        )
