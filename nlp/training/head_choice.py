"""Conflict heads x cut rules on the same folds: nested natural figures, topical F1, theme micro-F1."""

from __future__ import annotations

import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from nlp.classifier.estimator import ConflictThemeClassifier, theme_ratio_mask
from nlp.training import crossval, dataset, folds, operating_point, scoring

HEADS: dict[str, crossval.Factory] = {
    "words SVM (2026.12.07-2)": crossval.shipped_model,
    "words + chars SVM (2026.11.29-2)": lambda: ConflictThemeClassifier(**crossval.WORDS_AND_CHARS),
    "plain words + chars LR": crossval.CANDIDATES["logreg_plain"],
}
CutRule = Callable[[np.ndarray, np.ndarray], float]
RULES: dict[str, CutRule] = {
    "recall >= 0.80": lambda y, s: operating_point.highest_cut(y, s, 0.80),
    "recall >= 0.85": lambda y, s: operating_point.highest_cut(y, s, 0.85),
    "max F1, recall >= 0.80": lambda y, s: operating_point.max_f1_cut(y, s, 0.80),
}
# Out-of-fold scores per head, reused by every rule; delete the folder after the data or the heads change.
CACHE = Path(tempfile.gettempdir()) / "waspada-head-choice"


def out_of_fold(name: str, examples: list[dataset.Example], fold: np.ndarray) -> dict[str, Any]:
    """Out-of-fold scores of one head and each fold model's theme cuts (cached on disk)."""
    return cached_out_of_fold(HEADS[name], examples, fold, CACHE / f"head{list(HEADS).index(name)}.pkl")


def cached_out_of_fold(
    factory: crossval.Factory, examples: list[dataset.Example], fold: np.ndarray, path: Path
) -> dict[str, Any]:
    """Out-of-fold scores of the models `factory` makes and each fold model's theme cuts, kept at `path`."""
    if path.exists():
        return pickle.loads(path.read_bytes())
    fits: list[tuple[Any, np.ndarray]] = []
    _, scores = crossval.cross_validate(factory, examples, fold, fits=fits)
    rules = [
        (np.array(m.thresholds_, dtype=float), float(getattr(m, "theme_ratio_", 0.0)), m.ensure_theme, t)
        for m, t in fits
    ]
    result = {"scores": scores, "rules": rules}
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(pickle.dumps(result))
    return result


def decisions(result: dict[str, Any], cut: np.ndarray, theme_floor: float | None = None) -> np.ndarray:
    """Decisions with a per-row conflict cut; below `theme_floor` only themes above the theme cut."""
    scores = result["scores"]
    out = np.zeros(scores.shape, dtype=int)
    for thresholds, ratio, ensure, test in result["rules"]:
        proba = scores[test]
        flags = proba[:, 0] >= cut[test]
        themes = (proba[:, 1:] >= thresholds[1:]) & theme_ratio_mask(proba[:, 1:], ratio)
        if ensure:
            strong = flags if theme_floor is None else proba[:, 0] >= theme_floor
            best = proba[:, 1:].argmax(axis=1)
            themes[np.flatnonzero(strong), best[strong]] = True
        out[test, 0] = flags
        out[test, 1:] = themes & flags[:, None]
    return out


def fold_cuts(
    y: np.ndarray, scores: np.ndarray, fold: np.ndarray, natural: np.ndarray, rule: CutRule
) -> np.ndarray:
    """Per-row conflict cut: each fold's cut chosen by `rule` on the natural rows of the other folds."""
    cut = np.zeros(len(y))
    for number in np.unique(fold):
        outside = natural & (fold != number)
        cut[fold == number] = rule(y[outside], scores[outside])
    return cut


def paired_f1(y: np.ndarray, a: np.ndarray, b: np.ndarray, n: int = scoring.BOOTSTRAP) -> list[float]:
    """90% bootstrap interval of F1(a) - F1(b) on the same resampled articles."""
    return paired_micro(y[:, None], a[:, None], b[:, None], n)


def paired_micro(gold: np.ndarray, a: np.ndarray, b: np.ndarray, n: int = scoring.BOOTSTRAP) -> list[float]:
    """90% bootstrap interval of micro-F1(a) - micro-F1(b) over label columns, same resampled articles."""
    picks = np.random.default_rng(0).integers(0, len(gold), size=(n, len(gold)))
    truth = gold[picks].astype(bool)

    def micro(pred: np.ndarray) -> np.ndarray:
        guess = pred[picks].astype(bool)
        tp = (truth & guess).sum(axis=(1, 2))
        return 2 * tp / np.maximum(guess.sum(axis=(1, 2)) + truth.sum(axis=(1, 2)), 1)

    return [round(float(v), 4) for v in np.percentile(micro(a) - micro(b), [5, 95])]


