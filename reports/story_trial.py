"""A held-out-like trial of story grouping: the shared events dated and placed as other outlets would.

The hidden set that judges grouping has every article dated, one event's reports a day to four apart
and placed differently by each outlet (the kabupaten, only the province, nowhere, or Jakarta where a
national desk writes). The shared files leave most articles undated, so this trial gives each article a
date that agrees with its own text (its `published` day, else its dateline "(d/m)" and latest year), the
reports of one event days 0..`spread` after the event's date, and each event report one of the four
placements at random (seeded). `spread` is 3 (reports up to 3 days apart, the baseline's window); with 4,
seeds 1-5 scored 0.899-0.958 against the baseline's 0.891-0.919 (2026-12-07). A simulation, not a
measurement of real outlets: read it beside the plain runs.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from reports import story_evidence, story_grouping

Place = tuple[str | None, str | None]
JAKARTA: Place = ("31", "31.71")


def text_date(row: dict[str, Any], rng: random.Random) -> datetime:
    """The row's published day, else the date its text tells (dateline day, latest year), else a day of
    that year drawn at random."""
    if row.get("published"):
        return datetime.fromisoformat(row["published"][:10])
    text = story_grouping.member_text(row.get("title"), (row.get("text") or "")[: story_grouping.TEXT_CHARS])
    _, years, _ = story_evidence.stated(text)
    year = max((y for y in years if y <= 2025), default=2024)
    found = story_evidence.DAY_MONTH.search(text)
    if found and 1 <= int(found.group(1)) <= 28 and 1 <= int(found.group(2)) <= 12:
        return datetime(year, int(found.group(2)), int(found.group(1)))
    return datetime(year, 1, 1) + timedelta(days=rng.randrange(360))


def event_dates(
    rows: list[dict[str, Any]], events: dict[str, tuple[str, bool]], rng: random.Random
) -> dict[str, datetime]:
    """Each event's date: a dated member's day, else a member's dateline, else any member's text date."""
    found: dict[str, datetime] = {}
    for ranked in (
        [r for r in rows if r.get("published")],
        [r for r in rows if story_evidence.DAY_MONTH.search(r.get("text") or "")],
        rows,
    ):
        for row in ranked:
            if row["key"] in events:
                found.setdefault(events[row["key"]][0], text_date(row, rng))
    return found


def held_out_like(
    rows: list[dict[str, Any]],
    places: list[Place],
    events: dict[str, tuple[str, bool]],
    seed: int = 1,
    spread: int = 3,
) -> tuple[list[dict[str, Any]], list[Place]]:
    """Rows every one dated (event reports 0..spread days after the event's date unless dated) and the
    event reports' places as tagged, province only, none or Jakarta."""
    rng = random.Random(seed)
    start = event_dates(rows, events, rng)
    dated, placed = [], []
    for row, (province, regency) in zip(rows, places, strict=True):
        event = events.get(row["key"])
        day = text_date(row, rng)
        if event and not row.get("published"):
            day = start[event[0]] + timedelta(days=rng.randint(0, spread))
        dated.append(row | {"published": day.date().isoformat()})
        options = [(province, regency), (province, None), (None, None), JAKARTA]
        placed.append(rng.choice(options) if event else (province, regency))
    return dated, placed
