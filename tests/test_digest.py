"""The digest: signals first, stories by province with sources, inline charts and map, archive and feed."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from report_fixtures import insert_article, load_sample, sample_articles
from sqlite_utils import Database

from reports import clock, coverage, digest, feeds, rendering, story_rows, trends
from store.db import open_db
from store.errors import InputError
from waspada.cli import cli

DAY = date(2026, 11, 27)
SCHEMA_DOC = Path(__file__).resolve().parent.parent / "docs" / "digest-schema.md"


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    path = tmp_path / "sample.db"
    db = open_db(path)
    load_sample(db)
    db.conn.close()
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["digest", *args])
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_indonesian_html_has_signals_then_stories_with_sources_chart_and_map(
    sample_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "d.html"
    printed = run("--db", str(sample_path), "--date", "2026-11-27", "--days", "7", "--out", str(out))
    assert printed == str(out)
    html = out.read_text(encoding="utf-8")
    assert '<html lang="id">' in html and "Ringkasan Harian" in html
    assert "3 cerita sengketa tata kelola di Kalimantan Selatan" in html
    assert html.index('id="signals"') < html.index('id="stories"') < html.index('id="map"')
    assert 'class="chart"' in html and 'class="map"' in html and "cahyadsn" in html
    assert "Pimpinan DPRD Kalsel Terima Aspirasi Mahasiswa soal Tarif Pajak Kendaraan" in html
    assert 'href="http://kabarnusantara.test/kn-mahasiswa-tolak-kenaikan-pajak-kendaraan"' in html
    # Self-contained: no scripts, no external stylesheets, images or fonts.
    assert "<script" not in html and not re.search(
        r'(src|href)="https?://[^"]*\.(css|js|png|svg|woff2?)"', html
    )


def test_markdown_lists_hold_one_item_per_signal_article_and_story(sample_path: Path) -> None:
    from markdown_it import MarkdownIt

    for lang in ("id", "en"):
        document = digest.build(open_db(sample_path), DAY, 7, lang=lang)
        tokens = MarkdownIt().parse(rendering.render(document, "md"))
        items = {"bullet": 0, "ordered": 0}
        kinds = []
        for token in tokens:
            if token.type in ("bullet_list_open", "ordered_list_open"):
                kinds.append(token.type.split("_")[0])
            elif token.type in ("bullet_list_close", "ordered_list_close"):
                kinds.pop()
            elif token.type == "list_item_open":
                items[kinds[-1]] += 1
        stories = [story for province in document["provinces"] for story in province["stories"]]
        bullets = (
            len(document["signals"]) + len(document["review"]["articles"]) + len(document["other"]["stories"])
        )
        assert len(document["signals"]) >= 2 and any(len(story["articles"]) >= 2 for story in stories)
        assert items == {"bullet": bullets, "ordered": sum(len(story["articles"]) for story in stories)}


def test_html_theme_tags_and_impact_read_as_separate_words(sample_path: Path) -> None:
    import lxml.html

    html = rendering.render(digest.build(open_db(sample_path), DAY, 7), "html")
    paragraphs = [p for p in lxml.html.fromstring(html).iter("p") if p.find("span[@class='tag']") is not None]
    assert len(paragraphs) >= 2
    for paragraph in paragraphs:  # text without CSS (copy-paste, screen readers, plain mail) keeps the gaps
        words = [span.text_content() for span in paragraph.iter("span")]
        assert " ".join(words) in " ".join(paragraph.text_content().split()), paragraph.text_content()


def test_impact_counts_are_given_as_minimums_in_both_formats_and_languages(sample_path: Path) -> None:
    document = digest.build(open_db(sample_path), DAY, 7)
    english = digest.build(open_db(sample_path), DAY, 7, lang="en")
    html, markdown = rendering.render(document, "html"), rendering.render(document, "md")
    impacts = re.findall(r'<span class="impact">([^<]*)</span>', html)
    assert impacts and all(text.startswith("Dampak: sedikitnya ") for text in impacts)
    assert markdown.count("Dampak: sedikitnya ") == len(impacts) and "Dampak: 0" not in markdown
    assert "Impact: at least " in rendering.render(english, "md")


def test_without_a_date_the_digest_covers_yesterday_the_last_complete_day() -> None:
    assert digest.parse_date(None) == datetime.now(clock.WIB).date() - timedelta(days=1)


def test_a_window_not_over_says_so_is_never_quiet_and_its_usual_level_is_the_part_passed(
    sample_path: Path,
) -> None:
    db = open_db(sample_path)
    today = datetime.now(clock.WIB).date()
    for lang, words in (("id", "Periode ini belum selesai: data sampai"), ("en", "This period is not over")):
        document = digest.build(db, today, 1, lang=lang)
        assert document["window"]["in_progress"] and not document["quiet"]
        assert all(words in rendering.render(document, fmt) for fmt in ("html", "md"))
    past = digest.build(db, DAY, 1)
    assert not past["window"]["in_progress"] and "belum selesai" not in rendering.render(past, "md")
    window = trends.Window(DAY, 7)
    start, end = datetime.fromisoformat(window.start), datetime.fromisoformat(window.end)
    whole = coverage.measure(db, window, None, 28)
    half = coverage.measure(db, window, None, 28, start + (end - start) / 2)
    assert whole["usual"] and half["usual"] == pytest.approx(whole["usual"] / 2, abs=0.1)


def test_the_strongest_signal_of_each_kind_has_its_chart(sample_path: Path) -> None:
    document = digest.build(open_db(sample_path), DAY, 7)
    kinds = {s["kind"] for s in document["signals"]}
    assert {"rise", "escalation", "hotspot"} <= kinds
    charted = {document["signals"][i]["kind"] for i in rendering.charted(document["signals"])}
    assert charted == kinds
    html = rendering.render(document, "html")
    assert html.count('class="chart"') == len(rendering.charted(document["signals"]))


def test_english_digest_uses_english_labels(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.html"
    run("--db", str(sample_path), "--date", "2026-11-27", "--days", "7", "--lang", "en", "--out", str(out))
    html = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Daily Digest" in html and "Stories by province" in html
    assert "3 governance dispute stories in Kalimantan Selatan" in html and "Ringkasan Harian" not in html


def test_a_day_with_articles_but_no_conflict_is_quiet_once_coverage_can_be_judged(tmp_path: Path) -> None:
    db = open_db(tmp_path / "calm.db")
    entry = next(e for e in sample_articles() if not e.get("conflict") and not e.get("no_date"))
    insert_article(db, entry, 1, None)
    day = date.fromisoformat(entry["published"][:10])
    first = digest.build(db, day, 1)  # the database's first day: nothing to hold its one article against
    assert first["coverage"]["status"] == "unknown" and not first["quiet"]
    text = rendering.render(first, "md")
    assert "Cakupan data belum dapat dinilai: belum ada riwayat untuk dibandingkan (1 artikel" in text
    assert "Hari yang tenang" not in text and "hanya eskalasi (korban tewas atau luka)" in text
    for number in range(28):  # four weeks of one calm article a day before it
        seen = f"{day - timedelta(days=1 + number)}T03:00:00Z"
        url = f"https://lain.test/{number}"
        row = {"id": 100 + number, "canonical_url": url, "url": url, "source": "lain", "title": "Berita"}
        db["articles"].insert(row | {"text": "Isi.", "published_at": seen, "fetched_at": seen})
        db["article_tags"].insert({"article_id": 100 + number, "model_version": "gold", "conflict": 0})
    text = rendering.render(digest.build(db, day, 1), "md")
    assert "Hari yang tenang" in text and "## Cerita per provinsi" not in text
    assert entry["title"] in text  # the other (non-conflict) stories are listed, not only counted
    week = rendering.render(digest.build(db, day, 7, lang="en"), "html")
    assert 'id="quiet">A quiet period: no new conflict stories' in week  # not "a quiet day" for a week


def test_a_date_written_without_a_time_is_shown_as_that_date_alone(tmp_path: Path) -> None:
    db = open_db(tmp_path / "dateonly.db")
    entry = next(e for e in sample_articles() if e.get("conflict") and e["tz"] == "WITA")
    insert_article(db, entry, 1, None)
    day = date.fromisoformat(entry["published"][:10])
    start_in_wib = f"{day - timedelta(days=1)}T17:00:00Z"  # as crawler.dates stores a date alone
    db["articles"].update(1, {"published_at": start_in_wib, "published_local": f"{day} WITA"})
    document = digest.build(db, day, 1)
    story = document["provinces"][0]["stories"][0]
    assert not story["first_seen_timed"] and not story["articles"][0]["timed"]
    for fmt in ("md", "html"):
        text = rendering.render(document, fmt)
        assert f"{clock.day_label(str(day), 'id')} · " in text and "00.00 WIB" not in text


def test_an_article_without_a_title_is_listed_as_untitled_never_as_none(tmp_path: Path) -> None:
    db = open_db(tmp_path / "untitled.db")
    conflict = next(e for e in sample_articles() if e.get("conflict") and not e.get("no_date"))
    calm = next(e for e in sample_articles() if not e.get("conflict") and not e.get("no_date"))
    insert_article(db, {**conflict, "title": ""}, 1, None)  # an import without a headline
    insert_article(db, {**calm, "title": None}, 2, None)
    day = date.fromisoformat(conflict["published"][:10])
    for lang, untitled in (("id", "(tanpa judul)"), ("en", "(untitled)")):
        document = digest.build(db, day, 1, lang=lang)
        for fmt in ("md", "html"):
            text = rendering.render(document, fmt)
            assert untitled in text and "None" not in text and "[](" not in text and "></a>" not in text


def test_a_story_takes_the_first_headline_its_articles_have() -> None:
    members = [
        {"title": "", "dup_of": None, "seen": "2026-11-20T01:00:00Z", "source": "a", "dated": 1},
        {"title": "Warga Dua Desa Bentrok", "dup_of": None, "seen": "2026-11-20T02:00:00Z", "source": "b",
         "dated": 1},
    ]  # fmt: skip
    common = {"province_code": None, "regency_code": None, "themes": None, "conflict": 1}
    common |= {"killed": 0, "injured": 0, "damaged": 0}
    assert story_rows.aggregate([m | common for m in members])["title"] == "Warga Dua Desa Bentrok"


def one_calm_day(path: Path) -> tuple[Database, date]:
    """A database holding one calm, tagged sample article, and that article's day."""
    db = open_db(path)
    entry = next(e for e in sample_articles() if not e.get("conflict") and not e.get("no_date"))
    insert_article(db, entry, 1, None)
    return db, date.fromisoformat(entry["published"][:10])


