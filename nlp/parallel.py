"""`waspada tag --workers N`: batches tagged in a spawn process pool; the parent replays their writes."""

from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

import sqlite_utils

from store.errors import InputError

if TYPE_CHECKING:  # nlp.tag (spaCy) is imported once the workers are starting, not before
    from nlp import tag

Call = tuple[str | None, str, tuple[Any, ...], dict[str, Any]]  # (table or None for db), method, args, kwargs
WRITES = ("insert", "insert_all", "upsert", "upsert_all")


class RecordedTable:
    """Stands for `db[name]` in a worker: records the writes a stage makes to one table."""

    def __init__(self, calls: list[Call], name: str) -> None:
        self.calls = calls
        self.name = name

    def __getattr__(self, method: str) -> Any:
        if method not in WRITES:
            raise AttributeError(f"a tagging stage may only write in a worker, not call {self.name}.{method}")

        def record(*args: Any, **kwargs: Any) -> None:
            materialised = tuple(list(arg) if not isinstance(arg, str | dict) else arg for arg in args)
            self.calls.append((self.name, method, materialised, kwargs))

        return record


class RecordingDb:
    """Stands for the database in a worker: stages write through it; the parent replays what they wrote."""

    def __init__(self) -> None:
        self.calls: list[Call] = []

    def __getitem__(self, name: str) -> RecordedTable:
        return RecordedTable(self.calls, name)

    def execute(self, sql: str, params: Any = ()) -> None:
        if sql.lstrip().lower().startswith(("select", "with")):
            raise InputError("a tagging stage read the database while tagging in a worker (use --workers 1)")
        self.calls.append((None, "execute", (sql, list(params)), {}))


def replay(db: sqlite_utils.Database, calls: list[Call]) -> None:
    """Make a worker's recorded writes on the real database (the caller holds the transaction)."""
    for table, method, args, kwargs in calls:
        target = db if table is None else db[table]
        getattr(target, method)(*args, **kwargs)


def warm_up(model: str | None) -> None:
    """Worker initializer: one BLAS/OpenMP thread (the workers are the parallelism), then the spaCy
    pipeline and the classifier, loaded once per worker."""
    from threadpoolctl import threadpool_limits

    from nlp import tag
    from nlp.classifier.classify import _model_for

    threadpool_limits(limits=1)
    tag.build_nlp()
    _model_for(model)


def tag_in_worker(rows: list[dict[str, Any]], options: tag.Options) -> tuple[list[Call], dict[str, Any]]:
    """Tag one batch with the default stages; return the writes to make and the counts."""
    from nlp import tag

    batch = tag.tag_batch(rows, options)
    recorder = RecordingDb()
    counts = tag.new_counts()
    tag.run_stages(recorder, batch, tag.default_stages(), counts)
    tag._count(counts, batch)
    return recorder.calls, counts


def tag_articles_parallel(
    db: sqlite_utils.Database, workers: int, batch_size: int, progress: bool, **selection: Any
) -> dict[str, Any]:
    """Like nlp.tag.tag_articles (`selection`: its Options), with batches tagged by `workers` processes
    and written here in order. The workers start first, then this process loads nlp.tag and selects."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=warm_up, initargs=(selection.get("model"),)
    ) as pool:
        started = [pool.submit(int) for _ in range(workers)]  # they load while we select the articles
        from nlp import tag

        options, counts = tag.Options(**selection), tag.new_counts()
        with tag._progress(progress) as bar:
            stages = tag.default_stages()
            tag.ensure_regions(db)
            ids = sorted({i for stage in stages for i in stage.pending(db, options)})
            for future in started:
                future.result()
            task = bar.add_task("tagging", total=len(ids))
            waiting: deque[tuple[list[int], Future]] = deque()
            for chunk in tag._chunks(ids, max(1, batch_size)):
                waiting.append((chunk, pool.submit(tag_in_worker, tag._fetch(db, chunk), options)))
                if len(waiting) >= 2 * workers:
                    _write(db, *waiting.popleft(), options, counts, bar, task)
            while waiting:
                _write(db, *waiting.popleft(), options, counts, bar, task)
    return counts | {"version": tag.TAGGER_VERSION}


def _write(
    db: sqlite_utils.Database,
    chunk: list[int],
    future: Future,
    options: tag.Options,
    counts: dict[str, Any],
    bar: Any,
    task: Any,
) -> None:
    """Replay one batch's writes in one transaction, add its counts.

    A batch whose worker failed (or whose writes do not apply) is tagged here as one process would:
    the chunk, else each article alone, a failing article listed in counts["failed"].
    """
    from nlp import tag

    try:
        calls, done = future.result()
        with db.conn:
            replay(db, calls)
    except Exception:  # noqa: BLE001 - one article must not stop the others
        before = counts["articles"]
        tag._tag_chunk(db, chunk, options, tag.default_stages(), counts)
        bar.advance(task, counts["articles"] - before)
        return
    tag.add_counts(counts, done)
    bar.advance(task, done["articles"])
