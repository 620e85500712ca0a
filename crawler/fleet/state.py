"""A crawler's side of the fleet: CrawlState's interface on Redis (articles go to the stream, not SQLite)."""

from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import asdict
from typing import Any

from redis import Redis

from crawler import urls
from crawler.fleet import redisio
from crawler.items import Article
from crawler.state import RunTally

STATS_EVERY = 2.0  # seconds between updates of this process's row in `waspada fleet status`


def process_name() -> str:
    """host:pid, the name a process shows in `waspada fleet status`."""
    return f"{socket.gethostname()}:{os.getpid()}"


def encode_article(article: Article) -> dict[str, str]:
    """Stream fields of one article (the signature as hex)."""
    data = asdict(article) | {"signature": article.signature.hex() if article.signature else None}
    return {"kind": "article", "data": json.dumps(data, ensure_ascii=False)}


def decode_article(data: str) -> Article:
    """The Article of a stream entry."""
    fields = json.loads(data)
    signature = fields.pop("signature", None)
    return Article(**fields, signature=bytes.fromhex(signature) if signature else None)


class FleetState(RunTally):
    """Known URLs and validators read from Redis; articles, errors and validators added to the stream."""

    def __init__(self, client: Redis, job: str, source_names: list[str], backlog_limit: int = 10_000) -> None:
        super().__init__()
        self.redis = client
        self.job = job
        self.sources = source_names
        self.backlog_limit = backlog_limit
        self.name = process_name()
        self.started = time.time()
        self.reported = 0.0
        self.run_id = 0

    # URLs ---------------------------------------------------------------------------------------
    def known(self, url: str) -> bool:
        """True when the fleet's writer has stored an article under any form of this URL."""
        forms = urls.keys(url)
        return bool(forms) and any(self.redis.smismember(redisio.KNOWN, forms))

    # Conditional GET ------------------------------------------------------------------------------
    def validators_for(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) the fleet holds for a feed, API page or sitemap URL."""
        value = self.redis.hget(redisio.VALIDATORS, url)
        if not value:
            return None, None
        return redisio.unpack_validators(value.decode("latin-1"))

    # Outcomes ---------------------------------------------------------------------------------------
    def error(
        self, source: str, url: str | None, reason: str, http_status: int | None = None, message: str = ""
    ) -> None:
        """One failure, stored by the writer as a crawl_errors row."""
        self.errors[reason] += 1
        row = {"source": source, "url": url, "reason": reason, "http_status": http_status, "message": message}
        self.redis.xadd(redisio.STREAM, {"kind": "error", "data": json.dumps(row, ensure_ascii=False)})

    def backlog(self) -> int:
        """Entries in the stream not yet stored and acknowledged by the writer."""
        return int(self.redis.xlen(redisio.STREAM))

    def store(self, article: Article) -> str:
        """Add the article to the stream for the writer (dedup happens there)."""
        extra = [
            alias
            for form in urls.keys(*article.seen_urls, article.url, article.canonical_url)
            for alias in self.aliases.pop(form, ())
        ]
        article.seen_urls = list(dict.fromkeys([*article.seen_urls, *extra]))
        self.redis.xadd(redisio.STREAM, encode_article(article))
        self.count("sent")
        self.report()
        return "sent"

    # This process ---------------------------------------------------------------------------------
    def report(self, force: bool = False, status: str = "crawling") -> None:
        """Publish this process's job and counters for `waspada fleet status` (every few seconds)."""
        now = time.time()
        if not force and now - self.reported < STATS_EVERY:
            return
        self.reported = now
        row = {"job": self.job, "sources": self.sources, "status": status, "started": self.started,
               "updated": now, "pages": self.pages, "sent": self.counts["sent"],
               "errors": sum(self.errors.values())}  # fmt: skip
        self.redis.hset(redisio.PROCESSES, self.name, json.dumps(row))

    def summary(self) -> dict[str, Any]:
        """Counts of this job so far."""
        return {"job": self.job, "pages": self.pages, "counts": dict(self.counts + self.errors),
                "errors_by_reason": dict(sorted(self.errors.items()))}  # fmt: skip

    def finish(self, status: str) -> dict[str, Any]:
        """On success, hand the validators to the fleet (Redis now, SQLite through the writer)."""
        if status == "finished" and self.pending_validators:
            values = {url: redisio.pack_validators(*pair) for url, pair in self.pending_validators.items()}
            self.redis.hset(redisio.VALIDATORS, mapping=values)
            self.redis.xadd(redisio.STREAM, {"kind": "validators", "data": json.dumps(values)})
        self.report(force=True, status=status)
        return self.summary() | {"status": status}

    def close(self) -> None:
        """Forget this process's row in the status."""
        self.redis.hdel(redisio.PROCESSES, self.name)
