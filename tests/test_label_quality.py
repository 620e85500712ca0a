"""Label quality: region codes checked, conflicting labels flagged and resolved, annotator agreement."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from sklearn.metrics import cohen_kappa_score

from nlp.training.label_quality import agreement, check_region, conflicts
from store.db import open_db
from store.errors import InputError
from waspada.cli import cli
from waspada.datasette import labeling, users


@pytest.fixture
def db_path(tmp_db: Path) -> Path:
    db = open_db(tmp_db)
    url = "https://contoh.id/{}"
    rows = [
        {
            "id": n,
            "title": f"Berita {n}",
            "text": "Isi",
            "canonical_url": url.format(n),
            "url": url.format(n),
            "fetched_at": "2026-11-20T00:00:00+00:00",
            "source": "contoh",
        }
        for n in range(1, 9)
    ]
    db["articles"].insert_all(rows)
    db.conn.close()
    return tmp_db


def _import(db_path: Path, tmp_path: Path, body: str) -> object:
    path = tmp_path / "labels.csv"
    path.write_text(
        "article_id,conflict,themes,province_code,regency_code,annotator\n" + body, encoding="utf-8"
    )
    return CliRunner().invoke(cli, ["label", "import", str(path), "--db", str(db_path)])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "1,yes,land_resource,63,11.01,rina",
            "11.01",
        ),  # the pair: Aceh's kabupaten under Kalimantan Selatan
        ("1,yes,land_resource,99,,rina", "province code '99'"),
        ("1,no,,63,63.99,rina", "'63.99'"),
        ("1,no,,63.71,,rina", "province code '63.71'"),
    ],
)
def test_label_import_refuses_codes_not_in_the_gazetteer_or_not_together(
    db_path: Path, tmp_path: Path, row: str, message: str
) -> None:
    result = _import(db_path, tmp_path, row + "\n")
    assert result.exit_code == 1 and message in result.output and "nothing imported" in result.output
    assert open_db(db_path)["labels"].count == 0


def test_label_import_accepts_a_real_pair_and_fills_the_province(db_path: Path, tmp_path: Path) -> None:
    result = _import(db_path, tmp_path, "1,yes,land_resource,,63.71,rina\n")
    assert result.exit_code == 0, result.output
    row = next(open_db(db_path).query("select province_code, regency_code from labels"))
    assert row == {"province_code": "63", "regency_code": "63.71"}


def test_the_form_refuses_the_same_pair() -> None:
    with pytest.raises(InputError, match="not in province 63"):
        labeling.parse_form(
            1, "rina", {"conflict": ["0"], "province_code": ["63"], "regency_code": ["11.01"]}
        )
    assert check_region("11", "11.01") == ("11", "11.01")


def _label(db_path: Path, article: int, annotator: str, conflict: int, themes: list[str]) -> None:
    db = open_db(db_path)
    db["labels"].insert(
        {"article_id": article, "conflict": conflict, "themes": json.dumps(themes), "annotator": annotator}
    )
    db.conn.close()


def test_three_contradictory_labels_by_two_annotators_are_flagged(db_path: Path) -> None:
    _label(db_path, 1, "rina", 1, ["land_resource"])
    _label(db_path, 1, "budi", 0, [])
    _label(db_path, 1, "rina", 1, ["protest"])
    _label(db_path, 2, "rina", 0, [])
    _label(db_path, 2, "budi", 0, [])  # agreeing labels are no conflict
    _label(db_path, 3, "rina", 1, ["protest"])
    _label(db_path, 3, "budi", 1, ["protest", "governance"])  # both say yes: the themes differ
    found = conflicts(open_db(db_path))
    assert [(row["article_id"], row["labels"], row["annotators"], row["disagree_on"]) for row in found] == [
        (1, 3, ["budi", "rina"], ["conflict", "themes"]),
        (3, 2, ["budi", "rina"], ["themes"]),
    ]
    listed = CliRunner().invoke(cli, ["label", "conflicts", "--db", str(db_path)])
    assert listed.exit_code == 0
    assert "article        1  3 labels by budi, rina  differ on conflict, themes  conflict: yes/no/yes" in (
        listed.output
    )
    assert "article        3  2 labels by budi, rina  differ on themes  conflict: yes/yes" in listed.output


def test_a_reviewers_newer_label_resolves_the_conflict(db_path: Path) -> None:
    db = open_db(db_path)
    users.add(db, "sari", "rahasia-sekali", role="reviewer")
    db.conn.close()
    _label(db_path, 1, "rina", 1, ["land_resource"])
    _label(db_path, 1, "budi", 0, [])
    _label(db_path, 1, "sari", 1, ["land_resource"])
    assert conflicts(open_db(db_path)) == []
    resolved = conflicts(open_db(db_path), include_resolved=True)
    assert resolved[0]["resolved_by"] == "sari"
    _label(db_path, 1, "budi", 0, [])  # an analyst disagreeing after the review reopens it
    assert [row["article_id"] for row in conflicts(open_db(db_path))] == [1]


def test_agreement_reports_cohens_kappa_and_per_theme_agreement(db_path: Path) -> None:
    rina = [
        (1, 1, ["land_resource"]),
        (2, 1, ["protest"]),
        (3, 0, []),
        (4, 0, []),
        (5, 1, ["land_resource", "protest"]),
    ]
    budi = [
        (1, 1, ["land_resource"]),
        (2, 0, []),
        (3, 0, []),
        (4, 1, ["land_resource"]),
        (5, 1, ["land_resource"]),
    ]
    for article, conflict, themes in rina:
        _label(db_path, article, "rina", conflict, themes)
    for article, conflict, themes in budi:
        _label(db_path, article, "budi", conflict, themes)
    report = agreement(open_db(db_path))
    expected = cohen_kappa_score([c for _, c, _ in budi], [c for _, c, _ in rina])
    assert report["items"] == 5 and report["conflict_kappa"] == round(expected, 3)
    assert report["conflict_agreement"] == 0.6
    assert (
        report["themes"]["land_resource"]["agreement"] == 0.8
        and report["themes"]["protest"]["agreement"] == 0.6
    )
    assert report["themes"]["election"] == {"agreement": 1.0, "kappa": None, "used": 0}  # nobody chose it
    printed = CliRunner().invoke(cli, ["label", "agreement", "--db", str(db_path)])
    assert printed.exit_code == 0 and f"Cohen's kappa {round(expected, 3)}" in printed.output
    assert re.search(r"election\s+1\.0\s+undefined\s+0", printed.output)
