"""Crawl jobs on RQ: one job per host (its id names the host), each in its own process, re-run if it dies."""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from datetime import UTC
from typing import Any
from urllib.parse import urlsplit

from redis import Redis
from rq import Queue, Retry, Worker
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry

from crawler.fleet import redisio
from crawler.fleet.state import FleetState

ACTIVE = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}
RETRIES = 3  # a job whose process dies runs again, up to this many times
JOB_TIMEOUT = 7 * 24 * 3600  # a backfill of one large portal takes days
MONITOR_SECONDS = 10  # worker heartbeat; a dead machine's job is taken up ~60 s after its last beat
# Each job is one process crawling one host: no extraction pool of its own (the fleet is the parallelism),
# and articles wait for room in the stream before the store pipeline sends them.
FLEET_SETTINGS: dict[str, Any] = {
    "EXTRACT_WORKERS": 0,
    "ITEM_PIPELINES": {
        "crawler.fleet.pipeline.BackPressurePipeline": 290,
        "crawler.pipelines.StorePipeline": 300,
    },
}


def host_key(source: dict[str, Any]) -> str:
    """host[:port] of a source's home page: the unit of politeness, so the unit of a job."""
    return urlsplit(source["home_url"]).netloc.lower().removeprefix("www.")


def by_host(sources: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Sources grouped by host (two sources on one portal are one job)."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for source in sources:
        groups[host_key(source)].append(source)
    return dict(groups)


def job_id(host: str) -> str:
    """The RQ job id of a host: the same host is never queued or running twice."""
    return "crawl-" + re.sub(r"[^a-z0-9_-]+", "-", host)


def enqueue(
    client: Redis, url: str, sources: list[dict[str, Any]], since: str | None, settings: dict[str, Any]
) -> list[str]:
    """Queue one job per host not already queued or running; returns the ids queued now."""
    queue = Queue(redisio.QUEUE, connection=client)
    queued = []
    for host, group in sorted(by_host(sources).items()):
        ident = job_id(host)
        existing = Job.fetch(ident, connection=client) if Job.exists(ident, connection=client) else None
        if existing is not None and existing.get_status(refresh=True) in ACTIVE:
            continue
        if existing is not None:
            existing.delete()
        queue.enqueue(
            crawl_host, url, group, since, settings, job_id=ident, job_timeout=JOB_TIMEOUT,
            retry=Retry(max=RETRIES), result_ttl=24 * 3600, failure_ttl=7 * 24 * 3600,
        )  # fmt: skip
        queued.append(ident)
    return queued


def crawl_host(url: str, sources: list[dict[str, Any]], since: str | None, settings: dict[str, Any]) -> dict:
    """The job: crawl one host's sources in this (work-horse) process, articles to the stream."""
    from crawler.run import parse_since, run_spider

    client = redisio.connect(url)
    client.xadd(redisio.STREAM, {"kind": "sources", "data": json.dumps(sources, ensure_ascii=False)})
    names = [source["name"] for source in sources]
    state = FleetState(
        client, job_id(host_key(sources[0])), names, int(settings.pop("BACKLOG_LIMIT", 10_000))
    )
    status = "failed"
    try:
        status = run_spider(state, sources, parse_since(since), FLEET_SETTINGS | settings, progress=False)
    finally:
        summary = state.finish(status)
        state.close()
        print(job_line(summary, status, names), file=sys.stderr, flush=True)  # one line per job
    if status != "finished":
        raise RuntimeError(f"crawl of {', '.join(names)} {status}")
    return summary


def job_line(summary: dict[str, Any], status: str, names: list[str]) -> str:
    """One line on a finished job: pages, articles sent to the writer, errors by reason."""
    return f"{summary['job']} ({', '.join(names)}) {status}: {job_outcome(summary)}"


def job_outcome(summary: dict[str, Any]) -> str:
    """What a job did: "38 page(s), 34 article(s) sent, 1 error(s): http_404 ×1"."""
    errors = summary["errors_by_reason"]
    said = ", ".join(f"{reason} ×{n}" for reason, n in errors.items())
    sent = summary["counts"].get("sent", 0)
    return (
        f"{summary['pages']} page(s), {sent} article(s) sent, "
        f"{sum(errors.values())} error(s){': ' + said if said else ''}"
    )


def work(client: Redis, burst: bool, name: str | None = None) -> None:
    """Run an RQ worker on the crawl queue: each job in a forked process; dead workers' jobs re-run."""
    worker = Worker(
        [Queue(redisio.QUEUE, connection=client)], connection=client, name=name,
        job_monitoring_interval=MONITOR_SECONDS, maintenance_interval=30,
    )  # fmt: skip
    worker.work(burst=burst, logging_level="WARNING", with_scheduler=False)


def active_jobs(client: Redis) -> list[dict[str, Any]]:
    """Queued and running crawl jobs: id, status, sources and worker."""
    queue = Queue(redisio.QUEUE, connection=client)
    ids = list(queue.get_job_ids()) + list(StartedJobRegistry(queue=queue).get_job_ids())
    running = {worker.get_current_job_id(): worker.name for worker in Worker.all(connection=client)}
    jobs = []
    for job in Job.fetch_many(ids, connection=client):
        if job is None:
            continue
        jobs.append({"id": job.id, "status": status_of(job), "sources": job_sources(job),
                     "worker": running.get(job.id, "")})  # fmt: skip
    return jobs


def ended_jobs(client: Redis) -> list[dict[str, Any]]:
    """Crawl jobs that ended, newest first, while RQ keeps them (finished a day, failed a week): id,
    status, sources, end time (UTC) and what happened."""
    queue = Queue(redisio.QUEUE, connection=client)
    ids = FinishedJobRegistry(queue=queue).get_job_ids() + FailedJobRegistry(queue=queue).get_job_ids()
    ended = []
    for job in Job.fetch_many(ids, connection=client):
        if job is None:
            continue
        at = job.ended_at.astimezone(UTC).isoformat(timespec="seconds") if job.ended_at else ""
        ended.append({"id": job.id, "status": status_of(job), "sources": job_sources(job),
                      "ended": at.replace("+00:00", "Z"), "outcome": ended_outcome(job)})  # fmt: skip
    return sorted(ended, key=lambda row: row["ended"], reverse=True)


def ended_outcome(job: Job) -> str:
    """A finished job's pages, articles and errors; a failed one's exception, on one line."""
    result = job.latest_result()
    if result is None:
        return ""
    if isinstance(result.return_value, dict) and "errors_by_reason" in result.return_value:
        return job_outcome(result.return_value)
    lines = [line for line in (result.exc_string or "").splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def job_sources(job: Job) -> list[str]:
    """The names of the sources a job crawls."""
    return [source["name"] for source in job.args[1]] if len(job.args) > 1 else []


def status_of(job: Job) -> str:
    """RQ's status of a job as a word: queued, started, finished, failed."""
    status = job.get_status()
    return str(status.value if status else "?")
