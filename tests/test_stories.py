"""Stories: the sample site's multi-outlet events become one story each, incrementally and idempotently."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from report_fixtures import (
    ARTICLES,
    gold_clusters,
    insert_article,
    load_sample,
    pairwise_f1,
    sample_articles,
)

from reports import stories, story_grouping, story_rows
from reports import story_evidence as evidence
from store.db import open_db
from store.errors import InputError
from waspada.cli import cli

F1_FLOOR = 1.0  # issue 13: the sample site stays 1.00


@pytest.fixture
def sample_db(tmp_path: Path):  # noqa: ANN201 - sqlite_utils.Database
    db = open_db(tmp_path / "w.db")
    load_sample(db)
    return db


def predicted(db, ids: dict[str, int]) -> dict[str, int]:  # noqa: ANN001
    slug = {number: name for name, number in ids.items()}
    return {slug[a]: s for a, s in db.execute("select article_id, story_id from story_articles").fetchall()}


def test_sample_events_cluster_with_pairwise_f1_above_floor(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    ids = load_sample(db)
    stories.build_stories(db)
    precision, recall, f1 = pairwise_f1(predicted(db, ids), gold_clusters(sample_articles()))
    assert f1 >= F1_FLOOR, f"pairwise P={precision:.2f} R={recall:.2f} F1={f1:.2f}"


def test_the_demo_crawl_with_the_extra_pages_clusters_without_false_merges(tmp_path: Path) -> None:
    """The demo crawls broken/extra.yaml's pages too: two FKUB dialogs of one day in two kota/kabupaten
    and the Bakesbangpol meeting two days before stay three stories (dateline months are no shared
    figure)."""
    db = open_db(tmp_path / "w.db")
    ids = load_sample(db)
    extra = yaml.safe_load((ARTICLES.parent / "broken" / "extra.yaml").read_text(encoding="utf-8"))
    for number, entry in enumerate(extra, start=len(ids) + 1):
        insert_article(db, entry, number, None)
        ids[entry["id"]] = number
    stories.build_stories(db)
    precision, recall, f1 = pairwise_f1(predicted(db, ids), gold_clusters(sample_articles() + extra))
    assert f1 >= F1_FLOOR, f"pairwise P={precision:.2f} R={recall:.2f} F1={f1:.2f}"


def test_every_article_lands_in_exactly_one_story_and_rerun_is_a_no_op(sample_db) -> None:  # noqa: ANN001
    first = stories.build_stories(sample_db)
    assert first.assigned == sample_db["articles"].count
    before = list(sample_db.query("select * from story_articles order by article_id"))
    again = stories.build_stories(sample_db)
    assert again.assigned == 0 and again.new_stories == 0
    assert list(sample_db.query("select * from story_articles order by article_id")) == before


def test_an_upgraded_database_marks_the_stories_none_of_whose_articles_is_dated(tmp_path: Path) -> None:
    """Migration m013 fills stories.dated for the stories an older Waspada built; new builds keep it."""
    db = open_db(tmp_path / "old.db")
    load_sample(db)
    stories.build_stories(db)
    already = {row[0] for row in db.execute("select id from stories where not dated")}  # pages without a date
    undated = db.execute("select min(id) from stories where dated").fetchone()[0]
    db.execute(
        "update articles set fetched_at = published_at, published_at = null "
        "where id in (select article_id from story_articles where story_id = ?)",
        [undated],
    )
    db.execute("alter table stories drop column dated")  # as a database of before m013
    db.execute("delete from _migrations where name = 'm013_story_dated'")
    db.conn.commit()
    db.conn.close()
    db = open_db(tmp_path / "old.db")
    assert {row[0] for row in db.execute("select id from stories where not dated")} == already | {undated}
    story_rows.refresh(db, [undated])
    assert {row[0] for row in db.execute("select id from stories where not dated")} == already | {undated}


def test_impact_is_the_largest_reported_figure_not_a_sum(sample_db) -> None:  # noqa: ANN001
    stories.build_stories(sample_db)
    story = next(s for s in story_rows.list_stories(sample_db) if "Hampang" in s["title"])
    # kabarnusantara reports 3 injured / 1 damaged, mediacenter 4 / 3, wartatimur 4 injured.
    assert story["n_articles"] == 3 and story["n_sources"] == 3
    assert story["injured"] == 4 and story["damaged"] == 3
    assert story["province_codes"] == ["63"] and story["regency_codes"][0] == "63.02"
    assert "communal_violence" in story["themes"] and story["conflict"] == 1
    assert story["title"] == "Rebutan Tapal Batas, Warga Dua Desa di Hampang Kotabaru Bentrok"
    assert 2 <= len(story["summary"]) <= 3


def test_a_story_continues_when_a_later_article_arrives(sample_db) -> None:  # noqa: ANN001
    stories.build_stories(sample_db, until="2026-11-19")
    hampang = next(s for s in story_rows.list_stories(sample_db) if "Hampang" in s["title"])
    assert hampang["n_articles"] == 2  # the third outlet published on 20 November
    stories.build_stories(sample_db)
    again = next(s for s in story_rows.list_stories(sample_db) if s["id"] == hampang["id"])
    assert again["n_articles"] == 3 and again["last_seen"] > hampang["last_seen"]


def test_republished_copy_joins_its_original_through_dup_of(sample_db) -> None:  # noqa: ANN001
    stories.build_stories(sample_db)
    rows = sample_db.execute(
        "select a.id, sa.story_id, so.story_id from articles a "
        "join story_articles sa on sa.article_id = a.id "
        "join story_articles so on so.article_id = a.dup_of where a.dup_of is not null"
    ).fetchall()
    assert rows and all(own == original for _, own, original in rows)


def test_close_wording_in_another_province_is_another_event(tmp_path: Path) -> None:
    """Two earthquakes a day apart, in Malang (Jawa Timur) and Alor (NTT): alike words, two stories."""
    db = open_db(tmp_path / "w.db")
    for number, slug in enumerate(["kn-gempa-kabupaten-malang", "wt-gempa-alor-rumah-rusak"], start=1):
        insert_article(db, next(e for e in sample_articles() if e["id"] == slug), number, None)
    stories.build_stories(db)
    assert db["stories"].count == 2


@pytest.mark.parametrize(("province", "regency"), [("72", "72.10"), ("31", "31.71"), (None, None)])
def test_one_report_placed_elsewhere_still_joins_when_told_in_the_same_words(
    tmp_path: Path, province: str | None, regency: str | None
) -> None:
    """A national desk retells the Hampang clash: tagged in another province, in Jakarta (its dateline) or
    nowhere, the same wording keeps it in the clash's story."""
    db = open_db(tmp_path / "w.db")
    entry = next(e for e in sample_articles() if e["id"] == "kn-bentrok-tapal-batas-hampang")
    insert_article(db, entry, 1, None)
    insert_article(db, entry | {"id": "national-desk", "province": province, "regency": regency}, 2, None)
    stories.build_stories(db)
    assert db["stories"].count == 1


