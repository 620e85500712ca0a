"""How much data a digest window holds against the usual level: no data and low coverage are said plainly."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from reports import labels, trends
from store.articles import SEEN

LOW_COVERAGE = 0.5  # a window with fewer than half the usual articles is said to have low coverage
# A source that usually brings at least this many articles in a span and brought none has gone silent
# (P(0) < 5% for a steady source): a broken crawl, not calm. Named by the digest. The spans are the window
# and, for a shorter one, the week up to its end: a source of a few articles a week is checked over that.
SILENT_EXPECTED = 3.0
SILENT_SPAN_DAYS = 7
SILENT_SHOWN = 5
SILENT_MIN_SEEN = 3  # articles a source must have brought in the history: one article is no rate
# A usual level scaled up from a history shorter than the window, or than a week, is a guess: one day's
# articles times 31. Such a history gives no usual level (coverage "unknown") and names no silent source.
MIN_HISTORY_DAYS = SILENT_SPAN_DAYS
# What the digest says when no signal rose, by coverage status: without data nothing could rise.
NO_SIGNALS = {
    "none": "no_signals_none",
    "low": "no_signals_low",
    "unknown": "no_signals_unknown",
    "ok": "no_signals",
}


def complete(found: dict[str, Any]) -> bool:
    """Whether the window's data are whole: ordinary coverage, every article tagged, no silent source."""
    return found["status"] == "ok" and not found.get("untagged") and not found.get("silent_sources")


def no_signals_key(found: dict[str, Any]) -> str:
    """The label for 'no signal rose': by coverage status, hedged while articles are untagged or sources
    are silent."""
    if found["status"] in ("ok", "unknown") and found.get("untagged"):
        return "no_signals_untagged"
    if found["status"] == "ok" and found.get("silent_sources"):
        return "no_signals_silent"
    if found["status"] == "unknown" and found.get("usual_from_days"):
        return "no_signals_short"  # signals were computed, on a short history
    return NO_SIGNALS[found["status"]]


def quiet_key(days: int) -> str:
    """The label of a quiet window: a quiet day, or a quiet period of several days."""
    return "quiet" if days == 1 else "quiet_period"


UNTAGGED_SQL = f"""
select count(*) from articles a
left join article_tags t on t.article_id = a.id
left join article_places p on p.article_id = a.id
where {SEEN} >= ? and {SEEN} < ? and t.article_id is null
  and (? is null or p.province_code is null or p.province_code in (select value from json_each(?)))
"""


# Articles per source in [start, end). Only the seen-time expression and the source are read, so the
# query runs on idx_articles_seen_source alone (a 28-day baseline on a million articles: ~30 ms cold).
SOURCE_COUNTS_SQL = f"""
select a.source, count(*) from articles a {{join}}
where {SEEN} >= :start and {SEEN} < :end {{where}}
group by a.source
"""


def source_counts(
    db: sqlite_utils.Database, start: str, end: str, provinces: list[str] | None
) -> dict[str, int]:
    """Articles per source seen in [start, end) (in the provinces, when given)."""
    join, where = "", ""
    if provinces:
        join = "join article_places p on p.article_id = a.id"
        where = "and p.province_code in (select value from json_each(:provinces))"
    params = {"start": start, "end": end, "provinces": json.dumps(provinces)}
    return dict(db.execute(SOURCE_COUNTS_SQL.format(join=join, where=where), params).fetchall())


def articles_between(db: sqlite_utils.Database, start: str, end: str, provinces: list[str] | None) -> int:
    """Articles crawled for [start, end) (their date, else when they were fetched), in the provinces."""
    return sum(source_counts(db, start, end, provinces).values())


def silent_sources(
    db: sqlite_utils.Database, window: trends.Window, provinces: list[str] | None, covered: int, share: float
) -> list[dict[str, Any]]:
    """Sources with no article in the window, or in the week up to its end, although their rate over the
    `covered` days before expects ≥ SILENT_EXPECTED there: [{"source", "days", "usual"}] (the longest
    silence found per source), the most expected first. `share`: the part of the window that has passed."""
    silent: dict[str, dict[str, Any]] = {}
    for days in sorted({window.days, max(window.days, SILENT_SPAN_DAYS)}, reverse=True):
        history = covered - (days - window.days)  # the span's baseline stays inside the measured history
        if enough_history(history, days):
            span = trends.Window(window.end_day, days)
            passed = days - window.days * (1 - share)
            for item in silent_over(db, span, provinces, history, passed):
                silent.setdefault(item["source"], item)
    return sorted(silent.values(), key=lambda item: (-item["usual"], item["source"]))


