"""A news site on 127.0.0.1 made of routes a test writes: path → (status, body, content type)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Answer = tuple[int, bytes, str]
Routes = Callable[[str, str], Answer]  # (path with query, base URL) → answer
HTML = "text/html; charset=utf-8"


@dataclass
class Site:
    """The running site: its base URL and every path (with query) it was asked for, in order."""

    base: str
    requested: list[str] = field(default_factory=list)


@contextmanager
def local_site(routes: Routes) -> Iterator[Site]:
    """Serve `routes` on a free port for the duration of the block."""
    site = Site("")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
            return

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            site.requested.append(self.path)
            status, body, kind = routes(self.path, site.base)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
