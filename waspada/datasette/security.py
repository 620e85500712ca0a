"""The workbench's guards: same-origin redirects, login throttling, session stamps and hidden columns."""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urlsplit

from store import config

MAX_FAILURES = 5
LOCKOUT_MINUTES = 15
# Columns the served connections read as NULL, whoever asks: accounts, and who wrote which note.
HIDDEN_COLUMNS = {("users", None), ("labels", "note"), ("labels", "annotator")}


def safe_next(value: str | None, default: str = "/") -> str:
    """`value` when it is a path on this site, else `default` (no scheme, host, backslash or control)."""
    if not value or not value.startswith("/"):
        return default
    for candidate in (value, unquote(value)):
        if "\\" in candidate or any(ord(char) < 32 or ord(char) == 127 for char in candidate):
            return default
        if candidate.startswith("//"):
            return default
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return default
    return value


def hide_private_columns(action: int, table: str | None, column: str | None, *_: object) -> int:
    """SQLite authorizer: accounts and analysts' notes and names read as NULL through Datasette."""
    hidden = (table, None) in HIDDEN_COLUMNS or (table, column) in HIDDEN_COLUMNS
    if action == sqlite3.SQLITE_READ and hidden:
        return sqlite3.SQLITE_IGNORE
    return sqlite3.SQLITE_OK


def secure_cookies() -> bool:
    """Whether cookies carry `Secure` (set WASPADA_SECURE_COOKIES=1 when served behind https)."""
    return str(config.get("secure_cookies") or "").lower() in {"1", "true", "yes", "on"}


class LoginThrottle:
    """Failed log-ins per key (user name, client address): `max_failures` in `window` seconds locks it."""

    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window: float = LOCKOUT_MINUTES * 60,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self.failures: dict[str, deque[float]] = defaultdict(deque)

    @classmethod
    def configured(cls) -> LoginThrottle:
        """From WASPADA_LOGIN_MAX_FAILURES and WASPADA_LOGIN_LOCKOUT_MINUTES (or waspada.toml)."""
        failures = int(config.get("login_max_failures") or MAX_FAILURES)
        minutes = float(config.get("login_lockout_minutes") or LOCKOUT_MINUTES)
        return cls(failures, minutes * 60)

    def _recent(self, key: str) -> deque[float]:
        stamps, horizon = self.failures[key], self.clock() - self.window
        while stamps and stamps[0] <= horizon:
            stamps.popleft()
        return stamps

    def locked(self, keys: Iterable[str]) -> float:
        """Seconds until every key may try again (0 when none is locked)."""
        waits = [
            stamps[0] + self.window - self.clock()
            for stamps in (self._recent(key) for key in keys)
            if len(stamps) >= self.max_failures
        ]
        return max(waits, default=0.0)

    def failed(self, keys: Iterable[str]) -> None:
        """Record one failed attempt against each key."""
        for key in keys:
            self._recent(key).append(self.clock())

    def succeeded(self, keys: Iterable[str]) -> None:
        """Forget the failures of these keys."""
        for key in keys:
            self.failures.pop(key, None)


def throttle_keys(name: str, client: str | None) -> list[str]:
    """The keys one attempt counts against: the user name (any case) and the client address."""
    return [f"user:{name.lower()}", f"addr:{client or '?'}"]


def _is_form_post(scope: dict) -> bool:
    headers = dict(scope.get("headers") or [])
    content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    return scope.get("method") == "POST" and content_type == b"application/x-www-form-urlencoded"


async def _read_body(receive: Callable) -> bytes:
    body, more = b"", True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    return body


def reject_undecodable_forms(app: Callable) -> Callable:
    """ASGI middleware: a form body that is not UTF-8 answers 400 before anything parses it."""

    async def inner(scope: dict, receive: Callable, send: Callable) -> None:
        if scope.get("type") != "http" or not _is_form_post(scope):
            await app(scope, receive, send)
            return
        body = await _read_body(receive)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            headers = [(b"content-type", b"text/plain; charset=utf-8")]
            await send({"type": "http.response.start", "status": 400, "headers": headers})
            await send({"type": "http.response.body", "body": b"Malformed form: not UTF-8 text."})
            return
        replay = [{"type": "http.request", "body": body, "more_body": False}]

        async def again() -> dict:
            return replay.pop() if replay else await receive()

        await app(scope, again, send)

    return inner
