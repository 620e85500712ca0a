"""How well stories group real reports of one event: pairwise and B-cubed scores against events.jsonl.

The articles of the folder's JSONL files (the shared set: `articles.jsonl`, `natural.jsonl`,
`natural2.jsonl`) are grouped together (the events' members and every other article as distractors) by
the same `story_grouping.assign` the database build uses, with places from Waspada's own region tagger (never
the gold labels). Dates: `published`, else the first date with a year the text states; an article with
neither is compared on text and place alone (its time neither splits nor merges; production always has a
time, the fetch time at worst). Dated articles are taken in time order, then the undated ones.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from reports import story_db_trial, story_grouping, story_trial
from reports.vectors import tfidf
from store.errors import InputError

FILES = ("articles.jsonl", "natural.jsonl", "natural2.jsonl")
BASELINE_DAYS = 3
BASELINE_THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.10, 0.91, 0.05))


@dataclass
class Scores:
    """Pairwise and B-cubed precision, recall and F1 of one grouping against the gold events."""

    name: str
    pairwise: tuple[float, float, float]
    bcubed: tuple[float, float, float]
    n_groups: int
    split: dict[str, int] = field(default_factory=dict)  # event → how many groups its members fell in
    merged: dict[str, list[str]] = field(default_factory=dict)  # event → article keys wrongly joined to it
    n_articles: int = 0
    n_events: int = 0  # events of two or more members among the articles
    n_undated: int = 0  # articles with neither a published date nor one stated in the text


def read_corpus(folder: Path) -> tuple[list[dict[str, Any]], dict[str, tuple[str, bool]]]:
    """Every article of the three files (`key` = file:id), and each event member's (event, doubtful)."""
    from nlp.regions.evaluation import read_labeled

    events_path = folder / "events.jsonl"
    if not events_path.exists():
        raise InputError(f"{events_path}: no such file (expected the shared labeled folder)")
    listed = list(read_labeled(events_path))
    events = {f"{e['file']}:{e['id']}": (e["event"], bool(e.get("doubtful"))) for e in listed}
    rows = []
    for name in article_files(folder, {e["file"] for e in listed}):
        rows += [r | {"key": f"{name}:{r['id']}"} for r in read_labeled(folder / name)]
    missing = set(events) - {r["key"] for r in rows}
    if missing:
        raise InputError(
            f"{events_path}: {len(missing)} member(s) not in the article files, e.g. {min(missing)}"
        )
    return rows, events


def article_files(folder: Path, named: set[str]) -> list[str]:
    """The article files to read: the shared three, those events.jsonl names and any other JSONL file
    of the folder (more distractors), each once; a file events.jsonl names must exist."""
    missing = sorted(name for name in named if not (folder / name).is_file())
    if missing:
        raise InputError(f"{folder / 'events.jsonl'}: names {missing[0]}, which is not in the folder")
    found = (named | {path.name for path in folder.glob("*.jsonl")}) - {"events.jsonl"}
    return [name for name in FILES if name in found] + sorted(found - set(FILES))


def place(rows: list[dict[str, Any]]) -> list[tuple[str | None, str | None]]:
    """Province and regency codes from Waspada's own region tagger, as production would store them."""
    from nlp.pipeline import build_nlp, regions_only
    from nlp.regions.matcher import compose
    from nlp.regions.resolver import resolve

    nlp = build_nlp()
    texts = [compose(r.get("title"), r.get("text")) for r in rows]
    with regions_only(nlp):
        docs = list(nlp.pipe((t for t, _ in texts), batch_size=64))
    found = []
    for (text, title_chars), doc in zip(texts, docs, strict=True):
        placement = resolve(doc, title_chars, None, text)
        found.append(
            (
                placement.province.code if placement.province else None,
                placement.regency.code if placement.regency else None,
            )
        )
    return found


def published(row: dict[str, Any]) -> datetime | None:
    """The row's `published` day at noon UTC, else the first date its text states, else None.

    62% of the rows have no `published` (their excerpt carried none); the annotator dated their events
    from the dates the texts state, and a crawled page would have its own date."""
    value = row.get("published")
    if value:
        return datetime.fromisoformat(value[:10]).replace(hour=12, tzinfo=UTC)
    return stated_date(row.get("text") or "")


