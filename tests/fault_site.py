"""A local news site misbehaving the way real ones did: moved feeds, bad posts, gzip bombs, resets."""

from __future__ import annotations

import gzip
import json
import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

SLUGS = ["satu", "dua", "tiga", "empat", "lima"]
HUGE_PARAGRAPHS = 1_500  # × ~130 characters: a 190,000-character article
BOMB_BYTES = 3 * 1024 * 1024  # what the raw-gzip sitemap unpacks to; the crawl runs with --max-size 1


def article(slug: str, paragraphs: int = 3) -> bytes:
    """An article page with a dated headline and enough body text to be kept."""
    body = "".join(
        f"<p>Paragraf {n} berita {slug}: warga desa berkumpul di balai desa untuk membahas batas wilayah "
        f"dan rencana musyawarah bersama camat.</p>"
        for n in range(1, paragraphs + 1)
    )
    return (
        f"<html lang='id'><head><title>Berita {slug} - Kabar Rusak</title>"
        "<meta property='article:published_time' content='2026-11-20T09:00:00+08:00'></head>"
        f"<body><article><h1>Berita {slug}</h1>{body}</article></body></html>"
    ).encode()


def mislabeled_utf8() -> bytes:
    """A UTF-8 article whose server names no charset and whose meta tag says ISO-8859-1."""
    body = "".join(
        f"<p>Paragraf {n}: “Kami menolak tambang,” kata René, warga Desa Sungai Bahim — ketua adat.</p>"
        for n in range(1, 4)
    )
    return (
        "<html lang='id'><head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>"
        "<title>Warga Tolak Tambang, René Bicara – Kabar Rusak</title>"
        "<meta property='article:published_time' content='2026-11-20T09:00:00+08:00'></head>"
        f"<body><article><h1>Warga Tolak Tambang, René Bicara</h1>{body}</article></body></html>"
    ).encode()


def rss(base: str) -> bytes:
    """A feed whose links are relative, protocol-relative and one that is no web link at all."""
    host = urlsplit(base).netloc
    links = ["/berita/satu", f"//{host}/berita/dua", "javascript:alert(1)"]
    items = "".join(
        f"<item><title>Berita {link.rsplit('/', 1)[-1]}</title><link>{link}</link>"
        "<pubDate>Fri, 20 Nov 2026 09:00:00 +0800</pubDate></item>"
        for link in links
    )
    channel = f"<channel><title>Rusak</title>{items}</channel>"
    return f"<?xml version='1.0'?><rss version='2.0'>{channel}</rss>".encode()


def posts(base: str, page: int) -> list:
    """WordPress API pages: the first holds a good post, a post with `"link": 5` and a non-object."""

    def post(slug: str) -> dict:
        return {
            "link": f"{base}/berita/{slug}",
            "date": "2026-11-20T09:00:00",
            "date_gmt": "2026-11-20T01:00:00",
            "title": {"rendered": f"Berita {slug}"},
            "content": {
                "rendered": "".join(
                    f"<p>Isi {slug} paragraf {n} yang cukup panjang untuk dibaca warga.</p>" for n in range(6)
                )
            },
        }

    if page == 1:
        return [post("tiga"), {**post("rusak"), "link": 5}, "bukan objek"]
    return [post("empat")]


def urlset(base: str, paths: list[str]) -> bytes:
    locs = "".join(f"<url><loc>{base}{path}</loc><lastmod>2026-11-20</lastmod></url>" for path in paths)
    return f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{locs}</urlset>".encode()


def bomb(base: str) -> bytes:
    """A raw gzip body (no Content-Encoding) that unpacks to BOMB_BYTES of sitemap."""
    padding = b" " * BOMB_BYTES
    return gzip.compress(urlset(base, ["/berita/lima"]).replace(b"<url>", padding + b"<url>", 1))


class Handler(BaseHTTPRequestHandler):
    """Routes of the misbehaving site."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        return

    def send(self, status: int, body: bytes, kind: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def reset(self) -> None:
        """Close the connection with a TCP reset, before any answer."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        base = f"http://{self.headers['Host']}"
        parts = urlsplit(self.path)
        page = int(parse_qs(parts.query).get("page", ["1"])[0])
        routes = {
            "/robots.txt": lambda: self.send(200, b"User-agent: *\nAllow: /\n", "text/plain"),
            "/lama/feed.xml": lambda: self.send(301, b"", Location=f"{base}/feed.xml"),
            "/feed.xml": lambda: self.send(200, rss(base), "application/rss+xml"),
            "/wp-json/wp/v2/posts": lambda: self.send(
                200, json.dumps(posts(base, page)).encode(), "application/json", X_WP_TotalPages="2"
            ),
            "/lama/sitemap.xml": lambda: self.send(302, b"", Location=f"{base}/sitemap.xml"),
            "/sitemap.xml": lambda: self.send(
                200,
                urlset(base, ["/berita/lima", "/berita/putus", "/berita/raksasa", "/berita/latin"]),
                "application/xml",
            ),
            "/berita/latin": lambda: self.send(200, mislabeled_utf8(), "text/html"),
            "/sitemap-besar.xml.gz": lambda: self.send(200, bomb(base), "application/octet-stream"),
            "/berita/putus": self.reset,
            "/berita/raksasa": lambda: self.send(200, article("raksasa", HUGE_PARAGRAPHS)),
        }
        if parts.path in routes:
            routes[parts.path]()
        elif parts.path.removeprefix("/berita/") in SLUGS:
            self.send(200, article(parts.path.removeprefix("/berita/")))
        else:
            self.send(404, b"tidak ada")


@contextmanager
def fault_site() -> Iterator[str]:
    """The site served on 127.0.0.1 (port chosen by the OS); yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def write_sources(base: str, path: Path) -> Path:
    """A registry of four sources on the site, one per fault family."""
    common = {"home_url": base + "/", "province": "63", "tz": "WITA"}
    entries = [
        {"name": "feed-pindah", "title": "Feed pindah", "kind": "feed", "feed_url": f"{base}/lama/feed.xml"},
        {
            "name": "wp-rusak",
            "title": "WP rusak",
            "kind": "wordpress",
            "api_url": f"{base}/wp-json/wp/v2/posts",
        },
        {
            "name": "peta-pindah",
            "title": "Peta pindah",
            "kind": "sitemap",
            "sitemap_url": f"{base}/lama/sitemap.xml",
        },
        {
            "name": "peta-bom",
            "title": "Peta bom",
            "kind": "sitemap",
            "sitemap_url": f"{base}/sitemap-besar.xml.gz",
        },
    ]
    path.write_text(yaml.safe_dump([{**entry, **common} for entry in entries]), encoding="utf-8")
    return path
