"""Articles from other tools' JSONL (news-please, news-watch, trafilatura, waspada export) or CSV as rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from crawler import dates, dedup, urls
from crawler.clean import cap_text
from crawler.copies import Copies
from crawler.nearindex import day_of
from store.articles import (
    TEXT_FIELDS,
    TITLE_FIELDS,
    article_id,
    content_hash,
    insert_article,
    utc_iso,
    utc_now,
)
from store.errors import InputError, first_problems
from store.textfiles import csv_delimiter, read_lines, read_text

SHOWN_ERRORS = 20
# Target column <- field names tried in order (news-please, news-watch, trafilatura, Waspada export).
ALIASES: dict[str, tuple[str, ...]] = {
    "url": ("url", "link"),
    "text": TEXT_FIELDS,
    "title": TITLE_FIELDS,
    "lead": ("lead", "description", "excerpt"),
    "author": ("author", "authors"),
    "credit": ("credit",),
    "language": ("language",),
    "fetched_at": ("fetched_at", "date_download"),
}
# news-please, newspaper, trafilatura, feeds and plain exports, a spreadsheet's Indonesian column.
PUBLISHED = ("date_publish", "publish_date", "date", "published", "published_at", "tanggal")
SOURCE_NAMES = ("source_domain", "hostname", "source")
Record = tuple[dict[str, Any], list[str]]  # (article row for store.articles, URLs it was seen under)


class BadLines(InputError):
    """Some lines of an import file cannot be used; `problems` holds every "line N: reason"."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} bad line(s), nothing imported")

    def shown(self) -> list[str]:
        """The first problems, and how many more there are."""
        return first_problems(self.problems, SHOWN_ERRORS)


@dataclass(frozen=True)
class Outcome:
    """What an import did."""

    imported: int
    skipped: int
    undated: int = 0  # imported without a publication date: seen on their download date, or now
    copies: int = 0  # imported articles linked as copies of another article (dup_of)


@dataclass(frozen=True)
class Registry:
    """The registered sources by name and by home host, to name sources and read naive dates."""

    by_name: dict[str, dict[str, Any]]
    by_host: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, sources: list[dict[str, Any]]) -> Registry:
        return cls({s["name"]: s for s in sources}, {urls.host_of(s["home_url"]): s for s in sources})

    def zone(self, source: str, url: str) -> str:
        """The source's time zone: by name, else by the URL's host, else WIB."""
        found = self.by_name.get(source) or self.by_host.get(urls.host_of(url))
        return found["tz"] if found else "WIB"


def read_records(path: Path, source: str | None, registry: Registry, encoding: str = "utf-8") -> list[Record]:
    """Every record of `path` (JSONL, or CSV with a header) as (article record, URLs seen), or BadLines
    listing every bad line."""
    records, problems = [], []
    if is_csv(path):
        items, parse = csv_items(path, encoding), parse_row
    else:
        items, parse = jsonl_items(path, encoding), parse_line
    try:
        for number, item in items:
            try:
                records.append(to_record(parse(item), source, registry))
            except InputError as error:
                problems.append(f"line {number}: {error}")
    except BadCsv as error:
        problems.append(str(error))
    if problems:
        raise BadLines(path, problems)
    if not records:
        raise InputError(f"{path}: no articles in the file")
    return records


def is_csv(path: Path) -> bool:
    return path.suffix.lower() == ".csv"


def jsonl_items(path: Path, encoding: str = "utf-8") -> Iterator[tuple[int, str]]:
    """(line number, line) of every non-blank line."""
    for number, line in read_lines(path, encoding):
        if line.strip():
            yield number, line


class BadCsv(InputError):
    """The CSV reader cannot go on past a line (e.g. an unclosed quote or a NUL byte)."""


def csv_items(path: Path, encoding: str = "utf-8") -> Iterator[tuple[int, dict[str | None, Any]]]:
    """(first line number, row) of every CSV record; a record may span lines inside quotes."""
    text = read_text(path, encoding)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text), strict=True)
    last = 0  # the line the previous record ended on
    try:
        check_header(path, reader.fieldnames)
        last = reader.line_num
        for row in reader:
            yield last + 1, row
            last = reader.line_num
    except csv.Error as error:
        raise BadCsv(f"line {last + 1}: not valid CSV: {error}") from error


def check_header(path: Path, names: list[str] | None) -> None:
    """A one-line error when the header names no URL or no text column."""
    found = set(names or [])
    for field in ("url", "text"):
        if not found & set(ALIASES[field]):
            wanted = ", ".join(ALIASES[field])
            raise InputError(f"{path}: the CSV header has no {field} column ({wanted})")


def parse_row(row: dict[str | None, Any]) -> dict[str, Any]:
    """One CSV row as fields; an empty cell is a missing value (None), as in a JSON line."""
    if None in row:
        raise InputError(f"{len(row[None])} more field(s) than the header")
    return {name: value if value != "" else None for name, value in row.items() if name}


