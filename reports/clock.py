"""The digest's one clock: every time shown in WIB (UTC+7) with its zone; JSON keeps UTC beside it."""

from __future__ import annotations

from datetime import UTC, datetime

from store.calendar import MONTHS_EN, MONTHS_ID, WIB

ZONE = "WIB"
MONTHS = {"id": MONTHS_ID, "en": MONTHS_EN}
RULE = {
    "id": "Semua waktu dalam WIB (UTC+7), juga untuk berita dari wilayah WITA dan WIT.",
    "en": "All times are WIB (UTC+7), also for news from WITA and WIT regions.",
}


def wib(iso: str) -> datetime:
    """A UTC ISO time (naive = UTC) as an aware WIB datetime."""
    moment = datetime.fromisoformat(iso)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(WIB)


def wib_iso(iso: str | None) -> str | None:
    """'2026-11-27T02:15:00+00:00' → '2026-11-27T09:15:00+07:00' (for the JSON beside the UTC time)."""
    return wib(iso).isoformat(timespec="seconds") if iso else None


def day_label(value: str, lang: str) -> str:
    """'2026-11-27' → '27 November 2026'."""
    year, month, day = (int(x) for x in value[:10].split("-"))
    return f"{day} {MONTHS[lang][month - 1]} {year}"


def shown(iso: str | None, lang: str, timed: bool = True) -> str:
    """'27 November 2026, 09.15 WIB' (Indonesian) or '27 November 2026, 09:15 WIB' (English); the date
    alone when the source gave no time of day (`timed` false: a '00.00' would be a time nobody wrote)."""
    if not iso:
        return ""
    moment = wib(iso)
    if not timed:
        return day_label(moment.date().isoformat(), lang)
    clock = f"{moment:%H.%M}" if lang == "id" else f"{moment:%H:%M}"
    return f"{day_label(moment.date().isoformat(), lang)}, {clock} {ZONE}"
