"""Copies of stored articles: the same text (content hash) or nearly (MinHash), linked to the first copy."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from crawler.nearindex import DEFAULT_DAYS, WindowedNearDuplicates
from store import config
from store.articles import SEEN


@dataclass(frozen=True)
class Link:
    """How a new article relates to the stored ones."""

    outcome: str  # new | exact_copy | near_duplicate
    dup_of: int | None = None  # the first copy it copies
    dup_score: float | None = None
    replaces: tuple[int, float] | None = None  # (first copy, score) when the new article is the earlier one

    def columns(self) -> dict[str, Any]:
        """Its `articles` columns."""
        return {"dup_of": self.dup_of, "dup_score": self.dup_score}


class Copies:
    """Finds the stored first copy of a text and keeps `dup_of` pointing at the earliest one.

    Used by every writer of articles (a crawl run, the fleet's writer, `waspada import`), inside or
    outside the writer's transaction: it reads and writes through the writer's connection.
    """

    def __init__(self, conn: sqlite3.Connection, near_days: int | None = None) -> None:
        self.conn = conn
        days = near_days if near_days is not None else int(config.get("near_days") or DEFAULT_DAYS)
        self.near = WindowedNearDuplicates(self._signatures_of_day, days=days)

    def _signatures_of_day(self, day: str) -> list[tuple[int, bytes]]:
        """(article_id, signature) of the articles published (or, undated, fetched) on `day`."""
        return self.conn.execute(
            "select m.article_id, m.signature from articles a join article_minhash m on m.article_id = a.id"
            f" where {SEEN} >= ? and {SEEN} < ?",
            [day, day + "~"],  # '~' sorts after every character of an ISO timestamp
        ).fetchall()

    def _root(self, article_id: int) -> int:
        """The first copy: follow dup_of once (dup_of always points at a first copy)."""
        row = self.conn.execute("select dup_of from articles where id = ?", [article_id]).fetchone()
        return int(row[0]) if row and row[0] else article_id

    def find(self, digest: str, minhash: Any, day: str) -> tuple[int, float, str] | None:
        """(first copy's id, score, outcome) of a stored exact or near copy of this text, if any."""
        row = self.conn.execute(
            "select id from articles where content_hash = ? order by id limit 1", [digest]
        ).fetchone()
        if row:
            return self._root(int(row[0])), 1.0, "exact_copy"
        match = self.near.match(minhash, day)
        if match:
            return self._root(match[0]), round(match[1], 4), "near_duplicate"
        return None

    def earlier(self, published_at: str | None, stored_id: int) -> bool:
        """True when the new article was published before the stored first copy (so it is the original)."""
        row = self.conn.execute("select published_at from articles where id = ?", [stored_id]).fetchone()
        return bool(published_at and (row is None or row[0] is None or published_at < row[0]))

    def repoint(self, old_root: int, new_root: int, score: float) -> None:
        """The new article is the earliest copy: the old first copy and its copies now point to it."""
        self.conn.execute(
            "update articles set dup_of = ? where dup_of = ? and id != ?", [new_root, old_root, new_root]
        )
        self.conn.execute(
            "update articles set dup_of = ?, dup_score = ? where id = ?", [new_root, score, old_root]
        )

    def save_signature(self, article_id: int, signature: bytes) -> None:
        """The article's MinHash row (inside the caller's transaction, with the article row)."""
        self.conn.execute(
            "insert into article_minhash (article_id, signature) values (?, ?)", [article_id, signature]
        )

    def link(self, digest: str, minhash: Any, day: str, published_at: str | None) -> Link:
        """Whether a new article copies a stored one, and which of the two is the original."""
        copy = self.find(digest, minhash, day)
        if copy is None:
            return Link("new")
        first, score, outcome = copy
        if self.earlier(published_at, first):
            return Link(outcome, replaces=(first, score))
        return Link(outcome, first, score)

    def record(self, article_id: int, link: Link, signature: bytes) -> None:
        """Inside the transaction that inserted the article: its signature, and the copies repointed to it
        when it is the earlier one."""
        self.save_signature(article_id, signature)
        if link.replaces:
            self.repoint(link.replaces[0], article_id, link.replaces[1])

    def remember(self, article_id: int, minhash: Any, day: str) -> None:
        """Make the stored article findable by the next ones (after its transaction committed)."""
        self.near.add(article_id, minhash, day)
