"""The source registry: load and validate sources.yaml, pick sources by name, save them to the database."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml

from store.errors import ConfigError

DEFAULT_PATH = Path(__file__).resolve().parent / "sources.yaml"

# The 38 provinces (Kemendagri code -> name, time zone); zones from the gazetteer's UTC offsets.
PROVINCES: dict[str, tuple[str, str]] = {
    "11": ("Aceh", "WIB"),
    "12": ("Sumatera Utara", "WIB"),
    "13": ("Sumatera Barat", "WIB"),
    "14": ("Riau", "WIB"),
    "15": ("Jambi", "WIB"),
    "16": ("Sumatera Selatan", "WIB"),
    "17": ("Bengkulu", "WIB"),
    "18": ("Lampung", "WIB"),
    "19": ("Kepulauan Bangka Belitung", "WIB"),
    "21": ("Kepulauan Riau", "WIB"),
    "31": ("DKI Jakarta", "WIB"),
    "32": ("Jawa Barat", "WIB"),
    "33": ("Jawa Tengah", "WIB"),
    "34": ("DI Yogyakarta", "WIB"),
    "35": ("Jawa Timur", "WIB"),
    "36": ("Banten", "WIB"),
    "51": ("Bali", "WITA"),
    "52": ("Nusa Tenggara Barat", "WITA"),
    "53": ("Nusa Tenggara Timur", "WITA"),
    "61": ("Kalimantan Barat", "WIB"),
    "62": ("Kalimantan Tengah", "WIB"),
    "63": ("Kalimantan Selatan", "WITA"),
    "64": ("Kalimantan Timur", "WITA"),
    "65": ("Kalimantan Utara", "WITA"),
    "71": ("Sulawesi Utara", "WITA"),
    "72": ("Sulawesi Tengah", "WITA"),
    "73": ("Sulawesi Selatan", "WITA"),
    "74": ("Sulawesi Tenggara", "WITA"),
    "75": ("Gorontalo", "WITA"),
    "76": ("Sulawesi Barat", "WITA"),
    "81": ("Maluku", "WIT"),
    "82": ("Maluku Utara", "WIT"),
    "91": ("Papua", "WIT"),
    "92": ("Papua Barat", "WIT"),
    "93": ("Papua Selatan", "WIT"),
    "94": ("Papua Tengah", "WIT"),
    "95": ("Papua Pegunungan", "WIT"),
    "96": ("Papua Barat Daya", "WIT"),
}
TZ_OFFSETS = {"WIB": 7, "WITA": 8, "WIT": 9}
KINDS: dict[str, tuple[str, ...]] = {
    "wordpress": ("api_url",),
    "feed": ("feed_url",),
    "sitemap": ("sitemap_url",),
    "html": (),
}
REQUIRED = ("name", "title", "kind", "home_url", "province", "tz")
TYPES = ("government", "regional", "national-regional")
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
URL_FIELDS = ("home_url", "api_url", "feed_url", "sitemap_url", "list_url")


def load_sources(path: str | Path | None = None) -> list[dict[str, Any]]:
    """Every source in the registry file (default: the packaged sources.yaml), validated, in file order."""
    path = Path(path) if path else DEFAULT_PATH
    entries = _read(path)
    seen: set[str] = set()
    sources = []
    for index, entry in enumerate(entries, start=1):
        source = validate(entry, f"{path.name} entry {index}")
        if source["name"] in seen:
            raise ConfigError(f"{path.name}: source name {source['name']!r} appears twice")
        seen.add(source["name"])
        sources.append(source)
    return sources


def _read(path: Path) -> list[Any]:
    """The YAML list in `path`, or a ConfigError saying why there is none."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the source registry ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML ({str(error).splitlines()[0]})") from error
    if not isinstance(data, list) or not data:
        raise ConfigError(f"{path}: expected a non-empty list of sources")
    return data


