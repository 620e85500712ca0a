"""`waspada eval impact`: the extractor against hand counts of real articles, next to a plain baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlp.impact_eval import CHECKED, read_checked
from store import config
from waspada.cli import cli

SHARED = config.shared_dir() / "data"
needs_shared = pytest.mark.skipif(
    not (SHARED / "labeled" / "articles.jsonl").exists(),
    reason=f"{SHARED} absent: the impact evaluation reads the real articles there (set WASPADA_SHARED)",
)


def test_hand_counts_cover_both_sets() -> None:
    checked = read_checked(CHECKED)
    sets = {item.set for item in checked}
    assert sets == {"dev", "held_out"}
    assert len({item.id for item in checked}) == len(checked) >= 150
    assert all(min(item.gold.values()) >= 0 for item in checked)


@needs_shared
def test_extractor_beats_the_baseline_on_articles_counted_after_its_rules() -> None:
    result = CliRunner().invoke(cli, ["eval", "impact", "--data", str(SHARED), "--json"])
    assert result.exit_code == 0, result.output
    held_out = json.loads(result.output)["sets"]["held_out"]
    ours, baseline = held_out["waspada"], held_out["nearest number"]
    assert ours["all_exact"] > baseline["all_exact"]
    assert ours["over_counted"] <= baseline["over_counted"]


@needs_shared
def test_table_lists_both_extractors_and_the_wrong_counts() -> None:
    result = CliRunner().invoke(cli, ["eval", "impact", "--data", str(SHARED), "--show", "3"])
    assert result.exit_code == 0, result.output
    assert "held_out (62)" in result.output and "nearest number" in result.output
    assert "wrong counts in held_out" in result.output


def test_missing_data_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "impact", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert "no such file" in result.output and "Traceback" not in result.output
