"""A sitemap outlet (wartatimur): sitemap index, Google News sitemap, monthly post sitemaps, .html pages."""

from __future__ import annotations

import re

from crawler.samplesite.base import HTML, XML, Outlet, Reply, text_reply
from crawler.samplesite.catalog import Entry, iso
from crawler.samplesite.render import article_view, render

ARTICLE = re.compile(r"^/berita/([a-z0-9-]+)\.html$")
MONTHLY = re.compile(r"^/sitemap-posts-(\d{4}-\d{2})\.xml$")


class WartaOutlet(Outlet):
    """Pages /berita/<slug>.html whose date is a visible line (and on some pages also a meta tag)."""

    page_size = 8  # a small outlet's front page: older headlines on ?page=2, ?page=3

    def path_for(self, entry: Entry) -> str:
        return f"/berita/{entry.slug}.html"

    def has_meta_date(self, entry: Entry) -> bool:
        return entry.variant(2) == 1

    def robots_extra(self) -> list[str]:
        return ["", f"Sitemap: {self.base_url}/sitemap_index.xml"]

    def route(self, path: str, query: dict[str, list[str]]) -> Reply | None:
        if path == "/sitemap_index.xml":
            return self.sitemap_index()
        if path == "/sitemap-news.xml":
            return self.urlset(self.listed(), news=True)
        if match := MONTHLY.match(path):
            chosen = self.by_month().get(match.group(1))
            return self.urlset(chosen, news=False) if chosen else None
        if path == "/":
            return self.home(query)
        if match := ARTICLE.match(path):
            entry = next((e for e in self.articles() if e.slug == match.group(1)), None)
            return self.article_page(entry) if entry else None
        return None

    def by_month(self) -> dict[str, list[Entry]]:
        """Entries per 'YYYY-MM' sitemap; undated ones go into the newest month."""
        months: dict[str, list[Entry]] = {}
        for entry in self.listed():
            key = f"{entry.local:%Y-%m}" if entry.local else (next(iter(months), None) or "2026-11")
            months.setdefault(key, []).append(entry)
        return months

    def sitemap_index(self) -> Reply:
        maps = [{"loc": f"{self.base_url}/sitemap-news.xml", "lastmod": self.newest(self.entries)}]
        maps += [
            {"loc": f"{self.base_url}/sitemap-posts-{month}.xml", "lastmod": self.newest(chosen)}
            for month, chosen in self.by_month().items()
        ]
        for item in maps:
            item["lastmod"] = iso(item["lastmod"]) if item["lastmod"] else ""
        body = render("sitemap_index.xml.j2", maps=maps)
        return text_reply(body, XML, last_modified=self.newest(self.entries))

    def urlset(self, entries: list[Entry], news: bool) -> Reply:
        items = [
            {
                "loc": e.data["url"],
                "date": iso(e.local) if e.local else "",
                "title": e.data["title"],
                "keywords": ", ".join(e.data.get("tags") or []),
            }
            for e in entries
        ]
        template = "sitemap_news.xml.j2" if news else "sitemap_posts.xml.j2"
        body = render(template, site=self.site(), items=items)
        return text_reply(body, XML, last_modified=self.newest(entries))

    def article_page(self, entry: Entry) -> Reply:
        view = article_view(entry, self.by_outlet_order())
        body = render(
            "warta_article.html.j2",
            site=self.site(),
            a=view,
            latest=self.recent(5),
            meta_date=self.has_meta_date(entry),
        )
        return text_reply(body, HTML, last_modified=entry.utc)