def test_another_clash_told_as_another_day_makes_another_story(tmp_path: Path) -> None:
    """Same regency, same words, fetched a day later from an undated page: its dateline says 1 November,
    17 days before the clash (more than DATELINE_TOLERANCE_DAYS)."""
    db = open_db(tmp_path / "w.db")
    entry = next(e for e in sample_articles() if e["id"] == "kn-bentrok-tapal-batas-hampang")
    insert_article(db, entry, 1, None)
    later = [
        p.replace("(18/11/2026)", "(1/11/2026)").replace("(19/11/2026)", "(1/11/2026)")
        for p in entry["paragraphs"]
    ]
    insert_article(db, entry | {"id": "clash-later", "no_date": True, "paragraphs": later}, 2, None)
    db.execute("update articles set fetched_at = '2026-11-20T00:00:00+00:00' where id = 2")
    db.conn.commit()
    stories.build_stories(db)
    assert db["stories"].count == 2


def stories_after_a_follow_up(tmp_path: Path, days_later: int, paragraphs: list[str] | None = None) -> int:
    """Group the Hampang clash, then a national desk's retelling (`paragraphs`, else the same text)
    published `days_later`; how many stories there are then (the retelling must be assigned)."""
    db = open_db(tmp_path / "w.db")
    entry = next(e for e in sample_articles() if e["id"] == "kn-bentrok-tapal-batas-hampang")
    insert_article(db, entry, 1, None)
    stories.build_stories(db)
    retelling = entry | {"id": "follow-up", "outlet": "nationaldesk"}
    insert_article(db, retelling | ({"paragraphs": paragraphs} if paragraphs else {}), 2, None)
    db.execute(
        "update articles set published_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', published_at, ?) "
        "where id = 2",
        [f"+{days_later} days"],
    )
    db.conn.commit()
    assert stories.build_stories(db).assigned == 1
    return db["stories"].count


