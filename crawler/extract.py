"""Article pages → title, body paragraphs, author, credit, canonical link and dates."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any

import lxml.html
import trafilatura

from crawler import dates, page_dates, pagination, titles
from crawler.clean import AUTHOR_LABELS, NAME_LINE, Cleaned, byline, clean, is_list_item, normalize_space
from crawler.paragraphs import paragraphize
from crawler.urls import normalize

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

MIN_TEXT_CHARS = 200  # shorter bodies are teasers, listing pages or error pages
DATE_META = [
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "date",
]
BLOCKS = "//p|//h2|//h3|//h4|//li|//blockquote"
VISIBLE_DATES = (
    "//time | //*[contains(@class, 'date') or contains(@class, 'time') or contains(@class, 'tanggal')"
    " or contains(@class, 'posted') or contains(@id, 'date')]"
)
# Posts embedded from social networks: someone else's words, not the article's.
EMBEDS = (
    "//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'instagram-media')"
    " or contains(@class, 'tiktok-embed') or contains(@class, 'fb-xfbml')]"
)
# "Baca juga: <a>…</a>" boxes, the link often on a line of its own under the label; Tribun's "Baca: <a>…</a>"
# and "Berita terkait: <a>…</a>" within the text.
RELATED_LABEL = re.compile(
    r"^(?:(?:baca|lihat|simak)\s+(?:juga|pula)\b|baca\s*:|(?:berita|artikel)\s+terkait\s*:)", re.I
)
RELATED_MAX_CHARS = 300
# Elements with a text that may open with the label: XPath's contains() is fast, its EXSLT regex is not.
RELATED_WORDS = ("juga", "Juga", "JUGA", "pula", "Baca", "BACA", "terkait", "Terkait", "TERKAIT")
RELATED_TEXT = "//*[text()[" + " or ".join(f"contains(., '{w}')" for w in RELATED_WORDS) + "]]"
RELATED_BLOCKS = {"p", "div", "td", "li"}
PULL_QUOTES = "//blockquote | //*[contains(@class, 'pullquote') or contains(@class, 'pull-quote')]"
PULL_QUOTE_MIN_CHARS = 20  # shorter repeats ("Kami menolak!") may well be said twice
BYLINES = (
    "//*[contains(@class, 'byline') or contains(@class, 'author') or contains(@class, 'penulis')"
    " or contains(@class, 'reporter') or @id = 'penulis' or @id = 'author' or @id = 'byline']"
)

# Bylines that name no person: a profile or site address, an e-mail, an outlet's domain.
WEB_NAME = re.compile(r"://|^www\.|@|\.(?:com|co\.id|id|net|org)\b", re.I)
ROLE_AFTER_NAME = re.compile(r"\s+(?:jurnalis|reporter|wartawan|penulis|editor|kontributor)$", re.I)


class NotArticle(Exception):
    """The page holds no article body (listing page, teaser, error page)."""


@dataclass
class PageMeta:
    """What the page head says about itself."""

    title: str | None = None
    canonical: str | None = None
    author: str | None = None
    dates: list[str] = field(default_factory=list)
    language: str | None = None
    marked: bool = True  # og:title, JSON-LD or <h1> marks a headline (not the site name); else <title>
    ld_body: str | None = None  # JSON-LD articleBody: the text of a page that renders it by script


def _meta_map(tree: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.iterfind(".//meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        value = (node.get("content") or "").strip()
        if key and value and key not in found:
            found[key] = value
    return found


def _json_ld(tree: lxml.html.HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, @graph flattened."""
    objects: list[dict[str, Any]] = []
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(node.text_content() or "null")
        except json.JSONDecodeError:
            continue
        stack = data if isinstance(data, list) else [data]
        for item in stack:
            if isinstance(item, dict):
                objects.extend([item, *[x for x in item.get("@graph", []) if isinstance(x, dict)]])
    return objects


