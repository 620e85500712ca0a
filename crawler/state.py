"""One crawl run's database side: known URLs, validators, errors, counts and atomic article inserts."""

from __future__ import annotations

import json
import logging
from collections import Counter
from typing import Any

from crawler import dedup, urls
from crawler.copies import Copies
from crawler.items import Article
from crawler.nearindex import day_of
from store.articles import article_id, insert_article, utc_now
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
        self.copies = Copies(self.conn, near_days)
        with self.conn:
            cursor = self.conn.execute(
                "insert into crawl_runs (started, status, sources, since, new, unchanged, duplicates,"
                " near_duplicates, errors, counts) values (?, 'running', ?, ?, 0, 0, 0, 0, 0, '{}')",
                [utc_now(), json.dumps(source_names), since],
            )
        self.run_id = int(cursor.lastrowid)

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
        link = self.copies.link(digest, minhash, day, article.published_at)
        data = article.row() | {"content_hash": digest, "crawl_run": self.run_id, **link.columns()}
        # One transaction for the row, its URLs, its signature and the repointed copies: `with self.conn`
        # opens none before the first write, so insert_article would commit the row alone and a crawl
        # killed between the two commits left an article without a signature.
        with self.db.atomic():
            new_id = insert_article(self.db, data, forms)
            self.copies.record(new_id, link, dedup.to_bytes(minhash))
        self.copies.remember(new_id, minhash, day)
        self.count("new")
        if link.outcome != "new":
            self.count(link.outcome)
        return link.outcome

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
