"""The daily digest: stories and signals for a window, rendered as HTML, Markdown or JSON, and archived.

The JSON document is described in docs/digest-schema.md.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import jinja2
import sqlite_utils
from markupsafe import Markup

from reports import charts, labels, maps, stories, trends
from store import config
from store.errors import InputError

SCHEMA = "waspada-digest/1"
FORMATS = ("html", "md", "json")
LANGS = ("id", "en")
TEMPLATES = Path(__file__).resolve().parent / "templates"
CHARTED_SIGNALS = 3
STORIES_PER_PROVINCE = 12  # the rest of a province's stories are counted in `more`, not listed
HISTORY_DAYS = trends.BASELINE_DAYS + trends.QUIET_DAYS + stories.WINDOW_DAYS


def parse_date(value: str | None) -> date:
    """The digest's last day: YYYY-MM-DD, default today (WIB)."""
    if value is None:
        return datetime.now(trends.WIB).date()
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise InputError(f"--date: expected a date like 2026-11-27, got {value!r}") from error


def prepare(db: sqlite_utils.Database, window: trends.Window) -> None:
    """Bring stories up to date for the window and its baseline (incremental; cheap when nothing is new)."""
    since = (window.start_day - timedelta(days=HISTORY_DAYS)).isoformat()
    built = stories.build_stories(db, since=since, until=(window.end_day + timedelta(days=1)).isoformat())
    stories.refresh_between(db, window.start, window.end, skip=built.touched)


def window_stories(db: sqlite_utils.Database, window: trends.Window) -> list[dict[str, Any]]:
    """Stories with an article in the window, decoded."""
    return stories.select_stories(db, ["last_seen >= ?", "+first_seen < ?"], [window.start, window.end])


def story_entry(story: dict[str, Any], members: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """A story as the digest shows it."""
    return {
        "id": story["id"],
        "title": story["title"],
        "first_seen": story["first_seen"],
        "last_seen": story["last_seen"],
        "regions": [
            {"code": c, "name": maps.region_name(c)} for c in story["regency_codes"] + story["province_codes"]
        ],
        "themes": story["themes"],
        "theme_labels": [labels.theme(t, lang) for t in story["themes"]],
        "impact": {k: story[k] or 0 for k in ("killed", "injured", "damaged")},
        "summary": story["summary"],
        "n_articles": story["n_articles"],
        "n_sources": story["n_sources"],
        "articles": [
            {
                "source": m["source"],
                "title": m["title"],
                "url": m["canonical_url"],
                "published_at": m["seen"],
                "copy_of": m["dup_of"],
            }
            for m in members
        ],
    }


def by_province(db: sqlite_utils.Database, conflict: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Conflict stories grouped by primary province; provinces with the most stories first."""
    groups: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for story in conflict:
        groups[story["province_codes"][0] if story["province_codes"] else None].append(story)
    weight = lambda s: (-(s["killed"] or 0) - (s["injured"] or 0), -s["n_articles"], s["first_seen"])  # noqa: E731
    shown = {code: sorted(group, key=weight)[:STORIES_PER_PROVINCE] for code, group in groups.items()}
    listed = [s for group in shown.values() for s in group]
    stories.ensure_summaries(db, listed)
    members = stories.members_of(db, [s["id"] for s in listed], text=False)
    result = []
    for code, group in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0] or "~")):
        result.append(
            {
                "code": code,
                "name": maps.region_name(code) if code else labels.text("unknown_region", lang),
                "n_stories": len(group),
                "more": len(group) - len(shown[code]),
                "stories": [story_entry(s, members[s["id"]], lang) for s in shown[code]],
            }
        )
    return result


def map_counts(conflict: list[dict[str, Any]]) -> dict[str, int]:
    """Conflict stories per kabupaten/kota (else province) for the map's bubbles."""
    counts: Counter[str] = Counter()
    for story in conflict:
        place = (story["regency_codes"] or story["province_codes"] or [None])[0]
        if place:
            counts[place] += 1
    return dict(counts)


def signal_entry(signal: trends.Signal, lang: str) -> dict[str, Any]:
    """A signal as the digest shows it: the reason in the digest's language, both kept."""
    entry = signal.as_dict()
    entry["reason_id"], entry["reason_en"] = signal.reason["id"], signal.reason["en"]
    entry["reason"] = signal.reason[lang]
    entry["theme_label"] = labels.theme(signal.theme, lang) if signal.theme != "violent" else ""
    entry["kind_label"] = labels.text(f"{signal.kind if signal.kind != 'rise' else 'trend'}_kind", lang)
    return entry


def build(
    db: sqlite_utils.Database, day: date, days: int = 1, provinces: list[str] | None = None, lang: str = "id"
) -> dict[str, Any]:
    """The digest document (JSON-ready) for the `days` days ending on `day`."""
    if days < 1:
        raise InputError("--days must be at least 1")
    if lang not in LANGS:
        raise InputError(f"--lang must be one of {', '.join(LANGS)}")
    window = trends.Window(day, days)
    prepare(db, window)
    active = window_stories(db, window)
    if provinces:
        active = [s for s in active if set(s["province_codes"]) & set(provinces)]
    conflict = [s for s in active if s["conflict"]]
    detected = trends.detect(db, window, provinces)
    return {
        "schema": SCHEMA,
        "date": day.isoformat(),
        "days": days,
        "lang": lang,
        "provinces_filter": provinces or [],
        "window": {"start": window.start, "end": window.end, "first_day": window.start_day.isoformat()},
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "quiet": not conflict,
        "counts": {
            "stories": len(active),
            "conflict_stories": len(conflict),
            "other_stories": len(active) - len(conflict),
        },
        "history_days": detected["history_days"],
        "quiet_days": detected["quiet_days"],
        "signals": [signal_entry(s, lang) for s in detected["signals"]],
        "provinces": by_province(db, conflict, lang),
        "map": {"counts": map_counts(conflict)},
    }


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
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md_escape
    return env


def visuals(document: dict[str, Any]) -> dict[str, Any]:
    """Inline SVGs: a trend chart for each top signal and the map."""
    lang = document["lang"]
    day = date.fromisoformat(document["date"])
    chart_list = {}
    for index, signal in enumerate(document["signals"][:CHARTED_SIGNALS]):
        title = f"{labels.text('trend', lang)}: {signal['reason']}"
        chart_list[index] = Markup(charts.daily_bars(signal["series"], day, document["days"], title))
    return {
        "charts": chart_list,
        "map_svg": Markup(maps.render(document["map"]["counts"], labels.text("map", lang))),
        "attribution": maps.attribution(),
    }


def render(document: dict[str, Any], fmt: str) -> str:
    """The document as HTML, Markdown or JSON text."""
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2)
    if fmt not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)}")
    lang = document["lang"]
    template = environment().get_template(f"digest.{fmt}.j2")
    context = {
        "d": document,
        "t": lambda key: labels.text(key, lang),
        "num": lambda v: labels.number(v, lang),
        "history_note": labels.text("history_note", lang).format(
            days=document["quiet_days"], have=document["history_days"]
        ),
    }
    if fmt == "html":
        context |= visuals(document)
    return template.render(**context)


