"""`waspada eval extraction`: Waspada's extraction next to bare trafilatura on saved real pages."""

from __future__ import annotations

import json
from pathlib import Path

import click

from waspada.options import shared_data_option


@click.command("extraction")
@shared_data_option(
    "--pages", "folder", "pages", "Folder with expected.jsonl and html/*.html.gz", folder=True
)
@click.option("--json", "as_json", is_flag=True, help="Print the whole report (every page) as JSON.")
def eval_extraction(folder: Path, as_json: bool) -> None:
    """Score body, title and date extraction per page and on average, Waspada vs trafilatura.

    Body: bag-of-words precision/recall/F1 against the expected paragraphs; title: exact;
    day and minute of publication; boilerplate lines leaked, paragraphs lost, pages dropped.

    Example: waspada eval extraction --pages ../shared/data/pages
    """
    from crawler.extract_eval import evaluate, read_pages, table

    report = evaluate(read_pages(folder))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for line in table(report):
        click.echo(line)
