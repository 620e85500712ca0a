"""The demo's HTML digest in headless Chromium: not blank at 1280 and 390 px, and no page errors.

The sample site's articles with their gold tags are what the demo crawls and tags; set WASPADA_SCREENSHOTS
to a folder to keep the screenshots and look at them."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from report_fixtures import load_sample

from reports import digest
from store.db import open_db

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's `chromium` is not installed (apt install chromium)"
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-extensions",
    "--hide-scrollbars",
]


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered rows of an 8-bit RGB/RGBA PNG (enough to count colours)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, chunks, header = 8, [], b""
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        offset += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def screenshot(html: Path, png: Path, size: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            CHROMIUM,
            *FLAGS,
            "--enable-logging=stderr",
            "--v=0",
            f"--screenshot={png}",
            f"--window-size={size}",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def console_errors(log: str) -> list[str]:
    """Messages the page itself logged (console errors, failed loads), not Chromium's own noise."""
    return [
        line
        for line in log.splitlines()
        if "CONSOLE" in line or "Uncaught" in line or "net::ERR_" in line or "Failed to load resource" in line
    ]


@pytest.fixture(scope="module")
def digests(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("browser")
    db = open_db(folder / "w.db")
    load_sample(db)
    paths = {}
    for lang in ("id", "en"):
        document = digest.build(db, digest.parse_date("2026-11-27"), 7, None, lang)
        paths[lang] = digest.write(db, document, "html", folder / f"digest-{lang}.html")
    return paths


SHOTS = [("id", "1280,2400"), ("id", "390,3600"), ("en", "390,3600"), ("en", "1280,2400")]
KEEP = os.environ.get("WASPADA_SCREENSHOTS")  # a folder to keep the screenshots in, for a human to look at


@pytest.mark.parametrize(("lang", "size"), SHOTS)
def test_digest_renders_in_chromium(digests: dict[str, Path], tmp_path: Path, lang: str, size: str) -> None:
    png = (Path(KEEP) if KEEP else tmp_path) / f"digest-{lang}-{size.split(',')[0]}px.png"
    png.parent.mkdir(parents=True, exist_ok=True)
    result = screenshot(digests[lang], png, size)
    assert png.exists(), result.stderr[-2000:]
    assert console_errors(result.stderr) == []
    width, height, rows = png_pixels(png)
    assert (width, height) == tuple(int(v) for v in size.split(","))
    sampled = {row[i : i + 3] for row in rows[::7] for i in range(0, len(row), 3 * 11)}
    assert len(sampled) > 50, "the screenshot is (nearly) blank"
    dark = sum(1 for row in rows[:400:4] for i in range(0, len(row), 12) if row[i] < 80)
    assert dark > 100, "no text near the top of the page"


def test_the_error_check_sees_a_broken_page(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        "<html><body><h1>x</h1><script>missingFunction();</script></body></html>", encoding="utf-8"
    )
    result = screenshot(page, tmp_path / "broken.png", "400,300")
    assert any("missingFunction" in line for line in console_errors(result.stderr))
