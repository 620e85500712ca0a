"""Downloader middlewares: retries with exponential backoff, conditional GET from `http_cache`."""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry middleware, waiting RETRY_BACKOFF_BASE × 2^(attempt-1) seconds before a retry."""

    def _backoff(self, retry: Request) -> float:
        base = self.crawler.settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        ceiling = self.crawler.settings.getfloat("RETRY_BACKOFF_MAX", 30.0)
        attempt = max(1, retry.meta.get("retry_times", 1))
        return min(ceiling, base * 2 ** (attempt - 1))

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await asyncio.sleep(self._backoff(result))
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await asyncio.sleep(self._backoff(result))
        return result


class ConditionalGetMiddleware:
    """For requests marked meta["conditional"]: send stored validators, remember new ones."""

    def __init__(self, crawler) -> None:  # noqa: ANN001 - scrapy.crawler.Crawler
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> ConditionalGetMiddleware:  # noqa: ANN001
        return cls(crawler)

    def _state(self):  # noqa: ANN202 - crawler.state.CrawlState or None
        return getattr(self.crawler.spider, "state", None)

    def process_request(self, request: Request) -> None:
        state = self._state()
        if state is None or not request.meta.get("conditional"):
            return None
        etag, last_modified = state.validators_for(request.url)
        if etag:
            request.headers.setdefault("If-None-Match", etag)
        if last_modified:
            request.headers.setdefault("If-Modified-Since", last_modified)
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        state = self._state()
        if state is None or not request.meta.get("conditional"):
            return response
        if response.status == 304:
            state.count("not_modified")
        elif response.status == 200:
            etag = response.headers.get("ETag")
            last_modified = response.headers.get("Last-Modified")
            if etag or last_modified:
                state.remember_validators(
                    request.url,
                    etag.decode("latin-1") if etag else None,
                    last_modified.decode("latin-1") if last_modified else None,
                )
        return response
