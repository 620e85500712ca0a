"""The shared spider: article pages (and the later pages of one split over several), incremental skips,
error rows, since-filtering, and the feed's or API's text when a page cannot be read."""

from __future__ import annotations

import codecs
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import Request, signals
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler import dates, dedup, pagination, urls
from crawler.clean import cap_paragraphs
from crawler.extract import NotArticle, extract
from crawler.failures import classify
from crawler.items import Article
from crawler.state import CrawlState
from crawler.workers import Extractor
from store.articles import utc_now

# Declared charsets under which bytes that are valid UTF-8, and not all ASCII, are UTF-8 after all: Latin-1
# text that also decodes as UTF-8 would be made of pairs like "Ã©", which no real prose is.
SINGLE_BYTE = {"ascii", "iso8859-1", "cp1252", "iso8859-15"}
REDIRECTS = {301, 302, 303, 307, 308}
# Every status but redirects reaches the callback; redirects are followed first (handle_httpstatus_all
# would make Scrapy hand us the 301 itself, and a moved feed would read as "feed unavailable").
HANDLED_STATUSES = [status for status in range(100, 600) if status not in REDIRECTS]
NEXT_PAGE_MIN_CHARS = 1  # the last page of an article may hold one short paragraph
EMPTY_PAGE = "<html><head></head><body></body></html>"  # what extract reads beside a feed's or API's text
LISTED_NOTE = "; stored from the text its feed or API listed"
GONE = {404, 410}  # the outlet took the page down (a retraction, perhaps): its listed copy is not stored


def trusted_canonical(link: str | None, page_url: str) -> str:
    """The page's canonical link when it plausibly names this article, else the page URL."""
    if not link:
        return page_url
    absolute = urljoin(page_url, link.strip())
    target, page = urlsplit(absolute), urlsplit(page_url)
    if target.scheme not in {"http", "https"}:
        return page_url
    same_site = urls.host_of(absolute) == urls.host_of(page_url)
    if not same_site or (target.path in {"", "/"} and not target.query and page.path not in {"", "/"}):
        return page_url
    return absolute


def page_text(response: TextResponse) -> str:
    """The page as text, whatever its declared charset says: bytes declared UTF-8 that are not are read
    as windows-1252, and UTF-8 bytes declared Latin-1 (a theme's or a server's default) as UTF-8."""
    text = response.text
    declared_single_byte = codecs.lookup(response.encoding).name in SINGLE_BYTE
    if "\ufffd" in text or (declared_single_byte and not response.body.isascii()):
        try:
            return response.body.decode("utf-8")
        except UnicodeDecodeError:
            return text if declared_single_byte else response.body.decode("cp1252", errors="replace")
    return text


