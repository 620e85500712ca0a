"""One crawl run's database side: known URLs, validators, errors, counts and atomic article inserts."""

from __future__ import annotations

import json
import logging
from collections import Counter
from typing import Any

from crawler import dedup, urls
from crawler.items import Article
from crawler.nearindex import DEFAULT_DAYS, WindowedNearDuplicates, day_of
from store import config
from store.articles import SEEN, article_id, insert_article, utc_now
from store.db import open_db

log = logging.getLogger(__name__)


class RunTally:
    """What a crawl process keeps in memory whatever it writes to: counters, validators, URL variants."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.pages = 0
        self.pending_validators: dict[str, tuple[str | None, str | None]] = {}
        self.aliases: dict[str, set[str]] = {}  # normalised key -> variant URLs not fetched this run

    def alias(self, url: str) -> None:
        """A variant (AMP, tracking) of a URL already scheduled: remember it with that article."""
        self.aliases.setdefault(urls.normalize(url), set()).add(urls.without_fragment(url))

    def remember_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Keep validators until the run finishes (a killed run must re-read its feeds)."""
        self.pending_validators[url] = (etag, last_modified)

    def count(self, outcome: str) -> None:
        """Count an outcome (new, unchanged, duplicate, near_duplicate, not_modified, sent …)."""
        self.counts[outcome] += 1


