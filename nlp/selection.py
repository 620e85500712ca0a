"""The articles `waspada tag` has to do, their rows, the regions table it needs: plain SQL, no spaCy or
scikit-learn (the --workers writer runs it while its workers load the pipeline)."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from nlp.classifier.versions import chosen_version

log = logging.getLogger(__name__)

# The version of the region and impact rules (nlp/regions, nlp/impact.py and their data). Bump it when
# they change what they find: the next `waspada tag` then tags again every article tagged by older rules,
# places and impact both, instead of leaving them as they were until someone thinks of --retag.
TAGGER_VERSION = "regions-2"
ARTICLE_COLUMNS = "a.id, a.title, a.text, a.source, a.published_at, s.province_code as default_province"
STALE_SQL = """
    select a.id from articles a left join article_tags t on t.article_id = a.id
    where (t.article_id is null or t.model_version is not ? or t.tagger_version is not ?) {since}
    order by a.id
"""


@dataclass(frozen=True)
class Options:
    """What the user asked for: the article selection and the model version for the themes stage."""

    since: str | None = None  # a UTC ISO time: a --since day starts at its midnight WIB
    all: bool = False
    retag: bool = False
    model: str | None = None


def save_regions(db: sqlite_utils.Database, rows: list[dict[str, Any]]) -> int:
    """Fill the `regions` table with these gazetteer rows unless it holds as many; return its count."""
    if db["regions"].count != len(rows):
        with db.conn:
            db["regions"].upsert_all(rows, pk="code")
    return db["regions"].count


def _since(since: str | None) -> tuple[str, list[Any]]:
    if not since:
        return "", []
    return " and coalesce(a.published_at, a.fetched_at) >= ?", [since]


def places_pending(db: sqlite_utils.Database, options: Options) -> list[int]:
    """Articles without a place from this tagger version (every selected one with --retag or --all)."""
    where, params = _since(None if options.all else options.since)
    if options.all or options.retag:
        sql = f"select a.id from articles a where 1 = 1{where}"
        return [row[0] for row in db.execute(sql, params)]
    sql = (
        "select a.id from articles a left join article_places p on p.article_id = a.id "
        f"where (p.article_id is null or p.tagger_version is not ?){where}"
    )
    return [row[0] for row in db.execute(sql, [TAGGER_VERSION, *params])]


def stale_ids(
    db: sqlite_utils.Database, version: str, since: str | None = None, everything: bool = False
) -> list[int]:
    """Articles never tagged, or tagged with another model version or by older impact rules (all of them
    with `everything`)."""
    where, params = ("and a.published_at >= ?", [since]) if since else ("", [])
    if everything:
        sql = "select id from articles a where 1 = 1 " + where + " order by id"
        return [row[0] for row in db.execute(sql, params)]
    return [row[0] for row in db.execute(STALE_SQL.format(since=where), [version, TAGGER_VERSION, *params])]


def themes_pending(db: sqlite_utils.Database, options: Options) -> list[int]:
    """Articles the themes stage has to do for the chosen model (every selected one with --retag/--all)."""
    version = chosen_version(options.model)
    if version is None:
        log.warning("no classifier model installed: conflict and themes are not tagged")
        return []
    since = None if options.all else options.since
    return stale_ids(db, version, since, everything=options.all or options.retag)


def pending_ids(db: sqlite_utils.Database, options: Options) -> list[int]:
    """Every article some default stage (regions, themes) still has to do, in id order."""
    return sorted({*places_pending(db, options), *themes_pending(db, options)})


def fetch(db: sqlite_utils.Database, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The rows of these articles that tagging reads, with their source's default province."""
    marks = ",".join("?" * len(ids))
    sql = (
        f"select {ARTICLE_COLUMNS} from articles a left join sources s on s.name = a.source "
        f"where a.id in ({marks}) order by a.id"
    )
    return [dict(row) for row in db.query(sql, list(ids))]


def chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    """`ids` in consecutive lists of `size`."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
