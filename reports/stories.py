"""Group the database's new articles into stories, day by day: incrementally and idempotently.

Articles are taken day by day in time order against the stories of the days before them; the rule that
decides which story an article joins is reports/story_grouping.py. An assigned article never moves, so
re-running is a no-op and a story continues across days. Measured on real events: `waspada eval stories`
(reports/story_eval.py). Stored story rows, their listing and summaries: reports/story_rows.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import sqlite_utils

from reports.story_grouping import (
    CLOSE_WINDOW_DAYS,
    IDF_DOCUMENTS,
    TEXT_CHARS,
    WINDOW_DAYS,
    Member,
    assign,
    member_text,
)
from reports.story_rows import day_range, now, parse_day, refresh
from reports.text import tokens
from reports.vectors import tfidf
from store.articles import SEEN

LEAD_CHARS = 250  # title and start of the text: finds the older articles worth a full look
LEAD_SALIENT_WEIGHT = 0.12  # lead TF-IDF weights below this (common words) are left out of that search
REACH_LEAD_THRESHOLD = 0.2
SPAN_ARTICLES = 4000  # unassigned articles clustered in one slice


@dataclass
class BuildResult:
    """What one build did."""

    assigned: int = 0
    new_stories: int = 0
    touched: set[int] = field(default_factory=set)


def parse_time(value: str) -> datetime:
    """UTC ISO string → aware datetime."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


MEMBER_SQL = """
select a.id, coalesce(a.published_at, a.fetched_at) as seen, p.province_code, p.regency_code, a.dup_of,
       a.title, substr(coalesce(a.text, ''), 1, {chars}) as text, sa.story_id, a.source
from articles a
left join article_places p on p.article_id = a.id
left join story_articles sa on sa.article_id = a.id
where {where}
order by seen, a.id
"""


def _members(db: sqlite_utils.Database, where: str, params: list[Any]) -> list[Member]:
    rows = db.execute(MEMBER_SQL.format(chars=TEXT_CHARS, where=where), params).fetchall()
    return [
        Member(r[0], parse_time(r[1]), r[2], r[3], r[4], member_text(r[5], r[6]), r[7], r[8]) for r in rows
    ]


def unassigned_days(db: sqlite_utils.Database, since: str | None, until: str | None) -> list[tuple[str, int]]:
    """UTC days that hold articles not yet in a story, with how many."""
    where, params = day_range(since, until, SEEN, SEEN)
    sql = (
        f"select substr({SEEN}, 1, 10), count(*) from articles a "
        "left join story_articles sa on sa.article_id = a.id "
        f"where {' and '.join(['sa.article_id is null', *where])} group by 1 order by 1"
    )
    return [(row[0], row[1]) for row in db.execute(sql, params).fetchall()]


def story_of(db: sqlite_utils.Database, article_id: int | None) -> int | None:
    """The story an article (a dup_of target) is in, according to the database."""
    if not article_id:
        return None
    row = db.execute("select story_id from story_articles where article_id = ?", [article_id]).fetchone()
    return row[0] if row else None


def assign_span(db: sqlite_utils.Database, first: str, last: str, result: BuildResult) -> None:
    """Assign every unassigned article of UTC days first..last, against stories of the window before them."""
    start = datetime.fromisoformat(first).replace(tzinfo=UTC)
    end = datetime.fromisoformat(last).replace(tzinfo=UTC) + timedelta(days=1)
    members = _members(
        db,
        f"({SEEN} >= ? and {SEEN} < ?) and (sa.story_id is not null or {SEEN} >= ?)",
        [(start - timedelta(days=WINDOW_DAYS)).isoformat(), end.isoformat(), start.isoformat()],
    )
    todo = [i for i, m in enumerate(members) if m.story is None]
    if not todo:
        return
    older = reach_candidates(db, [members[i].id for i in todo], start)
    if older:
        members = older + members
        todo = [i + len(older) for i in todo]
    next_id = db.execute("select coalesce(max(id), 0) + 1 from stories").fetchone()[0]
    outside = {m.dup_of: story_of(db, m.dup_of) for m in members if m.dup_of and m.story is None}
    known = {k: v for k, v in outside.items() if v is not None}
    others = background(db, [m.id for m in members], len(members))
    assigned, new = assign(members, todo, next_id, known, [member_text(*row) for row in others])
    rows = [
        (members[i].id, story, round(score, 4), now())
        for i, (story, score) in zip(todo, assigned, strict=True)
    ]
    db.conn.executemany("insert into stories (id, updated_at) values (?, ?)", [(s, now()) for s in new])
    db.conn.executemany(
        "insert into story_articles (article_id, story_id, similarity, added_at) values (?, ?, ?, ?)", rows
    )
    result.assigned += len(rows)
    result.new_stories += len(new)
    result.touched.update(row[1] for row in rows)


