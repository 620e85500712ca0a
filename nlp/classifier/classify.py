"""The themes stage: classify articles with a model version and write `article_tags` (with impact)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlite_utils
from spacy.tokens import Doc

from nlp.classifier.estimator import ConflictThemeClassifier
from nlp.classifier.persistence import current_version, load_model
from nlp.impact import extract
from nlp.selection import TAGGER_VERSION
from nlp.selection import themes_pending as _pending
from store.bulk import upsert_rows
from store.errors import ConfigError


def impact_from(doc: Doc, province: str | None = None) -> dict[str, int]:
    """Impact of an already tokenized doc: its doc._.impact when the pipeline set it, else extracted; with
    the article's `province`, figures of sentences about other places are left out (nlp.impact.extract)."""
    found = doc._.impact if doc.has_extension("impact") and doc._.impact is not None else extract(doc)
    return extract(doc, province) if province and any(found.values()) else found


def classify(
    model: ConflictThemeClassifier,
    articles: Sequence[dict[str, Any]],
    docs: Sequence[Doc],
    provinces: Sequence[str | None] | None = None,
) -> list[dict[str, Any]]:
    """Conflict, themes and impact for each article ({"title", "text"}) and its doc (tokenized once), with
    each article's province when placed."""
    records = model.tag([{"title": a.get("title") or "", "text": a.get("text") or ""} for a in articles])
    for record, doc, province in zip(records, docs, provinces or [None] * len(docs), strict=True):
        record["impact"] = impact_from(doc, province)
    return records


def tag_rows(records: Iterable[dict[str, Any]], ids: Iterable[int], version: str) -> list[dict[str, Any]]:
    """`article_tags` rows for classified articles."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    return [
        {
            "article_id": article_id,
            "model_version": version,
            "tagger_version": TAGGER_VERSION,
            "conflict": int(r["conflict"]),
            "review": int(r.get("review", False)),
            "conflict_score": r["conflict_score"],
            "themes": json.dumps(r["themes"]),
            "theme_scores": json.dumps(r["theme_scores"]),
            **r["impact"],
            "tagged_at": stamp,
        }
        for article_id, r in zip(ids, records, strict=True)
    ]


def save_tags(db: sqlite_utils.Database, rows: list[dict[str, Any]]) -> None:
    """Upsert tag rows (re-running is safe)."""
    upsert_rows(db.conn, "article_tags", rows, "article_id")


def _model_for(version: str | None) -> tuple[ConflictThemeClassifier | None, str | None]:
    """The model of `version` (default: current); (None, None) when no model is installed."""
    chosen = version or current_version()
    if not chosen:
        if version:
            raise ConfigError(f"unknown model version {version!r}")
        return None, None
    return load_model(chosen), chosen


def themes_pending(db: sqlite_utils.Database, options: Any) -> list[int]:
    """Articles the themes stage has to do; the model is loaded first, so a bad one stops the run at once."""
    _model_for(options.model)
    return _pending(db, options)


def themes_run(db: sqlite_utils.Database, batch: Any) -> dict[str, int]:
    """Classify a batch (docs tokenized already), write its article_tags; count conflict and review."""
    model, version = _model_for(batch.options.model)
    if model is None:
        return {}
    provinces = [p.province.code if p.province else None for p in batch.placements] or None
    records = classify(model, batch.rows, batch.docs, provinces)
    save_tags(db, tag_rows(records, [row["id"] for row in batch.rows], version))
    return {
        "conflict": sum(bool(r["conflict"]) for r in records),
        "review": sum(bool(r.get("review")) for r in records),
    }


def themes_stage():  # noqa: ANN201 - an nlp.tag.Stage (imported late: nlp.tag imports this module lazily)
    """The stage `waspada tag` runs after the regions."""
    from nlp.tag import Stage

    return Stage("themes", themes_pending, themes_run)


def enrich_lines(articles: list[dict[str, Any]], docs: list[Doc], outputs: list[dict[str, Any]]) -> None:
    """`waspada classify`: add conflict, review, conflict_score, themes, theme_scores and impact."""
    model, _ = _model_for(None)
    provinces = [(output.get("province") or {}).get("code") for output in outputs]
    if model is None:
        for output, doc, province in zip(outputs, docs, provinces, strict=True):
            output.update(
                {
                    "conflict": None,
                    "review": None,
                    "conflict_score": None,
                    "themes": [],
                    "theme_scores": {},
                    "impact": impact_from(doc, province),
                }
            )
        return
    for output, record in zip(outputs, classify(model, articles, docs, provinces), strict=True):
        output.update(record)