@pytest.mark.parametrize(("days_later", "n_stories"), [(8, 1), (20, 2)])
def test_a_follow_up_in_the_same_words_joins_its_story_within_two_weeks(
    tmp_path: Path, days_later: int, n_stories: int
) -> None:
    """Another outlet retells the Hampang clash in its words 8 days later, after the clash's day was
    grouped: one story. Twenty days later it is another story."""
    assert stories_after_a_follow_up(tmp_path, days_later) == n_stories


def test_a_follow_up_naming_no_date_joins_the_report_dated_eleven_days_before(tmp_path: Path) -> None:
    """A national desk retells the Hampang clash in the same words 11 days later, naming no date: its day is
    its publication's, 11 days after the clash's dateline (18/11). A follow-up may join that late, so the
    dateline does not split them (DATELINE_TOLERANCE_DAYS 10 did)."""
    entry = next(e for e in sample_articles() if e["id"] == "kn-bentrok-tapal-batas-hampang")
    undated = [p.replace(" (18/11/2026)", "").replace(" (19/11/2026)", "") for p in entry["paragraphs"]]
    assert stories_after_a_follow_up(tmp_path, 11, undated) == 1


ROUTINE = "Warga desa menggelar rapat bersama kepala desa dan camat di balai desa. Rapat membahas {}."
AGENDAS = ["jalan rusak", "bantuan pupuk", "jadwal posyandu", "air bersih", "jembatan gantung", "dana desa"]


def test_a_quiet_day_weighs_routine_words_as_the_archive_does(tmp_path: Path) -> None:
    """Two meetings on one quiet day told in the same routine words, about a land dispute and illegal
    parking fees: the archive's other meetings show those words are common, so they are two stories."""
    db = open_db(tmp_path / "w.db")
    agendas = [AGENDAS[k % len(AGENDAS)] for k in range(40)]
    agendas += ["sengketa tanah ulayat", "pungutan liar parkir"]
    for number, agenda in enumerate(agendas, start=1):
        day = f"2026-11-{20 if number > 40 else 1 + number % 10:02d}T03:00:00+00:00"
        db["articles"].insert(
            {
                "id": number,
                "canonical_url": f"http://outlet{number % 3}.test/{number}",
                "url": f"http://outlet{number % 3}.test/{number}",
                "title": f"Rapat warga soal {agenda}",
                "text": ROUTINE.format(agenda),
                "published_at": day,
                "fetched_at": day,
                "source": f"outlet{number % 3}",
            }
        )
    stories.build_stories(db, since="2026-11-20")
    assert db.execute("select count(distinct story_id) from story_articles").fetchone()[0] == 2


def test_a_report_worded_apart_a_week_later_is_another_story() -> None:
    """The retold flood (cosine about 0.25) joins a day later, not eight days later."""
    later = report(1, FLOOD_RETOLD)
    later.seen = later.seen.replace(day=28)
    assigned, _ = story_grouping.assign([report(0, FLOOD), later], [0, 1], 1)
    assert [story for story, _ in assigned] == [1, 2]


def test_a_dateline_day_before_new_year_is_read_in_the_year_before_publication() -> None:
    """ "(30/12)" in an article published on 2 January tells 30 December of the year before."""
    member = story_grouping.Member(
        1, datetime(2025, 1, 2, tzinfo=UTC), None, None, None, "Banjir, Senin (30/12)"
    )
    assert story_grouping.told_or_seen(member, [], 0) == (2024, 11 * 31 + 30, 0, 1)


