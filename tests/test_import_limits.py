"""`waspada import` keeps later stages safe: texts capped at a documented size, only http(s) links stored."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from crawler.clean import MAX_TEXT_CHARS
from waspada.cli import cli


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_a_giant_text_is_capped_at_a_paragraph_end(tmp_path: Path) -> None:
    paragraph = "Warga desa berkumpul di balai desa membahas batas wilayah bersama camat setempat. " * 20
    text = "\n\n".join([paragraph.strip()] * 2_000)  # about 3.3 million characters
    source = write_jsonl(tmp_path / "giant.jsonl", [{"url": "https://kabarcontoh.id/a", "text": text}])
    result = CliRunner().invoke(cli, ["import", str(source), "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "w.db") as conn:
        (stored,) = conn.execute("select text from articles").fetchone()
    assert len(stored) <= MAX_TEXT_CHARS and stored.endswith("camat setempat.")


def test_a_javascript_canonical_url_is_refused_and_nothing_imported(tmp_path: Path) -> None:
    records = [
        {"url": "https://kabarcontoh.id/a", "text": "Isi berita yang cukup panjang."},
        {"url": "https://kabarcontoh.id/b", "text": "Isi lain.", "canonical_url": "javascript:alert(1)"},
        {"url": "javascript:alert(2)", "text": "Isi ketiga."},
    ]
    source = write_jsonl(tmp_path / "bad.jsonl", records)
    result = CliRunner().invoke(cli, ["import", str(source), "--db", str(tmp_path / "w.db")])
    assert result.exit_code != 0
    assert "line 2" in result.output and "line 3" in result.output and "not http(s)" in result.output
