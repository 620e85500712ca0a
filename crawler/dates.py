"""Publication dates: from page meta, the feed or API, or the body's dateline; kept in UTC and as written."""

from __future__ import annotations

import email.utils
import functools
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import dateparser

from store.articles import utc_iso

ZONES: dict[str, int] = {"WIB": 7, "WITA": 8, "WIT": 9}
OFFSET_NAMES: dict[int, str] = {hours * 3600: name for name, hours in ZONES.items()}
PARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["absolute-time", "custom-formats"],  # no "2 jam lalu" guesses, and much faster
}
LANGUAGES = ["id", "en"]  # with DATE_ORDER DMY, so 05/11 stays 5 November
MONTHS = (  # Indonesian and English names: "17 February 2017" is printed on Indonesian sites too
    r"(?:Jan(?:uari|uary)?|Feb(?:ruari|ruary)?|Mar(?:et|ch)?|Apr(?:il)?|Mei|May|Jun(?:i|e)?|Jul(?:i|y)?|"
    r"Agu(?:stus)?|Aug(?:ust)?|Agt|Ags|Sep(?:tember)?|Okt(?:ober)?|Oct(?:ober)?|Nov(?:ember)?|Nop(?:ember)?|"
    r"Des(?:ember)?|Dec(?:ember)?)"
)
ZONE_PATTERN = r"(?:\s*(?P<zone>WIB|WITA|WIT)\b)?"
# The time after a separator: "16 Februari 2016 | 14:38", "19 Juni 2015 - 11:58", "16 Feb 2016 at 09:10".
TIME_PATTERN = (
    r"(?:(?:[\s,|\-–—/]|\bat\b)+(?:pukul\s+|jam\s+)?(?P<time>\d{1,2}[:.]\d{2})(?:[:.]\d{2})?"
    r"(?:\s*(?P<half>[ap]\.?m\.?)(?!\w))?)?"  # "10:15 PM" on English-language themes
)
# "Kamis, 5 November 2026 14:20 WITA" or "Banjarmasin, Kamis (28/11/2019)".
DATELINE_PATTERNS = [
    re.compile(rf"(?P<date>\b\d{{1,2}}\s+{MONTHS}\.?\s+\d{{4}}){TIME_PATTERN}{ZONE_PATTERN}", re.I),
    re.compile(rf"\((?P<date>\d{{1,2}}/\d{{1,2}}/\d{{2,4}}){TIME_PATTERN}{ZONE_PATTERN}\)", re.I),
]
# Dates shown on the page outside the body: "03/11/2026, 09:15 WITA", "03-11-2026 | 09:15 WIB".
VISIBLE_PATTERNS = [
    *DATELINE_PATTERNS,
    re.compile(rf"(?P<date>\b\d{{1,2}}([/-])\d{{1,2}}\2\d{{4}}){TIME_PATTERN}{ZONE_PATTERN}", re.I),
    # "2024-12-04 08:30", as some CMSes print it.
    re.compile(rf"(?P<date>\b\d{{4}}-\d{{2}}-\d{{2}}){TIME_PATTERN}{ZONE_PATTERN}", re.I),
    # "November 4, 2015 10:08" and "10:08 WIB, Rabu 4 November 2015" (the time first).
    re.compile(rf"(?P<date>\b{MONTHS}\.?\s+\d{{1,2}},?\s+\d{{4}}){TIME_PATTERN}{ZONE_PATTERN}", re.I),
    re.compile(
        rf"\b(?P<time>\d{{1,2}}[:.]\d{{2}})(?:[:.]\d{{2}})?{ZONE_PATTERN}[\s,|\-–—]+(?:\w+'?\w*,?\s+)?"
        rf"(?P<date>\d{{1,2}}\s+{MONTHS}\.?\s+\d{{4}})",
        re.I,
    ),
]
VISIBLE_MAX_CHARS = 120
NUMERIC_OFFSET = re.compile(r"\s([+-])(\d{2}):?(\d{2})\s*$")  # "Rabu, 04 Des 2024 08:30:00 +0700"
DATELINE_WINDOW = 300  # characters at the start of the body where a dateline may stand
STRAY_Z = re.compile(r"(?<=[+-]\d\d:\d\d)Z$|(?<=[+-]\d{4})Z$")  # "2015-06-19T03:40:00+07:00Z"
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)  # older dates on a news page are typos or placeholders
FUTURE_SLACK = timedelta(days=2)  # later than this after the crawl is a wrong date, not an early one


