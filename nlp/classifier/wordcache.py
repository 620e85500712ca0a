"""Exact, fast transform for a fitted word TfidfVectorizer: n-grams looked up as integer ids in numpy."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain, repeat

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from nlp.classifier.charcache import tfidf
from store.errors import InputError

MAX_CHUNKS = 500_000  # cached whitespace-separated chunks; the cache starts over past this
STOP = -1  # word code of a stop word: dropped before n-grams are formed
# Token patterns whose tokens never hold nor need whitespace: text may be split on whitespace first.
CHUNKABLE_PATTERNS = frozenset({r"(?u)\b\w\w+\b", r"(?u)\b\w[\w\-]*\w\b|\b\w\b"})


class WordNgramCache:
    """Gives the same matrix as `vectorizer.transform(docs)` for a fitted word TfidfVectorizer.

    scikit-learn runs the token regex, filters stop words, joins every bigram into a string and looks
    it up in a dict, all in Python (about 0.3-0.45 ms for a 500-word article). Here every word of a
    vocabulary term gets an integer code once; each distinct whitespace-separated chunk ("luka-luka,",
    "(3/11)") is tokenized once into the codes of its non-stop words; and the unigram and bigram
    features of a whole batch come from numpy lookups (bigram key = code_a * width + code_b).
    """

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        if not supported(vectorizer):
            raise InputError("WordNgramCache needs a fitted word TfidfVectorizer, default preprocessing")
        self.vectorizer = vectorizer
        self.low, self.high = vectorizer.ngram_range
        self.findall = re.compile(vectorizer.token_pattern).findall
        self.chunkable = vectorizer.token_pattern in CHUNKABLE_PATTERNS
        self.n_features = len(vectorizer.vocabulary_)
        self.codes: dict[str, int] = {}
        unigrams, pairs = self._index_terms(vectorizer.vocabulary_)
        self.unknown = len(self.codes)  # code of a word in no vocabulary term (it still splits bigrams)
        self.unigram_feature = np.full(self.unknown + 1, -1, dtype=np.int64)
        self.unigram_feature[list(unigrams)] = list(unigrams.values())
        keys = np.array([a * (self.unknown + 1) + b for a, b in pairs], dtype=np.int64)
        order = np.argsort(keys)
        self.bigram_keys = keys[order]
        self.bigram_feature = np.array(list(pairs.values()), dtype=np.int64)[order]
        for word in vectorizer.get_stop_words() or ():
            self.codes[word] = STOP
        self._clear_chunks()

    def _code(self, word: str) -> int:
        return self.codes.setdefault(word, len(self.codes))

    def _index_terms(self, vocabulary: dict[str, int]) -> tuple[dict[int, int], dict[tuple[int, int], int]]:
        """Word codes of every term's words; the feature of each unigram code and of each code pair.

        A term with spaces is registered under every split into two words, so that even a token
        pattern whose tokens contain spaces maps each (word, word) pair to the right term.
        """
        unigrams: dict[int, int] = {}
        pairs: dict[tuple[int, int], int] = {}
        for term, feature in vocabulary.items():
            if self.low == 1:
                unigrams[self._code(term)] = feature
            if self.high == 2:
                for space in (match.start() for match in re.finditer(" ", term)):
                    pairs[self._code(term[:space]), self._code(term[space + 1 :])] = feature
        return unigrams, pairs

    def _clear_chunks(self) -> None:
        self.chunks: dict[str, int] = {}
        self.chunk_start = np.zeros(0, dtype=np.int64)
        self.chunk_length = np.zeros(0, dtype=np.int64)
        self.chunk_codes = np.zeros(0, dtype=np.int64)

    def _tokens(self, text: str) -> list[int]:
        """Codes of the non-stop tokens of one lowercased text, in order."""
        codes = map(self.codes.get, self.findall(text), repeat(self.unknown))
        return [code for code in codes if code != STOP]

    def _add_chunks(self, chunks: list[str]) -> None:
        """Tokenize new chunks once and append their codes to the chunk tables."""
        tokens = [self._tokens(chunk) for chunk in chunks]
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        starts = len(self.chunk_codes) + np.cumsum(lengths) - lengths
        codes = np.fromiter(chain.from_iterable(tokens), dtype=np.int64, count=int(lengths.sum()))
        self.chunks.update(zip(chunks, range(len(self.chunks), len(self.chunks) + len(chunks)), strict=True))
        self.chunk_start = np.concatenate([self.chunk_start, starts])
        self.chunk_length = np.concatenate([self.chunk_length, lengths])
        self.chunk_codes = np.concatenate([self.chunk_codes, codes])

    def _word_codes(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Codes of the non-stop tokens of all (lowercased) texts, and the text row of each."""
        if not self.chunkable:
            tokens = [self._tokens(text) for text in texts]
            lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
            codes = np.fromiter(chain.from_iterable(tokens), dtype=np.int64, count=int(lengths.sum()))
            return codes, np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        split = [text.split() for text in texts]
        flat = list(chain.from_iterable(split))
        distinct = set(flat)
        new = distinct.difference(self.chunks)
        if len(self.chunks) + len(new) > MAX_CHUNKS:
            self._clear_chunks()
            new = distinct
        if new:
            self._add_chunks(list(new))
        ids = np.fromiter(map(self.chunks.__getitem__, flat), dtype=np.int64, count=len(flat))
        per_text = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
        lengths = self.chunk_length[ids]
        rows = np.repeat(np.repeat(np.arange(len(texts), dtype=np.int64), per_text), lengths)
        offsets = np.repeat(self.chunk_start[ids] - (np.cumsum(lengths) - lengths), lengths)
        return self.chunk_codes[offsets + np.arange(len(offsets))], rows

    def _features(self, codes: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row, feature) of every n-gram occurrence found in the vocabulary."""
        found_rows, found_features = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        if self.low == 1:
            features = self.unigram_feature[codes]
            known = features >= 0
            found_rows.append(rows[known])
            found_features.append(features[known])
        if self.high == 2 and len(self.bigram_keys) and len(codes) > 1:
            same = rows[:-1] == rows[1:]  # bigrams never cross documents
            keys = codes[:-1][same] * (self.unknown + 1) + codes[1:][same]
            where = np.searchsorted(self.bigram_keys, keys)
            where[where == len(self.bigram_keys)] = 0
            known = self.bigram_keys[where] == keys
            found_rows.append(rows[:-1][same][known])
            found_features.append(self.bigram_feature[where[known]])
        return np.concatenate(found_rows), np.concatenate(found_features)

    def counts(self, docs: Iterable[str]) -> sparse.csr_matrix:
        """The raw n-gram counts (what CountVectorizer.transform returns)."""
        if isinstance(docs, str):
            raise InputError("an iterable of documents is needed, not one string")
        decode = self.vectorizer.decode
        texts = [decode(doc).lower() if self.vectorizer.lowercase else decode(doc) for doc in docs]
        rows, features = self._features(*self._word_codes(texts))
        cells, count = np.unique(rows * self.n_features + features, return_counts=True)
        cell_rows = cells // self.n_features
        pointers = np.searchsorted(cell_rows, np.arange(len(texts) + 1)).astype(np.int32)
        columns = (cells - cell_rows * self.n_features).astype(np.int32)
        data = count.astype(self.vectorizer.dtype)
        return sparse.csr_matrix((data, columns, pointers), shape=(len(texts), self.n_features))

    def transform(self, docs: Iterable[str]) -> sparse.csr_matrix:
        """TF-IDF features equal to `vectorizer.transform(docs)`."""
        return tfidf(self.vectorizer, self.counts(docs))


def supported(vectorizer: object) -> bool:
    """True for a fitted TfidfVectorizer whose word analysis this cache reproduces exactly."""
    if not isinstance(vectorizer, TfidfVectorizer):
        return False
    low, high = vectorizer.ngram_range
    return (
        vectorizer.analyzer == "word"
        and vectorizer.input == "content"
        and vectorizer.preprocessor is None
        and vectorizer.tokenizer is None
        and vectorizer.strip_accents is None
        and 1 <= low <= high <= 2
        and re.compile(vectorizer.token_pattern).groups <= 1
        and isinstance(getattr(vectorizer, "vocabulary_", None), dict)
    )
