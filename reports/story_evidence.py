"""What an article's text tells about its happening: the figures, years, dateline day and ordinal it states.

Shared figures point to one event; another year, a dateline date more than `DATELINE_TOLERANCE_DAYS`
off or another ordinal "ke-N" points to another happening (reports/story_grouping.py keeps those apart).
"""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np

# Reports of one event date it at most this far apart: as far as stories join a follow-up
# (story_grouping.CLOSE_WINDOW_DAYS), which may state the date of the happening it follows (an aid
# delivery 11 days after "the attack of Friday (16/7)"). 11-17 score alike on the shared events; 10 splits
# that aid delivery.
DATELINE_TOLERANCE_DAYS = 14
FIGURE = re.compile(r"\b\d+(?:[.,]\d+)*\b")
DAY_MONTH = re.compile(r"\((\d{1,2})/(\d{1,2})(?:/\d{2,4})?\)")  # "Selasa (3/11/2026)", "(3/11)"
# Day and month of a date ("3/11" of "Selasa (3/11/2026)") and a clock time ("pukul 08.30", "08.30 WITA"):
# every report of one month or morning states them, so they are no figures of the happening. Digits first
# (one fast scan of the text); the clock after "pukul" is group 1.
DATE_OR_CLOCK = re.compile(
    r"\b\d{1,2}(?:/\d{1,2}\b|[.:]\d{2}\b(?=\s*(?:WIB|WITA|WIT)\b))|\bpukul (\d{1,2}[.:]\d{2})\b",
    re.IGNORECASE,
)
YEARS = range(1990, 2050)
YEAR_DAYS = 372  # days of a year as "day of year" counts them: (month - 1) * 31 + day


def stated(text: str) -> tuple[list[str], list[int], int]:
    """What a text states in figures: the figures (two digits or more, years apart, no date's day and
    month nor clock time), the years it names and its first ordinal "ke-N" / "ke N" (0: none).

    Shared figures point to one event; another year or another ordinal points to another happening."""
    found, years, ordinal = [], [], 0
    skipped = [m.span(1) if m.group(1) else m.span() for m in DATE_OR_CLOCK.finditer(text)]
    for match in FIGURE.finditer(text):
        raw = match.group()
        if any(start <= match.start() < end for start, end in skipped):
            continue
        if not ordinal and len(raw) <= 4 and raw.isdigit() and ordinal_before(text, match.start()):
            ordinal = int(raw)
        if len(raw) == 4 and raw.isdigit() and int(raw) in YEARS:
            years.append(int(raw))
        elif len(raw) >= 2:
            found.append(raw.replace(".", "").replace(",", ""))
    return found, years, ordinal


def happening_year(years: list[int], seen: datetime | None) -> int:
    """The year a text's happening took place (0: not said): a dated article's own year (other years it
    names are history or plans), else the latest year the text names."""
    return seen.year if seen is not None else max(years, default=0)


def ordinal_before(text: str, start: int) -> bool:
    """Whether the number at `start` follows "ke-", "ke " or "ke" as a word ("HUT ke-79", "Ke 80")."""
    head = text[max(0, start - 4) : start]
    for gap in ("-", " ", ""):
        word = f"ke{gap}"
        if head.lower().endswith(word):
            before = head[: len(head) - len(word)]
            return not before or not before[-1].isalpha()
    return False


def when_told(text: str, year: int, ordinal: int) -> tuple[int, int, int]:
    """Which happening a text tells: its latest year, the day-of-year of its first dateline date "(d/m)",
    its first ordinal (0 = not said)."""
    day = 0
    for found in DAY_MONTH.finditer(text):
        d, m = int(found.group(1)), int(found.group(2))
        if 1 <= d <= 31 and 1 <= m <= 12:
            day = (m - 1) * 31 + d
            break
    return year, day, ordinal


def contradicts(told: np.ndarray, own: np.ndarray) -> np.ndarray:
    """Rows of `told` (year, day, ordinal, dated) that tell another happening than `own`: another year, a
    dateline day too far off or another ordinal."""
    year, day, ordinal, dated = own
    out = np.zeros(len(told), dtype=bool)
    if year:
        out |= other_year(told, year, bool(dated)) & ~across_new_year(told, year, day)
    if day:
        gap = np.abs(told[:, 1] - day)
        out |= (told[:, 1] != 0) & (np.minimum(gap, YEAR_DAYS - gap) > DATELINE_TOLERANCE_DAYS)
    if ordinal:
        out |= (told[:, 2] != 0) & (told[:, 2] != ordinal)
    return out


def other_year(told: np.ndarray, year: int, dated: bool) -> np.ndarray:
    """Rows of `told` whose year is not `year`. An undated text's year is the latest it names, and a text is
    written in or after the years it names (history: "otonom sejak 2001"), so against a dated report it
    tells another happening only when it names a later year."""
    years, undated = told[:, 0], told[:, 3] == 0
    differ = (years != 0) & (years != year)
    if dated:  # an undated row naming an earlier year may be telling this happening
        return differ & ~(undated & (years < year))
    return differ & ~(~undated & (years > year))  # so may a dated row after the latest year this text names


def years_apart(told: np.ndarray, own: np.ndarray) -> np.ndarray:
    """Rows of `told` whose year differs from `own`'s where one of the two is undated: other_year lets the
    earlier-named year pass (it may be history), but it gives no time to support the pair either."""
    years, year = told[:, 0], own[0]
    return (years != 0) & (year != 0) & (years != year) & (told[:, 3] != own[3])


def untimed(told: np.ndarray, own: np.ndarray) -> np.ndarray:
    """Rows of `told` where the row or `own` has neither a date nor a year its text names: nothing tells
    when it happened (only the evaluation's undated rows; a stored article always has a time)."""
    return ((told[:, 3] == 0) & (told[:, 0] == 0)) | bool(own[3] == 0 and own[0] == 0)


def across_new_year(told: np.ndarray, year: int, day: int) -> np.ndarray:
    """Rows of `told` a year off (year, day) whose days meet across 31 December within the tolerance."""
    later = told[:, 0] > year
    before = np.where(later, day, told[:, 1])  # the day of the one in the earlier year
    after = np.where(later, told[:, 1], day)
    near = (before >= YEAR_DAYS - DATELINE_TOLERANCE_DAYS) & (after >= 1) & (after <= DATELINE_TOLERANCE_DAYS)
    return (np.abs(told[:, 0] - year) == 1) & near