def out_dir() -> Path:
    """The digest archive folder: setting `out` (WASPADA_OUT, waspada.toml), default ./reports/out."""
    return Path(config.get("out"))


def default_path(document: dict[str, Any], fmt: str) -> Path:
    """reports/out/digest-2026-11-27-7d-id.html (plus the province filter when there is one)."""
    provinces = "-" + "_".join(document["provinces_filter"]) if document["provinces_filter"] else ""
    return out_dir() / f"digest-{document['date']}-{document['days']}d{provinces}-{document['lang']}.{fmt}"


def archive(db: sqlite_utils.Database, document: dict[str, Any], paths: dict[str, str]) -> int:
    """Record the digest in the digests table; returns its id."""
    with db.conn:
        return int(
            db["digests"]
            .insert(
                {
                    "date": document["date"],
                    "days": document["days"],
                    "lang": document["lang"],
                    "provinces": json.dumps(document["provinces_filter"]),
                    "created_at": document["generated_at"],
                    "n_stories": document["counts"]["conflict_stories"],
                    "n_signals": len(document["signals"]),
                    "paths": json.dumps(paths),
                    "data": json.dumps(document, ensure_ascii=False),
                }
            )
            .last_pk
        )


def write(db: sqlite_utils.Database, document: dict[str, Any], fmt: str, out: Path | None = None) -> Path:
    """Render, write (to `out` or reports/out/) and archive; the JSON copy is always kept beside it."""
    path = Path(out) if out else default_path(document, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(document, fmt), encoding="utf-8")
    paths = {fmt: str(path)}
    if fmt != "json" and not out:
        json_path = default_path(document, "json")
        json_path.write_text(render(document, "json"), encoding="utf-8")
        paths["json"] = str(json_path)
    archive(db, document, paths)
    return path
