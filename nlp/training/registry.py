"""Model versions on disk (models/<version>/, models/CURRENT) and in the `models` table; the floors gate."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from nlp.classifier.persistence import MODEL_FILE, current_version, models_dir
from store.errors import ConfigError, InputError

FLOORS_FILE = "floors.json"
REPO_FLOORS = Path(__file__).resolve().parents[2] / "models" / FLOORS_FILE


def now() -> str:
    """UTC time stamp, seconds precision."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_version(directory: Path) -> str:
    """A fresh version name like 2026.11.29-1: one past the day's highest number in the folder, so a
    removed version below it does not come back meaning another model."""
    day = datetime.now(UTC).strftime("%Y.%m.%d")
    taken = [path.name.rsplit("-", 1)[1] for path in directory.glob(f"{day}-*")] if directory.exists() else []
    numbers = [int(number) for number in taken if number.isdigit()]
    return f"{day}-{max(numbers, default=0) + 1}"


def versions(directory: Path | None = None) -> list[str]:
    """Version folders holding a model file, oldest first."""
    directory = directory or models_dir()
    if not directory.exists():
        return []
    found = [path.name for path in directory.iterdir() if (path / MODEL_FILE).exists()]
    return sorted(found, key=_sort_key)


def _sort_key(version: str) -> tuple[str, int]:
    day, _, number = version.partition("-")
    return day, int(number) if number.isdigit() else 0


def metrics(version: str, directory: Path | None = None) -> dict[str, Any]:
    """The metrics.json of a version ({} when missing)."""
    path = (directory or models_dir()) / version / "metrics.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def floors(directory: Path | None = None) -> dict[str, float]:
    """The evaluation floors: models/floors.json of the models folder, else the repository's."""
    for path in ((directory or models_dir()) / FLOORS_FILE, REPO_FLOORS):
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            return {key: float(value) for key, value in data.items() if not key.startswith("_")}
    raise ConfigError(f"{REPO_FLOORS}: floors file missing")


def lookup(summary: dict[str, Any], dotted: str) -> float | None:
    """A value by dotted path, e.g. "cv.articles.conflict.f1"."""
    value: Any = summary
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return float(value)


def below_floors(summary: dict[str, Any], pinned: dict[str, float]) -> list[str]:
    """One line per floor the metrics miss (a missing figure counts as missing the floor)."""
    failures = []
    for key, floor in pinned.items():
        value = lookup(summary, key)
        if value is None or value < floor:
            failures.append(f"{key} = {value if value is not None else 'missing'} < floor {floor}")
    return failures


def register(db: sqlite_utils.Database, version: str, path: Path, summary: dict[str, Any]) -> None:
    """Record a new version in the `models` table as a candidate."""
    db["models"].upsert(
        {
            "version": version,
            "created_at": now(),
            "path": str(path),
            "metrics": json.dumps(summary),
            "status": "candidate",
            "promoted_at": None,
        },
        pk="version",
    )


def promote(
    db: sqlite_utils.Database | None, version: str, directory: Path | None = None, force: bool = False
) -> list[str]:
    """Make `version` current (models/CURRENT and the table); refuse below the floors unless forced.

    Returns the floor failures that were overridden by `force`.
    """
    directory = directory or models_dir()
    if not (directory / version / MODEL_FILE).exists():
        raise InputError(f"unknown model version {version!r} in {directory}")
    failures = below_floors(metrics(version, directory), floors(directory))
    if failures and not force:
        raise InputError(f"{version} is below the floors ({'; '.join(failures)}); use --force to override")
    previous = current_version(directory)
    history = directory / "HISTORY"
    if previous and previous != version:
        with history.open("a", encoding="utf-8") as handle:
            handle.write(previous + "\n")
    (directory / "CURRENT").write_text(version + "\n", encoding="utf-8")
    if db is not None:
        _mark(db, version, previous, directory)
    return failures


def _mark(db: sqlite_utils.Database, version: str, previous: str | None, directory: Path) -> None:
    """Statuses in the table: the new one current, the previous one retired."""
    if not _known(db, version):
        register(db, version, directory / version, metrics(version, directory))
    if previous and previous != version and _known(db, previous):
        db["models"].update(previous, {"status": "retired"})
    db["models"].update(version, {"status": "current", "promoted_at": now()})


def _known(db: sqlite_utils.Database, version: str) -> bool:
    """Whether the `models` table (which may not exist yet) has a row for `version`."""
    return bool(list(db["models"].rows_where("version = ?", [version])))


def rollback(db: sqlite_utils.Database | None, directory: Path | None = None) -> str:
    """Return to the version that was current before the present one; return its name."""
    directory = directory or models_dir()
    history = directory / "HISTORY"
    lines = (
        [line for line in history.read_text(encoding="utf-8").splitlines() if line.strip()]
        if history.exists()
        else []
    )
    if not lines:
        raise InputError(f"{directory}: no earlier model to roll back to")
    target, rest = lines[-1], lines[:-1]
    present = current_version(directory)
    (directory / "CURRENT").write_text(target + "\n", encoding="utf-8")
    history.write_text("".join(line + "\n" for line in rest), encoding="utf-8")
    if db is not None:
        _mark(db, target, present, directory)
    return target