def other_article(db: Database, number: int, source: str, seen: str, tagged: bool = False) -> None:
    """An article of `source` seen at `seen` (ISO, UTC), calm when tagged."""
    url = f"https://{source}.test/{number}"
    row = {"id": number, "canonical_url": url, "url": url, "source": source, "title": "Berita"}
    db["articles"].insert(row | {"text": "Isi.", "published_at": seen, "fetched_at": seen})
    if tagged:
        db["article_tags"].insert({"article_id": number, "model_version": "gold", "conflict": 0})


def test_a_source_gone_silent_is_named_and_the_day_is_not_quiet(tmp_path: Path) -> None:
    db, day = one_calm_day(tmp_path / "silent.db")  # the window's one sample article: calm, tagged
    for number in range(28 * 4):  # MC Kalsel brought four articles a day for four weeks, then nothing
        other_article(
            db, 1000 + number, "mckalsel", f"{day - timedelta(days=1 + number // 4)}T0{number % 4}:00:00Z"
        )
    for number in range(29 * 8):  # another outlet kept its pace of eight a day, the window's day too
        other_article(
            db, 5000 + number, "lain", f"{day - timedelta(days=number // 8)}T10:00:00Z", tagged=True
        )
    for number in range(22):  # a small outlet: one a day, then nothing for the last week
        other_article(db, 9000 + number, "kecil", f"{day - timedelta(days=7 + number)}T05:00:00Z")
    document = digest.build(db, day, 1)
    assert document["coverage"]["silent_sources"] == [
        {"source": "kecil", "days": 7, "usual": 7.0},  # one day without it would say nothing; a week does
        {"source": "mckalsel", "days": 1, "usual": 4.0},
    ]
    assert not document["quiet"] and document["coverage"]["status"] == "ok"
    text = rendering.render(document, "md")
    assert (
        "Media yang berhenti memuat artikel, padahal biasanya ada: kecil (tidak ada dalam 7 hari, biasanya 7)"
        in text
    )
    assert "mckalsel (tidak ada dalam 1 hari, biasanya 4)" in text
    assert "Hari yang tenang" not in text and "sebagian media tidak memuat artikel" in text
    english = rendering.render(digest.build(db, day, 1, lang="en"), "html")
    assert 'id="silent-sources"' in english and "mckalsel (none in 1 day, usually 4)" in english
    assert "A quiet day" not in english
    digest.archive(db, document, {"md": str(tmp_path / "d.md")})
    feed = feedparser.parse(feeds.write_feed(db, tmp_path / "feed.xml").read_text(encoding="utf-8"))
    summary = feed.entries[0].summary  # the feed tells no less than the digest
    assert "mckalsel (tidak ada dalam 1 hari, biasanya 4)" in summary


