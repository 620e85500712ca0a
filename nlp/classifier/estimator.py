"""The conflict and theme classifier: a scikit-learn estimator with calibrated heads and tuned cuts."""

from __future__ import annotations

import copy
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from nlp.classifier.features import FAST_TRANSFORMS, compose, make_vectorizer, packed, unpack
from nlp.classifier.heads import FusedHeads
from nlp.classifier.taxonomy import LABELS, THEMES
from store.errors import InputError

THRESHOLD_GRID = np.round(np.arange(0.10, 0.91, 0.025), 3)
RATIO_GRID = (0.0, 0.25, 0.5, 0.75)


def _base(head: str, C: float, random_state: int) -> BaseEstimator:
    """The linear model behind one label."""
    if head == "logreg":
        return LogisticRegression(C=C, max_iter=2000, class_weight="balanced", random_state=random_state)
    if head == "svm":
        return LinearSVC(C=C, class_weight="balanced", random_state=random_state)
    if head == "cnb":
        return ComplementNB(alpha=1.0 / C)
    raise InputError(f"unknown classifier head {head!r} (use logreg, svm or cnb)")


def best_threshold(y: np.ndarray, scores: np.ndarray) -> float:
    """The cut that maximises F1 on out-of-fold scores (ties go to the cut nearest 0.5)."""
    if y.sum() == 0:
        return 0.5
    best, best_f1 = 0.5, -1.0
    for cut in sorted(THRESHOLD_GRID, key=lambda value: abs(value - 0.5)):
        pred = scores >= cut
        tp = float((pred & (y == 1)).sum())
        f1 = 2 * tp / (pred.sum() + y.sum()) if tp else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(cut), f1
    return best


def theme_ratio_mask(theme_proba: np.ndarray, ratio: float) -> np.ndarray:
    """True where a theme's probability reaches `ratio` times the article's most probable theme."""
    return theme_proba >= ratio * theme_proba.max(axis=1, keepdims=True)


def shared_rule_decisions(
    theme_proba: np.ndarray, cut: float, ratio: float, ensure_theme: bool
) -> np.ndarray:
    """Theme decisions of the shared rule: probability >= cut and >= ratio x the best (plus the best)."""
    decisions = (theme_proba >= cut) & theme_ratio_mask(theme_proba, ratio)
    if ensure_theme and len(theme_proba):
        decisions[np.arange(len(theme_proba)), theme_proba.argmax(axis=1)] = True
    return decisions


def best_shared_rule(
    Y: np.ndarray, theme_proba: np.ndarray, ensure_theme: bool = True
) -> tuple[float, float]:
    """The (cut, ratio) with the best micro-F1 on conflict articles' themes (ties: nearest to 0.5, 0)."""
    best, best_f1 = (0.5, 0.0), -1.0
    grid = sorted(
        ((cut, ratio) for cut in THRESHOLD_GRID for ratio in RATIO_GRID),
        key=lambda pair: (abs(pair[0] - 0.5), pair[1]),
    )
    gold = Y.astype(bool)
    for cut, ratio in grid:
        guess = shared_rule_decisions(theme_proba, cut, ratio, ensure_theme)
        tp = float((guess & gold).sum())
        f1 = 2 * tp / (guess.sum() + gold.sum()) if tp else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = (float(cut), float(ratio)), f1
    return best


