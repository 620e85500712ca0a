"""The daily digest: stories and signals for a window as one document, written and archived
(reports/rendering.py turns it into HTML, Markdown or JSON).

The JSON document is described in docs/digest-schema.md.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from reports import clock, coverage, labels, maps, rendering, stories, story_rows, trends
from store import config
from store.articles import SEEN
from store.errors import InputError

SCHEMA = "waspada-digest/1"
LANGS = ("id", "en")
STORIES_PER_PROVINCE = 12  # the rest of a province's stories are counted in `more`, not listed
LISTED_BRIEFLY = 20  # other (non-conflict) stories and review-tier articles listed, the rest counted
HISTORY_DAYS = trends.BASELINE_DAYS + trends.QUIET_DAYS + stories.WINDOW_DAYS


def parse_date(value: str | None) -> date:
    """The digest's last day: YYYY-MM-DD, default yesterday (WIB), the last complete day: the daily run at
    06:00 would otherwise digest six hours of today."""
    today = datetime.now(clock.WIB).date()
    if value is None:
        return today - timedelta(days=1)
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise InputError(f"--date: expected a date like 2026-11-27, got {value!r}") from error
    if day > today:  # a typo, and it would archive an empty digest that says "no data"
        raise InputError(f"--date {value} is after today ({today.isoformat()} WIB): nothing to digest yet")
    return day


def prepare(db: sqlite_utils.Database, window: trends.Window) -> None:
    """Bring stories up to date for the window and its baseline (incremental; cheap when nothing is new)."""
    since = (window.start_day - timedelta(days=HISTORY_DAYS)).isoformat()
    built = stories.build_stories(db, since=since, until=(window.end_day + timedelta(days=1)).isoformat())
    story_rows.refresh_between(db, window.start, window.end, skip=built.touched)


def window_stories(db: sqlite_utils.Database, window: trends.Window) -> list[dict[str, Any]]:
    """Stories with an article in the window, decoded."""
    return story_rows.select_stories(db, ["last_seen >= ?", "+first_seen < ?"], [window.start, window.end])


def workbench_root() -> str | None:
    """Where the workbench is served (setting `workbench_url`), read once per digest; None when unset."""
    base = config.get("workbench_url")
    return str(base).rstrip("/") if base else None


def workbench_link(root: str | None, article_id: int) -> str | None:
    """The analyst's article page in the served workbench."""
    return f"{root}/waspada/articles/{article_id}" if root else None


def story_entry(
    story: dict[str, Any], members: list[dict[str, Any]], lang: str, workbench: str | None
) -> dict[str, Any]:
    """A story as the digest shows it."""
    return {
        "id": story["id"],
        "title": story["title"],
        "first_seen": story["first_seen"],
        "first_seen_wib": clock.wib_iso(story["first_seen"]),
        "first_seen_timed": bool(members[0]["timed"]) if members else True,
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
                "id": m["id"],
                "source": m["source"],
                "title": m["title"],
                "url": m["canonical_url"],
                "workbench_url": workbench_link(workbench, m["id"]),
                "published_at": m["seen"],
                "published_wib": clock.wib_iso(m["seen"]),
                "dated": bool(m["dated"]),
                "timed": bool(m["timed"]),
                "copy_of": m["dup_of"],
            }
            for m in members
        ],
    }


