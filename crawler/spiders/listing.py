"""HTML sources without a feed or sitemap: a listing page, its next pages, and the articles they link."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawler import urls

DEFAULT_MAX_PAGES = 3
# Without an `article_pattern`, a link is taken for an article when its path holds a date followed by
# a slug, ends in .html/.htm, or ends in a slug of four or more words; never archive, tag, author or
# search pages (a bare /2026/11/ date archive has no slug).
ARTICLE_HINT = re.compile(
    r"/20\d\d/\d{1,2}/(?:\d{1,2}/)?[^/?#]*[a-z][^/?#]*|\.html?$|/[^/?#]+-[^/?#]+-[^/?#]+-[^/?#]+/?$",
    re.IGNORECASE,
)
NOT_ARTICLE = re.compile(
    r"/(tag|tags|category|kategori|topik|author|penulis|page|halaman|search|cari|feed|wp-[a-z]+)(/|$)",
    re.IGNORECASE,
)
NEXT_TEXT = re.compile(r"^(berikutnya|selanjutnya|next|older|lebih lama|»|›)", re.IGNORECASE)


def _site(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    return urls.host_of(url), parts.port


def article_links(response: TextResponse, pattern: str | None) -> list[str]:
    """Absolute links to the same site that look like articles, in page order, once each."""
    site = _site(response.url)
    wanted = re.compile(pattern) if pattern else None
    found: dict[str, str] = {}
    for href in response.css("a::attr(href)").getall():
        link = urls.without_fragment(urljoin(response.url, href.strip()))
        if not link.startswith(("http://", "https://")) or _site(link) != site:
            continue
        if wanted is not None:
            looks_right = bool(wanted.search(link))
        else:
            path = urlsplit(link).path
            looks_right = bool(ARTICLE_HINT.search(path)) and not NOT_ARTICLE.search(path)
        if looks_right:
            found.setdefault(urls.normalize(link), link)
    return list(found.values())


def next_page(response: TextResponse) -> str | None:
    """The listing's next page: a rel="next" link, else a link reading "Berikutnya", "Next", "»"."""
    href = response.css('a[rel~="next"]::attr(href), link[rel~="next"]::attr(href)').get()
    if href is None:
        for anchor in response.css("a[href]"):
            text = " ".join(anchor.css("::text").getall()).strip()
            if NEXT_TEXT.match(text):
                href = anchor.attrib["href"]
                break
    return urljoin(response.url, href.strip()) if href else None


class ListingMixin:
    """Reads a source's listing page and follows its next pages while they still bring new links."""

    def html_start(self, source: dict[str, Any]) -> Iterator[Request]:
        yield self.conditional(source.get("list_url") or source["home_url"], source, self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        source = self.sources[response.meta["source"]]
        if self.skipped(response, source, "listing"):
            return
        if not isinstance(response, TextResponse):
            self.fail(source["name"], response.url, "parse_error", response.status, "listing is not HTML")
            return
        links = article_links(response, source.get("article_pattern"))
        if not links:
            self.fail(source["name"], response.url, "parse_error", response.status, "no article links found")
            return
        fresh = 0
        for link in links:
            request = self.article_request(source, link, since_after_fetch=True)
            if request is not None:
                fresh += 1
                yield request
        page = response.meta.get("page", 1)
        following = next_page(response)
        if fresh and following and page < int(source.get("max_pages") or DEFAULT_MAX_PAGES):
            yield self.conditional(following, source, self.parse_listing, page=page + 1)
