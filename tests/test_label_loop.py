"""The analysts' loop end to end on a temporary database: label → train → promote → retag → rollback."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlp.classifier.persistence import current_version
from nlp.selection import stale_ids
from store.db import open_db
from waspada.cli import cli

MINI = Path(__file__).parent / "fixtures" / "themes" / "mini.jsonl"


@pytest.fixture()
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, list[dict]]:
    """A migrated database holding the 32 fixture articles, and an empty models folder."""
    models = tmp_path / "models"
    models.mkdir()
    monkeypatch.setenv("WASPADA_MODELS", str(models))
    db_path = tmp_path / "loop.db"
    db = open_db(db_path)
    rows = [json.loads(line) for line in MINI.read_text(encoding="utf-8").splitlines()]
    db["articles"].insert_all(
        {
            "id": i + 1,
            "canonical_url": f"https://contoh.id/{row['id']}",
            "url": f"https://contoh.id/{row['id']}",
            "title": row["title"],
            "text": row["text"],
            "source": "contoh",
            "fetched_at": "2026-11-28T00:00:00",
        }
        for i, row in enumerate(rows)
    )
    return db_path, models, rows


def write_labels(path: Path, rows: list[dict], extra: list[list[str]] | None = None) -> Path:
    """A CSV an analyst would fill in: one row per article."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["article_id", "conflict", "themes", "annotator", "note"])
        for i, row in enumerate(rows):
            flag = "ya" if row["conflict"] else "tidak"
            writer.writerow([i + 1, flag, ";".join(row["themes"]), "rina", ""])
        for line in extra or []:
            writer.writerow(line)
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_invalid_rows_are_reported_with_line_numbers_and_nothing_is_imported(setup, tmp_path: Path) -> None:
    db_path, _, rows = setup
    extra = [["999", "ya", "protest", "", ""], ["3", "ya", "perang", "", ""]]
    bad = write_labels(tmp_path / "bad.csv", rows, extra)
    result = CliRunner().invoke(cli, ["label", "import", str(bad), "--db", str(db_path)])
    assert result.exit_code == 1
    assert "bad.csv:34: unknown article id 999" in result.output
    assert "bad.csv:35: unknown theme 'perang'" in result.output
    assert open_db(db_path)["labels"].count == 0


