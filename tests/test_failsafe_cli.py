"""A missing or newer database: one line naming the path, nothing created, nothing used."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from store.db import open_db
from waspada.cli import cli

# command name -> extra arguments, for every command that reads a database it must not create.
READERS: dict[str, tuple[str, ...]] = {
    "db stats": (),
    "export": ("--format", "csv"),
    "serve": ("--port", "0"),
    "users add": ("rina", "--password", "rahasia-sekali"),
    "users list": (),
    "users remove": ("rina",),
    "users passwd": ("rina", "--password", "rahasia-sekali"),
    "train": (),
    "label import": ("LABELS",),
    "label export": (),
    "label conflicts": (),
    "label agreement": (),
    "label suggest": (),
    "models promote": ("2026.11.29-4",),
    "models rollback": (),
    "stories": (),
    "digest": (),
    "tag": (),
    "sources status": (),
}
# ingest is the fleet's writer: it stores crawled articles, as crawl does.
CREATORS = {"db migrate", "crawl", "import", "ingest", "demo", "run", "schedule"}


def _commands_with_db(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> set[str]:
    found = set()
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found |= _commands_with_db(command, (*prefix, name))
        elif any(param.name == "db_path" for param in command.params):
            found.add(" ".join((*prefix, name)))
    return found


def test_every_database_command_is_checked_here() -> None:
    assert _commands_with_db() - CREATORS == set(READERS)


@pytest.mark.parametrize("name", sorted(READERS))
def test_missing_database_is_one_line_naming_the_path(name: str, tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "waspada.db"
    labels = tmp_path / "labels.csv"
    labels.write_text("article_id,conflict,themes\n1,0,\n", encoding="utf-8")
    extra = [str(labels) if arg == "LABELS" else arg for arg in READERS[name]]
    result = CliRunner().invoke(cli, [*name.split(), *extra, "--db", str(missing)])
    assert result.exit_code != 0
    assert result.output.strip().count("\n") == 0, result.output
    assert str(missing) in result.output and "no such database" in result.output
    assert not missing.parent.exists(), "a missing --db must not create its folder"


def test_db_migrate_creates_the_database(tmp_path: Path) -> None:
    path = tmp_path / "new" / "waspada.db"
    result = CliRunner().invoke(cli, ["db", "migrate", "--db", str(path)])
    assert result.exit_code == 0 and path.is_file()


def _newer(path: Path) -> Path:
    db = open_db(path)
    db["_migrations"].insert({"name": "m999_from_the_future", "applied_at": "2027-01-01T00:00:00"})
    db.conn.close()
    return path


@pytest.mark.parametrize("words", [("db", "stats"), ("db", "migrate"), ("stories",), ("users", "list")])
def test_newer_schema_is_refused(words: tuple[str, ...], tmp_path: Path) -> None:
    path = _newer(tmp_path / "w.db")
    result = CliRunner().invoke(cli, [*words, "--db", str(path)])
    assert result.exit_code != 0
    assert "created by a newer Waspada" in result.output and "m999_from_the_future" in result.output


def test_province_with_a_path_is_refused_and_nothing_written(tmp_db: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["digest", "--db", str(tmp_db), "--province", "x/../../escaped"])
    assert result.exit_code == 2 and "not a province code" in result.output
    assert not list(tmp_path.parent.glob("escaped*"))


@pytest.mark.parametrize("version", ["../../outside/v1", "..", "/etc/v1", "v1/../../x"])
def test_models_promote_refuses_a_path(tmp_db: Path, tmp_path: Path, version: str) -> None:
    models = tmp_path / "models"
    models.mkdir()
    args = ["models", "promote", version, "--db", str(tmp_db), "--models", str(models)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "not a model version" in result.output
    assert not (models / "CURRENT").exists()


def test_out_that_is_a_folder_is_one_line(tmp_db: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["digest", "--db", str(tmp_db), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.output


def test_demo_next_lines_say_how_to_run_waspada_on_the_demo_database() -> None:
    from waspada.commands.demo import next_steps

    lines = next_steps(Path("demo.db"), can_serve=True)
    assert ".venv/bin/waspada" in lines[1] and "activate" in lines[1]
    commands = [line for line in lines[2:] if "waspada" in line]
    assert commands and all("--db demo.db" in line for line in commands)


def test_a_run_without_the_crawl_stage_does_not_create_the_database(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "w.db"
    result = CliRunner().invoke(cli, ["run", "--db", str(missing), "--stages", "tag,digest"])
    assert result.exit_code == 1 and "no such database" in result.output
    assert not missing.parent.exists()


def test_demo_refuses_to_delete_a_database_with_real_articles(tmp_path: Path) -> None:
    real = tmp_path / "waspada.db"
    db = open_db(real)
    url = "https://diskominfomc.kalselprov.go.id/2026/11/rapat"
    row = {"canonical_url": url, "url": url, "title": "Rapat", "text": "Isi", "source": "mckalsel"}
    db["articles"].insert(row | {"fetched_at": "2026-11-28T00:00:00Z"})
    db.conn.close()
    result = CliRunner().invoke(cli, ["demo", "--db", str(real)])
    assert result.exit_code == 1 and "will not touch this one" in result.output
    assert open_db(real)["articles"].count == 1


@pytest.mark.parametrize(
    "args",
    [
        ["crawl", "--timeout", "-1"],
        ["crawl", "--max-size", "0"],  # 0 would lift Scrapy's size limit altogether
        ["run", "--timeout", "0"],
        ["sources", "check", "--timeout", "0"],
        ["label", "suggest", "--n", "-3"],
        ["train", "--folds", "1"],
        ["schedule", "--max-runs", "-1"],
        ["serve", "--port", "70000"],
        ["ingest", "--fleet", "redis://127.0.0.1:1/0", "--idle-exit", "-1"],
    ],
)
def test_a_count_time_or_size_out_of_range_is_a_usage_error(args: list[str], tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    result = CliRunner().invoke(cli, [*args, *(["--db", str(db)] if args[0] != "sources" else [])])
    assert result.exit_code == 2 and ("is not in the range" in result.output or "1 fold" in result.output)
    assert not db.exists()
