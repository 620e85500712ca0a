"""Word document frequencies of a reference news corpus: the word weights of a database of few articles.

Story grouping (reports/story_grouping.py) weighs words by how rare they are among at least IDF_DOCUMENTS
texts. A young database (a fresh install, the demo, an evaluation set) holds fewer; the shortfall is made
up by IndoSum's news (reports/data/word_prior.json.gz, built by scripts/build_word_prior.py), as if that
many of its texts were among them. Measured on the shared events: `waspada eval stories`
(docs/stories-evaluation.md).
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path

from reports.vectors import Prior

PRIOR_FILE = Path(__file__).resolve().parent / "data" / "word_prior.json.gz"
# A word in at least this share of a database's own texts stays as common as they say: IndoSum is national
# news, and a regional archive's stock words ("rapat warga desa") are rare there. From 0.15 to 0.30 the
# sample site stays 1.00 and the shared events score alike. From 0.35 a report worded apart no longer
# joins its event in the lone-match tests; without the rule the routine-words test merges two meetings
# and two lone-match tests fail; at 0.10 the sample site falls to 0.93 (tests/test_stories.py).
COMMON_SHARE = 0.25


@functools.cache
def shares() -> dict[str, float]:
    """Share of the reference texts each word occurs in (words of at least two texts)."""
    with gzip.open(PRIOR_FILE, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    documents = float(table["documents"])
    return {word: count / documents for word, count in table["df"].items()}


def fill(have: int, wanted: int) -> Prior | None:
    """The reference texts that bring `have` texts up to `wanted` (None when there are enough)."""
    if have >= wanted:
        return None
    return Prior(float(wanted - have), shares(), COMMON_SHARE)
