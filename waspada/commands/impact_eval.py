"""`waspada eval impact`: the impact extractor next to a nearest-number baseline on hand-counted articles."""

from __future__ import annotations

import json
from pathlib import Path

import click

from waspada.options import shared_data_option


@click.command("impact")
@shared_data_option("--data", "data_dir", "", "Shared data folder with labeled/ and corpora/", folder=True)
@click.option(
    "--show", type=click.IntRange(0), default=10, show_default=True, help="Wrong counts listed per set."
)
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
def eval_impact(data_dir: Path, show: int, as_json: bool) -> None:
    """Score killed, injured and damaged counts against the hand counts of nlp/data/impact_checked.tsv.

    Per set (dev: the articles the rules were written on; held_out: counted after): the share of
    articles whose three counts are all right, each field's share, and the articles given a count
    above the hand count (a number the text does not support). The baseline takes the number at most
    two words before, or right after, an impact word of the taxonomy.

    Example: waspada eval impact --data ../shared/data
    """
    from nlp.impact_eval import CHECKED, evaluate, read_checked, table, with_texts

    report = evaluate(with_texts(read_checked(CHECKED), data_dir))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for line in table(report, show):
        click.echo(line)