@dataclass(frozen=True)
class DateInfo:
    """A publication date: UTC ISO, local time as written with its zone, the zone and its source."""

    published_at: str | None = None
    published_local: str | None = None
    tz: str | None = None
    date_source: str = "none"
    doubtful: str | None = None  # a date the page gave that was not believed (before 1990, in the future)


def plausible(info: DateInfo) -> bool:
    """A date between 1990 and two days after now; others are typos, placeholders or wrong zones."""
    if not info.published_at:
        return False
    moment = datetime.fromisoformat(info.published_at.replace("Z", "+00:00"))
    return EARLIEST <= moment <= datetime.now(UTC) + FUTURE_SLACK


def zone_offset(tz: str | None) -> timezone:
    """The fixed offset of WIB/WITA/WIT (default WIB when the zone is unknown)."""
    return timezone(timedelta(hours=ZONES.get((tz or "WIB").upper(), 7)))


def zone_name(moment: datetime, fallback: str) -> str:
    """The Indonesian zone name of an aware datetime's offset, else its offset as +HH:MM."""
    offset = moment.utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    if seconds in OFFSET_NAMES:
        return OFFSET_NAMES[seconds]
    if fallback.upper() in ZONES and seconds == ZONES[fallback.upper()] * 3600:
        return fallback.upper()
    return moment.strftime("%z")[:3] + ":" + moment.strftime("%z")[3:] if offset is not None else "UTC"


def make(moment: datetime, source: str, tz: str, has_time: bool = True) -> DateInfo:
    """A DateInfo from an aware datetime: UTC ISO plus the local form with its zone name.

    A date without a time of day is stored as the start of that date in WIB, the zone the digest and the
    workbench count days in: its local midnight in WITA or WIT is still the day before in WIB.
    """
    name = zone_name(moment, tz)
    local = moment.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d")
    if not has_time:
        moment = datetime(moment.year, moment.month, moment.day, tzinfo=zone_offset("WIB"))
    return DateInfo(utc_iso(moment), f"{local} {name}", name, source)


def parse_iso(text: str, tz: str) -> datetime | None:
    """An ISO 8601 timestamp; a naive one is read in the source's zone."""
    try:
        moment = datetime.fromisoformat(STRAY_Z.sub("", text.strip()).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone_offset(tz))


@functools.lru_cache(maxsize=4096)  # pages repeat their date lines in nested elements and sidebars
def parse_text(text: str, tz: str) -> datetime | None:
    """A date as written in Indonesian (an explicit WIB/WITA/WIT or "+0700" wins over the source's zone)."""
    match = re.search(r"\b(WIB|WITA|WIT)\b", text, re.I)
    zone = zone_offset(match.group(1).upper() if match else tz)
    offset = NUMERIC_OFFSET.search(text)
    if offset:
        sign = -1 if offset.group(1) == "-" else 1
        zone = timezone(sign * timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3))))
        text = text[: offset.start()]
    cleaned = re.sub(r"\b(WIB|WITA|WIT)\b|\bpukul\b|\bjam\b", " ", text, flags=re.I)
    cleaned = re.sub(r"(\d{1,2})\.(\d{2})\b", r"\1:\2", cleaned)
    moment = dateparser.parse(cleaned, languages=LANGUAGES, settings=PARSER_SETTINGS)
    if moment is None:
        return None
    return moment.replace(tzinfo=zone)


def rfc822(text: str, tz: str) -> datetime | None:
    """An RFC 822 date (feeds); "WIB" for a zone is +0700, and no zone is the source's zone."""
    named = re.sub(r"\b(WIB|WITA|WIT)\s*$", lambda m: f"+{ZONES[m.group(1).upper()]:02d}00", text.strip())
    try:
        moment = email.utils.parsedate_to_datetime(named)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # no zone; "-0000" is UTC from a system that did not know its zone
        moment = moment.replace(tzinfo=UTC if named.endswith("-0000") else zone_offset(tz))
    return moment


