"""Configuration: CLI option > environment (WASPADA_*) > waspada.toml > default."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from store.errors import ConfigError

DEFAULTS: dict[str, Any] = {
    "db": "waspada.db",
    "sources": str(Path(__file__).resolve().parent.parent / "crawler" / "sources.yaml"),
    "shared": str(Path(__file__).resolve().parent.parent.parent / "shared"),
    "out": "reports/out",
    "user_agent_contact": "https://github.com/waspada-id/waspada",
}
ENV_PREFIX = "WASPADA_"


def config_path() -> Path:
    """The config file: $WASPADA_CONFIG, else ./waspada.toml."""
    return Path(os.environ.get("WASPADA_CONFIG", "waspada.toml"))


def load_file(path: Path | None = None) -> dict[str, Any]:
    """The [waspada] table of the config file, or {} when there is none."""
    path = path or config_path()
    if not path.exists():
        return {}
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from error
    return data.get("waspada", data)


def get(key: str, option: Any = None) -> Any:
    """Resolve one setting: the CLI option wins, then WASPADA_<KEY>, the file, the default."""
    if option is not None:
        return option
    env = os.environ.get(ENV_PREFIX + key.upper())
    if env:
        return env
    from_file = load_file().get(key)
    if from_file is not None:
        return from_file
    return DEFAULTS.get(key)


def db_path(option: str | None = None) -> str:
    """The database path after resolution."""
    return str(get("db", option))


def shared_dir(option: str | None = None) -> Path:
    """The shared data folder (training and evaluation data, never copied into the repo)."""
    return Path(get("shared", option))