def stated_date(text: str) -> datetime | None:
    """The first date with a year a text states ("Jumat (13/2/2026)", "13 Februari 2026"), at noon UTC."""
    from crawler.dates import DATELINE_PATTERNS, EARLIEST, parse_text

    found = sorted(
        (m for pattern in DATELINE_PATTERNS for m in pattern.finditer(text)), key=lambda m: m.start()
    )
    for match in found:
        moment = parse_text(match.group("date"), "WIB")
        if moment is not None and EARLIEST <= moment <= datetime.now(UTC):
            return moment.replace(hour=12, minute=0, tzinfo=UTC)
    return None


def members(
    rows: list[dict[str, Any]], places: list[tuple[str | None, str | None]]
) -> list[story_grouping.Member]:
    """Rows as clustering members, in the order production would see them (dated by time, then undated)."""
    found = [
        story_grouping.Member(
            i,
            published(r),
            p,
            g,
            None,
            story_grouping.member_text(r.get("title"), (r.get("text") or "")[: story_grouping.TEXT_CHARS]),
            source=r.get("source"),
        )
        for i, (r, (p, g)) in enumerate(zip(rows, places, strict=True))
    ]
    return sorted(found, key=lambda m: (m.seen is None, m.seen or datetime.min.replace(tzinfo=UTC), m.id))


def waspada_groups(rows: list[dict[str, Any]], places: list[tuple[str | None, str | None]]) -> list[int]:
    """The story of each row when Waspada groups them all."""
    ordered = members(rows, places)
    assigned, _ = story_grouping.assign(ordered, list(range(len(ordered))), 1)
    labels = [0] * len(rows)
    for member, (story, _) in zip(ordered, assigned, strict=True):
        labels[member.id] = story
    return labels


def baseline_groups(rows: list[dict[str, Any]]) -> dict[float, list[int]]:
    """Plain TF-IDF single-link (cosine ≥ threshold, ≤ 3 days apart or a date unknown), per threshold."""
    ordered = members(rows, [(None, None)] * len(rows))
    ordered.sort(key=lambda m: m.id)
    sims = tfidf([m.text for m in ordered], story_grouping.cached_tokens)  # plain: no reference word weights
    sims = (sims @ sims.T).toarray()
    days = np.array([m.seen.toordinal() if m.seen else np.nan for m in ordered])
    gap = np.abs(days[:, None] - days[None, :])
    near = np.isnan(gap) | (gap <= BASELINE_DAYS)
    out = {}
    for threshold in BASELINE_THRESHOLDS:
        _, labels = connected_components(csr_matrix((sims >= threshold) & near), directed=False)
        out[threshold] = [int(x) for x in labels]
    return out


def gold_labels(
    rows: list[dict[str, Any]], events: dict[str, tuple[str, bool]], strict: bool
) -> dict[int, str]:
    """Row index → gold group (its event, or itself); strict leaves doubtful members out entirely."""
    gold = {}
    for i, row in enumerate(rows):
        event = events.get(row["key"])
        if event and event[1] and strict:
            continue
        gold[i] = event[0] if event else f"single:{row['key']}"
    return gold


def _pairs(labels: dict[int, Any]) -> set[tuple[int, int]]:
    groups: dict[Any, list[int]] = defaultdict(list)
    for i, label in labels.items():
        groups[label].append(i)
    return {pair for group in groups.values() for pair in itertools.combinations(sorted(group), 2)}


def _prf(precision: float, recall: float) -> tuple[float, float, float]:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def pairwise(predicted: dict[int, Any], gold: dict[int, Any]) -> tuple[float, float, float]:
    """Precision, recall and F1 over pairs of articles put in one group."""
    got, want = _pairs(predicted), _pairs(gold)
    hit = len(got & want)
    return _prf(hit / len(got) if got else 1.0, hit / len(want) if want else 1.0)