def test_a_usual_level_scaled_from_a_short_history_says_so(tmp_path: Path) -> None:
    db, day = one_calm_day(tmp_path / "short.db")  # the window's one article
    for number in range(30):  # three days of ten articles a day from one outlet, then none in the window
        other_article(
            db, 100 + number, "ramai", f"{day - timedelta(days=1 + number // 10)}T0{number % 10}:00:00Z"
        )
    document = digest.build(db, day, 1)
    found = document["coverage"]
    assert (found["status"], found["usual"], found["usual_from_days"]) == ("low", 10.0, 3)
    text = rendering.render(document, "md")
    assert "Cakupan data rendah: 1 artikel, biasanya 10 (perkiraan dari riwayat 3 hari)." in text
    assert "ramai (tidak ada dalam 1 hari, biasanya 10, perkiraan dari riwayat 3 hari)" in text
    english = rendering.render(digest.build(db, day, 1, lang="en"), "md")
    assert "vs usual 10 (estimated from 3 days of history)" in english


def test_a_day_of_history_measures_no_usual_level_for_a_month(tmp_path: Path) -> None:
    db, day = one_calm_day(tmp_path / "oneday.db")  # the month's one article
    other_article(db, 100, "sekali", f"{day - timedelta(days=31)}T05:00:00Z")  # one the day before the month
    document = digest.build(db, day, 31)
    found = document["coverage"]
    assert (found["status"], found["usual"], found["silent_sources"]) == ("unknown", None, [])
    text = rendering.render(document, "md")
    assert "riwayat 1 hari terlalu pendek untuk dibandingkan (1 artikel pada periode ini)" in text
    assert "riwayat terlalu pendek untuk menilai cakupan data" in text and "biasanya 31" not in text
    english = rendering.render(digest.build(db, day, 31, lang="en"), "md")
    assert "1 day of history is too short to compare with (1 article in this period)" in english


