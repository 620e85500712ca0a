"""The evaluation gate: cross-validate a model configuration on the shared data, check the floors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nlp import registry, training
from nlp.themes import ConflictThemeClassifier, load_model


def evaluate(
    version: str | None = None,
    directory: Path | None = None,
    shared: str | None = None,
    n_folds: int = training.N_SPLITS,
) -> tuple[dict[str, Any], list[str]]:
    """CV report of a version's hyperparameters (default: the shipped ones) and the floors it misses."""
    directory = directory or registry.models_dir()
    params = load_model(version, directory).get_params() if version else training.SHIPPED
    examples = training.training_set(shared)
    fold = training.folds(examples, n_splits=n_folds)
    report = training.cv_report(lambda: ConflictThemeClassifier(**params), examples, fold)
    return report, registry.below_floors({"cv": report}, registry.floors(directory))
