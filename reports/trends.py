"""Emerging tensions: rises against the usual level, new hotspots and escalation, each with a reason.

Counting unit: a *conflict story* (stories.conflict = 1), placed at its primary province and
kabupaten/kota and dated by when it was first seen (WIB calendar days, UTC+7). The window is the `days`
days ending on the digest date; the baseline is the 28 days before the window.

* **Rise** (per province and per kabupaten/kota, × each theme and × "all"): observed count `k` in the
  window against `λ = max(baseline × days / 28, days / 28)` — the floor treats an empty baseline as one
  story in 28 days. One-sided Poisson test `p = P(X ≥ k | λ)`. A signal needs `k ≥ MIN_COUNT`,
  `k / λ ≥ MIN_RATIO` and `p < ALPHA`. Scores are `-log10 p`.
* **New hotspot** (kabupaten/kota): at least one conflict story in the window and none in the
  `QUIET_DAYS` days before it. Only reported when the database covers those quiet days.
* **Escalation** (province): the window's stories report people killed (≥ 1) or injured (≥ `MIN_INJURED`)
  above twice the baseline rate, or violent-theme stories rise (Poisson as above, `k ≥ 2`). Impact per
  story is the largest figure any of its articles reports; stories are then summed.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import sqlite_utils

from reports import labels, maps

BASELINE_DAYS = 28
QUIET_DAYS = 30
MIN_COUNT = 3
MIN_RATIO = 1.5
ALPHA = 0.01
MIN_INJURED = 3
VIOLENT_THEMES = ("communal_violence", "crime_security", "separatism_insurgency")
WIB = timezone(timedelta(hours=7))


@dataclass
class Window:
    """The digest's days and the baseline before them, as UTC ISO bounds."""

    end_day: date
    days: int

    def __post_init__(self) -> None:
        self.start_day = self.end_day - timedelta(days=self.days - 1)
        self.start = self.bound(self.start_day)
        self.end = self.bound(self.end_day + timedelta(days=1))
        self.baseline_start = self.bound(self.start_day - timedelta(days=BASELINE_DAYS))
        self.quiet_start = self.bound(self.start_day - timedelta(days=QUIET_DAYS))

    @staticmethod
    def bound(day: date) -> str:
        """Midnight WIB of `day` as a UTC ISO string."""
        return datetime(day.year, day.month, day.day, tzinfo=WIB).astimezone(UTC).isoformat()

    def day_of(self, iso: str) -> date:
        """The WIB calendar day of a UTC ISO time."""
        moment = datetime.fromisoformat(iso)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return moment.astimezone(WIB).date()


@dataclass
class Signal:
    """One thing that rose, with its reason in both languages and the stories behind it."""

    kind: str  # rise | hotspot | escalation
    level: str  # province | regency
    code: str
    name: str
    theme: str
    observed: int
    expected: float
    ratio: float
    p_value: float | None
    score: float
    reason: dict[str, str]
    story_ids: list[int]
    series: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return dict(self.__dict__)


STORIES_SQL = """
select id, first_seen, province_codes, regency_codes, themes, killed, injured, damaged
from stories where conflict = 1 and first_seen >= ? and first_seen < ?
order by first_seen, id
"""


def conflict_stories(db: sqlite_utils.Database, start: str, end: str) -> list[dict[str, Any]]:
    """Conflict stories first seen in [start, end), places and themes decoded."""
    found = []
    for row in db.execute(STORIES_SQL, [start, end]).fetchall():
        provinces, regencies = json.loads(row[2] or "[]"), json.loads(row[3] or "[]")
        found.append(
            {
                "id": row[0],
                "first_seen": row[1],
                "province": provinces[0] if provinces else None,
                "regency": regencies[0] if regencies else None,
                "themes": json.loads(row[4] or "[]"),
                "killed": row[5] or 0,
                "injured": row[6] or 0,
                "damaged": row[7] or 0,
            }
        )
    for story in found:
        story["cells"] = keys(story)
    return found


def history_days(db: sqlite_utils.Database, window: Window) -> int:
    """Days of data before the window (from the earliest article)."""
    row = db.execute("select min(published_at) from articles where published_at is not null").fetchone()
    if not row or not row[0]:
        return 0
    return max(0, (window.start_day - window.day_of(row[0])).days)


