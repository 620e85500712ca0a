"""Score a trained classifier on a labeled JSONL file it was not trained on (no retraining)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from nlp.classifier.estimator import ConflictThemeClassifier
from nlp.training import dataset, scoring
from nlp.training.labels import conflict_flag, theme_list
from store.articles import TEXT_FIELDS, TITLE_FIELDS, content_hash, first_text
from store.errors import ConfigError, InputError, first_problems
from store.textfiles import read_text

SHOWN_PROBLEMS = 20


def _example(row: Any, number: int) -> dataset.Example:
    """One Example from a parsed line; ValueError naming what is wrong."""
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    if row.get("model_version"):  # a `waspada export` row: its conflict and themes are what a model said
        raise ValueError(
            f"its conflict and themes are tags of model {row['model_version']} (a `waspada export` row), "
            "not labels; label such articles first (waspada label suggest / import)"
        )
    title, text = first_text(row, TITLE_FIELDS), first_text(row, TEXT_FIELDS)
    if not (title or text):
        raise ValueError(f"no title or text ({', '.join(TITLE_FIELDS + TEXT_FIELDS)})")
    conflict = conflict_flag(row.get("conflict"))
    if conflict is None:
        raise ValueError("no conflict label (true/false)")
    themes = theme_list(row.get("themes"))
    if themes and not conflict:
        raise ValueError("themes given but conflict is false")
    return dataset.Example(str(row.get("id") or f"line {number}"), title, text, conflict, themes, "holdout")


def read_examples(path: Path) -> list[dataset.Example]:
    """Every labeled line of a JSONL file, all checked first; InputError listing each bad line."""
    lines = read_text(path).splitlines()
    examples, problems = [], []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            examples.append(_example(json.loads(line), number))
        except json.JSONDecodeError as error:
            problems.append(f"{path}:{number}: not JSON ({error.msg})")
        except ValueError as error:
            problems.append(f"{path}:{number}: {error}")
    if problems:
        shown = "\n".join(first_problems(problems, SHOWN_PROBLEMS))
        raise InputError(f"{len(problems)} bad line(s), nothing scored:\n{shown}")
    if not examples:
        raise InputError(f"{path}: no labeled articles")
    return examples


def seen_in_training(examples: list[dataset.Example]) -> int:
    """How many of the examples are texts of the shared training data (0 when ../shared is absent)."""
    try:
        known = {content_hash(ex.text) for ex in dataset.training_set()}
    except ConfigError:
        return 0
    return sum(content_hash(ex.text) in known for ex in examples)


def score(model: ConflictThemeClassifier, examples: list[dataset.Example]) -> dict[str, Any]:
    """Conflict and theme metrics of the model's decisions, the misses and false alarms, and the speed."""
    started = time.perf_counter()
    proba = model.predict_proba([ex.document for ex in examples])
    seconds = time.perf_counter() - started
    decisions = model.decide(proba)
    gold = dataset.label_matrix(examples)
    missed = (gold[:, 0] == 1) & (decisions[:, 0] == 0)
    false_alarms = (gold[:, 0] == 0) & (decisions[:, 0] == 1)
    return {
        "n": len(examples),
        "conflict": scoring.conflict_metrics(gold[:, 0], decisions[:, 0]),
        "themes": scoring.theme_metrics(gold, decisions),
        "missed": _listed(examples, proba, missed, lowest_first=True),
        "false_alarms": _listed(examples, proba, false_alarms, lowest_first=False),
        "articles_per_second": round(len(examples) / seconds, 1) if seconds else None,
    }


def _listed(
    examples: list[dataset.Example], proba: np.ndarray, mask: np.ndarray, lowest_first: bool
) -> list[dict[str, Any]]:
    """The masked articles, most confident mistakes first: id, title and conflict score."""
    rows = [
        {"id": examples[i].id, "title": examples[i].title, "conflict_score": round(float(proba[i, 0]), 4)}
        for i in np.flatnonzero(mask)
    ]
    return sorted(rows, key=lambda row: row["conflict_score"], reverse=not lowest_first)