def validate(entry: Any, where: str) -> dict[str, Any]:
    """One registry entry checked and normalised (province as a string, defaults filled)."""
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected a mapping of fields, got {type(entry).__name__}")
    label = f"{where} ({entry.get('name', 'unnamed')})"
    missing = [field for field in REQUIRED if not entry.get(field)]
    if missing:
        raise ConfigError(f"{label}: missing {', '.join(missing)}")
    source = dict(entry)
    source["province"] = str(source["province"])
    source.setdefault("language", "id")
    source.setdefault("type", "regional")
    source.setdefault("verified", False)
    source["covers"] = [str(code) for code in source.get("covers") or []]
    _check_values(source, label)
    return source


def _check_values(source: dict[str, Any], label: str) -> None:
    """Raise ConfigError for the first field of `source` that has an invalid value."""
    if not NAME_PATTERN.match(str(source["name"])):
        raise ConfigError(f"{label}: name must be a slug of a-z, 0-9 and '-'")
    kind = source["kind"]
    if kind not in KINDS:
        raise ConfigError(f"{label}: kind {kind!r} is not one of {', '.join(KINDS)}")
    absent = [field for field in KINDS[kind] if not source.get(field)]
    if absent:
        raise ConfigError(f"{label}: kind {kind} needs {', '.join(absent)}")
    bad_urls = [
        f for f in URL_FIELDS if source.get(f) and not str(source[f]).startswith(("http://", "https://"))
    ]
    if bad_urls:
        raise ConfigError(f"{label}: {', '.join(bad_urls)} must start with http:// or https://")
    _check_listing(source, label)
    for code in [source["province"], *source["covers"]]:
        if code not in PROVINCES:
            raise ConfigError(f"{label}: province {code!r} is not one of the 38 Kemendagri province codes")
    _check_zone(source, label)
    if source["type"] not in TYPES:
        raise ConfigError(f"{label}: type {source['type']!r} is not one of {', '.join(TYPES)}")


def _check_listing(source: dict[str, Any], label: str) -> None:
    """The optional fields of an html source: a valid article_pattern, a positive max_pages."""
    pattern = source.get("article_pattern")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error as error:
            raise ConfigError(
                f"{label}: article_pattern is not a valid regular expression ({error})"
            ) from error
    pages = source.get("max_pages")
    if pages is not None and (not isinstance(pages, int) or isinstance(pages, bool) or pages < 1):
        raise ConfigError(f"{label}: max_pages must be a whole number of at least 1")


def _check_zone(source: dict[str, Any], label: str) -> None:
    """The time zone must be WIB/WITA/WIT and the one its province lies in."""
    tz = source["tz"]
    if tz not in TZ_OFFSETS:
        raise ConfigError(f"{label}: tz {tz!r} is not one of WIB, WITA, WIT")
    name, expected = PROVINCES[source["province"]]
    if tz != expected:
        raise ConfigError(
            f"{label}: tz {tz} does not match province {source['province']} {name} ({expected})"
        )


def select(sources: list[dict[str, Any]], names: list[str] | tuple[str, ...] | None) -> list[dict[str, Any]]:
    """The sources named in `names` (all of them when `names` is empty), in registry order."""
    if not names:
        return list(sources)
    known = {source["name"] for source in sources}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ConfigError(f"unknown source(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    wanted = set(names)
    return [source for source in sources if source["name"] in wanted]


def provinces_covered(sources: list[dict[str, Any]]) -> set[str]:
    """Province codes that some source is based in or covers."""
    return {code for source in sources for code in [source["province"], *source.get("covers", [])]}


def save_sources(db: sqlite_utils.Database, sources: list[dict[str, Any]]) -> int:
    """Upsert the sources into the `sources` table; return how many were written. A crawl (local, or a
    fleet job through the writer) saves its sources as it starts, so `updated_at` tells when each source's
    latest crawl began: `waspada sources status` counts the errors since then."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = [
        {
            "name": source["name"],
            "title": source["title"],
            "kind": source["kind"],
            "home_url": source["home_url"],
            "province_code": source["province"],
            "tz": source["tz"],
            "config": json.dumps(source, ensure_ascii=False, sort_keys=True),
            "updated_at": now,
        }
        for source in sources
    ]
    with db.atomic():
        db["sources"].upsert_all(rows, pk="name")
    return len(rows)
