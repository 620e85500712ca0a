"""What every sample outlet shares: the reply type, routing with overrides, caching, robots.txt."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from crawler.samplesite.catalog import Entry, newest_first
from crawler.samplesite.render import excerpt, link, render

HTML = "text/html; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
JSON = "application/json; charset=UTF-8"
TEXT = "text/plain; charset=utf-8"
SITE_EPOCH = datetime(2026, 10, 1, tzinfo=UTC)  # Last-Modified of pages without a date


@dataclass
class Reply:
    """One HTTP answer; `validators` adds ETag and Last-Modified and allows a 304."""

    status: int = 200
    body: bytes = b""
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: datetime | None = None
    validators: bool = True
    delay: float = 0.0

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:20] + '"'

    def final_headers(self) -> dict[str, str]:
        """Content-Type, Content-Length, validators and the reply's own headers."""
        headers = {"Content-Type": self.content_type, "Content-Length": str(len(self.body))}
        if self.validators and self.status == 200:
            headers["ETag"] = self.etag
            headers["Last-Modified"] = format_datetime(self.modified(), usegmt=True)
        return headers | self.headers

    def modified(self) -> datetime:
        return (self.last_modified or SITE_EPOCH).astimezone(UTC).replace(microsecond=0)

    def not_modified(self, request_headers: Any) -> bool:
        """True when the request's If-None-Match / If-Modified-Since say the client's copy is current."""
        if not self.validators or self.status != 200:
            return False
        tags = request_headers.get("If-None-Match")
        if tags:
            return self.etag in [tag.strip().removeprefix("W/") for tag in tags.split(",")] or tags == "*"
        since = request_headers.get("If-Modified-Since")
        if not since:
            return False
        try:
            return self.modified() <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False


def text_reply(body: str, content_type: str = HTML, status: int = 200, **extra: Any) -> Reply:
    """A reply with a UTF-8 body."""
    return Reply(status=status, body=body.encode("utf-8"), content_type=content_type, **extra)


Handler = Callable[[str, dict[str, list[str]]], Reply]


class Outlet:
    """A site on its own port: listed entries, a router, per-path overrides (broken cases), a cache."""

    key = ""
    robots_disallow = ("/wp-admin/", "/cari")
    page_size = 20  # headlines per listing page

    def __init__(self, info: dict[str, Any], entries: list[Entry]) -> None:
        self.info = info
        self.entries = entries
        self.base_url = ""
        self.overrides: dict[str, Handler] = {}
        self._cache: dict[str, Reply] = {}
        self._listed: list[Entry] = []
        self._articles: list[Entry] = []
        self._ordered: list[Entry] = []

    def bind(self, base_url: str) -> None:
        """Set the outlet's address and give each entry its path and public URL."""
        self.base_url = base_url
        self._cache.clear()
        for entry in self.entries:
            entry.path = entry.path or self.path_for(entry)
            entry.data["url"] = self.base_url + entry.path
        self._listed = newest_first(self.entries)
        self._articles = [e for e in self._listed if not e.data.get("case")]
        self._ordered = list(reversed(self._articles))

    def path_for(self, entry: Entry) -> str:
        raise NotImplementedError

    def listed(self) -> list[Entry]:
        """Entries in feeds, sitemaps and the API, newest first."""
        return self._listed

    def articles(self) -> list[Entry]:
        """Entries that are real article pages (not synthetic broken-case items), newest first."""
        return self._articles

    def handle(self, path: str, query: dict[str, list[str]], raw: str) -> Reply:
        """Answer one GET: overrides first, then the cache, then the outlet's router, else 404."""
        if path in self.overrides:
            return self.overrides[path](path, query)
        if path == "/robots.txt":
            return text_reply(self.robots(), TEXT)
        if raw in self._cache:
            return self._cache[raw]
        reply = self.route(path, query) or self.not_found()
        if reply.status in (200, 404) and not reply.delay:
            self._cache[raw] = reply
        return reply

    def route(self, path: str, query: dict[str, list[str]]) -> Reply | None:
        raise NotImplementedError

    def not_found(self) -> Reply:
        return text_reply(
            f"<!DOCTYPE html><title>404 Not Found</title><h1>{self.info['title']}</h1>"
            "<p>Halaman tidak ditemukan.</p>",
            status=404,
            validators=False,
        )

    def robots(self) -> str:
        lines = ["User-agent: *", *[f"Disallow: {p}" for p in self.robots_disallow]]
        if self.robots_disallow and self.robots_disallow[0] == "/wp-admin/":
            lines.append("Allow: /wp-admin/admin-ajax.php")
        return "\n".join([*lines, *self.robots_extra(), ""])

    def robots_extra(self) -> list[str]:
        return []

    def newest(self, entries: list[Entry]) -> datetime | None:
        dated = [e.utc for e in entries if e.utc]
        return max(dated) if dated else None

    def by_outlet_order(self) -> list[Entry]:
        """Real articles oldest first; used to pick 'Baca juga' and related links."""
        return self._ordered

    def site(self) -> dict[str, Any]:
        """The outlet's info plus its base URL, as templates expect it."""
        return self.info | {"base": self.base_url}

    def recent(self, count: int) -> list[dict[str, str]]:
        """Title and URL of the newest articles, for sidebars."""
        return [link(e) for e in self.articles()[:count]]

    def listing(
        self,
        heading: str,
        entries: list[Entry],
        last_modified: datetime | None = None,
        page: int = 1,
        pages: int = 1,
    ) -> Reply:
        """A page of headlines with excerpts (home, category and tag pages), with page links."""
        items = [link(e) | {"excerpt": excerpt(e, 25)} for e in entries]
        numbers = list(range(1, pages + 1))
        body = render(
            "listing.html.j2", site=self.site(), heading=heading, items=items, page=page, pages=numbers
        )
        return text_reply(body, HTML, last_modified=last_modified)

    def home(self, query: dict[str, list[str]] | None = None) -> Reply | None:
        """The front page (`?page=N` for older ones): `page_size` articles a page, newest first."""
        raw = (query or {}).get("page", ["1"])[0]
        page = int(raw) if raw.isdigit() and int(raw) > 0 else 1
        everything = self.articles()
        pages = max(1, -(-len(everything) // self.page_size))
        if page > pages:
            return None
        shown = everything[(page - 1) * self.page_size : page * self.page_size]
        heading = "Berita Terbaru" if page == 1 else f"Berita Terbaru, Halaman {page}"
        return self.listing(heading, shown, self.newest(shown), page, pages)
