"""One training run: CV next to the current model on the same folds, fit, save a version, register it."""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import clone

from nlp import registry, training
from nlp.model_card import write_card
from nlp.taxonomy import LABELS
from nlp.themes import ConflictThemeClassifier, current_version, load_model, save_model

LIBRARIES = ("scikit-learn", "numpy", "scipy", "skops", "spacy")
COMPARISON_NOTE = (
    "Same 5 stratified, event-grouped folds as the CV above. Candidates train on the two labeled sets "
    '(and analysts\' labels, if any); "this model" also on the 42 hand-labeled IndoSum hard negatives at '
    "conflict-head weight 0.3. `logreg_plain` is the plain TF-IDF (words + characters) logistic regression "
    "reference (C=10, no calibration, 0.5 cuts); `keywords` the EMM-style alert (two hits). features/s: "
    "feature extraction of 500-word articles on one core of a shared, loaded machine (compare within this "
    "table only). Further variants of 2026.11.29-1 tried on the same folds (articles conflict F1 / theme "
    "micro-F1 / macro-F1; natural conflict F1), 2026.11.29-1 itself being 0.988 / 0.814 / 0.817; 0.787: "
    "SVM theme head C=1 or 2: micro 0.807 / 0.810; logistic-regression theme head C=10: 0.811, C=30: "
    "0.818 (kept); conflict head C=1: natural 0.766, C=0.25: 0.775, logistic regression C=10: 0.763; "
    "natural articles weighted 2x or 3x in the conflict head: natural 0.758; conflict cut 0.40 / 0.35: "
    "natural 0.780 / 0.784 at P@15% 0.843 / 0.831; title x3: same natural F1, micro 0.822 with the "
    "logistic theme head (kept); title x4: natural 0.774; lead (first 400 characters) repeated: "
    "0.983 / 0.826 / 0.823, natural 0.771 (P 0.861) and slower; keyword-alert counts as two extra "
    "features: 0.939 / 0.785 / 0.792, natural 0.739 (dropped); character 3-5-grams capped at 40k "
    "instead of 2-5-grams: 0.991 / 0.821 / 0.827, natural 0.774, about 1.3x faster (kept); the IndoSum "
    "hard negatives at full weight: natural 0.742 (P 0.917, R 0.623) while their own out-of-fold alarms "
    "fell from 38/42 to 5/42; at weight 0.3 (kept): 0.988 / 0.816 / 0.820, natural 0.761 (one positive "
    "fewer), 10/42; at weight 0.1: same labeled figures, 24/42."
)


@dataclass
class TrainResult:
    """What a run produced: the version, where it lives, its metrics and the current model's."""

    version: str
    path: Path
    metrics: dict[str, Any]
    current: dict[str, Any] | None = None
    current_version: str | None = None
    notes: list[str] = field(default_factory=list)


def data_counts(examples: list[training.Example]) -> dict[str, Any]:
    """How many examples of each origin, and how many conflict positives."""
    counts: dict[str, Any] = {}
    for ex in examples:
        entry = counts.setdefault(ex.origin, {"n": 0, "conflict": 0})
        entry["n"] += 1
        entry["conflict"] += int(ex.conflict)
    return counts


def compare_candidates(
    examples: list[training.Example], fold: np.ndarray, progress: Callable[[str], None] = lambda _: None
) -> dict[str, Any]:
    """Every candidate of training.CANDIDATES on the same folds, with its feature speed (articles/s).

    Candidates train on the labeled sets (and analysts' labels) only, never on IndoSum articles.
    """
    origins = np.array([ex.origin for ex in examples])
    labeled_only = ~np.char.startswith(origins.astype(str), "indosum:") & (origins != "hard_negatives")
    texts = speed_texts(examples)
    table = {}
    for name, factory in training.CANDIDATES.items():
        progress(f"candidate {name}")
        table[name] = training.cv_report(factory, examples, fold, labeled_only)
        table[name]["speed"] = feature_speed(factory(), examples, texts)
    return table


