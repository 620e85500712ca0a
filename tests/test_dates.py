"""Publication dates: meta, feed and dateline, with WIB/WITA/WIT kept explicit."""

from __future__ import annotations

import time
from pathlib import Path

from crawler import dates
from store.db import open_db


def test_meta_iso_with_offset_keeps_local_form_and_zone() -> None:
    info = dates.from_meta(["2026-11-03T09:15:00+08:00"], "WIB")
    assert info == dates.DateInfo("2026-11-03T01:15:00Z", "2026-11-03 09:15 WITA", "WITA", "meta")


def test_naive_meta_is_read_in_the_source_zone() -> None:
    info = dates.from_meta(["2026-11-03T09:15:00"], "WIT")
    assert info.published_at == "2026-11-03T00:15:00Z" and info.tz == "WIT"


def test_dateline_in_parentheses_is_day_first() -> None:
    info = dates.from_dateline("Banjarmasin, Kamis (5/11/2026) – Warga dua desa …", "WITA")
    assert info.published_local == "2026-11-05 WITA"
    assert info.published_at == "2026-11-04T17:00:00Z"  # a date alone: the start of that day in WIB
    assert info.date_source == "dateline"


def test_written_dateline_with_explicit_zone_wins_over_source_zone() -> None:
    info = dates.from_dateline("Kamis, 5 November 2026 14:20 WIB – Rapat digelar …", "WITA")
    assert info.published_at == "2026-11-05T07:20:00Z"
    assert info.published_local == "2026-11-05 14:20 WIB"


def test_pilkada_year_is_not_a_date() -> None:
    assert dates.from_dateline("Menjelang Pilkada 2020 warga diminta menjaga kerukunan.", "WITA") is None
    resolved = dates.resolve(None, None, "Pilkada 2024 berjalan damai di Banjarmasin.", "WITA")
    assert resolved.published_at is None and resolved.date_source == "none" and resolved.tz == "WITA"


def test_rfc822_feed_date_keeps_its_offset() -> None:
    info = dates.from_feed("Tue, 03 Nov 2026 09:15:00 +0800", "WIB")
    assert info.published_at == "2026-11-03T01:15:00Z" and info.published_local == "2026-11-03 09:15 WITA"


def test_a_feed_date_naming_wib_or_no_zone_is_not_read_as_utc() -> None:
    named = dates.from_feed("Wed, 04 Dec 2024 08:30:00 WIB", "WITA")
    assert named.published_at == "2024-12-04T01:30:00Z" and named.published_local == "2024-12-04 08:30 WIB"
    bare = dates.from_feed("Wed, 04 Dec 2024 08:30:00", "WITA")  # the outlet's clock, like a naive ISO date
    assert bare.published_local == "2024-12-04 08:30 WITA"
    assert dates.from_feed("Wed, 04 Dec 2024 08:30:00 -0000", "WITA").published_at == "2024-12-04T08:30:00Z"


def test_an_indonesian_date_with_a_numeric_offset_keeps_it() -> None:
    info = dates.from_feed("Rabu, 04 Des 2024 08:30:00 +0700", "WIT")
    assert info.published_at == "2024-12-04T01:30:00Z" and info.published_local == "2024-12-04 08:30 WIB"


def test_feedparser_struct_is_utc_and_shown_in_source_zone() -> None:
    parsed = time.strptime("2026-11-03 01:15:00", "%Y-%m-%d %H:%M:%S")
    info = dates.from_feed(None, "WITA", parsed)
    assert info.published_at == "2026-11-03T01:15:00Z" and info.published_local == "2026-11-03 09:15 WITA"


def test_wordpress_date_and_date_gmt() -> None:
    info = dates.from_wordpress("2026-11-03T09:15:00", "2026-11-03T01:15:00", "WITA")
    assert info == dates.DateInfo("2026-11-03T01:15:00Z", "2026-11-03 09:15 WITA", "WITA", "feed")


def test_indonesian_month_names_day_first() -> None:
    moment = dates.parse_text("05/11/2026 08.30", "WITA")
    assert (moment.month, moment.day, moment.hour, moment.minute) == (11, 5, 8, 30)
    assert dates.parse_text("3 Desember 2026 pukul 14.20 WIT", "WIB").utcoffset().total_seconds() == 9 * 3600


def test_meta_wins_then_feed_then_dateline() -> None:
    meta = dates.from_meta(["2026-11-03T09:15:00+08:00"], "WITA")
    feed = dates.from_feed("Wed, 04 Nov 2026 10:00:00 +0800", "WITA")
    body = "Banjarmasin, Kamis (5/11/2026) – Isi."
    assert dates.resolve(meta, feed, body, "WITA").date_source == "meta"
    assert dates.resolve(None, feed, body, "WITA").date_source == "feed"
    assert dates.resolve(None, None, body, "WITA").date_source == "dateline"


