"""The review tier ("perlu ditinjau"): recall-first cuts, stored by `waspada tag`, first in the queue."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from nlp.classifier.estimator import ConflictThemeClassifier, record
from nlp.classifier.persistence import save_model
from nlp.training import operating_point
from nlp.training.scoring import bootstrap_interval
from store.db import open_db
from waspada.cli import cli

MINI = Path(__file__).parent / "fixtures" / "themes" / "mini.jsonl"
VERSION = "2026.12.07-1"


def test_the_conflict_cut_is_the_highest_that_keeps_the_recall() -> None:
    y = np.array([1, 1, 1, 1, 0, 0, 0, 0])
    scores = np.array([0.9, 0.8, 0.6, 0.3, 0.5, 0.2, 0.1, 0.05])
    conflict, review = operating_point.cuts(y, scores)
    assert conflict == 0.3  # every positive must be caught for recall >= 0.85 of 4
    assert review <= conflict
    point = operating_point.choose(y, scores, np.array([0, 1, 0, 1, 0, 1, 0, 1]))
    assert point["at_cuts"]["recall"] == 1.0 and point["at_cuts"]["precision"] == pytest.approx(0.8)
    assert len(point["nested"]["cuts"]) == 2 and "recall" in point["rule"]


def test_a_review_article_is_never_counted_as_conflict() -> None:
    proba = np.array([0.4] + [0.5] * 10)
    assert record(proba, np.zeros(11, dtype=int), review_cut=0.3)["review"] is True
    assert record(proba, np.zeros(11, dtype=int), review_cut=0.45)["review"] is False
    flagged = np.array([1] + [0] * 10)
    conflict = record(proba, flagged, review_cut=0.3)
    assert conflict["conflict"] is True and conflict["review"] is False
    assert record(proba, np.zeros(11, dtype=int))["review"] is False  # a model without a review cut


def test_bootstrap_interval_brackets_the_figure() -> None:
    y = np.array([1] * 20 + [0] * 80)
    pred = np.array([1] * 16 + [0] * 4 + [1] * 6 + [0] * 74)
    interval = bootstrap_interval(y, pred)
    f1 = 2 * 16 / (22 + 20)
    assert interval["f1"][0] < f1 < interval["f1"][1]
    assert interval["recall"][0] < 0.8 < interval["recall"][1]


@pytest.fixture()
def tagged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, int, str]:
    """The 32 fixture articles tagged with a model whose review cut sits just below one negative's score."""
    rows = [json.loads(line) for line in MINI.read_text(encoding="utf-8").splitlines()]
    docs = [{"title": row["title"], "text": row["text"]} for row in rows]
    Y = np.array([[int(row["conflict"])] + [0] * 10 for row in rows])
    model = ConflictThemeClassifier(
        head="logreg", C=10.0, calibration=None, tune_thresholds=False, theme_scope="all", min_df=1
    ).fit(docs, Y)
    scores = model.predict_proba(docs)[:, 0]
    below = np.flatnonzero(scores < 0.5)
    unsure = int(below[scores[below].argmax()])
    model.review_threshold = float(scores[unsure]) - 1e-6
    models = tmp_path / "models"
    save_model(model, models / VERSION)
    (models / "CURRENT").write_text(VERSION + "\n", encoding="utf-8")
    monkeypatch.setenv("WASPADA_MODELS", str(models))
    db_path = tmp_path / "review.db"
    db = open_db(db_path)
    db["articles"].insert_all(
        {
            "id": i + 1,
            "canonical_url": f"https://contoh.id/{i}",
            "url": f"https://contoh.id/{i}",
            "fetched_at": "2026-12-07T00:00:00",
            "source": "contoh",
            **doc,
        }
        for i, doc in enumerate(docs)
    )
    result = CliRunner().invoke(cli, ["tag", "--db", str(db_path), "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db_path, unsure + 1, result.output


def test_tag_stores_the_review_tier_with_its_score_and_counts_it(tagged: tuple[Path, int, str]) -> None:
    db_path, unsure, output = tagged
    tags = {row["article_id"]: row for row in open_db(db_path)["article_tags"].rows}
    review = [article for article, row in tags.items() if row["review"]]
    assert unsure in review
    assert all(tags[article]["conflict"] == 0 for article in review)
    assert tags[unsure]["conflict_score"] > 0
    assert f"{len(review)} to review (perlu ditinjau) [model {VERSION}]" in output


def test_the_labeling_queue_starts_with_the_review_tier(tagged: tuple[Path, int, str]) -> None:
    db_path, unsure, _ = tagged
    queue = list(open_db(db_path).query("select id, review from label_candidates"))
    reviewed = sum(row["review"] for row in queue)
    assert reviewed >= 1 and all(row["review"] == 1 for row in queue[:reviewed])
    assert unsure in {row["id"] for row in queue[:reviewed]}
