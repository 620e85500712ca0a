"""`waspada fleet …` and `waspada ingest --fleet`: crawling on many processes, coordinated by Redis."""

from __future__ import annotations

import json
import signal
import time
from typing import Any

import click
from rich.table import Table

from store import config
from waspada.options import db_option, sources_option
from waspada.tables import console

fleet_option = click.option(
    "--fleet", "fleet_url", metavar="URL", default=None, help="Redis of the fleet, redis://HOST:PORT/DB."
)


def resolve_fleet(option: str | None) -> str:
    """--fleet, else WASPADA_FLEET / waspada.toml `fleet`; a one-line error when none is set."""
    url = config.get("fleet", option)
    if not url:
        raise click.ClickException("no fleet: pass --fleet redis://HOST:PORT/DB (or set WASPADA_FLEET)")
    return str(url)


def enqueue_crawl(
    url: str, sources: list[dict[str, Any]], since: str | None, settings: dict[str, Any], work: bool = True
) -> None:
    """Queue one job per host; `waspada crawl --fleet` (work) then crawls as one worker until the queue is
    empty, `waspada fleet enqueue` leaves the jobs to the workers."""
    from crawler.fleet import jobs, redisio

    client = redisio.connect(url)
    queued = jobs.enqueue(client, url, sources, since, settings)
    if not work:
        waiting = len(jobs.by_host(sources)) - len(queued)
        click.echo(f"queued {len(queued)} crawl job(s) on {url}; {waiting} host(s) already queued or running")
        return
    click.echo(f"queued {len(queued)} crawl job(s) on {url}; crawling until the queue is empty")
    jobs.work(client, burst=True)


@click.command()
@db_option
@fleet_option
@click.option(
    "--idle-exit",
    type=click.FloatRange(min=0),
    default=None,
    metavar="SECONDS",
    help="Stop after this long idle.",
)
@click.option(
    "--claim-idle",
    type=click.FloatRange(min=0),
    default=60.0,
    help="Take over a dead writer's entries after S [60].",
)
@click.option("--batch", type=click.IntRange(1, 10_000), default=200, help="Entries read at once [200].")
def ingest(
    db_path: str | None, fleet_url: str | None, idle_exit: float | None, claim_idle: float, batch: int
) -> None:
    """Store what the fleet's crawlers extracted: the one writer of the database (run one per database).

    Reads the Redis Stream with a consumer group, deduplicates and inserts like `waspada crawl`,
    acknowledges each entry after its commit; on start it warms Redis with the stored URLs.

    Example: waspada ingest --fleet redis://127.0.0.1:6379/0 --db waspada.db
    """
    from crawler.fleet import redisio
    from crawler.fleet.writer import Writer

    url = resolve_fleet(fleet_url)
    stopping: list[int] = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    writer = Writer(redisio.connect(url), config.db_path(db_path), batch=batch)
    summary = writer.run(idle_exit, claim_idle_ms=int(claim_idle * 1000), stop=lambda: bool(stopping))
    click.echo(f"ingest run {summary['run']}: {summary['new']:,} new, {summary['duplicates']:,} duplicates")


@click.group(name="fleet")
def fleet_group() -> None:
    """The crawl fleet on Redis: workers and status.

    Example: waspada fleet status --fleet redis://127.0.0.1:6379/0
    """


@fleet_group.command("enqueue")
@click.option("--source", "names", multiple=True, metavar="NAME", help="Only this source (repeatable).")
@click.option("--since", default=None, metavar="DATE", help="Skip articles published before DATE.")
@sources_option
@fleet_option
def enqueue(
    names: tuple[str, ...], since: str | None, sources_path: str | None, fleet_url: str | None
) -> None:
    """Queue one crawl job per host on the fleet (hosts queued or being crawled are left alone).

    Example: waspada fleet enqueue --fleet redis://10.0.0.5:6379/0 --since 2026-11-01
    """
    from crawler.run import parse_since
    from crawler.sources import load_sources, select

    parse_since(since)  # a bad date is a one-line error here, not in every job
    sources = select(load_sources(config.get("sources", sources_path)), list(names))
    enqueue_crawl(resolve_fleet(fleet_url), sources, since, {}, work=False)


@fleet_group.command("worker")
@fleet_option
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--name", default=None, help="Worker name (default: host and pid).")
def worker(fleet_url: str | None, burst: bool, name: str | None) -> None:
    """Crawl jobs from the fleet's queue, each in its own process (run any number, on any machine).

    Example: waspada fleet worker --fleet redis://10.0.0.5:6379/0
    """
    from crawler.fleet import jobs, redisio

    url = resolve_fleet(fleet_url)
    jobs.work(redisio.connect(url), burst=burst, name=name)


def status_tables(data: dict[str, Any]) -> list[Table]:
    """Jobs (queued and running, then ended), processes and the stream, as rich tables."""
    jobs = Table(title="crawl jobs (one per host)")
    for column in ("job", "status", "sources", "worker"):
        jobs.add_column(column)
    for job in data["jobs"]:
        jobs.add_row(job["id"], job["status"], ", ".join(job["sources"]), job["worker"])
    processes = Table(title="processes")
    for column in ("process", "job", "status", "pages", "sent/stored", "per second"):
        processes.add_column(column)
    for name, row in sorted(data["processes"].items()):
        done = row.get("sent", row.get("stored", 0))
        elapsed = max(1e-9, row["updated"] - row["started"])
        processes.add_row(name, row["job"], row["status"], str(row.get("pages", "")), f"{done:,}",
                          f"{done / elapsed:.1f}")  # fmt: skip
    ended = Table(title="ended jobs (finished: last 24 h, failed: last 7 days)")
    for column in ("job", "status", "sources", "ended (UTC)", "outcome"):
        ended.add_column(column, overflow="fold")
    for job in data["ended"]:
        status = job["status"] if job["status"] == "finished" else f"[bold red]{job['status']}[/]"
        when = job["ended"].replace("T", " ").removesuffix("Z")
        ended.add_row(job["id"], status, ", ".join(job["sources"]), when, job["outcome"])
    stream = Table(title="stream")
    stream.add_column("backlog")
    stream.add_column("pending (read, not yet acknowledged)")
    stream.add_column("known URLs")
    stream.add_row(f"{data['backlog']:,}", f"{data['pending']:,}", f"{data['known_urls']:,}")
    return [jobs, ended, processes, stream]


@fleet_group.command("status")
@fleet_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def status(fleet_url: str | None, as_json: bool) -> None:
    """Show the fleet: jobs and who runs them, jobs that ended and how, processes and their rates, stream
    backlog and pending entries.

    Example: waspada fleet status --fleet redis://127.0.0.1:6379/0
    """
    from crawler.fleet import redisio
    from crawler.fleet.status import fleet_status

    data = fleet_status(redisio.connect(resolve_fleet(fleet_url)))
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    out = console()
    for table in status_tables(data):
        out.print(table)
    out.print(f"as of {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC")


commands = [ingest, fleet_group]
