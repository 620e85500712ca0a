"""Helpers for the fleet tests: a real redis-server on a free port, waspada processes against it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from crawler.fleet.localredis import RedisServer, redis_server

__all__ = ["RedisServer", "redis_server"]

WASPADA = Path(sys.executable).with_name("waspada")


def wait_until(condition: Callable[[], object], seconds: float, message: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(message)


STARTED: list[subprocess.Popen[bytes]] = []


def start(*args: str, log: Path) -> subprocess.Popen[bytes]:
    """`waspada ARGS` in the background (its own process group), output to `log`."""
    handle = log.open("ab")
    process = subprocess.Popen([str(WASPADA), *args], stdout=handle, stderr=subprocess.STDOUT,
                               env=os.environ | {"COLUMNS": "120"}, start_new_session=True)  # fmt: skip
    STARTED.append(process)
    return process


def stop_leftovers() -> None:
    """Kill what a failed test left running (each started process with its children)."""
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run_waspada(*args: str) -> str:
    """`waspada ARGS`, its standard output (fails the test on a non-zero exit)."""
    result = subprocess.run([str(WASPADA), *args], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def finish(process: subprocess.Popen[bytes], seconds: float = 240) -> int:
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        raise
