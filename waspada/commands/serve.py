"""`waspada serve` and `waspada users`: the analysts' workbench and its accounts."""

from __future__ import annotations

import click

from store import config
from waspada.datasette import users as accounts
from waspada.options import db_option, open_database


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port)."
)
@click.option("--tile-url", default=None, help="Map tile URL template [env WASPADA_TILE_URL; default OSM].")
def serve(db_path: str | None, host: str, port: int, tile_url: str | None) -> None:
    """Start the analysts' workbench (Datasette) on the database.

    Search, facets, stored queries and the map are open to anyone who can
    reach the port; labeling needs an account made with `waspada users add`.

    Example: waspada serve --db waspada.db --port 8001
    """
    from waspada.serve import serve as run_server

    run_server(config.db_path(db_path), host, port, tile_url, announce=click.echo)


def _password_option(func):  # noqa: ANN001, ANN202
    return click.option(
        "--password",
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        envvar="WASPADA_PASSWORD",
        help="The password (prompted when omitted; env WASPADA_PASSWORD).",
    )(func)


@click.group()
def users() -> None:
    """Manage the analysts who can label articles in the workbench."""


@users.command("add")
@db_option
@click.argument("name")
@_password_option
@click.option("--reviewer", is_flag=True, help="A reviewer: their newer label resolves conflicting labels.")
def add(db_path: str | None, name: str, password: str, reviewer: bool) -> None:
    """Create an analyst account (the password is stored as a salted PBKDF2 hash).

    Example: waspada users add rahmadi
    """
    role = "reviewer" if reviewer else "analyst"
    accounts.add(open_database(db_path), name, password, role)
    click.echo(f"Added {role} {name}")


@users.command("list")
@db_option
def list_users(db_path: str | None) -> None:
    """List analyst accounts.

    Example: waspada users list
    """
    rows = list(accounts.listing(open_database(db_path)))
    if not rows:
        click.echo("no analyst accounts yet; add one with: waspada users add NAME")
    for row in rows:
        click.echo(
            f"{row['name']:<24} {row['role']:<9} created {row['created_at']}  updated {row['updated_at']}"
        )


@users.command("remove")
@db_option
@click.argument("name")
def remove(db_path: str | None, name: str) -> None:
    """Delete an analyst account (their labels stay).

    Example: waspada users remove rahmadi
    """
    accounts.remove(open_database(db_path), name)
    click.echo(f"Removed analyst {name}")


@users.command("passwd")
@db_option
@click.argument("name")
@_password_option
def passwd(db_path: str | None, name: str, password: str) -> None:
    """Set a new password for an analyst.

    Example: waspada users passwd rahmadi
    """
    accounts.set_password(open_database(db_path), name, password)
    click.echo(f"Password changed for {name}")


commands = [serve, users]
