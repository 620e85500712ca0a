"""How many days before a digest window the database covers: back to its first data, not across a gap."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import sqlite_utils

from store.articles import SEEN

if TYPE_CHECKING:
    from reports.trends import Window

# A week in which no source brought a single article: nothing was crawled then (the crawler was down, or
# an old archive was imported), so the history starts after it. A baseline reaching over it would count
# days nobody measured as days without conflict.
GAP_DAYS = 7

DAY_HAS_DATA_SQL = f"""
select exists(select 1 from articles a where {SEEN} >= :start and {SEEN} < :end)
    or exists(select 1 from stories where first_seen >= :start and first_seen < :end)
"""


def history_days(db: sqlite_utils.Database, window: Window, needed: int) -> int:
    """Days of data before the window: back to the earliest article (or story, when articles were pruned),
    stopping at the latest gap of GAP_DAYS days without any. `needed`: the longest span a signal looks
    back on; a gap further back changes nothing."""
    row = db.execute(
        "select min(x) from (select min(published_at) as x from articles "
        "union all select min(first_seen) from stories)"
    ).fetchone()
    if not row or not row[0]:
        return 0
    span = max(0, (window.start_day - window.day_of(row[0])).days)
    empty = 0
    for back in range(1, min(span, needed + GAP_DAYS) + 1):
        day = window.start_day - timedelta(days=back)
        bounds = {"start": window.bound(day), "end": window.bound(day + timedelta(days=1))}
        empty = 0 if db.execute(DAY_HAS_DATA_SQL, bounds).fetchone()[0] else empty + 1
        if empty == GAP_DAYS:
            return back - GAP_DAYS
    return span
