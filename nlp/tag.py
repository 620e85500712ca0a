"""Tags untagged or stale articles in batches: one spaCy pass per article, then each stage writes its part."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlite_utils
from spacy.tokens import Doc

from nlp.counts import add_counts, new_counts
from nlp.counts import progress as _progress
from nlp.pipeline import build_nlp
from nlp.regions.gazetteer import load
from nlp.regions.matcher import compose, mention_dict
from nlp.regions.resolver import Placement, resolve
from nlp.selection import TAGGER_VERSION, Options, places_pending, save_regions
from nlp.selection import chunks as _chunks
from nlp.selection import fetch as _fetch
from store.bulk import insert_rows, upsert_rows

DEFAULT_BATCH = 64


@dataclass
class Batch:
    """A batch of articles with their docs (tokenized once) and region placements."""

    rows: list[dict[str, Any]]
    docs: list[Doc]
    title_chars: list[int]
    options: Options
    placements: list[Placement] = field(default_factory=list)


@dataclass(frozen=True)
class Stage:
    """One tagging step: which articles it still has to do, and how it writes a batch.

    `pending(db, options)` returns the ids of articles it has work for; `run(db, batch)` writes them and
    may return counts to add to the run's summary (e.g. {"conflict": 3}).
    A stage that has nothing to do for an article in a batch (picked for another stage) may redo it:
    every stage replaces its own rows, so re-running is safe.
    """

    name: str
    pending: Callable[[sqlite_utils.Database, Options], Iterable[int]]
    run: Callable[[sqlite_utils.Database, Batch], dict[str, int] | None]


def now() -> str:
    """UTC timestamp, seconds precision."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def region_rows() -> list[dict[str, Any]]:
    """The `regions` table's rows: every province and kabupaten/kota of the gazetteer."""
    return [
        {
            "code": r.code,
            "level": r.level,
            "name": r.name,
            "province_code": r.province,
            "lat": r.lat,
            "lng": r.lng,
        }
        for r in load().regions.values()
        if r.level != "district"
    ]


def ensure_regions(db: sqlite_utils.Database) -> int:
    """Fill the `regions` table from the gazetteer (idempotent); return its row count."""
    return save_regions(db, region_rows())


def place_rows(batch: Batch, index: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The region_mentions rows and the article_places row of one article of a batch."""
    article_id = batch.rows[index]["id"]
    placement = batch.placements[index]
    mentions = [
        {"article_id": article_id, **mention_dict(m, batch.title_chars[index])}
        for m in placement.mentions
        if m.code
    ]
    point = placement.regency or placement.province
    place = {
        "article_id": article_id,
        "province_code": placement.province.code if placement.province else None,
        "regency_code": placement.regency.code if placement.regency else None,
        "confidence": placement.confidence,
        "reason": placement.reason,
        "lat": point.lat if point else None,
        "lng": point.lng if point else None,
        "tagger_version": TAGGER_VERSION,
        "tagged_at": now(),
    }
    return mentions, place


def write_places(db: sqlite_utils.Database, batch: Batch) -> None:
    """Replace the region mentions and the primary place of every article in the batch."""
    ids = [row["id"] for row in batch.rows]
    mentions: list[dict[str, Any]] = []
    places = []
    for index in range(len(batch.rows)):
        rows, place = place_rows(batch, index)
        mentions.extend(rows)
        places.append(place)
    marks = ",".join("?" * len(ids))
    db.execute(f"delete from region_mentions where article_id in ({marks})", ids)
    insert_rows(db.conn, "region_mentions", mentions)
    upsert_rows(db.conn, "article_places", places, "article_id")


REGION_STAGE = Stage("regions", places_pending, write_places)


def default_stages() -> list[Stage]:
    """The stages `waspada tag` runs, in order. The themes classifier appends its stage here."""
    from nlp.classifier.classify import themes_stage

    return [REGION_STAGE, themes_stage()]


def tag_batch(rows: list[dict[str, Any]], options: Options) -> Batch:
    """Tokenize a batch once (regions and impact components) and place every article."""
    nlp = build_nlp()
    texts = [compose(row.get("title"), row.get("text")) for row in rows]
    docs = list(nlp.pipe(text for text, _ in texts))
    batch = Batch(rows, docs, [chars for _, chars in texts], options)
    batch.placements = [
        resolve(doc, chars, row.get("default_province"), text)
        for row, doc, chars, (text, _) in zip(rows, docs, batch.title_chars, texts, strict=True)
    ]
    return batch


def tag_articles(
    db: sqlite_utils.Database,
    since: str | None = None,
    all: bool = False,  # noqa: A002 - mirrors the --all option
    batch_size: int = DEFAULT_BATCH,
    progress: bool = True,
    retag: bool = False,
    model: str | None = None,
    stages: list[Stage] | None = None,
) -> dict[str, Any]:
    """Tag every article some stage still needs, in batches; return counts of what was done."""
    options = Options(since=since, all=all, retag=retag, model=model)
    stages = default_stages() if stages is None else stages
    ensure_regions(db)
    ids = sorted({i for stage in stages for i in stage.pending(db, options)})
    counts = new_counts() | {"version": TAGGER_VERSION}
    with _progress(progress) as bar:
        task = bar.add_task("tagging", total=len(ids))
        for chunk in _chunks(ids, max(1, batch_size)):
            _tag_chunk(db, chunk, options, stages, counts)
            bar.advance(task, len(chunk))
    return counts


def _tag_chunk(
    db: sqlite_utils.Database, ids: list[int], options: Options, stages: list[Stage], counts: dict[str, Any]
) -> None:
    """Tag a chunk in one transaction; if it fails, each article alone, so a bad article stops only itself.

    An article failing alone is listed in counts["failed"] ("article ID: error") and stays untagged.
    """
    try:
        batch = tag_batch(_fetch(db, ids), options)
        with db.conn:
            run_stages(db, batch, stages, counts)
        _count(counts, batch)
    except Exception as error:  # noqa: BLE001 - one article must not stop the others
        if len(ids) > 1:
            for one in ids:
                _tag_chunk(db, [one], options, stages, counts)
            return
        counts.setdefault("failed", []).append(f"article {ids[0]}: {type(error).__name__}: {error}"[:300])


def run_stages(db: Any, batch: Batch, stages: list[Stage], counts: dict[str, Any]) -> None:
    """Each stage writes its part of the batch (to the database, or a worker's recorder); figures added up."""
    for stage in stages:
        add_counts(counts, stage.run(db, batch) or {})


def _count(counts: dict[str, Any], batch: Batch) -> None:
    counts["articles"] += len(batch.rows)
    counts["placed"] += sum(p.province is not None for p in batch.placements)
    counts["regency"] += sum(p.regency is not None for p in batch.placements)
    counts["mentions"] += sum(sum(1 for m in p.mentions if m.code) for p in batch.placements)
