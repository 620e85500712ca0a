"""Derive reports/data/word_prior.json.gz (word document frequencies of IndoSum news) from ../shared/data."""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

from reports.story_grouping import TEXT_CHARS, member_text
from reports.text import tokens

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "reports" / "data" / "word_prior.json.gz"
SOURCE = Path("corpora") / "indosum_dev_union.csv"
ATTRIBUTION = (
    "Document frequencies of words (tokens of reports/text.py, at least two documents) in the start "
    f"({TEXT_CHARS} characters) of the texts of IndoSum (Kurniawan & Louvan, IALP 2018; the dev-fold "
    "union in ../shared/data/corpora), CC BY-SA 4.0: this file is shared under the same licence. "
    "Derived by scripts/build_word_prior.py."
)
MIN_DOCUMENTS = 2  # a word of one text weighs nearly as much as an unknown one


def document_frequencies(texts: list[str]) -> Counter[str]:
    """In how many texts each token occurs, as story grouping tokenises its member texts."""
    found: Counter[str] = Counter()
    for text in texts:
        found.update(set(tokens(member_text("", text[:TEXT_CHARS]))))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)
    with (args.shared / SOURCE).open(encoding="utf-8", newline="") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    df = document_frequencies(texts)
    kept = {word: n for word, n in sorted(df.items()) if n >= MIN_DOCUMENTS}
    table = {"attribution": ATTRIBUTION, "documents": len(texts), "text_chars": TEXT_CHARS, "df": kept}
    with gzip.open(args.out, "wt", encoding="utf-8") as handle:
        json.dump(table, handle, ensure_ascii=False, separators=(",", ":"))
    print(f"{args.out}: {len(kept)} words of {len(texts)} texts")


if __name__ == "__main__":
    main()
