"""Features of an article for the classifier: its text, word and character n-grams, seed and keyword hits."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from spacy.lang.id.stop_words import STOP_WORDS

from nlp.classifier import charcache, wordcache
from nlp.classifier.keywords import CONFLICT_WORDS, pattern
from nlp.classifier.taxonomy import THEME_SEEDS, THEMES

# Exact, faster stand-ins for sklearn's transform of a fitted vectorizer (see each module).
FAST_TRANSFORMS = (
    (charcache.supported, charcache.CharNgramCache),
    (wordcache.supported, wordcache.WordNgramCache),
)
WORD_PATTERN = r"(?u)\b\w[\w\-]*\w\b|\b\w\b"
SPACES = re.compile(r"[\s\x00]+")
VOCAB_SEPARATOR = "\x00"


def compose(document: Any, title_weight: int = 2, lead_chars: int = 0) -> str:
    """One string per article: the title repeated `title_weight` times, the lead once more, then the body."""
    if isinstance(document, str):
        return document
    if isinstance(document, Mapping):
        title, text = document.get("title") or "", document.get("text") or ""
    else:
        title, text = document
        title, text = title or "", text or ""
    lead = [text[:lead_chars].rsplit(" ", 1)[0]] if lead_chars and len(text) > lead_chars else []
    return SPACES.sub(" ", " . ".join([title] * title_weight + lead + [text]))


class SeedLexicon(TransformerMixin, BaseEstimator):
    """Prior features: log(1 + hits) of each theme's seed words (taxonomy.THEME_SEEDS), scaled."""

    def __init__(self, weight: float = 0.3) -> None:
        self.weight = weight

    def fit(self, X: Iterable[str], y: Any = None) -> SeedLexicon:
        self.n_features_out_ = len(THEMES)
        return self

    def transform(self, X: Iterable[str]) -> sparse.csr_matrix:
        regexes = _seed_regexes()
        rows = [[len(regex.findall(doc)) for regex in regexes] for doc in X]
        return sparse.csr_matrix(self.weight * np.log1p(np.array(rows, dtype=np.float32)))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array([f"seed_{theme}" for theme in THEMES], dtype=object)


class KeywordCounts(TransformerMixin, BaseEstimator):
    """Keyword-alert features (keywords.py): log(1 + conflict-word hits) and whether the alert fires."""

    def __init__(self, weight: float = 0.3) -> None:
        self.weight = weight

    def fit(self, X: Iterable[str], y: Any = None) -> KeywordCounts:
        self.n_features_out_ = 2
        return self

    def transform(self, X: Iterable[str]) -> sparse.csr_matrix:
        regex = _keyword_regex()
        hits = np.array([len(regex.findall(doc)) for doc in X], dtype=np.float32)
        columns = np.column_stack([np.log1p(hits), hits >= 2]).astype(np.float32)
        return sparse.csr_matrix(self.weight * columns)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array(["keyword_hits", "keyword_alert"], dtype=object)


@lru_cache(maxsize=1)
def _keyword_regex() -> re.Pattern[str]:
    return pattern(CONFLICT_WORDS)


@lru_cache(maxsize=1)
def _seed_regexes() -> list[re.Pattern[str]]:
    """One whole-word, case-insensitive regex per theme."""
    return [
        re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in THEME_SEEDS[theme]) + r")(?!\w)", re.I)
        for theme in THEMES
    ]


def make_vectorizer(
    word_ngram_range: tuple[int, int],
    char_ngram_range: tuple[int, int] | None,
    min_df: int,
    max_features: int | None,
    seed_weight: float = 0.0,
    keyword_weight: float = 0.0,
    char_max_features: int | None = None,
) -> FeatureUnion:
    """Word n-grams (Indonesian stop words removed) plus character n-grams for affixes."""
    parts: list[tuple[str, TfidfVectorizer]] = [
        (
            "words",
            TfidfVectorizer(
                ngram_range=word_ngram_range,
                min_df=min_df,
                sublinear_tf=True,
                token_pattern=WORD_PATTERN,
                stop_words=sorted(STOP_WORDS),
                max_features=max_features,
                dtype=np.float32,
            ),
        ),
    ]
    if char_ngram_range:
        parts.append(
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=char_ngram_range,
                    min_df=min_df,
                    sublinear_tf=True,
                    max_features=char_max_features or max_features,
                    dtype=np.float32,
                ),
            )
        )
    if seed_weight:
        parts.append(("seeds", SeedLexicon(seed_weight)))
    if keyword_weight:
        parts.append(("keywords", KeywordCounts(keyword_weight)))
    return FeatureUnion(parts)


def packed(part: Any) -> Any:
    """A shallow copy of a fitted vectorizer with its vocabulary as one NUL-joined string."""
    vocabulary = getattr(part, "vocabulary_", None)
    if not isinstance(vocabulary, dict):
        return part
    copied = copy.copy(part)
    del copied.vocabulary_
    terms = sorted(vocabulary, key=vocabulary.__getitem__)
    copied.packed_vocabulary_ = VOCAB_SEPARATOR.join(terms)
    return copied


def unpack(part: Any) -> None:
    """Rebuild the vocabulary dict of a vectorizer packed by `packed`."""
    terms = part.__dict__.pop("packed_vocabulary_", None)
    if terms is not None:
        part.vocabulary_ = {term: index for index, term in enumerate(terms.split(VOCAB_SEPARATOR))}
