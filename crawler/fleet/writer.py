"""The fleet's one writer: reads the stream in a consumer group, dedups, stores, acknowledges after commit."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from redis import Redis
from redis.exceptions import ResponseError

from crawler.fleet import redisio
from crawler.fleet.state import decode_article, process_name
from crawler.sources import save_sources
from crawler.state import CrawlState
from crawler.urls import keys
from store.articles import utc_now

BATCH = 200
WARM_BATCH = 10_000
CLAIM_IDLE_MS = 60_000  # entries another writer has held this long unacknowledged are taken over


def ensure_group(client: Redis) -> None:
    """The stream and its consumer group (created once, reading from the beginning)."""
    try:
        client.xgroup_create(redisio.STREAM, redisio.GROUP, id="0", mkstream=True)
    except ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise


def warm(client: Redis, state: CrawlState) -> int:
    """Copy every stored URL form and every validator from SQLite to Redis; returns the URLs sent."""
    sent = 0
    cursor = state.conn.execute("select url from article_urls")
    while rows := cursor.fetchmany(WARM_BATCH):
        client.sadd(redisio.KNOWN, *[row[0] for row in rows])
        sent += len(rows)
    cache = state.conn.execute("select url, etag, last_modified from http_cache").fetchall()
    if cache:
        values = {url: redisio.pack_validators(etag, modified) for url, etag, modified in cache}
        client.hset(redisio.VALIDATORS, mapping=values)
    return sent


class Writer:
    """Stores stream entries into SQLite through CrawlState (today's dedup and atomic insert)."""

    def __init__(self, client: Redis, db_path: str, consumer: str | None = None, batch: int = BATCH) -> None:
        self.redis = client
        self.batch = batch
        self.state = CrawlState(db_path, ["fleet"], None)
        self.consumer = consumer or process_name()
        self.stored = 0
        self.started = time.time()
        ensure_group(client)

    def apply(self, fields: dict[bytes, bytes]) -> list[str]:
        """Store one entry; returns the URL forms now known (idempotent: a re-delivered article is found
        by its URL and never stored twice)."""
        kind = fields.get(b"kind", b"").decode()
        data = fields.get(b"data", b"{}").decode("utf-8")
        if kind == "article":
            article = decode_article(data)
            self.state.store(article)
            return keys(*article.seen_urls, article.url, article.canonical_url)
        if kind == "error":
            row: dict[str, Any] = json.loads(data)
            self.state.error(row["source"], row["url"], row["reason"], row["http_status"], row["message"])
        elif kind == "validators":
            self.save_validators(json.loads(data))
        elif kind == "sources":
            save_sources(self.state.db, json.loads(data))  # their province and zone, as `waspada crawl` does
        return []

    def save_validators(self, values: dict[str, str]) -> None:
        with self.state.conn:
            self.state.conn.executemany(
                "insert or replace into http_cache (url, etag, last_modified, checked_at)"
                " values (?, ?, ?, ?)",
                [(url, *redisio.unpack_validators(value), utc_now()) for url, value in values.items()],
            )

    def handle(self, entries: list[tuple[bytes, dict[bytes, bytes]]]) -> int:
        """Apply entries in order (each its own commit), then acknowledge and delete them at once."""
        if not entries:
            return 0
        known: list[str] = []
        for _, fields in entries:
            if fields:  # a claimed entry deleted meanwhile comes back empty
                known += self.apply(fields)
        ids = [entry_id for entry_id, _ in entries]
        pipe = self.redis.pipeline()
        if known:
            pipe.sadd(redisio.KNOWN, *known)
        pipe.xack(redisio.STREAM, redisio.GROUP, *ids)
        pipe.xdel(redisio.STREAM, *ids)
        pipe.execute()
        self.stored += len(entries)
        return len(entries)

    def step(self, block_ms: int, claim_idle_ms: int) -> int:
        """One round: own pending entries (a restart), entries of dead writers, then new ones."""
        own = self.redis.xreadgroup(redisio.GROUP, self.consumer, {redisio.STREAM: "0"}, count=self.batch)
        done = self.handle(own[0][1] if own else [])
        _, claimed, _ = self.redis.xautoclaim(
            redisio.STREAM, redisio.GROUP, self.consumer, claim_idle_ms, start_id="0-0", count=self.batch
        )
        done += self.handle(claimed)
        if done:
            return done
        fresh = self.redis.xreadgroup(
            redisio.GROUP, self.consumer, {redisio.STREAM: ">"}, count=self.batch, block=block_ms
        )
        return self.handle(fresh[0][1] if fresh else [])

    def report(self) -> None:
        """This writer's row in `waspada fleet status`."""
        row = {"job": "ingest", "sources": [], "status": "writing", "started": self.started,
               "updated": time.time(), "stored": self.stored,
               "articles": self.state.counts["new"]}  # fmt: skip
        self.redis.hset(redisio.PROCESSES, self.consumer, json.dumps(row))

    def run(
        self, idle_exit: float | None, claim_idle_ms: int = CLAIM_IDLE_MS, stop: Callable[[], bool] = bool
    ) -> dict:
        """Write until stopped (or, with idle_exit, until nothing arrived for that many seconds)."""
        warm(self.redis, self.state)
        last = time.time()
        try:
            while not stop():
                if self.step(block_ms=1000, claim_idle_ms=claim_idle_ms):
                    last = time.time()
                elif idle_exit is not None and time.time() - last >= idle_exit:
                    break
                self.report()
            return self.state.finish("finished")
        finally:
            self.redis.hdel(redisio.PROCESSES, self.consumer)
            self.state.close()
