"""Extraction evaluation: Waspada vs bare trafilatura on saved pages with hand-checked expectations."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import trafilatura

from crawler import extract as waspada_extract
from crawler.clean import normalize_space
from store.errors import InputError

WORD = re.compile(r"\w+", re.UNICODE)
COVERED = 0.5  # a line shares at least this share of its words with the other side to count as matched


@dataclass
class Page:
    """One saved page and what a person expects extraction to give."""

    id: str
    html: str
    url: str | None
    title: list[str]
    published: list[datetime]
    has_time: bool
    paragraphs: list[str]


@dataclass
class Output:
    """What one system extracted from one page."""

    title: str | None = None
    published: datetime | str | None = None
    lines: list[str] = field(default_factory=list)


@dataclass
class Score:
    """One system's figures on one page."""

    id: str
    precision: float
    recall: float
    f1: float
    title_ok: bool
    day_ok: bool
    minute_ok: bool | None
    leaked: int
    lost: int
    dropped: bool


def words(text: str) -> Counter[str]:
    """The bag of lowercased words of a text."""
    return Counter(WORD.findall(text.lower()))


def read_pages(folder: Path) -> list[Page]:
    """The pages of a folder holding expected.jsonl and html/*.html.gz."""
    listing = folder / "expected.jsonl"
    if not listing.exists():
        raise InputError(f"{listing}: no such file (a pages folder holds expected.jsonl and html/)")
    pages = []
    for number, line in enumerate(listing.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            pages.append(_page(folder, row))
        except (json.JSONDecodeError, KeyError, OSError, ValueError) as error:
            raise InputError(f"{listing}:{number}: {error}") from error
    return pages


def _page(folder: Path, row: dict) -> Page:
    raw = (folder / row["file"]).read_bytes()
    html = (gzip.decompress(raw) if row["file"].endswith(".gz") else raw).decode(
        row.get("encoding") or "utf-8"
    )
    stamps = [row["published"], *row.get("published_alt", [])]
    return Page(
        id=row["id"],
        html=html,
        url=row.get("url"),
        title=[normalize_space(t) for t in [row["title"], *row.get("title_alt", [])]],
        published=[datetime.fromisoformat(s) for s in stamps if s],
        has_time=bool(row.get("published_has_time")),
        paragraphs=row["body_paragraphs"],
    )


def run_waspada(page: Page) -> Output:
    """Waspada's extraction and cleaning, as the crawler runs it."""
    try:
        found = waspada_extract.extract(page.html, url=page.url)
    except waspada_extract.NotArticle:
        return Output()
    moment = found.date.published_at
    return Output(found.title, datetime.fromisoformat(moment) if moment else None, found.body.paragraphs)


def trafilatura_system(**options: bool) -> Callable[[Page], Output]:
    """Bare trafilatura.bare_extraction with the given options."""

    def run(page: Page) -> Output:
        document = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True, **options)
        if document is None:
            return Output()
        lines = [line for line in (document.text or "").split("\n") if line.strip()]
        return Output(document.title, document.date, lines)

    return run


SYSTEMS: dict[str, Callable[[Page], Output]] = {
    "waspada": run_waspada,
    "trafilatura": trafilatura_system(),
    "trafilatura_precision": trafilatura_system(favor_precision=True),
}


def _prf(got: Counter[str], want: Counter[str]) -> tuple[float, float, float]:
    common = sum((got & want).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _unmatched(lines: list[str], other: Counter[str]) -> int:
    """Lines with less than half of their words found on the other side."""
    missing = 0
    for line in lines:
        bag = words(line)
        if bag and sum((bag & other).values()) < COVERED * sum(bag.values()):
            missing += 1
    return missing


def _dates_ok(page: Page, published: datetime | str | None) -> tuple[bool, bool | None]:
    if published is None or not page.published:
        return False, (False if page.has_time else None)
    if isinstance(published, str):  # trafilatura gives a day only
        day_ok = any(published[:10] == want.date().isoformat() for want in page.published)
        return day_ok, (False if page.has_time else None)
    local = [published.astimezone(want.tzinfo) for want in page.published]
    day_ok = any(got.date() == want.date() for got, want in zip(local, page.published, strict=True))
    same = (
        got.replace(second=0) == want.replace(second=0)
        for got, want in zip(local, page.published, strict=True)
    )
    return day_ok, (any(same) if page.has_time else None)


def score(page: Page, output: Output) -> Score:
    """Compare one extraction with the page's expectations."""
    want = words(" ".join(page.paragraphs))
    got = words(" ".join(output.lines))
    precision, recall, f1 = _prf(got, want)
    day_ok, minute_ok = _dates_ok(page, output.published)
    return Score(
        id=page.id,
        precision=precision,
        recall=recall,
        f1=f1,
        title_ok=normalize_space(output.title or "") in page.title,
        day_ok=day_ok,
        minute_ok=minute_ok,
        leaked=_unmatched(output.lines, want),
        lost=_unmatched(page.paragraphs, got),
        dropped=not output.lines,
    )


def summary(scores: list[Score]) -> dict[str, float | int]:
    """Means and counts over the pages."""
    count = len(scores) or 1
    timed = [s.minute_ok for s in scores if s.minute_ok is not None]
    return {
        "pages": len(scores),
        "precision": sum(s.precision for s in scores) / count,
        "recall": sum(s.recall for s in scores) / count,
        "f1": sum(s.f1 for s in scores) / count,
        "title": sum(s.title_ok for s in scores) / count,
        "day": sum(s.day_ok for s in scores) / count,
        "minute": sum(timed) / len(timed) if timed else 0.0,
        "leaked": sum(s.leaked for s in scores),
        "lost": sum(s.lost for s in scores),
        "dropped": sum(s.dropped for s in scores),
    }


def evaluate(pages: list[Page]) -> dict:
    """Every system on every page, per page and on average."""
    report: dict = {"pages": len(pages), "systems": {}}
    for name, system in SYSTEMS.items():
        scores = [score(page, system(page)) for page in pages]
        report["systems"][name] = {"mean": summary(scores), "per_page": [asdict(s) for s in scores]}
    return report


def table(report: dict) -> Iterator[str]:
    """The report as text lines: one summary row per system, then per-page F1."""
    systems = report["systems"]
    yield f"{report['pages']} page(s)"
    heads = ("P", "R", "F1", "title", "day", "minute", "leaked", "lost")
    yield f"{'system':22s} " + " ".join(f"{head:>6}" for head in heads) + f" {'dropped':>7}"
    for name, data in systems.items():
        m = data["mean"]
        yield (
            f"{name:22s} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['title']:6.3f} "
            f"{m['day']:6.3f} {m['minute']:6.3f} {m['leaked']:6d} {m['lost']:6d} {m['dropped']:7d}"
        )
    yield ""
    names = list(systems)
    width = max([16, *(len(row["id"]) for row in systems[names[0]]["per_page"])])
    yield f"{'page':{width}s} " + " ".join(f"{name[:22]:>22s}" for name in systems)
    for index, row in enumerate(systems[names[0]]["per_page"]):
        cells = []
        for name in names:
            s = systems[name]["per_page"][index]
            flags = (
                ("T" if s["title_ok"] else "-") + ("D" if s["day_ok"] else "-") + _minute_flag(s["minute_ok"])
            )
            cells.append(f"{s['f1']:.3f} {flags} {'DROP' if s['dropped'] else '':4s}")
        yield f"{row['id']:{width}s} " + " ".join(f"{cell:>22s}" for cell in cells)


def _minute_flag(value: bool | None) -> str:
    return "." if value is None else ("M" if value else "-")
