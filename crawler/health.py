"""Each source's crawl health, read from the database: what it brought lately against its usual pace."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from store.articles import SEEN, utc_iso

RECENT_DAYS = 7
BASELINE_DAYS = 28  # the usual pace: articles of the 28 days before the recent week, per week
SILENT_EXPECTED = 3.0  # a source that usually brings this many a week and brought none has gone silent

COUNTS_SQL = f"""
select a.source, count(*) as stored, max({SEEN}) as newest,
       sum({SEEN} >= :recent) as recent,
       sum({SEEN} >= :baseline and {SEEN} < :recent) as before
from articles a
group by a.source
"""


def source_health(db: sqlite_utils.Database, now: datetime | None = None) -> list[dict[str, Any]]:
    """Per source (registered, or named by a stored article): articles stored, the newest one's time,
    articles of the last 7 days against the usual week, the errors of its latest crawl, and a status:
    never (no article stored), silent (none in 7 days though it usually brings 3 or more) or ok."""
    now = now or datetime.now(UTC)
    recent = now - timedelta(days=RECENT_DAYS)
    params = {"recent": utc_iso(recent), "baseline": utc_iso(recent - timedelta(days=BASELINE_DAYS))}
    counts = {row["source"]: row for row in db.query(COUNTS_SQL, params)}
    names = sorted({row["name"] for row in db["sources"].rows} | set(counts))
    errors = latest_crawl_errors(db)
    return [entry(name, counts.get(name), errors.get(name, Counter())) for name in names]


def entry(name: str, counts: dict[str, Any] | None, errors: Counter) -> dict[str, Any]:
    """One source's row of `source_health`."""
    counts = counts or {"stored": 0, "newest": None, "recent": 0, "before": 0}
    usual = round(counts["before"] * RECENT_DAYS / BASELINE_DAYS, 1)
    if not counts["stored"]:
        status = "never"
    elif not counts["recent"] and usual >= SILENT_EXPECTED:
        status = "silent"
    else:
        status = "ok"
    return {
        "source": name,
        "status": status,
        "stored": counts["stored"],
        "newest": counts["newest"],
        "last_7_days": counts["recent"],
        "usual_7_days": usual,
        "errors": dict(errors.most_common()),
    }


# A crawl, local or on the fleet, saves its sources' rows as it starts (`save_sources`), so a source's
# `updated_at` is when its latest crawl began; the fleet's writer runs one crawl_runs row for many jobs.
LATEST_ERRORS_SQL = """
select e.source, e.reason, count(*) as n
from crawl_errors e join sources s on s.name = e.source
where substr(e.at, 1, 19) >= substr(s.updated_at, 1, 19)
group by e.source, e.reason
"""


def latest_crawl_errors(db: sqlite_utils.Database) -> dict[str, Counter]:
    """Errors by reason per source, recorded since the source's latest crawl began."""
    found: dict[str, Counter] = {}
    for row in db.query(LATEST_ERRORS_SQL):
        found.setdefault(row["source"], Counter())[row["reason"]] = row["n"]
    return found
