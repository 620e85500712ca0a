"""Model versions: the models folder, models/CURRENT and a version's model file, without loading a model."""

from __future__ import annotations

from pathlib import Path

from store import config
from store.errors import ConfigError

MODEL_FILE = "model.skops"


def models_dir(option: str | None = None) -> Path:
    """The models folder: option > WASPADA_MODELS > waspada.toml `models` > ./models of the repository."""
    value = config.get("models", option)
    return Path(value) if value else Path(__file__).resolve().parents[2] / "models"


def current_version(directory: Path | None = None) -> str | None:
    """The version named in models/CURRENT, or None when there is none."""
    path = (directory or models_dir()) / "CURRENT"
    return path.read_text(encoding="utf-8").strip() or None if path.exists() else None


def chosen_version(version: str | None = None, directory: Path | None = None) -> str | None:
    """`version` (default: the current one) once its model file is known to exist; None when none is
    installed. A named version without a model file is refused as loading it would be."""
    directory = directory or models_dir()
    chosen = version or current_version(directory)
    if chosen:
        model_file(chosen, directory)
    return chosen


def model_file(version: str, directory: Path) -> Path:
    """The model file of `version`; a ConfigError naming the installed versions when it is missing."""
    path = directory / version / MODEL_FILE
    if not path.exists():
        installed = sorted(found.parent.name for found in directory.glob(f"*/{MODEL_FILE}")) or ["none"]
        raise ConfigError(f"no model version {version!r} in {directory}; installed: {', '.join(installed)}")
    return path
