"""open_db(): a sqlite-utils Database in WAL mode with every migration applied."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from store import migrations
from store.errors import SchemaError

BUSY_TIMEOUT_MS = 30_000


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open the file (creating its folder) with WAL, foreign keys and a busy timeout."""
    path = Path(path)
    on_disk = str(path) != ":memory:"
    if on_disk:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if on_disk:
            db.enable_wal()
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as error:
        raise SchemaError(f"{path}: not an SQLite database ({error})") from error
    return db


def open_db(path: str | Path, migrate: bool = True) -> sqlite_utils.Database:
    """The database at `path`, migrated to the current schema (safe to call at every start)."""
    db = connect(path)
    if migrate:
        try:
            migrations.apply(db)
        except sqlite3.DatabaseError as error:
            raise SchemaError(f"{path}: cannot migrate ({error})") from error
    return db


def stats(db: sqlite_utils.Database) -> dict[str, int]:
    """Row counts of every table except the full-text shadow tables."""
    return {
        name: db[name].count
        for name in db.table_names()
        if not name.startswith("articles_fts") and not name.startswith("_")
    }
