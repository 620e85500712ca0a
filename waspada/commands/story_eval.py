"""`waspada eval stories`: story grouping against the shared real events, next to a TF-IDF baseline."""

from __future__ import annotations

from pathlib import Path

import click

from store.errors import InputError
from waspada.options import shared_data_option


@click.command("stories")
@shared_data_option(
    "--data",
    "folder",
    "labeled",
    "Folder with events.jsonl and the article files it names (other JSONL files there: distractors)",
    folder=True,
)
@click.option("--strict", is_flag=True, help="Leave out the members marked doubtful.")
@click.option(
    "--distractors",
    type=click.IntRange(min=0),
    default=None,
    help="Only this many other articles (drawn at random, seeded) beside the events [default: all].",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the --distractors draw.")
@click.option(
    "--held-out-like",
    is_flag=True,
    help="Date every article and place event reports as other outlets would (a simulation, seeded).",
)
@click.option(
    "--dated",
    is_flag=True,
    help="Only the articles with a date (published or stated in the text): a stored article always has one.",
)
@click.option(
    "--through-db",
    is_flag=True,
    help="Group through a temporary database, day by day, as `waspada stories` does (needs --dated or "
    "--held-out-like).",
)
@click.option("--verbose", is_flag=True, help="Also list per event what was split or merged.")
def eval_stories(
    folder: Path,
    strict: bool,
    distractors: int | None,
    seed: int,
    held_out_like: bool,
    dated: bool,
    through_db: bool,
    verbose: bool,
) -> None:
    """Print pairwise and B-cubed scores of story grouping on real events, baseline alongside.

    Example: waspada eval stories --data ../shared/data/labeled
    """
    from reports.story_eval import composition, evaluate, table

    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    results = evaluate(folder, strict, distractors, seed, held_out_like, dated, through_db)
    notes = [
        " (doubtful members left out)" if strict else "",
        ", dated articles only" if dated else "",
        f", {distractors} distractors (seed {seed})" if distractors else "",
        f", held-out-like dates and places (seed {seed})" if held_out_like else "",
        ", grouped through a database" if through_db else "",
    ]
    click.echo(f"{folder}: events.jsonl{''.join(notes)}")
    for line in table(results):
        click.echo(f"  {line}")
    click.echo(f"  {composition(results[0])}")
    if verbose:
        ours = results[0]
        for event, parts in ours.split.items():
            click.echo(f"  split   {event}: {parts} stories")
        for event, keys in ours.merged.items():
            click.echo(f"  merged  {event}: + {', '.join(keys[:5])}{' …' if len(keys) > 5 else ''}")
