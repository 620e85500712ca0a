"""Accuracy of the region resolver on labeled JSONL (fields title, text, province, regency)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.pipeline import build_nlp, regions_only
from nlp.regions.gazetteer import load
from nlp.regions.matcher import compose
from nlp.regions.resolver import resolve
from store.errors import InputError


@dataclass
class RegionScores:
    """Province and regency accuracy with the worst confusions."""

    total: int = 0
    province_correct: int = 0
    regency_correct: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    confusions: Counter = field(default_factory=Counter)

    @property
    def province_accuracy(self) -> float:
        """Share of rows whose province matches the gold one (None == None counts)."""
        return self.province_correct / self.total if self.total else 0.0

    @property
    def regency_accuracy(self) -> float:
        """Share of rows whose regency matches the gold one (None == None counts)."""
        return self.regency_correct / self.total if self.total else 0.0


def read_labeled(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a JSONL file; a bad line raises InputError naming it."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from error
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(f"{path}:{number}: not JSON ({error.msg})") from error


def region_labeled(path: Path) -> list[dict[str, Any]]:
    """Rows of a labeled JSONL file, each with a `province` label (null: placed nowhere); a row without one
    raises InputError naming the row: scored, it would count as a miss."""
    rows = list(read_labeled(path))
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict) or "province" not in row:
            raise InputError(f"{path}: row {number}: no 'province' label (null: an article placed nowhere)")
    return rows


def gold_codes(row: dict[str, Any]) -> tuple[str | None, str | None]:
    """The gold province and regency as dotted codes (the files hold names or codes)."""
    gazetteer = load()
    return gazetteer.code_for(row.get("province")), gazetteer.code_for(row.get("regency"))


def evaluate(rows: Iterable[dict[str, Any]], batch_size: int = 64) -> RegionScores:
    """Run the resolver on every row and compare with its gold province and regency."""
    rows = list(rows)
    nlp = build_nlp()
    scores = RegionScores()
    texts = [compose(r.get("title"), r.get("text")) for r in rows]
    with regions_only(nlp):
        docs = list(nlp.pipe((t for t, _ in texts), batch_size=batch_size))
    for row, (text, title_chars), doc in zip(rows, texts, docs, strict=True):
        placement = resolve(doc, title_chars, row.get("default_province"), text)
        _score(scores, row, placement.province, placement.regency)
    return scores


def _score(scores: RegionScores, row: dict[str, Any], province: Any, regency: Any) -> None:
    gold_p, gold_r = gold_codes(row)
    got_p = province.code if province else None
    got_r = regency.code if regency else None
    scores.total += 1
    scores.province_correct += got_p == gold_p
    scores.regency_correct += got_r == gold_r
    if got_r != gold_r or got_p != gold_p:
        gazetteer = load()
        gold = gazetteer.region(gold_r or gold_p)
        got = gazetteer.region(got_r or got_p)
        scores.confusions[(gold.name if gold else None, got.name if got else None)] += 1
        scores.errors.append({"id": row.get("id"), "gold": [gold_p, gold_r], "got": [got_p, got_r]})