def test_figures_years_dateline_days_and_ordinals_are_read_from_the_text() -> None:
    told = evidence.stated("Sebanyak 120 personel, 340 hektare, tahun 2026 dan 2025.")
    assert told == (["120", "340"], [2026, 2025], 0)
    assert evidence.stated("HUT ke-79 Kabupaten, Hari Jadi Ke 80, bake 3") == (["79", "80"], [], 79)
    dateline = "Banjarmasin, Selasa (13/11/2026) – Rapat pukul 08.30 WITA diikuti 13 kabupaten, 12:45 WIB"
    assert evidence.stated(dateline) == (["13"], [2026], 0)  # the date's day and month, the times: no figures
    assert evidence.when_told("Kotabaru, Kamis (19/11/2026) – HUT", 2026, 79) == (2026, 10 * 31 + 19, 79)


def test_a_dated_report_tells_its_year_not_the_history_or_the_plans_it_names() -> None:
    """ "Founded in 1994", "target 2030": a report dated 2024 tells a 2024 happening; undated, the latest."""
    assert evidence.happening_year([1994, 2030], datetime(2024, 6, 22, tzinfo=UTC)) == 2024
    assert evidence.happening_year([1994, 2030], None) == 2030


def test_reports_either_side_of_new_year_are_not_told_apart_by_their_years() -> None:
    """31 December 2024 and 2 January 2025 may tell one night; 31 December 2023 and 2024 do not."""
    told = np.array([[2025, 2, 0, 1], [2024, 371, 0, 1]], dtype=np.int32)
    assert evidence.contradicts(told, np.array([2024, 371, 0, 1])).tolist() == [False, False]
    assert evidence.contradicts(told, np.array([2023, 371, 0, 1])).tolist() == [True, True]


def test_an_undated_report_naming_an_earlier_year_may_tell_a_dated_happening() -> None:
    """An undated text is written in or after the years it names: naming 2021 (history), it may report
    a happening dated 2022; naming 2023, it tells another. Two undated texts still need the same year."""
    undated = np.array([[2021, 0, 0, 0], [2023, 0, 0, 0]], dtype=np.int32)
    assert evidence.contradicts(undated, np.array([2022, 200, 0, 1])).tolist() == [False, True]
    dated = np.array([[2022, 200, 0, 1], [2020, 200, 0, 1]], dtype=np.int32)
    assert evidence.contradicts(dated, np.array([2021, 0, 0, 0])).tolist() == [False, True]
    assert evidence.contradicts(undated, np.array([2022, 0, 0, 0])).tolist() == [True, True]


def test_an_undated_report_naming_an_earlier_year_or_none_needs_closer_wording() -> None:
    """Naming 2021, an undated report may tell a happening dated 2022, but only in closer words than two
    reports whose years agree; one that names no year at all tells no time and needs a step more."""
    published = datetime(2022, 9, 24, tzinfo=UTC)
    dated = story_grouping.Member(0, published, "33", "33.19", None, "Hari Jadi Kudus ke-473.")
    undated = story_grouping.Member(1, None, "33", "33.19", None, "Kudus menerima sertifikat tahun 2021.")
    same_year = story_grouping.Member(2, None, "33", "33.19", None, "Kudus menerima sertifikat tahun 2022.")
    untimed = story_grouping.Member(3, None, "33", "33.19", None, "Kudus menerima sertifikat.")
    data = story_grouping.Slice([dated, undated, same_year, untimed])
    needed = data.thresholds(0, np.array([1, 2, 3]))
    expected = [
        story_grouping.YEARS_APART_THRESHOLD,
        story_grouping.THRESHOLD,
        story_grouping.UNTIMED_THRESHOLD,
    ]
    assert needed.tolist() == pytest.approx(expected)  # no date nor year: a step closer wording
    assert data.thresholds(3, np.array([0, 1])).tolist() == pytest.approx(
        [story_grouping.UNTIMED_THRESHOLD] * 2
    )


def test_bad_date_is_an_input_error(sample_db) -> None:  # noqa: ANN001
    with pytest.raises(InputError):
        stories.build_stories(sample_db, since="27/11/2026")


