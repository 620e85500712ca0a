"""`waspada run` and `waspada schedule`: the whole pipeline as a daily service."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import click

from store import config
from store.db import require_existing
from store.errors import InputError, WaspadaError
from waspada import service
from waspada.options import db_option


def _stages(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in service.STAGES]
    if unknown:
        raise click.BadParameter(
            f"unknown stage(s) {', '.join(unknown)}; choose from {', '.join(service.STAGES)}"
        )
    return names


def _report(run_id: int, results: list[service.StageResult]) -> None:
    for result in results:
        counts = (
            ", ".join(f"{table} {change:+d}" for table, change in result.counts.items()) or "no row changes"
        )
        if result.status == "skipped":
            click.echo(f"  {result.stage:<8} skipped ({result.stderr})")
        else:
            click.echo(f"  {result.stage:<8} {result.status} in {result.seconds:.1f} s ({counts})")
        if result.stage == "digest" and result.status == "finished" and result.stdout.strip():
            written = [line.strip() for line in result.stdout.splitlines() if line.strip()]
            click.echo(f"  {'':<8} wrote {', '.join(written)}")  # the digest and feed paths, one per line
    click.echo(f"Run {run_id} finished")


def _run_once(db_path: str, sources: str | None, stages: list[str], timeout: float | None) -> None:
    if "crawl" not in stages:  # only a run that crawls may create the database
        require_existing(db_path)
    plan = service.pipeline(db_path, sources, stages)
    run_id, results = service.run(db_path, plan, timeout)
    _report(run_id, results)


_options = [
    db_option,
    click.option(
        "--sources",
        type=click.Path(exists=True, dir_okay=False),
        default=None,
        help="sources.yaml for the crawl stage [default: the bundled registry].",
    ),
    click.option(
        "--stages",
        default=",".join(service.STAGES),
        show_default=True,
        help="Comma-separated stages to run, in order.",
    ),
    click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        help="Seconds after which a stage is stopped and fails.",
    ),
]


def _with_options(func):  # noqa: ANN001, ANN202
    for option in reversed(_options):
        func = option(func)
    return func


@click.command("run")
@_with_options
def run_command(db_path: str | None, sources: str | None, stages: str, timeout: float | None) -> None:
    """Run crawl → tag → stories → digest once, as the daily job does.

    Each stage runs as its own `waspada <stage>` process; stages whose
    command does not exist are skipped. A lock beside the database keeps a
    second run from starting (exit 75); a failed stage stops the run with
    exit 2 and its name. Every run is a row in the `service_runs` table.

    Example: waspada run --db waspada.db
    """
    _run_once(config.db_path(db_path), sources, _stages(stages), timeout)


def check_at(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """--at as given, once it parses (a usage error otherwise)."""
    try:
        service.parse_at(value)
    except InputError as error:
        raise click.BadParameter(str(error).removeprefix(f"--at {value!r}: ")) from None
    return value


@click.command()
@_with_options
@click.option(
    "--at",
    "at",
    default="06:00",
    show_default=True,
    callback=check_at,
    help="Daily start time: HH:MM in WIB, or with its zone ('06:00 WITA'), whatever the machine's zone.",
)
@click.option("--run-now", is_flag=True, help="Also run once immediately.")
@click.option(
    "--max-runs", type=click.IntRange(min=0), default=0, help="Stop after this many runs (0: run forever)."
)
def schedule(
    db_path: str | None,
    sources: str | None,
    stages: str,
    timeout: float | None,
    at: str,
    run_now: bool,
    max_runs: int,
) -> None:
    """Keep running `waspada run` every day at a fixed time, in this process.

    A failed or skipped run is logged and the schedule goes on.

    Example: waspada schedule --at 06:00 --db waspada.db
    """
    path, names, done = config.db_path(db_path), _stages(stages), 0
    while not max_runs or done < max_runs:
        if not (run_now and done == 0):
            due = service.next_run(datetime.now(UTC), at)
            utc = due.astimezone(UTC)
            click.echo(f"Next run at {due:%Y-%m-%d %H:%M} {due.tzname()} ({utc:%Y-%m-%d %H:%M} UTC)")
            time.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()))
        try:
            _run_once(path, sources, names, timeout)
        except WaspadaError as error:
            click.echo(f"Error: {error}", err=True)
        done += 1


commands = [run_command, schedule]
