"""Article extraction off the reactor thread: a small process pool, so parsing runs beside downloading."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from crawler import dedup
from crawler.extract import Extracted, extract

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Worker initializer: on Linux, ask the kernel to kill this worker when the crawl process dies."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def extract_and_sign(html: str, url: str, **options: Any) -> tuple[Extracted, bytes]:
    """The extracted article and the MinHash signature of its text (both computed in the worker)."""
    page = extract(html, url, **options)
    return page, dedup.to_bytes(dedup.signature(page.body.text))


def default_workers() -> int:
    """One worker per CPU beyond the first, at least one, at most four."""
    return max(1, min(4, (os.cpu_count() or 2) - 1))


class Extractor:
    """Runs crawler.extract.extract in worker processes (or inline when workers == 0)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = default_workers() if workers is None else workers
        self.pool: ProcessPoolExecutor | None = None
        if self.workers > 0:
            # spawn: workers are the crawl's own children (no fork of a running reactor), and die with it.
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=die_with_parent
            )

    async def run(self, html: str, url: str, **options: Any) -> tuple[Extracted, bytes]:
        """The extracted article and its signature; raises extract's NotArticle like a direct call."""
        if self.pool is None:
            return extract_and_sign(html, url, **options)
        future = self.pool.submit(extract_and_sign, html, url, **options)
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        """Stop the workers."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
