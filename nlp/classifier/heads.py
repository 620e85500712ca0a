"""All label heads in one sparse product: stacked linear scores, then each head's sigmoid calibration."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from scipy.special import expit
from sklearn.base import BaseEstimator
from sklearn.calibration import CalibratedClassifierCV, _SigmoidCalibration
from sklearn.linear_model._base import LinearClassifierMixin

from store.errors import InputError


class FusedHeads:
    """Gives `np.column_stack([positive(head, F) for head in heads])` with one matrix product per dtype.

    Each fusable head is a sigmoid-calibrated CalibratedClassifierCV around linear models (LinearSVC,
    LogisticRegression...): its P(label = 1) is the mean over its calibrated classifiers of
    expit(-(a * (F @ coef + intercept) + b)), computed with the same dtypes as scikit-learn so that the
    numbers are identical. Coefficients are stacked per dtype (LinearSVC keeps float64, LogisticRegression
    fitted on float32 features keeps float32, and F @ coef sums in that dtype): one sparse product per
    dtype, two for a LinearSVC conflict head and LogisticRegression theme heads. Every other head
    (DummyClassifier, isotonic calibration, naive Bayes) is asked through its own predict_proba.
    """

    def __init__(self, heads: Sequence[BaseEstimator]) -> None:
        self.heads = list(heads)
        self.sizes = [len(head.calibrated_classifiers_) if fusable(head) else 0 for head in self.heads]
        parts = [
            part
            for head, size in zip(self.heads, self.sizes, strict=True)
            if size
            for part in head.calibrated_classifiers_
        ]
        self.models = [_unfrozen(part.estimator) for part in parts]
        self.calibrators = [part.calibrators[0] for part in parts]
        self.n_features = self.models[0].coef_.shape[1] if self.models else 0
        if any(model.coef_.shape[1] != self.n_features for model in self.models):
            raise InputError("the heads were fitted on different numbers of features")
        dtypes = sorted({model.coef_.dtype.str for model in self.models})
        self.groups = [
            [i for i, model in enumerate(self.models) if model.coef_.dtype.str == dtype] for dtype in dtypes
        ]
        self.coefs = [
            np.column_stack([_dense(self.models[i].coef_).ravel() for i in group]) for group in self.groups
        ]

    def _calibrated(self, F: Any) -> list[np.ndarray]:
        """P(label = 1) of every fused calibrated classifier, in order."""
        if self.models and F.shape[1] != self.n_features:
            raise InputError(f"{F.shape[1]} features, the heads expect {self.n_features}")
        found: list[np.ndarray] = [np.zeros(0)] * len(self.models)
        for group, coef in zip(self.groups, self.coefs, strict=True):
            scores = np.asarray(F @ coef)
            for column, i in enumerate(group):
                decision = scores[:, column] + self.models[i].intercept_
                calibrator = self.calibrators[i]
                found[i] = expit(-(calibrator.a_ * decision + calibrator.b_))
        return found

    def predict_proba(self, F: Any) -> np.ndarray:
        """(n, len(heads)): P(label = 1) of each head, in the order of the heads."""
        if sparse.issparse(F) and F.format != "csr":
            F = F.tocsr()
        calibrated = iter(self._calibrated(F))
        columns = [
            _mean([next(calibrated) for _ in range(size)], F.shape[0]) if size else positive(head, F)
            for head, size in zip(self.heads, self.sizes, strict=True)
        ]
        return np.column_stack(columns) if columns else np.zeros((F.shape[0], 0))


def fusable(head: object) -> bool:
    """True for a binary, sigmoid-calibrated classifier whose models all score with coef_ and intercept_."""
    if not isinstance(head, CalibratedClassifierCV) or getattr(head, "method", None) != "sigmoid":
        return False
    classes = list(getattr(head, "classes_", []))
    if len(classes) != 2 or classes[1] != 1:
        return False
    return all(_fusable_part(part, classes) for part in head.calibrated_classifiers_)


def _fusable_part(part: Any, classes: list[Any]) -> bool:
    estimator = _unfrozen(part.estimator)
    coef = getattr(estimator, "coef_", None)
    return (
        getattr(type(estimator), "decision_function", None) is LinearClassifierMixin.decision_function
        and coef is not None
        and coef.shape[0] == 1
        and list(estimator.classes_) == classes
        and list(part.classes) == classes
        and len(part.calibrators) == 1
        and type(part.calibrators[0]) is _SigmoidCalibration
    )


def _unfrozen(estimator: Any) -> Any:
    """The model inside a FrozenEstimator, or the estimator itself."""
    return estimator.estimator if type(estimator).__name__ == "FrozenEstimator" else estimator


def _dense(coef: Any) -> np.ndarray:
    return coef.toarray() if sparse.issparse(coef) else np.asarray(coef)


def _mean(columns: list[np.ndarray], n: int) -> np.ndarray:
    """The mean of a head's calibrated columns, summed in the order and dtype scikit-learn uses."""
    total = np.zeros(n)
    for column in columns:
        total += column
    return total / len(columns)


def positive(model: BaseEstimator, F: Any) -> np.ndarray:
    """P(label = 1) from a binary model, also when it saw only one class."""
    proba = model.predict_proba(F)
    classes = list(model.classes_)
    if 1 in classes:
        return proba[:, classes.index(1)]
    return np.zeros(F.shape[0])
