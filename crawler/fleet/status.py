"""What `waspada fleet status` shows: jobs and their workers, processes and counters, the stream."""

from __future__ import annotations

import json
import time
from typing import Any

from redis import Redis

from crawler.fleet import redisio
from crawler.fleet.jobs import active_jobs, ended_jobs

SILENT_SECONDS = 60  # a process that has not reported for this long is shown as silent (likely dead)
FORGET_SECONDS = 24 * 3600  # and forgotten after a day


def processes(client: Redis) -> dict[str, dict[str, Any]]:
    """Each process's last report; silent ones marked, long-silent ones removed."""
    now = time.time()
    found = {}
    for name, value in client.hgetall(redisio.PROCESSES).items():
        row = json.loads(value)
        silent = now - row["updated"]
        if silent > FORGET_SECONDS:
            client.hdel(redisio.PROCESSES, name)
            continue
        if silent > SILENT_SECONDS:
            row["status"] = f"silent for {silent:.0f} s"
        found[name.decode()] = row
    return found


def fleet_status(client: Redis) -> dict[str, Any]:
    """Queued and running jobs, ended ones, processes, stream backlog, pending entries and the number of
    known URLs."""
    pending = 0
    if client.exists(redisio.STREAM):
        groups = client.xinfo_groups(redisio.STREAM)
        pending = sum(int(group["pending"]) for group in groups)
    return {
        "jobs": active_jobs(client),
        "ended": ended_jobs(client),
        "processes": processes(client),
        "backlog": int(client.xlen(redisio.STREAM)),
        "pending": pending,
        "known_urls": int(client.scard(redisio.KNOWN)),
    }
