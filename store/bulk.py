"""Bulk writes: one prepared INSERT (or upsert) per table, run by executemany in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class Connection(Protocol):
    """What a bulk write needs: sqlite3.Connection, or a tagging worker's recorder of it."""

    def executemany(self, sql: str, rows: Any, /) -> Any: ...


def insert_sql(table: str, columns: Sequence[str]) -> str:
    """INSERT INTO table (columns) VALUES (?, …)."""
    names = ", ".join(f"[{column}]" for column in columns)
    return f"insert into [{table}] ({names}) values ({', '.join('?' * len(columns))})"


def upsert_sql(table: str, columns: Sequence[str], pk: str) -> str:
    """An INSERT that updates the other columns of the row already stored under the same `pk`.

    The same statement sqlite-utils' upsert runs: a new row fires insert triggers, a stored one update
    triggers.
    """
    updates = ", ".join(f"[{column}] = excluded.[{column}]" for column in columns if column != pk)
    return f"{insert_sql(table, columns)} on conflict ([{pk}]) do update set {updates}"


def insert_rows(conn: Connection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows (dicts with the same keys) into `table`."""
    if rows:
        columns = list(rows[0])
        conn.executemany(insert_sql(table, columns), [tuple(row[c] for c in columns) for row in rows])


def upsert_rows(conn: Connection, table: str, rows: Sequence[dict[str, Any]], pk: str) -> None:
    """Insert rows (dicts with the same keys) into `table`, replacing the other columns of stored ones."""
    if rows:
        columns = list(rows[0])
        conn.executemany(upsert_sql(table, columns, pk), [tuple(row[c] for c in columns) for row in rows])
