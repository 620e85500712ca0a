"""The broken pages of the sample site: two small broken sources and bad pages wired into the outlets."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from crawler.samplesite.base import HTML, RSS, Outlet, Reply, text_reply
from crawler.samplesite.catalog import (
    PACKAGE_DIR,
    Entry,
    build_entries,
    check_articles,
    read_yaml_list,
    rfc822,
)
from crawler.samplesite.portal import PortalOutlet
from crawler.samplesite.render import render
from crawler.samplesite.warta import WartaOutlet
from crawler.samplesite.wordpress import API_PATH, WordPressOutlet

EXTRA_FILE = PACKAGE_DIR / "broken" / "extra.yaml"
OVERSIZE_BYTES = 6_500_000
FIRST_EXTRA_ID = 9100
SYNTHETIC = [  # feed items whose pages are not articles at all
    {
        "id": "kumpulan-berita-banjir",
        "case": "not_article",
        "path": "/tag/banjir",
        "title": "Kumpulan Berita Banjir di Kalimantan Selatan",
        "published": "2026-11-05 16:00",
        "tz": "WIB",
        "paragraphs": ["Kumpulan berita terkini seputar banjir di Kalimantan Selatan."],
    },
    {
        "id": "dprd-tunda-paripurna-apbd",
        "case": "not_found",
        "path": "/read/2026/11/04/dprd-tunda-paripurna-apbd",
        "title": "DPRD Tunda Rapat Paripurna APBD 2027",
        "published": "2026-11-04 12:00",
        "tz": "WITA",
        "paragraphs": ["Rapat paripurna pembahasan APBD 2027 ditunda hingga pekan depan."],
    },
    {
        "id": "pindah-halaman-a",
        "case": "redirect_loop",
        "path": "/read/2026/11/06/pindah-halaman-a",
        "title": "Gubernur Tinjau Posko Pengungsian Banjir",
        "published": "2026-11-06 10:00",
        "tz": "WITA",
        "paragraphs": ["Gubernur meninjau posko pengungsian korban banjir dan menyerahkan bantuan logistik."],
    },
]
GARBAGE = (
    "\n<<<\x0b\x0c ]]> </item></channel> <item><title>Berita <b>tanpa penutup\n&nbsp; &copy; \u00ff\u00fe"
)


@dataclass
class Case:
    """One broken case: where it lives and what the crawl should record for it."""

    outlet: str
    expect: str
    entry: Entry | None = None
    path: str = ""

    def url(self, outlets: dict[str, Outlet]) -> str:
        return outlets[self.outlet].base_url + (self.entry.path if self.entry else self.path)


def load_extra() -> list[dict[str, Any]]:
    """The articles of the small sources and of the broken-case pages (crawler/samplesite/broken/)."""
    items = read_yaml_list(EXTRA_FILE)
    check_articles(items, str(EXTRA_FILE))
    return items


class RusakFeedOutlet(WartaOutlet):
    """A small regional site whose RSS feed is broken XML; its article pages are fine."""

    def robots_extra(self) -> list[str]:
        return []

    def route(self, path: str, query: dict[str, list[str]]) -> Reply | None:
        if path == "/feed.xml":
            return self.broken_feed()
        if path.startswith("/sitemap"):
            return None
        return super().route(path, query)

    def broken_feed(self) -> Reply:
        """RSS with unclosed tags, a bare ampersand, control characters and trailing garbage."""
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n',
            f"<title>{self.info['title']}</title>\n<link>{self.base_url}/</link>\n",
            "<description>Berita daerah & sekitarnya</description>\n",
        ]
        for entry in self.listed():
            date = rfc822(entry.local) if entry.local else ""
            parts.append(
                f"<item>\n<title>{entry.data['title']}</title>\n<link>{entry.data['url']}</link>\n"
                f"<pubDate>{date}</pubDate>\n<description><p>{entry.data['paragraphs'][0]} "
                "<br>selengkapnya</description>\n</item>\n"
            )
        return text_reply("".join(parts) + GARBAGE, RSS, last_modified=self.newest(self.entries))


class DeadApiOutlet(WordPressOutlet):
    """A WordPress site whose REST API answers 200 text/html (a theme page); its /feed/ works."""

    def route(self, path: str, query: dict[str, list[str]]) -> Reply | None:
        if path.startswith("/wp-json"):
            body = render(
                "listing.html.j2",
                site=self.site(),
                heading="Halaman Tidak Ditemukan",
                items=[],
            )
            return text_reply(body, HTML)
        return super().route(path, query)


class Wiring:
    """Adds the broken cases to the outlets (call before binding) and knows their URLs afterwards."""

    def __init__(self, outlets: dict[str, Outlet], extra: list[dict[str, Any]], slow_seconds: float) -> None:
        self.outlets = outlets
        self.slow_seconds = slow_seconds
        self.cases: dict[str, Case] = {}
        self.extra_articles: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._served: set[str] = set()
        self.entries = build_entries(extra + [dict(item) for item in SYNTHETIC], first_id=FIRST_EXTRA_ID)
        for entry in self.entries:
            if not entry.data.get("case"):
                outlets[entry.outlet].entries.append(entry)
                self.extra_articles.append(entry.data)

    def wire(self, has_no_date: Entry | None) -> dict[str, Case]:
        """Attach every case; `has_no_date` is an article of the corpus without a date, if any."""
        by_case = {e.data["case"]: e for e in self.entries if e.data.get("case")}
        self.cases["malformed_feed"] = Case("rusakfeed", "feed_malformed", path="/feed.xml")
        self.cases["wp_api_html"] = Case("wpmati", "article", path=API_PATH)
        self.attach("kabarnusantara", by_case["not_article"], "not_article")
        self.attach("kabarnusantara", by_case["not_found"], "http_404")
        self.attach("kabarnusantara", by_case["redirect_loop"], "redirect_loop", self.redirect_loop)
        portal = self.outlets["kabarnusantara"]
        loop_b = by_case["redirect_loop"].path[:-1] + "b"
        portal.overrides[loop_b] = lambda path, query: self.redirect_loop(
            portal, by_case["redirect_loop"], path
        )
        self.attach("kabarnusantara", by_case["flaky_500"], "article", self.flaky)
        self.attach("kabarnusantara", by_case["timeout"], "timeout", self.slow)
        self.attach("kabarnusantara", by_case["oversized"], "too_large", self.oversized)
        self.attach("wartatimur", by_case["wrong_charset"], "article", self.wrong_charset)
        self.wire_duplicate()
        self.wire_no_date(has_no_date, by_case["no_date"])
        return self.cases

    def attach(self, outlet_key: str, entry: Entry, expect: str, handler: Any = None) -> None:
        """List a broken entry on an outlet and, if given, serve its path through `handler`."""
        outlet = self.outlets[outlet_key]
        entry.data["outlet"] = outlet_key
        entry.path = entry.data.get("path") or outlet.path_for(entry)
        outlet.entries.append(entry)
        if handler:
            outlet.overrides[entry.path] = lambda path, query: handler(outlet, entry, path)
        if expect == "article":
            self.extra_articles.append(entry.data)
        self.cases[entry.data["case"]] = Case(outlet_key, expect, entry)

    def wire_duplicate(self) -> None:
        outlet = self.outlets["mediacenter"]
        assert isinstance(outlet, WordPressOutlet)
        dated = [e for e in outlet.entries if e.local and not e.data.get("case")]
        if dated:
            outlet.duplicates.append(dated[0])
            self.cases["duplicate_url"] = Case("mediacenter", "duplicate", path=f"/?p={dated[0].post_id}")

    def wire_no_date(self, corpus_entry: Entry | None, fallback: Entry) -> None:
        """Use the corpus's own undated article, else list the fallback undated article on wartatimur."""
        if corpus_entry is not None:
            self.cases["no_date"] = Case(corpus_entry.outlet, "article", corpus_entry)
            return
        fallback.data.pop("case")
        self.outlets["wartatimur"].entries.append(fallback)
        self.extra_articles.append(fallback.data)
        self.cases["no_date"] = Case("wartatimur", "article", fallback)

    def redirect_loop(self, outlet: Outlet, entry: Entry, path: str) -> Reply:
        other = path[:-1] + ("b" if path.endswith("a") else "a")
        return Reply(status=301, headers={"Location": outlet.base_url + other}, validators=False)

    def flaky(self, outlet: Outlet, entry: Entry, path: str) -> Reply:
        """500 on the first request since the site started, the article afterwards."""
        with self._lock:
            first = path not in self._served
            self._served.add(path)
        if first:
            return text_reply("<h1>500 Internal Server Error</h1>", status=500, validators=False)
        return self.article(outlet, entry)

    def slow(self, outlet: Outlet, entry: Entry, path: str) -> Reply:
        reply = self.article(outlet, entry)
        reply.delay = self.slow_seconds
        return reply

    def oversized(self, outlet: Outlet, entry: Entry, path: str) -> Reply:
        """The article page with a bloated page-builder JSON blob, over 6 MB in all."""
        page = self.article(outlet, entry).body.decode("utf-8")
        blob = (
            '<script type="application/json" id="__PAGE_DATA__">{"blocks":"'
            + "A" * OVERSIZE_BYTES
            + '"}</script>'
        )
        return text_reply(page.replace("</body>", blob + "\n</body>"), HTML, validators=False)

    def wrong_charset(self, outlet: Outlet, entry: Entry, path: str) -> Reply:
        """An article declared UTF-8 (header and meta) whose bytes are windows-1252."""
        page = self.article(outlet, entry).body.decode("utf-8")
        return Reply(
            body=page.encode("cp1252", errors="xmlcharrefreplace"), content_type=HTML, last_modified=entry.utc
        )

    def article(self, outlet: Outlet, entry: Entry) -> Reply:
        if isinstance(outlet, PortalOutlet | WartaOutlet | WordPressOutlet):
            return outlet.article_page(entry)
        raise TypeError(f"outlet {outlet.key} cannot render articles")
