"""Click options that many commands share (the sqlite-utils idiom)."""

from __future__ import annotations

from collections.abc import Callable
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


def open_database(db_path: str | None, create: bool = False):  # noqa: ANN201 - sqlite_utils.Database
    """Resolve the configured path and open it migrated; a missing file is an error unless `create`."""
    return open_db(config.db_path(db_path), create=create)
