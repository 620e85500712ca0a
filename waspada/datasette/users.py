"""Analysts' accounts: salted PBKDF2 password hashes in the `users` table."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sqlite3
from datetime import UTC, datetime
from functools import cache

import sqlite_utils

from store.db import read_only
from store.errors import InputError

ITERATIONS = 260_000
ALGORITHM = "pbkdf2_sha256"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
MIN_PASSWORD = 8


def hash_password(password: str, iterations: int = ITERATIONS) -> str:
    """A self-describing hash: algorithm$iterations$salt$hex digest."""
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations).hex()
    return f"{ALGORITHM}${iterations}${salt}${digest}"


def check_password(password: str, stored: str) -> bool:
    """True when `password` matches the stored hash (constant-time comparison)."""
    try:
        algorithm, iterations, salt, digest = stored.split("$")
    except ValueError:
        return False
    if algorithm != ALGORITHM:
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), int(iterations)).hex()
    return hmac.compare_digest(candidate, digest)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _validate(name: str, password: str) -> None:
    if not NAME_PATTERN.match(name):
        raise InputError(f"user name {name!r}: use 1-64 letters, digits, '_', '.', '@' or '-'")
    if len(password) < MIN_PASSWORD:
        raise InputError(f"password for {name}: at least {MIN_PASSWORD} characters")


def exists(db: sqlite_utils.Database, name: str) -> bool:
    """Whether an account called `name` exists."""
    return exists_conn(db.conn, name)


ROLES = ("analyst", "reviewer")


def add(db: sqlite_utils.Database, name: str, password: str, role: str = "analyst") -> None:
    """Create an account; raises InputError when the name is taken or the password too short."""
    _validate(name, password)
    if role not in ROLES:
        raise InputError(f"role {role!r}: use {' or '.join(ROLES)}")
    if exists(db, name):
        raise InputError(f"user {name} already exists (use `waspada users passwd {name}`)")
    with db.conn:
        db["users"].insert(
            {
                "name": name,
                "password_hash": hash_password(password),
                "role": role,
                "created_at": _now(),
                "updated_at": _now(),
            }
        )


def set_password(db: sqlite_utils.Database, name: str, password: str) -> None:
    """Replace an account's password."""
    _validate(name, password)
    if not exists(db, name):
        raise InputError(f"no user called {name}")
    with db.conn:
        db["users"].update(name, {"password_hash": hash_password(password), "updated_at": _now()})


def remove(db: sqlite_utils.Database, name: str) -> None:
    """Delete an account (its labels stay, signed with its name)."""
    if not exists(db, name):
        raise InputError(f"no user called {name}")
    with db.conn:
        db["users"].delete(name)


def listing(db: sqlite_utils.Database) -> list[dict]:
    """Every account's name and dates, never the hash."""
    return list(db.query("select name, role, created_at, updated_at from users order by name"))


def verify(db: sqlite_utils.Database, name: str, password: str) -> bool:
    """True when the account exists and the password matches."""
    return verify_conn(db.conn, name, password)


@cache
def _decoy_hash() -> str:
    """A hash checked for unknown names, so they take as long as known ones (no enumeration by timing)."""
    return hash_password(secrets.token_hex(16))


def verify_conn(conn: sqlite3.Connection, name: str, password: str) -> bool:
    """`verify` on a plain sqlite3 connection; an unknown name costs one hash check like a known one."""
    row = conn.execute("select password_hash from users where name = ?", [name]).fetchone()
    matches = check_password(password, row[0] if row else _decoy_hash())
    return bool(row) and matches


def session_stamp(password_hash: str) -> str:
    """A short digest of the stored hash: it changes with every new password, ending older sessions."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def stamp_file(path: str, name: str) -> str | None:
    """The current session stamp of `name`, or None when the account is gone (read-only connection)."""
    conn = read_only(path)
    try:
        row = conn.execute("select password_hash from users where name = ?", [name]).fetchone()
    finally:
        conn.close()
    return session_stamp(row[0]) if row else None


def exists_conn(conn: sqlite3.Connection, name: str) -> bool:
    """`exists` on a plain sqlite3 connection."""
    return conn.execute("select 1 from users where name = ?", [name]).fetchone() is not None


def verify_file(path: str, name: str, password: str) -> bool:
    """`verify` through a private read-only connection (the served ones cannot read hashes)."""
    conn = read_only(path)
    try:
        return verify_conn(conn, name, password)
    finally:
        conn.close()
