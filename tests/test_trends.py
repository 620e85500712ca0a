"""Trends: rises against the 28-day level, new hotspots and escalation, each with a plain reason."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from reports import charts, trends
from store.db import open_db

DAY = date(2026, 11, 27)


@pytest.fixture
def db(tmp_path: Path):  # noqa: ANN201 - sqlite_utils.Database
    return open_db(tmp_path / "w.db")


def add_story(
    db,
    day: date,
    regency: str,
    themes: list[str],
    killed: int = 0,
    injured: int = 0,  # noqa: ANN001
    conflict: int = 1,
) -> int:
    """A story row first seen at 10:00 WIB on `day` (stories are what trends count)."""
    seen = datetime(day.year, day.month, day.day, 3, tzinfo=UTC).isoformat()
    return int(
        db["stories"]
        .insert(
            {
                "title": "Cerita",
                "first_seen": seen,
                "last_seen": seen,
                "province_codes": json.dumps([regency[:2]]),
                "regency_codes": json.dumps([regency]),
                "themes": json.dumps(themes),
                "conflict": conflict,
                "killed": killed,
                "injured": injured,
                "damaged": 0,
                "n_articles": 1,
                "n_sources": 1,
            }
        )
        .last_pk
    )


def add_history(db, first: date, last: date = DAY) -> None:  # noqa: ANN001
    """One article a day from `first` to `last`, as a daily crawl brings: the database covers those days."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    db["articles"].insert_all(
        {
            "canonical_url": f"http://x.test/{day}",
            "url": f"http://x.test/{day}",
            "source": "x",
            "fetched_at": "2026-01-01",
            "published_at": f"{day}T03:00:00+00:00",
        }
        for day in days
    )


def test_three_land_stories_in_a_quiet_kabupaten_rise_with_an_indonesian_reason(db) -> None:  # noqa: ANN001
    add_history(db, DAY - timedelta(days=90))
    add_story(db, DAY - timedelta(days=20), "63.02", ["land_resource"])
    ids = [add_story(db, DAY - timedelta(days=d), "63.02", ["land_resource"]) for d in (0, 1, 2)]
    found = trends.detect(db, trends.Window(DAY, 3))["signals"]
    rise = next(s for s in found if s.kind == "rise" and s.level == "regency" and s.theme == "land_resource")
    assert rise.observed == 3 and sorted(rise.story_ids) == sorted(ids)
    assert (
        rise.reason["id"]
        == "3 cerita sengketa lahan dan sumber daya di Kabupaten Kotabaru, 28× rata-rata 28 hari"
    )
    assert rise.reason["en"].startswith("3 land and resource dispute stories in Kabupaten Kotabaru")
    assert rise.p_value < trends.ALPHA
    assert len(rise.series) == trends.BASELINE_DAYS + 3 and sum(rise.series) == 4


def test_the_usual_level_is_not_a_signal(db) -> None:  # noqa: ANN001
    add_history(db, DAY - timedelta(days=90))
    for d in range(1, 29):  # one protest story every day of the baseline
        add_story(db, DAY - timedelta(days=2 + d), "63.71", ["protest"])
    for d in (0, 1):
        add_story(db, DAY - timedelta(days=d), "63.71", ["protest"])
    assert trends.detect(db, trends.Window(DAY, 2))["signals"] == []


def test_below_the_minimum_count_is_not_a_signal(db) -> None:  # noqa: ANN001
    add_story(db, DAY, "63.02", ["land_resource"])
    add_story(db, DAY, "63.02", ["land_resource"])
    assert [s for s in trends.detect(db, trends.Window(DAY, 1))["signals"] if s.kind == "rise"] == []


def test_new_hotspot_after_thirty_quiet_days(db) -> None:  # noqa: ANN001
    add_history(db, DAY - timedelta(days=60))
    add_story(db, DAY - timedelta(days=45), "94.05", ["separatism_insurgency"])  # before the quiet days
    add_story(db, DAY - timedelta(days=10), "63.02", ["protest"])  # Kotabaru was not quiet
    new = add_story(db, DAY, "94.05", ["separatism_insurgency"])
    add_story(db, DAY, "63.02", ["protest"])
    found = [s for s in trends.detect(db, trends.Window(DAY, 1))["signals"] if s.kind == "hotspot"]
    assert [(s.code, s.story_ids) for s in found] == [("94.05", [new])]
    assert "Kabupaten Puncak" in found[0].reason["id"] and "30 hari" in found[0].reason["id"]


def test_no_hotspots_without_enough_history(db) -> None:  # noqa: ANN001
    add_history(db, DAY - timedelta(days=5))
    add_story(db, DAY, "94.05", ["separatism_insurgency"])
    result = trends.detect(db, trends.Window(DAY, 1))
    assert not [s for s in result["signals"] if s.kind == "hotspot"] and result["history_days"] == 5


