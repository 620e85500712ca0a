"""ROUGE-1/2/L (F1) of reports.summarize next to LEAD-3 on IndoSum's dev folds, in the same run.

IndoSum (Kurniawan & Louvan 2018, CC BY-SA 4.0) is read from ../shared/data/corpora/indosum_dev_union.csv;
its text is pre-tokenised, so sentences end at " . ", " ! ", " ? ". ROUGE is computed here: lower-cased
alphanumeric tokens, n-gram overlap F1 for ROUGE-1/2, longest-common-subsequence F1 for ROUGE-L over the
whole summary (no stemming, no stop-word removal).

Usage: .venv/bin/python bench/summarize.py [--limit N] [--csv PATH]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reports import summarize  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "indosum_dev_union.csv"
WORD = re.compile(r"[a-z0-9]+")
SENTENCE = re.compile(r"(?<=\s[.!?])\s+|(?<=\s[.!?] [\"'])\s+")


def words(text: str) -> list[str]:
    """ROUGE tokens."""
    return WORD.findall(text.lower())


def ngrams(tokens: list[str], n: int) -> Counter:
    """Multiset of n-grams."""
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def f1(hits: float, candidate: int, reference: int) -> float:
    """F1 from overlap and the two lengths."""
    if not hits or not candidate or not reference:
        return 0.0
    precision, recall = hits / candidate, hits / reference
    return 2 * precision * recall / (precision + recall)


def rouge_n(candidate: list[str], reference: list[str], n: int) -> float:
    """ROUGE-N F1."""
    c, r = ngrams(candidate, n), ngrams(reference, n)
    return f1(sum((c & r).values()), sum(c.values()), sum(r.values()))


def lcs(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence (row-by-row dynamic programme)."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def lcs_positions(a: list[str], b: list[str]) -> set[int]:
    """Indices of `a` on one longest common subsequence with `b`."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
    found, i, j = set(), len(a), len(b)
    while i and j:
        if a[i - 1] == b[j - 1]:
            found.add(i - 1)
            i, j = i - 1, j - 1
        elif table[i - 1][j] >= table[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return found


def rouge_lsum(candidate: list[str], reference: list[str]) -> float:
    """Summary-level ROUGE-L F1 (union LCS of each reference sentence against every candidate sentence)."""
    cand = [words(s) for s in candidate]
    hits = 0
    for ref in (words(s) for s in reference):
        union: set[int] = set()
        for sentence in cand:
            union |= lcs_positions(ref, sentence)
        hits += len(union)
    return f1(hits, sum(map(len, cand)), sum(len(words(s)) for s in reference))


def rouge(candidate: list[str], reference: list[str]) -> tuple[float, ...]:
    """(ROUGE-1, ROUGE-2, ROUGE-L, ROUGE-Lsum) F1 in percent; arguments are lists of sentences."""
    c, r = words(" ".join(candidate)), words(" ".join(reference))
    values = (
        rouge_n(c, r, 1),
        rouge_n(c, r, 2),
        f1(lcs(c, r), len(c), len(r)),
        rouge_lsum(candidate, reference),
    )
    return tuple(100 * v for v in values)


def split_tokenised(text: str) -> str:
    """IndoSum text → our plain format: one sentence per line (its tokens stay space-separated)."""
    return "\n".join(s for line in text.split("\n") for s in SENTENCE.split(line) if s.strip())


def load(path: Path, limit: int | None) -> list[dict[str, str]]:
    """Rows of the corpus (the csv module copes with the embedded newlines)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows[:limit] if limit else rows


def lead3(text: str) -> list[str]:
    """The first three sentences."""
    return text.split("\n")[:3]


def ours(text: str) -> list[str]:
    """Our summariser on a single article."""
    return summarize.summarize_texts([text], 3)


def evaluate(
    rows: list[dict[str, str]], systems: dict[str, Callable[[str], list[str]]]
) -> dict[str, list[float]]:
    """Mean ROUGE-1/2/L/Lsum of each system over the rows."""
    totals = {name: [0.0] * 4 for name in systems}
    for row in rows:
        text = split_tokenised(row["text"])
        reference = split_tokenised(row["summary"]).split("\n")
        for name, system in systems.items():
            for k, value in enumerate(rouge(system(text), reference)):
                totals[name][k] += value
    return {name: [v / len(rows) for v in values] for name, values in totals.items()}


def main() -> None:
    """Run both systems and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--csv", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    rows = load(args.csv, args.limit)
    started = time.perf_counter()
    results = evaluate(rows, {"LEAD-3": lead3, "waspada": ours})
    print(f"IndoSum dev union, {len(rows)} articles, {time.perf_counter() - started:.1f} s")
    print(f"{'system':<10} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8} {'ROUGE-Lsum':>10}")
    for name, (r1, r2, rl, rlsum) in results.items():
        print(f"{name:<10} {r1:8.2f} {r2:8.2f} {rl:8.2f} {rlsum:10.2f}")
    ours_, lead_ = results["waspada"], results["LEAD-3"]
    print(
        f"difference (waspada - LEAD-3): ROUGE-L {ours_[2] - lead_[2]:+.2f}, "
        f"ROUGE-Lsum {ours_[3] - lead_[3]:+.2f}"
    )


if __name__ == "__main__":
    main()
