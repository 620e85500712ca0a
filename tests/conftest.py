"""Shared fixtures: a migrated temp database, the running sample site, and one whole crawl of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_helpers import SLOW_SECONDS, run_crawl

from store.db import open_db


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    """A migrated, empty Waspada database file."""
    path = tmp_path / "waspada.db"
    open_db(path).conn.close()
    return path


@pytest.fixture(scope="session")
def sample_site() -> Iterator[object]:
    """The bundled sample news site, served on 127.0.0.1 for the whole session."""
    from crawler.samplesite.server import SampleSite

    with SampleSite(slow_seconds=SLOW_SECONDS) as site:
        yield site


@pytest.fixture(scope="session")
def sample_sources(sample_site, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: ANN001
    """A registry file pointing at the running sample site."""
    return sample_site.write_sources(tmp_path_factory.mktemp("sources") / "sources.yaml")


@pytest.fixture(scope="session")
def crawled_db(sample_site, sample_sources: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: ANN001
    """The whole sample site crawled once through the real `waspada crawl` CLI."""
    db = tmp_path_factory.mktemp("crawled") / "waspada.db"
    result = run_crawl(db, sample_sources)
    (db.parent / "crawl.out").write_text(result.stdout + "\n" + result.stderr, encoding="utf-8")
    return db
