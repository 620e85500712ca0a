"""Load the sample site's articles, with their gold labels as tags and places, into a test database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml

ARTICLES = Path(__file__).resolve().parent.parent / "crawler" / "samplesite" / "articles"
OFFSETS = {"WIB": 7, "WITA": 8, "WIT": 9}


def sample_articles() -> list[dict[str, Any]]:
    """Every entry of crawler/samplesite/articles/*.yaml, in file order."""
    entries: list[dict[str, Any]] = []
    for path in sorted(ARTICLES.glob("*.yaml")):
        entries.extend(yaml.safe_load(path.read_text(encoding="utf-8")))
    return entries


def utc_iso(published: str, tz: str) -> str:
    """'2026-11-03 09:15' in WITA → '2026-11-03T01:15:00+00:00'."""
    local = datetime.strptime(published, "%Y-%m-%d %H:%M").replace(
        tzinfo=timezone(timedelta(hours=OFFSETS[tz]))
    )
    return local.astimezone(UTC).isoformat()


def insert_article(
    db: sqlite_utils.Database, entry: dict[str, Any], article_id: int, dup_of: int | None
) -> None:
    """One article row plus its gold place and tags (as the crawler, tagger and classifier would write)."""
    paragraphs = entry.get("paragraphs") or []
    published = None if entry.get("no_date") else utc_iso(entry["published"], entry["tz"])
    db["articles"].insert(
        {
            "id": article_id,
            "canonical_url": f"http://{entry['outlet']}.test/{entry['id']}",
            "url": f"http://{entry['outlet']}.test/{entry['id']}",
            "title": entry["title"],
            "text": "\n\n".join(paragraphs),
            "lead": paragraphs[0] if paragraphs else "",
            "published_at": published,
            "published_local": f"{entry['published']} {entry['tz']}",
            "tz": entry["tz"],
            "source": entry["outlet"],
            "fetched_at": "2026-11-28T00:00:00+00:00",
            "dup_of": dup_of,
        }
    )
    db["article_places"].insert(
        {
            "article_id": article_id,
            "province_code": entry.get("province"),
            "regency_code": entry.get("regency"),
            "confidence": 1.0,
            "reason": "gold",
        }
    )
    impact = entry.get("impact") or {}
    db["article_tags"].insert(
        {
            "article_id": article_id,
            "model_version": "gold",
            "conflict": int(bool(entry.get("conflict"))),
            "conflict_score": 1.0 if entry.get("conflict") else 0.0,
            "themes": json.dumps(entry.get("themes") or []),
            "theme_scores": "{}",
            "killed": impact.get("killed", 0),
            "injured": impact.get("injured", 0),
            "damaged": impact.get("damaged", 0),
        }
    )


def load_sample(db: sqlite_utils.Database) -> dict[str, int]:
    """Insert every sample article; republished copies get dup_of = their original. Returns slug → id."""
    entries = sample_articles()
    ids = {entry["id"]: number for number, entry in enumerate(entries, start=1)}
    for entry in sorted(entries, key=lambda e: bool(e.get("republish_of"))):
        original = entry.get("republish_of")
        insert_article(db, entry, ids[entry["id"]], ids.get(original) if original else None)
    return ids


def gold_clusters(entries: list[dict[str, Any]]) -> dict[str, str]:
    """slug → gold cluster: the `event` id, else the original's event or slug, else the slug itself."""
    by_slug = {e["id"]: e for e in entries}
    clusters = {}
    for entry in entries:
        original = by_slug.get(entry.get("republish_of") or "")
        clusters[entry["id"]] = (
            entry.get("event")
            or (original and original.get("event"))
            or (entry.get("republish_of") or entry["id"])
        )
    return clusters


def pairwise_f1(predicted: dict[str, Any], gold: dict[str, Any]) -> tuple[float, float, float]:
    """Precision, recall and F1 over pairs of items put in the same cluster."""
    items = sorted(gold)
    pairs = [(a, b) for i, a in enumerate(items) for b in items[i + 1 :]]
    same_pred = {p for p in pairs if predicted[p[0]] == predicted[p[1]]}
    same_gold = {p for p in pairs if gold[p[0]] == gold[p[1]]}
    hits = len(same_pred & same_gold)
    precision = hits / len(same_pred) if same_pred else 1.0
    recall = hits / len(same_gold) if same_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
