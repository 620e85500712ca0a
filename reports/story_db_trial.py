"""Evaluation rows grouped the way production groups them: stored in a temporary SQLite database and
assigned day by day by `stories.build_stories` (each slice with its own word weights and window)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from reports import stories
from reports.story_trial import Place
from store.db import open_db
from store.errors import InputError

NEEDS_DATES = "--through-db needs a date for every article: add --dated or --held-out-like"


def database_groups(
    rows: list[dict[str, Any]], places: list[Place], dated: Callable[[dict[str, Any]], datetime | None]
) -> list[int]:
    """The story of each row when the rows are stored (with their places) and grouped as production does;
    `dated` gives each row's time, which every row needs."""
    times = [dated(row) for row in rows]
    if any(moment is None for moment in times):
        raise InputError(NEEDS_DATES)
    with tempfile.TemporaryDirectory(prefix="waspada-stories-") as folder:
        db = open_db(Path(folder) / "stories.db")
        with db.conn:
            db["articles"].insert_all(article_row(i, row, times[i]) for i, row in enumerate(rows))
            db["article_places"].insert_all(place_row(i, place) for i, place in enumerate(places))
        stories.build_stories(db)
        found = dict(db.execute("select article_id, story_id from story_articles").fetchall())
        db.close()
    return [found[i + 1] for i in range(len(rows))]


def article_row(index: int, row: dict[str, Any], moment: datetime) -> dict[str, Any]:
    """An articles row for an evaluation row (id index + 1, the row's key as its URL)."""
    url = f"eval:{row['key']}"
    return {
        "id": index + 1,
        "canonical_url": url,
        "url": url,
        "title": row.get("title"),
        "text": row.get("text") or "",
        "published_at": moment.isoformat(),
        "fetched_at": moment.isoformat(),
        "source": row.get("source"),
    }


def place_row(index: int, place: Place) -> dict[str, Any]:
    """An article_places row: the place Waspada's tagger gave the evaluation row."""
    province, regency = place
    return {"article_id": index + 1, "province_code": province, "regency_code": regency, "reason": "eval"}
