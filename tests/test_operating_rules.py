"""Cut rules of the operating point and the theme guarantee kept for confident conflict articles."""

from __future__ import annotations

import numpy as np

from nlp.classifier.estimator import ConflictThemeClassifier
from nlp.training import operating_point


def test_max_f1_cut_keeps_the_recall_floor() -> None:
    y = np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0])
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.2, 0.65, 0.3, 0.25, 0.1, 0.05])
    assert operating_point.max_f1_cut(y, scores, 0.8) == 0.6  # 4 of 5 caught, one false alarm
    assert operating_point.max_f1_cut(y, scores, 1.0) == 0.2  # every positive, whatever it costs


def test_nested_cuts_follow_the_rule_given() -> None:
    y = np.array([1, 0, 1, 0, 1, 0, 1, 0])
    scores = np.array([0.9, 0.1, 0.4, 0.3, 0.8, 0.2, 0.35, 0.6])
    fold = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    _, cuts = operating_point.nested(y, scores, fold, rule=lambda gold, score: 0.5)
    assert cuts == [0.5, 0.5]


def _model(guarantee: float | None) -> ConflictThemeClassifier:
    model = ConflictThemeClassifier(theme_guarantee_cut=guarantee)
    model.thresholds_, model.theme_ratio_ = np.array([0.3] + [0.6] * 10), 0.0
    return model


def test_weak_conflict_articles_get_only_themes_that_pass_the_cut() -> None:
    weak = np.array([0.35, 0.4] + [0.1] * 9)  # conflict, but no theme passes 0.6
    strong = np.array([0.9, 0.4] + [0.1] * 9)
    assert _model(None).decide(np.array([weak]))[0, 1] == 1  # old behaviour: the best theme anyway
    decided = _model(0.5).decide(np.array([weak, strong]))
    assert decided[0, 0] == 1 and decided[0, 1:].sum() == 0
    assert decided[1, 0] == 1 and decided[1, 1] == 1


def test_head_comparison_chooses_each_fold_cut_on_the_other_folds_natural_articles() -> None:
    from nlp.training.head_choice import fold_cuts

    y = np.array([1, 0, 1, 0, 1, 0])
    scores = np.array([0.9, 0.2, 0.4, 0.3, 0.7, 0.1])
    fold = np.array([0, 0, 1, 1, 1, 0])
    natural = np.array([True, True, True, True, False, False])  # the topical row of fold 1 is ignored
    cut = fold_cuts(y, scores, fold, natural, lambda gold, score: float(score[gold == 1].min()))
    assert cut.tolist() == [0.4, 0.4, 0.9, 0.9, 0.9, 0.4]


def test_theme_comparison_pairs_the_two_heads_on_the_same_articles() -> None:
    from nlp.training.head_choice import paired_micro

    gold = np.array([[[1, 0], [0, 1]][i % 2] for i in range(40)])
    better = gold.copy()
    worse = gold.copy()
    worse[::4] = 1 - worse[::4]  # every fourth article gets the wrong theme
    assert paired_micro(gold, better, better) == [0.0, 0.0]
    low, high = paired_micro(gold, better, worse)
    assert 0 < low <= high


def test_only_the_natural_files_count_as_natural_rate_news() -> None:
    from nlp.training.dataset import Example, natural_flags

    rows = [
        Example(str(i), "", "", False, origin=o)
        for i, o in enumerate(["articles", "natural", "natural2", "labels"])
    ]
    assert natural_flags(rows).tolist() == [False, True, True, False]


def test_model_card_shows_the_theme_head_comparison(tmp_path) -> None:
    from nlp.training.model_card import write_card

    metrics = {"version": "2099.01.01-1", "data": {"articles": {"n": 3, "conflict": 1}}}
    metrics["theme_choice"] = ["| theme head | topical theme micro-F1 |", "|---|---|", "| shipped | 0.818 |"]
    card = write_card(tmp_path, metrics).read_text(encoding="utf-8")
    assert "## Theme-head variants" in card and "| shipped | 0.818 |" in card
