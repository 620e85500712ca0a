"""open_db(): a sqlite-utils Database in WAL mode, every migration applied; a missing or newer one refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from store import migrations
from store.errors import SchemaError

BUSY_TIMEOUT_MS = 30_000


def require_existing(path: str | Path) -> None:
    """Refuse a database file that is not there (a mistyped --db must not create an empty one)."""
    if str(path) != ":memory:" and not Path(path).is_file():
        raise SchemaError(
            f"{path}: no such database (create it with `waspada db migrate --db {path}`, "
            "`waspada crawl` or `waspada import`)"
        )


def refuse_newer(db: sqlite_utils.Database, path: str | Path) -> None:
    """Refuse a database whose recorded migrations this code does not know."""
    known = {name for name, _ in migrations.MIGRATIONS}
    unknown = sorted(migrations.applied(db) - known)
    if unknown:
        raise SchemaError(
            f"{path}: created by a newer Waspada (unknown migration {', '.join(unknown)}); "
            "upgrade Waspada to use it"
        )


def connect(path: str | Path, create: bool = True) -> sqlite_utils.Database:
    """Open the file (creating it and its folder only when `create`) with WAL, foreign keys, busy timeout."""
    path = Path(path)
    on_disk = str(path) != ":memory:"
    if not create:
        require_existing(path)
    elif on_disk:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if on_disk:
            db.enable_wal()
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")
        refuse_newer(db, path)
    except sqlite3.DatabaseError as error:
        raise SchemaError(f"{path}: not an SQLite database ({error})") from error
    return db


def open_db(path: str | Path, migrate: bool = True, create: bool = True) -> sqlite_utils.Database:
    """The database at `path`, migrated to the current schema (safe to call at every start).

    With `create=False` a missing file is a SchemaError naming the path instead of a new empty database.
    """
    db = connect(path, create=create)
    if migrate:
        try:
            migrations.apply(db)
        except sqlite3.DatabaseError as error:
            raise SchemaError(f"{path}: cannot migrate ({error})") from error
    return db


def read_only(path: str | Path) -> sqlite3.Connection:
    """A plain read-only connection (for reads that must bypass a served connection's authorizer)."""
    return sqlite3.connect(
        f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )


def rows(conn: sqlite3.Connection, sql: str, params: list | tuple = ()) -> list[dict]:
    """Rows of a plain sqlite3 connection as dicts (its row factory untouched)."""
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


MISSING_SQL = (
    "select count(*) from articles a where not exists (select 1 from {table} x where x.article_id = a.id)"
)


def backlog(db: sqlite_utils.Database) -> dict[str, int]:
    """Articles a later stage has not reached yet: not tagged by any model, not in a story."""
    missing = {"untagged": "article_tags", "without_story": "story_articles"}
    return {key: db.execute(MISSING_SQL.format(table=table)).fetchone()[0] for key, table in missing.items()}


def stats(db: sqlite_utils.Database) -> dict[str, int]:
    """Row counts of every table except the full-text shadow tables."""
    return {
        name: db[name].count
        for name in db.table_names()
        if not name.startswith("articles_fts") and not name.startswith("_")
    }