def about_page(item: dict[str, Any], url: str | None, canonical: list[str]) -> bool:
    """Whether a JSON-LD object is this page's article: it names no address, or this page's (a front
    page's JSON-LD may carry its lead story's text)."""
    entity = item.get("mainEntityOfPage")
    named = [item.get("url"), entity.get("@id") if isinstance(entity, dict) else entity]
    named = [value for value in named if isinstance(value, str) and value.startswith("http")]
    own = {normalize(value) for value in [url, *canonical] if value}
    return not named or bool(own & {normalize(value) for value in named})


def _ld_author(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return person(value) if isinstance(value, str) else None


def person(value: str | None) -> str | None:
    """A byline's name, or None when it is an address or an outlet's domain ("https://www.facebook.com/…",
    "Liputan6.com"); a role word after the name is dropped ("Dewi Kania Jurnalis")."""
    name = ROLE_AFTER_NAME.sub("", normalize_space(value or ""))
    return None if not name or WEB_NAME.search(name) else name


def visible_author(tree: lxml.html.HtmlElement) -> str | None:
    """The name in a byline printed on the page ("Oleh Rahmadi", "Penulis : Rahmadi"), else rel=author,
    else a bare name alone in a byline element (<div class="author">Prayugo Utomo</div>)."""
    texts = [normalize_space(node.text_content()) for node in tree.xpath(BYLINES)]
    for text in texts:
        found = byline(text)
        if found and found[0] in AUTHOR_LABELS:
            return person(found[1])
    names = [normalize_space(node.text_content()) for node in tree.xpath("//a[@rel='author']")]
    names += [text for text in texts if len(text.split()) > 1 and NAME_LINE.match(text)]
    return next((name for name in map(person, names) if name), None)


def visible_dates(tree: lxml.html.HtmlElement) -> list[str]:
    """Texts of <time> elements and of elements whose class or id speaks of a date."""
    return [normalize_space(node.text_content()) for node in tree.xpath(VISIBLE_DATES)]


def page_meta(tree: lxml.html.HtmlElement, url: str | None = None) -> PageMeta:
    """Headline, canonical link, author and published-time candidates from meta tags and JSON-LD."""
    meta = _meta_map(tree)
    ld = _json_ld(tree)
    title_node = tree.find(".//title")
    canonical = tree.xpath('//link[translate(@rel,"CANONICAL","canonical")="canonical"]/@href')
    page_title = normalize_space(title_node.text_content()) if title_node is not None else None
    headlines = [item.get("headline") for item in ld if isinstance(item.get("headline"), str)]
    keys = titles.site_keys(
        [meta.get("og:site_name"), meta.get("application-name")],
        [url, canonical[0] if canonical else None, meta.get("og:url")],
    )
    shown = titles.headings(tree)
    result = PageMeta(
        title=titles.headline(
            tree, [meta.get("og:title"), meta.get("twitter:title"), *headlines, page_title], keys, shown
        ),
        canonical=canonical[0].strip() if canonical else None,
        author=person(meta.get("author")) or person(meta.get("article:author")),
        language=tree.get("lang") or meta.get("og:locale"),
        marked=any(
            title and not titles.is_site_name(title, keys)
            for title in [meta.get("og:title"), meta.get("twitter:title"), *headlines, *shown]
        ),
    )
    result.dates = [meta[key.lower()] for key in DATE_META if key.lower() in meta]
    for item in ld:
        if item.get("datePublished"):
            result.dates.insert(1 if result.dates else 0, str(item["datePublished"]))
        result.author = result.author or _ld_author(item.get("author"))
        body = item.get("articleBody")
        if isinstance(body, str) and not result.ld_body and about_page(item, url, canonical):
            result.ld_body = body
    result.dates += tree.xpath("//time/@datetime | //abbr[contains(@class, 'published')]/@title")  # hAtom
    result.author = result.author or visible_author(tree)
    return result


def body_lines(tree: lxml.html.HtmlElement, url: str | None, fast: bool = True) -> list[str]:
    """The main text as lines (one per paragraph), by trafilatura."""
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        fast=fast,
        with_metadata=False,
        deduplicate=False,
    )
    if document is None or not document.text:
        return []
    return [line for line in document.text.split("\n") if line.strip()]


