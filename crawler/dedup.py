"""Duplicate detection: exact content hashes and MinHash LSH near-duplicates across outlets."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from store.articles import content_hash, normalized_text

__all__ = ["content_hash"]  # the one exact-copy key, shared with imports

NUM_PERM = 128
THRESHOLD = 0.7  # estimated Jaccard of word 3-shingles at which a text is a near-duplicate
CANDIDATE_THRESHOLD = 0.5  # LSH banding is tuned lower, so pairs just above THRESHOLD are not missed
SHINGLE = 3
SCHEME = "affine32"
_TEMPLATE = MinHash(num_perm=NUM_PERM, scheme=SCHEME)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Word n-gram shingles of the normalised text."""
    words = normalized_text(text).split()
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    """The MinHash of a text's word 3-shingles (permutations shared, so this is cheap)."""
    minhash = MinHash(num_perm=NUM_PERM, permutations=_TEMPLATE.permutations, scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    """A signature as stored in `article_minhash.signature`."""
    return np.asarray(minhash.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(blob: bytes) -> MinHash:
    """A stored signature back as a MinHash."""
    values = np.frombuffer(blob, dtype=np.uint32).copy()
    return MinHash(num_perm=NUM_PERM, hashvalues=values, permutations=_TEMPLATE.permutations, scheme=SCHEME)


@lru_cache(maxsize=8)
def lsh_params(threshold: float) -> tuple[int, int]:
    """(bands, rows) datasketch picks for this threshold: computed once (it integrates, ~25 ms a time)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


class NearDuplicates:
    """An LSH index of article signatures; answers "which stored article is this nearly a copy of?"."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        candidate = min(threshold, CANDIDATE_THRESHOLD)
        self.lsh = MinHashLSH(threshold=candidate, num_perm=NUM_PERM, params=lsh_params(candidate))
        self.signatures: dict[int, MinHash] = {}

    def load(self, rows: Iterable[tuple[int, bytes]]) -> int:
        """Add stored (article_id, signature) rows; returns how many were loaded."""
        count = 0
        for article_id, blob in rows:
            self.add(article_id, from_bytes(blob))
            count += 1
        return count

    def add(self, article_id: int, minhash: MinHash) -> None:
        """Index one article's signature."""
        if article_id in self.signatures:
            return
        self.lsh.insert(article_id, minhash)
        self.signatures[article_id] = minhash

    def match(self, minhash: MinHash) -> tuple[int, float] | None:
        """(earliest article id, estimated Jaccard) of the closest stored article above the threshold."""
        candidates = sorted(self.lsh.query(minhash))
        if not candidates:
            return None
        stacked = np.stack([self.signatures[article_id].hashvalues for article_id in candidates])
        scores = (stacked == minhash.hashvalues).mean(axis=1)  # estimated Jaccard, all candidates at once
        best = int(np.argmax(scores))  # the first (lowest id) among equal best scores
        score = float(scores[best])
        return (candidates[best], score) if score >= self.threshold else None
