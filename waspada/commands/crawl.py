"""`waspada crawl`: fetch new articles from the registered sources into the database."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.table import Table

from store import config
from store.errors import InputError
from waspada.options import db_option, sources_option


def summary_table(summary: dict[str, Any]) -> Table:
    """The end-of-crawl table: outcomes, then errors by reason."""
    table = Table(title=f"Crawl run {summary['run']} ({summary['status']})", show_header=True)
    table.add_column("outcome")
    table.add_column("count", justify="right")
    for label, key in (
        ("pages fetched", "pages"),
        ("new articles", "new"),
        ("unchanged (already stored)", "unchanged"),
        ("duplicates (same URL)", "duplicates"),
        ("near-duplicates (stored, linked)", "near_duplicates"),
        ("errors", "errors"),
    ):
        table.add_row(label, f"{summary[key]:,}")
    if older := summary["counts"].get("older_than_since"):
        table.add_row("older than --since (not stored)", f"{older:,}")
    if listed := summary["counts"].get("from_listing"):
        table.add_row("stored from feed/API text (page unreadable)", f"{listed:,}")
    for reason, count in summary["errors_by_reason"].items():
        table.add_row(f"  error: {reason}", f"{count:,}")
    return table


def check_since(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--since as given, once it is a date not in the future (a usage error otherwise, before any work)."""
    from crawler.run import parse_since

    try:
        parse_since(value)
    except InputError as error:
        raise click.BadParameter(str(error).removeprefix("--since ")) from None
    return value


@click.command()
@click.option("--source", "names", multiple=True, metavar="NAME", help="Crawl only this source (repeatable).")
@click.option(
    "--since",
    default=None,
    metavar="DATE",
    callback=check_since,
    help="Skip articles published before DATE (2026-11-01).",
)
@db_option
@sources_option
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Download timeout per request, seconds [30].",
)
@click.option(
    "--max-size",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Largest page to download, MB [5].",
)
@click.option("--quiet", is_flag=True, help="No live progress line.")
@click.option(
    "--fleet", "fleet", metavar="URL", default=None, help="Queue on a Redis fleet (see `waspada fleet`)."
)
def crawl(
    names: tuple[str, ...],
    since: str | None,
    db_path: str | None,
    sources_path: str | None,
    timeout: float | None,
    max_size: float | None,
    quiet: bool,
    fleet: str | None,
) -> None:
    """Crawl the sources (WordPress API, RSS feeds, sitemaps, listing pages) into the database.

    Only articles not stored yet are fetched; feeds are re-read with conditional GET.
    Failures become rows of crawl_errors; the crawl goes on. With --fleet, one job per host is queued
    on Redis and crawled by `waspada fleet worker`s; `waspada ingest --fleet` stores the articles.

    Example: waspada crawl --source mckalsel --since 2026-11-01
    """
    from crawler.run import crawl as run_crawl
    from crawler.run import failing_sources
    from crawler.sources import load_sources, save_sources, select
    from store.db import open_db

    sources = select(load_sources(config.get("sources", sources_path)), list(names))
    settings: dict[str, Any] = {}
    if timeout is not None:
        settings["DOWNLOAD_TIMEOUT"] = timeout
    if max_size is not None:
        settings["DOWNLOAD_MAXSIZE"] = int(max_size * 1024 * 1024)
    if fleet:  # the crawlers of a fleet never open the database: the ingest writer does
        from waspada.commands.fleet import enqueue_crawl

        return enqueue_crawl(fleet, sources, since, settings)
    path = config.db_path(db_path)
    database = open_db(path)
    save_sources(database, sources)
    database.conn.close()
    summary = run_crawl(path, sources, since=since, settings=settings, progress=not quiet)
    for line in failing_sources(summary):
        click.echo(line, err=True)
    Console().print(summary_table(summary))


commands = [crawl]