def html_lines(html: str) -> list[str]:
    """Paragraph texts of an HTML fragment (e.g. the WordPress API `content.rendered`)."""
    if not html or not html.strip():
        return []
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks = fragment.xpath(BLOCKS.replace("//", ".//"))
    if not blocks:
        return [normalize_space(fragment.text_content())]
    return [
        normalize_space(node.text_content())
        for node in blocks
        if not node.xpath("ancestor::li|ancestor::blockquote")
    ]


def html_text(html: str | None) -> str:
    """Plain text of a small HTML snippet (titles from feeds and APIs)."""
    if not html:
        return ""
    return normalize_space(lxml.html.fragment_fromstring(html, create_parent="span").text_content())


@dataclass
class Extracted:
    """One article page after extraction and cleaning."""

    title: str
    body: Cleaned
    meta: PageMeta
    date: dates.DateInfo
    page_links: list[str] = field(default_factory=list)  # links like "?page=2" (crawler/pagination.py)

    @property
    def author(self) -> str | None:
        return self.body.author or self.meta.author


def drop_title(lines: list[str], titles: list[str | None]) -> list[str]:
    """Lines without a leading repeat of the headline (trafilatura keeps the <h1>)."""
    known = {normalize_space(title).casefold() for title in titles if title}
    while lines and normalize_space(lines[0]).casefold() in known:
        lines = lines[1:]
    return lines


def parse_tree(html: str | bytes) -> lxml.html.HtmlElement:
    """An lxml tree of the page; raises NotArticle on empty or unparsable input."""
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as error:
        raise NotArticle(f"unparsable page ({error})") from error


def is_related_box(node: lxml.html.HtmlElement) -> bool:
    """A short element opening with a "Baca juga" label whose text is mostly links."""
    text = normalize_space(node.text_content())
    label = RELATED_LABEL.match(text)
    if len(text) > RELATED_MAX_CHARS or not label:
        return False
    linked = sum(len(normalize_space(link.text_content())) for link in node.xpath(".//a"))
    return bool(linked) and 2 * linked >= len(text) - len(label.group())


