"""Jinja2 rendering of sample-site pages: the environment and the article view templates receive."""

from __future__ import annotations

import html
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from crawler.samplesite.catalog import PACKAGE_DIR, Entry, indonesian_date, iso, rfc822
from store.calendar import MONTHS_ID

EDITORS = ("Dedy Kurniawan", "Ahmad Fauzi", "Maria Ulfa", "Bambang Irawan")


@cache
def environment() -> Environment:
    """The template environment (autoescaped HTML and XML, undefined names are errors)."""
    return Environment(
        loader=FileSystemLoader(PACKAGE_DIR / "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2", "xml.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **context: Any) -> str:
    """One template rendered with the given context."""
    return environment().get_template(template).render(**context)


def excerpt(entry: Entry, words: int = 40, more: str = " …") -> str:
    """The first words of the body, as feeds and listings show them."""
    tokens = " ".join(entry.data["paragraphs"]).split()
    return " ".join(tokens[:words]) + (more if len(tokens) > words else "")


TEXTURE = (("–", "&#8211;"), ("—", "&#8212;"), ("“", "&#8220;"), ("”", "&#8221;"), ("’", "&#8217;"))


def entities(markup: str) -> str:
    """Dashes and curly quotes as the HTML entities WordPress writes (wptexturize)."""
    for char, entity in TEXTURE:
        markup = markup.replace(char, entity)
    return markup


def texturize(text: str) -> str:
    """Plain text escaped the way WordPress renders titles and excerpts."""
    return entities(html.escape(text, quote=False))


def link(entry: Entry) -> dict[str, str]:
    return {"title": entry.data["title"], "url": entry.data["url"]}


def neighbours(entry: Entry, ordered: list[Entry], count: int) -> list[Entry]:
    """Up to `count` other articles close to this one in time, nearest first."""
    others = [e for e in ordered if e is not entry]
    if len(others) == len(ordered):
        return others[-count:]
    at = ordered.index(entry)
    picks: list[Entry] = []
    for step in range(1, len(ordered)):
        picks += [ordered[j] for j in (at - step, at + step) if 0 <= j < len(ordered)]
        if len(picks) >= count:
            break
    return picks[:count]


def body_blocks(entry: Entry, read_also: list[Entry], credit_last: bool = True) -> list[dict[str, Any]]:
    """The paragraphs with 'Baca juga' links inserted mid-body and the credit line at the end."""
    paragraphs: list[dict[str, Any]] = [
        {"text": text, "read_also": None} for text in entry.data["paragraphs"]
    ]
    for n, other in enumerate(read_also):
        at = max(1, (len(paragraphs) * (n + 1)) // (len(read_also) + 1))
        paragraphs.insert(min(at + n, len(paragraphs)), {"text": "", "read_also": link(other)})
    if credit_last and entry.data.get("credit"):
        paragraphs.append({"text": entry.data["credit"], "read_also": None})
    return paragraphs


def article_view(entry: Entry, ordered: list[Entry], read_also_count: int = 1) -> dict[str, Any]:
    """Everything an article template needs about one entry."""
    data = entry.data
    near = neighbours(entry, ordered, 4)
    local = entry.local
    return {
        "id": entry.post_id,
        "slug": entry.slug,
        "title": data["title"],
        "url": data["url"],
        "author": data.get("author"),
        "editor": EDITORS[entry.variant(len(EDITORS))],
        "credit": data.get("credit"),
        "category": data.get("category") or "Berita",
        "tags": list(data.get("tags") or []),
        "excerpt": excerpt(entry),
        "blocks": body_blocks(entry, near[:read_also_count]),
        "related": [link(e) for e in near[:3]],
        "dated": local is not None,
        "iso": iso(local) if local else "",
        "iso_utc": iso(entry.utc) if entry.utc else "",
        "human_date": indonesian_date(local) if local else "",
        "day_date": indonesian_date(local, with_time=False) if local else "",
        "short_date": f"{local:%d/%m/%Y, %H:%M} {local.tzname()}" if local else "",
        "long_date": f"{local.day} {MONTHS_ID[local.month - 1]} {local.year}" if local else "",
        "rfc822": rfc822(local) if local else "",
    }
