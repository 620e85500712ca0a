"""Analysts' labels: validated import from CSV/JSONL, export, and active-learning suggestions."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import sqlite_utils
from sklearn.feature_extraction.text import TfidfVectorizer

from nlp.classifier.taxonomy import THEMES
from nlp.training.label_quality import check_region
from store.errors import InputError
from store.textfiles import csv_delimiter, read_text

TRUE = {"1", "true", "yes", "ya", "y", "t"}
FALSE = {"0", "false", "no", "tidak", "n", "f"}
UNSURE = "unsure"  # a label whose conflict is NULL: seen, not judged; never trained on
UNSURE_WORDS = {UNSURE, "ragu", "ragu-ragu", "?"}
FIELDS = ["article_id", "conflict", "themes", "province_code", "regency_code", "annotator", "note"]
EXPORT_HINT = " (a workbench export holds the model's tags: fill a `waspada label suggest` file instead)"
SUGGEST_FIELDS = ["article_id", "title", "url", "model_conflict_score", "model_themes", *FIELDS[1:]]


def _rows(path: Path, encoding: str = "utf-8") -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) from a .csv (comma, semicolon or tab separated) or .jsonl file."""
    text = read_text(path, encoding)
    if path.suffix.lower() == ".jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as error:
                    raise InputError(f"{path}:{number}: not valid JSON ({error.msg})") from error
        return
    if path.suffix.lower() != ".csv":
        raise InputError(f"{path}: use a .csv or .jsonl file")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text), strict=True)
    last = 0  # the last line read without error; a CSV error lies on the line after it
    try:
        if not reader.fieldnames or "article_id" not in reader.fieldnames:
            exported = "id" in (reader.fieldnames or [])  # a workbench export: its tags are the model's
            raise InputError(
                f"{path}:1: the header needs an article_id column{EXPORT_HINT if exported else ''}"
            )
        last = reader.line_num
        for row in reader:
            if None in row:
                raise InputError(f"{path}:{reader.line_num}: more cells than header columns")
            yield reader.line_num, row
            last = reader.line_num
    except csv.Error as error:
        raise InputError(f"{path}:{last + 1}: bad CSV ({error})") from error


def conflict_flag(value: Any) -> bool | None:
    """A yes/no cell as bool; None when blank; ValueError when unreadable."""
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if not text:
        return None
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(f"conflict must be yes/no, got {value!r}")


def theme_list(value: Any) -> list[str]:
    """Themes from a list or a ';'/','-separated cell, each checked against the taxonomy; a spreadsheet's
    "Protest" or "land resource" is read as protest and land_resource."""
    items = value if isinstance(value, list) else str(value or "").replace(",", ";").split(";")
    names = (re.sub(r"[\s-]+", "_", str(item).strip().lower()) for item in items)
    themes = list(dict.fromkeys(name for name in names if name))
    unknown = [theme for theme in themes if theme not in THEMES]
    if unknown:
        raise ValueError(f"unknown theme {unknown[0]!r} (known: {', '.join(THEMES)})")
    return themes


def parse(path: Path, db: sqlite_utils.Database, encoding: str = "utf-8") -> tuple[list[dict[str, Any]], int]:
    """Validate every row first; return (label records, rows skipped as unfilled) or raise all errors."""
    known = {row[0] for row in db.execute("select id from articles")}
    records, errors, skipped = [], [], 0
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    for number, row in _rows(path, encoding):
        try:
            record = _record(row, known, stamp)
        except ValueError as error:
            errors.append(f"{path}:{number}: {error}")
            continue
        if record is None:
            skipped += 1
        else:
            records.append(record)
    if errors:
        shown = "; ".join(errors[:10]) + (f"; and {len(errors) - 10} more" if len(errors) > 10 else "")
        raise InputError(f"{len(errors)} invalid row(s), nothing imported: {shown}")
    return records, skipped


def _cell(row: dict[str, Any], key: str) -> str | None:
    return str(row.get(key) or "").strip() or None


def _record(row: dict[str, Any], known: set[int], stamp: str) -> dict[str, Any] | None:
    """One label record from a row, None for an unfilled row; ValueError when invalid."""
    if "article_id" not in row:
        raise ValueError(f"no article_id (the row has: {', '.join(row) or 'nothing'})")
    raw_id = str(row.get("article_id") or "").strip()
    if not raw_id.isdigit():
        raise ValueError(f"article_id must be a number, got {raw_id!r}")
    if int(raw_id) not in known:
        raise ValueError(f"unknown article id {raw_id}")
    unsure = str(row.get("conflict") or "").strip().lower() in UNSURE_WORDS
    conflict = None if unsure else conflict_flag(row.get("conflict"))
    themes = theme_list(row.get("themes"))
    if unsure and themes:
        raise ValueError("themes given but conflict is unsure")
    if conflict is None and not unsure:
        if themes:
            raise ValueError("themes given but conflict is blank")
        return None
    if themes and not conflict:
        raise ValueError("themes must be empty when conflict is no")
    province, regency = check_region(_cell(row, "province_code"), _cell(row, "regency_code"))
    return {
        "article_id": int(raw_id),
        "conflict": None if conflict is None else int(conflict),
        "themes": json.dumps(themes),
        "province_code": province,
        "regency_code": regency,
        "annotator": str(row.get("annotator") or "").strip() or None,
        "created_at": stamp,
        "note": str(row.get("note") or "").strip() or None,
    }


