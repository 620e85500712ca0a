"""Compare our region resolver with the PyPI package id-location-ner on labeled JSONL, side by side.

id-location-ner is NOT a dependency: install it into a scratch venv and point --venv at it, e.g.
  python -m venv /tmp/idloc-venv && /tmp/idloc-venv/bin/pip install id-location-ner==0.1.2
  python -m bench.idloc_compare --venv /tmp/idloc-venv ../shared/data/labeled/articles.jsonl
Its gazetteer CSV is written to a temporary folder from ../shared/data/gazetteer (never committed).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import tempfile
from pathlib import Path

from nlp.regions.evaluation import evaluate, gold_codes, read_labeled
from nlp.regions.gazetteer import load
from store import config

WORKER = r"""
import json, sys
from location_ner.extractor import LocationExtractor
from location_ner.resolver import resolve_best_location
extractor = LocationExtractor.from_csv(sys.argv[1], max_level="district")
for line in sys.stdin:
    record = json.loads(line)
    mentions = [m.__dict__ for m in extractor.extract(record["text"])]
    best = resolve_best_location(mentions)
    result = best.to_dict() if best else {}
    print(json.dumps({"province": result.get("province_code"), "regency": result.get("city_code")}))
"""


def write_csv(path: Path) -> None:
    """The gazetteer as id-location-ner wants it: one row per kecamatan with its parents' names/codes."""
    gazetteer = load()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "province_code",
                "province_name",
                "city_code",
                "city_name",
                "district_code",
                "district_name",
                "subdistrict_code",
                "subdistrict_name",
            ]
        )
        for district in gazetteer.regions.values():
            if district.level != "district":
                continue
            regency = gazetteer.regions[district.code[:5]]
            province = gazetteer.regions[district.province]
            writer.writerow(
                [
                    province.code,
                    province.name,
                    regency.code,
                    regency.name,
                    district.code,
                    district.name,
                    "",
                    "",
                ]
            )


def their_predictions(venv: Path, rows: list[dict], gazetteer_csv: Path) -> list[dict]:
    """Run id-location-ner in its own venv on every row's title + text."""
    lines = "".join(
        json.dumps({"text": f"{row.get('title') or ''}\n\n{row.get('text') or ''}"}) + "\n" for row in rows
    )
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", WORKER, str(gazetteer_csv)],
        input=lines,
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def accuracy(rows: list[dict], predictions: list[dict]) -> tuple[float, float]:
    """Province and regency accuracy of predictions against the gold codes."""
    province = regency = 0
    for row, predicted in zip(rows, predictions, strict=True):
        gold_p, gold_r = gold_codes(row)
        province += predicted["province"] == gold_p
        regency += predicted["regency"] == gold_r
    return province / len(rows), regency / len(rows)


def main() -> None:
    """Print both systems' accuracies on each labeled file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="*", type=Path)
    parser.add_argument("--venv", type=Path, default=Path("/tmp/idloc-venv"))
    args = parser.parse_args()
    labeled = config.shared_dir() / "data" / "labeled"
    files = args.data or [labeled / "articles.jsonl", labeled / "natural.jsonl"]
    with tempfile.TemporaryDirectory() as folder:
        gazetteer_csv = Path(folder) / "wilayah.csv"
        write_csv(gazetteer_csv)
        print(f"{'file':<16} {'system':<18} {'province':>9} {'regency':>9}")
        for path in files:
            rows = list(read_labeled(path))
            ours = evaluate(rows)
            theirs = accuracy(rows, their_predictions(args.venv, rows, gazetteer_csv))
            for system, (province, regency) in (
                ("waspada", (ours.province_accuracy, ours.regency_accuracy)),
                ("id-location-ner", theirs),
            ):
                print(f"{path.name:<16} {system:<18} {province:>9.3f} {regency:>9.3f}")


if __name__ == "__main__":
    main()
