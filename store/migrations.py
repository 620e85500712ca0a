"""The schema, versioned: every table is created here and nowhere else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[tuple[str, Migration]] = []
MIGRATIONS_TABLE = "_migrations"


def migration(func: Migration) -> Migration:
    """Register a migration; they run once each, in the order they are defined."""
    MIGRATIONS.append((func.__name__, func))
    return func


def applied(db: sqlite_utils.Database) -> set[str]:
    """Names of the migrations already recorded in this database."""
    if MIGRATIONS_TABLE not in db.table_names():
        return set()
    return {row["name"] for row in db[MIGRATIONS_TABLE].rows}


def pending(db: sqlite_utils.Database) -> list[str]:
    """Names of the migrations this database still needs."""
    done = applied(db)
    return [name for name, _ in MIGRATIONS if name not in done]


def apply(db: sqlite_utils.Database) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied."""
    db[MIGRATIONS_TABLE].create(
        {"name": str, "applied_at": str}, pk="name", if_not_exists=True
    )
    done = applied(db)
    ran = []
    for name, func in MIGRATIONS:
        if name in done:
            continue
        with db.conn:
            func(db)
            db[MIGRATIONS_TABLE].insert(
                {"name": name, "applied_at": datetime.now(UTC).isoformat(timespec="seconds")}
            )
        ran.append(name)
    return ran


@migration
def m001_crawl(db: sqlite_utils.Database) -> None:
    """Sources, articles (with full-text search), crawl runs and their errors."""
    db["sources"].create(
        {
            "name": str,
            "title": str,
            "kind": str,  # wordpress | feed | sitemap | html
            "home_url": str,
            "province_code": str,
            "tz": str,
            "config": str,  # JSON of the sources.yaml entry
            "updated_at": str,
        },
        pk="name",
    )
    db["articles"].create(
        {
            "id": int,
            "canonical_url": str,
            "url": str,
            "title": str,
            "text": str,
            "lead": str,
            "author": str,
            "credit": str,
            "published_at": str,  # UTC ISO 8601
            "published_local": str,  # as written, with its zone
            "tz": str,  # WIB | WITA | WIT | an IANA name
            "date_source": str,  # meta | feed | dateline | none
            "fetched_at": str,
            "source": str,
            "language": str,
            "content_hash": str,
            "dup_of": int,
            "dup_score": float,
            "crawl_run": int,
        },
        pk="id",
        not_null={"canonical_url", "url", "source", "fetched_at"},
        foreign_keys=[("dup_of", "articles", "id")],
    )
    db["articles"].create_index(["canonical_url"], unique=True)
    db["articles"].create_index(["content_hash"])
    db["articles"].create_index(["published_at"])
    db["articles"].create_index(["source"])
    db["articles"].create_index(["dup_of"])
    db["articles"].enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61")
    # Every URL under which an article was seen (AMP copies, ?p=ID, tracking variants).
    db["article_urls"].create(
        {"url": str, "article_id": int}, pk="url", foreign_keys=[("article_id", "articles", "id")]
    )
    db["article_urls"].create_index(["article_id"])
    # MinHash signatures, so near-duplicate detection survives between crawls.
    db["article_minhash"].create(
        {"article_id": int, "signature": bytes},
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    # Validators for conditional GET of feeds, API pages and sitemaps.
    db["http_cache"].create(
        {"url": str, "etag": str, "last_modified": str, "checked_at": str}, pk="url"
    )
    db["crawl_runs"].create(
        {
            "id": int,
            "started": str,
            "finished": str,
            "status": str,  # running | finished | failed (a killed run stays running)
            "sources": str,  # JSON list of source names
            "since": str,
            "new": int,
            "unchanged": int,
            "duplicates": int,
            "near_duplicates": int,
            "errors": int,
            "counts": str,  # JSON: every outcome and error reason with its count
        },
        pk="id",
    )
    db["crawl_errors"].create(
        {
            "id": int,
            "run": int,
            "at": str,
            "source": str,
            "url": str,
            "reason": str,  # http_404, http_500, timeout, too_large, redirect_loop, not_article, ...
            "http_status": int,
            "message": str,
        },
        pk="id",
        foreign_keys=[("run", "crawl_runs", "id")],
    )
    db["crawl_errors"].create_index(["run"])
    db["crawl_errors"].create_index(["reason"])


@migration
def m002_regions(db: sqlite_utils.Database) -> None:
    """The gazetteer's regions, every region mention, and each article's primary place."""
    db["regions"].create(
        {
            "code": str,  # dotted Kemendagri code: "63", "63.71"
            "level": str,  # province | regency
            "name": str,
            "province_code": str,
            "lat": float,
            "lng": float,
        },
        pk="code",
    )
    db["region_mentions"].create(
        {
            "id": int,
            "article_id": int,
            "code": str,
            "level": str,  # province | regency | district
            "field": str,  # title | text
            "start": int,  # character offsets in that field
            "end": int,
            "text": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["region_mentions"].create_index(["article_id"])
    db["region_mentions"].create_index(["code"])
    db["article_places"].create(
        {
            "article_id": int,
            "province_code": str,
            "regency_code": str,
            "confidence": float,
            "reason": str,  # dateline | explicit | majority | source_default | none
            "lat": float,
            "lng": float,
            "tagger_version": str,
            "tagged_at": str,
        },
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_places"].create_index(["province_code"])
    db["article_places"].create_index(["regency_code"])


@migration
def m003_tags(db: sqlite_utils.Database) -> None:
    """Classifier results, impact figures, analysts' labels and model versions."""
    db["article_tags"].create(
        {
            "article_id": int,
            "model_version": str,
            "conflict": int,
            "conflict_score": float,
            "themes": str,  # JSON list of theme names above threshold
            "theme_scores": str,  # JSON {theme: probability}
            "killed": int,
            "injured": int,
            "damaged": int,
            "tagged_at": str,
        },
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_tags"].create_index(["conflict"])
    db["article_tags"].create_index(["model_version"])
    db["labels"].create(
        {
            "id": int,
            "article_id": int,
            "conflict": int,
            "themes": str,  # JSON list
            "province_code": str,
            "regency_code": str,
            "annotator": str,
            "created_at": str,
            "note": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["labels"].create_index(["article_id"])
    db["models"].create(
        {
            "version": str,
            "created_at": str,
            "path": str,
            "metrics": str,  # JSON summary of the CV metrics
            "status": str,  # candidate | current | retired
            "promoted_at": str,
        },
        pk="version",
    )
