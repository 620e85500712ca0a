"""Score the impact extractor (killed, injured, damaged) against hand-counted real articles."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.classifier.classify import impact_from
from nlp.classifier.taxonomy import IMPACT_FIELDS
from nlp.impact import NUMBER_WORDS, parse_count
from nlp.pipeline import build_nlp
from nlp.regions.matcher import compose
from nlp.regions.resolver import resolve
from store.errors import InputError

CHECKED = Path(__file__).parent / "data" / "impact_checked.tsv"
LABELED_FILES = ("articles.jsonl", "natural.jsonl", "natural2.jsonl")


@dataclass
class FieldScore:
    """How one field's extracted counts compare with the hand counts."""

    exact: int = 0
    wrong: list[tuple[str, int, int]] = field(default_factory=list)  # (id, gold, extracted)

    def add(self, article_id: str, gold: int, got: int) -> None:
        """Count one article."""
        if got == gold:
            self.exact += 1
        else:
            self.wrong.append((article_id, gold, got))


@dataclass
class ImpactScores:
    """Per-field agreement of one extractor over the checked articles."""

    total: int = 0
    all_exact: int = 0
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in IMPACT_FIELDS})


@dataclass
class Checked:
    """One hand-counted article: its set ("dev" or "held_out"), counts, composed text and title length."""

    id: str
    set: str
    gold: dict[str, int]
    text: str = ""
    title_chars: int = 0


def read_checked(path: Path = CHECKED) -> list[Checked]:
    """The hand counts of the TSV (comment lines start with #), without texts."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = [row for row in csv.reader(lines, delimiter="\t") if row]
    counts = [dict(zip(IMPACT_FIELDS, map(int, row[2:5]), strict=True)) for row in rows]
    return [Checked(row[0], row[1], gold) for row, gold in zip(rows, counts, strict=True)]


def with_texts(checked: list[Checked], data_dir: Path) -> list[Checked]:
    """Fill each article's title + text from the shared data folder (labeled files and IndoSum)."""
    from nlp.training.dataset import INDOSUM_FILE, load_indosum

    wanted = {item.id for item in checked}
    texts: dict[str, tuple[str, int]] = {}
    for name in LABELED_FILES:
        path = data_dir / "labeled" / name
        if not path.exists():
            raise InputError(f"{path}: no such file (the shared labeled data)")
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("id") in wanted:
                texts[row["id"]] = compose(row.get("title"), row.get("text"))
    if any(item.id.startswith("indosum-") for item in checked):
        if not (data_dir / INDOSUM_FILE).exists():
            raise InputError(f"{data_dir / INDOSUM_FILE}: no such file (IndoSum)")
        indosum = load_indosum(data_dir.parent)
        texts.update((e.id, compose(e.title, e.text)) for e in indosum if e.id in wanted)
    missing = sorted(wanted - texts.keys())
    if missing:
        raise InputError(f"{data_dir}: {len(missing)} checked article(s) not found, e.g. {missing[0]}")
    return [Checked(item.id, item.set, item.gold, *texts[item.id]) for item in checked]


def extracted_by_waspada(items: list[Checked]) -> list[dict[str, int]]:
    """Impact as `waspada tag` extracts it: the tagging pipeline's impact component, then the sentences
    about places outside the article's resolved province left out."""
    found = []
    for item, doc in zip(items, build_nlp().pipe(item.text for item in items), strict=True):
        placement = resolve(doc, item.title_chars, None, item.text)
        found.append(impact_from(doc, placement.province.code if placement.province else None))
    return found


# The baseline's words are the examples of ../shared/taxonomy.md section 4, not the extractor's lists.
_KEYWORD = {"killed": "tewas|meninggal", "injured": "luka|luka-luka|terluka", "damaged": "dibakar|rusak"}
_NUMBER = r"(\d+|" + "|".join(sorted(NUMBER_WORDS)) + r")"


def nearest_number(items: list[Checked]) -> list[dict[str, int]]:
    """Baseline: the number at most two words before (or right after) an impact word; the largest wins."""
    results = []
    for item in items:
        lowered = item.text.lower()
        counts = dict.fromkeys(IMPACT_FIELDS, 0)
        for label, keywords in _KEYWORD.items():
            before = rf"\b{_NUMBER}\s+(?:\S+\s+){{0,2}}?(?:{keywords})\b"
            after = rf"\b(?:{keywords})\s+{_NUMBER}\b"
            for match in re.finditer(f"{before}|{after}", lowered):
                value = parse_count([match.group(1) or match.group(2)])
                counts[label] = max(counts[label], value or 0)
        results.append(counts)
    return results


EXTRACTORS = {"waspada": extracted_by_waspada, "nearest number": nearest_number}


def score(checked: list[Checked], extracted: list[dict[str, int]]) -> ImpactScores:
    """Compare extracted counts (in the order of `checked`) with the hand counts."""
    scores = ImpactScores(total=len(checked))
    for item, got in zip(checked, extracted, strict=True):
        scores.all_exact += got == item.gold
        for name in IMPACT_FIELDS:
            scores.fields[name].add(item.id, item.gold[name], got[name])
    return scores


def evaluate(checked: list[Checked]) -> dict[str, Any]:
    """Both extractors on each set: {"sets": {set: {"articles": n, extractor: figures}}}."""
    report: dict[str, Any] = {"sets": {}}
    for name in sorted({item.set for item in checked}):
        members = [item for item in checked if item.set == name]
        entry: dict[str, Any] = {"articles": len(members)}
        for label, extract_all in EXTRACTORS.items():
            entry[label] = figures(score(members, extract_all(members)))
        report["sets"][name] = entry
    return report


def figures(scores: ImpactScores) -> dict[str, Any]:
    """Shares right (all fields and each), articles over-counted, and the wrong counts."""
    total = scores.total or 1
    over = {item for f in scores.fields.values() for item, gold, got in f.wrong if got > gold}
    return {
        "all_exact": round(scores.all_exact / total, 3),
        **{name: round(f.exact / total, 3) for name, f in scores.fields.items()},
        "over_counted": len(over),
        "wrong": [
            {"id": item, "field": name, "gold": gold, "extracted": got}
            for name, f in scores.fields.items()
            for item, gold, got in f.wrong
        ],
    }


def table(report: dict[str, Any], show: int) -> list[str]:
    """The report as aligned text lines."""
    columns = f"{'all right':>10}{'killed':>8}{'injured':>9}{'damaged':>9}{'over':>6}"
    lines = [f"{'set':<16}{'extractor':<16}{columns}"]
    for name, entry in report["sets"].items():
        for label in EXTRACTORS:
            f = entry[label]
            heading = f"{name} ({entry['articles']})"
            lines.append(
                f"{heading:<16}{label:<16}{f['all_exact']:>10.3f}{f['killed']:>8.3f}"
                f"{f['injured']:>9.3f}{f['damaged']:>9.3f}{f['over_counted']:>6}"
            )
    lines.append("over: articles given a count above the hand count")
    for name, entry in report["sets"].items():
        wrong = entry["waspada"]["wrong"]
        if wrong and show:
            lines.append(f"waspada's wrong counts in {name} (hand count -> extracted):")
            for w in wrong[:show]:
                lines.append(f"  {w['id'][:40]:<40} {w['field']:<8} {w['gold']} -> {w['extracted']}")
    return lines
