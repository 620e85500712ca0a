"""The label queue, read from the `label_candidates` view once and then served from memory.

Ordering a million articles by certainty takes seconds; the queue changes only when labels are added
(those rows are dropped at once) or new articles are tagged (picked up when the copy is older than
MAX_AGE_SECONDS or runs short)."""

from __future__ import annotations

import sqlite3
import threading
import time
from typing import Any

from store.db import rows

KEPT = 500  # candidates read at once
MAX_AGE_SECONDS = 10 * 60


class LabelQueue:
    """A snapshot of the first KEPT label candidates, minus the articles labeled since."""

    def __init__(self, kept: int = KEPT, max_age: float = MAX_AGE_SECONDS) -> None:
        self.kept, self.max_age = kept, max_age
        self.rows: list[dict[str, Any]] = []
        self.read_at = float("-inf")
        self.lock = threading.Lock()

    def _read(self, conn: sqlite3.Connection) -> None:
        self.rows = rows(conn, "select * from label_candidates limit ?", [self.kept])
        self.read_at = time.monotonic()

    def _drop_labeled(self, conn: sqlite3.Connection) -> None:
        ids = [row["id"] for row in self.rows]
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        labeled = {
            row[0]
            for row in conn.execute(f"select article_id from labels where article_id in ({marks})", ids)
        }
        self.rows = [row for row in self.rows if row["id"] not in labeled]

    def rows_for(self, conn: sqlite3.Connection, limit: int, skip: set[int] | None = None) -> list[dict]:
        """The first `limit` candidates not in `skip` (re-reading the view when stale or short)."""
        skip = skip or set()
        with self.lock:
            if time.monotonic() - self.read_at > self.max_age:
                self._read(conn)
            self._drop_labeled(conn)
            found = [row for row in self.rows if row["id"] not in skip][:limit]
            if len(found) < limit and time.monotonic() - self.read_at > 1:  # run short: read again
                self._read(conn)
                self._drop_labeled(conn)
                found = [row for row in self.rows if row["id"] not in skip][:limit]
            return found
