"""The figures a tagging run reports, and its progress bar on stderr."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


def new_counts() -> dict[str, Any]:
    """The figures a tagging run reports, all zero."""
    return {"articles": 0, "placed": 0, "regency": 0, "mentions": 0}


def add_counts(counts: dict[str, Any], more: dict[str, Any]) -> None:
    """Add figures (a stage's, a worker's) to the run's counts."""
    for key, value in more.items():
        counts[key] = counts.get(key, 0) + value


def progress(enabled: bool) -> Progress:
    """The tagging progress bar (nothing shown when not enabled)."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=False,
    )