def related_boxes(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Per piece of text opening with a "Baca juga" label: the outermost element up to its block (p, div,
    td, li) that is a related-links box, the block itself or an inline box within a paragraph."""
    boxes = []
    for element in tree.xpath(RELATED_TEXT):
        pieces = [element.text, *(child.tail for child in element)]  # its own texts: one may open a box
        if not any(piece and RELATED_LABEL.match(piece.lstrip()) for piece in pieces):
            continue
        found = None
        while element is not None:
            if is_related_box(element):
                found = element
            if element.tag in RELATED_BLOCKS:
                break
            element = element.getparent()
        if found is not None and found not in boxes:
            boxes.append(found)
    return boxes


def drop_pull_quotes(tree: lxml.html.HtmlElement) -> None:
    """Remove pull quotes: a box marked as one, or a quote whose words the page also prints elsewhere (a
    sentence of the article set large beside it)."""
    page = None
    for node in tree.xpath(PULL_QUOTES):
        quote = normalize_space(node.text_content())
        if "pull" not in (node.get("class") or "").lower():
            page = page if page is not None else normalize_space(tree.text_content())
            if len(quote) < PULL_QUOTE_MIN_CHARS or page.count(quote) < 2:
                continue
        node.drop_tree()  # its tail stays


def drop_related(tree: lxml.html.HtmlElement) -> None:
    """Remove "Baca juga" boxes: short elements opening with the label whose text is mostly links."""
    for node in related_boxes(tree):
        node.drop_tree()  # its tail stays


def _cleaned(lines: list[str], titles: list[str | None], min_chars: int = MIN_TEXT_CHARS) -> Cleaned:
    """Cleaned body; NotArticle when only links or less than `min_chars` of prose remain."""
    body = clean(drop_title(lines, titles))
    body.paragraphs = drop_title(body.paragraphs, titles)  # a headline behind furniture lines clean dropped
    prose = sum(len(line) for line in body.paragraphs if not is_list_item(line))
    if prose < min_chars and any(is_list_item(line) for line in body.paragraphs):
        raise NotArticle(f"a list of links, not an article ({prose} characters of prose)")
    if len(body.text) < min_chars:
        raise NotArticle(f"no article body ({len(body.text)} characters of text)")
    return body


def _body(
    tree: lxml.html.HtmlElement, url: str | None, body_html: str | None, titles: list, min_chars: int
) -> Cleaned:
    """The API content when given; else trafilatura's fast pass, then its full pass if that found no body."""
    if body_html:
        return _cleaned(html_lines(body_html), titles, min_chars)
    for node in tree.xpath(EMBEDS):
        node.drop_tree()
    drop_pull_quotes(tree)
    drop_related(tree)
    paragraphize(tree)
    try:
        return _cleaned(body_lines(tree, url, fast=True), titles, min_chars)
    except NotArticle:
        return _cleaned(body_lines(tree, url, fast=False), titles, min_chars)


def page_date(
    tree: lxml.html.HtmlElement,
    meta: PageMeta,
    title: str,
    text: str,
    tz: str,
    feed_date: dates.DateInfo | None,
    lead: str | None = None,
) -> dates.DateInfo:
    """The time printed by the headline when it has one and the meta disagrees, else meta, feed, page, body.

    Dates before 1990 or more than two days ahead are not used; the first is kept as `doubtful`.
    """
    near = page_dates.near_headline(tree, title, tz, lead)
    candidates = [dates.from_meta([value], tz) for value in meta.dates]
    believed = [info for info in candidates if info is not None and dates.plausible(info)]
    doubtful = next((info.published_local for info in candidates if info and not dates.plausible(info)), None)
    first = believed[0] if believed else None
    timed = near is not None and ":" in (near.published_local or "")
    if timed and (first is None or first.published_at != near.published_at):
        chosen = near
    else:
        found = next((d for d in (first, feed_date, near) if d and dates.plausible(d)), None)
        visible = None if found else dates.from_visible(visible_dates(tree), tz)
        chosen = dates.resolve(
            None, None, text, tz, found or (visible if visible and dates.plausible(visible) else None)
        )
    return replace(chosen, doubtful=doubtful) if doubtful else chosen


def extract(
    html: str | bytes,
    url: str | None = None,
    tz: str = "WIB",
    feed_date: dates.DateInfo | None = None,
    body_html: str | None = None,
    title_hint: str | None = None,
    min_chars: int = MIN_TEXT_CHARS,
) -> Extracted:
    """Extract an article; `body_html` (API content) and hints from a feed are used when given;
    `min_chars`: the shortest body kept (a later page of an article may hold one short paragraph)."""
    tree = parse_tree(html)
    meta = page_meta(tree, url)
    links = pagination.page_links(tree, url)  # before the body's cleaning drops boxes of links
    try:
        body = _body(tree, url, body_html, [title_hint, meta.title], min_chars)
    except NotArticle:
        if not meta.ld_body:
            raise
        lines = html_lines(meta.ld_body) if "</" in meta.ld_body else meta.ld_body.splitlines()
        body = _cleaned(lines, [title_hint, meta.title])  # the page renders its text by script
    title = normalize_space(title_hint or meta.title or "")
    if not title_hint and not meta.marked:
        title = titles.named_headline(tree, body.lead) or title
        body.paragraphs = drop_title(body.paragraphs, [title])
    date = page_date(tree, meta, title, body.text, tz, feed_date, body.lead)
    return Extracted(title=title, body=body, meta=meta, date=date, page_links=links)