def test_cli_lists_stories_with_member_urls_as_json(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    load_sample(db)
    db.conn.close()
    result = CliRunner().invoke(
        cli,
        [
            "stories",
            "--db",
            str(tmp_path / "w.db"),
            "--since",
            "2026-11-19",
            "--until",
            "2026-11-20",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    hampang = next(s for s in listed if "Hampang" in s["title"])
    assert {a["source"] for a in hampang["articles"]} == {"kabarnusantara", "mediacenter", "wartatimur"}
    assert all(a["url"].startswith("http://") for a in hampang["articles"])
    assert all(s["last_seen"] >= "2026-11-19" and s["first_seen"] < "2026-11-21" for s in listed)


def test_cli_rejects_a_bad_date(tmp_db: Path) -> None:
    result = CliRunner().invoke(cli, ["stories", "--db", str(tmp_db), "--since", "yesterday"])
    assert result.exit_code != 0 and "--since" in result.output
    reversed_days = ["--since", "2026-11-27", "--until", "2026-11-01"]
    result = CliRunner().invoke(cli, ["stories", "--db", str(tmp_db), *reversed_days])
    assert result.exit_code == 1 and "--until 2026-11-01 is before --since 2026-11-27" in result.output


def test_cli_table_marks_conflict_stories_and_lists_urls(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    load_sample(db)
    db.conn.close()
    result = CliRunner().invoke(cli, ["stories", "--db", str(tmp_path / "w.db"), "--since", "2026-11-19"])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if "Hampang Kotabaru Bentrok" in x)
    assert "  3  *  " in line and "fetch time" not in line
    undated = next(entry["title"] for entry in sample_articles() if entry.get("no_date"))
    line = next(x for x in result.stdout.splitlines() if undated in x)
    assert line.endswith("[no publication date: first seen is the fetch time]")
    assert "wartatimur: http://wartatimur.test/wt-bentrok-batas-desa-kotabaru-saksi" in result.stdout
    assert "None" not in result.stdout


def test_cli_table_gives_the_day_alone_for_a_date_written_without_a_time(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    slugs = load_sample(db)
    entry = next(e for e in sample_articles() if not e.get("no_date") and e["id"] in slugs)
    day = entry["published"][:10]
    start_in_wib = f"{date.fromisoformat(day) - timedelta(days=1)}T17:00:00Z"
    db["articles"].update(slugs[entry["id"]], {"published_at": start_in_wib, "published_local": f"{day} WIB"})
    db.conn.close()
    args = ["stories", "--db", str(tmp_path / "w.db"), "--since", day, "--until", day]
    line = next(x for x in CliRunner().invoke(cli, args).stdout.splitlines() if entry["title"] in x)
    assert f"  {day}  " in line and "00:00" not in line


def test_cli_table_names_a_story_without_a_headline_untitled(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    url = "https://contoh.id/tanpa-judul"
    row = {"canonical_url": url, "url": url, "source": "contoh", "title": None, "text": "Warga rapat desa."}
    stamp = "2026-11-20T03:00:00Z"
    db["articles"].insert(row | {"published_at": stamp, "fetched_at": stamp})
    db.conn.close()
    result = CliRunner().invoke(cli, ["stories", "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 0 and "(untitled)" in result.stdout and "None" not in result.stdout


@pytest.mark.shared
def test_sample_events_still_cluster_among_real_regional_news(tmp_path: Path) -> None:
    """763 real labelled excerpts (../shared/data/labeled) spread over the same month as distractors."""
    import random

    folder = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "labeled"
    if not (folder / "natural.jsonl").exists():
        pytest.skip("../shared/data/labeled is not available")
    db = open_db(tmp_path / "w.db")
    ids = load_sample(db)
    rng = random.Random(1)
    lines = [
        *(folder / "articles.jsonl").open(encoding="utf-8"),
        *(folder / "natural.jsonl").open(encoding="utf-8"),
    ]
    for number, line in enumerate(lines, start=1000):
        row = json.loads(line)
        when = f"2026-11-{rng.randint(1, 27):02d}T{rng.randint(0, 23):02d}:00:00+00:00"
        db["articles"].insert(
            {
                "id": number,
                "canonical_url": f"http://real.test/{number}",
                "url": "u",
                "source": "real",
                "fetched_at": when,
                "published_at": when,
                "title": row["title"],
                "text": row["text"],
            }
        )
        db["article_places"].insert(
            {"article_id": number, "province_code": row.get("province"), "regency_code": row.get("regency")}
        )
    stories.build_stories(db)
    precision, recall, f1 = pairwise_f1(predicted_sample(db, ids), gold_clusters(sample_articles()))
    assert f1 >= F1_FLOOR, f"pairwise P={precision:.2f} R={recall:.2f} F1={f1:.2f}"
    mixed = db.execute(
        "select count(*) from (select story_id from story_articles group by story_id "
        "having min(article_id) < 1000 and max(article_id) >= 1000)"
    ).fetchone()[0]
    assert mixed == 0


def predicted_sample(db, ids: dict[str, int]) -> dict[str, int]:  # noqa: ANN001
    slug = {number: name for name, number in ids.items()}
    rows = db.execute("select article_id, story_id from story_articles").fetchall()
    return {slug[a]: s for a, s in rows if a in slug}


FLOOD = (
    "Banjir Rendam Desa Sukamaju. Hujan deras sejak Senin malam membuat Sungai Batang Lubuh meluap dan "
    "merendam ratusan rumah warga Desa Sukamaju, Rokan Hulu. Sebanyak 312 jiwa mengungsi ke balai desa."
)
FLOOD_RETOLD = (
    "Ratusan Warga Sukamaju Mengungsi. Petugas BPBD mendirikan dapur umum bagi pengungsi di balai desa "
    "setelah air setinggi pinggang masuk ke permukiman. Bantuan sembako mulai disalurkan, kata camat."
)
MARKET = (
    "Pasar Murah Digelar di Pasirpengaraian. Pemerintah kabupaten menggelar pasar murah menjelang akhir "
    "tahun untuk menekan harga beras dan minyak goreng."
)
FIRE = (
    "Dapur Umum bagi Korban Kebakaran Pasar. Petugas BPBD mendirikan dapur umum bagi korban kebakaran "
    "Pasar Pematang Berangan; sembako disalurkan kata lurah."
)


def report(number: int, text: str, source: str | None = None) -> story_grouping.Member:
    """A dated report from Rokan Hulu (Riau), 20 or 21 November."""
    title, body = text.split(". ", 1)
    seen = datetime(2026, 11, 20 + number % 2, tzinfo=UTC)
    return story_grouping.Member(
        number, seen, "14", "14.06", None, story_grouping.member_text(title, body), source=source
    )


def test_a_report_worded_apart_joins_its_event_when_nothing_else_looks_alike() -> None:
    """The flood retold a day later shares few words (cosine about 0.25) but nothing else in the window
    comes near it: one story. The market in the same regency stays apart."""
    members = [report(0, FLOOD), report(1, FLOOD_RETOLD), report(2, MARKET)]
    assigned, _ = story_grouping.assign(members, [0, 1, 2], 1)
    assert [story for story, _ in assigned] == [1, 1, 2]


def test_a_report_worded_apart_stays_apart_when_another_happening_looks_as_alike() -> None:
    """With a fire's relief kitchen in the window worded as close to it, the retold flood is not joined."""
    members = [report(0, FLOOD), report(1, FIRE), report(2, FLOOD_RETOLD)]
    assigned, _ = story_grouping.assign(members, [0, 1, 2], 1)
    assert len({story for story, _ in assigned}) == 3


def test_a_report_worded_apart_from_the_same_outlet_is_not_a_lone_match() -> None:
    """One outlet's template makes its articles look alike: the weak lone match needs another outlet."""
    members = [report(0, FLOOD, "riaupos"), report(1, FLOOD_RETOLD, "riaupos"), report(2, MARKET, "riaupos")]
    assigned, _ = story_grouping.assign(members, [0, 1, 2], 1)
    assert len({story for story, _ in assigned}) == 3
    members = [report(0, FLOOD, "riaupos"), report(1, FLOOD_RETOLD, "mcriau"), report(2, MARKET, "riaupos")]
    assigned, _ = story_grouping.assign(members, [0, 1, 2], 1)
    assert [story for story, _ in assigned] == [1, 1, 2]
