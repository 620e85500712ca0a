"""`waspada train`, `waspada label …` and `waspada models …`: the label → train → promote loop.

The nlp modules (scikit-learn, spaCy) are imported inside each command, so that `waspada --help`
and the other commands start fast.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import click

from waspada.commands import label_quality
from waspada.options import check_version, db_option, models_option, open_database


def check_folds(ctx: click.Context, param: click.Parameter, value: int) -> int:
    """--folds: 0 (no cross-validation) or at least 2 (one fold leaves nothing to train on)."""
    if value == 1:
        raise click.BadParameter("1 fold cannot cross-validate: use at least 2, or 0 to skip it")
    return value


def _echo_figures(title: str, report: dict[str, Any] | None) -> None:
    if not report:
        return
    click.echo(title)
    for name, part in report.items():
        if isinstance(part, dict) and "conflict" in part:
            c, t = part["conflict"], part["themes"]
            low, high = c.get("interval90", {}).get("f1", (None, None))
            interval = f" [90% {low:.3f}-{high:.3f}]" if low is not None else ""
            click.echo(
                f"  {name:<11} conflict F1 {c['f1']:.3f}{interval} (P {c['precision']:.3f} "
                f"R {c['recall']:.3f}, P@15% {c['precision_at_15']:.3f})  themes micro-F1 "
                f"{t['micro_f1']:.3f} macro-F1 {t['macro_f1']:.3f}"
            )
    point = report.get("operating_point")
    if point:
        nested = point["nested"]
        click.echo(
            f"  operating point: conflict cut {point['conflict_cut']}, review cut {point['review_cut']}; "
            f"natural F1 {nested['f1']:.3f} (P {nested['precision']:.3f} R {nested['recall']:.3f}) "
            "with each fold's cut chosen on the other folds"
        )


@click.command()
@db_option
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default=None,
    help="Models folder to write the new version into (default: the configured models folder).",
)
@click.option(
    "--shared",
    type=click.Path(file_okay=False),
    default=None,
    help="The shared folder holding data/labeled [env WASPADA_SHARED; default ../shared].",
)
@click.option(
    "--folds",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    callback=check_folds,
    help="CV folds, at least 2 (0 skips cross-validation).",
)
@click.option("--no-base", is_flag=True, help="Train on analysts' labels only, without the shared data.")
@click.option("--compare", is_flag=True, help="Also compare every candidate model on the same folds.")
def train(
    db_path: str | None, out: str | None, shared: str | None, folds: int, no_base: bool, compare: bool
) -> None:
    """Train a new model version on the base data plus analysts' labels.

    Prints cross-validated metrics next to the current model's on the same folds, writes
    models/<version>/ (model.skops, metrics.json, MODEL_CARD.md) and registers it as a candidate.

    Example: waspada train --db waspada.db
    """
    from nlp.classifier.persistence import models_dir
    from nlp.training import registry
    from nlp.training.train import run

    db = open_database(db_path)
    target = Path(out) if out else models_dir()
    result = run(
        db,
        shared,
        target,
        n_folds=folds,
        base=not no_base,
        compare=compare,
        progress=lambda message: click.echo(message, err=True),
    )
    _echo_figures(f"new model {result.version}:", result.metrics.get("cv"))
    _echo_figures(f"current model {result.current_version} (same folds, same data):", result.current)
    failures = registry.below_floors(result.metrics, registry.floors(target))
    click.echo(
        f"wrote {result.path} in {result.metrics['train_seconds']} s "
        f"({result.metrics['model_bytes'] / 1e6:.1f} MB)"
    )
    elsewhere = f" --models {target}" if out else ""  # promote looks in the configured folder otherwise
    if failures:
        click.echo("below floors: " + "; ".join(failures))
        click.echo(f"promote anyway with: waspada models promote {result.version} --force{elsewhere}")
    else:
        click.echo(f"promote with: waspada models promote {result.version}{elsewhere}")


@click.group()
def label() -> None:
    """Analysts' labels: import, export, suggestions of what to label next, conflicts and agreement."""


label.add_command(label_quality.conflicts_command)
label.add_command(label_quality.agreement_command)


@label.command("import")
@db_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--encoding",
    default="utf-8",
    show_default=True,
    help='Text encoding of the file (cp1252 for a spreadsheet saved as plain "CSV" on Windows).',
)
def import_command(db_path: str | None, file: str, encoding: str) -> None:
    """Import labels from a CSV or JSONL file; every row is checked first, nothing is imported on error.

    Columns: article_id, conflict (yes/no), themes (separated by ';'), province_code, regency_code,
    annotator, note. Rows with an empty conflict cell are skipped, and so are rows equal to their
    annotator's newest label for the article (importing a file twice adds nothing). A CSV may be
    separated by commas, semicolons (a spreadsheet in Indonesian) or tabs.

    Example: waspada label import batch.csv
    """
    from nlp.training import labels as label_store

    imported, skipped, repeated = label_store.import_labels(Path(file), open_database(db_path), encoding)
    said = [f"imported {imported} label(s)"]
    said += [f"skipped {skipped} unfilled row(s)"] if skipped else []
    said += [f"{repeated} already stored (the annotator's newest label)"] if repeated else []
    click.echo(", ".join(said))


@label.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default=None,
    help="File to write, or - for stdout (the default).",
)
def export_command(db_path: str | None, fmt: str, out: str | None) -> None:
    """Export every label (oldest first) as JSONL or CSV.

    Example: waspada label export --format csv > labels.csv
    """
    from nlp.training import labels as label_store

    rows = label_store.export_labels(open_database(db_path))
    if fmt == "csv":
        buffer = io.StringIO()
        label_store.write_csv(rows, buffer, [*label_store.FIELDS, "created_at"])
        text = buffer.getvalue()
    else:
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if out and out != "-":
        Path(out).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
        click.echo(f"wrote {len(rows)} label(s) to {out}")
    else:
        click.echo(text, nl=False)