def test_a_row_without_article_id_names_the_keys_it_has(setup, tmp_path: Path) -> None:
    db_path, _, _ = setup
    bad = tmp_path / "ids.jsonl"
    bad.write_text('{"id": 3, "conflict": "ya"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["label", "import", str(bad), "--db", str(db_path)])
    assert result.exit_code == 1
    assert "ids.jsonl:1: no article_id (the row has: id, conflict)" in result.output
    assert open_db(db_path)["labels"].count == 0


def test_importing_a_file_again_adds_nothing_but_a_changed_label_is_stored(setup, tmp_path: Path) -> None:
    db_path, _, rows = setup
    db = str(db_path)
    first = write_labels(tmp_path / "a.csv", rows[:3])
    assert "imported 3 label(s)" in run("label", "import", str(first), "--db", db)
    assert "imported 0 label(s), 3 already stored" in run("label", "import", str(first), "--db", db)
    flipped = write_labels(
        tmp_path / "b.csv", [{**rows[0], "conflict": not rows[0]["conflict"], "themes": []}]
    )
    assert "imported 1 label(s)" in run("label", "import", str(flipped), "--db", db)
    # the first file once more: its first row now differs from the annotator's newest label
    assert "imported 1 label(s), 2 already stored" in run("label", "import", str(first), "--db", db)
    assert open_db(db_path)["labels"].count == 5


def test_suggest_never_overwrites_labels_not_imported_yet(setup, tmp_path: Path) -> None:
    db_path, _, rows = setup
    db = str(db_path)
    shipped = ["--models", str(Path(__file__).resolve().parent.parent / "models")]
    batch = write_labels(tmp_path / "batch.csv", rows[:2])
    refused = CliRunner().invoke(cli, ["label", "suggest", "--db", db, "--out", str(batch), *shipped])
    assert refused.exit_code == 1 and "holds 2 filled label(s) not imported yet" in refused.output
    assert batch.read_text(encoding="utf-8").count("rina") == 2  # the analyst's work is still there
    run("label", "import", str(batch), "--db", db)
    assert "wrote 3 suggestion(s)" in run(
        "label", "suggest", "--db", db, "--out", str(batch), "--n", "3", *shipped
    )


def promoted_version(out: str) -> str:
    """The version `waspada train` says to promote."""
    return re.search(r"waspada models promote (\S+)", out).group(1)


def test_label_train_promote_retag_rollback(setup, tmp_path: Path) -> None:
    db_path, models, rows = setup
    db = str(db_path)
    labels = write_labels(tmp_path / "a.csv", rows)
    assert "imported 32 label(s)" in run("label", "import", str(labels), "--db", db)

    out = run("train", "--db", db, "--no-base", "--folds", "2")
    first = promoted_version(out)
    assert f"promote anyway with: waspada models promote {first} --force" in out  # 32 labels: below floors
    assert (models / first / "model.skops").exists() and (models / first / "MODEL_CARD.md").exists()
    assert json.loads((models / first / "metrics.json").read_text())["data"]["labels"]["n"] == 32

    refused = CliRunner().invoke(cli, ["models", "promote", first, "--db", db])
    assert refused.exit_code == 1 and "below the floors" in refused.output
    run("models", "promote", first, "--db", db, "--force")
    assert current_version(models) == first

    database = open_db(db_path)
    summary = run("tag", "--db", db, "--quiet")
    flagged = sum(row["conflict"] for row in database["article_tags"].rows)
    assert "tagged 32 article(s)" in summary and f"{flagged} about conflict, " in summary
    assert f"to review (perlu ditinjau) [model {first}]" in summary
    assert stale_ids(database, first) == []
    run("tag", "--db", db, "--quiet")  # nothing stale: the themes stage leaves the tags alone
    assert {row["model_version"] for row in database["article_tags"].rows} == {first}
    riot = database["article_tags"].get(1)
    assert riot["conflict"] == 1 and riot["killed"] == 2 and riot["damaged"] == 11

    # An analyst corrects one article; a new version learns from it and replaces the first.
    correction = tmp_path / "b.jsonl"
    fix = {"article_id": 32, "conflict": True, "themes": ["land_resource"]}
    correction.write_text(json.dumps(fix) + "\n")
    run("label", "import", str(correction), "--db", db)
    exported = run("label", "export", "--db", db)
    assert len(exported.splitlines()) == 33
    assert run("label", "export", "--db", db, "--out", "-") == exported  # "-" is stdout, not a file named "-"
    trained = run("train", "--db", db, "--no-base", "--folds", "0")
    second = promoted_version(trained)
    assert second != first
    run("models", "promote", second, "--db", db, "--force")
    assert len(stale_ids(database, second)) == 32
    run("tag", "--db", db, "--retag", "--quiet")
    assert {row["model_version"] for row in database["article_tags"].rows} == {second}
    assert stale_ids(database, second) == []
    statuses = {row["version"]: row["status"] for row in database["models"].rows}
    assert statuses == {first: "retired", second: "current"}
    assert second in run("models", "list") and "*" in run("models", "list")

    assert first in run("models", "rollback", "--db", db)
    assert current_version(models) == first
    assert len(stale_ids(database, first)) == 32


def test_a_model_trained_into_another_folder_is_promoted_from_there(setup, tmp_path: Path) -> None:
    db_path, models, rows = setup
    run("label", "import", str(write_labels(tmp_path / "a.csv", rows)), "--db", str(db_path))
    other = tmp_path / "elsewhere"
    out = run("train", "--db", str(db_path), "--no-base", "--folds", "0", "--out", str(other))
    version = promoted_version(out)
    assert f"waspada models promote {version} --force --models {other}" in out
    assert (other / version / "model.skops").exists() and not (models / version).exists()


def test_train_compare_puts_every_candidate_in_the_model_card(setup, tmp_path: Path) -> None:
    from nlp.training.crossval import CANDIDATES

    db_path, models, rows = setup
    db = str(db_path)
    run("label", "import", str(write_labels(tmp_path / "a.csv", rows)), "--db", db)
    out = run("train", "--db", db, "--no-base", "--folds", "2", "--compare")
    version = promoted_version(out)
    comparison = json.loads((models / version / "metrics.json").read_text())["comparison"]
    assert set(comparison) == {*CANDIDATES, "this model"}  # no hard negatives without the base data
    assert all(0 <= row["labels"]["conflict"]["f1"] <= 1 and row["speed"] > 0 for row in comparison.values())
    card = (models / version / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert all(f"| {name} / labels |" in card for name in comparison)


def test_a_spreadsheet_saved_with_semicolons_or_in_cp1252_is_read(setup, tmp_path: Path) -> None:
    db_path, _, _ = setup
    db = str(db_path)
    semicolons = tmp_path / "isian.csv"
    header = "article_id;conflict;themes;annotator\r\n"
    content = header + '1;Ya;"Protest; Land resource";Andr\u00e9\r\n2;TIDAK;;Andr\u00e9\r\n'
    semicolons.write_bytes(content.encode("utf-8-sig"))
    assert "imported 2 label(s)" in run("label", "import", str(semicolons), "--db", db)
    stored = {row["article_id"]: row for row in open_db(db_path)["labels"].rows}
    themes = json.loads(stored[1]["themes"])  # as a hand types them: capitals and spaces
    assert themes == ["protest", "land_resource"] and stored[1]["annotator"] == "Andr\u00e9"
    windows = tmp_path / "isian-ansi.csv"
    windows.write_bytes(content.replace("1;Ya", "3;Ya").replace("2;TIDAK", "4;TIDAK").encode("cp1252"))
    refused = CliRunner().invoke(cli, ["label", "import", str(windows), "--db", db])
    assert refused.exit_code == 1 and "isian-ansi.csv:2: not utf-8 text (byte 0xe9)" in refused.output
    assert "imported 2 label(s)" in run("label", "import", str(windows), "--db", db, "--encoding", "cp1252")
    assert open_db(db_path)["labels"].count == 4


def test_suggest_writes_a_fillable_csv(setup, tmp_path: Path) -> None:
    db_path, _, rows = setup
    db = str(db_path)
    run("label", "import", str(write_labels(tmp_path / "a.csv", rows[:20])), "--db", db)
    version = promoted_version(run("train", "--db", db, "--no-base", "--folds", "0"))
    run("models", "promote", version, "--db", db, "--force")
    out = tmp_path / "batch.csv"
    run("label", "suggest", "--n", "5", "--out", str(out), "--db", db)
    with out.open(encoding="utf-8-sig") as handle:
        suggested = list(csv.DictReader(handle))
    assert len(suggested) == 5
    assert {int(row["article_id"]) for row in suggested} <= set(range(21, 33)), "labeled articles are skipped"
    assert all(row["conflict"] == "" for row in suggested)
    assert "skipped 5 unfilled" in run("label", "import", str(out), "--db", db)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.csv", 'article_id,conflict,themes\n1,ya,"protest\n', "bad.csv:2: bad CSV"),
        ("wide.csv", "article_id,conflict\n1,ya,protest\n", "wide.csv:2: more cells than header columns"),
        ("noid.csv", "id,conflict\n1,ya\n", "noid.csv:1: the header needs an article_id column (a workbench"),
        ("nokey.csv", "artikel,conflict\n1,ya\n", "nokey.csv:1: the header needs an article_id column"),
        ("bad.jsonl", '{"article_id": 1, "conflict": true}\n{oops\n', "bad.jsonl:2: not valid JSON"),
        ("flag.jsonl", '{"article_id": 1, "conflict": "mungkin"}\n', "flag.jsonl:1: conflict must be yes/no"),
        (
            "mixed.jsonl",
            '{"article_id": 2, "conflict": false, "themes": ["protest"]}\n',
            "mixed.jsonl:1: themes must be empty when conflict is no",
        ),
        ("labels.txt", "article_id\n1\n", "use a .csv or .jsonl file"),
    ],
)
def test_bad_files_are_refused_whole(setup, tmp_path: Path, name: str, content: str, message: str) -> None:
    db_path, _, _ = setup
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["label", "import", str(path), "--db", str(db_path)])
    assert result.exit_code == 1
    assert message in result.output
    assert open_db(db_path)["labels"].count == 0
