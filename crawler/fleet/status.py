"""What `waspada fleet status` shows: jobs and their workers, processes and counters, the stream."""

from __future__ import annotations

import json
from typing import Any

from redis import Redis

from crawler.fleet import redisio
from crawler.fleet.jobs import active_jobs


def fleet_status(client: Redis) -> dict[str, Any]:
    """Jobs, processes, stream backlog, pending entries and the number of known URLs."""
    pending = 0
    if client.exists(redisio.STREAM):
        groups = client.xinfo_groups(redisio.STREAM)
        pending = sum(int(group["pending"]) for group in groups)
    processes = {
        name.decode(): json.loads(value) for name, value in client.hgetall(redisio.PROCESSES).items()
    }
    return {
        "jobs": active_jobs(client),
        "processes": processes,
        "backlog": int(client.xlen(redisio.STREAM)),
        "pending": pending,
        "known_urls": int(client.scard(redisio.KNOWN)),
    }
