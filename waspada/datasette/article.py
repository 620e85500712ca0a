"""The analyst's article page: one article's text, places, the model's tags and the label form's choices."""

from __future__ import annotations

import json
import re
import sqlite3
from functools import cache
from typing import Any

from nlp.classifier.taxonomy import THEME_LIST
from nlp.training.label_quality import region_names
from store.db import read_only, rows
from waspada.datasette import place_map
from waspada.datasette.i18n import THEME_NAMES, WORDS

ZONE_AT_END = re.compile(r"\s(WIB|WITA|WIT|UTC)$")
ISO_T = re.compile(r"(?<=\d)T(?=\d)")


def _one(conn: sqlite3.Connection, sql: str, params: list) -> dict[str, Any] | None:
    found = rows(conn, sql, params)
    return found[0] if found else None


def labels_with_names(path: str, article_id: int) -> list[dict[str, Any]]:
    """An article's labels with annotators and notes (for analysts), past the served authorizer."""
    conn = read_only(path)
    try:
        return rows(conn, "select * from labels where article_id = ? order by id desc limit 20", [article_id])
    finally:
        conn.close()


def _loads(value: str | None, default: Any) -> Any:
    try:
        return json.loads(value) if value else default
    except (TypeError, ValueError):
        return default


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _rounded(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def published(article: dict[str, Any]) -> str:
    """The date as the outlet wrote it with its zone (WIB/WITA/WIT), else the UTC time ('' when unknown)."""
    if article.get("published_local"):
        local = ISO_T.sub(" ", str(article["published_local"]))  # not the T of WIT and WITA
        if ZONE_AT_END.search(local):  # the crawler's form: "2026-11-23 10:15 WITA", "2026-11-23 WIT"
            return local
        return f"{local[:16]} {article.get('tz') or ''}".strip()
    if article.get("published_at"):
        return str(article["published_at"]).replace("T", " ")[:16] + " UTC"
    return ""


def paragraphs(text: str | None) -> list[str]:
    """The body as paragraphs (blank lines, else single line breaks, separate them)."""
    text = (text or "").strip()
    parts = [part.strip() for part in text.split("\n\n")] if "\n\n" in text else text.splitlines()
    return [part for part in parts if part.strip()]


def place_name(province: str | None, regency: str | None) -> str | None:
    """'Kota Banjarmasin, Kalimantan Selatan' for codes; None when unplaced."""
    names = region_names()
    if regency and regency in names:
        return f"{names[regency]}, {names.get(regency.split('.')[0], '')}".rstrip(", ")
    return names.get(province or "")


@cache  # the same for every page (read-only)
def region_choices() -> list[dict[str, str]]:
    """Every province and kabupaten/kota for the search-as-you-type list: name, province, codes."""
    names = region_names()
    choices = []
    for code, name in sorted(names.items()):
        province = code.split(".")[0]
        regency = code if "." in code else ""
        choices.append({"n": name, "p": names[province] if regency else "", "pc": province, "rc": regency})
    return choices


def themes(lang: str, scores: dict[str, float], model_themes: list[str]) -> list[dict[str, Any]]:
    """The ten themes with their name and description in `lang`, the model's score and choice."""
    return [
        {
            "key": theme.name,
            "name": THEME_NAMES[lang][theme.name],
            "description": theme.id if lang == "id" else theme.en,
            "score": round(scores[theme.name], 2) if scores.get(theme.name) is not None else None,
            "model": theme.name in model_themes,
        }
        for theme in THEME_LIST
    ]


def context(conn: sqlite3.Connection, article_id: int, lang: str) -> dict[str, Any] | None:
    """Everything the page shows except analysts' names and notes; None when there is no such article."""
    article = _one(conn, "select * from articles where id = ?", [article_id])
    if article is None:
        return None
    tags = _one(conn, "select * from article_tags where article_id = ?", [article_id]) or {}
    place = _one(conn, "select * from article_places where article_id = ?", [article_id]) or {}
    latest = _one(conn, "select * from labels where article_id = ? order by id desc limit 1", [article_id])
    model_themes = [name for name in _loads(tags.get("themes"), []) if isinstance(name, str)]
    judgements = conn.execute(  # an unsure label (conflict NULL) contradicts nothing
        "select count(distinct conflict || '|' || coalesce(themes, '[]') || '|' "
        "|| coalesce(province_code, '') || '|' || coalesce(regency_code, '')) "
        "from labels where article_id = ?",
        [article_id],
    ).fetchone()[0]
    # The form starts from the newest label, else from the model's tags; a review-tier article starts
    # with no conflict answer, as the model has none (a preset "no" would be confirmed by habit).
    model_answer = None if tags.get("review") else tags.get("conflict")
    start = latest or {**place, "conflict": model_answer, "themes": tags.get("themes")}
    where = place_name(place.get("province_code"), place.get("regency_code"))
    return {
        "article": article,
        "paragraphs": paragraphs(article.get("text")),
        "published": published(article),
        "tags": tags,
        "conflict_score": _rounded(tags.get("conflict_score")),
        "model_themes": [THEME_NAMES[lang].get(name, name) for name in model_themes],
        "place": place,
        "place_name": where,
        "map": place_map.svg(place.get("province_code"), place.get("regency_code"), where or ""),
        "confidence": _rounded(place.get("confidence")),
        "themes": themes(lang, _dict(_loads(tags.get("theme_scores"), {})), model_themes),
        "start": {
            "conflict": start.get("conflict"),
            "unsure": latest is not None and latest.get("conflict") is None,
            "themes": _loads(start.get("themes"), []),
            "province_code": start.get("province_code") or "",
            "regency_code": start.get("regency_code") or "",
            "place_name": place_name(start.get("province_code"), start.get("regency_code")) or "",
        },
        "conflicting": judgements > 1,
        "words": WORDS[lang],
        "lang": lang,
    }