def row(
    result: dict[str, Any],
    Y: np.ndarray,
    fold: np.ndarray,
    origins: np.ndarray,
    rule: CutRule,
    theme_floor: float | None = None,
) -> dict[str, Any]:
    """Nested natural figures, topical conflict F1 and topical theme micro-F1 of one head and cut rule."""
    natural, topical = np.isin(origins, dataset.NATURAL_FILES), origins == "articles"
    cut = fold_cuts(Y[:, 0], result["scores"][:, 0], fold, natural, rule)
    pred = decisions(result, cut, theme_floor)
    point = operating_point.figures(Y[natural, 0], pred[natural, 0].astype(bool))
    return {
        **point,
        "interval90": scoring.bootstrap_interval(Y[natural, 0], pred[natural, 0])["f1"],
        "cuts": sorted({float(c) for c in cut}),
        "topical_f1": scoring.conflict_metrics(Y[topical, 0], pred[topical, 0])["f1"],
        "theme_micro": scoring.theme_metrics(Y[topical], pred[topical])["micro_f1"],
        "pred": pred[:, 0],
    }


def table(examples: list[dataset.Example], fold: np.ndarray) -> list[str]:
    """Markdown table of every head x cut rule (nested), with the paired F1 difference to the shipped row."""
    Y, origins = dataset.label_matrix(examples), np.array([ex.origin for ex in examples])
    natural = np.isin(origins, dataset.NATURAL_FILES)
    rows = {
        (h, r): row(out_of_fold(h, examples, fold), Y, fold, origins, RULES[r]) for h in HEADS for r in RULES
    }
    base = rows[(next(iter(HEADS)), "recall >= 0.85")]["pred"][natural]
    lines = [
        "| conflict head | cut rule | nested F1 [90%] | P | R | paired F1 vs shipped | fold cuts (distinct) "
        "| topical F1 | theme micro-F1 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for (head, rule), r in rows.items():
        diff = paired_f1(Y[natural, 0], r["pred"][natural], base)
        lines.append(
            f"| {head} | {rule} | {r['f1']:.3f} [{r['interval90'][0]:.3f}, {r['interval90'][1]:.3f}] "
            f"| {r['precision']:.3f} | {r['recall']:.3f} | {diff} | {r['cuts']} | {r['topical_f1']:.3f} "
            f"| {r['theme_micro']:.3f} |"
        )
    return lines


def theme_floors(examples: list[dataset.Example], fold: np.ndarray, head: str, rule: str) -> list[str]:
    """Topical theme micro-F1 when the at-least-one-theme guarantee needs a conflict score >= floor."""
    Y, origins = dataset.label_matrix(examples), np.array([ex.origin for ex in examples])
    result = out_of_fold(head, examples, fold)
    lines = [f"| {head}, {rule}: theme guarantee from | topical theme micro-F1 |", "|---|---|"]
    for floor in (None, 0.4, 0.5, 0.6, 0.7, 2.0):
        micro = row(result, Y, fold, origins, RULES[rule], floor)["theme_micro"]
        name = {None: "the conflict cut", 2.0: "never"}.get(floor, f"{floor}")
        lines.append(f"| {name} | {micro:.3f} |")
    return lines


def compute_named(indexes: list[str], names: list[str], compute: Callable[[str], Any], label: str) -> None:
    """Run `compute` (which caches) on the entries of `names` given by index, saying each one done."""
    for index in indexes:
        compute(names[int(index)])
        print(f"{label} {index} done", file=sys.stderr)


def main(argv: list[str]) -> None:
    """Compute (and cache) the out-of-fold scores of the heads named by index, or of all."""
    examples = dataset.training_set()
    fold = folds.folds(examples)
    if argv:
        compute_named(argv, list(HEADS), lambda name: out_of_fold(name, examples, fold), "head")
        return
    print("\n".join(table(examples, fold)))
    for head in HEADS:
        for rule in RULES:
            print("\n" + "\n".join(theme_floors(examples, fold, head, rule)))


if __name__ == "__main__":
    main(sys.argv[1:])
