"""`waspada sources`: list the source registry, check that its sources answer, and show their health."""

from __future__ import annotations

import json

import click
from rich.table import Table

from crawler import probe
from crawler.settings import user_agent
from crawler.sources import PROVINCES, load_sources, select
from store import config
from waspada.options import check_province, db_option, open_database, sources_option
from waspada.tables import console


@click.group()
def sources() -> None:
    """Show the news sources Waspada crawls and check that they answer."""


@sources.command("list")
@sources_option
@click.option(
    "--province",
    callback=check_province,
    help="Only sources based in or covering this province code, e.g. 63.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_command(sources_path: str | None, province: str | None, fmt: str) -> None:
    """List the registered sources with their kind, province, zone and entry URL.

    Example: waspada sources list --province 63
    """
    found = load_sources(config.get("sources", sources_path))
    if province:
        found = [s for s in found if province in (s["province"], *s["covers"])]
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(found)} source(s)")
    for column in ("name", "kind", "province", "tz", "type", "verified"):
        table.add_column(column, no_wrap=True)
    table.add_column("entry URL", overflow="fold")
    for source in found:
        place = f"{source['province']} {PROVINCES[source['province']][0]}"
        verified = "yes" if source["verified"] else "no"
        row = (source["name"], source["kind"], place, source["tz"], source["type"], verified)
        table.add_row(*row, probe.entry_url(source))
    console().print(table)


@sources.command("check")
@sources_option
@click.option("--source", "names", multiple=True, help="Check only this source (repeatable).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=5.0,
    show_default=True,
    help="Seconds per request.",
)
@click.option("--strict", is_flag=True, help="Exit 1 when any source is not reachable.")
def check_command(sources_path: str | None, names: tuple[str, ...], timeout: float, strict: bool) -> None:
    """Fetch each source's robots.txt and feed, API or sitemap once, and say whether it answers.

    Example: waspada sources check --source mckalsel --timeout 5
    """
    chosen = select(load_sources(config.get("sources", sources_path)), names)
    results = probe.check_all(chosen, timeout, user_agent())
    width = max(len(result.name) for result in results)
    for result in results:
        click.echo(f"{result.name:<{width}}  {result.detail}")
    reachable = sum(result.reachable for result in results)
    offline = sum(result.state == "offline" for result in results)
    summary = (
        f"Checked {len(results)} source(s): {reachable} reachable, {len(results) - reachable} not reachable"
    )
    if offline == len(results):
        summary += " (every DNS lookup failed: this machine seems to have no network)"
    click.echo(summary + ".")
    if strict and reachable < len(results):
        raise SystemExit(1)


@sources.command("status")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--strict", is_flag=True, help="Exit 1 when any source is silent or has never brought an article."
)
def status_command(db_path: str | None, fmt: str, strict: bool) -> None:
    """What each source brought lately, from the database: articles stored, the newest (WIB), the last 7
    days against its usual week (the 28 days before), the errors of its latest crawl (local or on the
    fleet) by reason.

    A source is "silent" when it brought nothing in 7 days though it usually brings 3 or more a week: a
    broken crawl (a changed layout, a moved feed, a block) until shown otherwise. The digest names such
    sources too.

    Example: waspada sources status --db waspada.db
    """
    from crawler.health import source_health

    found = source_health(open_database(db_path))
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        console().print(health_table(found))
    if strict and any(row["status"] != "ok" for row in found):
        raise SystemExit(1)


HEALTH_COLUMNS = (
    "source",
    "status",
    "stored",
    "newest",
    "last 7 days",
    "usual 7 days",
    "latest crawl's errors",
)


def health_table(found: list[dict]) -> Table:
    """`sources status` as a table; a status other than ok in bold red."""
    from reports.clock import shown

    table = Table(title=f"{len(found)} source(s)")
    for column in HEALTH_COLUMNS:
        table.add_column(column, overflow="fold")
    for row in found:
        errors = ", ".join(f"{reason} ×{n}" for reason, n in row["errors"].items()) or "none"
        status = row["status"] if row["status"] == "ok" else f"[bold red]{row['status']}[/]"
        newest = shown(row["newest"], "en") or "—"
        counts = (f"{row['stored']:,}", newest, str(row["last_7_days"]), str(row["usual_7_days"]))
        table.add_row(row["source"], status, *counts, errors)
    return table


commands = [sources]
