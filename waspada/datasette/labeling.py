"""Labels from the browser: validate an analyst's form and write one row to `labels`."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from nlp.classifier.taxonomy import THEMES
from nlp.training.label_quality import check_region
from store.errors import InputError

PROVINCE = re.compile(r"^\d{2}$")
REGENCY = re.compile(r"^\d{2}\.\d{2}$")
MAX_NOTE = 2000


@dataclass(frozen=True)
class Label:
    """One analyst's judgement of one article."""

    article_id: int
    conflict: bool | None  # None: the analyst is unsure (a label, kept out of training and kappa)
    themes: tuple[str, ...]
    province_code: str | None
    regency_code: str | None
    annotator: str
    note: str | None = None


def _one(form: dict[str, list[str]], key: str) -> str:
    return (form.get(key) or [""])[0].strip()


def parse_form(article_id: int, annotator: str, form: dict[str, list[str]]) -> Label:
    """The label a submitted form describes; raises InputError on a value the taxonomy does not allow."""
    conflict = _one(form, "conflict")
    if conflict not in ("0", "1", "unsure"):
        raise InputError("choose whether the article is about conflict (yes, no or unsure)")
    themes = tuple(dict.fromkeys(form.get("themes", [])))
    unknown = [theme for theme in themes if theme not in THEMES]
    if unknown:
        raise InputError(f"unknown theme(s): {', '.join(unknown)}")
    province, regency = _one(form, "province_code") or None, _one(form, "regency_code") or None
    if province and not PROVINCE.match(province):
        raise InputError(f"province code {province!r}: expected two digits such as 63")
    if regency and not REGENCY.match(regency):
        raise InputError(f"kabupaten/kota code {regency!r}: expected a dotted code such as 63.71")
    try:
        province, regency = check_region(province, regency)
    except ValueError as error:
        raise InputError(str(error)) from error
    return Label(
        article_id=article_id,
        conflict=None if conflict == "unsure" else conflict == "1",
        themes=themes if conflict == "1" else (),
        province_code=province,
        regency_code=regency,
        annotator=annotator,
        note=_one(form, "note")[:MAX_NOTE] or None,
    )


def save(conn: sqlite3.Connection, label: Label) -> int:
    """Insert the label in one short transaction; returns its id."""
    if conn.execute("select 1 from articles where id = ?", [label.article_id]).fetchone() is None:
        raise InputError(f"no article {label.article_id}")
    with conn:
        cursor = conn.execute(
            "insert into labels (article_id, conflict, themes, province_code, regency_code, annotator, "
            "created_at, note) values (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                label.article_id,
                None if label.conflict is None else int(label.conflict),
                json.dumps(list(label.themes)),
                label.province_code,
                label.regency_code,
                label.annotator,
                datetime.now(UTC).isoformat(timespec="seconds"),
                label.note,
            ],
        )
    return int(cursor.lastrowid)
