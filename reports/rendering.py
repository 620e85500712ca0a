"""The digest document as text: HTML or Markdown from the Jinja templates (HTML with inline charts and
map), or JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from reports import charts, clock, coverage, labels, maps, trends
from store.errors import InputError

FORMATS = ("html", "md", "json")
TEMPLATES = Path(__file__).resolve().parent / "templates"
CHARTED_SIGNALS = 3


MD_SPECIAL = str.maketrans(
    {"<": "&lt;", ">": "&gt;", "&": "&amp;", "[": "\\[", "]": "\\]", "*": "\\*", "_": "\\_", "`": "\\`"}
)


def md_escape(value: Any) -> str:
    """Article text for Markdown: HTML and link/emphasis characters stay literal."""
    return str(value).translate(MD_SPECIAL)


def environment() -> jinja2.Environment:
    """Jinja2 with autoescaping for HTML (article text is never trusted) and an `md` filter for Markdown."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,  # a text file ends with a newline (cat, diff, git)
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md_escape
    return env


def charted(signals: list[dict[str, Any]]) -> list[int]:
    """Signals that get a chart: the strongest of each kind, then the strongest up to CHARTED_SIGNALS."""
    first = {}
    for index, signal in enumerate(signals):
        first.setdefault(signal["kind"], index)
    return sorted(set(first.values()) | set(range(min(CHARTED_SIGNALS, len(signals)))))


def visuals(document: dict[str, Any]) -> dict[str, Any]:
    """Inline SVGs: a trend chart for each top signal and the map."""
    lang = document["lang"]
    day = date.fromisoformat(document["date"])
    chart_list = {}
    for index in charted(document["signals"]):
        signal = document["signals"][index]
        title = f"{labels.text('trend', lang)}: {signal['reason']}"
        chart_list[index] = Markup(charts.daily_bars(signal["series"], day, document["days"], title, lang))
    return {
        "charts": chart_list,
        "map_svg": Markup(maps.render(document["map"]["counts"], labels.text("map", lang))),
        "attribution": maps.attribution(lang),
        "map_places": [
            {"name": b["name"], "count": b["count"]} for b in maps.bubbles(document["map"]["counts"])
        ],
    }


def render(document: dict[str, Any], fmt: str) -> str:
    """The document as HTML, Markdown or JSON text."""
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)}")
    lang = document["lang"]
    template = environment().get_template(f"digest.{fmt}.j2")
    context = {
        "d": document,
        "t": lambda key: labels.text(key, lang),
        "num": lambda v: labels.number(v, lang),
        "n": lambda count, key: labels.counted(count, key, lang),
        "when": lambda iso, timed=True: clock.shown(iso, lang, timed),
        "day": lambda value: clock.day_label(value, lang),
        "province_names": [maps.region_name(code) for code in document["provinces_filter"]],
        "coverage_note": coverage.note(document["coverage"], lang),
        "untagged_note": coverage.untagged_note(document["coverage"], lang),
        "silent_note": coverage.silent_note(document["coverage"], lang),
        "in_progress_note": labels.text("in_progress", lang).format(
            until=clock.shown(document["generated_at"], lang)
        ),
        "no_signals_key": coverage.no_signals_key(document["coverage"]),
        "quiet_key": coverage.quiet_key(document["days"]),
        "history_note": labels.text("history_note", lang).format(
            days=document["quiet_days"], have=labels.counted(document["history_days"], "days", lang)
        ),
        "baseline_note": labels.text(
            "baseline_short" if document["baseline_days"] else "baseline_none", lang
        ).format(have=labels.counted(document["baseline_days"], "days", lang), days=trends.BASELINE_DAYS),
    }
    if fmt == "html":
        context |= visuals(document)
    return template.render(**context)