def by_province(
    db: sqlite_utils.Database, conflict: list[dict[str, Any]], lang: str, workbench: str | None
) -> list[dict[str, Any]]:
    """Conflict stories grouped by primary province; provinces with the most stories first."""
    groups: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for story in conflict:
        groups[story["province_codes"][0] if story["province_codes"] else None].append(story)
    weight = lambda s: (-(s["killed"] or 0) - (s["injured"] or 0), -s["n_articles"], s["first_seen"])  # noqa: E731
    shown = {code: sorted(group, key=weight)[:STORIES_PER_PROVINCE] for code, group in groups.items()}
    listed = [s for group in shown.values() for s in group]
    story_rows.ensure_summaries(db, listed)
    members = story_rows.members_of(db, [s["id"] for s in listed], text=False)
    result = []
    for code, group in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0] or "~")):
        result.append(
            {
                "code": code,
                "name": maps.region_name(code) if code else labels.text("unknown_region", lang),
                "n_stories": len(group),
                "more": len(group) - len(shown[code]),
                "stories": [story_entry(s, members[s["id"]], lang, workbench) for s in shown[code]],
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


def place_name(provinces: list[str], regencies: list[str]) -> str:
    """The kabupaten/kota (else province) a story or article is placed in, by name ('' when unknown)."""
    code = (regencies or provinces or [None])[0]
    return maps.region_name(code) if code else ""


def other_entries(others: list[dict[str, Any]]) -> dict[str, Any]:
    """Non-conflict stories listed briefly (title, place, size), newest first; the rest counted."""
    newest = sorted(others, key=lambda s: (s["last_seen"], s["id"]), reverse=True)
    return {
        "n": len(others),
        "stories": [
            {
                "id": s["id"],
                "title": s["title"],
                "place": place_name(s["province_codes"], s["regency_codes"]),
                "n_articles": s["n_articles"],
                "first_seen": s["first_seen"],
                "first_seen_wib": clock.wib_iso(s["first_seen"]),
            }
            for s in newest[:LISTED_BRIEFLY]
        ],
    }


REVIEW_SQL = f"""
select a.id, a.title, a.source, a.canonical_url, {SEEN} as seen, p.province_code, p.regency_code,
       a.published_at is not null as dated, {story_rows.TIMED} as timed
from articles a
join article_tags t on t.article_id = a.id
left join article_places p on p.article_id = a.id
where t.review = 1 and t.conflict = 0 and {SEEN} >= ? and {SEEN} < ?
order by seen desc, a.id
"""


def review_entries(
    db: sqlite_utils.Database, window: trends.Window, provinces: list[str] | None, workbench: str | None
) -> dict[str, Any]:
    """Review-tier articles ("perlu ditinjau") of the window: listed apart, never counted as conflict."""
    rows = [
        r
        for r in db.execute(REVIEW_SQL, [window.start, window.end]).fetchall()
        if not provinces or r[5] in provinces
    ]
    return {
        "n": len(rows),
        "articles": [
            {
                "id": r[0],
                "title": r[1],
                "source": r[2],
                "url": r[3],
                "workbench_url": workbench_link(workbench, r[0]),
                "published_at": r[4],
                "published_wib": clock.wib_iso(r[4]),
                "dated": bool(r[7]),
                "timed": bool(r[8]),
                "place": place_name([r[5]] if r[5] else [], [r[6]] if r[6] else []),
            }
            for r in rows[:LISTED_BRIEFLY]
        ],
    }


def database_name(db: sqlite_utils.Database) -> str:
    """The database file's stem ('waspada' for ./waspada.db; 'memory' for an in-memory database)."""
    row = db.execute("pragma database_list").fetchone()
    return Path(row[2]).stem if row and row[2] else "memory"


def signal_entry(signal: trends.Signal, lang: str) -> dict[str, Any]:
    """A signal as the digest shows it: the reason in the digest's language, both kept."""
    entry = signal.as_dict()
    entry["reason_id"], entry["reason_en"] = signal.reason["id"], signal.reason["en"]
    entry["reason"] = signal.reason[lang]
    entry["theme_label"] = labels.theme(signal.theme, lang) if signal.theme != "violent" else ""
    entry["kind_label"] = labels.text(f"{signal.kind if signal.kind != 'rise' else 'trend'}_kind", lang)
    entry["undated_note"] = undated_note(signal, lang)
    return entry


def undated_note(signal: trends.Signal, lang: str) -> str:
    """How many of a signal's stories are placed at the time fetched, as no article states its date ("")."""
    if not signal.undated:
        return ""
    total = len(signal.story_ids)
    stories = labels.plural(total, "story", "stories")
    return labels.text("undated_signal", lang).format(n=signal.undated, total=total, stories=stories)


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
    now = datetime.now(UTC)
    in_progress = now < datetime.fromisoformat(window.end)  # the data reach only until now
    covered = coverage.measure(db, window, provinces, detected["baseline_days"], now)
    generated = now.isoformat(timespec="seconds")
    workbench = workbench_root()
    return {
        "schema": SCHEMA,
        "database": database_name(db),
        "date": day.isoformat(),
        "days": days,
        "lang": lang,
        "provinces_filter": provinces or [],
        "clock": {"zone": clock.ZONE, "utc_offset": "+07:00", "rule": clock.RULE[lang]},
        "window": {
            "start": window.start,
            "end": window.end,
            "first_day": window.start_day.isoformat(),
            "start_wib": clock.wib_iso(window.start),
            "end_wib": clock.wib_iso(window.end),
            "in_progress": in_progress,
        },
        "generated_at": generated,
        "generated_at_wib": clock.wib_iso(generated),
        "coverage": covered,
        "quiet": quiet(conflict, covered, in_progress),
        "counts": {
            "stories": len(active),
            "conflict_stories": len(conflict),
            "other_stories": len(active) - len(conflict),
        },
        "history_days": detected["history_days"],
        "baseline_days": detected["baseline_days"],
        "quiet_days": detected["quiet_days"],
        "signals": [signal_entry(s, lang) for s in detected["signals"]],
        "provinces": by_province(db, conflict, lang, workbench),
        "other": other_entries([s for s in active if not s["conflict"]]),
        "review": review_entries(db, window, provinces, workbench),
        "map": {"counts": map_counts(conflict)},
    }


def quiet(conflict: list[dict[str, Any]], covered: dict[str, Any], in_progress: bool) -> bool:
    """A quiet day: no conflict story, on complete data (ordinary coverage, every article tagged, no
    silent source, the window over)."""
    return not conflict and coverage.complete(covered) and not in_progress


def out_dir() -> Path:
    """The digest archive folder: setting `out` (WASPADA_OUT, waspada.toml), default ./reports/out."""
    return Path(config.get("out"))


def default_path(document: dict[str, Any], fmt: str) -> Path:
    """reports/out/digest-waspada-2026-11-27-7d-id.html: database, date, days, province filter, language."""
    provinces = "-" + "_".join(document["provinces_filter"]) if document["provinces_filter"] else ""
    stem = (
        f"digest-{document['database']}-{document['date']}-{document['days']}d{provinces}-{document['lang']}"
    )
    return out_dir() / f"{stem}.{fmt}"


def archive(db: sqlite_utils.Database, document: dict[str, Any], paths: dict[str, str]) -> int:
    """Record the digest in the digests table (one row per date, window, language and filter); its id."""
    with db.conn:
        db.execute(
            "delete from digests where date = ? and days = ? and lang = ? and provinces = ?",
            [document["date"], document["days"], document["lang"], json.dumps(document["provinces_filter"])],
        )
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
    path.write_text(rendering.render(document, fmt), encoding="utf-8")
    paths = {fmt: str(path)}
    if fmt != "json" and not out:
        json_path = default_path(document, "json")
        json_path.write_text(rendering.render(document, "json"), encoding="utf-8")
        paths["json"] = str(json_path)
    archive(db, document, paths)
    return path
