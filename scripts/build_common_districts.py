"""Derive nlp/data/common_districts.txt: one-word kecamatan names that IndoSum news prints in lower case.

Such a name is an ordinary word ("pendopo", "balai", "sambutan", "larangan"): capitalised at the start
of a sentence or in a headline ("Pendopo Bupati", "Pasar Larangan") it names no kecamatan, so the
gazetteer reads it only after "Kecamatan".

Usage: python scripts/build_common_districts.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from nlp.regions.gazetteer import COMMON_DISTRICTS_FILE, MIN_DISTRICT_CHARS, load_data
from nlp.training.dataset import load_indosum

MIN_LOWER = 3  # lower-case uses in IndoSum: one or two may be typos
HEADER = (
    "# One-word kecamatan names that IndoSum news (Kurniawan & Louvan, IALP 2018; ../shared/data/corpora,\n"
    f"# CC BY-SA 4.0) prints in lower case at least {MIN_LOWER} times: ordinary words, read as a kecamatan\n"
    "# only after 'Kecamatan'. Derived by scripts/build_common_districts.py; do not edit by hand.\n"
)


def one_word_districts() -> set[str]:
    """Lower-case one-word kecamatan names of the shipped gazetteer."""
    rows = load_data()["districts"]["rows"]
    return {name.lower() for _, name in rows if " " not in name and len(name) >= MIN_DISTRICT_CHARS}


def lower_case_uses(texts: list[str], names: set[str]) -> Counter[str]:
    """How often each name is written in lower case in the texts."""
    found: Counter[str] = Counter()
    for text in texts:
        found.update(word for word in re.findall(r"\b[a-z]+\b", text) if word in names)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, help="shared folder (default: ../shared or WASPADA_SHARED)")
    parser.add_argument("--out", type=Path, default=COMMON_DISTRICTS_FILE)
    args = parser.parse_args()
    texts = [example.text for example in load_indosum(args.shared)]
    if not texts:
        raise SystemExit("IndoSum (data/corpora/indosum_dev_union.csv) not found in the shared folder")
    uses = lower_case_uses(texts, one_word_districts())
    common = sorted(name for name, count in uses.items() if count >= MIN_LOWER)
    args.out.write_text(HEADER + "".join(f"{name}\n" for name in common), encoding="utf-8")
    print(f"{args.out}: {len(common)} names")


if __name__ == "__main__":
    main()
