"""A regional news portal (kabarnusantara): RSS with tracking parameters, AMP copies, JSON-LD dates."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

from crawler.samplesite.base import HTML, RSS, Outlet, Reply, text_reply
from crawler.samplesite.catalog import Entry, rfc822
from crawler.samplesite.render import article_view, excerpt, render
from crawler.samplesite.wordpress import slugify

ARTICLE = re.compile(r"^/read/(?:\d{4}/\d{2}/\d{2}/)?([a-z0-9-]+)(/amp)?/?$")
TAG = re.compile(r"^/tag/([a-z0-9-]+)/?$")
TRACKING = "?utm_source=rss&utm_medium=feed"


class PortalOutlet(Outlet):
    """Article pages /read/YYYY/MM/DD/slug and their AMP copies /read/YYYY/MM/DD/slug/amp."""

    def path_for(self, entry: Entry) -> str:
        if entry.local is None:
            return f"/read/{entry.slug}"
        return f"/read/{entry.local:%Y/%m/%d}/{entry.slug}"

    def amp_url(self, entry: Entry) -> str:
        return entry.data["url"] + "/amp"

    def has_meta_date(self, entry: Entry) -> bool:
        """Half the pages carry article:published_time; the others only JSON-LD (and the feed)."""
        return entry.variant(2) == 0

    def feed_link(self, entry: Entry) -> str:
        """Every third feed item points at the AMP copy; all carry the RSS tracking parameters."""
        is_amp = entry.variant(3) == 0 and not entry.data.get("case")
        return (self.amp_url(entry) if is_amp else entry.data["url"]) + TRACKING

    def route(self, path: str, query: dict[str, list[str]]) -> Reply | None:
        if path in ("/rss.xml", "/rss"):
            return self.feed()
        if path == "/":
            newest = self.articles()[:20]
            return self.listing("Berita Terkini", newest, self.newest(newest))
        if match := TAG.match(path):
            return self.tag(match.group(1))
        if match := ARTICLE.match(path):
            entry = next((e for e in self.articles() if e.slug == match.group(1)), None)
            if entry and path.removesuffix("/amp").rstrip("/") == entry.path:
                return self.article_page(entry, amp=bool(match.group(2)))
        return None

    def article_page(self, entry: Entry, amp: bool = False) -> Reply:
        view = article_view(entry, self.by_outlet_order(), read_also_count=2)
        context = {
            "site": self.site(),
            "a": view,
            "amp_url": self.amp_url(entry),
            "meta_date": self.has_meta_date(entry),
            "json_ld": json_ld(view, self.info),
            "latest": self.recent(5),
        }
        template = "portal_amp.html.j2" if amp else "portal_article.html.j2"
        return text_reply(render(template, **context), HTML, last_modified=entry.utc)

    def tag(self, slug: str) -> Reply:
        """A tag page: headlines only, never an article (the not_article case links here)."""
        tagged = [e for e in self.articles() if slug in [slugify(t) for t in e.data.get("tags") or []]]
        shown = tagged or self.articles()[:10]
        return self.listing(f"Berita Tag: {slug.replace('-', ' ').title()}", shown, self.newest(shown))

    def feed(self) -> Reply:
        items = [
            {
                "title": e.data["title"],
                "link": self.feed_link(e),
                "guid": e.data["url"],
                "pub_date": rfc822(e.local) if e.local else "",
                "description": excerpt(e, 30),
                "category": e.data.get("category") or "Berita",
            }
            for e in self.listed()
        ]
        newest = self.newest(self.entries)
        body = render(
            "portal_rss.xml.j2", site=self.site(), items=items, build_date=rfc822(newest) if newest else ""
        )
        return text_reply(body, RSS, last_modified=newest)


def json_ld(view: dict[str, Any], info: dict[str, Any]) -> Markup:
    """The NewsArticle JSON-LD block (no dates for undated articles), safe inside <script>."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": view["url"]},
        "headline": view["title"],
        "description": view["excerpt"],
        "articleSection": view["category"],
        "keywords": ", ".join(view["tags"]),
        "publisher": {"@type": "Organization", "name": info["title"]},
    }
    if view["author"]:
        data["author"] = {"@type": "Person", "name": view["author"]}
    if view["dated"]:
        data["datePublished"] = view["iso"]
        data["dateModified"] = view["iso"]
    return Markup(json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/"))
