"""`waspada demo`: serve the bundled sample site, run every stage on it, say what to open next."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import click

DEMO_DB = "demo.db"
# Stages after the crawl, in order: (command name, arguments). Missing commands are skipped.
LATER_STAGES: list[tuple[str, list[str]]] = [
    ("tag", []),
    ("stories", ["--since", "2026-11-21", "--format", "table"]),
    ("digest", ["--date", "2026-11-27", "--days", "7"]),
    ("digest", ["--date", "2026-11-27", "--days", "7", "--lang", "en"]),
]


def run_stage(args: list[str]) -> None:
    """Run one `waspada` command in a child process (one Twisted reactor per crawl)."""
    command = [sys.executable, "-m", "waspada", *args]
    click.secho(f"\n$ waspada {' '.join(args)}", bold=True, err=True)
    result = subprocess.run(command, check=False)
    if result.returncode != 0:
        raise click.ClickException(f"stage `waspada {args[0]}` failed with exit code {result.returncode}")


def sample_site_only(path: Path) -> bool:
    """Whether every article and source of the database came from the sample site on 127.0.0.1 (False for
    a file that is not a Waspada database): only such a database may the demo delete."""
    local = "'http://127.0.0.1:%'"
    sql = (
        f"select (select count(*) from articles where canonical_url not like {local})"
        f" + (select count(*) from sources where home_url not like {local})"
    )
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute(sql).fetchone()[0] == 0
        finally:
            conn.close()
    except sqlite3.Error:
        return False


@click.command()
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default=DEMO_DB,
    show_default=True,
    help="Database the demo writes (kept apart from your real one).",
)
@click.option("--fresh/--keep", default=True, help="Start from an empty database (default) or keep it.")
def demo(db_path: str, fresh: bool) -> None:
    """Serve the sample news site on 127.0.0.1, crawl it and run every later stage on it.

    Example: waspada demo --db demo.db
    """
    from crawler.samplesite.server import SampleSite
    from waspada.cli import cli

    path = Path(db_path)
    if fresh and path.exists() and not sample_site_only(path):
        raise click.ClickException(
            f"{path} holds articles or sources that are not the sample site's: the demo starts by deleting "
            "its database, so it will not touch this one; choose another --db (default demo.db)"
        )
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    with SampleSite() as site, tempfile.TemporaryDirectory() as tmp:
        for outlet, url in site.base_urls.items():
            click.echo(f"Sample outlet {outlet:<15} {url}", err=True)
        sources = site.write_sources(Path(tmp) / "sources.yaml")
        run_stage(["crawl", "--db", str(path), "--sources", str(sources)])
    for name, args in LATER_STAGES:
        if name in cli.commands:
            run_stage([name, "--db", str(path), *args])
    for line in next_steps(path, "serve" in cli.commands):
        click.echo(line)


def next_steps(path: Path, can_serve: bool) -> list[str]:
    """What to run after the demo, with how to reach `waspada` and the demo's database."""
    runner = _runner()
    lines = [
        "\nDone. Next (run waspada from the project's virtual environment:",
        "  `source .venv/bin/activate` first, or call `.venv/bin/waspada` as below):",
        f"  {runner} db stats --db {path}",
        f"  {runner} export --db {path} --format csv --out articles.csv",
        f"  {runner} digest --db {path} --date 2026-11-27 --days 7 --format md",
    ]
    if can_serve:
        lines += [
            f"  {runner} users add analis --db {path}      # an account that may label",
            f"  {runner} serve --db {path}",
        ]
    return lines


def _runner() -> str:
    """`.venv/bin/waspada` relative to here when that is the one running, else `waspada`."""
    script = Path(sys.executable).parent / "waspada"
    if not script.exists():
        return "waspada"
    try:
        return str(script.relative_to(Path.cwd()))
    except ValueError:
        return str(script)


commands = [demo]