@label.command("suggest")
@db_option
@models_option
@click.option(
    "--n",
    "count",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="How many articles to suggest.",
)
@click.option("--out", type=click.Path(dir_okay=False), default="batch.csv", show_default=True)
@click.option("--model", "version", default=None, help="Model version (default: the current one).")
def suggest_command(
    db_path: str | None, models_path: str | None, count: int, out: str, version: str | None
) -> None:
    """Write a CSV of unlabeled articles worth labeling (uncertain and diverse) for an analyst to fill in.

    An existing file is replaced only when every label filled in it is already imported.

    Example: waspada label suggest --n 50 --out batch.csv
    """
    from nlp.classifier.persistence import load_model, models_dir
    from nlp.training import labels as label_store

    db = open_database(db_path)
    pending = label_store.unimported(Path(out), db)
    if pending:
        raise click.ClickException(
            f"{out} holds {pending} filled label(s) not imported yet: import it first "
            f"(waspada label import {out}) or write the new batch elsewhere (--out)"
        )
    model = load_model(version, models_dir(models_path))
    rows = label_store.suggest(db, model, n=count)
    with open(out, "w", encoding="utf-8-sig", newline="") as handle:
        label_store.write_csv(rows, handle, label_store.SUGGEST_FIELDS)
    click.echo(
        f"wrote {len(rows)} suggestion(s) to {out}; fill in conflict/themes, then: waspada label import {out}"
    )


@click.group()
def models() -> None:
    """List, inspect, promote and roll back classifier versions."""


@models.command("list")
@models_option
def list_command(models_path: str | None) -> None:
    """List model versions with their headline CV figures; * marks the current one.

    Example: waspada models list
    """
    from nlp.classifier.persistence import current_version, models_dir
    from nlp.training import registry

    directory = models_dir(models_path)
    current = current_version(directory)
    for version in registry.versions(directory):
        figures = headline_figures(registry.metrics(version, directory).get("cv", {}))
        click.echo(f"{'*' if version == current else ' '} {version}  {figures}")


def headline_figures(cv: dict) -> str:
    """Topical conflict and theme F1, then natural-rate conflict F1 with P/R and its article count (the
    figure an early-warning desk lives by; older versions measured it on fewer articles)."""
    topical = cv.get("articles")
    if not topical:
        return "no CV figures"
    conflict, themes = topical["conflict"]["f1"], topical["themes"]["micro_f1"]
    text = f"topical conflict F1 {conflict:.3f}  themes micro-F1 {themes:.3f}"
    natural = (cv.get("natural_all") or cv.get("natural") or {}).get("conflict")
    if not natural:
        return text + "  natural-rate: not measured"
    return (
        f"{text}  natural-rate conflict F1 {natural['f1']:.3f} "
        f"(P {natural['precision']:.2f}, R {natural['recall']:.2f}; {natural['n']} articles)"
    )


@models.command("show")
@models_option
@click.argument("version", required=False, callback=check_version)
def show_command(models_path: str | None, version: str | None) -> None:
    """Show a version's model card (default: the current version).

    Example: waspada models show 2026.11.29-4
    """
    from nlp.classifier.persistence import current_version, models_dir

    directory = models_dir(models_path)
    version = version or current_version(directory)
    card = directory / str(version) / "MODEL_CARD.md"
    if not version or not card.exists():
        raise click.ClickException(f"no model card for version {version!r} in {directory}")
    click.echo(card.read_text(encoding="utf-8"))


@models.command("promote")
@db_option
@models_option
@click.argument("version", callback=check_version)
@click.option("--force", is_flag=True, help="Promote even when CV metrics are below the floors.")
def promote_command(db_path: str | None, models_path: str | None, version: str, force: bool) -> None:
    """Make VERSION the current model; refuses a model below models/floors.json unless --force.

    Example: waspada models promote 2026.11.29-4
    """
    from nlp.classifier.persistence import models_dir
    from nlp.training import registry

    overridden = registry.promote(open_database(db_path), version, models_dir(models_path), force=force)
    for failure in overridden:
        click.echo(f"warning: forced past floor: {failure}", err=True)
    click.echo(f"current model: {version}; re-tag with: waspada tag --retag")


@models.command("rollback")
@db_option
@models_option
def rollback_command(db_path: str | None, models_path: str | None) -> None:
    """Make the previously current model current again.

    Example: waspada models rollback
    """
    from nlp.classifier.persistence import models_dir
    from nlp.training import registry

    version = registry.rollback(open_database(db_path), models_dir(models_path))
    click.echo(f"current model: {version}; re-tag with: waspada tag --retag")


@models.command("evaluate")
@models_option
@click.argument("version", required=False, callback=check_version)
@click.option("--shared", type=click.Path(file_okay=False), default=None, help="The shared folder.")
def evaluate_command(models_path: str | None, version: str | None, shared: str | None) -> None:
    """Cross-validate a version's configuration, at its own cuts, on the shared data and check it
    against the floors (default: the current version).

    Example: waspada models evaluate
    """
    from nlp.classifier.persistence import current_version, models_dir
    from nlp.training.evaluate import evaluate

    directory = models_dir(models_path)
    version = version or current_version(directory)
    report, failures = evaluate(version, directory, shared)
    _echo_figures(f"model {version or '(none yet: the shipped configuration)'} (5-fold CV):", report)
    if failures:
        raise click.ClickException("below floors: " + "; ".join(failures))
    click.echo("all floors met")


commands = [train, label, models]
