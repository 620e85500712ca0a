"""Register the model versions found in models/ in the `models` table, so the workbench lists them."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils


def register_shipped(db: sqlite_utils.Database, directory: Path | None = None) -> list[str]:
    """Add a row for every version folder not in the table yet (the current one marked current)."""
    from nlp import registry
    from nlp.themes import current_version, models_dir

    directory = directory or models_dir()
    known = {row["version"] for row in db.query("select version from models")}
    added = [version for version in registry.versions(directory) if version not in known]
    current = current_version(directory)
    with db.conn:
        for version in added:
            registry.register(db, version, directory / version, registry.metrics(version, directory))
            if version == current:
                db["models"].update(version, {"status": "current"})
    return added
