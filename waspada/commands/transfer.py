"""`waspada import` and `waspada export`: articles in and out as JSONL or CSV."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click
import sqlite_utils

from crawler.imports import PUBLISHED, BadLines, import_records, load_file
from crawler.sources import load_sources
from store import config
from store.articles import article_fields
from store.calendar import wib_day_start
from store.errors import InputError
from waspada.options import db_option, open_database

ARTICLE_COLUMNS = ("id", *article_fields)
PLACE_COLUMNS = {"province_code": "province_code", "regency_code": "regency_code", "reason": "place_reason"}
TAG_COLUMNS = {
    "conflict": "conflict",
    "conflict_score": "conflict_score",
    "themes": "themes",
    "killed": "killed",
    "injured": "injured",
    "damaged": "damaged",
    "model_version": "model_version",
}


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.option("--source", help="Store every article under this source name (default: from each record).")
@click.option(
    "--encoding",
    default="utf-8",
    show_default=True,
    help='Text encoding of the file (cp1252 for a spreadsheet saved as plain "CSV" on Windows).',
)
def import_command(path: Path, db_path: str | None, source: str | None, encoding: str) -> None:
    """Import articles from JSONL written by news-please, news-watch, trafilatura or `waspada export`,
    or from a .csv file with a header row (a spreadsheet, `waspada export --format csv`).

    A CSV (comma, semicolon or tab separated) needs a url (or link) and a text (or maintext, content)
    column; title, date (or published, tanggal), source, author and lead are read when present, and a
    cell may hold several paragraphs inside quotes. Every record is checked first; if any is bad, each
    problem is listed by line number and nothing is imported.
    Articles whose canonical URL is already stored are skipped, so importing twice is safe.

    Example: waspada import artikel.jsonl --source antara-kalsel
    """
    try:
        records = load_file(path, source, load_sources(config.get("sources")), encoding)
    except BadLines as error:
        for problem in error.shown():
            click.echo(problem, err=True)
        raise
    outcome = import_records(open_database(db_path, create=True), records)
    click.echo(f"{path}: imported {outcome.imported} article(s), skipped {outcome.skipped} already stored.")
    if outcome.copies:
        click.echo(f"{outcome.copies} of them copy another article (the same or nearly the same text).")
    if outcome.undated:
        click.echo(
            f"{outcome.undated} of them have no publication date ({', '.join(PUBLISHED)}): digests"
            " count each on its download date (date_download, fetched_at), or today when it has none.",
            err=True,
        )


def filled(db: sqlite_utils.Database, table: str) -> bool:
    """Whether `table` exists and has at least one row."""
    return table in db.table_names() and bool(
        db.execute(f"select exists(select 1 from [{table}])").fetchone()[0]
    )


def export_query(
    db: sqlite_utils.Database, since: str | None, duplicates: bool
) -> tuple[str, list[str], list[Any]]:
    """The SELECT behind an export, its column names and parameters."""
    select = [f"a.[{column}]" for column in ARTICLE_COLUMNS]
    names, joins = list(ARTICLE_COLUMNS), []
    for table, alias, columns in (("article_places", "p", PLACE_COLUMNS), ("article_tags", "t", TAG_COLUMNS)):
        if filled(db, table):
            select += [f"{alias}.[{column}] as [{name}]" for column, name in columns.items()]
            names += list(columns.values())
            joins.append(f"left join [{table}] {alias} on {alias}.article_id = a.id")
    where, params = [], []
    if not duplicates:
        where.append("a.dup_of is null")
    if since:
        where.append("a.published_at >= ?")
        params.append(since)
    sql = f"select {', '.join(select)} from articles a {' '.join(joins)}"
    sql += (" where " + " and ".join(where) if where else "") + " order by a.id"
    return sql, names, params


def export_rows(db: sqlite_utils.Database, since: str | None, duplicates: bool) -> tuple[list[str], Iterator]:
    """Column names and a cursor over the exported rows."""
    sql, names, params = export_query(db, since, duplicates)
    return names, db.execute(sql, params)


def write_jsonl(out: IO[str], names: list[str], rows: Iterator) -> int:
    """One JSON object per article (themes as a list); return the count."""
    count = 0
    for row in rows:
        record = dict(zip(names, row, strict=True))
        if isinstance(record.get("themes"), str):
            record["themes"] = json.loads(record["themes"])
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(out: IO[str], names: list[str], rows: Iterator) -> int:
    """A header and one row per article; return the count."""
    writer = csv.writer(out)
    writer.writerow(names)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def since_value(text: str | None) -> str | None:
    """--since as the UTC time its WIB day starts (compared with published_at)."""
    if not text:
        return None
    try:
        return wib_day_start(text)
    except ValueError as error:
        raise InputError(f"--since {text!r} is not a date like 2026-11-01") from error


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), required=True)
@click.option("--out", "out_path", default="-", show_default=True, help="Output file, or - for stdout.")
@click.option("--since", help="Only articles published on or after this day (YYYY-MM-DD, WIB).")
@click.option("--include-duplicates", is_flag=True, help="Also export articles linked as duplicates.")
def export_command(
    db_path: str | None, fmt: str, out_path: str, since: str | None, include_duplicates: bool
) -> None:
    """Stream articles (with place and tag columns once tagged) as JSONL or CSV.

    Example: waspada export --format jsonl --since 2026-11-01
    """
    cutoff = since_value(since)
    path = config.db_path(db_path)
    if not Path(path).exists():
        raise InputError(f"{path}: no such database (crawl or import first, or pass --db)")
    names, rows = export_rows(open_database(path), cutoff, include_duplicates)
    writer = write_jsonl if fmt == "jsonl" else write_csv
    if out_path == "-":
        try:
            writer(sys.stdout, names, rows)
            sys.stdout.flush()
        except BrokenPipeError:  # e.g. `| head`: the reader has all it wants
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return
    # A CSV file starts with a BOM, as `label export` writes it, so that Excel reads it as UTF-8.
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    with open(out_path, "w", encoding=encoding, newline="") as handle:
        count = writer(handle, names, rows)
    click.echo(f"{out_path}: exported {count} article(s).", err=True)


commands = [import_command, export_command]
