"""Dates printed on the page, nearest the headline first (a sidebar's <time> is far from it)."""

from __future__ import annotations

import lxml.html

from crawler import dates
from crawler.clean import normalize_space

MAX_CHARS = 120  # longer texts are paragraphs or lists, not a date line
MAX_DISTANCE = 80  # elements between the headline and its date line, in document order
HEADLINE_LABEL = 20  # characters a displayed headline may add to the meta title
LEAD_PREFIX = 60  # characters of the first paragraph that find it on the page
LEAD_SLACK = 200
SKIP = {"script", "style", "noscript", "head", "title", "meta", "option"}


def _elements(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [node for node in tree.iter() if isinstance(node.tag, str) and node.tag not in SKIP]


def _shows(text: str, wanted: str) -> bool:
    """The text is the headline, perhaps with a short label ("In Picture: …", "FOTO: …")."""
    return wanted in text and len(text) <= len(wanted) + HEADLINE_LABEL


def _is_heading(node: lxml.html.HtmlElement) -> bool:
    """An <h1> or the element marked itemprop=headline, or inside one (<h1><a>…</a></h1>)."""
    items = [item for item in (node, node.getparent()) if item is not None]
    return any(item.tag == "h1" or item.get("itemprop") == "headline" for item in items)


def headline_position(nodes: list[lxml.html.HtmlElement], title: str | None) -> int | None:
    """Document-order index of the innermost element showing the headline; a heading is preferred
    over an earlier mention (the same title in a "most read" box above the article)."""
    wanted = normalize_space(title or "").casefold()
    if not wanted:
        return None

    def shows(node: lxml.html.HtmlElement) -> bool:
        text = node.text_content()
        return len(text) < 4 * len(wanted) and _shows(normalize_space(text).casefold(), wanted)

    first, index = None, 0
    while index < len(nodes):
        if shows(nodes[index]):
            while index + 1 < len(nodes) and shows(nodes[index + 1]):
                index += 1  # inner elements follow their parent in document order
            if _is_heading(nodes[index]):
                return index
            first = index if first is None else first
        index += 1
    return first


def lead_position(nodes: list[lxml.html.HtmlElement], lead: str | None) -> int | None:
    """Document-order index of the innermost element holding the article's first paragraph."""
    prefix = normalize_space(lead or "")[:LEAD_PREFIX]
    if len(prefix) < LEAD_PREFIX // 2:
        return None
    found = None
    for index, node in enumerate(nodes):
        text = node.text_content()
        if len(text) < 2 * len(lead or "") + LEAD_SLACK and normalize_space(text).startswith(prefix):
            found = index
        elif found is not None:
            break
    return found


def near_headline(
    tree: lxml.html.HtmlElement, title: str | None, tz: str, lead: str | None = None
) -> dates.DateInfo | None:
    """The date line closest to the headline (below it on a tie) that prints a time, else the closest.

    Where the headline is not shown as such, the article's first paragraph is the landmark instead.
    """
    nodes = _elements(tree)
    anchor = headline_position(nodes, title)
    if anchor is None:
        anchor = lead_position(nodes, lead)
    if anchor is None:
        return None
    window = range(max(0, anchor - MAX_DISTANCE), min(len(nodes), anchor + MAX_DISTANCE))
    untimed: list[str] = []
    for index in sorted(window, key=lambda index: abs(index - anchor) + (0.5 if index < anchor else 0)):
        text = nodes[index].text_content()
        timed = dates.shows_time(normalize_space(text)) if len(text) <= MAX_CHARS else None
        if timed is None:
            continue
        info = dates.from_visible([normalize_space(text)], tz) if timed or not untimed else None
        if info is not None and dates.plausible(info):
            if timed:
                return info
            untimed.append(normalize_space(text))
    return dates.from_visible(untimed[:1], tz)
