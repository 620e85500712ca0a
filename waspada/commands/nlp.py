"""`waspada tag`, `waspada classify` and `waspada eval …`: place and tag articles, measure each stage."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from store.calendar import wib_day_start
from store.errors import InputError
from waspada.commands.eval_extraction import eval_extraction
from waspada.commands.impact_eval import eval_impact
from waspada.commands.story_eval import eval_stories
from waspada.options import check_province, db_option, open_database, shared_data_option


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return wib_day_start(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date like 2026-11-01") from error


@click.command()
@db_option
@click.option(
    "--since",
    callback=_check_date,
    default=None,
    help="Only articles published on or after DATE (a WIB day).",
)
@click.option(
    "--all", "everything", is_flag=True, help="Every article, tagged or not, whatever --since says."
)
@click.option("--retag", is_flag=True, help="Tag again articles already tagged (within --since).")
@click.option("--model", default=None, help="Model version for the themes stage (default: the current one).")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 10_000),
    default=64,
    show_default=True,
    help="Articles per spaCy batch and per transaction.",
)
@click.option("--quiet", is_flag=True, help="No progress display.")
@click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Tagging processes."
)
def tag(
    db_path: str | None,
    since: str | None,
    everything: bool,
    retag: bool,
    model: str | None,
    batch_size: int,
    quiet: bool,
    workers: int,
) -> None:
    """Tag untagged or stale articles: places, then conflict, themes and impact with the current model.

    An article is stale when its place came from another region tagger or its tags from another model
    version (after `waspada models promote` or `rollback`). Idempotent: an article is tagged once per
    version unless --retag or --all. Articles between the model's review cut and its conflict cut are
    stored with review = 1 ("perlu ditinjau"), never as conflict. Prints what was done, how many
    articles are about conflict and how many to review, and the versions used. With --workers N,
    N processes tag batches and this one writes them (the same rows as one process).

    Example: waspada tag --since 2026-11-01
    """
    db = open_database(db_path)
    if workers > 1:
        from nlp.parallel import tag_articles_parallel

        selection = {"since": since, "all": everything, "retag": retag, "model": model}
        counts = tag_articles_parallel(db, workers, batch_size, not quiet, **selection)
    else:
        from nlp.tag import tag_articles

        counts = tag_articles(
            db,
            since=since,
            all=everything,
            batch_size=batch_size,
            progress=not quiet,
            retag=retag,
            model=model,
        )
    click.echo(
        f"tagged {counts['articles']:,} article(s): {counts['placed']:,} placed in a province, "
        f"{counts['regency']:,} in a kabupaten/kota, {counts['mentions']:,} region mention(s) "
        f"[{counts['version']}]; {_conflict_summary(counts.get('conflict'), counts.get('review'), model)}"
    )
    for failure in counts.get("failed", []):
        click.echo(f"not tagged: {failure}", err=True)


def _conflict_summary(conflicts: int | None, review: int | None, model: str | None) -> str:
    from nlp.classifier.versions import current_version

    version = model or current_version()
    if version is None:
        return "no classifier model installed: conflict and themes not tagged"
    return f"{conflicts or 0:,} about conflict, {review or 0:,} to review (perlu ditinjau) [model {version}]"


@click.command()
@click.argument("source", type=click.File("r", encoding="utf-8"))
@click.option(
    "--province",
    default=None,
    callback=check_province,
    help="Default province code used as a prior, e.g. 63.",
)
def classify(source, province: str | None) -> None:  # noqa: ANN001 - a click file object
    """Tag each JSON line {"id","title","text",...} of FILE (or - for stdin); write one JSON line each.

    Each output line has id, province and regency ({"code","name"} or null), every region mention, a
    confidence and the reason; with a model installed also conflict, conflict_score, themes,
    theme_scores and impact {"killed","injured","damaged"}. A bad line gets {"id": ..., "error": ...}
    (its id when it has one, else null), a one-line message on stderr, and exit status 1 once the rest is
    done.

    Example: waspada classify articles.jsonl > places.jsonl
    """
    from nlp.classifier.classify_lines import classify_lines

    failed = 0
    for item in classify_lines(source, default_province=province):
        if isinstance(item, dict):
            click.echo(json.dumps(item, ensure_ascii=False))
            continue
        failed += 1
        click.echo(f"Error: {item.error}", err=True)
        click.echo(json.dumps({"id": item.id, "error": item.error}, ensure_ascii=False))
    if failed:
        sys.exit(1)


@click.group(name="eval")
def eval_group() -> None:
    """Measure the taggers, the extraction and the story grouping on labeled data."""


@eval_group.command("regions")
@shared_data_option(
    "--data", "path", "labeled/articles.jsonl", "Labeled JSONL with title, text, province, regency"
)
@click.option("--verbose", is_flag=True, help="Also list the most frequent confusions.")
def eval_regions(path: Path, verbose: bool) -> None:
    """Print province and regency accuracy of the region resolver on labeled JSONL.

    Example: waspada eval regions --data ../shared/data/labeled/articles.jsonl
    """
    from nlp.regions.evaluation import evaluate, region_labeled

    if not path.exists():
        raise InputError(f"{path}: no such file")
    scores = evaluate(region_labeled(path))
    click.echo(f"{path}: {scores.total} article(s)")
    click.echo(
        f"  province accuracy  {scores.province_accuracy:.3f}  ({scores.province_correct}/{scores.total})"
    )
    click.echo(
        f"  regency accuracy   {scores.regency_accuracy:.3f}  ({scores.regency_correct}/{scores.total})"
    )
    if verbose:
        click.echo("  worst confusions (gold -> predicted):")
        for (gold, got), count in scores.confusions.most_common(25):
            click.echo(f"    {count:>3}  {gold or '-'} -> {got or '-'}")


@eval_group.command("classifier")
@click.option(
    "--data",
    "data_path",
    type=click.Path(dir_okay=False),
    required=True,
    help="Labeled JSONL: title, text (or maintext/content), conflict, themes; id optional.",
)
@click.option("--model", default=None, help="Model version (default: the current one).")
@click.option(
    "--show", type=click.IntRange(0), default=10, show_default=True, help="Misses and false alarms listed."
)
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
def eval_classifier(data_path: str, model: str | None, show: int, as_json: bool) -> None:
    """Score a model on labeled articles it was not trained on: conflict and theme figures, its mistakes.

    Nothing is retrained: the model tags the file and its decisions are compared with the labels.
    Every line is checked first; a bad line (no label, unknown theme, not JSON) stops with its number.
    The shipped model was trained on ../shared/data/labeled, so scores on those files are training
    scores: `waspada models evaluate` cross-validates instead.

    Example: waspada eval classifier --data held_out.jsonl
    """
    from nlp.classifier.persistence import current_version, load_model
    from nlp.training.holdout import read_examples, score, seen_in_training

    examples = read_examples(Path(data_path))
    version = model or current_version()
    if version is None:
        raise InputError("no classifier model installed (see waspada train / waspada models)")
    report = {"data": data_path, "model": version, **score(load_model(version), examples)}
    report["seen_in_training"] = seen_in_training(examples)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    _print_scores(report, show)


def _print_scores(report: dict, show: int) -> None:
    conflict, themes = report["conflict"], report["themes"]
    share = conflict["support"] / report["n"]
    click.echo(
        f"{report['data']}: {report['n']:,} article(s), {conflict['support']:,} about conflict "
        f"({share:.1%}); model {report['model']}"
    )
    if report["seen_in_training"]:
        click.echo(
            f"  warning: {report['seen_in_training']:,} of these articles are in the shared training data, "
            "so these are training scores (waspada models evaluate cross-validates)"
        )
    click.echo(
        f"  conflict  precision {conflict['precision']:.3f}  recall {conflict['recall']:.3f}  "
        f"F1 {conflict['f1']:.3f}  | at a 15% base rate: precision {conflict['precision_at_15']:.3f}  "
        f"F1 {conflict['f1_at_15']:.3f}"
    )
    click.echo(f"  themes    micro-F1 {themes['micro_f1']:.3f}  macro-F1 {themes['macro_f1']:.3f}")
    for theme, row in themes["per_theme"].items():
        if row["support"]:
            click.echo(
                f"    {theme:22s} P {row['precision']:.3f}  R {row['recall']:.3f}  "
                f"F1 {row['f1']:.3f}  n {row['support']}"
            )
    for key, heading in (("missed", "missed conflicts"), ("false_alarms", "false alarms")):
        rows = report[key]
        click.echo(f"  {heading}: {len(rows)}")
        for row in rows[:show]:
            click.echo(f"    {row['conflict_score']:.2f}  {row['id']}  {row['title'][:90]}")


eval_group.add_command(eval_extraction)
eval_group.add_command(eval_stories)
eval_group.add_command(eval_impact)

commands = [tag, classify, eval_group]
