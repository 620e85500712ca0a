"""Articles split over pages ("Halaman 1 2 3 Selanjutnya"): the page's link to its own next page.

Tribun, Kompas, Suara, Okezone and WordPress posts with `<!--nextpage-->` cut one article into pages
linked as `?page=2` or `/slug/2/`. A link counts only when the page itself carries it and it is exactly
the article's address with the next page number, so "next article" links and a sidebar's listing
pages are never followed.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html

from crawler import urls

MAX_PAGES = 10  # pages of one article read at most
PAGE_PARAM = "page"
# Links that may be a page of something: "?page=N" / "&page=N", or a path ending in a small number.
PAGE_LINK = re.compile(r"(?:[?&]page=\d{1,2}\b|/\d{1,2}/?(?:[?#]|$))", re.I)
LINKS = "//a/@href | //link[@rel='next']/@href"


def page_links(tree: lxml.html.HtmlElement, page_url: str | None) -> list[str]:
    """The page's links that look like page N of something, absolute, each once (cheap: no parsing)."""
    found: list[str] = []
    for href in tree.xpath(LINKS):
        href = str(href).strip()
        if PAGE_LINK.search(href):
            link = urljoin(page_url, href) if page_url else href
            if link not in found:
                found.append(link)
    return found


def page_forms(article_url: str, number: int) -> set[str]:
    """Normalised addresses page `number` of the article at `article_url` may have: `?page=N`, or
    `/N` after its path unless the path ends in a number (`/berita/12345`: an id, not a page)."""
    parts = urlsplit(article_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != PAGE_PARAM]
    forms = {urlunsplit(parts._replace(query=urlencode([*query, (PAGE_PARAM, str(number))]), fragment=""))}
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if last and not last.isdigit():
        forms.add(urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}/{number}", fragment="")))
    return {urls.normalize(form) for form in forms}


def next_page(links: list[str], article_url: str, number: int) -> str | None:
    """The link among `links` (page_links of page `number`) to page `number + 1` of the article at
    `article_url` (its first page's address), or None; never beyond MAX_PAGES."""
    if number >= MAX_PAGES:
        return None
    wanted = page_forms(article_url, number + 1)
    return next((link for link in links if urls.normalize(link) in wanted), None)
