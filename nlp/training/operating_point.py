"""The operating point: conflict and review cuts chosen for recall on out-of-fold natural-rate scores."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

CONFLICT_RECALL = 0.80
REVIEW_RECALL = 0.95
GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)
RULE = (
    "conflict cut: the highest cut (steps of 0.01) whose out-of-fold recall on natural.jsonl + "
    "natural2.jsonl "
    f"is at least {CONFLICT_RECALL}; review cut: the highest cut with recall at least {REVIEW_RECALL}, "
    "never above the conflict cut. A missed clash costs an early-warning desk more than a false alarm "
    "an analyst dismisses in seconds, so recall comes first; 0.80 rather than 0.85 because, on the same "
    "folds, the nested natural F1 rose from 0.746 (P 0.667) to 0.789 (P 0.771, R 0.808) "
    "(python -m nlp.training.head_choice; the review tier catches the rest)."
)


def highest_cut(y: np.ndarray, scores: np.ndarray, recall: float) -> float:
    """The highest cut of GRID whose recall on (y, scores) is at least `recall` (the lowest cut if none)."""
    positives = max(1, int(y.sum()))
    reached = [cut for cut in GRID if ((scores >= cut) & (y == 1)).sum() / positives >= recall]
    return float(max(reached)) if reached else float(GRID[0])


def max_f1_cut(y: np.ndarray, scores: np.ndarray, recall: float) -> float:
    """The cut of GRID with the best F1 among those whose recall is at least `recall` (higher on ties)."""
    best, best_f1 = float(GRID[0]), -1.0
    for cut in GRID:
        flagged = scores >= cut
        tp = float((flagged & (y == 1)).sum())
        if tp / max(1, y.sum()) >= recall and 2 * tp / max(1, flagged.sum() + y.sum()) >= best_f1:
            best, best_f1 = float(cut), 2 * tp / max(1, flagged.sum() + y.sum())
    return best


def cuts(y: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """(conflict cut, review cut) by RULE."""
    conflict = highest_cut(y, scores, CONFLICT_RECALL)
    return conflict, min(conflict, highest_cut(y, scores, REVIEW_RECALL))


def figures(y: np.ndarray, flagged: np.ndarray) -> dict[str, float]:
    """Precision, recall and F1 of boolean flags."""
    tp = float((flagged & (y == 1)).sum())
    return {
        "precision": round(tp / max(1, flagged.sum()), 4),
        "recall": round(tp / max(1, y.sum()), 4),
        "f1": round(2 * tp / max(1, flagged.sum() + y.sum()), 4),
    }


def nested(
    y: np.ndarray, scores: np.ndarray, fold: np.ndarray, rule: Callable[..., float] | None = None
) -> tuple[np.ndarray, list[float]]:
    """Conflict flags where each fold's cut was chosen on the other folds only (an honest estimate).

    `rule(y, scores)` picks a cut (default: the highest with recall at least CONFLICT_RECALL).
    """
    rule = rule or (lambda gold, score: highest_cut(gold, score, CONFLICT_RECALL))
    flagged = np.zeros(len(y), dtype=bool)
    chosen = []
    for number in np.unique(fold):
        inside = fold == number
        cut = rule(y[~inside], scores[~inside]) if (~inside).any() else 0.5
        flagged[inside] = scores[inside] >= cut
        chosen.append(cut)
    return flagged, chosen


def choose(y: np.ndarray, scores: np.ndarray, fold: np.ndarray) -> dict[str, Any]:
    """The cuts for out-of-fold natural-rate scores, their figures, and the nested estimate."""
    conflict, review = cuts(y, scores)
    flagged = scores >= conflict
    band = (scores >= review) & ~flagged
    honest, per_fold = nested(y, scores, fold)
    return {
        "rule": RULE,
        "conflict_cut": conflict,
        "review_cut": review,
        "at_cuts": figures(y, flagged),
        "at_0.5": figures(y, scores >= 0.5),
        "review_share": round(float(band.mean()), 4),
        "review_positives": int((band & (y == 1)).sum()),
        "recall_with_review": figures(y, flagged | band)["recall"],
        "nested": {**figures(y, honest), "cuts": per_fold},
        "n": len(y),
    }
