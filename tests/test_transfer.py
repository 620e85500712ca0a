"""`waspada import` / `waspada export` and the article store they share with the crawler."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from store.articles import content_hash, insert_article, known_urls
from store.db import open_db
from waspada.cli import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "transfer"
FORMATS = ("newsplease", "newswatch", "trafilatura")
COMPARED = (
    "canonical_url, url, title, text, lead, author, credit, published_at, published_local, tz, "
    "date_source, fetched_at, source, language, content_hash"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def articles(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(f"select {COMPARED} from articles order by canonical_url").fetchall()


def article(db_path: Path, url_part: str) -> dict:
    db = open_db(db_path)
    rows = list(db.query("select * from articles where url like ?", [f"%{url_part}%"]))
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize("name", FORMATS)
def test_import_each_format(tmp_path: Path, name: str) -> None:
    db = tmp_path / "w.db"
    result = run("import", str(FIXTURES / f"{name}.jsonl"), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "imported 3 article(s), skipped 0" in result.output
    rows = articles(db)
    assert len(rows) == 3
    assert all(row[3] and row[12] for row in rows)  # text and source everywhere


def test_news_please_fields_are_mapped(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    run("import", str(FIXTURES / "newsplease.jsonl"), "--db", str(db))
    row = article(db, "warga-dua-desa")
    assert row["author"] == "Rahmat Hidayat, Siti Aisyah"
    assert row["lead"].startswith("Sengketa batas lahan")
    assert row["text"].startswith("Tapin, Kamis (28/11/2019)")
    # "2019-11-28 10:00:00" from a Kalimantan Selatan outlet is WITA (UTC+8).
    assert row["published_at"] == "2019-11-28T02:00:00Z"
    assert row["published_local"] == "2019-11-28 10:00 WITA"
    assert row["fetched_at"] == "2019-11-28T03:15:42Z"
    assert row["source"] == "antara-kalsel"  # the registry source at that host
    assert row["canonical_url"].endswith("batas-lahan-sawit")  # utm_source dropped
    assert row["content_hash"] == content_hash(row["text"])
    urls = {r["url"] for r in open_db(db)["article_urls"].rows_where("article_id = ?", [row["id"]])}
    assert row["url"] in urls and row["canonical_url"] in urls


def test_news_watch_and_trafilatura_fields_are_mapped(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    run("import", str(FIXTURES / "newswatch.jsonl"), "--db", str(db))
    run("import", str(FIXTURES / "trafilatura.jsonl"), "--db", str(db))
    tawuran = article(db, "tawuran-di-makassar")
    assert tawuran["author"] == "Andi Nurhaliza" and tawuran["source"] == "fajar"
    assert tawuran["published_local"] == "2025-01-12 22:10 WITA"
    assert "Hukum" not in json.dumps(tawuran)  # news-watch's category is not stored anywhere
    wamena = article(db, "rekapitulasi-suara")  # trafilatura gives this URL only as `source`
    assert wamena["source"] == "jubi"
    assert wamena["lead"] == "Pleno rekapitulasi suara di Wamena sempat ricuh."
    assert wamena["published_local"] == "2024-02-20 WIT" and wamena["published_at"] == "2024-02-19T17:00:00Z"
    columns = set(open_db(db)["articles"].columns_dict)
    assert not {"keyword", "category", "hostname", "fingerprint", "pagetype"} & columns


def test_published_and_tanggal_are_dates_and_undated_articles_are_announced(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    lines = [
        {"url": "https://contoh.id/a", "text": "Warga berkumpul.", "published": "2025-11-21"},
        {"url": "https://contoh.id/b", "text": "Warga berdialog.", "tanggal": "2025-11-22 09:00"},
        {"url": "https://contoh.id/c", "text": "Warga berdoa."},
    ]
    path = tmp_path / "arsip.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    days = [article(db, slug)["published_local"][:10] for slug in ("contoh.id/a", "contoh.id/b")]
    assert days == ["2025-11-21", "2025-11-22"]
    assert article(db, "contoh.id/c")["published_at"] is None
    assert "1 of them have no publication date" in result.stderr and "today" in result.stderr
    assert "published_at" in result.stderr and "tanggal" in result.stderr  # every field it reads


def test_a_republished_release_is_linked_as_a_copy_on_import_and_its_signature_kept(tmp_path: Path) -> None:
    release = (
        "Badan Kesatuan Bangsa dan Politik Provinsi Kalimantan Selatan menggelar rapat koordinasi "
        "bersama FKDM dan FKUB untuk mengantisipasi kerawanan menjelang pemilihan kepala daerah."
    )
    mc, lain = (
        {"source": "mc", "published": "2025-11-21 09:00"},
        {"source": "lain", "published": "2025-11-21 11:00"},
    )
    lines = [
        {"url": "https://mc.test/rakor", "text": release, **mc},
        {"url": "https://lain.test/rakor", "text": release + " (adv)", **lain},
        {"url": "https://mc.test/cuaca", "source": "mc", "text": "Hujan lebat turun di Banjarbaru sore ini."},
    ]
    path, db = tmp_path / "arsip.jsonl", tmp_path / "w.db"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    original, copy = article(db, "mc.test/rakor"), article(db, "lain.test/rakor")
    assert original["dup_of"] is None and copy["dup_of"] == original["id"] and copy["dup_score"] > 0.7
    assert article(db, "mc.test/cuaca")["dup_of"] is None
    assert "1 of them copy another article" in result.output
    assert open_db(db)["article_minhash"].count == 3  # for the copies a later crawl or import brings


def test_since_is_a_wib_day_for_crawl_export_tag_and_stories(tmp_path: Path) -> None:
    """One clock: 2026-11-10 starts at midnight WIB (17:00 UTC the day before), as the digest's day does."""
    from crawler.run import parse_since

    assert parse_since("2026-11-10").isoformat() == "2026-11-09T17:00:00+00:00"
    db_path = tmp_path / "w.db"
    db = open_db(db_path)
    for slug, published in (("malam", "2026-11-09T16:30:00Z"), ("subuh", "2026-11-09T21:30:00Z")):
        url = f"https://contoh.id/{slug}"  # 23.30 WIB on 9 November, 04.30 WIB on 10 November
        row = {"canonical_url": url, "url": url, "source": "contoh", "title": slug, "text": "Warga rapat."}
        db["articles"].insert(row | {"published_at": published, "fetched_at": published})
    db.conn.close()
    exported = run("export", "--db", str(db_path), "--format", "jsonl", "--since", "2026-11-10").stdout
    assert [json.loads(line)["title"] for line in exported.splitlines()] == ["subuh"]
    tagged = run("tag", "--db", str(db_path), "--since", "2026-11-10", "--quiet")
    assert tagged.exit_code == 0, tagged.output
    assert [row["title"] for row in open_db(db_path).query(
        "select title from articles a join article_tags t on t.article_id = a.id")] == ["subuh"]  # fmt: skip
    listed = run("stories", "--db", str(db_path), "--since", "2026-11-10", "--format", "json").stdout
    assert [story["title"] for story in json.loads(listed)] == ["subuh"]


