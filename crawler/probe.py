"""Reachability of sources: fetch robots.txt and the feed, API or sitemap once, with a short timeout."""

from __future__ import annotations

import socket
import ssl
import urllib.error
import urllib.request
import urllib.robotparser
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

MAX_BYTES = 512 * 1024  # enough to see that a feed or sitemap answers; the crawl reads the rest
ENTRY_FIELDS = {"wordpress": "api_url", "feed": "feed_url", "sitemap": "sitemap_url", "html": "list_url"}


@dataclass(frozen=True)
class Fetch:
    """One GET: the HTTP status (None when no answer came), bytes read and a plain-words problem."""

    url: str
    status: int | None
    size: int = 0
    problem: str | None = None
    body: bytes = b""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 400


@dataclass(frozen=True)
class Probe:
    """A source's check: `state` is reachable | blocked | http-error | offline | unreachable."""

    name: str
    state: str
    detail: str

    @property
    def reachable(self) -> bool:
        return self.state == "reachable"


def entry_url(source: dict[str, Any]) -> str:
    """The URL the crawler starts from for this source's kind."""
    return source.get(ENTRY_FIELDS[source["kind"]]) or source["home_url"]


def robots_url(url: str) -> str:
    """The robots.txt of the site serving `url`."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


def describe(error: BaseException, timeout: float) -> str:
    """A network failure in plain words."""
    reason = getattr(error, "reason", error)
    if isinstance(reason, socket.gaierror):
        return "offline: DNS lookup failed (no network?)"
    if isinstance(reason, ConnectionRefusedError):
        return "unreachable: connection refused"
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"unreachable: no answer within {timeout:g}s"
    if isinstance(reason, ssl.SSLError):
        return f"unreachable: TLS error ({reason.reason or reason})"
    if isinstance(reason, OSError) and reason.strerror:
        return f"unreachable: {reason.strerror.lower()}"
    return f"unreachable: {reason}"


def fetch(url: str, timeout: float, user_agent: str) -> Fetch:
    """GET `url` once; never raises for network trouble."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            body = response.read(MAX_BYTES)
            return Fetch(url, response.status, len(body), body=body)
    except urllib.error.HTTPError as error:
        return Fetch(url, error.code, problem=f"HTTP {error.code}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        return Fetch(url, None, problem=describe(error, timeout))


def allowed(robots: Fetch, url: str, user_agent: str) -> bool:
    """Whether robots.txt lets us fetch `url` (a missing robots.txt allows everything)."""
    if not robots.ok:
        return True
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(robots.body.decode("utf-8", "replace").splitlines())
    return parser.can_fetch(user_agent, url)


def check(source: dict[str, Any], timeout: float, user_agent: str) -> Probe:
    """Fetch robots.txt, then the entry URL; say in one line what happened."""
    url = entry_url(source)
    robots = fetch(robots_url(url), timeout, user_agent)
    if robots.status is None:
        return Probe(source["name"], robots.problem.split(":")[0], robots.problem)
    robots_note = f"robots.txt HTTP {robots.status}"
    if not allowed(robots, url, user_agent):
        return Probe(source["name"], "blocked", f"blocked: {robots_note} disallows {url}")
    entry = fetch(url, timeout, user_agent)
    field = ENTRY_FIELDS[source["kind"]].removesuffix("_url")
    if not entry.ok and source["kind"] == "wordpress" and source.get("feed_url"):
        fallback = fetch(source["feed_url"], timeout, user_agent)
        if fallback.ok:  # the crawler falls back to the feed when the REST API is closed
            said = entry.problem or f"HTTP {entry.status}"
            entry, field = fallback, f"feed (api: {said})"
    if entry.ok:
        return Probe(
            source["name"],
            "reachable",
            f"reachable: {field} HTTP {entry.status} ({entry.size:,} bytes); {robots_note}",
        )
    if entry.status is not None:
        return Probe(source["name"], "http-error", f"HTTP {entry.status}: {field} at {url}; {robots_note}")
    return Probe(
        source["name"], entry.problem.split(":")[0], f"{entry.problem} ({field} at {url}; {robots_note})"
    )


def check_all(
    sources: list[dict[str, Any]], timeout: float, user_agent: str, workers: int = 16
) -> list[Probe]:
    """Check every source in parallel; results in registry order."""
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(sources)))) as pool:
        return list(pool.map(lambda source: check(source, timeout, user_agent), sources))
