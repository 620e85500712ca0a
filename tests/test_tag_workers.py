"""`waspada tag --workers N`: several tagging processes, one writer, the same rows as one process."""

from __future__ import annotations

import sqlite3
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlp import parallel, tag
from store.db import open_db
from waspada.cli import cli

TABLES = {
    "article_places": "select * from article_places order by article_id",
    "region_mentions": "select * from region_mentions order by article_id, start, code",
    "article_tags": "select * from article_tags order by article_id",
}
VOLATILE = {"tagged_at", "id"}  # the time of tagging; region_mentions' own row id


def tagged_rows(path: Path) -> dict[str, list[dict]]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    found = {}
    for table, sql in TABLES.items():
        rows = [dict(row) for row in conn.execute(sql)]
        found[table] = [{k: v for k, v in row.items() if k not in VOLATILE} for row in rows]
    conn.close()
    return found


def test_two_workers_write_the_same_rows_as_one(crawled_db: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    for copy in (one, two):
        copy.write_bytes(crawled_db.read_bytes())
    serial = CliRunner().invoke(cli, ["tag", "--db", str(one), "--quiet"])
    parallel = CliRunner().invoke(
        cli, ["tag", "--db", str(two), "--quiet", "--workers", "2", "--batch-size", "8"]
    )
    assert serial.exit_code == 0 and parallel.exit_code == 0, serial.output + parallel.output
    assert parallel.output == serial.output  # the same summary line
    rows = tagged_rows(two)
    assert rows == tagged_rows(one)
    assert len(rows["article_places"]) > 50 and len(rows["article_tags"]) > 50


def test_a_failed_worker_batch_is_tagged_by_the_writer(crawled_db: Path, tmp_path: Path) -> None:
    """A batch whose worker died is not lost: the writer tags it itself, as one process would."""
    copy = tmp_path / "w.db"
    copy.write_bytes(crawled_db.read_bytes())
    db = open_db(copy)
    chunk = [row["id"] for row in db.query("select id from articles order by id limit 3")]
    failed: Future = Future()
    failed.set_exception(BrokenProcessPool("a worker died"))
    counts = tag.new_counts()
    with tag._progress(False) as bar:
        parallel._write(db, chunk, failed, tag.Options(), counts, bar, bar.add_task("tagging", total=3))
    assert counts["articles"] == 3 and "failed" not in counts
    tagged = {row["article_id"] for row in db.query("select article_id from article_tags")}
    assert set(chunk) <= tagged


def small_db(path: Path) -> Path:
    db = open_db(path)
    text = "BIMA - Dua kelompok warga di Kabupaten Bima bentrok."
    db["sources"].insert({"name": "a", "province_code": None})
    db["articles"].insert_all(
        {"id": n, "canonical_url": f"https://x.test/{n}", "url": f"https://x.test/{n}", "title": "Bentrok",
         "text": text, "source": "a", "fetched_at": "2026-11-25T00:00:00+00:00"}
        for n in (1, 2, 3)
    )  # fmt: skip
    db.conn.close()
    return path


@pytest.mark.parametrize("version", [None, "1999.01.01-1"], ids=["unreadable", "missing"])
def test_a_model_that_cannot_load_stops_both_modes_with_the_same_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str | None
) -> None:
    """A broken current model (read by the workers) or a --model without a file (checked by the writer)."""
    models = tmp_path / "models"
    (models / "2026.01.01-1").mkdir(parents=True)
    (models / "2026.01.01-1" / "model.skops").write_text("not a model")
    (models / "CURRENT").write_text("2026.01.01-1")
    monkeypatch.setenv("WASPADA_MODELS", str(models))
    errors = []
    for workers in ("1", "2"):
        path = small_db(tmp_path / f"w{workers}.db")
        chosen = ["--model", version] if version else []
        result = CliRunner().invoke(cli, ["tag", "--db", str(path), "--quiet", "--workers", workers, *chosen])
        assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
        assert result.output.startswith("Error: ")
        assert open_db(path)["article_tags"].count == 0 and open_db(path)["article_places"].count == 0
        errors.append(result.output.replace(f"w{workers}.db", "w.db"))
    assert errors[0] == errors[1]