def test_source_option_names_every_article(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    run("import", str(FIXTURES / "newswatch.jsonl"), "--db", str(db), "--source", "arsip-lama")
    assert {row[12] for row in articles(db)} == {"arsip-lama"}


def test_reimport_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    run("import", str(FIXTURES / "newsplease.jsonl"), "--db", str(db))
    first = articles(db)
    again = run("import", str(FIXTURES / "newsplease.jsonl"), "--db", str(db))
    assert again.exit_code == 0
    assert "imported 0 article(s), skipped 3" in again.output
    assert articles(db) == first


def test_bad_file_imports_nothing_and_names_every_line(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    result = run("import", str(FIXTURES / "bad.jsonl"), "--db", str(db))
    assert result.exit_code == 1
    assert "line 1:" not in result.output  # the first line is a good article ...
    assert not db.exists()  # ... and still nothing was imported (not even a database created)
    for expected in (
        "line 2: not valid JSON",
        "line 3: missing url",
        "line 4: expected a JSON object",
        "line 5: missing text",
        "line 6: date 'tanggal tidak diketahui' cannot be parsed",
    ):
        assert expected in result.output
    assert "Error:" in result.output and "5 bad line(s), nothing imported" in result.output
    assert "Traceback" not in result.output
    run("import", str(FIXTURES / "trafilatura.jsonl"), "--db", str(db))
    assert run("import", str(FIXTURES / "bad.jsonl"), "--db", str(db)).exit_code == 1
    assert len(articles(db)) == 3  # an existing database is left as it was


def test_placeholder_and_future_dates_are_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "tanggal.jsonl"
    lines = [
        {"url": "https://contoh.id/a", "maintext": "Teks pertama.", "date_publish": "1970-01-01 00:00:00"},
        {"url": "https://contoh.id/b", "maintext": "Teks dua.", "date_publish": "2099-05-01T10:00:00+07:00"},
        {"url": "https://contoh.id/c", "maintext": "Teks ketiga.", "date_publish": "2025-05-01 10:00:00"},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = run("import", str(path), "--db", str(tmp_path / "w.db"))
    assert result.exit_code == 1  # a 2099 date would sit at the top of every "newest" list for decades
    assert "line 1: date '1970-01-01 00:00:00' is before 1990 or in the future" in result.output
    assert "line 2: date '2099-05-01T10:00:00+07:00' is before 1990" in result.output
    assert "line 3" not in result.output and "2 bad line(s), nothing imported" in result.output


def test_many_bad_lines_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "rusak.jsonl"
    path.write_text("".join(f'{{"title": "Berita {n}"}}\n' for n in range(30)), encoding="utf-8")
    result = run("import", str(path), "--db", str(tmp_path / "w.db"))
    assert result.exit_code == 1
    assert "line 20: missing url" in result.output and "line 21:" not in result.output
    assert "... and 10 more" in result.output and "30 bad line(s)" in result.output


def import_all(db: Path) -> None:
    for name in FORMATS:
        assert run("import", str(FIXTURES / f"{name}.jsonl"), "--db", str(db)).exit_code == 0


def test_export_then_import_round_trips(tmp_path: Path) -> None:
    first, second, out = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "artikel.jsonl"
    import_all(first)
    undated = {  # as the crawler stores a page with no date: zone kept, no registry source
        "canonical_url": "http://127.0.0.1:8081/berita/tanpa-tanggal",
        "url": "http://127.0.0.1:8081/berita/tanpa-tanggal?p=7",
        "source": "kabarnusantara",
        "title": "Warga Gelar Musyawarah Adat",
        "text": "Warga dua kampung menggelar musyawarah adat untuk meredakan ketegangan.",
        "credit": "MC Kalsel/Jml",
        "tz": "WITA",
        "date_source": "none",
        "crawl_run": 1,
    }
    insert_article(open_db(first), undated, [])
    exported = run("export", "--db", str(first), "--format", "jsonl", "--out", str(out))
    assert exported.exit_code == 0 and "exported 10 article(s)" in exported.output
    result = run("import", str(out), "--db", str(second))
    assert result.exit_code == 0 and "imported 10 article(s)" in result.output
    assert articles(second) == articles(first)
    assert len(articles(second)) == 10


def test_export_csv_with_places_tags_since_and_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    import_all(path)
    plain = list(csv.DictReader(io.StringIO(run("export", "--db", str(path), "--format", "csv").output)))
    assert len(plain) == 9 and "province_code" not in plain[0] and "conflict" not in plain[0]

    db = open_db(path)
    tawuran = article(path, "tawuran-di-makassar")["id"]
    festival = article(path, "festival-budaya")["id"]
    db["article_places"].insert({"article_id": tawuran, "province_code": "73", "regency_code": "73.71"})
    db["article_tags"].insert({"article_id": tawuran, "conflict": 1, "themes": '["communal"]', "injured": 1})
    db.execute("update articles set dup_of = ? where id = ?", [tawuran, festival])
    db.conn.commit()

    rows = list(csv.DictReader(io.StringIO(run("export", "--db", str(path), "--format", "csv").output)))
    assert len(rows) == 8  # the duplicate is left out
    tagged = next(row for row in rows if row["id"] == str(tawuran))
    assert tagged["province_code"] == "73" and tagged["regency_code"] == "73.71"
    assert tagged["conflict"] == "1" and tagged["injured"] == "1"

    lines = run("export", "--db", str(path), "--format", "jsonl", "--include-duplicates").output.splitlines()
    assert len(lines) == 9
    assert json.loads(next(line for line in lines if "tawuran" in line))["themes"] == ["communal"]

    recent = run(
        "export", "--db", str(path), "--format", "jsonl", "--since", "2025-01-01"
    ).output.splitlines()
    assert len(recent) == 3  # the news-watch articles of January 2025
    bad = run("export", "--db", str(path), "--format", "csv", "--since", "kemarin")
    assert bad.exit_code == 1 and "--since 'kemarin' is not a date" in bad.output
    missing = run("export", "--db", str(path.with_name("tidak-ada.db")), "--format", "csv")
    assert missing.exit_code == 1 and "no such database" in missing.output
    assert not path.with_name("tidak-ada.db").exists()


def record(url: str, text: str = "Banjarmasin – Isi berita.") -> dict:
    return {
        "canonical_url": url,
        "url": url + "?utm_source=x",
        "source": "mckalsel",
        "title": "Judul",
        "text": text,
    }


def test_insert_article_is_atomic_and_keeps_the_first_copy(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    url = "https://diskominfomc.kalselprov.go.id/rakor"
    first = insert_article(db, record(url), [url + "/amp"])
    assert insert_article(db, record(url, "Teks lain."), ["https://lain.example/x"]) == first
    assert db["articles"].count == 1 and db["articles"].get(first)["text"] == "Banjarmasin – Isi berita."
    assert known_urls(db) == {url, url + "?utm_source=x", url + "/amp"}
    db.execute(  # a real failure while the URLs are written, after the article row went in
        "create temp trigger gagal before insert on article_urls when new.url like '%/gagal' "
        "begin select raise(abort, 'disk penuh'); end"
    )
    with pytest.raises(sqlite3.IntegrityError, match="disk penuh"):
        insert_article(db, record(url + "-dua"), [url + "-dua/gagal"])
    assert db["articles"].count == 1 and db["article_urls"].count == 3  # nothing half-written


def test_content_hash_ignores_case_and_spacing() -> None:
    assert content_hash("Bentrok  Warga\n\ndi Tapin.") == content_hash("bentrok warga di tapin ")
    assert content_hash("Bentrok warga di Tapin") != content_hash("Bentrok warga di Banjar")


def test_csv_export_then_import_round_trips(tmp_path: Path) -> None:
    first, second, out = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "artikel.csv"
    import_all(first)
    assert run("export", "--db", str(first), "--format", "csv", "--out", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,")  # a BOM: Excel opens it as UTF-8
    result = run("import", str(out), "--db", str(second))
    assert result.exit_code == 0 and "imported 9 article(s)" in result.output
    assert articles(second) == articles(first)


def test_spreadsheet_csv_with_quoted_paragraphs_imports(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    result = run("import", str(FIXTURES / "spreadsheet.csv"), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "imported 2 article(s), skipped 0" in result.output
    mine = article(db, "warga-tolak-tambang")
    assert mine["source"] == "Kabar Banua" and mine["title"].startswith("Warga Tolak Tambang Pasir, DPRD")
    assert '\n\n"Kami tidak mau kampung kami longsor," kata Rahmadi' in mine["text"]
    assert mine["published_at"] == "2026-11-20T03:15:00Z"  # 10:15 WIB, the default zone
    assert article(db, "pasar-murah")["published_at"] is None  # an empty cell is no date
    again = run("import", str(FIXTURES / "spreadsheet.csv"), "--db", str(db))
    assert "imported 0 article(s), skipped 2 already stored" in again.output


def test_bad_csv_imports_nothing_and_names_every_line(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    result = run("import", str(FIXTURES / "bad.csv"), "--db", str(db))
    assert result.exit_code == 1 and not db.exists()
    assert "line 2:" not in result.output  # the first article is good, and still nothing is imported
    for expected in (
        "line 3: url 'kabarbanua.example/b' is not http(s)",
        "line 4: missing text",
        "line 5: 2 more field(s) than the header",
        "line 6: date 'tanggal tidak diketahui' cannot be parsed",
    ):
        assert expected in result.output
    assert "4 bad line(s), nothing imported" in result.output and "Traceback" not in result.output


def test_csv_without_a_url_column_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "judul.csv"
    path.write_text("judul,isi\nWarga Bentrok,Dua kelompok warga bentrok.\n", encoding="utf-8")
    result = run("import", str(path), "--db", str(tmp_path / "w.db"))
    assert result.exit_code == 1
    assert result.output.strip().endswith("the CSV header has no url column (url, link)")
    unclosed = tmp_path / "kutip.csv"
    unclosed.write_text('url,text\nhttps://b.example/x,"Kutipan tidak ditutup\n', encoding="utf-8")
    broken = run("import", str(unclosed), "--db", str(tmp_path / "w.db"))
    assert broken.exit_code == 1 and "Traceback" not in broken.output
    assert "line 2: not valid CSV: unexpected end of data" in broken.output


def test_semicolon_csv_in_cp1252_imports_with_encoding(tmp_path: Path) -> None:
    """A spreadsheet saved as plain "CSV" on an Indonesian Windows: ';' between cells, cp1252 bytes."""
    original = (FIXTURES / "spreadsheet.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(original, newline="")))
    semicolons = io.StringIO(newline="")
    csv.writer(semicolons, delimiter=";").writerows(rows)
    path = tmp_path / "ekspor.csv"
    path.write_bytes(semicolons.getvalue().encode("cp1252"))
    refused = run("import", str(path), "--db", str(tmp_path / "w.db"))
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "ekspor.csv:2: not utf-8 text (byte 0x96)" in refused.output
    assert "--encoding cp1252" in refused.output
    result = run("import", str(path), "--db", str(tmp_path / "w.db"), "--encoding", "cp1252")
    assert result.exit_code == 0 and "imported 2 article(s)" in result.output, result.output
    reference = tmp_path / "ref.db"
    run("import", str(FIXTURES / "spreadsheet.csv"), "--db", str(reference))
    # fetched_at (column 11) is the import's own time: the two imports may fall in different seconds.
    assert [row[:11] + row[12:] for row in articles(tmp_path / "w.db")] == [
        row[:11] + row[12:] for row in articles(reference)
    ]