def test_an_empty_window_says_no_data_not_quiet(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty.md"
    run("--db", str(sample_path), "--date", "2026-12-05", "--format", "md", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert "Tidak ada data untuk periode ini" in text and "Hari yang tenang" not in text
    assert "Sinyal tidak dapat dihitung" in text and "Tidak ada sinyal peningkatan" not in text
    english = rendering.render(digest.build(open_db(sample_path), date(2026, 12, 5), 1, lang="en"), "html")
    assert "No data for this period" in english and "A quiet day" not in english
    assert "Signals cannot be computed" in english


def test_untagged_articles_make_the_day_incomplete_not_quiet(tmp_path: Path) -> None:
    db = open_db(tmp_path / "untagged.db")
    entry = next(e for e in sample_articles() if e.get("conflict") and not e.get("no_date"))
    insert_article(db, entry, 1, None)
    db.execute("delete from article_tags")  # crawled, but `waspada tag` has not run (or failed)
    db.conn.commit()
    day = date.fromisoformat(entry["published"][:10])
    document = digest.build(db, day, 1)
    assert document["coverage"]["untagged"] == 1 and not document["quiet"]
    text = rendering.render(document, "md")
    assert "Belum lengkap: 1 dari 1 artikel periode ini belum ditandai model" in text
    assert "Hari yang tenang" not in text and "di antara artikel yang sudah ditandai" in text
    english = rendering.render(digest.build(db, day, 1, lang="en"), "html")
    assert "Incomplete: 1 of 1 articles" in english and "A quiet day" not in english


def test_an_empty_database_is_no_data(tmp_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty.html"
    run("--db", str(tmp_db), "--date", "2026-11-27", "--out", str(out))
    html = out.read_text(encoding="utf-8")
    assert "Tidak ada data untuk periode ini" in html and "Hari yang tenang" not in html


def test_out_dash_prints_the_digest_without_archiving_it(sample_path: Path) -> None:
    printed = run("--db", str(sample_path), "--date", "2026-11-27", "--format", "md", "--out", "-")
    assert printed.startswith("# Waspada — Ringkasan Harian Ketegangan Sosial")
    assert not Path("-").exists() and open_db(sample_path)["digests"].count == 0


def test_a_date_after_today_is_refused_and_nothing_is_archived(sample_path: Path) -> None:
    later = (datetime.now(clock.WIB).date() + timedelta(days=1)).isoformat()
    result = CliRunner().invoke(cli, ["digest", "--db", str(sample_path), "--date", later])
    assert result.exit_code == 1 and f"--date {later} is after today" in result.output
    assert open_db(sample_path)["digests"].count == 0


def test_a_missing_database_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    result = CliRunner().invoke(cli, ["digest", "--db", str(missing), "--out", str(tmp_path / "d.html")])
    assert result.exit_code != 0 and "no such database" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not missing.exists()


def test_low_coverage_is_said_plainly(sample_path: Path) -> None:
    db = open_db(sample_path)
    for number in range(5000, 5400):  # a busy month before the window, then the sample's own days
        seen = f"2026-10-{1 + number % 28:02d}T03:00:00+00:00"
        db["articles"].insert(
            {
                "id": number,
                "canonical_url": f"http://x.test/{number}",
                "url": "u",
                "source": "x",
                "fetched_at": seen,
                "published_at": seen,
                "title": f"Berita {number}",
                "text": "Isi.",
            }
        )
    document = digest.build(db, date(2026, 11, 5), 1)
    assert document["coverage"]["status"] == "low" and not document["quiet"]
    assert "Cakupan data rendah" in rendering.render(document, "md")
    quiet = rendering.render({**document, "signals": []}, "md")  # no signal rose: it may have been missed
    assert "Tidak ada sinyal peningkatan, tetapi cakupan data rendah: sinyal bisa terlewat." in quiet


def test_signal_counts_equal_their_linked_stories(sample_path: Path) -> None:
    db = open_db(sample_path)
    for lang in ("id", "en"):
        document = digest.build(db, DAY, 7, lang=lang)
        assert document["signals"]
        for signal in document["signals"]:
            assert signal["observed"] == len(signal["story_ids"]) == len(set(signal["story_ids"]))
            assert int(signal["reason"].split()[0]) == len(signal["story_ids"]), signal["reason"]
            assert not re.match(r"0 (tewas|killed)", signal["reason"])


def test_every_time_shown_carries_its_zone(sample_path: Path) -> None:
    db = open_db(sample_path)
    document = digest.build(db, DAY, 7)
    for fmt in ("html", "md"):
        text = rendering.render(document, fmt)
        shown = re.sub(r"<svg.*?</svg>", "", text, flags=re.S)  # chart axes carry dates, not times
        times = re.findall(r"\b\d{1,2}[.:]\d{2}\b(?: [A-Z]{3,4})?", shown)
        # the digest's own times are WIB; a quoted article sentence keeps the outlet's zone (WITA, WIT)
        assert times and all(t.endswith((" WIB", " WITA", " WIT")) for t in times), times
        assert sum(t.endswith(" WIB") for t in times) > len(times) / 2
        assert "UTC)" not in text.replace("(UTC+7)", "") and "T0" not in re.sub(
            r"<svg.*?</svg>", "", text, flags=re.S
        )
        assert "Semua waktu dalam WIB (UTC+7)" in text
    assert document["generated_at"].endswith("+00:00") and document["generated_at_wib"].endswith("+07:00")
    story = document["provinces"][0]["stories"][0]
    assert story["first_seen_wib"].endswith("+07:00") and story["articles"][0]["published_wib"].endswith(
        "+07:00"
    )


def test_a_short_history_prints_the_not_enough_history_line(tmp_path: Path) -> None:
    db = open_db(tmp_path / "short.db")
    ids = load_sample(db)
    assert ids
    first = db.execute("select min(published_at) from articles").fetchone()[0][:10]
    day = date.fromisoformat(first).toordinal() + 13
    document = digest.build(db, date.fromordinal(day), 1)
    assert document["baseline_days"] < 28
    text = rendering.render(document, "md")
    assert f"Riwayat belum cukup ({document['baseline_days']} hari)" in text
    english = rendering.render(digest.build(db, date.fromordinal(day), 1, lang="en"), "md")
    assert f"Not enough history ({document['baseline_days']} days)" in english


def test_one_day_of_history_is_one_day_in_english(tmp_path: Path) -> None:
    db = open_db(tmp_path / "oneday.db")
    entries = [e for e in sample_articles() if e.get("conflict") and not e.get("no_date")][:2]
    day = date.fromisoformat(entries[0]["published"][:10])
    insert_article(db, {**entries[0], "published": f"{day - timedelta(days=1)} 10:00"}, 1, None)
    insert_article(db, {**entries[1], "published": f"{day} 10:00"}, 2, None)
    document = digest.build(db, day, 1, lang="en")
    assert document["baseline_days"] == document["history_days"] == 1
    english = rendering.render(document, "md")
    assert "Not enough history (1 day)" in english and "covers 1 day in a row" in english
    assert "1 days" not in english


def test_review_tier_is_listed_apart_and_never_counted_as_conflict(tmp_path: Path) -> None:
    db = open_db(tmp_path / "review.db")
    entry = next(e for e in sample_articles() if not e.get("conflict") and not e.get("no_date"))
    insert_article(db, entry, 1, None)
    db.execute("update article_tags set review = 1, conflict = 0 where article_id = 1")
    db.conn.commit()
    day = date.fromisoformat(entry["published"][:10])
    document = digest.build(db, day, 1)
    assert document["review"]["n"] == 1 and document["counts"]["conflict_stories"] == 0
    assert not document["signals"]
    text = rendering.render(document, "md")
    assert "## Mungkin terkait konflik — perlu ditinjau (1)" in text and entry["title"] in text
    english = rendering.render(digest.build(db, day, 1, lang="en"), "html")
    assert "Possibly conflict — to review" in english


def test_an_article_without_a_publication_date_shows_its_fetch_time_as_such(tmp_path: Path) -> None:
    """A page that states no publication date is placed at the time it was fetched; the digest says so
    beside that time, and its JSON marks it undated."""
    db = open_db(tmp_path / "undated.db")
    entry = next(e for e in sample_articles() if e.get("conflict") and not e.get("no_date"))
    insert_article(db, entry, 1, None)
    insert_article(db, entry | {"id": "undated-copy", "no_date": True, "outlet": "othersite"}, 2, None)
    db.execute(
        "update articles set fetched_at = (select published_at from articles where id = 1) where id = 2"
    )
    db.conn.commit()
    day = date.fromisoformat(entry["published"][:10])
    document = digest.build(db, day, 1)
    articles = [a for p in document["provinces"] for s in p["stories"] for a in s["articles"]]
    assert sorted(a["dated"] for a in articles) == [False, True]
    for lang, note in (
        ("id", "waktu diambil, tanggal terbit tidak diketahui"),
        ("en", "publication date unknown"),
    ):
        text = rendering.render(digest.build(db, day, 1, lang=lang), "md")
        assert text.count(note) == 1, text


def test_a_signal_says_how_many_of_its_stories_have_no_publication_date(sample_path: Path) -> None:
    """A story whose pages state no date is placed at the time fetched (maybe long after it happened):
    a signal counting it says so, in both languages."""
    db = open_db(sample_path)
    signal = digest.build(db, DAY, 7)["signals"][0]
    assert signal["undated"] == 0 and signal["undated_note"] == ""
    story = signal["story_ids"][0]
    db.execute(
        "update articles set fetched_at = published_at, published_at = null "
        "where id in (select article_id from story_articles where story_id = ?)",
        [story],
    )
    story_rows.refresh(db, [story])
    total = len(signal["story_ids"])
    for lang, note in (
        ("id", f"tanpa tanggal terbit: 1 dari {total} cerita"),
        ("en", f"no publication date: 1 of {total} "),
    ):
        document = digest.build(db, DAY, 7, lang=lang)
        same = next(s for s in document["signals"] if s["story_ids"] == signal["story_ids"])
        assert same["undated"] == 1 and same["undated_note"].startswith(note)
        for fmt in ("html", "md"):
            assert note in rendering.render(document, fmt)


def test_english_counts_are_singular_for_one(tmp_path: Path) -> None:
    db = open_db(tmp_path / "one.db")
    entry = next(e for e in sample_articles() if e.get("conflict") and not e.get("no_date"))
    insert_article(db, entry, 1, None)
    text = rendering.render(digest.build(db, date.fromisoformat(entry["published"][:10]), 1, lang="en"), "md")
    assert "1 article, 1 outlet" in text and "1 conflict story" in text and "1 articles" not in text


def test_default_file_names_differ_per_database_and_date(
    sample_path: Path, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    monkeypatch.setenv("WASPADA_OUT", str(tmp_path / "out"))
    other = tmp_path / "other.db"
    open_db(other).conn.close()
    paths = {
        run("--db", str(sample_path), "--date", "2026-11-27"),
        run("--db", str(other), "--date", "2026-11-27"),
        run("--db", str(sample_path), "--date", "2026-11-26"),
    }
    assert len(paths) == 3 and all(Path(p).exists() for p in paths)


def test_written_files_end_with_a_newline(sample_path: Path, tmp_path: Path) -> None:
    document = digest.build(open_db(sample_path), DAY, 7)
    for fmt in ("html", "md", "json"):
        text = digest.write(open_db(sample_path), document, fmt, tmp_path / f"d.{fmt}").read_text("utf-8")
        assert text.endswith("\n") and not text.endswith("\n\n"), fmt


def test_rerunning_a_digest_keeps_one_archive_row_and_feed_links_use_the_public_url(
    sample_path: Path,
    tmp_path: Path,
    monkeypatch,  # noqa: ANN001
) -> None:
    monkeypatch.setenv("WASPADA_OUT", str(tmp_path / "out"))
    monkeypatch.setenv("WASPADA_PUBLIC_URL", "https://waspada.example.go.id/digest/")
    for _ in range(2):
        run("--db", str(sample_path), "--date", "2026-11-27", "--days", "7")
    db = open_db(sample_path)
    assert db["digests"].count == 1
    feed = feedparser.parse(feeds.write_feed(db, tmp_path / "feed.xml").read_text(encoding="utf-8"))
    assert len(feed.entries) == 1
    base = "https://waspada.example.go.id/digest/digest-sample-2026-11-27-7d-id"
    assert feed.entries[0].link == f"{base}.html"  # the page a reader opens, then the data beside it
    links = {link.type: link.href for link in feed.entries[0].links}
    assert links == {"text/html": f"{base}.html", "application/json": f"{base}.json"}


def test_article_text_is_escaped(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    entry = next(e for e in sample_articles() if e["id"] == "kn-bentrok-tapal-batas-hampang")
    evil = entry | {
        "title": "<script>alert('x')</script> Bentrok <b>warga</b>",
        "paragraphs": [
            p.replace("Sengketa", "<img src=x onerror=alert(1)> Sengketa") for p in entry["paragraphs"]
        ],
    }
    insert_article(db, evil, 1, None)
    html = rendering.render(digest.build(db, date(2026, 11, 19), 1), "html")
    assert "<script" not in html and "<img" not in html and "<b>warga" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Bentrok &lt;b&gt;warga&lt;/b&gt;" in html
    markdown = rendering.render(digest.build(db, date(2026, 11, 19), 1), "md")
    assert "<script" not in markdown and "<img" not in markdown and "&lt;script&gt;" in markdown


def test_json_follows_the_documented_schema(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.json"
    run(
        "--db", str(sample_path), "--date", "2026-11-27", "--days", "7", "--format", "json", "--out", str(out)
    )
    document = json.loads(out.read_text(encoding="utf-8"))
    documented = set(
        re.findall(r"^\| `([a-z_.\[\]]+)`", SCHEMA_DOC.read_text(encoding="utf-8"), re.MULTILINE)
    )
    top = {key for key in documented if "." not in key}
    assert top == set(document), "docs/digest-schema.md and the JSON disagree"
    story = document["provinces"][0]["stories"][0]
    for key in (k.split(".", 2)[2] for k in documented if k.startswith("provinces[].stories[].")):
        assert key.split(".")[0].removesuffix("[]") in story
    signal = document["signals"][0]
    assert {"kind", "reason", "reason_id", "reason_en", "story_ids", "series"} <= set(signal)


def test_province_filter_keeps_only_that_province(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.json"
    run(
        "--db",
        str(sample_path),
        "--date",
        "2026-11-20",
        "--days",
        "10",
        "--province",
        "52",
        "--format",
        "json",
        "--out",
        str(out),
    )
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [p["code"] for p in document["provinces"]] == ["52"]
    assert document["provinces_filter"] == ["52"]


def test_the_province_filter_is_named_and_an_unknown_code_is_refused(
    sample_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "d.md"
    window = ["--date", "2026-11-20", "--days", "10"]
    run("--db", str(sample_path), *window, "--province", "52", "--format", "md", "--out", str(out))
    assert "(10 hari) · Nusa Tenggara Barat · " in out.read_text(encoding="utf-8")
    refused = CliRunner().invoke(cli, ["digest", "--db", str(sample_path), "--province", "99"])
    assert refused.exit_code == 2 and "'99' is not a province code" in refused.output


def test_every_digest_is_archived_and_the_feed_lists_them(sample_path: Path, tmp_path: Path) -> None:
    for lang in ("id", "en"):
        run(
            "--db",
            str(sample_path),
            "--date",
            "2026-11-27",
            "--days",
            "7",
            "--lang",
            lang,
            "--out",
            str(tmp_path / f"d-{lang}.html"),
        )
    db = open_db(sample_path)
    rows = list(db.query("select lang, n_signals, paths, data from digests order by id"))
    assert [r["lang"] for r in rows] == ["id", "en"] and rows[0]["n_signals"] >= 1
    assert json.loads(rows[0]["data"])["date"] == "2026-11-27"
    feed = feedparser.parse(feeds.write_feed(db, tmp_path / "feed.xml").read_text(encoding="utf-8"))
    assert not feed.bozo and len(feed.entries) == 2
    assert "Daily Digest" in feed.entries[0].title and "governance" in feed.entries[0].summary


def test_digest_is_idempotent_on_stories(sample_path: Path) -> None:
    db = open_db(sample_path)
    first = digest.build(db, DAY, 7)
    count = db["stories"].count
    second = digest.build(db, DAY, 7)
    assert db["stories"].count == count and first["provinces"] == second["provinces"]


def test_bad_options_are_input_errors(tmp_db: Path) -> None:
    with pytest.raises(InputError):
        digest.parse_date("27-11-2026")
    result = CliRunner().invoke(cli, ["digest", "--db", str(tmp_db), "--date", "kemarin"])
    assert result.exit_code != 0 and "--date" in result.output


def test_map_data_names_regions_and_draws_every_province() -> None:
    from reports import maps

    assert maps.region_name("63.02") == "Kabupaten Kotabaru" and maps.region_name("94") == "Papua Tengah"
    svg = maps.render({"63.02": 3, "94.05": 1}, "Peta")
    assert svg.count("<path") == 38 and svg.count("<circle") == 2 and "Kabupaten Kotabaru: 3" in svg


@pytest.mark.shared
def test_build_map_script_reproduces_the_shipped_file(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    shared = root.parent / "shared" / "data"
    if not (shared / "boundaries" / "provinces_38.geojson").exists():
        pytest.skip("../shared/data is not available")
    out = tmp_path / "map.json.gz"
    subprocess.run(
        [sys.executable, str(root / "scripts" / "build_map.py"), "--shared", str(shared), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == (root / "reports" / "data" / "map.json.gz").read_bytes()


def test_article_links_lead_to_the_workbench_when_it_is_served(
    sample_path: Path,
    tmp_path: Path,
    monkeypatch,  # noqa: ANN001
) -> None:
    """With `workbench_url` set, each listed article also links to the analyst's article page."""
    db = open_db(sample_path)
    plain = rendering.render(digest.build(db, date(2026, 11, 27), 7), "html")
    assert "/waspada/articles/" not in plain
    monkeypatch.setenv("WASPADA_WORKBENCH_URL", "https://waspada.example.go.id/")
    document = digest.build(db, date(2026, 11, 27), 7)
    article = document["provinces"][0]["stories"][0]["articles"][0]
    page = f"https://waspada.example.go.id/waspada/articles/{article['id']}"
    assert article["workbench_url"] == page
    assert f'<a href="{page}">tinjau di Waspada</a>' in rendering.render(document, "html")
    assert f"[tinjau di Waspada](<{page}>)" in rendering.render(document, "md")
