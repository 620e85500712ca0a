"""`waspada tag`, `waspada classify` and `waspada eval regions` on a real migrated SQLite database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlp.selection import TAGGER_VERSION
from nlp.tag import tag_articles
from store.db import open_db
from waspada.cli import cli

ARTICLES = [
    (
        "Warga Dua Desa di Bima Bentrok",
        "BIMA - Dua kelompok warga di Kabupaten Bima, NTB, bentrok.",
        "a",
        None,
    ),
    ("Rakor Tim Terpadu", "Rapat koordinasi penanganan konflik digelar di aula kantor gubernur.", "mc", None),
    (
        "Banjir di Martapura",
        "Banjarmasin, Kamis (28/11/2019) – Banjir melanda Martapura.",
        "mc",
        "2026-11-02",
    ),
    ("Harga Tiket Naik", "JAKARTA - Menteri Perhubungan menyebut harga tiket naik.", "a", "2026-11-20"),
]


def make_db(path: Path) -> Path:
    db = open_db(path)
    db["sources"].insert_all([{"name": "mc", "province_code": "63"}, {"name": "a", "province_code": None}])
    for number, (title, text, source, published) in enumerate(ARTICLES, 1):
        db["articles"].insert(
            {
                "id": number,
                "canonical_url": f"https://x.test/{number}",
                "url": f"https://x.test/{number}",
                "title": title,
                "text": text,
                "source": source,
                "published_at": published,
                "fetched_at": "2026-11-25T00:00:00+00:00",
            }
        )
    db.conn.close()
    return path


def places(path: Path) -> dict[int, dict]:
    return {row["article_id"]: row for row in open_db(path)["article_places"].rows}


def test_tag_places_every_article_and_stores_mentions(tmp_path: Path) -> None:
    path = make_db(tmp_path / "w.db")
    result = CliRunner().invoke(cli, ["tag", "--db", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "tagged 4 article(s)" in result.output and "to review (perlu ditinjau) [model " in result.output
    got = places(path)
    assert (got[1]["province_code"], got[1]["regency_code"], got[1]["reason"]) == ("52", "52.06", "dateline")
    assert 118 < got[1]["lng"] < 119.5 and -9 < got[1]["lat"] < -8  # Kabupaten Bima's centroid
    assert (got[2]["province_code"], got[2]["regency_code"], got[2]["reason"]) == (
        "63",
        None,
        "source_default",
    )
    assert got[3]["regency_code"] == "63.03"  # Martapura -> Kabupaten Banjar
    assert (got[4]["province_code"], got[4]["reason"]) == (None, "none")
    db = open_db(path)
    mentions = list(db.query("select * from region_mentions where article_id = 1 order by field, start"))
    assert {(m["field"], m["text"], m["code"]) for m in mentions} >= {
        ("title", "Bima", "52.06"),
        ("text", "NTB", "52"),
    }
    text = ARTICLES[0][1]
    assert all(text[m["start"] : m["end"]] == m["text"] for m in mentions if m["field"] == "text")
    assert db["regions"].count == 38 + 514


def test_tag_is_idempotent_and_retag_replaces(tmp_path: Path) -> None:
    path = make_db(tmp_path / "w.db")
    first = tag_articles(open_db(path), progress=False)
    again = tag_articles(open_db(path), progress=False)
    assert first["articles"] == 4 and again["articles"] == 0
    before = open_db(path)["region_mentions"].count
    retag = tag_articles(open_db(path), retag=True, progress=False)
    assert retag["articles"] == 4 and open_db(path)["region_mentions"].count == before
    assert open_db(path)["regions"].count == 552


def test_articles_tagged_by_older_rules_are_tagged_again_without_retag(tmp_path: Path) -> None:
    path = make_db(tmp_path / "w.db")
    tag_articles(open_db(path), progress=False)
    db = open_db(path)
    with db.conn:  # as an older Waspada left them: impact counted by other rules, places by regions-1
        db.execute("update article_tags set tagger_version = null, killed = 99 where article_id = 1")
        db.execute("update article_places set tagger_version = 'regions-1' where article_id = 2")
    again = tag_articles(open_db(path), progress=False)
    assert again["articles"] == 2
    tags = open_db(path)["article_tags"].get(1)
    assert (tags["tagger_version"], tags["killed"]) == (TAGGER_VERSION, 0)
    assert places(path)[2]["tagger_version"] == TAGGER_VERSION
    assert tag_articles(open_db(path), progress=False)["articles"] == 0


def test_without_a_model_places_are_tagged_and_the_summary_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "models"
    empty.mkdir()
    monkeypatch.setenv("WASPADA_MODELS", str(empty))
    path = make_db(tmp_path / "w.db")
    result = CliRunner().invoke(cli, ["tag", "--db", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "tagged 4 article(s)" in result.output
    assert "no classifier model installed: conflict and themes not tagged" in result.output
    assert len(places(path)) == 4 and open_db(path)["article_tags"].count == 0


def test_since_limits_the_selection(tmp_path: Path) -> None:
    path = make_db(tmp_path / "w.db")
    result = CliRunner().invoke(cli, ["tag", "--db", str(path), "--since", "2026-11-10", "--quiet"])
    assert result.exit_code == 0 and "tagged 3 article(s)" in result.output  # undated ones fall back to fetch
    assert set(places(path)) == {1, 2, 4}
    bad = CliRunner().invoke(cli, ["tag", "--db", str(path), "--since", "kemarin"])
    assert bad.exit_code == 2 and "not a date" in bad.output


def test_classify_writes_one_line_per_input_and_reports_bad_lines() -> None:
    lines = "\n".join(
        [
            json.dumps(
                {"id": "1", "title": "Bentrok di Kotabaru", "text": "KOTABARU – Nelayan menghadang tongkang."}
            ),
            "{not json",
            json.dumps({"id": "3", "title": "", "text": ""}),
        ]
    )
    result = CliRunner().invoke(cli, ["classify", "-"], input=lines)
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 3
    assert out[0]["province"] == {"code": "63", "name": "Kalimantan Selatan"}
    assert out[0]["regency"] == {"code": "63.02", "name": "Kabupaten Kotabaru"}
    assert out[0]["regions"] and {"start", "end", "text", "code", "level", "field"} <= set(
        out[0]["regions"][0]
    )
    assert out[1]["id"] is None and "line 2" in out[1]["error"]
    assert out[2]["id"] == "3" and out[2]["error"].startswith("line 3: no title or text")
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and "line 2" in errors[0] and "line 3" in errors[1]


def test_classify_refuses_an_unknown_province_prior() -> None:
    result = CliRunner().invoke(cli, ["classify", "--province", "99", "-"], input="{}")
    assert result.exit_code == 2 and "'99' is not a province code" in result.output


def test_classify_reads_news_please_output() -> None:
    record = {
        "title": "Dua Kelompok Pemuda Bentrok di Kota Tual",
        "maintext": "TUAL - Bentrokan antarkelompok pemuda pecah di Kota Tual, Maluku, Minggu malam. "
        "Dua warga tewas dan lima orang luka-luka, tiga rumah dibakar massa.",
        "url": "https://contoh.id/tual",
        "date_publish": "2026-11-22 21:00:00",
    }
    result = CliRunner().invoke(cli, ["classify", "-"], input=json.dumps(record))
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout)
    assert line["regency"] == {"code": "81.72", "name": "Kota Tual"}
    assert line["conflict"] is True and line["impact"] == {"killed": 2, "injured": 5, "damaged": 3}


def test_classify_and_tag_leave_out_the_casualties_of_another_province(tmp_path: Path) -> None:
    record = {
        "title": "Warga Kota Cirebon Siapkan Aksi Tolak Kenaikan PBB",
        "text": "CIREBON - Warga Kota Cirebon menyiapkan aksi menolak kenaikan PBB, terinspirasi demo di "
        "Pati, Jawa Tengah. Demo di Pati itu menyebabkan belasan korban luka. Di Kota Cirebon, dua warga "
        "terluka saat polisi membubarkan posko aksi.",
    }
    result = CliRunner().invoke(cli, ["classify", "-"], input=json.dumps(record))
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout)
    assert line["province"]["code"] == "32" and line["impact"]["injured"] == 2  # not Pati's eleven
    path = make_db(tmp_path / "w.db")
    db = open_db(path)
    with db.conn:
        db["articles"].update(1, {"title": record["title"], "text": record["text"]})
    db.conn.close()
    assert CliRunner().invoke(cli, ["tag", "--db", str(path), "--quiet"]).exit_code == 0
    assert open_db(path)["article_tags"].get(1)["injured"] == 2  # `waspada tag` stores the same


def test_eval_regions_reads_names_or_codes(tmp_path: Path) -> None:
    data = tmp_path / "labeled.jsonl"
    rows = [
        {
            "title": "Bentrok di Bima",
            "text": "Warga Kabupaten Bima, NTB, bentrok.",
            "province": "Nusa Tenggara Barat",
            "regency": "Kabupaten Bima",
        },
        {
            "title": "Demo di Palu",
            "text": "Mahasiswa berdemo di Kota Palu.",
            "province": "72",
            "regency": "72.71",
        },
        {"title": "Rapat", "text": "Menteri rapat di Jakarta.", "province": None, "regency": None},
        {
            "title": "Pati",
            "text": "Warga Kabupaten Pati berdemo.",
            "province": "Jawa Tengah",
            "regency": "Kabupaten Kudus",
        },
    ]
    data.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "regions", "--data", str(data), "--verbose"])
    assert result.exit_code == 0, result.output
    assert "province accuracy  1.000" in result.output and "regency accuracy   0.750" in result.output
    assert "Kabupaten Kudus -> Kabupaten Pati" in result.output
    missing = CliRunner().invoke(cli, ["eval", "regions", "--data", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 1 and "no such file" in missing.output
    unlabeled = tmp_path / "export.jsonl"  # e.g. `waspada export`: texts without region labels
    unlabeled.write_text(json.dumps({"title": "Rapat", "text": "Menteri rapat."}) + "\n", encoding="utf-8")
    refused = CliRunner().invoke(cli, ["eval", "regions", "--data", str(unlabeled)])
    assert refused.exit_code == 1 and "export.jsonl: row 1: no 'province' label" in refused.output


def test_tag_places_the_crawled_sample_site(sample_site, crawled_db: Path, tmp_path: Path) -> None:  # noqa: ANN001
    from crawler.urls import normalize

    path = tmp_path / "copy.db"
    path.write_bytes(crawled_db.read_bytes())
    result = CliRunner().invoke(cli, ["tag", "--db", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    db = open_db(path)
    wrong = []
    for article in sample_site.articles:
        row = db.execute(
            "select p.province_code, p.regency_code from articles a "
            "join article_places p on p.article_id = a.id where a.canonical_url = ?",
            [normalize(article["url"])],
        ).fetchone()
        if row is None or tuple(row) != (article["province"], article["regency"]):
            wrong.append((article["id"], row and tuple(row), (article["province"], article["regency"])))
    assert wrong == []


def test_one_article_that_cannot_be_tagged_does_not_stop_the_others(tmp_path: Path) -> None:
    from nlp.tag import REGION_STAGE, Stage

    def fussy(db, batch):  # noqa: ANN001, ANN202 - a stage that cannot handle article 3
        if any(row["id"] == 3 for row in batch.rows):
            raise ValueError("cannot read this text")
        return REGION_STAGE.run(db, batch)

    path = make_db(tmp_path / "w.db")
    counts = tag_articles(open_db(path), progress=False, stages=[Stage("fussy", REGION_STAGE.pending, fussy)])
    assert counts["failed"] == ["article 3: ValueError: cannot read this text"]
    assert set(places(path)) == {1, 2, 4} and counts["articles"] == 3
