"""The conflict/theme estimator: sklearn conventions, decisions, skops persistence, the shipped model."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import Ridge
from sklearn.utils.validation import check_is_fitted

from nlp.classifier.estimator import (
    RATIO_GRID,
    ConflictThemeClassifier,
    best_shared_rule,
    shared_rule_decisions,
)
from nlp.classifier.persistence import current_version, load_file, load_model, save_model
from nlp.classifier.taxonomy import LABELS, THEMES
from store.errors import ConfigError, InputError

MINI = Path(__file__).parent / "fixtures" / "themes" / "mini.jsonl"
REPO_MODELS = Path(__file__).resolve().parent.parent / "models"


def mini() -> tuple[list[dict], np.ndarray]:
    """Thirty-two short articles we wrote, as documents and a label matrix."""
    rows = [json.loads(line) for line in MINI.read_text(encoding="utf-8").splitlines()]
    docs = [{"title": row["title"], "text": row["text"]} for row in rows]
    matrix = [[int(row["conflict"])] + [int(t in row["themes"]) for t in THEMES] for row in rows]
    return docs, np.array(matrix)


@pytest.fixture(scope="module")
def fitted() -> ConflictThemeClassifier:
    docs, Y = mini()
    return ConflictThemeClassifier(min_df=1, calibration_cv=2, threshold_cv=3).fit(docs, Y)


def test_follows_sklearn_conventions() -> None:
    model = ConflictThemeClassifier(head="logreg", C=3.0)
    assert model.get_params()["C"] == 3.0
    assert clone(model).get_params() == model.get_params()
    with pytest.raises(NotFittedError):
        check_is_fitted(model)
    assert not [name for name in vars(model) if name.endswith("_")]


def test_fit_learns_attributes_and_keeps_hyperparameters(fitted: ConflictThemeClassifier) -> None:
    check_is_fitted(fitted)
    assert fitted.get_params()["min_df"] == 1
    assert len(fitted.thresholds_) == len(LABELS)
    assert list(fitted.labels_) == list(LABELS)


def test_probabilities_and_decisions(fitted: ConflictThemeClassifier) -> None:
    docs, Y = mini()
    proba = fitted.predict_proba(docs)
    assert proba.shape == (len(docs), len(LABELS))
    assert ((proba >= 0) & (proba <= 1)).all()
    decisions = fitted.predict(docs)
    assert (decisions[:, 0] == Y[:, 0]).mean() >= 0.9
    assert (decisions[decisions[:, 0] == 0, 1:] == 0).all(), "themes only for conflict articles"
    assert (decisions[decisions[:, 0] == 1, 1:].sum(axis=1) >= 1).all(), "a conflict article gets a theme"


def test_tag_records(fitted: ConflictThemeClassifier) -> None:
    [riot, bridge] = fitted.tag(
        [
            {
                "title": "Bentrok Antarwarga, Rumah Dibakar",
                "text": "Bentrokan antarwarga dua desa pecah, "
                "rumah dibakar massa dan warga terkena panah. Polisi meredam bentrok antarkelompok.",
            },
            "Bupati meresmikan jembatan baru yang dibangun dengan dana APBD untuk petani.",
        ]
    )
    assert riot["conflict"] is True and riot["themes"]
    assert set(riot["theme_scores"]) == set(THEMES)
    assert bridge["conflict"] is False and bridge["themes"] == []


def test_wrong_label_matrix_is_refused() -> None:
    docs, Y = mini()
    with pytest.raises(InputError):
        ConflictThemeClassifier().fit(docs, Y[:, :3])


def test_skops_roundtrip_with_trusted_types(fitted: ConflictThemeClassifier, tmp_path: Path) -> None:
    docs, _ = mini()
    save_model(fitted, tmp_path / "v1")
    (tmp_path / "CURRENT").write_text("v1\n")
    loaded = load_model(directory=tmp_path)
    assert loaded.version_ == "v1"
    np.testing.assert_allclose(loaded.predict_proba(docs), fitted.predict_proba(docs))


class Payload:
    """A type no model contains: loading a file that holds it must be refused."""

    def __init__(self) -> None:
        self.command = "rm -rf /"


def legacy_copy(path: Path, target: Path) -> Path:
    """A copy of a model file naming its classes' module as files saved before the nlp/ reshape do."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "schema.json":
                for module in (b"estimator", b"features"):
                    data = data.replace(b'"nlp.classifier.' + module + b'"', b'"nlp.themes"')
            copy.writestr(item, data)
    return target


