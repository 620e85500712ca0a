"""The CLI's rich console: the terminal's width, or wide enough that piped rows are never folded."""

from __future__ import annotations

from rich.console import Console

PIPED_WIDTH = 200  # piped or redirected output: one row per line, no URL folded into pieces


def console() -> Console:
    """A console for tables: the terminal's own width, or PIPED_WIDTH columns when not a terminal."""
    return Console(width=None if Console().is_terminal else PIPED_WIDTH)