class ArticleSpider(scrapy.Spider):
    """Fetch article pages found by the kind-specific mixins; yield Article items."""

    name = "articles"

    def __init__(
        self,
        sources: list[dict[str, Any]],
        state: CrawlState,
        since: datetime | None = None,
        extractor: Extractor | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.extractor = extractor or Extractor(workers=0)
        self.sources = {source["name"]: source for source in sources}
        self.state = state
        self.since = since
        self.scheduled: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> ArticleSpider:  # noqa: ANN001
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_response, signal=signals.response_received)
        return spider

    def on_response(self, response: Response, request: Request, spider: scrapy.Spider) -> None:
        self.state.pages += 1

    # Helpers for the mixins ------------------------------------------------------------------------
    def tz(self, source: dict[str, Any]) -> str:
        return source.get("tz") or "WIB"

    def too_old(self, moment: datetime | None) -> bool:
        """True when --since is set and the date is before it."""
        return bool(self.since and moment and moment.astimezone(UTC) < self.since)

    def fail(
        self, source: str, url: str | None, reason: str, status: int | None = None, message: str = ""
    ) -> None:
        self.state.error(source, url, reason, status, message)

    def on_error(self, failure: Failure) -> None:
        """Errback: one crawl_errors row per failed request."""
        request = failure.request  # type: ignore[attr-defined]
        info = classify(failure)
        self.fail(request.meta.get("source", "?"), request.url, info.reason, info.http_status, info.message)

    def skipped(self, response: Response, source: dict[str, Any], what: str) -> bool:
        """True when a conditional answer has nothing to read: 304, or an error ("<what> unavailable")."""
        if response.status == 304:
            return True
        if response.status != 200:
            status = response.status
            self.fail(source["name"], response.url, f"http_{status}", status, f"{what} unavailable")
            return True
        return False

    def conditional(self, url: str, source: dict[str, Any], callback: Any, **meta: Any) -> Request:
        """A request for a feed, API page or sitemap: validators sent, every status handed to us."""
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            dont_filter=True,
            meta={
                "source": source["name"],
                "conditional": True,
                "handle_httpstatus_list": HANDLED_STATUSES,
                **meta,
            },
        )

    def article_request(
        self, source: dict[str, Any], link: Any, base: str | None = None, **hints: Any
    ) -> Request | None:
        """A request for an article page, unless it is already stored or already scheduled this run.

        Relative and protocol-relative links are resolved against `base` (the feed or sitemap URL);
        a link that is not http(s) even then is recorded as one `bad_link` error row.
        """
        if link is None or link == "":
            self.state.count("no_link")  # a feed entry without a link (a broken feed is reported as such)
            return None
        if not isinstance(link, str):
            self.fail(source["name"], base, "bad_link", None, f"entry link is not text: {link!r}"[:300])
            return None
        link = urljoin(base, link.strip()) if base else link.strip()
        if not link.lower().startswith(("http://", "https://")):
            self.fail(source["name"], link[:500], "bad_link", None, "not an http(s) link")
            return None
        key = urls.normalize(link)
        if key in self.scheduled:
            self.state.alias(link)
            self.state.count("duplicate")
            return None
        self.scheduled.add(key)
        if self.state.known(link):
            self.state.count("unchanged")
            return None
        return Request(
            link,
            callback=self.parse_article,
            errback=self.article_failed,
            dont_filter=True,
            meta={"source": source["name"], "link": link, **hints},
        )

    # Article pages ----------------------------------------------------------------------------------
    async def parse_article(self, response: Response) -> AsyncIterator[Article]:
        source = self.sources[response.meta["source"]]
        if not isinstance(response, TextResponse):
            self.fail(source["name"], response.url, "not_article", response.status, "not an HTML page")
            return
        try:
            page, signature = await self.extractor.run(
                page_text(response),
                response.url,
                tz=self.tz(source),
                feed_date=response.meta.get("feed_date"),
                body_html=response.meta.get("body_html"),
                title_hint=response.meta.get("title"),
            )
        except NotArticle as error:
            stored = self.listed_text(response.request)  # e.g. a bot check answered instead of the page
            message = str(error) + (LISTED_NOTE if stored else "")
            self.fail(source["name"], response.url, "not_article", response.status, message)
            if stored:
                yield stored
            return
        except Exception as error:  # noqa: BLE001 - one bad page must not stop the crawl
            self.fail(
                source["name"],
                response.url,
                "parse_error",
                response.status,
                f"{type(error).__name__}: {error}",
            )
            return
        if response.meta.get("since_after_fetch") and self.too_old(self.feed_moment(page.date)):
            self.state.count("older_than_since")  # a listing gives no dates: judged on the page itself
            return
        if page.date.doubtful:
            message = f"date {page.date.doubtful} not believed (before 1990 or in the future); not used"
            self.fail(source["name"], response.url, "doubtful_date", response.status, message)
        article = self.article(source, response, page, signature)
        following = pagination.next_page(page.page_links, response.url, 1)
        yield self.next_page_request(article, following, 2) if following else article

    def article_failed(self, failure: Failure) -> Iterator[Article]:
        """Errback of an article page: one crawl_errors row, and the article from the text its feed or
        API listed with it, when it listed one (a site that refuses crawlers often still feeds them)."""
        request = failure.request  # type: ignore[attr-defined]
        info = classify(failure)
        stored = None if info.http_status in GONE else self.listed_text(request)
        message = info.message + (LISTED_NOTE if stored else "")
        self.fail(request.meta.get("source", "?"), request.url, info.reason, info.http_status, message)
        if stored:
            yield stored

    def listed_text(self, request: Request | None) -> Article | None:
        """The article made of the full text a feed entry or an API post carried, or None."""
        if request is None:
            return None
        listed = request.meta.get("body_html") or request.meta.get("feed_body")
        if not listed:
            return None
        source = self.sources[request.meta["source"]]
        try:
            page = extract(
                EMPTY_PAGE,
                request.url,
                tz=self.tz(source),
                feed_date=request.meta.get("feed_date"),
                body_html=listed,
                title_hint=request.meta.get("title") or request.meta.get("api_title"),
            )
        except NotArticle:
            return None
        self.state.count("from_listing")
        return self.article(source, request, page, dedup.to_bytes(dedup.signature(page.body.text)))

    # Articles split over pages ----------------------------------------------------------------------
    def next_page_request(self, article: Article, url: str, number: int) -> Request:
        """A request for page `number` of an article whose pages before it are read (`article`)."""
        return Request(
            url,
            callback=self.parse_next_page,
            errback=self.next_page_failed,
            dont_filter=True,
            meta={"source": article.source, "article": article, "page_number": number},
        )

    async def parse_next_page(self, response: Response) -> AsyncIterator[Article]:
        """Add this page's paragraphs to the article; follow its next page or yield the whole article."""
        article, number = response.meta["article"], response.meta["page_number"]
        source = self.sources[article.source]
        try:
            if not isinstance(response, TextResponse):
                raise NotArticle("not an HTML page")
            page, _ = await self.extractor.run(
                page_text(response), response.url, tz=self.tz(source), min_chars=NEXT_PAGE_MIN_CHARS
            )
        except Exception as error:  # noqa: BLE001 - the pages read so far are still the article
            reason = "not_article" if isinstance(error, NotArticle) else "parse_error"
            message = self.partial(article, number, error)
            self.fail(article.source, response.url, reason, response.status, message)
            yield signed(article)
            return
        article.seen_urls.append(response.url)
        article.text = "\n\n".join(added(article.text, page.body.paragraphs))
        following = pagination.next_page(page.page_links, article.url, number)
        yield self.next_page_request(article, following, number + 1) if following else signed(article)

    def next_page_failed(self, failure: Failure) -> Iterator[Article]:
        """Errback of a next page: one crawl_errors row, and the article as far as it was read."""
        request = failure.request  # type: ignore[attr-defined]
        article, info = request.meta["article"], classify(failure)
        message = self.partial(article, request.meta["page_number"], info.message)
        self.fail(article.source, request.url, info.reason, info.http_status, message)
        yield signed(article)

    @staticmethod
    def partial(article: Article, number: int, problem: object) -> str:
        """What a failed next page means for its article, in one line."""
        kept = "the first page" if number == 2 else f"the first {number - 1} pages"
        return f"page {number} of {article.url}: {problem}; stored {kept} only"

    def article(
        self, source: dict[str, Any], response: Response | Request, page: Any, signature: bytes
    ) -> Article:
        """The item of an extracted page (`response`; the request when the text came with the link)."""
        canonical = trusted_canonical(page.meta.canonical, response.url)
        title = response.meta.get("api_title") or page.title
        seen = [*response.meta.get("redirect_urls", []), response.meta.get("link"), response.url, canonical]
        return Article(
            source=source["name"],
            url=response.url,
            canonical_url=urls.normalize(canonical),
            title=title,
            text=page.body.text,
            lead=page.body.lead,
            fetched_at=utc_now(),
            author=page.author,
            credit=page.body.credit,
            published_at=page.date.published_at,
            published_local=page.date.published_local,
            tz=page.date.tz or self.tz(source),
            date_source=page.date.date_source,
            language=(page.meta.language or "id")[:2].lower(),
            seen_urls=[url for url in seen if url],
            signature=signature,
        )

    @staticmethod
    def feed_moment(info: dates.DateInfo | None) -> datetime | None:
        """The UTC datetime of a DateInfo, for --since comparisons."""
        if info is None or not info.published_at:
            return None
        return datetime.fromisoformat(info.published_at.replace("Z", "+00:00"))


def added(text: str, paragraphs: list[str]) -> list[str]:
    """The text's paragraphs and those of the next page it does not already hold (a repeated lead or
    caption), within the text cap."""
    held = text.split("\n\n") if text else []
    known = set(held)
    return cap_paragraphs(held + [p for p in paragraphs if p not in known])


def signed(article: Article) -> Article:
    """The article read over several pages, its signature computed again over the whole text."""
    article.signature = dedup.to_bytes(dedup.signature(article.text))
    return article
