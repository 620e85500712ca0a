"""Build the workbench's Datasette instance from the packaged configuration and serve it."""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from store import config
from store.db import open_db
from store.errors import ConfigError
from waspada.datasette import search
from waspada.shipped_models import register_shipped

CONFIG_DIR = Path(__file__).resolve().parent / "datasette"
DATABASE_NAME = "waspada"
DEFAULT_TILES = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
SETTINGS: dict[str, Any] = {
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 1000,
    "default_page_size": 50,
    "allow_download": False,
    "max_returned_rows": 1000,
    "suggest_facets": False,
}


def load_metadata(tile_url: str | None = None) -> dict[str, Any]:
    """The packaged metadata with the map's tile layer filled in (option > WASPADA_TILE_URL > default)."""
    with (CONFIG_DIR / "metadata.yaml").open(encoding="utf-8") as handle:
        metadata = yaml.safe_load(handle)
    cluster = metadata.setdefault("plugins", {}).setdefault("datasette-cluster-map", {})
    cluster["tile_layer"] = config.get("tile_url", tile_url) or DEFAULT_TILES
    return metadata


def secret() -> str:
    """The cookie-signing secret: WASPADA_SECRET / waspada.toml `secret`, else random per process."""
    return str(config.get("secret") or secrets.token_hex(32))


def build(db_path: str | Path, tile_url: str | None = None):  # noqa: ANN201 - datasette.app.Datasette
    """Datasette on the migrated database (named "waspada") with metadata, templates and plugins."""
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.plugins import pm

    from waspada.datasette.plugins import waspada_workbench

    if not pm.is_registered(waspada_workbench):
        pm.register(waspada_workbench, name="waspada_workbench")
    if pm.get_plugin("datasette.handle_exception"):  # ours logs one line; the default dumps rich tracebacks
        pm.unregister(name="datasette.handle_exception")

    db = open_db(db_path, create=False)  # refuse a missing file, migrate before serving
    register_shipped(db)
    search.refresh(db)  # stem the words of the search index not stemmed yet
    db.conn.close()
    datasette = Datasette(
        metadata=load_metadata(tile_url),
        template_dir=str(CONFIG_DIR / "templates"),
        settings=SETTINGS,
        secret=secret(),
    )
    datasette.add_database(Database(datasette, path=str(db_path), is_mutable=True), name=DATABASE_NAME)
    datasette.remove_database("_memory")  # analysts see one database, not Datasette's scratch one
    return datasette


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; port 0 lets the OS choose a free port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise ConfigError(
            f"cannot listen on {host}:{port}: {error.strerror} (choose another --port or --host)"
        ) from error
    sock.set_inheritable(True)
    return sock


def serve(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 8001,
    tile_url: str | None = None,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the workbench until interrupted; announces the URL (with the real port) once bound."""
    import uvicorn

    datasette = build(db_path, tile_url)
    sock = bind(host, port)
    url = f"http://{host}:{sock.getsockname()[1]}/"
    server = uvicorn.Server(
        uvicorn.Config(datasette.app(), log_level=os.environ.get("WASPADA_LOG", "warning"))
    )
    announce(f"Serving {db_path} on {url}")
    server.run(sockets=[sock])
