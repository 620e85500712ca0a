"""Label quality: region codes checked against the gazetteer, conflicting labels, annotator agreement."""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cache
from itertools import combinations
from typing import Any

import sqlite_utils

from nlp.classifier.taxonomy import THEMES


@cache
def region_names() -> dict[str, str]:
    """Province and kabupaten/kota codes of the gazetteer with their names."""
    from nlp.regions import gazetteer  # imported here: it loads spaCy

    data = gazetteer.load_data()
    return {
        row["code"]: row["name"]
        for section in ("provinces", "regencies")
        for row in gazetteer.rows(data[section])
    }


def check_region(province: str | None, regency: str | None) -> tuple[str | None, str | None]:
    """(province, regency) when both exist in the gazetteer and belong together; ValueError otherwise."""
    names = region_names()
    if regency and not province:
        province = regency.split(".")[0]
    if province and (province not in names or "." in province):
        raise ValueError(f"province code {province!r} is not in the gazetteer (e.g. 63)")
    if regency and (regency not in names or "." not in regency):
        raise ValueError(f"kabupaten/kota code {regency!r} is not in the gazetteer (e.g. 63.71)")
    if regency and regency.split(".")[0] != province:
        raise ValueError(f"kabupaten/kota {regency} ({names[regency]}) is not in province {province}")
    return province, regency


def _labels(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    sql = """select l.id, l.article_id, l.conflict, l.themes, l.province_code, l.regency_code,
                    coalesce(l.annotator, '') as annotator, l.created_at,
                    coalesce(u.role, 'analyst') = 'reviewer' as by_reviewer
             from labels l left join users u on u.name = l.annotator order by l.article_id, l.id"""
    return [dict(row) for row in db.query(sql)]


JUDGEMENT_PARTS = ("conflict", "themes", "place")


def _judgement(label: dict[str, Any]) -> tuple:
    """What a label says, in the order of JUDGEMENT_PARTS."""
    themes = tuple(sorted(json.loads(label["themes"] or "[]")))
    return bool(label["conflict"]), themes, (label["province_code"], label["regency_code"])


def conflicts(db: sqlite_utils.Database, include_resolved: bool = False) -> list[dict[str, Any]]:
    """Articles whose yes/no labels disagree; resolved when the newest of them is a reviewer's.

    An unsure label contradicts nothing and resolves nothing; it is counted in `unsure`.
    """
    by_article: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for label in _labels(db):
        by_article[label["article_id"]].append(label)
    found = []
    for article_id, every in by_article.items():
        labels = [label for label in every if label["conflict"] is not None]
        judgements = [_judgement(label) for label in labels]
        if len(set(judgements)) < 2:
            continue
        resolved = bool(labels[-1]["by_reviewer"])
        if resolved and not include_resolved:
            continue
        found.append(
            {
                "article_id": article_id,
                "labels": len(labels),
                "annotators": sorted({label["annotator"] for label in labels}),
                "disagree_on": [
                    part
                    for index, part in enumerate(JUDGEMENT_PARTS)
                    if len({judgement[index] for judgement in judgements}) > 1
                ],
                "conflict_votes": [bool(label["conflict"]) for label in labels],
                "resolved_by": labels[-1]["annotator"] if resolved else None,
                "unsure": len(every) - len(labels),
            }
        )
    return found


def _latest_by_annotator(db: sqlite_utils.Database) -> dict[str, dict[int, dict[str, Any]]]:
    latest: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for label in _labels(db):
        if label["annotator"]:
            latest[label["annotator"]][label["article_id"]] = label
    return latest


def _kappa(first: list[int], second: list[int]) -> float | None:
    """Cohen's kappa; None when it is undefined: no pair, or both always said the same one thing (a
    theme nobody chose), where chance agreement is already complete."""
    if not first or len(set(first) | set(second)) == 1:
        return None
    from sklearn.metrics import cohen_kappa_score

    return round(float(cohen_kappa_score(first, second)), 3)


def _agreement(first: list[int], second: list[int]) -> float | None:
    return round(sum(a == b for a, b in zip(first, second, strict=True)) / len(first), 3) if first else None


def agreement(db: sqlite_utils.Database) -> dict[str, Any]:
    """Cohen's kappa on conflict and per-theme agreement, over every pair of annotators' shared articles.

    A shared article where either annotator's latest label is unsure is left out of the figures and
    counted in `unsure` (per pair and in all).
    """
    latest = _latest_by_annotator(db)
    pairs, conflict_a, conflict_b, unsure = [], [], [], 0
    theme_a: dict[str, list[int]] = {theme: [] for theme in THEMES}
    theme_b: dict[str, list[int]] = {theme: [] for theme in THEMES}
    for one, two in combinations(sorted(latest), 2):
        both = sorted(set(latest[one]) & set(latest[two]))
        shared = [
            article
            for article in both
            if latest[one][article]["conflict"] is not None and latest[two][article]["conflict"] is not None
        ]
        unsure += len(both) - len(shared)
        if not both:
            continue
        a = [int(latest[one][article]["conflict"]) for article in shared]
        b = [int(latest[two][article]["conflict"]) for article in shared]
        pairs.append(
            {
                "annotators": [one, two],
                "articles": len(shared),
                "unsure": len(both) - len(shared),
                "conflict_kappa": _kappa(a, b),
            }
        )
        conflict_a += a
        conflict_b += b
        for article in shared:
            themes_one = set(json.loads(latest[one][article]["themes"] or "[]"))
            themes_two = set(json.loads(latest[two][article]["themes"] or "[]"))
            for theme in THEMES:
                theme_a[theme].append(int(theme in themes_one))
                theme_b[theme].append(int(theme in themes_two))
    themes = {
        theme: {
            "agreement": _agreement(theme_a[theme], theme_b[theme]),
            "kappa": _kappa(theme_a[theme], theme_b[theme]),
            "used": sum(theme_a[theme]) + sum(theme_b[theme]),
        }
        for theme in THEMES
    }
    return {
        "items": len(conflict_a),
        "unsure": unsure,
        "conflict_kappa": _kappa(conflict_a, conflict_b),
        "conflict_agreement": _agreement(conflict_a, conflict_b),
        "pairs": pairs,
        "themes": themes,
    }
