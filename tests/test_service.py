"""`waspada run` and `waspada schedule`: stages as subprocesses, the lock, one recorded row per run."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from store.db import open_db
from store.errors import InputError
from waspada import service

INSERT_ARTICLE = (
    "import sys; from store.db import open_db; db = open_db(sys.argv[1]); "
    "db['articles'].insert({'canonical_url': 'https://contoh.id/a', 'url': 'https://contoh.id/a', "
    "'title': 'Warga berunjuk rasa', 'source': 'uji', 'fetched_at': '2026-11-28T00:00:00'})"
)


def python_stage(name: str, code: str, *args: str) -> service.Stage:
    return service.Stage(name, [sys.executable, "-c", code, *args])


def runs(db: Path) -> list[dict]:
    database = open_db(db)
    rows = list(database.query("select * from service_runs order by id"))
    database.conn.close()
    return rows


def waspada(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "waspada", *args], capture_output=True, text=True, check=False
    )


def test_a_run_records_each_stage_with_time_and_counts(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    plan = [
        python_stage("crawl", INSERT_ARTICLE, str(db)),
        "tag",
        python_stage("digest", "print('digest ok')"),
    ]
    run_id, results = service.run(str(db), plan)
    assert [(r.stage, r.status) for r in results] == [
        ("crawl", "finished"),
        ("tag", "skipped"),
        ("digest", "finished"),
    ]
    [row] = runs(db)
    assert row["id"] == run_id and row["status"] == "finished" and row["failed_stage"] is None
    stages = json.loads(row["stages"])
    assert stages[0]["counts"] == {"articles": 1} and stages[0]["seconds"] >= 0
    assert stages[2]["stdout"].strip() == "digest ok"
    assert json.loads(row["counts"]) == {"articles": 1}
    assert row["finished"] >= row["started"]


def test_a_failed_stage_stops_the_run_and_is_named(tmp_path: Path) -> None:
    db, marker = tmp_path / "w.db", tmp_path / "should-not-run"
    plan = [
        python_stage("crawl", "import sys; sys.exit('sumber tidak terjangkau')"),
        python_stage("tag", "import sys; open(sys.argv[1], 'w')", str(marker)),
    ]
    with pytest.raises(service.StageFailed, match="stage crawl failed .*sumber tidak terjangkau"):
        service.run(str(db), plan)
    [row] = runs(db)
    assert row["status"] == "failed" and row["failed_stage"] == "crawl"
    assert [stage["stage"] for stage in json.loads(row["stages"])] == ["crawl"]
    assert not marker.exists()


def test_a_second_run_exits_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    open_db(db).conn.close()  # without the crawl stage a run creates no database
    with service.run_lock(db):
        second = waspada("run", "--db", str(db), "--stages", "digest")
    assert second.returncode == service.ServiceBusy.exit_code
    assert second.stderr.startswith("Error: another `waspada run` is in progress")
    assert len(second.stderr.strip().splitlines()) == 1
    after = waspada("run", "--db", str(db), "--stages", "tag")
    assert after.returncode in (0, service.StageFailed.exit_code), after.stderr


def test_run_command_records_a_row_with_the_stages_it_ran_or_skipped(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    open_db(db).conn.close()  # without the crawl stage a run creates no database
    result = waspada("run", "--db", str(db), "--stages", "tag,stories")
    [row] = runs(db)
    names = [stage["stage"] for stage in json.loads(row["stages"])]
    assert names[0] == "tag"
    if result.returncode == 0:
        assert (
            row["status"] == "finished" and names == ["tag", "stories"] and "Run 1 finished" in result.stdout
        )
    else:
        assert result.returncode == service.StageFailed.exit_code
        assert f"stage {row['failed_stage']} failed" in result.stderr


def test_run_says_where_the_digest_was_written(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    open_db(db).conn.close()
    command = [sys.executable, "-m", "waspada", "run", "--db", str(db), "--stages", "digest"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [wrote] = [line.split("wrote ", 1)[1] for line in result.stdout.splitlines() if "wrote " in line]
    written = [tmp_path / path for path in wrote.split(", ")]
    assert written[0].name.startswith("digest-w-") and all(path.exists() for path in written)


def test_unknown_stage_is_a_usage_error(tmp_path: Path) -> None:
    result = waspada("run", "--db", str(tmp_path / "w.db"), "--stages", "crawl,nyanyi")
    assert result.returncode == 2 and "nyanyi" in result.stderr


def test_pipeline_passes_db_and_sources_only_to_commands_that_take_them(tmp_path: Path) -> None:
    plan = service.pipeline(str(tmp_path / "w.db"), "sources.yaml", ["run", "serve", "crawl"])
    run, serve = plan[0], plan[1]
    assert isinstance(run, service.Stage) and run.argv[-4:] == [
        "--db",
        str(tmp_path / "w.db"),
        "--sources",
        "sources.yaml",
    ]
    assert isinstance(serve, service.Stage) and "--sources" not in serve.argv and "--db" in serve.argv


def test_the_digest_stage_is_emailed_only_when_smtp_is_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WASPADA_SMTP_HOST", raising=False)
    monkeypatch.chdir(tmp_path)  # no waspada.toml here
    (quiet,) = service.pipeline(str(tmp_path / "w.db"), None, ["digest"])
    assert "--feed" in quiet.argv and "--email" not in quiet.argv
    monkeypatch.setenv("WASPADA_SMTP_HOST", "127.0.0.1")
    (mailed,) = service.pipeline(str(tmp_path / "w.db"), None, ["digest"])
    assert "--email" in mailed.argv


def test_next_run_is_today_or_tomorrow() -> None:
    zone = ZoneInfo("Asia/Jakarta")
    morning = datetime(2026, 11, 29, 5, 30, tzinfo=zone)
    assert service.next_run(morning, "06:00") == datetime(2026, 11, 29, 6, 0, tzinfo=zone)
    assert service.next_run(morning.replace(hour=6), "06:00") == datetime(2026, 11, 30, 6, 0, tzinfo=zone)
    for bad in ("25:00", "06:00 CET", "pagi"):
        with pytest.raises(InputError, match="HH:MM"):
            service.next_run(morning, bad)


def test_a_bad_start_time_is_a_usage_error() -> None:
    result = waspada("schedule", "--at", "6 pagi", "--max-runs", "1")
    assert result.returncode == 2 and "expected HH:MM with an optional WIB, WITA or WIT" in result.stderr


def test_next_run_keeps_indonesian_time_on_a_machine_in_another_zone() -> None:
    server_night = datetime(2026, 11, 29, 20, 0, tzinfo=UTC)  # 03:00 WIB on the 30th
    due = service.next_run(server_night, "06:00")  # not 06:00 UTC, which is 13:00 WIB
    assert due == datetime(2026, 11, 29, 23, 0, tzinfo=UTC) and due.tzname() == "WIB"
    assert service.next_run(server_night, "06:00 WITA") == datetime(2026, 11, 29, 22, 0, tzinfo=UTC)
    assert service.next_run(
        datetime(2026, 11, 29, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam")), "06:00 wit"
    ) == (datetime(2026, 11, 29, 21, 0, tzinfo=UTC))


def test_schedule_runs_now_and_stops_after_max_runs(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    open_db(db).conn.close()  # without the crawl stage a run creates no database
    result = waspada(
        "schedule", "--db", str(db), "--at", "06:00", "--run-now", "--max-runs", "1", "--stages", "tag"
    )
    assert result.returncode == 0, result.stderr
    assert len(runs(db)) == 1
