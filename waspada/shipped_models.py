"""Register the model versions found in models/ in the `models` table, so the workbench lists them."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from store import config

REPO_MODELS = Path(__file__).resolve().parent.parent / "models"


def _folders(directory: Path) -> set[str]:
    """Version folders (cheap: no model library is imported when nothing is new)."""
    return {path.name for path in directory.glob("*/MODEL_CARD.md")} if directory.exists() else set()


def register_shipped(db: sqlite_utils.Database, directory: Path | None = None) -> list[str]:
    """Add a row for every version folder not in the table yet (the current one marked current)."""
    directory = directory or Path(config.get("models") or REPO_MODELS)
    known = {row["version"] for row in db.query("select version from models")}
    if not _folders(directory) - known:
        return []
    from nlp.classifier.persistence import current_version
    from nlp.training import registry

    added = [version for version in registry.versions(directory) if version not in known]
    current = current_version(directory)
    with db.conn:
        for version in added:
            registry.register(db, version, directory / version, registry.metrics(version, directory))
            if version == current:
                db["models"].update(version, {"status": "current"})
    return added
