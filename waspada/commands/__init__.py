"""The CLI's commands, one module per area; each module exports its click commands."""

from __future__ import annotations

import importlib

import click

# Modules listed here are imported in order; each defines `commands: list[click.Command]`.
MODULES = [
    "db",
    "crawl",
    "fleet",
    "sources",
    "transfer",
    "demo",
    "serve",
    "service",
    "models",
    "report",
    "nlp",
]


def _load() -> list[click.Command]:
    found: list[click.Command] = []
    for name in MODULES:
        try:
            module = importlib.import_module(f"waspada.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"waspada.commands.{name}":
                continue  # an area not built yet
            raise
        found.extend(module.commands)
    return found


COMMANDS = _load()
