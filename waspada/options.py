"""Click options that many commands share (the sqlite-utils idiom)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from store import config
from store.db import open_db


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --db PATH (also WASPADA_DB, waspada.toml `db`, default ./waspada.db)."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="SQLite database [env WASPADA_DB; waspada.toml `db`; default ./waspada.db].",
    )(func)


def sources_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --sources PATH (also WASPADA_SOURCES, waspada.toml `sources`, default the bundled registry)."""
    return click.option(
        "--sources",
        "sources_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="Source registry YAML [env WASPADA_SOURCES; default the bundled crawler/sources.yaml].",
    )(func)


def models_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --models DIR (also WASPADA_MODELS, waspada.toml `models`, default ./models)."""
    return click.option(
        "--models",
        "models_path",
        type=click.Path(file_okay=False),
        default=None,
        help="Models folder [env WASPADA_MODELS; waspada.toml `models`; default ./models].",
    )(func)


def shared_data_option(
    flag: str, dest: str, under: str, help: str, folder: bool = False
) -> Callable[..., Any]:
    """Add a path option that defaults to `under` inside the shared data folder; the command gets a Path."""

    def resolve(ctx: click.Context, param: click.Parameter, value: str | None) -> Path:
        return Path(value) if value else config.shared_dir() / "data" / under

    return click.option(
        flag,
        dest,
        type=click.Path(file_okay=not folder, dir_okay=folder),
        default=None,
        callback=resolve,
        help=f"{help} (default: ../shared/data/{under}).",
    )


def open_database(db_path: str | None, create: bool = False):  # noqa: ANN201 - sqlite_utils.Database
    """Resolve the configured path and open it migrated; a missing file is an error unless `create`."""
    return open_db(config.db_path(db_path), create=create)


VERSION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def check_provinces(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """--province values: codes of the 38 Kemendagri provinces (a typo would make an empty digest, and the
    codes become parts of file names)."""
    from crawler.sources import PROVINCES

    for code in value:
        if code not in PROVINCES:
            raise click.BadParameter(
                f"{code!r} is not a province code (one of the 38 Kemendagri codes, such as 63 for Kalsel)"
            )
    return value


def check_province(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A single --province value, checked as `check_provinces` does."""
    if value is not None:
        check_provinces(ctx, param, (value,))
    return value


def check_version(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A model version: a plain folder name inside models/ (no separators, no '..')."""
    if value is not None and (not VERSION_NAME.match(value) or ".." in value):
        raise click.BadParameter(f"{value!r} is not a model version such as 2026.11.29-4")
    return value


def check_out(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--out: a file path without control characters (click.Path(dir_okay=False) refuses a folder)."""
    if value is not None and any(ord(char) < 32 for char in value):
        raise click.BadParameter("the path contains control characters")
    return value