def parse_line(line: str) -> dict[str, Any]:
    """One JSON object."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON: {error.msg.removesuffix(' at')} (column {error.colno})") from error
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object, got {type(data).__name__}")
    return data


def first(data: dict[str, Any], names: tuple[str, ...]) -> Any:
    """The first non-empty value among `names`."""
    for name in names:
        value = data.get(name)
        if value not in (None, "", []):
            return value
    return None


def text_value(value: Any) -> str | None:
    """A string field; lists (news-please authors) joined with commas."""
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(item).strip() for item in value if str(item).strip()) or None
    return str(value).strip() or None


def find_url(data: dict[str, Any]) -> str:
    """The article URL (trafilatura may give it as `source`); InputError when there is none."""
    url = text_value(first(data, ALIASES["url"]))
    if not url and str(data.get("source", "")).startswith(("http://", "https://")):
        url = data["source"]
    if not url:
        raise InputError("missing url (url, link)")
    if not url.startswith(("http://", "https://")):
        raise InputError(f"url {url[:60]!r} is not http(s)")
    return url


def source_name(data: dict[str, Any], url: str, option: str | None, registry: Registry) -> str:
    """--source; else a Waspada export's own source; else the registry source at the URL's host;
    else the record's site name; else the URL's host."""
    if option:
        return option
    if is_export(data) and data.get("source"):
        return str(data["source"])
    host = urls.host_of(url)
    if host in registry.by_host:
        return registry.by_host[host]["name"]
    for name in SOURCE_NAMES:
        value = text_value(data.get(name))
        if value and not value.startswith(("http://", "https://")):
            return value
    return host or "unknown"


def to_record(data: dict[str, Any], source: str | None, registry: Registry) -> Record:
    """One input object → (article record for store.articles, URLs seen); InputError if unusable."""
    url = find_url(data)
    text = text_value(first(data, ALIASES["text"]))
    if not text:
        raise InputError("missing text (text, maintext, content)")
    record = {field: text_value(first(data, names)) for field, names in ALIASES.items()}
    record["source"] = source_name(data, url, source, registry)
    text = cap_text(text)
    canonical = text_value(data.get("canonical_url")) or urls.normalize(url)
    if not canonical.startswith(("http://", "https://")):
        raise InputError(f"canonical_url {canonical[:60]!r} is not http(s)")
    record.update(url=url, text=text, canonical_url=canonical, content_hash=content_hash(text))
    if not is_export(data):
        record["language"] = record["language"] or "id"
    record["fetched_at"] = fetched(record["fetched_at"])
    record.update(published(data, registry.zone(record["source"], url)))
    return {key: value for key, value in record.items() if value is not None}, urls.keys(url, canonical)


def fetched(value: str | None) -> str:
    """The download time in UTC ISO (naive values are taken as UTC); now when absent."""
    if not value:
        return utc_now()
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise InputError(f"download date {value!r} is not ISO 8601") from error
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return utc_iso(moment)


def is_export(data: dict[str, Any]) -> bool:
    """Whether the line was written by `waspada export` (its fields are kept as they are)."""
    return "canonical_url" in data and "published_at" in data


def published(data: dict[str, Any], tz: str) -> dict[str, Any]:
    """published_at (UTC) / published_local / tz / date_source: kept from a Waspada export, else parsed."""
    if is_export(data):
        return exported_date(data, tz)
    value = text_value(first(data, PUBLISHED))
    if not value:
        return {"tz": tz, "date_source": "none"}
    parsed = dates.parse_any(value, tz)
    if parsed is None:
        raise InputError(f"date {value!r} cannot be parsed")
    info = dates.make(parsed[0], "import", tz, parsed[1])
    if not dates.plausible(info):
        raise InputError(f"date {value!r} is before 1990 or in the future (a placeholder or a wrong date)")
    return {
        "published_at": info.published_at,
        "published_local": info.published_local,
        "tz": info.tz,
        "date_source": info.date_source,
    }


def exported_date(data: dict[str, Any], tz: str) -> dict[str, Any]:
    """The date fields of a `waspada export` line, as they were (published_at checked)."""
    stamp = data.get("published_at")
    if stamp and dates.parse_iso(str(stamp), "WIB") is None:
        raise InputError(f"published_at {stamp!r} is not ISO 8601")
    return {
        "published_at": stamp or None,
        "published_local": data.get("published_local"),
        "tz": data.get("tz") or tz,
        "date_source": data.get("date_source") or ("import" if stamp else "none"),
    }


def load_file(
    path: Path, source: str | None, sources: list[dict[str, Any]], encoding: str = "utf-8"
) -> list[Record]:
    """Every article in `path`, validated (BadLines lists every bad line); nothing is written."""
    return read_records(path, source, Registry.of(sources), encoding)


def import_records(db: sqlite_utils.Database, records: list[Record]) -> Outcome:
    """Insert the articles in one transaction; those already stored (by canonical URL) are skipped, and a
    copy of a stored or imported article (the same or nearly the same text) is linked to the first copy
    (`dup_of`) as a crawl links it, its signature kept for the copies to come."""
    imported = skipped = undated = copied = 0
    copies = Copies(db.conn)
    with db.atomic():
        for record, seen in records:
            if article_id(db, record["canonical_url"], [record["url"], *seen]) is not None:
                skipped += 1
                continue
            minhash = dedup.signature(record["text"])
            day = day_of(record.get("published_at"), record["fetched_at"])
            link = copies.link(record["content_hash"], minhash, day, record.get("published_at"))
            new_id = insert_article(db, record | link.columns(), seen)
            copies.record(new_id, link, dedup.to_bytes(minhash))
            copies.remember(new_id, minhash, day)
            imported += 1
            undated += "published_at" not in record
            copied += link.outcome != "new"
    return Outcome(imported, skipped, undated, copied)
