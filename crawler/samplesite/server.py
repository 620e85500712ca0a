"""The sample news site server: one threaded HTTP server per outlet on 127.0.0.1, port chosen by the OS."""

from __future__ import annotations

import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml

from crawler.samplesite.base import Outlet, Reply
from crawler.samplesite.broken import Case, Wiring, load_extra
from crawler.samplesite.catalog import ARTICLES_DIR, Entry, build_entries, load_articles
from crawler.samplesite.generate import SEED, generate_articles
from crawler.samplesite.sites import build_outlets, source_entry


class OutletServer(ThreadingHTTPServer):
    """A threaded server for one outlet; it counts the paths it served."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # a crawler opens many connections at once

    def __init__(self, outlet: Outlet, stopping: threading.Event, latency: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), OutletHandler)
        self.outlet = outlet
        self.stopping = stopping
        self.latency = latency  # seconds added to every answer, like a distant server (benchmarks)
        self.served: list[str] = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.peak_in_flight = 0  # the most requests this outlet was answering at once

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up (timeouts, size limits) are normal here; other errors are shown."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class OutletHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the outlet's router; quiet, and tolerant of clients that hang up."""

    server: OutletServer
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return "nginx"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.answer(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self.answer(with_body=False)

    def answer(self, with_body: bool) -> None:
        server = self.server
        with server.lock:
            server.in_flight += 1
            server.peak_in_flight = max(server.peak_in_flight, server.in_flight)
        try:
            self.answer_counted(with_body)
        finally:
            with server.lock:
                server.in_flight -= 1

    def answer_counted(self, with_body: bool) -> None:
        with self.server.lock:
            self.server.served.append(self.path)
        parts = urlsplit(self.path)
        try:
            reply = self.server.outlet.handle(parts.path, parse_qs(parts.query), self.path)
        except Exception:  # a bug in the sample site itself: show it, answer 500
            traceback.print_exc()
            reply = Reply(status=500, body=b"sample site error", validators=False)
        delay = reply.delay + self.server.latency
        if delay and self.server.stopping.wait(delay):
            return
        try:
            self.send(reply, with_body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def send(self, reply: Reply, with_body: bool) -> None:
        if reply.not_modified(self.headers):
            self.send_response(304)
            for name in ("ETag", "Last-Modified"):
                self.send_header(name, reply.final_headers()[name])
            self.end_headers()
            return
        self.send_response(reply.status)
        for name, value in reply.final_headers().items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (base-class signature)
        return


class SampleSite:
    """The bundled offline sample news site: three outlets plus two small broken sources.

    Usage: `with SampleSite() as site: site.base_urls, site.sources(), site.broken_cases ...`
    """

    def __init__(
        self,
        articles_dir: Path | None = None,
        scale: int = 0,
        slow_seconds: float = 5.0,
        *,
        broken: bool = True,
        latency: float = 0.0,
        seed: int = SEED,
    ) -> None:
        self.articles_dir = Path(articles_dir) if articles_dir else ARTICLES_DIR
        self.scale = scale
        self.slow_seconds = slow_seconds
        self.broken = broken
        self.latency = latency
        self.articles: list[dict[str, Any]] = load_articles(self.articles_dir)
        self.articles += generate_articles(scale, {a["id"] for a in self.articles}, seed)
        self.extra_articles: list[dict[str, Any]] = []
        self.base_urls: dict[str, str] = {}
        self.broken_cases: dict[str, dict[str, str]] = {}
        self._servers: dict[str, OutletServer] = {}
        self._stopping = threading.Event()

    def start(self) -> SampleSite:
        """Build the outlets, bind one server each and serve them from daemon threads."""
        if self._servers:
            return self
        self._stopping.clear()
        entries = build_entries(self.articles)
        outlets = build_outlets(entries, self.broken)
        cases = self._wire(outlets, entries) if self.broken else {}
        for key, outlet in outlets.items():
            server = OutletServer(outlet, self._stopping, self.latency)
            self._servers[key] = server
            outlet.bind(f"http://127.0.0.1:{server.server_address[1]}")
            self.base_urls[key] = outlet.base_url
            threading.Thread(
                target=server.serve_forever, args=(0.05,), name=f"samplesite-{key}", daemon=True
            ).start()
        self.broken_cases = {
            name: {"url": case.url(outlets), "expect": case.expect, "source": case.outlet}
            for name, case in cases.items()
        }
        return self

    def _wire(self, outlets: dict[str, Outlet], entries: list[Entry]) -> dict[str, Case]:
        wiring = Wiring(outlets, load_extra(), self.slow_seconds)
        undated = next((e for e in entries if e.local is None), None)
        cases = wiring.wire(undated)
        self.extra_articles = wiring.extra_articles
        return cases

    def stop(self) -> None:
        """Stop serving (sleeping handlers are woken) and release the ports."""
        self._stopping.set()
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> SampleSite:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def sources(self) -> list[dict[str, Any]]:
        """Source entries (sources.yaml format) pointing at the running site."""
        return [source_entry(key, url) for key, url in self.base_urls.items()]

    def write_sources(self, path: Path) -> Path:
        """Write the sources as a YAML list, the registry's format, for `waspada crawl --sources PATH`."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(self.sources(), allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    def hits(self, outlet: str, path_prefix: str = "") -> int:
        """How many requests the outlet has answered whose path (with query) starts with path_prefix."""
        server = self._servers[outlet]
        with server.lock:
            return sum(1 for path in server.served if path.startswith(path_prefix))

    def peak_in_flight(self, outlet: str) -> int:
        """The most requests the outlet was answering at the same time."""
        return self._servers[outlet].peak_in_flight

    def reset_hits(self) -> None:
        """Forget the request counts (the flaky page keeps failing only its very first request)."""
        for server in self._servers.values():
            with server.lock:
                server.served.clear()
                server.peak_in_flight = server.in_flight
