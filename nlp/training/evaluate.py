"""The evaluation gate: cross-validate a model configuration on the shared data, check the floors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nlp.classifier.estimator import ConflictThemeClassifier
from nlp.classifier.persistence import current_version, load_model
from nlp.training import crossval, dataset, folds, registry


def evaluate(
    version: str | None = None,
    directory: Path | None = None,
    shared: str | None = None,
    n_folds: int = folds.N_SPLITS,
) -> tuple[dict[str, Any], list[str]]:
    """CV report of a version's hyperparameters, its own cuts included (default: the current version;
    with none, the configuration `waspada train` ships, its conflict cut chosen as training chooses it),
    and the floors it misses."""
    directory = directory or registry.models_dir()
    version = version or current_version(directory)
    params = load_model(version, directory).get_params() if version else crossval.SHIPPED
    examples = dataset.training_set(shared)
    fold = folds.folds(examples, n_splits=n_folds)
    report = crossval.cv_report(
        lambda: ConflictThemeClassifier(**params), examples, fold, choose_cut=version is None
    )
    return report, registry.below_floors({"cv": report}, registry.floors(directory))
