"""A WordPress outlet (the government media centre): REST API, RSS feed, permalinks, ?p= shortlinks."""

from __future__ import annotations

import json
import re
import zlib
from datetime import UTC, datetime
from typing import Any

from crawler.samplesite.base import HTML, JSON, RSS, Outlet, Reply, text_reply
from crawler.samplesite.catalog import Entry, iso, rfc822, zone
from crawler.samplesite.render import article_view, entities, excerpt, render, texturize

PERMALINK = re.compile(r"^/(\d{4})/(\d{2})/(\d{2})/([^/]+)/?$")
SLUG_ONLY = re.compile(r"^/([a-z0-9][a-z0-9-]*)/?$")
CATEGORY = re.compile(r"^/category/([^/]+)/?$")
API_PATH = "/wp-json/wp/v2/posts"
MAX_PER_PAGE = 100


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def term_id(name: str) -> int:
    """A stable WordPress term or user id for a name."""
    return 2 + zlib.crc32(name.encode()) % 900


def rest_error(code: str, message: str, status: int = 400) -> Reply:
    body = json.dumps({"code": code, "message": message, "data": {"status": status}})
    return text_reply(body, JSON, status=status, validators=False)


class WordPressOutlet(Outlet):
    """WordPress 6 with pretty permalinks /YYYY/MM/DD/slug/ (undated posts: /slug/)."""

    def __init__(self, info: dict[str, Any], entries: list[Entry]) -> None:
        super().__init__(info, entries)
        self.duplicates: list[Entry] = []  # listed again under their ?p= shortlink (broken case)
        self.site_zone = zone(info.get("tz", "WITA"))

    def path_for(self, entry: Entry) -> str:
        if entry.local is None:
            return f"/{entry.slug}/"
        return f"/{entry.local:%Y/%m/%d}/{entry.slug}/"

    def shortlink(self, entry: Entry) -> str:
        return f"{self.base_url}/?p={entry.post_id}"

    def route(self, path: str, query: dict[str, list[str]]) -> Reply | None:
        if path == API_PATH:
            return self.api_posts(query)
        if path == "/feed/" or path == "/feed":
            return self.feed()
        if path == "/":
            return self.shortlink_page(query) if "p" in query else self.home(query)
        if match := CATEGORY.match(path):
            return self.category(match.group(1))
        return self.permalink(path)

    def permalink(self, path: str) -> Reply | None:
        match = PERMALINK.match(path) or SLUG_ONLY.match(path)
        if not match:
            return None
        entry = next((e for e in self.articles() if e.slug == match.groups()[-1]), None)
        if entry is None or (entry.path != path and entry.path != path + "/"):
            return None
        if not path.endswith("/"):
            return Reply(status=301, headers={"Location": entry.data["url"]}, validators=False)
        return self.article_page(entry)

    def shortlink_page(self, query: dict[str, list[str]]) -> Reply | None:
        wanted = query["p"][0]
        entry = next((e for e in self.articles() if str(e.post_id) == wanted), None)
        return self.article_page(entry) if entry else None

    def article_page(self, entry: Entry) -> Reply:
        ordered = self.by_outlet_order()
        context = {"site": self.site(), "a": article_view(entry, ordered), "recent": self.recent(5)}
        return text_reply(render("wordpress_article.html.j2", **context), HTML, last_modified=entry.utc)

    def category(self, slug: str) -> Reply | None:
        chosen = [e for e in self.articles() if slugify(e.data.get("category") or "") == slug]
        if not chosen:
            return None
        return self.listing(f"Arsip Kategori: {chosen[0].data.get('category')}", chosen)

    # --- the feed -----------------------------------------------------------------------------

    def feed_items(self) -> list[tuple[Entry, str]]:
        """(entry, link) for each feed/API item: every article, plus duplicates under their ?p= URL."""
        items = [(e, e.data["url"]) for e in self.listed()]
        items += [(e, self.shortlink(e)) for e in self.duplicates]
        return items

    def feed(self) -> Reply:
        ordered = self.by_outlet_order()
        items = []
        for entry, url in self.feed_items():
            view = article_view(entry, ordered)
            items.append(
                view
                | {
                    "link": url,
                    "guid": self.shortlink(entry),
                    "utc_rfc822": utc_rfc822(entry),
                    "creator": entry.data.get("author") or "admin",
                    "content_html": content_html(view),
                }
            )
        newest = self.newest(self.entries)
        body = render(
            "wordpress_feed.xml.j2",
            site=self.site(),
            items=items,
            build_date=rfc822(newest) if newest else "",
        )
        return text_reply(body, RSS, last_modified=newest)

    # --- the REST API -------------------------------------------------------------------------

    def api_posts(self, query: dict[str, list[str]]) -> Reply:
        """GET /wp-json/wp/v2/posts with per_page, page, after, before, orderby=date, order."""
        try:
            per_page = int(query.get("per_page", ["10"])[0])
            page = int(query.get("page", ["1"])[0])
            after = self.parse_date(query.get("after", [""])[0])
            before = self.parse_date(query.get("before", [""])[0])
        except ValueError as error:
            return rest_error("rest_invalid_param", f"Invalid parameter(s): {error}")
        if not 1 <= per_page <= MAX_PER_PAGE or page < 1:
            return rest_error("rest_invalid_param", "Invalid parameter(s): per_page, page")
        matched = [item for item in self.feed_items() if in_window(item[0], after, before)]
        if query.get("order", ["desc"])[0] == "asc":
            matched.reverse()
        pages = -(-len(matched) // per_page)
        if page > max(pages, 1):
            return rest_error(
                "rest_post_invalid_page_number",
                "The page number requested is larger than the number of pages available.",
            )
        chunk = matched[(page - 1) * per_page : page * per_page]
        body = json.dumps([self.post_json(entry, url) for entry, url in chunk], ensure_ascii=False)
        headers = {
            "X-WP-Total": str(len(matched)),
            "X-WP-TotalPages": str(pages),
            "Link": f'<{self.base_url}/wp-json/>; rel="https://api.w.org/"',
        }
        return text_reply(body, JSON, headers=headers, last_modified=self.newest([e for e, _ in chunk]))

    def parse_date(self, text: str) -> datetime | None:
        """An `after`/`before` value; without an offset it is the site's local time, as in WordPress."""
        if not text:
            return None
        moment = datetime.fromisoformat(text)
        return moment if moment.tzinfo else moment.replace(tzinfo=self.site_zone)

    def post_json(self, entry: Entry, url: str) -> dict[str, Any]:
        """One post in the WordPress REST format."""
        view = article_view(entry, self.by_outlet_order())
        post_id = entry.post_id if url == entry.data["url"] else entry.post_id + 90000
        local = entry.local.astimezone(self.site_zone).replace(tzinfo=None) if entry.local else None
        utc = entry.utc.replace(tzinfo=None) if entry.utc else None
        stamp = {"date": iso(local) if local else None, "date_gmt": iso(utc) if utc else None}
        return {
            "id": post_id,
            **stamp,
            "guid": {"rendered": self.shortlink(entry)},
            "modified": stamp["date"],
            "modified_gmt": stamp["date_gmt"],
            "slug": entry.slug,
            "status": "publish",
            "type": "post",
            "link": url,
            "title": {"rendered": texturize(entry.data["title"])},
            "content": {"rendered": content_html(view), "protected": False},
            "excerpt": {
                "rendered": f"<p>{texturize(excerpt(entry, 55, ''))} [&hellip;]</p>\n",
                "protected": False,
            },
            "author": term_id(entry.data.get("author") or "admin"),
            "featured_media": 0,
            "comment_status": "open",
            "ping_status": "open",
            "sticky": False,
            "template": "",
            "format": "standard",
            "meta": {"footnotes": ""},
            "categories": [term_id(entry.data.get("category") or "Berita")],
            "tags": [term_id(tag) for tag in entry.data.get("tags") or []],
        }


def utc_rfc822(entry: Entry) -> str:
    return rfc822(entry.utc) if entry.utc else ""


def in_window(entry: Entry, after: datetime | None, before: datetime | None) -> bool:
    """WordPress date filters: an undated post never matches a filter."""
    if after is None and before is None:
        return True
    if entry.utc is None:
        return False
    return (after is None or entry.utc > after.astimezone(UTC)) and (
        before is None or entry.utc < before.astimezone(UTC)
    )


def content_html(view: dict[str, Any]) -> str:
    """content.rendered / content:encoded: the body paragraphs as WordPress stores them."""
    return entities(render("wordpress_content.html.j2", a=view))
