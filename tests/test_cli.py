"""The command line: every command documented, errors as one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from store.db import open_db
from waspada.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


def all_commands(group: click.Group = cli, prefix: str = "waspada") -> list[tuple[str, click.Command]]:
    """Every leaf command with its full name, e.g. ("waspada db stats", <Command>)."""
    found = []
    for name, command in group.commands.items():
        full = f"{prefix} {name}"
        if isinstance(command, click.Group):
            found.extend(all_commands(command, full))
        else:
            found.append((full, command))
    return found


@pytest.mark.parametrize(("name", "command"), all_commands(), ids=lambda value: str(value))
def test_every_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    assert command.help, f"{name} has no help text"
    assert "Example:" in command.help, f"{name} help shows no example"


@pytest.mark.parametrize(("name", "command"), all_commands(), ids=lambda value: str(value))
def test_every_command_is_in_the_readme(name: str, command: click.Command) -> None:
    assert name in README.read_text(encoding="utf-8"), f"README.md does not document `{name}`"


def test_readme_opens_with_the_two_commands() -> None:
    head = README.read_text(encoding="utf-8")[:3000]
    assert "make demo" in head and "make test" in head


def test_db_migrate_and_stats(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    runner = CliRunner()
    first = runner.invoke(cli, ["db", "migrate", "--db", str(db)])
    assert first.exit_code == 0 and "applied" in first.output
    again = runner.invoke(cli, ["db", "migrate", "--db", str(db)])
    assert again.exit_code == 0 and "up to date" in again.output
    stats = runner.invoke(cli, ["db", "stats", "--db", str(db)])
    assert stats.exit_code == 0 and "articles" in stats.output and "waiting" not in stats.output
    database = open_db(db)
    database["articles"].insert({"canonical_url": "u", "url": "u", "source": "s", "fetched_at": "2026-11-01"})
    database.conn.close()
    behind = runner.invoke(cli, ["db", "stats", "--db", str(db)]).output
    assert "waiting: 1 article(s) not tagged (waspada tag), 1 not in a story (waspada stories)" in behind


def test_db_option_from_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = CliRunner().invoke(cli, ["db", "migrate"], env={"WASPADA_DB": str(db)})
    assert result.exit_code == 0
    assert db.exists()


def test_a_bad_database_is_one_line_and_exit_1(tmp_path: Path) -> None:
    bogus = tmp_path / "not.db"
    bogus.write_text("this is not sqlite " * 100)
    result = subprocess.run(
        [sys.executable, "-m", "waspada", "db", "stats", "--db", str(bogus)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error:")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_output_path_that_cannot_be_written_is_one_line(tmp_db: Path, tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada" / "label.csv"
    command = ["label", "export", "--db", str(tmp_db), "--out", str(missing)]
    result = subprocess.run(
        [sys.executable, "-m", "waspada", *command],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"Error: {missing}: No such file or directory"


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("2026-13-01", "expected a date like 2026-11-01"),
        ("2099-01-01", "is in the future: no article could be"),
    ],
)
def test_crawl_refuses_a_since_that_would_crawl_nothing(tmp_path: Path, since: str, message: str) -> None:
    db = tmp_path / "w.db"
    result = CliRunner().invoke(cli, ["crawl", "--db", str(db), "--since", since, "--source", "mckalsel"])
    assert result.exit_code == 2 and message in result.output and not db.exists()
