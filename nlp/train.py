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
from store.errors import WaspadaError

LIBRARIES = ("scikit-learn", "numpy", "scipy", "skops", "spacy")


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


def _cv(factory: Callable[[], Any], examples: list[training.Example], fold: np.ndarray,
        train_mask: np.ndarray | None = None) -> dict[str, Any]:
    decisions, _ = training.cross_validate(factory, examples, fold, train_mask)
    return training.subset_metrics(examples, decisions)


def compare_candidates(examples: list[training.Example], fold: np.ndarray,
                       progress: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Every candidate of training.CANDIDATES on the same folds, trained without the IndoSum negatives."""
    origins = np.array([ex.origin for ex in examples])
    no_extra = ~np.char.startswith(origins.astype(str), "indosum:")
    table = {}
    for name, factory in training.CANDIDATES.items():
        progress(f"candidate {name}")
        table[name] = _cv(factory, examples, fold, no_extra)
    return table


def run(db: Any, shared: str | None = None, out: Path | None = None, n_folds: int = 5,
        base: bool = True, compare: bool = False, progress: Callable[[str], None] = lambda _: None,
        model: ConflictThemeClassifier | None = None) -> TrainResult:
    """Train on base data + analysts' labels, evaluate, write models/<version>/ and register it."""
    from nlp.labels import latest_labels

    out = out or registry.models_dir()
    examples = training.training_set(shared, latest_labels(db), base=base)
    estimator = model if model is not None else training.shipped_model()
    metrics: dict[str, Any] = {"created_at": registry.now(), "data": data_counts(examples),
                               "params": _params(estimator)}
    result_current, current = None, current_version(out)
    if n_folds >= 2:
        fold = training.folds(examples, n_splits=n_folds)
        progress(f"cross-validating ({n_folds} event-grouped folds, {len(examples)} examples)")
        metrics["cv"] = _cv(lambda: clone(estimator), examples, fold)
        metrics["folds"] = n_folds
        if current:
            progress(f"cross-validating the current model {current} on the same folds")
            params = load_model(current, out).get_params()
            result_current = _cv(lambda: ConflictThemeClassifier(**params), examples, fold)
        if compare:
            metrics["comparison"] = compare_candidates(examples, fold, progress)
    progress(f"fitting on all {len(examples)} examples")
    started = time.perf_counter()
    fitted = clone(estimator).fit([ex.document for ex in examples], training.label_matrix(examples))
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
    return {key: list(value) if isinstance(value, tuple) else value
            for key, value in estimator.get_params().items()}


def ensure_trained(model: Any) -> None:
    """Raise when `model` is not a fitted classifier."""
    if not hasattr(model, "thresholds_"):
        raise WaspadaError("the model is not fitted")
