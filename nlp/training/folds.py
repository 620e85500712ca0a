"""Folds for cross-validation: stratified, each event group (events.jsonl or near-duplicates) in one fold."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedGroupKFold

from nlp.classifier.taxonomy import THEMES
from nlp.training.dataset import Example

EVENT_SIMILARITY = 0.3
N_SPLITS = 5


def event_groups(examples: Sequence[Example], threshold: float = EVENT_SIMILARITY) -> np.ndarray:
    """Group ids: articles of one event (events.jsonl) or with TF-IDF cosine similarity >= `threshold`."""
    texts = [f"{ex.title} {ex.text}" for ex in examples]
    matrix = TfidfVectorizer(sublinear_tf=True, min_df=1, max_df=0.5).fit_transform(texts)
    linked = ((matrix @ matrix.T) >= threshold).astype(np.int8).tocsr()
    first: dict[str, int] = {}
    rows, cols = [], []
    for index, ex in enumerate(examples):
        if ex.event:
            rows.append(first.setdefault(ex.event, index))
            cols.append(index)
    same_event = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=linked.shape)
    _, groups = connected_components(linked + same_event.tocsr(), directed=False)
    return groups


def strata(examples: Sequence[Example]) -> list[str]:
    """Stratification key: origin plus the rarest gold theme (or 'no')."""
    counts = {theme: sum(theme in ex.themes for ex in examples) for theme in THEMES}
    keys = []
    for ex in examples:
        rarest = min(ex.themes, key=lambda theme: counts[theme]) if ex.themes else "no"
        keys.append(f"{ex.origin.split(':')[0]}:{rarest}")
    return keys


def folds(examples: Sequence[Example], n_splits: int = N_SPLITS, seed: int = 0) -> np.ndarray:
    """Fold number per example: stratified, with every event group inside one fold.

    Hand-labeled IndoSum hard negatives are dealt round-robin after the others are split, so adding
    them leaves the folds of the labeled articles unchanged.
    """
    extra = np.array([ex.origin == "hard_negatives" for ex in examples], dtype=bool)
    core = [ex for ex, out in zip(examples, extra, strict=True) if not out]
    groups = event_groups(core)
    fold = np.zeros(len(examples), dtype=int)
    inner = np.zeros(len(core), dtype=int)
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        for number, (_, test) in enumerate(splitter.split(np.zeros(len(core)), strata(core), groups)):
            inner[test] = number
    fold[~extra] = inner
    fold[extra] = np.arange(int(extra.sum())) % n_splits
    return fold
