"""Writing articles: the one place that inserts an article row with the URLs it was seen under."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from store.errors import InputError

# Field names that hold an article's body and headline in the JSON of other tools (news-please,
# news-watch, trafilatura) and of `waspada export`, tried in order by `waspada import` and `classify`.
TEXT_FIELDS = ("text", "maintext", "content")
TITLE_FIELDS = ("title",)
# An article's time in SQL: published, else fetched (the expression idx_articles_seen_source starts with).
SEEN = "coalesce(a.published_at, a.fetched_at)"


def first_text(record: dict[str, Any], names: tuple[str, ...]) -> str:
    """The first non-blank string among the record's `names` fields, else ""."""
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return ""


# The columns of `articles` a caller may set (`id` is assigned by SQLite).
article_fields: tuple[str, ...] = (
    "canonical_url",
    "url",
    "title",
    "text",
    "lead",
    "author",
    "credit",
    "published_at",
    "published_local",
    "tz",
    "date_source",
    "fetched_at",
    "source",
    "language",
    "content_hash",
    "dup_of",
    "dup_score",
    "crawl_run",
)
REQUIRED = ("canonical_url", "url", "source")
WORD = re.compile(r"\w+", re.UNICODE)


def normalized_text(text: str | None) -> str:
    """Lower-case words only, single-spaced: what "the same text" means (hashes and shingles)."""
    return " ".join(WORD.findall((text or "").lower()))


def content_hash(text: str | None) -> str:
    """SHA-1 of the normalised text: equal for copies differing in case, spacing or punctuation."""
    return hashlib.sha1(normalized_text(text).encode("utf-8")).hexdigest()


def article_id(
    db: sqlite_utils.Database, canonical_url: str, urls: list[str] | tuple[str, ...] = ()
) -> int | None:
    """The id of the article stored under this canonical URL or seen under one of `urls`, or None."""
    row = db.execute("select id from articles where canonical_url = ?", [canonical_url]).fetchone()
    if row is None and urls:
        marks = ", ".join("?" for _ in urls)
        row = db.execute(
            f"select article_id from article_urls where url in ({marks}) limit 1", list(urls)
        ).fetchone()
    return int(row[0]) if row else None


def utc_iso(moment: datetime) -> str:
    """An aware datetime as UTC ISO 8601 to the second with a Z, as timestamps are stored."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def utc_now() -> str:
    """The current time as UTC ISO 8601 with a Z, as the crawler stores it."""
    return utc_iso(datetime.now(UTC))


def known_urls(db: sqlite_utils.Database) -> set[str]:
    """Every URL already stored: canonical URLs and every variant in `article_urls`."""
    seen = {row[0] for row in db.execute("select canonical_url from articles")}
    seen.update(row[0] for row in db.execute("select url from article_urls"))
    return seen


def prepare(record: dict[str, Any]) -> dict[str, Any]:
    """The row to insert: only known columns, required ones present, fetched_at and content_hash filled."""
    unknown = sorted(set(record) - set(article_fields))
    if unknown:
        raise InputError(f"unknown article field(s): {', '.join(unknown)}")
    missing = [field for field in REQUIRED if not record.get(field)]
    if missing:
        raise InputError(f"article {record.get('url') or '?'} lacks {', '.join(missing)}")
    row = dict(record)
    row["fetched_at"] = row.get("fetched_at") or utc_now()
    if not row.get("content_hash") and row.get("text"):
        row["content_hash"] = content_hash(row["text"])
    return row


def insert_article(db: sqlite_utils.Database, record: dict[str, Any], urls: list[str]) -> int:
    """Insert one article and the URLs it was seen under, atomically; return its id.

    An article already stored under the same canonical URL (or seen under one of `urls`) is left
    as it is and its id returned; nothing is inserted then.
    Safe inside a caller's transaction (a savepoint is used then).
    """
    row = prepare(record)
    seen_under = list(dict.fromkeys(url for url in [*urls, row["url"], row["canonical_url"]] if url))
    existing = article_id(db, row["canonical_url"], seen_under)
    if existing is not None:
        return existing
    columns = list(row)
    sql = f"insert into articles ({', '.join(columns)}) values ({', '.join('?' for _ in columns)})"
    with db.atomic():
        new_id = db.execute(sql, [row[column] for column in columns]).lastrowid
        db.conn.executemany(
            "insert or ignore into article_urls (url, article_id) values (?, ?)",
            [(url, new_id) for url in seen_under],
        )
    return int(new_id)