def bcubed(predicted: dict[int, Any], gold: dict[int, Any]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (per article: share of its group that is right, averaged)."""
    pred_size = Counter(predicted.values())
    gold_size = Counter(gold.values())
    both = Counter((predicted[i], gold[i]) for i in gold)
    precision = sum(both[(predicted[i], gold[i])] / pred_size[predicted[i]] for i in gold) / len(gold)
    recall = sum(both[(predicted[i], gold[i])] / gold_size[gold[i]] for i in gold) / len(gold)
    return _prf(precision, recall)


def score(
    name: str, labels: list[int], rows: list[dict[str, Any]], gold: dict[int, str], undated: int = 0
) -> Scores:
    """Scores of one grouping, with what it split and merged per event (`undated`: how many of the gold
    articles have no date, counted once by the caller)."""
    predicted = {i: labels[i] for i in gold}
    result = Scores(name, pairwise(predicted, gold), bcubed(predicted, gold), len(set(predicted.values())))
    by_event: dict[str, set[int]] = defaultdict(set)
    for i, event in gold.items():
        if not event.startswith("single:"):
            by_event[event].add(i)
    result.n_articles, result.n_events = len(gold), sum(len(ids) > 1 for ids in by_event.values())
    result.n_undated = undated
    for event, ids in sorted(by_event.items()):
        groups = {predicted[i] for i in ids}
        if len(groups) > 1:
            result.split[event] = len(groups)
        intruders = sorted(rows[j]["key"] for j in predicted if predicted[j] in groups and j not in ids)
        if intruders:
            result.merged[event] = intruders
    return result


def with_distractors(
    rows: list[dict[str, Any]], events: dict[str, tuple[str, bool]], count: int, seed: int = 1
) -> list[dict[str, Any]]:
    """Every event member plus `count` other articles drawn at random (seeded): the make-up of a held-out
    set like "23 events and 24 unrelated articles" instead of every other article of the files."""
    others = [r for r in rows if r["key"] not in events]
    drawn = {r["key"] for r in random.Random(seed).sample(others, min(count, len(others)))}
    return [r for r in rows if r["key"] in events or r["key"] in drawn]


def evaluate(
    folder: Path,
    strict: bool = False,
    distractors: int | None = None,
    seed: int = 1,
    held_out_like: bool = False,
    dated: bool = False,
    through_db: bool = False,
) -> list[Scores]:
    """Waspada's grouping and the TF-IDF single-link baseline (its best threshold) on the shared events;
    held_out_like: dated and placed as the hidden set's outlets would (reports/story_trial.py); dated:
    only the articles with a date (published or stated in the text), as every stored article has one;
    through_db: grouped through a temporary database day by day, as production does."""
    if through_db and not (dated or held_out_like):
        raise InputError(story_db_trial.NEEDS_DATES)  # before the region tagging, not after
    rows, events = read_corpus(folder)
    if dated:
        rows = [r for r in rows if published(r) is not None]
    if distractors is not None:
        rows = with_distractors(rows, events, distractors, seed)
    places = place(rows)
    if held_out_like:
        rows, places = story_trial.held_out_like(rows, places, events, seed)
    gold = gold_labels(rows, events, strict)
    undated = sum(published(rows[i]) is None for i in gold)  # reads each text's dates: once, not per score
    if through_db:
        labels = story_db_trial.database_groups(rows, places, published)
        waspada = score("waspada, through the database", labels, rows, gold, undated)
    else:
        waspada = score("waspada", waspada_groups(rows, places), rows, gold, undated)
    baselines = [
        score(f"tf-idf single-link ≤{BASELINE_DAYS} d, cosine ≥ {t:.2f}", labels, rows, gold, undated)
        for t, labels in baseline_groups(rows).items()
    ]
    return [waspada, max(baselines, key=lambda s: s.pairwise[2])]


def composition(scores: Scores) -> str:
    """What the scores rest on: articles, events, and the undated articles compared on text alone."""
    events = "event" if scores.n_events == 1 else "events"
    line = f"{scores.n_articles:,} articles, {scores.n_events} {events} of two or more reports"
    if not scores.n_undated:
        return f"{line}; every article dated"
    return (
        f"{line}; {scores.n_undated:,} without a date (neither published nor stated in the text) are "
        "compared on text and place alone: a stored article always has a time (--dated leaves them out)"
    )


def table(results: Iterable[Scores]) -> list[str]:
    """Aligned lines: one row per grouping."""
    head = f"{'grouping':<44} {'groups':>6}  {'pair P':>6} {'pair R':>6} {'pair F1':>7}"
    lines = [f"{head}  {'B3 P':>5} {'B3 R':>5} {'B3 F1':>5}"]
    for s in results:
        p, r, f = s.pairwise
        bp, br, bf = s.bcubed
        lines.append(
            f"{s.name:<44} {s.n_groups:>6}  {p:>6.3f} {r:>6.3f} {f:>7.3f}  {bp:>5.3f} {br:>5.3f} {bf:>5.3f}"
        )
    return lines