class CrawlState(RunTally):
    """The run row, its counters and every database read and write the crawl makes."""

    def __init__(
        self, db_path: str, source_names: list[str], since: str | None, near_days: int | None = None
    ) -> None:
        super().__init__()
        self.db = open_db(db_path)
        self.conn = self.db.conn
        self.source_errors: dict[str, Counter[str]] = {}
        days = near_days if near_days is not None else int(config.get("near_days") or DEFAULT_DAYS)
        self.near = WindowedNearDuplicates(self._signatures_of_day, days=days)
        with self.conn:
            cursor = self.conn.execute(
                "insert into crawl_runs (started, status, sources, since, new, unchanged, duplicates,"
                " near_duplicates, errors, counts) values (?, 'running', ?, ?, 0, 0, 0, 0, 0, '{}')",
                [utc_now(), json.dumps(source_names), since],
            )
        self.run_id = int(cursor.lastrowid)

    def _signatures_of_day(self, day: str) -> list[tuple[int, bytes]]:
        """(article_id, signature) of the articles published (or, undated, fetched) on `day`."""
        return self.conn.execute(
            "select m.article_id, m.signature from articles a join article_minhash m on m.article_id = a.id"
            f" where {SEEN} >= ? and {SEEN} < ?",
            [day, day + "~"],  # '~' sorts after every character of an ISO timestamp
        ).fetchall()

    # URLs ---------------------------------------------------------------------------------
    def article_for(self, *seen: str | None) -> int | None:
        """The stored article reached under any form of these URLs, if any."""
        forms = urls.keys(*seen)
        if not forms:
            return None
        marks = ",".join("?" * len(forms))
        row = self.conn.execute(f"select article_id from article_urls where url in ({marks}) limit 1", forms)
        found = row.fetchone()
        return int(found[0]) if found else None

    def _with_aliases(self, forms: list[str]) -> list[str]:
        extra = [alias for form in forms for alias in sorted(self.aliases.pop(form, ()))]
        return forms + [alias for alias in extra if alias not in forms]

    def known(self, url: str) -> bool:
        """True when an article was already stored under this URL (in any variant)."""
        return self.article_for(url) is not None

    # Conditional GET ----------------------------------------------------------------------------
    def validators_for(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) stored for a feed, API page or sitemap URL."""
        row = self.conn.execute("select etag, last_modified from http_cache where url = ?", [url]).fetchone()
        return (row[0], row[1]) if row else (None, None)

    # Outcomes -------------------------------------------------------------------------------
    def error(
        self, source: str, url: str | None, reason: str, http_status: int | None = None, message: str = ""
    ) -> None:
        """Record one failure as one crawl_errors row."""
        self.errors[reason] += 1
        self.source_errors.setdefault(source, Counter())[reason] += 1
        with self.conn:
            self.conn.execute(
                "insert into crawl_errors (run, at, source, url, reason, http_status, message)"
                " values (?, ?, ?, ?, ?, ?, ?)",
                [self.run_id, utc_now(), source, url, reason, http_status, message[:500]],
            )

    # Articles -------------------------------------------------------------------------------
    def _link_urls(self, article_id: int, forms: list[str]) -> None:
        self.conn.executemany(
            "insert or ignore into article_urls (url, article_id) values (?, ?)",
            [(form, article_id) for form in forms],
        )

    def _root(self, article_id: int) -> int:
        """The first copy: follow dup_of once (dup_of always points at a first copy)."""
        row = self.conn.execute("select dup_of from articles where id = ?", [article_id]).fetchone()
        return int(row[0]) if row and row[0] else article_id

    def _copy_of(self, digest: str, minhash: Any, day: str) -> tuple[int, float, str] | None:
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

    def store(self, article: Article) -> str:
        """Store an article, or link its URLs to the stored copy; returns the outcome counted."""
        forms = self._with_aliases(urls.keys(*article.seen_urls, article.url, article.canonical_url))
        existing = article_id(self.db, article.canonical_url, urls.keys(article.canonical_url))
        if existing is not None:
            with self.conn:
                self._link_urls(existing, forms)
            self.count("duplicate")
            return "duplicate"
        minhash = dedup.from_bytes(article.signature) if article.signature else dedup.signature(article.text)
        digest = dedup.content_hash(article.text)
        day = day_of(article.published_at, article.fetched_at)
        copy = self._copy_of(digest, minhash, day)
        first = copy is not None and self._earlier(article.published_at, copy[0])
        data = article.row() | {
            "content_hash": digest,
            "crawl_run": self.run_id,
            "dup_of": copy[0] if copy and not first else None,
            "dup_score": copy[1] if copy and not first else None,
        }
        # One transaction for the row, its URLs, its signature and the repointed copies: `with self.conn`
        # opens none before the first write, so insert_article would commit the row alone and a crawl
        # killed between the two commits left an article without a signature.
        with self.db.atomic():
            new_id = self._insert(data, forms, minhash)
            if copy and first:
                self._repoint(copy[0], new_id, copy[1])
        self.near.add(new_id, minhash, day)
        self.count("new")
        if copy:
            self.count(copy[2])
        return copy[2] if copy else "new"

    def _insert(self, data: dict[str, Any], forms: list[str], minhash: Any) -> int:
        """The article row, its URLs and its signature (inside the caller's transaction)."""
        article_id = insert_article(self.db, data, forms)
        self.conn.execute(
            "insert into article_minhash (article_id, signature) values (?, ?)",
            [article_id, dedup.to_bytes(minhash)],
        )
        return article_id

    def _earlier(self, published_at: str | None, stored_id: int) -> bool:
        """True when the new article was published before the stored first copy (so it is the original)."""
        row = self.conn.execute("select published_at from articles where id = ?", [stored_id]).fetchone()
        return bool(published_at and (row is None or row[0] is None or published_at < row[0]))

    def _repoint(self, old_root: int, new_root: int, score: float) -> None:
        """The new article is the earliest copy: the old first copy and its copies now point to it."""
        self.conn.execute(
            "update articles set dup_of = ? where dup_of = ? and id != ?", [new_root, old_root, new_root]
        )
        self.conn.execute(
            "update articles set dup_of = ?, dup_score = ? where id = ?", [new_root, score, old_root]
        )

    # The run ----------------------------------------------------------------------------------
    def summary(self) -> dict[str, Any]:
        """Counts of this run so far."""
        near = self.counts["near_duplicate"] + self.counts["exact_copy"]
        return {
            "run": self.run_id,
            "new": self.counts["new"],
            "unchanged": self.counts["unchanged"],
            "duplicates": self.counts["duplicate"],
            "near_duplicates": near,
            "errors": sum(self.errors.values()),
            "pages": self.pages,
            "counts": dict(sorted((self.counts + self.errors).items())),
            "errors_by_reason": dict(sorted(self.errors.items())),
            "errors_by_source": {name: dict(found) for name, found in sorted(self.source_errors.items())},
        }

    def finish(self, status: str) -> dict[str, Any]:
        """Close the run row; on success also save the validators for the next conditional GET."""
        summary = self.summary()
        with self.conn:
            if status == "finished":
                self.conn.executemany(
                    "insert or replace into http_cache (url, etag, last_modified, checked_at)"
                    " values (?, ?, ?, ?)",
                    [
                        (url, etag, modified, utc_now())
                        for url, (etag, modified) in self.pending_validators.items()
                    ],
                )
            self.conn.execute(
                "update crawl_runs set finished = ?, status = ?, new = ?, unchanged = ?, duplicates = ?,"
                " near_duplicates = ?, errors = ?, counts = ? where id = ?",
                [
                    utc_now(),
                    status,
                    summary["new"],
                    summary["unchanged"],
                    summary["duplicates"],
                    summary["near_duplicates"],
                    summary["errors"],
                    json.dumps(summary["counts"]),
                    self.run_id,
                ],
            )
        summary["status"] = status
        return summary

    def close(self) -> None:
        """Close the database connection."""
        self.conn.close()
