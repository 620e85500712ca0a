"""The sample site's article catalogue: YAML entries loaded, dated, numbered and given URLs."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from store.calendar import MONTHS_ID
from store.errors import InputError

PACKAGE_DIR = Path(__file__).resolve().parent
ARTICLES_DIR = PACKAGE_DIR / "articles"
OUTLETS = ("mediacenter", "kabarnusantara", "wartatimur")
TZ_HOURS = {"WIB": 7, "WITA": 8, "WIT": 9}
FIRST_POST_ID = 4100
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


@dataclass(eq=False)
class Entry:
    """One article as the server sees it: the public dict plus what rendering needs."""

    data: dict[str, Any]
    post_id: int
    local: datetime | None  # aware, in the article's own zone; None for no_date articles
    path: str = ""

    @property
    def outlet(self) -> str:
        return str(self.data["outlet"])

    @property
    def slug(self) -> str:
        return str(self.data["id"])

    @property
    def utc(self) -> datetime | None:
        return self.local.astimezone(UTC) if self.local else None

    def variant(self, modulo: int) -> int:
        """A stable per-article number in range(modulo), to vary page styles deterministically."""
        return zlib.crc32(self.slug.encode()) % modulo


def zone(tz_name: str) -> timezone:
    """The fixed-offset zone for WIB, WITA or WIT."""
    if tz_name not in TZ_HOURS:
        raise InputError(f"unknown time zone {tz_name!r} (expected WIB, WITA or WIT)")
    return timezone(timedelta(hours=TZ_HOURS[tz_name]), tz_name)


def local_time(item: dict[str, Any]) -> datetime | None:
    """The article's publication time, aware in its own zone, or None when it carries no date."""
    if item.get("no_date") or not item.get("published"):
        return None
    try:
        naive = datetime.strptime(str(item["published"]), "%Y-%m-%d %H:%M")
    except ValueError as error:
        raise InputError(f"article {item.get('id')}: bad published {item['published']!r}") from error
    return naive.replace(tzinfo=zone(str(item.get("tz") or "WITA")))


def read_yaml_list(path: Path) -> list[dict[str, Any]]:
    """The list of entries in one YAML file (an empty file gives an empty list)."""
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not valid YAML ({str(error).splitlines()[0]})") from error
    if loaded is None:
        return []
    if not isinstance(loaded, list):
        raise InputError(f"{path}: expected a list of articles")
    return [dict(item) for item in loaded]


def load_articles(articles_dir: Path) -> list[dict[str, Any]]:
    """All article entries of *.yaml files in a folder, in file then list order; ids must be unique."""
    if not articles_dir.is_dir():
        raise InputError(f"{articles_dir}: articles folder not found")
    items = [item for path in sorted(articles_dir.glob("*.yaml")) for item in read_yaml_list(path)]
    check_articles(items, str(articles_dir))
    return items


def check_articles(items: list[dict[str, Any]], where: str) -> None:
    """Raise InputError on a missing field, an unknown outlet or a repeated id."""
    seen: set[str] = set()
    for item in items:
        for field in ("id", "outlet", "title", "paragraphs"):
            if not item.get(field):
                raise InputError(f"{where}: article {item.get('id')!r} has no {field}")
        if item["id"] in seen:
            raise InputError(f"{where}: article id {item['id']!r} appears twice")
        seen.add(item["id"])
        local_time(item)


def build_entries(items: list[dict[str, Any]], first_id: int = FIRST_POST_ID) -> list[Entry]:
    """Entries with post ids numbered in list order and local times parsed."""
    return [Entry(data=item, post_id=first_id + n, local=local_time(item)) for n, item in enumerate(items)]


def newest_first(entries: list[Entry]) -> list[Entry]:
    """Dated entries newest first (ties by id), then undated ones."""
    dated = sorted((e for e in entries if e.local), key=lambda e: (e.utc, e.post_id), reverse=True)
    return dated + [e for e in entries if not e.local]


def indonesian_date(moment: datetime, with_time: bool = True) -> str:
    """'Kamis, 5 November 2026 14:20 WITA' (or without the time)."""
    text = f"{DAYS[moment.weekday()]}, {moment.day} {MONTHS_ID[moment.month - 1]} {moment.year}"
    return f"{text} {moment:%H:%M} {moment.tzname()}" if with_time else text


def iso(moment: datetime) -> str:
    """ISO 8601 with seconds and the zone offset: 2026-11-03T09:15:00+08:00."""
    return moment.isoformat(timespec="seconds")


def rfc822(moment: datetime) -> str:
    """RFC 822 date as feeds write it, keeping the moment's own offset: 'Tue, 03 Nov 2026 09:15:00 +0800'."""
    day = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[moment.weekday()]
    month = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{day}, {moment:%d} {month[moment.month - 1]} {moment:%Y %H:%M:%S} {moment:%z}"
