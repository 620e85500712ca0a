"""`waspada demo`: the whole pipeline on the bundled sample site, as `make demo` runs it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.samplesite.catalog import ARTICLES_DIR, load_articles

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    folder = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "WASPADA_OUT": str(folder / "out")}
    result = subprocess.run(
        [sys.executable, "-m", "waspada", "demo", "--db", "demo.db"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return result, folder


def test_demo_succeeds_and_says_what_to_open_next(
    demo_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, folder = demo_run
    assert result.returncode == 0, result.stderr[-2000:]
    assert "waspada serve --db demo.db" in result.stdout
    for lang in ("id", "en"):
        digest = folder / "out" / f"digest-demo-2026-11-27-7d-{lang}.html"
        assert digest.exists() and str(digest.relative_to(folder)) in result.stdout + result.stderr


def test_demo_digest_shows_a_rise_an_escalation_and_a_new_hotspot_with_charts(
    demo_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, folder = demo_run
    document = json.loads((folder / "out" / "digest-demo-2026-11-27-7d-id.json").read_text(encoding="utf-8"))
    kinds = {signal["kind"] for signal in document["signals"]}
    assert {"rise", "escalation", "hotspot"} <= kinds, [s["reason"] for s in document["signals"]]
    assert document["baseline_days"] == 28 and document["coverage"]["status"] == "ok"
    html = (folder / "out" / "digest-demo-2026-11-27-7d-id.html").read_text(encoding="utf-8")
    assert html.count('class="chart"') >= 3 and 'id="quiet"' not in html


def test_demo_stores_every_sample_article_once_with_copies_linked(
    demo_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, folder = demo_run
    conn = sqlite3.connect(folder / "demo.db")
    titles = [row[0] for row in conn.execute("select title from articles")]
    for entry in load_articles(ARTICLES_DIR):
        assert titles.count(entry["title"]) == 1, entry["id"]
    linked = {row[0] for row in conn.execute("select title from articles where dup_of is not null")}
    copies = [entry for entry in load_articles(ARTICLES_DIR) if entry.get("republish_of")]
    assert copies and all(entry["title"] in linked for entry in copies)
    tagged = conn.execute("select count(*) from article_places").fetchone()[0]
    assert tagged == len(titles)