def parse_any(text: str | None, tz: str) -> tuple[datetime, bool] | None:
    """ISO, RFC 822 or Indonesian text → (aware datetime, whether a time of day was given)."""
    if not text or not text.strip():
        return None
    moment = parse_iso(text, tz)
    if moment is not None:
        return moment, "T" in text or ":" in text
    moment = rfc822(text, tz)
    if moment is not None:
        return moment, True
    moment = parse_text(text, tz)
    if moment is None:
        return None
    return moment, bool(re.search(r"\d{1,2}[:.]\d{2}", text))


def from_meta(values: list[str | None], tz: str) -> DateInfo | None:
    """The first page meta value (article:published_time, JSON-LD …) that parses."""
    for value in values:
        parsed = parse_any(value, tz)
        if parsed:
            return make(in_source_zone(parsed[0], tz), "meta", tz, parsed[1])
    return None


def in_source_zone(moment: datetime, tz: str) -> datetime:
    """A UTC timestamp shown in the source's zone (an Indonesian outlet writes local time)."""
    return moment.astimezone(zone_offset(tz)) if moment.utcoffset() == timedelta(0) else moment


def from_feed(value: str | None, tz: str, parsed_utc: time.struct_time | None = None) -> DateInfo | None:
    """A feed or API date; feedparser's *_parsed struct is UTC and is shown in the source's zone."""
    parsed = parse_any(value, tz)
    if parsed:
        return make(in_source_zone(parsed[0], tz), "feed", tz, parsed[1])
    if parsed_utc is not None:
        moment = datetime(*parsed_utc[:6], tzinfo=UTC).astimezone(zone_offset(tz))
        return make(moment, "feed", tz)
    return None


def from_wordpress(date: str | None, date_gmt: str | None, tz: str) -> DateInfo | None:
    """WordPress `date` (local, naive) and `date_gmt` (UTC, naive) → a feed-sourced DateInfo."""
    if date_gmt:
        moment = parse_iso(date_gmt, "UTC")
        if moment is not None:
            moment = moment.replace(tzinfo=UTC) if date_gmt[-1:].isdigit() else moment
            local = moment.astimezone(zone_offset(tz))
            if date and parse_iso(date, tz) is not None:
                naive_local = datetime.fromisoformat(date)
                offset = naive_local - moment.replace(tzinfo=None)
                local = moment.astimezone(timezone(offset)) if abs(offset) <= timedelta(hours=14) else local
            return make(local, "feed", tz)
    return from_feed(date, tz)


def shows_time(text: str) -> bool | None:
    """None when the text holds no visible date pattern, else whether that date prints a time of day."""
    if len(text) > VISIBLE_MAX_CHARS:
        return None
    found = _matches(text, VISIBLE_PATTERNS)
    return bool(found[0].group("time")) if found else None


def _matches(text: str, patterns: list[re.Pattern[str]]) -> list[re.Match[str]]:
    """Every pattern's first match in the head of the text, those printing a time of day first."""
    head = text[:DATELINE_WINDOW]
    found = [match for pattern in patterns if (match := pattern.search(head))]
    return sorted(found, key=lambda match: not match.group("time"))


def from_visible(texts: list[str], tz: str) -> DateInfo | None:
    """A date printed on the page near the headline ("Kamis, 5 November 2026 14:20 WITA")."""
    for text in texts:
        if len(text) <= VISIBLE_MAX_CHARS:
            found = from_dateline(text, tz, VISIBLE_PATTERNS)
            if found is not None:
                return found
    return None


def from_dateline(text: str, tz: str, patterns: list[re.Pattern[str]] | None = None) -> DateInfo | None:
    """The dateline at the start of the body: "Kamis, 5 November 2026 14:20 WITA" or "Kamis (28/11/2019)"."""
    for match in _matches(text, patterns or DATELINE_PATTERNS):
        clock = " ".join(part for part in (match.group("time"), match.groupdict().get("half")) if part)
        written = match.group("date") + (" " + clock if clock else "")
        moment = parse_text(written, match.group("zone") or tz)
        if moment is not None:
            return make(moment, "dateline", tz, bool(match.group("time")))
    return None


def resolve(
    meta: DateInfo | None, feed: DateInfo | None, body: str, tz: str, visible: DateInfo | None = None
) -> DateInfo:
    """Meta first, then feed/API, then a date printed on the page, then the body's dateline; else none."""
    for found in (meta, feed, visible):
        if found is not None:
            return found
    return from_dateline(body, tz) or DateInfo(tz=tz, date_source="none")