def test_model_files_saved_under_the_old_module_path_still_load(tmp_path: Path) -> None:
    docs, Y = mini()
    fitted = ConflictThemeClassifier(
        min_df=1, calibration_cv=2, threshold_cv=3, seed_weight=0.3, keyword_weight=0.3
    )
    fitted.fit(docs, Y)
    legacy = legacy_copy(save_model(fitted, tmp_path / "v1"), tmp_path / "legacy.skops")
    old_names = {f"nlp.themes.{name}" for name in ("ConflictThemeClassifier", "SeedLexicon", "KeywordCounts")}
    assert old_names <= set(sio.get_untrusted_types(file=legacy))
    loaded = load_file(legacy)
    assert isinstance(loaded, ConflictThemeClassifier)
    np.testing.assert_allclose(loaded.predict_proba(docs), fitted.predict_proba(docs))


def test_untrusted_types_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.skops"
    sio.dump({"model": Ridge(), "extra": Payload()}, path)
    with pytest.raises(ConfigError, match="untrusted"):
        load_file(path)


def test_no_current_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no current model"):
        load_model(directory=tmp_path)


@pytest.mark.skipif(current_version(REPO_MODELS) is None, reason="no shipped model in models/CURRENT")
def test_shipped_model_tags_indonesian_news() -> None:
    model = load_model(directory=REPO_MODELS)  # models/CURRENT, whatever module path it was saved under
    assert isinstance(model, ConflictThemeClassifier)
    [attack, market, heart] = model.tag(
        [
            {
                "title": "KKB Tembak Mati Dua Tukang Ojek di Distrik Sugapa",
                "text": "Kelompok kriminal bersenjata menembak dua tukang ojek hingga tewas "
                "di Distrik Sugapa, Kabupaten Intan Jaya. Aparat gabungan TNI-Polri memburu "
                "para pelaku penembakan.",
            },
            {
                "title": "Harga Beras di Pasar Induk Stabil",
                "text": "Harga beras medium di pasar induk stabil pekan ini. Dinas perdagangan "
                "memastikan stok aman hingga akhir tahun dan pedagang melayani pembeli seperti biasa.",
            },
            {
                "title": "Atlet Meninggal Serangan Jantung Saat Laga Sengit",
                "text": "Seorang atlet bulu tangkis meninggal dunia akibat serangan jantung "
                "di tengah laga sengit turnamen daerah. Panitia menyampaikan duka cita.",
            },
        ]
    )
    assert attack["conflict"] and "separatism_insurgency" in attack["themes"]
    assert not market["conflict"]
    assert not heart["conflict"]


def test_theme_head_and_title_weight_are_hyperparameters() -> None:
    docs, Y = mini()
    model = ConflictThemeClassifier(
        min_df=1,
        calibration_cv=2,
        threshold_cv=3,
        title_weight=3,
        theme_head="logreg",
        theme_C=30.0,
        char_ngram_range=(3, 5),
        char_max_features=500,
    ).fit(docs, Y)
    calibrated = model.heads_[0].calibrated_classifiers_[0].estimator
    themed = [
        h.calibrated_classifiers_[0].estimator
        for h in model.heads_[1:]
        if hasattr(h, "calibrated_classifiers_")
    ]
    assert type(calibrated).__name__ == "LinearSVC"
    assert themed and all(type(h).__name__ == "LogisticRegression" for h in themed)
    assert len(model.vectorizer_.transformer_list[1][1].vocabulary_) <= 500
    assert model.documents([{"title": "Bentrok", "text": "Warga"}])[0].count("Bentrok") == 3


def test_sample_weight_changes_the_conflict_head() -> None:
    docs, Y = mini()
    params = {"min_df": 1, "calibration_cv": 2, "threshold_cv": 3}
    plain = ConflictThemeClassifier(**params).fit(docs, Y)
    weight = np.where(Y[:, 0] == 1, 5.0, 1.0)
    weighted = ConflictThemeClassifier(**params).fit(docs, Y, sample_weight=weight)
    assert not np.allclose(plain.predict_proba(docs)[:, 0], weighted.predict_proba(docs)[:, 0])


def test_shared_rule_drops_themes_far_below_the_most_probable() -> None:
    proba = np.array([[0.9, 0.8, 0.35, 0.1]])
    assert shared_rule_decisions(proba[:, 1:], cut=0.3, ratio=0.5, ensure_theme=True).tolist() == [
        [True, False, False]
    ]
    assert shared_rule_decisions(proba[:, 1:], cut=0.3, ratio=0.0, ensure_theme=True).tolist() == [
        [True, True, False]
    ]
    # with nothing above the cut, the most probable theme is still given to a conflict article
    assert shared_rule_decisions(proba[:, 1:], cut=0.9, ratio=0.5, ensure_theme=True).tolist() == [
        [True, False, False]
    ]


def test_best_shared_rule_finds_the_cut_that_separates_the_gold_themes() -> None:
    gold = np.array([[1, 0, 0], [1, 1, 0], [0, 0, 1], [0, 1, 1]])
    proba = np.array([[0.9, 0.2, 0.1], [0.8, 0.7, 0.1], [0.1, 0.2, 0.6], [0.1, 0.65, 0.7]])
    cut, ratio = best_shared_rule(gold, proba)
    assert shared_rule_decisions(proba, cut, ratio, True).astype(int).tolist() == gold.tolist()


