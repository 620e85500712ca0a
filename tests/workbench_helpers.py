"""Shared by the workbench tests: a migrated database with known rows, and a real `waspada serve`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import yaml

from reports.stories import build_stories
from store.db import open_db
from waspada.datasette import users

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "serve"
ANALYST, PASSWORD = "analis", "rahasia-sekali"


def fill_db(path: Path, now: datetime | None = None, stories: bool = False) -> Path:
    """Migrate `path` and insert the fixture rows (articles dated over the days before `now`, default
    today) and one analyst; with `stories`, group the articles into stories as `waspada stories` does."""
    data = yaml.safe_load((FIXTURES / "articles.yaml").read_text(encoding="utf-8"))
    db = open_db(path)
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    with db.conn:
        db["regions"].insert_all(data["regions"])
        for article in data["articles"]:
            place, tags = article.pop("place", None), article.pop("tags", None)
            when = now - timedelta(days=5 - article["id"])
            db["articles"].insert(
                {
                    **article,
                    "published_at": when.isoformat(),
                    "canonical_url": f"https://contoh.id/{article['id']}",
                    "url": f"https://contoh.id/{article['id']}",
                    "fetched_at": now.isoformat(),
                }
            )
            if place:
                db["article_places"].insert({"article_id": article["id"], **place})
            if tags:
                tags = {
                    **tags,
                    "themes": json.dumps(tags["themes"]),
                    "theme_scores": json.dumps(tags["theme_scores"]),
                }
                db["article_tags"].insert(
                    {"article_id": article["id"], "model_version": "2026.11-test", **tags}
                )
        db["models"].insert(
            {
                "version": "2026.11-test",
                "created_at": now.isoformat(),
                "path": "models/2026.11-test",
                "metrics": json.dumps({"conflict_f1": 0.81}),
                "status": "current",
            }
        )
    users.add(db, ANALYST, PASSWORD)
    if stories:
        build_stories(db)
    db.conn.close()
    return path


@contextmanager
def running_server(
    db_path: Path, env: dict | None = None, log: Path | None = None, debug: bool = False
) -> Iterator[str]:
    """`waspada serve --port 0` in a subprocess (stderr to `log` when given); yields its base URL."""
    env = {**os.environ, "WASPADA_SECRET": "test-secret", "PYTHONUNBUFFERED": "1", **(env or {})}
    stderr = log.open("w", encoding="utf-8") if log else subprocess.PIPE
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "waspada",
            *(["--debug"] if debug else []),
            "serve",
            "--db",
            str(db_path),
            "--port",
            "0",
            "--tile-url",
            "http://127.0.0.1:9/{z}/{x}/{y}.png",
        ],
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        env=env,
    )
    try:
        line = process.stdout.readline()
        match = re.search(r"(http://\S+?)/?$", line.strip())
        failed = process.stderr.read() if process.stderr and process.poll() is not None else ""
        assert match, f"serve printed no URL: {line!r} {failed}"
        base = match.group(1)
        for _ in range(100):
            try:
                httpx.get(base + "/-/versions.json", timeout=5).raise_for_status()
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        if log:
            stderr.close()


def csrf_token(client: httpx.Client, path: str = "/-/waspada/login") -> str:
    """The CSRF token from a page's form (also sets the matching cookie on the client)."""
    page = client.get(path)
    match = re.search(r'name="csrftoken" value="([^"]+)"', page.text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def log_in(client: httpx.Client, name: str = ANALYST, password: str = PASSWORD) -> httpx.Response:
    """Post the login form; the client keeps the signed actor cookie."""
    token = csrf_token(client)
    return client.post("/-/waspada/login", data={"csrftoken": token, "username": name, "password": password})
