"""`waspada tag --workers N`: batches tagged in a spawn process pool; the parent replays their writes."""

from __future__ import annotations

import atexit
import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

import sqlite_utils

from nlp.counts import add_counts, new_counts, progress
from nlp.selection import TAGGER_VERSION, Options, chunks, fetch, pending_ids, save_regions
from store.errors import InputError

if TYPE_CHECKING:  # the writer never imports spaCy or scikit-learn unless it has to tag a batch itself
    from nlp.tag import Batch

Call = tuple[str | None, str, tuple[Any, ...], dict[str, Any]]  # (table, or None: the connection), method
WRITES = ("insert", "insert_all", "upsert", "upsert_all")
_WARM_UP_ERRORS: list[Exception] = []


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


class RecordedConnection:
    """Stands for the sqlite3 connection in a worker: records the statements a stage runs."""

    def __init__(self, calls: list[Call]) -> None:
        self.calls = calls

    def execute(self, sql: str, params: Any = ()) -> None:
        if sql.lstrip().lower().startswith(("select", "with")):
            raise InputError("a tagging stage read the database while tagging in a worker (use --workers 1)")
        self.calls.append((None, "execute", (sql, list(params)), {}))

    def executemany(self, sql: str, rows: Any) -> None:
        self.calls.append((None, "executemany", (sql, list(rows)), {}))


class RecordingDb:
    """Stands for the database in a worker: stages write through it; the parent replays what they wrote."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.conn = RecordedConnection(self.calls)

    def __getitem__(self, name: str) -> RecordedTable:
        return RecordedTable(self.calls, name)

    def execute(self, sql: str, params: Any = ()) -> None:
        self.conn.execute(sql, params)


def replay(db: sqlite_utils.Database, calls: list[Call]) -> None:
    """Make a worker's recorded writes on the real database (the caller holds the transaction)."""
    for table, method, args, kwargs in calls:
        target = db.conn if table is None else db[table]
        getattr(target, method)(*args, **kwargs)


def warm_up(model: str | None) -> None:
    """Worker initializer: one BLAS/OpenMP thread (the workers are the parallelism), then the spaCy
    pipeline and the classifier, loaded once per worker. A failure is kept for `ready` to raise.

    At exit the worker skips tearing down its modules (about 0.4 s that the writer waits for): it has
    sent every result by then, and it holds no file or database open.
    """
    atexit.register(os._exit, 0)
    try:
        from threadpoolctl import threadpool_limits

        from nlp import tag
        from nlp.classifier.classify import _model_for

        threadpool_limits(limits=1)
        tag.build_nlp()
        _model_for(model)
    except Exception as error:  # noqa: BLE001 - raised again in the parent by `ready`, as one line
        _WARM_UP_ERRORS.append(error)


def ready() -> None:
    """A task that fails as its worker's warm-up did (e.g. a model file that does not load)."""
    if _WARM_UP_ERRORS:
        raise _WARM_UP_ERRORS[0]


def region_rows() -> list[dict[str, Any]]:
    """The gazetteer's `regions` rows, read in a worker (which loads the gazetteer anyway)."""
    from nlp import tag

    return tag.region_rows()


def tag_in_worker(rows: list[dict[str, Any]], options: Options) -> tuple[list[Call], dict[str, Any]]:
    """Tag one batch with the default stages; return the writes to make and the counts."""
    from nlp import tag

    batch: Batch = tag.tag_batch(rows, options)
    recorder = RecordingDb()
    counts = new_counts()
    tag.run_stages(recorder, batch, tag.default_stages(), counts)
    tag._count(counts, batch)
    return recorder.calls, counts


def tag_articles_parallel(
    db: sqlite_utils.Database, workers: int, batch_size: int, show: bool, **selection: Any
) -> dict[str, Any]:
    """Like nlp.tag.tag_articles (`selection`: its Options), with batches tagged by `workers` processes
    and written here in order. While the workers load, this process selects the articles."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=warm_up, initargs=(selection.get("model"),)
    ) as pool:
        regions = pool.submit(region_rows)
        started = [pool.submit(ready) for _ in range(workers)]
        options, counts = Options(**selection), new_counts()
        ids = pending_ids(db, options)
        save_regions(db, regions.result())
        for future in started:
            future.result()
        with progress(show) as bar:
            task = bar.add_task("tagging", total=len(ids))
            waiting: deque[tuple[list[int], Future]] = deque()
            for chunk in chunks(ids, max(1, batch_size)):
                waiting.append((chunk, pool.submit(tag_in_worker, fetch(db, chunk), options)))
                if len(waiting) >= 2 * workers:
                    _write(db, *waiting.popleft(), options, counts, bar, task)
            while waiting:
                _write(db, *waiting.popleft(), options, counts, bar, task)
    return counts | {"version": TAGGER_VERSION}


def _write(
    db: sqlite_utils.Database,
    chunk: list[int],
    future: Future,
    options: Options,
    counts: dict[str, Any],
    bar: Any,
    task: Any,
) -> None:
    """Replay one batch's writes in one transaction, add its counts.

    A batch whose worker failed (or whose writes do not apply) is tagged here as one process would:
    the chunk, else each article alone, a failing article listed in counts["failed"].
    """
    try:
        calls, done = future.result()
        with db.conn:
            replay(db, calls)
    except Exception:  # noqa: BLE001 - one article must not stop the others
        from nlp import tag

        before = counts["articles"]
        tag._tag_chunk(db, chunk, options, tag.default_stages(), counts)
        bar.advance(task, counts["articles"] - before)
        return
    add_counts(counts, done)
    bar.advance(task, done["articles"])