def keys(story: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(level, code, theme) cells a story counts in."""
    cells = []
    for theme in ["all", *story["themes"]]:
        if story["province"]:
            cells.append(("province", story["province"], theme))
        if story["regency"]:
            cells.append(("regency", story["regency"], theme))
    return cells


def poisson_sf(k: int, lam: float) -> float:
    """P(X ≥ k) for X ~ Poisson(lam), summed in log space (no SciPy import at start-up)."""
    if k <= 0:
        return 1.0
    if lam <= 0:
        return 0.0

    def pmf(i: int) -> float:
        return math.exp(i * math.log(lam) - lam - math.lgamma(i + 1))

    if k <= lam:
        return max(0.0, 1.0 - sum(pmf(i) for i in range(k)))
    total, i = 0.0, k
    while i < k + 2000:
        term = pmf(i)
        total += term
        if term < 1e-18 * total:
            break
        i += 1
    return min(1.0, total)


def rate_test(observed: int, baseline: int, days: int) -> tuple[float, float, float]:
    """(expected, ratio, p) of `observed` in `days` against `baseline` in 28 days."""
    expected = baseline * days / BASELINE_DAYS
    lam = max(expected, days / BASELINE_DAYS)
    return expected, observed / lam, poisson_sf(observed, lam)


def series_for(stories: list[dict[str, Any]], window: Window, cell: tuple[str, str, str]) -> list[int]:
    """Daily counts of the cell's stories over the baseline and the window (oldest first)."""
    first = window.start_day - timedelta(days=BASELINE_DAYS)
    counts = [0] * (BASELINE_DAYS + window.days)
    for story in stories:
        if cell in story["cells"]:
            if "day" not in story:
                story["day"] = window.day_of(story["first_seen"])
            index = (story["day"] - first).days
            if 0 <= index < len(counts):
                counts[index] += 1
    return counts


def rise_reason(code: str, theme: str, observed: int, ratio: float, expected: float) -> dict[str, str]:
    """'3 cerita sengketa lahan di Kabupaten Kotabaru, 2,5× rata-rata 28 hari'."""
    name = maps.region_name(code)
    if expected:
        id_tail = f"{labels.number(ratio, 'id')}× rata-rata 28 hari"
        en_tail = f"{labels.number(ratio, 'en')}× the 28-day average"
    else:
        id_tail, en_tail = "sebelumnya tidak ada", "none in the previous 28 days"
    return {
        "id": f"{observed} cerita {labels.theme(theme, 'id')} di {name}, {id_tail}",
        "en": f"{observed} {labels.theme(theme, 'en')} stories in {name}, {en_tail}",
    }


def rises(stories: list[dict[str, Any]], window: Window) -> list[Signal]:
    """Cells whose window count is significantly above their baseline."""
    observed: dict[tuple, list[int]] = defaultdict(list)
    baseline: dict[tuple, int] = defaultdict(int)
    for story in stories:
        inside = story["first_seen"] >= window.start
        for cell in story["cells"]:
            if inside:
                observed[cell].append(story["id"])
            elif story["first_seen"] >= window.baseline_start:
                baseline[cell] += 1
    signals = []
    for cell, ids in observed.items():
        expected, ratio, p = rate_test(len(ids), baseline[cell], window.days)
        if len(ids) >= MIN_COUNT and ratio >= MIN_RATIO and p < ALPHA:
            level, code, theme = cell
            signals.append(
                Signal(
                    "rise",
                    level,
                    code,
                    maps.region_name(code),
                    theme,
                    len(ids),
                    round(expected, 2),
                    round(ratio, 2),
                    p,
                    -math.log10(max(p, 1e-300)),
                    rise_reason(code, theme, len(ids), ratio, expected),
                    ids,
                    series_for(stories, window, cell),
                )
            )
    return prune(signals)


def prune(signals: list[Signal]) -> list[Signal]:
    """Drop an "all" cell when a theme cell of the same region says the same (same stories)."""
    themed = {(s.level, s.code, tuple(s.story_ids)) for s in signals if s.theme != "all"}
    return [s for s in signals if s.theme != "all" or (s.level, s.code, tuple(s.story_ids)) not in themed]


def hotspots(stories: list[dict[str, Any]], window: Window, history: int) -> list[Signal]:
    """Kabupaten/kota with conflict stories in the window after ≥ QUIET_DAYS quiet days."""
    if history < QUIET_DAYS:
        return []
    recent = {s["regency"] for s in stories if window.quiet_start <= s["first_seen"] < window.start}
    found: dict[str, list[int]] = defaultdict(list)
    for story in stories:
        if story["first_seen"] >= window.start and story["regency"] and story["regency"] not in recent:
            found[story["regency"]].append(story["id"])
    signals = []
    for code, ids in found.items():
        name = maps.region_name(code)
        reason = {
            "id": f"{len(ids)} cerita konflik di {name} setelah {QUIET_DAYS} hari tanpa cerita konflik",
            "en": f"{len(ids)} conflict stories in {name} after {QUIET_DAYS} quiet days",
        }
        signals.append(
            Signal(
                "hotspot",
                "regency",
                code,
                name,
                "all",
                len(ids),
                0.0,
                float(len(ids)),
                None,
                1.0 + len(ids),
                reason,
                ids,
                series_for(stories, window, ("regency", code, "all")),
            )
        )
    return signals


def impact_totals(stories: list[dict[str, Any]]) -> dict[str, int]:
    """Killed / injured / violent-story counts over stories (each story's own maximum, then summed)."""
    return {
        "killed": sum(s["killed"] for s in stories),
        "injured": sum(s["injured"] for s in stories),
        "violent": sum(1 for s in stories if set(s["themes"]) & set(VIOLENT_THEMES)),
    }


def escalation_reason(name: str, now: dict[str, int], before: dict[str, int]) -> dict[str, str]:
    """'2 tewas dan 7 luka dalam 3 cerita kekerasan di Papua Tengah (28 hari sebelumnya: 0 tewas, 1 luka)'."""
    return {
        "id": f"{now['killed']} tewas dan {now['injured']} luka dalam {now['violent']} cerita kekerasan "
        f"di {name} (28 hari sebelumnya: {before['killed']} tewas, {before['injured']} luka)",
        "en": f"{now['killed']} killed and {now['injured']} injured in {now['violent']} violent stories "
        f"in {name} (previous 28 days: {before['killed']} killed, {before['injured']} injured)",
    }


def escalations(stories: list[dict[str, Any]], window: Window) -> list[Signal]:
    """Provinces where impact or violent-theme stories rise above their baseline."""
    by_province: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for story in stories:
        if not story["province"] or story["first_seen"] < window.baseline_start:
            continue
        by_province[story["province"]][story["first_seen"] >= window.start].append(story)
    scale = window.days / BASELINE_DAYS
    signals = []
    for code, (before_list, now_list) in by_province.items():
        now, before = impact_totals(now_list), impact_totals(before_list)
        killed = now["killed"] >= 1 and now["killed"] > 2 * before["killed"] * scale
        injured = now["injured"] >= MIN_INJURED and now["injured"] > 2 * before["injured"] * scale
        expected, ratio, p = rate_test(now["violent"], before["violent"], window.days)
        violent = now["violent"] >= 2 and ratio >= MIN_RATIO and p < ALPHA
        if not (killed or injured or violent):
            continue
        name = maps.region_name(code)
        ids = [
            s["id"] for s in now_list if s["killed"] or s["injured"] or set(s["themes"]) & set(VIOLENT_THEMES)
        ]
        score = 2.0 + now["killed"] + now["injured"] / 3 + (-math.log10(max(p, 1e-300)) if violent else 0)
        signals.append(
            Signal(
                "escalation",
                "province",
                code,
                name,
                "violent",
                now["violent"],
                round(expected, 2),
                round(ratio, 2),
                p,
                score,
                escalation_reason(name, now, before),
                ids,
                series_for(stories, window, ("province", code, "all")),
            )
        )
    return signals


def detect(db: sqlite_utils.Database, window: Window, provinces: list[str] | None = None) -> dict[str, Any]:
    """Every signal for the window, strongest first, plus the facts the digest states about coverage."""
    span_start = min(window.baseline_start, window.quiet_start)
    stories = conflict_stories(db, span_start, window.end)
    if provinces:
        stories = [s for s in stories if s["province"] in provinces]
    history = history_days(db, window)
    signals = rises(stories, window) + hotspots(stories, window, history) + escalations(stories, window)
    signals.sort(key=lambda s: (-s.score, s.kind, s.code, s.theme))
    return {"signals": signals, "history_days": history, "quiet_days": QUIET_DAYS}