class ConflictThemeClassifier(ClassifierMixin, BaseEstimator):
    """Conflict head + one-vs-rest theme head over TF-IDF word (and optionally character) n-grams of
    title + body.

    Y has one column per label in `nlp.classifier.taxonomy.LABELS`: conflict, then the ten themes. Theme
    probabilities are conditional on conflict (the theme head learns from conflict articles only
    unless theme_scope="all"); cuts are tuned on inner out-of-fold probabilities (`theme_rule`: one per
    theme, or one shared cut and ratio), except the conflict cut when `conflict_threshold` fixes it
    and the theme cuts when `theme_cut` fixes them (ratio 0). Rows flagged `natural` in `fit`
    (natural-rate news) weigh `natural_theme_weight` in the theme head (1.0: like any other row).
    `theme_head`/`theme_C` (None: as the conflict head) set the theme models apart; `lead_chars`
    repeats the opening of the body once more. Articles scoring at least `review_threshold` but below
    the conflict cut are the review tier ("perlu ditinjau"): tagged for an analyst, never conflict.
    With `theme_guarantee_cut`, only conflict articles scoring at least that get their most probable
    theme when no theme passes the cuts (weaker ones keep only themes that pass).
    """

    def __init__(
        self,
        head: str = "svm",
        C: float = 1.0,
        title_weight: int = 2,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] | None = (2, 5),
        min_df: int = 2,
        max_features: int | None = 60_000,
        calibration: str | None = "sigmoid",
        calibration_cv: int = 3,
        tune_thresholds: bool = True,
        threshold_cv: int = 5,
        theme_scope: str = "positives",
        ensure_theme: bool = True,
        seed_weight: float = 0.0,
        conflict_threshold: float | None = None,
        random_state: int = 0,
        theme_head: str | None = None,
        theme_C: float | None = None,
        lead_chars: int = 0,
        keyword_weight: float = 0.0,
        char_max_features: int | None = None,
        theme_rule: str = "per_theme",
        review_threshold: float | None = None,
        theme_guarantee_cut: float | None = None,
        natural_theme_weight: float = 1.0,
        theme_cut: float | None = None,
    ) -> None:
        self.head = head
        self.C = C
        self.title_weight = title_weight
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.calibration = calibration
        self.calibration_cv = calibration_cv
        self.tune_thresholds = tune_thresholds
        self.threshold_cv = threshold_cv
        self.theme_scope = theme_scope
        self.ensure_theme = ensure_theme
        self.seed_weight = seed_weight
        self.conflict_threshold = conflict_threshold
        self.random_state = random_state
        self.theme_head = theme_head
        self.theme_C = theme_C
        self.lead_chars = lead_chars
        self.keyword_weight = keyword_weight
        self.char_max_features = char_max_features
        self.theme_rule = theme_rule
        self.review_threshold = review_threshold
        self.theme_guarantee_cut = theme_guarantee_cut
        self.natural_theme_weight = natural_theme_weight
        self.theme_cut = theme_cut

    def _fit_label(
        self, F: Any, y: np.ndarray, weight: np.ndarray | None, theme: bool = False
    ) -> BaseEstimator:
        """One calibrated binary model; a class prior when a class has fewer than two examples."""
        counts = np.bincount(y, minlength=2)
        if counts.min() < 2:
            return DummyClassifier(strategy="prior").fit(F, y)
        head = (self.theme_head or self.head) if theme else self.head
        C = (self.theme_C or self.C) if theme else self.C
        base = _base(head, C, self.random_state)
        if not self.calibration:
            return base.fit(F, y, sample_weight=weight)
        cv = int(min(self.calibration_cv, counts.min()))
        model = CalibratedClassifierCV(base, method=self.calibration, cv=cv, ensemble=False)
        return model.fit(F, y, sample_weight=weight)

    def _fit_heads(
        self, F: Any, Y: np.ndarray, weight: np.ndarray | None = None, theme_weight: np.ndarray | None = None
    ) -> list[BaseEstimator]:
        """The conflict model, then one model per theme (one-vs-rest), each row weighed by theme_weight."""
        rows = Y[:, 0] == 1 if self.theme_scope == "positives" else np.ones(len(Y), dtype=bool)
        if theme_weight is not None:
            rows &= theme_weight > 0
        part = None if theme_weight is None else theme_weight[rows]
        themes = [self._fit_label(F[rows], Y[rows, j], part, theme=True) for j in range(1, Y.shape[1])]
        return [self._fit_label(F, Y[:, 0], weight), *themes]

    def theme_weights(self, natural: Any, n: int) -> np.ndarray | None:
        """Theme-head weight per row: natural_theme_weight for natural-rate rows, else 1 (None: all 1)."""
        if natural is None or self.natural_theme_weight == 1.0:
            return None
        flags = np.asarray(natural, dtype=bool)
        if flags.shape != (n,):
            raise InputError(f"natural needs one flag per document ({n}), got {flags.shape}")
        return np.where(flags, float(self.natural_theme_weight), 1.0)

    @staticmethod
    def _proba(heads: list[BaseEstimator], F: Any) -> np.ndarray:
        return FusedHeads(heads).predict_proba(F)

    def documents(self, X: Iterable[Any]) -> list[str]:
        """The strings the vectorizer sees: title (weighted), lead and body of each document."""
        return [compose(doc, self.title_weight, self.lead_chars) for doc in X]

    def build_vectorizer(self) -> FeatureUnion:
        """An unfitted feature union with this model's feature parameters."""
        return make_vectorizer(
            self.word_ngram_range,
            self.char_ngram_range,
            self.min_df,
            self.max_features,
            self.seed_weight,
            self.keyword_weight,
            self.char_max_features,
        )

    def fit(
        self, X: Sequence[Any], Y: Any, sample_weight: Any = None, groups: Any = None, natural: Any = None
    ) -> ConflictThemeClassifier:
        """Learn the vocabulary, both heads and (optionally) per-label thresholds from out-of-fold scores.

        `sample_weight` weighs articles in the conflict head only (e.g. to stress natural-rate news);
        `groups` (one event id per article) keeps the articles of one event in one inner fold;
        `natural` (one flag per article: natural-rate news) applies natural_theme_weight in the theme head.
        """
        Y = np.asarray(Y, dtype=int)
        if Y.ndim != 2 or Y.shape[1] != len(LABELS):
            raise InputError(f"Y needs {len(LABELS)} columns (conflict + {len(THEMES)} themes)")
        docs = self.documents(X)
        self.vectorizer_ = self.build_vectorizer().fit(docs)
        return self.fit_features(self.vectorizer_.transform(docs), Y, sample_weight, groups, natural)

    def fit_features(
        self, F: Any, Y: np.ndarray, sample_weight: Any = None, groups: Any = None, natural: Any = None
    ) -> ConflictThemeClassifier:
        """Fit heads and thresholds on already vectorized documents (used by fit and by experiments)."""
        weight = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        theme_weight = self.theme_weights(natural, len(Y))
        self.heads_ = self._fit_heads(F, Y, weight, theme_weight)
        fixed = self.conflict_threshold is not None and self.theme_cut is not None
        self.thresholds_, self.theme_ratio_ = (
            self._tuned_thresholds(F, Y, weight, groups, theme_weight)
            if self.tune_thresholds and not fixed
            else (np.full(len(LABELS), 0.5), 0.0)
        )
        if self.conflict_threshold is not None:
            self.thresholds_[0] = self.conflict_threshold
        if self.theme_cut is not None:
            self.thresholds_[1:], self.theme_ratio_ = self.theme_cut, 0.0
        self.labels_ = np.array(LABELS)
        self.classes_ = [np.array([0, 1])] * len(LABELS)
        self.n_features_ = F.shape[1]
        return self

    def _tuned_thresholds(
        self,
        F: Any,
        Y: np.ndarray,
        weight: np.ndarray | None,
        groups: Any = None,
        theme_weight: np.ndarray | None = None,
    ) -> tuple[np.ndarray, float]:
        """Cuts that maximise F1 on inner out-of-fold probabilities (conflict, then themes) and the ratio.

        theme_rule "per_theme" tunes one cut per theme (ratio 0); "shared" tunes one cut and one ratio
        to the most probable theme for all themes together: two numbers instead of ten, which overfit
        the ~20 examples of the rarer themes less.
        """
        splits = int(min(self.threshold_cv, np.bincount(Y[:, 0], minlength=2).min()))
        if splits < 2:
            return np.full(Y.shape[1], 0.5), 0.0
        oof = np.zeros(Y.shape, dtype=float)
        for train, test in self._inner_folds(splits, Y[:, 0], groups):
            part = None if weight is None else weight[train]
            themes = None if theme_weight is None else theme_weight[train]
            oof[test] = self._proba(self._fit_heads(F[train], Y[train], part, themes), F[test])
        positives = Y[:, 0] == 1
        cuts = [best_threshold(Y[:, 0], oof[:, 0])]
        if self.theme_rule == "shared":
            cut, ratio = best_shared_rule(Y[positives, 1:], oof[positives, 1:], self.ensure_theme)
            return np.array(cuts + [cut] * (Y.shape[1] - 1)), ratio
        if self.theme_rule != "per_theme":
            raise InputError(f"unknown theme_rule {self.theme_rule!r} (use per_theme or shared)")
        cuts += [best_threshold(Y[positives, j], oof[positives, j]) for j in range(1, Y.shape[1])]
        return np.array(cuts), 0.0

    def _inner_folds(
        self, splits: int, y: np.ndarray, groups: Any
    ) -> Iterable[tuple[np.ndarray, np.ndarray]]:
        """Stratified inner folds; event-grouped when groups are given (articles of one event together)."""
        if groups is None:
            return StratifiedKFold(splits, shuffle=True, random_state=self.random_state).split(y, y)
        splitter = StratifiedGroupKFold(splits, shuffle=True, random_state=self.random_state)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # a class smaller than the number of folds
            return list(splitter.split(y, y, np.asarray(groups)))

    def transform_documents(self, X: Iterable[Any]) -> Any:
        """The TF-IDF features of documents (dicts with title/text, (title, text) pairs or strings).

        Equal to `self.vectorizer_.transform`, but word and character n-grams go through per-model
        caches (FAST_TRANSFORMS): sklearn rebuilds every n-gram of every document in Python.
        """
        docs = self.documents(X)
        union = self.vectorizer_
        if union.transformer_weights:
            return union.transform(docs)
        blocks = [self._part_transform(name, part, docs) for name, part in union.transformer_list]
        return sparse.hstack(blocks, format="csr")

    def _part_transform(self, name: str, part: Any, docs: list[str]) -> Any:
        make = next((cache for fits, cache in FAST_TRANSFORMS if fits(part)), None)
        if make is None:
            return part.transform(docs)
        caches = self.__dict__.setdefault("_fast_transforms", {})
        cache = caches.get(name)
        if cache is None or cache.vectorizer is not part:  # new model or refitted
            cache = caches[name] = make(part)
        return cache.transform(docs)

    def predict_proba(self, X: Iterable[Any]) -> np.ndarray:
        """(n, 11): P(conflict), then P(theme | conflict) for each theme in LABELS order."""
        return self._proba(self.heads_, self.transform_documents(X))

    def decide(self, proba: np.ndarray) -> np.ndarray:
        """Binary decisions from probabilities: themes only for conflict articles, at least one."""
        decisions = (proba >= self.thresholds_).astype(int)
        decisions[:, 1:] &= theme_ratio_mask(proba[:, 1:], getattr(self, "theme_ratio_", 0.0))
        decisions[:, 1:] *= decisions[:, :1]
        if self.ensure_theme:
            strong = proba[:, 0] >= (self.theme_guarantee_cut or 0.0)
            missing = (decisions[:, 0] == 1) & strong & (decisions[:, 1:].sum(axis=1) == 0)
            best = proba[:, 1:].argmax(axis=1)
            decisions[missing, 1 + best[missing]] = 1
        return decisions

    def predict(self, X: Iterable[Any]) -> np.ndarray:
        """(n, 11) binary decisions: conflict, then the ten themes."""
        return self.decide(self.predict_proba(X))

    def __getstate__(self) -> dict[str, Any]:
        """State for skops: each vocabulary as one joined string (a 60k-term dict is very slow to save)."""
        state = dict(super().__getstate__())
        state.pop("_fast_transforms", None)  # a run-time cache, never saved
        union = state.get("vectorizer_")
        if union is not None:
            union = copy.copy(union)
            union.transformer_list = [(name, packed(part)) for name, part in union.transformer_list]
            state["vectorizer_"] = union
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = {**NEWER_PARAMS, **state}  # models saved before these parameters existed
        super().__setstate__(state)
        union = getattr(self, "vectorizer_", None)
        if union is not None:
            for _, part in union.transformer_list:
                unpack(part)

    def tag(self, X: Iterable[Any]) -> list[dict[str, Any]]:
        """One record per document: conflict, conflict_score, themes, theme_scores."""
        proba = self.predict_proba(X)
        rows = zip(proba, self.decide(proba), strict=True)
        return [record(row, decision, self.review_threshold) for row, decision in rows]


NEWER_PARAMS: dict[str, Any] = {
    "theme_head": None,
    "theme_C": None,
    "lead_chars": 0,
    "keyword_weight": 0.0,
    "char_max_features": None,
    "theme_rule": "per_theme",
    "review_threshold": None,
    "theme_guarantee_cut": None,
    "natural_theme_weight": 1.0,
    "theme_cut": None,
}


def record(proba: np.ndarray, decision: np.ndarray, review_cut: float | None = None) -> dict[str, Any]:
    """The tag record of one article from its probability row and decision row (review: to be checked)."""
    return {
        "conflict": bool(decision[0]),
        "review": bool(not decision[0] and review_cut is not None and proba[0] >= review_cut),
        "conflict_score": round(float(proba[0]), 4),
        "themes": [theme for theme, flag in zip(THEMES, decision[1:], strict=True) if flag],
        "theme_scores": {theme: round(float(p), 4) for theme, p in zip(THEMES, proba[1:], strict=True)},
    }
