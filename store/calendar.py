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
    """Midnight WIB of a day (YYYY-MM-DD) as the UTC ISO time articles are stored with: 2026-11-10 →
    '2026-11-09T17:00:00Z', so a --since day takes in what the digest counts on that day."""
    start = datetime.combine(date.fromisoformat(str(day)), time(), WIB)
    return start.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
