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
from datetime import date, timedelta
from typing import Any

import sqlite_utils

from reports import clock, labels, maps
from reports.history import history_days
from store.calendar import wib_day_start

BASELINE_DAYS = 28
QUIET_DAYS = 30
MIN_COUNT = 3
MIN_RATIO = 1.5
ALPHA = 0.01
MIN_INJURED = 3
VIOLENT_THEMES = ("communal_violence", "crime_security", "separatism_insurgency")


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
        return wib_day_start(day)

    def day_of(self, iso: str) -> date:
        """The WIB calendar day of a UTC ISO time."""
        return clock.wib(iso).date()


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
    series: list[int | None] = field(default_factory=list)  # None: a day before the history, not measured
    undated: int = 0  # of story_ids, those no article of which states its publication date

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return dict(self.__dict__)


STORIES_SQL = """
select id, first_seen, province_codes, regency_codes, themes, killed, injured, damaged, dated
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
                "dated": bool(row[8]),
            }
        )
    for story in found:
        story["cells"] = keys(story)
    return found


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


def rate_test(
    observed: int, baseline: int, days: int, covered: int = BASELINE_DAYS
) -> tuple[float, float, float]:
    """(expected, ratio, p) of `observed` in `days` against `baseline` in the `covered` days before."""
    covered = max(1, covered)
    expected = baseline * days / covered
    lam = max(expected, days / covered)
    return expected, observed / lam, poisson_sf(observed, lam)


def short_history(covered: int) -> dict[str, str]:
    """'riwayat belum cukup (13 hari)': the baseline was measured over fewer days than it needs."""
    if not covered:
        return {"id": "belum ada riwayat", "en": "no history yet"}
    en = labels.counted(covered, "days", "en")
    return {"id": f"riwayat belum cukup ({covered} hari)", "en": f"not enough history ({en})"}


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


def rise_reason(
    code: str, theme: str, observed: int, ratio: float, expected: float, covered: int = BASELINE_DAYS
) -> dict[str, str]:
    """'3 cerita sengketa lahan di Kabupaten Kotabaru, 2,5× rata-rata 28 hari' (or the short history)."""
    name = maps.region_name(code)
    if expected:
        id_tail = f"{labels.number(ratio, 'id')}× rata-rata {covered} hari"
        en_tail = f"{labels.number(ratio, 'en')}× the {covered}-day average"
    else:
        previous = labels.counted(covered, "days", "en")
        id_tail, en_tail = f"sebelumnya tidak ada ({covered} hari)", f"none in the previous {previous}"
    if covered < BASELINE_DAYS:
        short = short_history(covered)
        id_tail, en_tail = f"{id_tail}; {short['id']}", f"{en_tail}; {short['en']}"
    en_stories = labels.plural(
        observed, f"{labels.theme(theme, 'en')} story", f"{labels.theme(theme, 'en')} stories"
    )
    return {
        "id": f"{observed} cerita {labels.theme(theme, 'id')} di {name}, {id_tail}",
        "en": f"{observed} {en_stories} in {name}, {en_tail}",
    }


def rises(stories: list[dict[str, Any]], window: Window, covered: int = BASELINE_DAYS) -> list[Signal]:
    """Cells whose window count is significantly above their baseline (over the `covered` days before)."""
    if covered < 1:
        return []  # no baseline measured at all: nothing can be said to rise
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
        expected, ratio, p = rate_test(len(ids), baseline[cell], window.days, covered)
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
                    rise_reason(code, theme, len(ids), ratio, expected, covered),
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
        en_stories = labels.plural(len(ids), "conflict story", "conflict stories")
        reason = {
            "id": f"{len(ids)} cerita konflik di {name} setelah {QUIET_DAYS} hari tanpa cerita konflik",
            "en": f"{len(ids)} {en_stories} in {name} after {QUIET_DAYS} quiet days",
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


def is_violent(story: dict[str, Any]) -> bool:
    """A story that reports people killed or injured, or has a violent theme."""
    return bool(story["killed"] or story["injured"] or set(story["themes"]) & set(VIOLENT_THEMES))


def impact_totals(stories: list[dict[str, Any]]) -> dict[str, int]:
    """Killed / injured / violent-story counts over stories (each story's own maximum, then summed)."""
    return {
        "killed": sum(s["killed"] for s in stories),
        "injured": sum(s["injured"] for s in stories),
        "violent": sum(1 for s in stories if is_violent(s)),
    }


def casualties(totals: dict[str, int], lang: str, at_least: bool = False) -> str:
    """'2 tewas, 7 luka' with the zero figures left out ('' when both are zero); with `at_least`,
    'sedikitnya 2 tewas, 7 luka': the counts are what the texts state, vague words as lower bounds."""
    words = {"id": ("tewas", "luka"), "en": ("killed", "injured")}[lang]
    parts = [
        f"{totals[key]} {word}" for key, word in zip(("killed", "injured"), words, strict=True) if totals[key]
    ]
    prefix = f"{labels.text('at_least', lang)} " if at_least and parts else ""
    return prefix + ", ".join(parts)


def escalation_reason(name: str, now: dict[str, int], before: dict[str, int], covered: int) -> dict[str, str]:
    """'2 cerita kekerasan di Papua Tengah: sedikitnya 2 tewas, 7 luka (28 hari sebelumnya: 1 luka)'.

    The count is the stories the signal links; a baseline is stated only over days the database covers.
    """
    reason = {}
    for lang, (stories_word, none, previous) in {
        "id": ("cerita kekerasan", "tanpa korban", f"{covered} hari sebelumnya"),
        "en": (
            labels.plural(now["violent"], "violent story", "violent stories"),
            "no casualties",
            f"previous {labels.counted(covered, 'days', 'en')}",
        ),
    }.items():
        told = casualties(now, lang, at_least=True)
        head = f"{now['violent']} {stories_word} {'di' if lang == 'id' else 'in'} {name}" + (
            f": {told}" if told else ""
        )
        if covered < BASELINE_DAYS:
            reason[lang] = f"{head}; {short_history(covered)[lang]}"
        else:
            reason[lang] = f"{head} ({previous}: {casualties(before, lang) or none})"
    return reason


def escalations(stories: list[dict[str, Any]], window: Window, covered: int = BASELINE_DAYS) -> list[Signal]:
    """Provinces where impact or violent-theme stories rise above their baseline (over `covered` days)."""
    by_province: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for story in stories:
        if not story["province"] or story["first_seen"] < window.baseline_start:
            continue
        by_province[story["province"]][story["first_seen"] >= window.start].append(story)
    scale = window.days / max(1, covered)
    signals = []
    for code, (before_list, now_list) in by_province.items():
        now, before = impact_totals(now_list), impact_totals(before_list)
        killed = now["killed"] >= 1 and now["killed"] > 2 * before["killed"] * scale
        injured = now["injured"] >= MIN_INJURED and now["injured"] > 2 * before["injured"] * scale
        expected, ratio, p = rate_test(now["violent"], before["violent"], window.days, covered)
        violent = now["violent"] >= 2 and ratio >= MIN_RATIO and p < ALPHA and covered > 0
        if not (killed or injured or violent):
            continue
        name = maps.region_name(code)
        ids = [s["id"] for s in now_list if is_violent(s)]
        score = 2.0 + now["killed"] + now["injured"] / 3 + (-math.log10(max(p, 1e-300)) if violent else 0)
        signals.append(
            Signal(
                "escalation",
                "province",
                code,
                name,
                "violent",
                len(ids),
                round(expected, 2),
                round(ratio, 2),
                p,
                score,
                escalation_reason(name, now, before, covered),
                ids,
                series_for([s for s in stories if is_violent(s)], window, ("province", code, "all")),
            )
        )
    return signals


def detect(db: sqlite_utils.Database, window: Window, provinces: list[str] | None = None) -> dict[str, Any]:
    """Every signal for the window, strongest first, plus the facts the digest states about coverage."""
    span_start = min(window.baseline_start, window.quiet_start)
    stories = conflict_stories(db, span_start, window.end)
    if provinces:
        stories = [s for s in stories if s["province"] in provinces]
    history = history_days(db, window, max(BASELINE_DAYS, QUIET_DAYS))
    covered = min(history, BASELINE_DAYS)
    signals = (
        rises(stories, window, covered)
        + hotspots(stories, window, history)
        + escalations(stories, window, covered)
    )
    signals.sort(key=lambda s: (-s.score, s.kind, s.code, s.theme))
    undated = {s["id"] for s in stories if not s["dated"]}
    unmeasured = BASELINE_DAYS - covered  # baseline days before the database's history: no zero was counted
    for signal in signals:
        signal.undated = len(undated.intersection(signal.story_ids))
        signal.series = [None] * unmeasured + signal.series[unmeasured:]
    return {
        "signals": signals,
        "history_days": history,
        "baseline_days": covered,
        "quiet_days": QUIET_DAYS,
    }
