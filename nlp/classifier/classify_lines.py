"""Classify JSON lines without a database: each line's place (and the fields later stages add)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from nlp.pipeline import build_nlp
from nlp.regions.matcher import compose
from nlp.regions.resolver import resolve
from store.articles import TEXT_FIELDS, TITLE_FIELDS, first_text

BATCH = 64

# Functions that add fields to the output lines of a batch: enricher(articles, docs, outputs), where
# articles are {"title", "text"} dicts read from the input lines.
# The themes classifier appends one (conflict, themes, impact); each edits `outputs` in place.
Enricher = Callable[[list[dict[str, Any]], list[Doc], list[dict[str, Any]]], None]
ENRICHERS: list[Enricher] = []


@dataclass
class Line:
    """One input line: its number, the parsed record (None when bad), the error message and, for a bad
    JSON object, its id (so an output line can still be matched to its input)."""

    number: int
    record: dict[str, Any] | None
    error: str | None = None
    id: Any = None


def parse(lines: Iterable[str]) -> Iterator[Line]:
    """Numbered records; a line that is not a JSON object comes back with an error instead."""
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as error:
            yield Line(number, None, f"line {number}: not JSON ({error.msg})")
            continue
        if not isinstance(record, dict):
            yield Line(number, None, f"line {number}: not a JSON object")
            continue
        if not (first_text(record, TITLE_FIELDS) or first_text(record, TEXT_FIELDS)):
            names = ", ".join(TITLE_FIELDS + TEXT_FIELDS)
            message = f"line {number}: no title or text (looked for {names})"
            yield Line(number, None, message, record.get("id"))
            continue
        yield Line(number, record)


def classify_batch(
    records: list[dict[str, Any]], default_province: str | None = None
) -> list[dict[str, Any]]:
    """Output dicts ({"id", "province", "regency", "regions", "confidence", "reason", ...}) for records."""
    nlp = build_nlp()
    articles = [{"title": first_text(r, TITLE_FIELDS), "text": first_text(r, TEXT_FIELDS)} for r in records]
    texts = [compose(a["title"], a["text"]) for a in articles]
    docs = list(nlp.pipe(text for text, _ in texts))
    outputs = []
    for record, doc, (text, chars) in zip(records, docs, texts, strict=True):
        placement = resolve(doc, chars, default_province, text)
        outputs.append({"id": record.get("id"), **placement.as_dict(chars)})
    for enrich in ENRICHERS:
        enrich(articles, docs, outputs)
    return outputs


def classify_lines(lines: Iterable[str], default_province: str | None = None) -> Iterator[Line | dict]:
    """For every non-blank input line, in order: its output dict, or the bad Line (error set)."""
    pending: list[Line] = []
    for line in parse(lines):
        pending.append(line)
        if len(pending) >= BATCH:
            yield from _flush(pending, default_province)
            pending = []
    yield from _flush(pending, default_province)


def _flush(pending: list[Line], default_province: str | None) -> Iterator[Line | dict]:
    good = [line.record for line in pending if line.record is not None]
    outputs = iter(classify_batch(good, default_province) if good else [])
    for line in pending:
        yield line if line.record is None else next(outputs)


def _themes_enricher() -> None:
    """Register the themes stage's fields (conflict, themes, impact) for `waspada classify`."""
    from nlp.classifier.classify import enrich_lines

    if enrich_lines not in ENRICHERS:
        ENRICHERS.append(enrich_lines)


_themes_enricher()
