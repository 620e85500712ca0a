"""Calendar facts every stage shares: month names as Indonesian and English print them, and the WIB day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

WIB = timezone(timedelta(hours=7))  # the digest's clock; a day given on the command line is a WIB day too

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def wib_day_start(day: str | date) -> str:
    """Midnight WIB of a day (a date or YYYY-MM-DD) as a UTC ISO time: 2026-11-10 →
    '2026-11-09T17:00:00+00:00'. The digest's windows and every --since/--until day start there."""
    start = datetime.combine(date.fromisoformat(str(day)), time(), WIB)
    return start.astimezone(UTC).isoformat()
