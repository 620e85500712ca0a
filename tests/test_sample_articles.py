"""Sample news site articles: every YAML entry is well-formed, consistent and carries valid gold labels."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from nlp.classifier.taxonomy import IMPACT_FIELDS, is_theme

ARTICLES_DIR = Path(__file__).resolve().parent.parent / "crawler" / "samplesite" / "articles"
OUTLETS = {"mediacenter", "kabarnusantara", "wartatimur"}
TZ_HOURS = {"WIB": 7, "WITA": 8, "WIT": 9}
REQUIRED = (
    "id",
    "outlet",
    "published",
    "tz",
    "title",
    "author",
    "credit",
    "category",
    "tags",
    "province",
    "regency",
    "conflict",
    "themes",
    "impact",
    "paragraphs",
)
FIRST_DAY, LAST_DAY = date(2026, 10, 19), date(2026, 11, 27)  # ≥ 35 days: the demo has a baseline
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DAY_DATE = re.compile(
    r"\b(Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu),? \((\d{1,2})/(\d{1,2})/(\d{4})\)"
)
DATELINE = re.compile(r"^([A-Z][^\n]{1,90}?) [–—-]{1,2} \S")
DATE_HINT = re.compile(
    r"\d{1,2}/\d{1,2}/\d{2,4}|\b(19|20)\d\d\b|\b(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu)\b"
    r"|\b\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember)\b"
)


def load_entries() -> list[dict[str, Any]]:
    """All entries of all YAML files, each remembering its file name."""
    entries: list[dict[str, Any]] = []
    for path in sorted(ARTICLES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, list), f"{path.name}: top level must be a list"
        entries.extend({**entry, "_file": path.name} for entry in data)
    return entries


ENTRIES = load_entries()
BY_ID = {entry["id"]: entry for entry in ENTRIES}


def published_utc(entry: dict[str, Any]) -> datetime:
    """The publication moment of an entry in UTC."""
    local = datetime.strptime(entry["published"], "%Y-%m-%d %H:%M")
    return local.replace(tzinfo=timezone(timedelta(hours=TZ_HOURS[entry["tz"]]))).astimezone(UTC)


def texts(entry: dict[str, Any]) -> list[str]:
    """The title and every paragraph."""
    return [entry["title"], *entry["paragraphs"]]


def test_there_are_articles_from_every_outlet() -> None:
    assert len(ENTRIES) >= 29
    assert {entry["outlet"] for entry in ENTRIES} == OUTLETS


def test_ids_are_unique_slugs() -> None:
    duplicates = [key for key, count in Counter(entry["id"] for entry in ENTRIES).items() if count > 1]
    assert duplicates == []
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry["id"]) for entry in ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry["id"])
def test_entry_fields(entry: dict[str, Any]) -> None:
    missing = [field for field in REQUIRED if field not in entry]
    assert missing == []
    assert entry["outlet"] in OUTLETS
    assert entry["tz"] in TZ_HOURS
    assert entry["title"].strip() and entry["category"].strip()
    assert isinstance(entry["tags"], list)
    assert entry["author"] is None or entry["author"].strip()
    assert FIRST_DAY <= datetime.strptime(entry["published"], "%Y-%m-%d %H:%M").date() <= LAST_DAY


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry["id"])
def test_gold_labels(entry: dict[str, Any]) -> None:
    regency = entry["regency"]
    if entry["province"] is None:  # a national story: no region at all
        assert regency is None
    else:
        assert re.fullmatch(r"\d{2}", entry["province"])
    assert regency is None or re.fullmatch(rf"{entry['province']}\.\d{{2}}", regency)
    assert isinstance(entry["conflict"], bool)
    assert all(is_theme(theme) for theme in entry["themes"])
    assert len(set(entry["themes"])) == len(entry["themes"])
    assert bool(entry["themes"]) == entry["conflict"], "themes must be empty exactly when conflict is false"
    impact = entry["impact"]
    assert set(impact) == set(IMPACT_FIELDS)
    assert all(isinstance(value, int) and value >= 0 for value in impact.values())


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry["id"])
def test_body(entry: dict[str, Any]) -> None:
    paragraphs = entry["paragraphs"]
    assert paragraphs and all(isinstance(p, str) and p.strip() for p in paragraphs)
    assert DATELINE.match(paragraphs[0]), f"no dateline: {paragraphs[0][:60]!r}"
    assert not any("baca juga" in p.lower() for p in paragraphs)
    if entry["credit"]:
        assert not any(entry["credit"] in p for p in paragraphs), "the credit line belongs in `credit`"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry["id"])
def test_weekdays_match_dates(entry: dict[str, Any]) -> None:
    for text in texts(entry):
        for day, dd, mm, yyyy in DAY_DATE.findall(text):
            weekday = DAYS[date(int(yyyy), int(mm), int(dd)).weekday()]
            assert day.replace("'", "") == weekday, f"{day} ({dd}/{mm}/{yyyy}) is a {weekday}"


def test_undated_pages_carry_no_date() -> None:
    undated = [entry for entry in ENTRIES if entry.get("no_date")]
    assert undated
    for entry in undated:
        hits = [m.group(0) for text in texts(entry) for m in DATE_HINT.finditer(text)]
        assert hits == [], f"{entry['id']} mentions dates: {hits}"


def test_events_are_reported_by_several_articles() -> None:
    counts = Counter(entry["event"] for entry in ENTRIES if entry.get("event"))
    assert counts
    assert [event for event, count in counts.items() if count < 2] == []


def test_independent_reports_come_from_different_outlets() -> None:
    events: dict[str, set[str]] = {}
    for entry in ENTRIES:
        if entry.get("event") and not entry.get("republish_of"):
            events.setdefault(entry["event"], set()).add(entry["outlet"])
    multi = {event: outlets for event, outlets in events.items() if len(outlets) >= 2}
    assert len(multi) >= 2


@pytest.mark.parametrize("copy", [e for e in ENTRIES if e.get("republish_of")], ids=lambda entry: entry["id"])
def test_republished_copies(copy: dict[str, Any]) -> None:
    original = BY_ID.get(copy["republish_of"])
    assert original is not None, f"unknown original {copy['republish_of']}"
    assert not original.get("republish_of"), "the original must not itself be a copy"
    assert original["outlet"] != copy["outlet"]
    assert copy.get("event") and copy["event"] == original.get("event")
    delay = published_utc(copy) - published_utc(original)
    assert timedelta(hours=1) <= delay <= timedelta(hours=26)
    assert copy["paragraphs"] != original["paragraphs"]
    assert (copy["province"], copy["regency"], copy["conflict"]) == (
        original["province"],
        original["regency"],
        original["conflict"],
    )