def test_utc_meta_is_shown_in_the_source_zone() -> None:
    info = dates.from_meta(["2026-11-03T01:15:00Z"], "WIT")
    assert info.published_at == "2026-11-03T01:15:00Z" and info.published_local == "2026-11-03 10:15 WIT"


def test_time_after_a_separator_and_lowercase_zone() -> None:
    piped = dates.from_visible(["Selasa, 16 Februari 2016 | 14:38 WIB"], "WITA")
    assert piped.published_local == "2016-02-16 14:38 WIB"
    dashed = dates.from_visible(["Jum'at, 19 Juni 2015 - 11:58 wib"], "WITA")
    assert dashed.published_at == "2015-06-19T04:58:00Z"


def test_english_month_on_an_indonesian_page() -> None:
    info = dates.from_visible(["Jumat , 17 February 2017, 13:16 WIB"], "WIB")
    assert info.published_local == "2017-02-17 13:16 WIB"
    assert dates.from_dateline("Rabu, 5/11/2025 – Rapat digelar", "WIB") is None  # not read as May 11


def test_an_afternoon_time_in_twelve_hour_form_is_not_read_as_morning() -> None:
    evening = dates.from_visible(["September 3, 2024 at 10:15 pm"], "WITA")
    assert evening.published_local == "2024-09-03 22:15 WITA"
    assert dates.from_visible(["3 Sep 2024 12:05 AM"], "WIB").published_local == "2024-09-03 00:05 WIB"


def test_a_date_shown_as_year_month_day() -> None:
    assert dates.from_visible(["2024-12-04 08:30:00"], "WIT").published_at == "2024-12-03T23:30:00Z"
    assert dates.from_visible(["Diposting 2024-12-04"], "WIB").published_local == "2024-12-04 WIB"


def test_a_date_shown_as_day_month_year_with_dashes() -> None:
    shown = dates.from_visible(["Jumat, 03-11-2026 | 09:15 WITA"], "WIB")
    assert shown.published_local == "2026-11-03 09:15 WITA" and shown.published_at == "2026-11-03T01:15:00Z"
    assert dates.from_visible(["13-02-2026"], "WIB").published_local == "2026-02-13 WIB"
    assert dates.from_visible(["03-11/2026"], "WIB") is None  # mixed separators: no date


def test_meta_with_offset_and_a_stray_z() -> None:
    info = dates.from_meta(["2015-06-19T03:40:00+07:00Z"], "WIB")
    assert info.published_at == "2015-06-18T20:40:00Z"


def test_dates_before_1990_or_days_ahead_are_doubtful() -> None:
    assert not dates.plausible(dates.from_meta(["1970-01-01T00:00:00Z"], "WIB"))
    assert not dates.plausible(dates.from_meta(["2099-01-01T00:00:00+07:00"], "WIB"))
    assert dates.plausible(dates.from_meta(["2025-06-19T03:40:00+07:00"], "WIB"))


def test_time_before_the_date_and_english_month_first() -> None:
    first = dates.from_visible(["Diterbitkan 10.08 WITA | Jum'at, 19 Juni 2015"], "WIB")
    assert first.published_local == "2015-06-19 10:08 WITA"
    english = dates.from_visible(["November 4, 2015 10:08 WIB"], "WITA")
    assert english.published_at == "2015-11-04T03:08:00Z"


def test_a_date_alone_from_a_wit_outlet_is_that_day_in_wib_also_after_an_upgrade(tmp_path: Path) -> None:
    info = dates.from_dateline("Wamena, Selasa (20/2/2024) – Pleno rekapitulasi …", "WIT")
    assert (info.published_local, info.published_at) == ("2024-02-20 WIT", "2024-02-19T17:00:00Z")
    path = tmp_path / "w.db"
    db = open_db(path, create=True)
    with db.conn:  # as a database of before m017: the date alone stored at its local midnight
        midnight_wit = "2024-02-19T15:00:00Z"
        row = {"url": "https://jubi.test/a", "canonical_url": "https://jubi.test/a", "title": "Pleno ricuh"}
        row |= {"id": 1, "published_at": midnight_wit, "published_local": "2024-02-20 WIT", "tz": "WIT"}
        db["articles"].insert(row | {"fetched_at": "2024-02-21T01:00:00Z", "source": "jubi", "text": "Isi."})
        db["stories"].insert({"id": 7, "first_seen": midnight_wit, "last_seen": midnight_wit})
        db["story_articles"].insert({"story_id": 7, "article_id": 1})
        db.execute("delete from _migrations where name = 'm017_date_only_wib'")
    assert db.execute("select date from article_overview").fetchone()[0] == "2024-02-19"  # the day before
    db.conn.close()
    db = open_db(path)  # migrates
    assert db.execute("select published_at from articles").fetchone()[0] == "2024-02-19T17:00:00Z"
    assert db.execute("select date from article_overview").fetchone()[0] == "2024-02-20"
    assert db.execute("select first_seen, last_seen from stories").fetchone() == ("2024-02-19T17:00:00Z",) * 2
