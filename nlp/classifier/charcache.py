"""Exact, fast transform for a fitted char_wb TfidfVectorizer: each distinct word's n-grams counted once."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from store.errors import InputError

MAX_WORDS = 500_000  # cached word types; the cache starts over past this


class CharNgramCache:
    """Gives the same matrix as `vectorizer.transform(docs)` for a fitted char_wb TfidfVectorizer.

    scikit-learn builds every character n-gram of every word of every document in Python (about 3.5 ms
    for a 500-word article with 2-5-grams); a char_wb n-gram never crosses a word boundary, so a
    document's counts are the sum of its words' counts, and the feature indices of each distinct
    word can be looked up once and reused.
    """

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        if not supported(vectorizer):
            raise InputError("CharNgramCache needs a fitted char_wb TfidfVectorizer, default preprocessing")
        self.vectorizer = vectorizer
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.low, self.high = vectorizer.ngram_range
        self.words: dict[str, np.ndarray] = {}

    def _word(self, word: str) -> np.ndarray:
        """Feature indices (with repeats) of one lowercased word, as sklearn's _char_wb_ngrams makes them."""
        padded = f" {word} "
        size = len(padded)
        vocabulary = self.vocabulary
        found: list[int] = []
        for n in range(self.low, self.high + 1):
            if size <= n:  # a short word counts once, whole
                index = vocabulary.get(padded)
                if index is not None:
                    found.append(index)
                break
            for start in range(size - n + 1):
                index = vocabulary.get(padded[start : start + n])
                if index is not None:
                    found.append(index)
        if len(self.words) >= MAX_WORDS:
            self.words.clear()
        indices = self.words[word] = np.array(found, dtype=np.int32)
        return indices

    def counts(self, docs: Iterable[str]) -> sparse.csr_matrix:
        """The raw n-gram counts (what CountVectorizer.transform returns)."""
        words, cached = self.words, self._word
        pointers, columns, values = [0], [], []
        for doc in docs:
            parts = [words[w] if w in words else cached(w) for w in doc.lower().split()]
            joined = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
            unique, count = np.unique(joined, return_counts=True)
            columns.append(unique)
            values.append(count)
            pointers.append(pointers[-1] + len(unique))
        dtype = self.vectorizer.dtype
        data = np.concatenate(values).astype(dtype) if values else np.zeros(0, dtype=dtype)
        indices = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int32)
        shape = (len(pointers) - 1, len(self.vocabulary))
        return sparse.csr_matrix((data, indices, np.array(pointers)), shape=shape)

    def transform(self, docs: Iterable[str]) -> sparse.csr_matrix:
        """TF-IDF features equal to `vectorizer.transform(docs)`."""
        return tfidf(self.vectorizer, self.counts(docs))


def tfidf(vectorizer: TfidfVectorizer, counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """What a fitted TfidfVectorizer makes of raw n-gram counts (binary, idf, sublinear tf, norm)."""
    if vectorizer.binary:
        counts.data.fill(1)
    return vectorizer._tfidf.transform(counts, copy=False)


def supported(vectorizer: object) -> bool:
    """True for a fitted TfidfVectorizer whose char_wb analysis this cache reproduces exactly."""
    return (
        isinstance(vectorizer, TfidfVectorizer)
        and vectorizer.analyzer == "char_wb"
        and vectorizer.lowercase
        and vectorizer.preprocessor is None
        and vectorizer.strip_accents is None
        and isinstance(getattr(vectorizer, "vocabulary_", None), dict)
    )
