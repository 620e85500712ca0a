"""`waspada db`: migrate the schema and show what the database holds."""

from __future__ import annotations

import click

from store import config, migrations
from store.db import backlog, connect, open_db, stats
from waspada.options import db_option
from waspada.shipped_models import register_shipped


@click.group()
def db() -> None:
    """Manage the SQLite database (schema migrations, statistics)."""


@db.command()
@db_option
def migrate(db_path: str | None) -> None:
    """Create the database or bring it to the current schema.

    Example: waspada db migrate --db waspada.db
    """
    path = config.db_path(db_path)
    database = connect(path)  # the one command that may create a database
    ran = migrations.apply(database)
    shipped = register_shipped(database)
    if ran:
        click.echo(f"{path}: applied {len(ran)} migration(s): {', '.join(ran)}")
    else:
        click.echo(f"{path}: schema is up to date ({len(migrations.MIGRATIONS)} migrations)")
    if shipped:
        click.echo(f"{path}: registered model version(s) {', '.join(shipped)}")


@db.command("stats")
@db_option
def stats_command(db_path: str | None) -> None:
    """Show row counts per table, the crawl date range and the articles later stages have not reached.

    Example: waspada db stats
    """
    path = config.db_path(db_path)
    database = open_db(path, create=False)
    click.echo(f"Database: {path}")
    for table, count in stats(database).items():
        click.echo(f"  {table:<18} {count:>9,}")
    row = database.execute(
        "select min(published_at), max(published_at), count(*) filter (where dup_of is not null) "
        "from articles"
    ).fetchone()
    if row[0]:
        click.echo(f"  published: {row[0]} .. {row[1]}; duplicates linked: {row[2]:,}")
    waiting = backlog(database)
    if any(waiting.values()):
        click.echo(
            f"  waiting: {waiting['untagged']:,} article(s) not tagged (waspada tag), "
            f"{waiting['without_story']:,} not in a story (waspada stories)"
        )


commands = [db]