def test_escalation_when_people_are_killed(db) -> None:  # noqa: ANN001
    add_story(db, DAY - timedelta(days=15), "94.05", ["separatism_insurgency"], injured=1)
    story = add_story(db, DAY, "94.05", ["separatism_insurgency"], killed=2, injured=1)
    found = [s for s in trends.detect(db, trends.Window(DAY, 1))["signals"] if s.kind == "escalation"]
    assert len(found) == 1 and found[0].code == "94" and found[0].story_ids == [story]
    assert found[0].reason["id"].startswith("1 cerita kekerasan di Papua Tengah: sedikitnya 2 tewas, 1 luka")
    assert found[0].reason["en"].startswith("1 violent story in Papua Tengah: at least 2 killed, 1 injured")


def test_escalation_counts_the_stories_it_links_and_leads_with_what_happened(db) -> None:  # noqa: ANN001
    add_history(db, DAY - timedelta(days=60))
    ids = [add_story(db, DAY, "52.03", ["protest"], injured=n) for n in (3, 4)]  # injuries, no violent theme
    found = [s for s in trends.detect(db, trends.Window(DAY, 1))["signals"] if s.kind == "escalation"]
    assert len(found) == 1 and sorted(found[0].story_ids) == sorted(ids)
    assert found[0].observed == len(found[0].story_ids) == 2
    reason = found[0].reason["id"]
    assert reason.startswith("2 cerita kekerasan di Nusa Tenggara Barat: sedikitnya 7 luka")
    assert "0 tewas" not in reason
    assert reason.endswith("(28 hari sebelumnya: tanpa korban)")
    assert found[0].series[-1] == 2  # the chart counts the same stories the headline does


def test_a_short_history_says_so_instead_of_a_zero_baseline(db) -> None:  # noqa: ANN001
    add_history(db, DAY - timedelta(days=13))
    add_story(db, DAY, "94.05", ["separatism_insurgency"], killed=1)
    result = trends.detect(db, trends.Window(DAY, 1))
    escalation = next(s for s in result["signals"] if s.kind == "escalation")
    assert result["baseline_days"] == 13
    assert escalation.reason["id"].endswith("riwayat belum cukup (13 hari)")
    assert escalation.reason["en"].endswith("not enough history (13 days)")
    assert "28 hari sebelumnya" not in escalation.reason["id"]
    unmeasured = trends.BASELINE_DAYS - 13  # the days before the history are unknown, not zero
    assert escalation.series[:unmeasured] == [None] * unmeasured
    assert None not in escalation.series[unmeasured:]
    chart = charts.daily_bars(escalation.series, DAY, 1, "eskalasi")
    assert "tanpa data" in chart and chart.count("<rect") == 1 + len(escalation.series) - unmeasured
    assert "tanpa data" not in charts.daily_bars([0] * 28 + [1], DAY, 1, "eskalasi")


def test_history_starts_after_a_week_without_articles(db) -> None:  # noqa: ANN001
    """An old archive imported, then nothing until the window: the 28 days before were never measured."""
    add_history(db, DAY - timedelta(days=90), last=DAY - timedelta(days=40))
    add_story(db, DAY, "94.05", ["separatism_insurgency"], killed=1)
    result = trends.detect(db, trends.Window(DAY, 1))
    assert (result["history_days"], result["baseline_days"]) == (0, 0)
    escalation = next(s for s in result["signals"] if s.kind == "escalation")
    assert escalation.reason["en"].endswith("no history yet")
    assert not [s for s in result["signals"] if s.kind == "hotspot"]
    add_history(db, DAY - timedelta(days=12), last=DAY - timedelta(days=1))  # the crawl resumed 12 days ago
    assert trends.detect(db, trends.Window(DAY, 1))["history_days"] == 12
    add_history(db, DAY - timedelta(days=39), last=DAY - timedelta(days=34))  # a gap of 6 days is no gap
    add_history(db, DAY - timedelta(days=27), last=DAY - timedelta(days=13))
    assert trends.detect(db, trends.Window(DAY, 1))["history_days"] == 90


def test_non_conflict_stories_and_other_provinces_are_not_counted(db) -> None:  # noqa: ANN001
    for d in (0, 1, 2):
        add_story(db, DAY - timedelta(days=d), "63.02", ["land_resource"], conflict=0)
        add_story(db, DAY - timedelta(days=d), "72.10", ["land_resource"])
    signals = trends.detect(db, trends.Window(DAY, 3), provinces=["63"])["signals"]
    assert signals == []


def test_window_days_are_wib_calendar_days() -> None:
    window = trends.Window(DAY, 1)
    assert window.start == "2026-11-26T17:00:00+00:00" and window.end == "2026-11-27T17:00:00+00:00"