def speed_texts(examples: list[training.Example], n: int = 200, words: int = 500) -> list[dict[str, str]]:
    """n 500-word articles cut from the training texts (a fixed, reproducible benchmark)."""
    pool = " ".join(ex.text for ex in examples).split()
    step = max(1, (len(pool) - words - 10) // n)
    return [
        {
            "title": " ".join(pool[i * step : i * step + 10]),
            "text": " ".join(pool[i * step + 10 : i * step + 10 + words]),
        }
        for i in range(n)
    ]


def feature_speed(model: Any, examples: list[training.Example], texts: list[dict[str, str]]) -> float:
    """Articles per second of a candidate's feature extraction (vectorizer fitted on the training texts)."""
    if isinstance(model, ConflictThemeClassifier):
        vectorizer = model.build_vectorizer().fit(model.documents([ex.document for ex in examples]))
        started = time.perf_counter()
        vectorizer.transform(model.documents(texts))
    else:
        model.fit(texts, None)
        started = time.perf_counter()
        model.predict(texts)
    return round(len(texts) / (time.perf_counter() - started), 1)


def run(
    db: Any,
    shared: str | None = None,
    out: Path | None = None,
    n_folds: int = 5,
    base: bool = True,
    compare: bool = False,
    progress: Callable[[str], None] = lambda _: None,
    model: ConflictThemeClassifier | None = None,
) -> TrainResult:
    """Train on base data + analysts' labels, evaluate, write models/<version>/ and register it."""
    from nlp.labels import latest_labels

    out = out or registry.models_dir()
    examples = training.training_set(shared, latest_labels(db), base=base)
    estimator = model if model is not None else training.shipped_model()
    metrics: dict[str, Any] = {
        "created_at": registry.now(),
        "data": data_counts(examples),
        "params": _params(estimator),
    }
    result_current, current = None, current_version(out)
    if n_folds >= 2:
        fold = training.folds(examples, n_splits=n_folds)
        progress(f"cross-validating ({n_folds} event-grouped folds, {len(examples)} examples)")
        metrics["cv"] = training.cv_report(lambda: clone(estimator), examples, fold)
        metrics["folds"] = n_folds
        if current:
            progress(f"cross-validating the current model {current} on the same folds")
            params = load_model(current, out).get_params()
            result_current = training.cv_report(lambda: ConflictThemeClassifier(**params), examples, fold)
        if compare:
            metrics["comparison"] = compare_candidates(examples, fold, progress)
            shipped = {**metrics["cv"], "speed": feature_speed(estimator, examples, speed_texts(examples))}
            metrics["comparison"]["this model (+hardneg x0.3)"] = shipped
            metrics["comparison_note"] = COMPARISON_NOTE
    progress(f"fitting on all {len(examples)} examples")
    started = time.perf_counter()
    fitted = clone(estimator).fit(
        [ex.document for ex in examples],
        training.label_matrix(examples),
        sample_weight=training.sample_weights(examples),
    )
    metrics["train_seconds"] = round(time.perf_counter() - started, 1)
    metrics["thresholds"] = dict(zip(LABELS, map(float, fitted.thresholds_), strict=True))
    if base:
        progress("counting alarms on IndoSum (held out)")
        metrics["indosum_alarms"] = training.indosum_alarms(fitted, shared)
    metrics["libraries"] = {name: package_version(name) for name in LIBRARIES}
    metrics["python"] = platform.python_version()
    version = registry.new_version(out)
    path = out / version
    target = save_model(fitted, path)
    metrics["version"] = version
    metrics["model_bytes"] = target.stat().st_size
    (path / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", "utf-8")
    write_card(path, metrics)
    registry.register(db, version, path, metrics)
    return TrainResult(version, path, metrics, result_current, current)


def _params(estimator: ConflictThemeClassifier) -> dict[str, Any]:
    """JSON-friendly hyperparameters."""
    return {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in estimator.get_params().items()
    }
