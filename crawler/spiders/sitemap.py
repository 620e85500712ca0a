"""Sitemap sources: sitemap indexes and (news) sitemaps, filtered by lastmod / publication date."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import lxml.etree
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.gz import gunzip

from crawler import dates

# Without --since a sitemap index is read only for its child sitemaps of latest lastmod (new articles land
# in the news sitemap and the newest post sitemap): a first crawl does not walk years of archive sitemaps.
SITEMAPS_WITHOUT_SINCE = 3


class TooLarge(Exception):
    """A compressed sitemap that unpacks beyond the crawl's size limit."""


def local(tag: Any) -> str:
    """An element's tag without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(node: lxml.etree._Element) -> dict[str, Any]:
    """Child texts by local name; nested elements (news:news) flattened into the same dict."""
    found: dict[str, Any] = {}
    for child in node.iter():
        if child is node:
            continue
        name = local(child.tag)
        if name and child.text and child.text.strip() and name not in found:
            found[name] = child.text.strip()
    return found


class SitemapMixin:
    """Follows sitemap indexes and requests article pages of recent entries."""

    def sitemap_start(self, source: dict[str, Any]) -> Iterator[Request]:
        yield self.conditional(source["sitemap_url"], source, self.parse_sitemap)

    def sitemap_root(self, response: Response) -> lxml.etree._Element | None:
        """The parsed sitemap; a raw gzip body is unpacked up to DOWNLOAD_MAXSIZE (else TooLarge)."""
        body = response.body
        if body[:2] == b"\x1f\x8b":
            limit = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
            try:
                body = gunzip(body, max_size=limit)
            except ValueError as error:  # scrapy's "decompressed size exceeded" error
                raise TooLarge(f"gzip sitemap unpacks to more than {limit:,} bytes (--max-size)") from error
        parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
        try:
            return lxml.etree.fromstring(body, parser=parser)
        except lxml.etree.XMLSyntaxError:
            return None

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        source = self.sources[response.meta["source"]]
        if self.skipped(response, source, "sitemap"):
            return
        try:
            root = self.sitemap_root(response)
        except TooLarge as error:
            self.fail(source["name"], response.url, "too_large", response.status, str(error))
            return
        if root is None or local(root.tag) not in {"sitemapindex", "urlset"}:
            self.fail(source["name"], response.url, "parse_error", response.status, "not a sitemap")
            return
        if local(root.tag) == "sitemapindex":
            for loc in self.child_sitemaps(source, [children(node) for node in root]):
                yield self.conditional(loc, source, self.parse_sitemap)
            return
        for node in root:
            request = self.url_request(source, children(node), response.url)
            if request is not None:
                yield request

    def child_sitemaps(self, source: dict[str, Any], listed: list[dict[str, Any]]) -> list[str]:
        """The child sitemaps to read: with --since every one modified after it; without, the
        SITEMAPS_WITHOUT_SINCE (or the source's max_pages) of latest lastmod, so a run does not re-read a
        site's whole archive of monthly or numbered sitemaps. Without a lastmod on each, all of them."""
        dated = [(fields.get("loc"), self.feed_moment(self.lastmod(source, fields))) for fields in listed]
        recent = [(loc, moment) for loc, moment in dated if loc and not self.too_old(moment)]
        if self.since is not None or any(moment is None for _, moment in recent):
            return [loc for loc, _ in recent]
        keep = int(source.get("max_pages") or SITEMAPS_WITHOUT_SINCE)
        newest = sorted(range(len(recent)), key=lambda index: recent[index][1], reverse=True)[:keep]
        return [recent[index][0] for index in sorted(newest)]  # in the index's own order

    def lastmod(self, source: dict[str, Any], fields: dict[str, Any]) -> dates.DateInfo | None:
        return dates.from_feed(fields.get("lastmod"), self.tz(source))

    def url_request(self, source: dict[str, Any], fields: dict[str, Any], base: str) -> Request | None:
        published = dates.from_feed(fields.get("publication_date"), self.tz(source))
        moment = self.feed_moment(published or self.lastmod(source, fields))
        if self.too_old(moment):
            return None
        return self.article_request(
            source, fields.get("loc"), base, feed_date=published, title=fields.get("title")
        )
