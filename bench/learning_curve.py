"""Learning curve: natural-rate conflict F1 as the share of natural-rate training labels grows.

Same 5 event-grouped folds as `waspada train`; every model is tested on all of natural.jsonl out of
fold, and trained on articles.jsonl, the IndoSum hard negatives and a random share of the natural
training folds (three draws per share). Shows how far more analysts' labels at the natural base
rate could take the model.
Usage: python -m bench.learning_curve [--shares 0 0.25 0.5 0.75 1] [--draws 3]
"""

from __future__ import annotations

import argparse
import json

import numpy as np
from sklearn.metrics import average_precision_score

from nlp.classifier.estimator import ConflictThemeClassifier
from nlp.training import crossval, dataset, folds, scoring


def curve(shares: list[float], draws: int, seed: int = 0) -> list[dict[str, float]]:
    """Mean natural F1, its spread and average precision for each share of natural training labels."""
    examples = dataset.training_set()
    fold = folds.folds(examples)
    gold = dataset.label_matrix(examples)[:, 0]
    natural = np.array([ex.origin == "natural" for ex in examples])
    rng = np.random.default_rng(seed)
    rows = []
    for share in shares:
        f1s, aps = [], []
        for _ in range(draws if 0 < share < 1 else 1):
            keep = ~natural | (rng.random(len(examples)) < share)
            decisions, scores = crossval.cross_validate(
                lambda: ConflictThemeClassifier(**crossval.SHIPPED), examples, fold, train_mask=keep
            )
            f1s.append(scoring.conflict_metrics(gold[natural], decisions[natural, 0])["f1"])
            aps.append(average_precision_score(gold[natural], scores[natural, 0]))
        labels = round(share * natural.sum() * (folds.N_SPLITS - 1) / folds.N_SPLITS)
        rows.append(
            {
                "share": share,
                "natural_training_labels": labels,
                "natural_f1": round(float(np.mean(f1s)), 3),
                "natural_f1_sd": round(float(np.std(f1s)), 3),
                "natural_average_precision": round(float(np.mean(aps)), 3),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shares", type=float, nargs="+", default=[0.0, 0.25, 0.5, 0.75, 1.0])
    parser.add_argument("--draws", type=int, default=3, help="random draws per share between 0 and 1")
    args = parser.parse_args()
    curve(args.shares, args.draws)


if __name__ == "__main__":
    main()
