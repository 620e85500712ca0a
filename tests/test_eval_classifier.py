"""`waspada eval classifier`: the shipped model scored on labeled articles it was not trained on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from waspada.cli import cli

MINI = Path(__file__).parent / "fixtures" / "themes" / "mini.jsonl"


def mini_rows() -> list[dict]:
    return [json.loads(line) for line in MINI.read_text(encoding="utf-8").splitlines()]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["eval", "classifier", *args])
    return result.exit_code, result.output


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def test_report_agrees_with_classify_on_the_same_file() -> None:
    rows = mini_rows()
    code, output = invoke("--data", str(MINI), "--json")
    assert code == 0, output
    report = json.loads(output)
    classified = CliRunner().invoke(cli, ["classify", str(MINI)])
    lines = [json.loads(line) for line in classified.stdout.splitlines()]
    pairs = list(zip(lines, rows, strict=True))
    tp = sum(line["conflict"] and row["conflict"] for line, row in pairs)
    flagged = sum(line["conflict"] for line in lines)
    assert report["n"] == 32 and report["conflict"]["support"] == 16
    assert report["conflict"]["precision"] == round(tp / flagged, 4)
    assert report["conflict"]["recall"] == round(tp / 16, 4)
    protest = sum("protest" in line["themes"] and "protest" in row["themes"] for line, row in pairs)
    assert report["themes"]["per_theme"]["protest"]["recall"] == round(protest / 5, 4)


def test_wrong_labels_show_up_as_misses_and_false_alarms(tmp_path: Path) -> None:
    rows = mini_rows()
    riot = next(row for row in rows if row["id"] == "m00")
    calm = next(row for row in rows if not row["conflict"])
    riot.update(conflict=False, themes=[])
    calm.update(conflict=True, themes=["protest"])
    code, output = invoke("--data", str(write(tmp_path / "flipped.jsonl", rows)))
    assert code == 0, output
    assert "32 article(s), 16 about conflict (50.0%); model " in output
    missed = output.split("missed conflicts:")[1].split("false alarms:")[0]
    alarms = output.split("false alarms:")[1]
    assert calm["id"] in missed and calm["title"][:40] in missed
    assert riot["id"] in alarms and riot["title"][:40] in alarms
    assert "F1 0.938" in output  # 15 of 16 found, 15 of 16 flagged right


def test_bad_lines_are_all_reported_and_nothing_is_scored(tmp_path: Path) -> None:
    rows = mini_rows()[:3]
    bad = tmp_path / "bad.jsonl"
    lines = [json.dumps(rows[0]), "{oops", json.dumps({**rows[1], "conflict": None})]
    lines += [json.dumps({**rows[2], "themes": ["perang"]}), json.dumps({"id": "x", "conflict": False})]
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, output = invoke("--data", str(bad))
    assert code == 1
    assert "4 bad line(s), nothing scored" in output
    assert f"{bad}:2: not JSON" in output
    assert f"{bad}:3: no conflict label" in output
    assert f"{bad}:4: unknown theme 'perang'" in output
    assert f"{bad}:5: no title or text" in output
    assert "precision" not in output


def test_an_export_s_model_tags_are_not_taken_for_labels(tmp_path: Path) -> None:
    tagged = [{**row, "model_version": "2026.12.07-3", "conflict_score": 0.9} for row in mini_rows()[:2]]
    code, output = invoke("--data", str(write(tmp_path / "export.jsonl", tagged)))
    assert code == 1 and "2 bad line(s), nothing scored" in output
    assert "export.jsonl:1: its conflict and themes are tags of model 2026.12.07-3" in output


def test_news_please_maintext_is_read(tmp_path: Path) -> None:
    rows = [{**row, "maintext": row.pop("text")} for row in mini_rows()]
    code, output = invoke("--data", str(write(tmp_path / "np.jsonl", rows)), "--json")
    assert code == 0, output
    assert json.loads(output)["conflict"]["support"] == 16


def test_unknown_model_version_is_a_one_line_error() -> None:
    code, output = invoke("--data", str(MINI), "--model", "1999.01.01-1")
    assert code == 1 and output.startswith("Error:") and len(output.strip().splitlines()) == 1
    assert "no model version '1999.01.01-1'" in output and "installed: " in output  # what to pick instead


def test_articles_of_the_training_data_are_flagged_as_training_scores(tmp_path: Path) -> None:
    from store import config

    natural = config.shared_dir() / "data" / "labeled" / "natural.jsonl"
    if not natural.exists():
        pytest.skip(f"{natural} absent: needs ../shared/data (set WASPADA_SHARED)")
    seen = natural.read_text(encoding="utf-8").splitlines()[:3]  # copied to tmp only, never committed
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text("\n".join(seen) + "\n" + MINI.read_text(encoding="utf-8"), encoding="utf-8")
    code, output = invoke("--data", str(mixed))
    assert code == 0, output
    assert "warning: 3 of these articles are in the shared training data" in output
    code, output = invoke("--data", str(MINI))
    assert "warning" not in output