def test_shared_theme_rule_is_tuned_on_event_grouped_inner_folds() -> None:
    docs, Y = mini()
    groups = np.arange(len(docs)) // 2  # pairs of articles as one event
    model = ConflictThemeClassifier(min_df=1, calibration_cv=2, threshold_cv=3, theme_rule="shared")
    model.fit(docs, Y, groups=groups)
    assert len(set(model.thresholds_[1:])) == 1
    assert model.theme_ratio_ in RATIO_GRID
    for train, test in model._inner_folds(3, Y[:, 0], groups):
        assert not set(groups[train]) & set(groups[test])
    decisions = model.predict(docs)
    themes = decisions[:, 1:][decisions[:, 0] == 1]
    assert (themes.sum(axis=1) >= 1).all()


def test_unknown_theme_rule_is_refused() -> None:
    docs, Y = mini()
    with pytest.raises(InputError, match="theme_rule"):
        ConflictThemeClassifier(min_df=1, calibration_cv=2, threshold_cv=3, theme_rule="vote").fit(docs, Y)


def test_new_versions_never_reuse_a_number_below_the_highest(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from nlp.training.registry import new_version

    day = datetime.now(UTC).strftime("%Y.%m.%d")
    assert new_version(tmp_path) == f"{day}-1"
    (tmp_path / f"{day}-2").mkdir()  # version 1 was removed, 2 is still there
    assert new_version(tmp_path) == f"{day}-3"


@pytest.mark.parametrize("version", sorted(p.parent.name for p in REPO_MODELS.glob("*/model.skops")))
def test_every_shipped_version_loads_and_tags(version: str) -> None:
    """Rollback must work: older versions, saved before newer parameters existed, still load and tag."""
    model = load_model(version, REPO_MODELS)
    clash = {"title": "Warga Dua Desa Bentrok", "text": "Dua warga tewas dan lima rumah dibakar massa."}
    [record] = model.tag([clash])
    assert record["conflict"] and record["themes"]


def test_natural_theme_weight_weighs_natural_rows_in_the_theme_head_only() -> None:
    docs, Y = mini()
    natural = np.arange(len(docs)) % 2 == 1  # every other article stands for natural-rate news
    params = {"min_df": 1, "calibration_cv": 2, "threshold_cv": 3, "theme_head": "logreg"}
    plain = ConflictThemeClassifier(**params).fit(docs, Y, natural=natural)
    default = ConflictThemeClassifier(**params).fit(docs, Y)
    light = ConflictThemeClassifier(**params, natural_theme_weight=0.2).fit(docs, Y, natural=natural)
    # weight 1 (the default) is today's model; another weight changes themes, never the conflict score
    assert np.allclose(plain.predict_proba(docs), default.predict_proba(docs))
    assert np.allclose(light.predict_proba(docs)[:, 0], plain.predict_proba(docs)[:, 0])
    assert not np.allclose(light.predict_proba(docs)[:, 1:], plain.predict_proba(docs)[:, 1:])


def test_natural_rows_at_weight_zero_are_left_out_of_the_theme_head() -> None:
    docs, Y = mini()
    natural = np.arange(len(docs)) % 2 == 1
    params = {"min_df": 1, "calibration_cv": 2, "threshold_cv": 3, "theme_head": "logreg"}
    zero = ConflictThemeClassifier(**params, natural_theme_weight=0.0).fit(docs, Y, natural=natural)
    weighted = ConflictThemeClassifier(**params, natural_theme_weight=1e-9).fit(docs, Y, natural=natural)
    assert zero.predict_proba(docs).shape == (len(docs), len(LABELS))
    assert not np.allclose(zero.predict_proba(docs)[:, 1:], weighted.predict_proba(docs)[:, 1:])


def test_natural_flags_must_match_the_documents() -> None:
    docs, Y = mini()
    model = ConflictThemeClassifier(min_df=1, calibration_cv=2, threshold_cv=3, natural_theme_weight=0.5)
    with pytest.raises(InputError, match="one flag per document"):
        model.fit(docs, Y, natural=[True, False])


def test_fixed_theme_cut_replaces_the_tuned_rule() -> None:
    docs, Y = mini()
    model = ConflictThemeClassifier(
        min_df=1, calibration_cv=2, threshold_cv=3, theme_rule="shared", theme_cut=0.5
    )
    model.fit(docs, Y)
    assert model.thresholds_[1:].tolist() == [0.5] * len(THEMES)
    assert model.theme_ratio_ == 0.0
    fixed = ConflictThemeClassifier(min_df=1, calibration_cv=2, conflict_threshold=0.4, theme_cut=0.3).fit(
        docs, Y
    )
    assert fixed.thresholds_.tolist() == [0.4] + [0.3] * len(THEMES)
