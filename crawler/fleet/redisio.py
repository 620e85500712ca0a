"""Redis connection and key names shared by the fleet's crawlers, writer and status."""

from __future__ import annotations

from redis import Redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from store.errors import ConfigError

PREFIX = "waspada:fleet:"
STREAM = PREFIX + "articles"  # extracted articles, errors and validators, in the order crawlers saw them
GROUP = "writers"  # the consumer group the ingest writer reads with
KNOWN = PREFIX + "urls"  # every stored URL form (set), warmed from SQLite by the writer
VALIDATORS = PREFIX + "validators"  # url -> "etag\nlast-modified" (hash)
PROCESSES = PREFIX + "processes"  # process name -> JSON of what it does and its counters (hash)
QUEUE = "waspada-crawl"  # the RQ queue of crawl jobs
RETRY_SECONDS = 60  # how long a call keeps retrying while Redis restarts


def pack_validators(etag: str | None, last_modified: str | None) -> str:
    """The VALIDATORS value of a URL's (ETag, Last-Modified)."""
    return f"{etag or ''}\n{last_modified or ''}"


def unpack_validators(value: str) -> tuple[str | None, str | None]:
    """(ETag, Last-Modified) of a VALIDATORS value, None for an empty part."""
    etag, _, last_modified = value.partition("\n")
    return etag or None, last_modified or None


def connect(url: str) -> Redis:
    """A client for redis://HOST:PORT/DB that retries for about a minute while Redis is away."""
    try:
        Redis.from_url(url, socket_connect_timeout=5).ping()  # fail fast on a wrong address
    except (ValueError, RedisError) as error:
        raise ConfigError(f"--fleet {url}: cannot reach Redis ({error})") from error
    return Redis.from_url(
        url,
        retry=Retry(ExponentialBackoff(cap=2.0, base=0.1), retries=RETRY_SECONDS),
        retry_on_error=[RedisConnectionError, RedisTimeoutError],
        health_check_interval=10,
    )
