"""The daily run: each stage as a `waspada` subprocess, under a lock, recorded in `service_runs`."""

from __future__ import annotations

import fcntl
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import sqlite_utils

from store import config
from store.db import open_db, stats
from store.errors import InputError, WaspadaError

STAGES: tuple[str, ...] = ("crawl", "tag", "stories", "digest")
TAIL_CHARS = 2000
NOT_COUNTED = {"service_runs", "article_overview", "overview_facets"}


class ServiceBusy(WaspadaError):
    """Another run holds the lock."""

    exit_code = 75  # EX_TEMPFAIL: try again later


class StageFailed(WaspadaError):
    """A stage exited non-zero; the run stopped there."""

    exit_code = 2


@dataclass(frozen=True)
class Stage:
    """One step of the run: a name and the command line that performs it."""

    name: str
    argv: list[str]


@dataclass
class StageResult:
    """What one stage did: status, time, exit code, row-count changes, output tails."""

    stage: str
    status: str  # finished | failed | skipped
    seconds: float = 0.0
    exit_code: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    stdout: str = ""
    stderr: str = ""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def lock_path(db_path: str | Path) -> Path:
    """The lock file beside the database: one run per database at a time."""
    return Path(f"{db_path}.run.lock")


@contextmanager
def run_lock(db_path: str | Path) -> Iterator[None]:
    """Hold an exclusive, non-blocking file lock for the run; raises ServiceBusy when it is taken."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise ServiceBusy(
                f"another `waspada run` is in progress ({holder}); not starting a second one"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {_now()}")
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock


def available_stages(names: tuple[str, ...] | list[str]) -> dict[str, list[str]]:
    """For each stage name that is a `waspada` command, its long option names (missing ones are absent)."""
    from waspada.cli import cli  # the face's own command table; imported late to avoid a cycle

    found = {}
    for name in names:
        command = cli.commands.get(name)
        if command is not None:
            found[name] = [opt for param in command.params for opt in getattr(param, "opts", [])]
    return found


def digest_delivery() -> list[str]:
    """The daily digest also refreshes the Atom feed, and is e-mailed when SMTP is configured."""
    return ["--feed", "--email"] if config.get("smtp_host") else ["--feed"]


def pipeline(
    db_path: str, sources: str | None, names: tuple[str, ...] | list[str] = STAGES
) -> list[Stage | str]:
    """The stages to run as subprocesses; names of stages whose command does not exist stay plain strings."""
    options = available_stages(names)
    plan: list[Stage | str] = []
    for name in names:
        if name not in options:
            plan.append(name)
            continue
        argv = [sys.executable, "-m", "waspada", name]
        if "--db" in options[name]:
            argv += ["--db", db_path]
        if sources and "--sources" in options[name]:
            argv += ["--sources", sources]
        if name == "digest":
            argv += digest_delivery()
        plan.append(Stage(name, argv))
    return plan


def _counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Row counts of the pipeline's tables (the run's own bookkeeping and derived tables left out)."""
    return {table: count for table, count in stats(db).items() if table not in NOT_COUNTED}


def _delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {
        table: after.get(table, 0) - before.get(table, 0)
        for table in after
        if after.get(table, 0) != before.get(table, 0)
    }


def run_stage(
    db: sqlite_utils.Database, stage: Stage, before: dict[str, int], timeout: float | None = None
) -> tuple[StageResult, dict[str, int]]:
    """Run one stage's command line and measure it; also returns the row counts after it."""
    started = time.perf_counter()
    try:
        done = subprocess.run(stage.argv, capture_output=True, text=True, timeout=timeout, check=False)
        code, out, err = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired as error:
        code, out, err = -1, str(error.stdout or ""), f"timed out after {timeout} s"
    seconds, after = round(time.perf_counter() - started, 3), _counts(db)
    result = StageResult(
        stage=stage.name,
        status="finished" if code == 0 else "failed",
        seconds=seconds,
        exit_code=code,
        counts=_delta(before, after),
        stdout=out[-TAIL_CHARS:],
        stderr=err[-TAIL_CHARS:],
    )
    return result, after


def _record(db: sqlite_utils.Database, run_id: int, results: list[StageResult], **fields: object) -> None:
    with db.conn:
        db["service_runs"].update(run_id, {"stages": json.dumps([asdict(r) for r in results]), **fields})


def run(db_path: str, plan: list[Stage | str], timeout: float | None = None) -> tuple[int, list[StageResult]]:
    """Run the plan under the lock with one `service_runs` row; raises StageFailed at the first failure."""
    with run_lock(db_path):
        db = open_db(db_path)
        started, clock = _now(), time.perf_counter()
        initial = counts = _counts(db)
        with db.conn:
            run_id = (
                db["service_runs"]
                .insert(
                    {
                        "started": started,
                        "status": "running",
                        "stages": "[]",
                        "host": socket.gethostname(),
                        "pid": os.getpid(),
                    }
                )
                .last_pk
            )
        results: list[StageResult] = []
        failed = None
        for step in plan:
            if isinstance(step, str):
                results.append(
                    StageResult(stage=step, status="skipped", stderr="no such waspada command yet")
                )
                continue
            result, counts = run_stage(db, step, counts, timeout)
            results.append(result)
            _record(db, run_id, results)
            if results[-1].status == "failed":
                failed = results[-1]
                break
        _record(
            db,
            run_id,
            results,
            finished=_now(),
            status="failed" if failed else "finished",
            failed_stage=failed.stage if failed else None,
            seconds=round(time.perf_counter() - clock, 3),
            counts=json.dumps(_delta(initial, counts)),
        )
        db.conn.close()
    if failed:
        last = (failed.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise StageFailed(f"run {run_id}: stage {failed.stage} failed (exit {failed.exit_code}): {last}")
    return run_id, results


ZONE_HOURS = {"WIB": 7, "WITA": 8, "WIT": 9}  # Indonesia keeps no daylight saving time
AT_FORMAT = "expected HH:MM with an optional WIB, WITA or WIT, e.g. 06:00 or '06:00 WITA'"


def parse_at(value: str) -> tuple[int, int, str]:
    """'HH:MM' (WIB) or 'HH:MM WITA' as (hour, minute, zone); raises InputError otherwise."""
    clock, _, zone = value.strip().partition(" ")
    zone = zone.strip().upper() or "WIB"
    try:
        hour, minute = (int(part) for part in clock.split(":"))
    except ValueError:
        raise InputError(f"--at {value!r}: {AT_FORMAT}") from None
    if not (0 <= hour < 24 and 0 <= minute < 60) or zone not in ZONE_HOURS:
        raise InputError(f"--at {value!r}: {AT_FORMAT}")
    return hour, minute, zone


def next_run(now: datetime, at: str) -> datetime:
    """The first moment at `at` (wall-clock time in its Indonesian zone) strictly after the aware `now`,
    in that zone: the same whatever the machine's own time zone is."""
    hour, minute, zone = parse_at(at)
    local = now.astimezone(timezone(timedelta(hours=ZONE_HOURS[zone]), zone))
    candidate = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return candidate if candidate > local else candidate + timedelta(days=1)