def silent_over(
    db: sqlite_utils.Database, span: trends.Window, provinces: list[str] | None, history: int, passed: float
) -> list[dict[str, Any]]:
    """The sources silent over `span` (of which `passed` days are over), by their rate in the `history` days
    before it."""
    before = source_counts(db, span.bound(span.start_day - timedelta(days=history)), span.start, provinces)
    now = source_counts(db, span.start, span.end, provinces)
    scale = passed / history
    return [
        {"source": source, "days": span.days, "usual": round(count * scale, 1)}
        for source, count in before.items()
        if source not in now and count >= SILENT_MIN_SEEN and count * scale >= SILENT_EXPECTED
    ]


def enough_history(days: int, span_days: int) -> bool:
    """Whether `days` of history measure a usual level for a span: as long as the span, or a week."""
    return days > 0 and days >= min(span_days, MIN_HISTORY_DAYS)


def untagged_between(db: sqlite_utils.Database, start: str, end: str, provinces: list[str] | None) -> int:
    """Articles of [start, end) the model has not tagged yet (in the provinces, or not placed yet)."""
    chosen = json.dumps(provinces) if provinces else None
    return db.execute(UNTAGGED_SQL, [start, end, chosen, chosen]).fetchone()[0]


def measure(
    db: sqlite_utils.Database,
    window: trends.Window,
    provinces: list[str] | None,
    covered: int,
    now: datetime | None = None,
) -> dict[str, Any]:
    """How many articles the window holds against the usual level: status none, low, ok, or unknown (no
    history to hold it against). A window not over at `now` is held against the usual level of the part
    that has passed."""
    found = articles_between(db, window.start, window.end, provinces)
    usual, share = None, elapsed(window, now)
    if enough_history(covered, window.days):
        before = articles_between(
            db, window.bound(window.start_day - timedelta(days=covered)), window.start, provinces
        )
        usual = round(before * window.days / covered * share, 1)
    if not found:
        status = "none"
    elif usual is None:
        status = "unknown"
    else:
        status = "low" if found < LOW_COVERAGE * usual else "ok"
    untagged = untagged_between(db, window.start, window.end, provinces)
    silent = silent_sources(db, window, provinces, covered, share) if found else []
    return {
        "articles": found,
        "usual": usual,
        "usual_from_days": covered,
        "status": status,
        "untagged": untagged,
        "silent_sources": silent,
    }


def elapsed(window: trends.Window, now: datetime | None) -> float:
    """The share of the window that has passed at `now` (1 when now is None or after the window)."""
    if now is None:
        return 1.0
    start, end = datetime.fromisoformat(window.start), datetime.fromisoformat(window.end)
    return min(1.0, max(0.0, (now - start) / (end - start)))


def untagged_note(found: dict[str, Any], lang: str) -> str:
    """'Belum lengkap: 5 dari 83 artikel …' when articles of the window are not tagged yet, else ''."""
    if not found.get("untagged"):
        return ""
    return labels.text("untagged", lang).format(n=found["untagged"], total=found["articles"])


def silent_note(found: dict[str, Any], lang: str) -> str:
    """'Media yang berhenti memuat artikel, padahal biasanya ada: …' naming them, else ''."""
    silent = found.get("silent_sources") or []
    if not silent:
        return ""
    basis = estimated(found, lang)
    named = [
        labels.text("silent_source", lang).format(
            source=item["source"],
            days=labels.counted(item["days"], "days", lang),
            usual=labels.number(item["usual"], lang) + (f", {basis}" if basis else ""),
        )
        for item in silent[:SILENT_SHOWN]
    ]
    if len(silent) > SILENT_SHOWN:
        named.append(labels.text("silent_more", lang).format(n=len(silent) - SILENT_SHOWN))
    return labels.text("silent_sources", lang).format(sources=", ".join(named))


def note(found: dict[str, Any], lang: str) -> str:
    """'Tidak ada data untuk periode ini …' or the low-coverage line ('' when coverage is ordinary)."""
    if found["status"] == "none":
        return labels.text("no_data", lang)
    if found["status"] == "low":
        basis = estimated(found, lang)
        usual = labels.number(found["usual"], lang) + (f" ({basis})" if basis else "")
        return labels.text("low_coverage", lang).format(n=found["articles"], usual=usual)
    if found["status"] == "unknown":
        n = labels.counted(found["articles"], "articles", lang)
        if found.get("usual_from_days"):
            have = labels.counted(found["usual_from_days"], "days", lang)
            return labels.text("coverage_short", lang).format(n=n, have=have)
        return labels.text("coverage_unknown", lang).format(n=n)
    return ""


def estimated(found: dict[str, Any], lang: str) -> str:
    """'perkiraan dari riwayat 3 hari' when the usual level is scaled up from less than the 28 days the
    baselines need ('' otherwise): one day's articles times 31 is a guess, not a measured level."""
    days = found.get("usual_from_days")
    if not days or days >= trends.BASELINE_DAYS:
        return ""
    return labels.text("estimated_from", lang).format(days=labels.counted(days, "days", lang))