LEADS = f"select a.id, a.title, substr(coalesce(a.text, ''), 1, {LEAD_CHARS}) from articles a"
ASSIGNED_LEADS_SQL = (
    f"{LEADS} join story_articles sa on sa.article_id = a.id "
    f"where {SEEN} >= ? and {SEEN} < ? and a.dup_of is null"  # a copy's original stands for it
)
LEADS_OF_SQL = f"{LEADS} where a.id in (select value from json_each(?))"


def lead(title: str | None, text: str) -> str:
    """The title and the start of the text: enough to tell which older articles are worth a full look."""
    return f"{title or ''}. {text}"[:LEAD_CHARS]


def reach_candidates(db: sqlite_utils.Database, todo: list[int], start: datetime) -> list[Member]:
    """Assigned articles of the CLOSE_WINDOW_DAYS before the window whose lead resembles that of an
    article to assign (ids `todo`): the only older articles that could reach CLOSE_THRESHOLD, found
    without reading every full text of two weeks. Measured on the dated shared events: the same-event pairs
    at CLOSE_THRESHOLD more than WINDOW_DAYS apart have a lead cosine (salient terms) of 0.30 or more."""
    bounds = [start - timedelta(days=CLOSE_WINDOW_DAYS), start - timedelta(days=WINDOW_DAYS)]
    older = db.execute(ASSIGNED_LEADS_SQL, [moment.isoformat() for moment in bounds]).fetchall()
    if not older:
        return []
    new = db.execute(LEADS_OF_SQL, [json.dumps(todo)]).fetchall()
    leads = [lead(r[1], r[2]) for r in new + older]
    others = background(db, [r[0] for r in new + older], len(leads))
    # Plain tokens: leads never recur, and thousands of them would push the background texts (which do
    # recur, slice after slice) out of cached_tokens.
    matrix = tfidf(leads + [lead(*row) for row in others], tokens)[: len(leads)]
    matrix.data[matrix.data < LEAD_SALIENT_WEIGHT] = 0
    matrix.eliminate_zeros()
    n_new = len(leads) - len(older)
    close = (matrix[:n_new] @ matrix[n_new:].T).tocsr()
    hits = np.unique(close.indices[close.data >= REACH_LEAD_THRESHOLD])
    if not len(hits):
        return []
    found = json.dumps([older[k][0] for k in hits.tolist()])
    return _members(db, "a.id in (select value from json_each(?))", [found])


BACKGROUND_SQL = f"""
select a.title, substr(coalesce(a.text, ''), 1, {TEXT_CHARS}) from articles a
where a.id not in (select value from json_each(?)) order by {SEEN} desc limit ?
"""


def background(db: sqlite_utils.Database, exclude: list[int], have: int) -> list[tuple[str | None, str]]:
    """Title and start of the text of other articles (ids not in `exclude`), the latest first, so that
    word weights computed over `have` texts rest on at least IDF_DOCUMENTS: over a quiet window of a few
    articles common words would weigh like rare ones and every pair would look alike."""
    wanted = IDF_DOCUMENTS - have
    if wanted <= 0:
        return []
    return db.execute(BACKGROUND_SQL, [json.dumps(exclude), wanted]).fetchall()


def spans(days: list[tuple[str, int]], limit: int) -> list[tuple[str, str]]:
    """Consecutive days grouped so that each group holds at most `limit` unassigned articles (or one day)."""
    groups: list[tuple[str, str]] = []
    first, total, previous = None, 0, None
    for day, count in days:
        gap = previous and (date.fromisoformat(day) - date.fromisoformat(previous)).days > 1
        if first is not None and (total + count > limit or gap):
            groups.append((first, previous))
            first, total = None, 0
        first, total, previous = first or day, total + count, day
    if first is not None:
        groups.append((first, previous))
    return groups


def build_stories(
    db: sqlite_utils.Database, since: str | None = None, until: str | None = None
) -> BuildResult:
    """Put every unassigned article (published since..until, inclusive days) into a story."""
    since, until = parse_day(since, "--since"), parse_day(until, "--until")
    result = BuildResult()
    for first, last in spans(unassigned_days(db, since, until), SPAN_ARTICLES):
        with db.conn:
            assign_span(db, first, last, result)
    refresh(db, sorted(result.touched))
    return result