def import_labels(path: Path, db: sqlite_utils.Database, encoding: str = "utf-8") -> tuple[int, int, int]:
    """Validate then insert all labels in one transaction; return (imported, skipped as unfilled, repeated).

    A row equal to its annotator's newest label for the article is not stored again, so importing a file
    twice adds nothing; a row that differs from it is a new judgement and is stored.
    """
    if not path.exists():
        raise InputError(f"{path}: no such file")
    records, skipped = parse(path, db, encoding)
    new = [record for record in records if not repeats_latest(db, record)]
    with db.conn:
        db["labels"].insert_all(new)
    return len(new), skipped, len(records) - len(new)


def repeats_latest(db: sqlite_utils.Database, record: dict[str, Any]) -> bool:
    """Whether the record says what its annotator's newest label for the article already says."""
    compared = FIELDS[1:]
    latest = db.execute(
        f"select {', '.join(compared)} from labels where article_id = ? and annotator is ? "
        "order by id desc limit 1",
        [record["article_id"], record["annotator"]],
    ).fetchone()
    return latest is not None and list(latest) == [record[field] for field in compared]


def unimported(path: Path, db: sqlite_utils.Database) -> int:
    """How many filled rows of an existing batch file label an article that has no label in the database
    yet (0 when the file is absent): `label suggest` must not overwrite an analyst's unimported work."""
    if not path.exists():
        return 0
    labeled = {row[0] for row in db.execute("select distinct article_id from labels")}
    try:
        rows = [row for _, row in _rows(path)]
    except InputError as error:
        raise InputError(
            f"{path} exists and cannot be read as a label batch ({error}); choose another --out"
        ) from error
    ids = [str(row.get("article_id") or "").strip() for row in rows if str(row.get("conflict") or "").strip()]
    return sum(not (raw.isdigit() and int(raw) in labeled) for raw in ids)


def export_labels(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every label row, oldest first, themes as lists, conflict true/false or "unsure"."""
    rows = db.execute(f"select {', '.join(FIELDS)}, created_at from labels order by id").fetchall()
    out = []
    for values in rows:
        row = dict(zip([*FIELDS, "created_at"], values, strict=True))
        row["conflict"] = UNSURE if row["conflict"] is None else bool(row["conflict"])
        row["themes"] = json.loads(row["themes"] or "[]")
        out.append(row)
    return out


def latest_labels(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The newest yes/no label per article joined to its text (what training uses; unsure ones left out)."""
    sql = """
        select a.id, a.title, a.text, l.conflict, l.themes
        from labels l join articles a on a.id = l.article_id
        where l.id = (select max(id) from labels where article_id = l.article_id and conflict is not null)
        order by a.id
    """
    return [
        {
            "article_id": r[0],
            "title": r[1] or "",
            "text": r[2] or "",
            "conflict": bool(r[3]),
            "themes": json.loads(r[4] or "[]"),
        }
        for r in db.execute(sql).fetchall()
    ]


def suggest(
    db: sqlite_utils.Database, model: Any, n: int = 50, pool: int = 5000, diversity: float = 0.5
) -> list[dict[str, Any]]:
    """Unlabeled articles: the review tier first, then the least certain; spread out by text (MMR)."""
    rows = db.execute(
        "select id, title, text, url from articles where id not in (select article_id from labels) "
        "and dup_of is null order by id desc limit ?",
        [pool],
    ).fetchall()
    if not rows:
        return []
    proba = model.predict_proba([{"title": r[1] or "", "text": r[2] or ""} for r in rows])
    decisions = model.decide(proba)
    uncertainty = 1 - np.abs(2 * proba[:, 0] - 1) + review_tier(model, proba, decisions)
    vectors = TfidfVectorizer(sublinear_tf=True, max_features=20000).fit_transform(
        [f"{r[1] or ''} {r[2] or ''}" for r in rows]
    )
    chosen = _mmr(uncertainty, vectors, min(n, len(rows)), diversity)
    return [
        {
            "article_id": rows[i][0],
            "title": rows[i][1],
            "url": rows[i][3],
            "model_conflict_score": round(float(proba[i, 0]), 3),
            "model_themes": ";".join(t for t, flag in zip(THEMES, decisions[i, 1:], strict=True) if flag),
            "conflict": "",
            "themes": "",
            "province_code": "",
            "regency_code": "",
            "annotator": "",
            "note": "",
        }
        for i in chosen
    ]


def review_tier(model: Any, proba: np.ndarray, decisions: np.ndarray) -> np.ndarray:
    """1.0 for articles in the model's review tier (below its conflict cut, at or above its review cut)."""
    cut = getattr(model, "review_threshold", None)
    if cut is None:
        return np.zeros(len(proba))
    return ((decisions[:, 0] == 0) & (proba[:, 0] >= cut)).astype(float)


def _mmr(scores: np.ndarray, vectors: Any, n: int, diversity: float) -> list[int]:
    """Greedy maximal marginal relevance: high score, low similarity to what is already chosen."""
    chosen: list[int] = []
    closest = np.zeros(len(scores))
    for _ in range(n):
        gain = (1 - diversity) * scores - diversity * closest
        gain[chosen] = -np.inf
        pick = int(np.argmax(gain))
        chosen.append(pick)
        closest = np.maximum(closest, (vectors @ vectors[pick].T).toarray().ravel())
    return chosen


def write_csv(rows: list[dict[str, Any]], handle: TextIO, fields: list[str]) -> None:
    """Write rows as CSV to an open text handle (themes joined with ';')."""
    writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        out = dict(row)
        if isinstance(out.get("themes"), list):
            out["themes"] = ";".join(out["themes"])
        writer.writerow(out)
