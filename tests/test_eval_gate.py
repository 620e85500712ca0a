"""The evaluation gate: CV metrics must stay at or above the floors pinned in models/floors.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.classifier.persistence import current_version
from nlp.training.registry import REPO_FLOORS, below_floors, floors, lookup, metrics
from store import config

MODELS = REPO_FLOORS.parent
SHARED = config.shared_dir() / "data" / "labeled" / "articles.jsonl"
needs_shared = pytest.mark.skipif(
    not SHARED.exists(),
    reason=f"{SHARED} absent: the evaluation gate needs ../shared/data (set WASPADA_SHARED)",
)


def test_floors_are_pinned_for_both_sets() -> None:
    pinned = floors(MODELS)
    assert pinned["cv.articles.conflict.f1"] >= 0.95
    wanted = {"cv.articles.themes.micro_f1", "cv.articles.themes.macro_f1", "cv.natural.conflict.f1"}
    assert wanted <= set(pinned)


def test_a_drop_below_a_floor_is_reported() -> None:
    pinned = {"cv.articles.conflict.f1": 0.95, "cv.natural.conflict.f1": 0.7}
    worse = {"cv": {"articles": {"conflict": {"f1": 0.94}}, "natural": {"conflict": {"f1": 0.8}}}}
    assert below_floors(worse, pinned) == ["cv.articles.conflict.f1 = 0.94 < floor 0.95"]
    assert below_floors({"cv": {}}, pinned)[0].endswith("missing < floor 0.95")
    assert lookup(worse, "cv.natural.conflict.f1") == 0.8


@pytest.mark.skipif(current_version(MODELS) is None, reason="no shipped model in models/CURRENT")
def test_shipped_model_metrics_meet_the_floors() -> None:
    version = current_version(MODELS)
    recorded = metrics(version, MODELS)
    assert recorded["version"] == version
    assert below_floors(recorded, floors(MODELS)) == []
    assert (MODELS / version / "MODEL_CARD.md").exists()
    assert (MODELS / version / "model.skops").stat().st_size <= 30_000_000


@needs_shared
@pytest.mark.shared
@pytest.mark.slow
def test_models_evaluate_cross_validates_the_current_model_at_its_own_cuts_and_meets_the_floors() -> None:
    from click.testing import CliRunner

    from waspada.cli import cli

    result = CliRunner().invoke(cli, ["models", "evaluate", "--models", str(MODELS)])
    assert result.exit_code == 0, result.output  # it once took the 0.5 default cut and missed the floors
    assert f"model {current_version(MODELS)} (5-fold CV)" in result.output
    assert result.output.rstrip().endswith("all floors met")


def test_shared_texts_are_not_in_the_repository() -> None:
    root = Path(__file__).resolve().parent.parent
    tracked = [p for p in root.rglob("*.jsonl") if ".venv" not in p.parts and "labeled" in p.parts]
    assert tracked == []


@needs_shared
@pytest.mark.shared
def test_hand_labeled_indosum_negatives_are_found_and_leave_the_folds_alone() -> None:
    from nlp.training import dataset, folds

    ids = dataset.hard_negative_ids()
    hard = dataset.load_hard_negatives()
    if not hard:
        pytest.skip("IndoSum corpus absent from ../shared/data/corpora")
    assert len(hard) == len(ids) >= 30
    assert not any(ex.conflict for ex in hard)
    labeled = dataset.training_set(hard_negatives=False)
    both = dataset.training_set()
    assert folds.folds(both)[: len(labeled)].tolist() == folds.folds(labeled).tolist()


def test_checked_alarms_file_is_well_formed() -> None:
    from nlp.classifier.taxonomy import THEMES
    from nlp.training import dataset, scoring

    rows = [
        line.split("\t")
        for line in dataset.CHECKED_ALARMS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(rows) == len({row[0] for row in rows}) == 165
    assert {row[1] for row in rows} <= set(scoring.VERDICTS)
    for name, verdict, *themes in rows:
        listed = themes[0].split(";") if themes else []
        assert bool(listed) == (verdict == "conflict"), name
        assert set(listed) <= set(THEMES), name
    assert not set(dataset.checked_alarms()) & {f"indosum-{i}" for i in dataset.hard_negative_ids()}


@needs_shared
@pytest.mark.shared
def test_alarms_of_the_shipped_model_are_split_by_the_hand_check() -> None:
    from nlp.classifier.persistence import load_model
    from nlp.training import scoring

    alarms = scoring.indosum_alarms(load_model(current_version(MODELS), MODELS))
    if not alarms:
        pytest.skip("IndoSum corpus absent from ../shared/data/corpora")
    headline = alarms["tajuk utama"]
    assert sum(headline["verdicts"].values()) == headline["flagged"]
    assert headline["verdicts"]["conflict"] > headline["verdicts"]["not_conflict"] > 0
    assert "verdicts" not in alarms["olahraga"]  # no sports article was an alarm worth checking


@pytest.mark.skipif(current_version(MODELS) is None, reason="no shipped model in models/CURRENT")
def test_models_list_shows_the_natural_rate_figure_beside_the_topical_one() -> None:
    from click.testing import CliRunner

    from waspada.cli import cli

    result = CliRunner().invoke(cli, ["models", "list", "--models", str(MODELS)])
    assert result.exit_code == 0, result.output
    current = next(line for line in result.output.splitlines() if line.startswith("*"))
    natural = metrics(current_version(MODELS), MODELS)["cv"]["natural_all"]["conflict"]
    assert f"natural-rate conflict F1 {natural['f1']:.3f}" in current
    assert f"{natural['n']} articles" in current and "topical conflict F1" in current
