"""The source registry, `waspada sources list` and `waspada sources check` against a real local server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from crawler.sources import PROVINCES, load_sources, provinces_covered, save_sources, select
from store.articles import utc_iso
from store.db import open_db
from store.errors import ConfigError
from waspada.cli import cli

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Kabar Uji</title>
<item><title>Rakor Kewaspadaan Dini</title><link>http://127.0.0.1/berita/1</link></item>
</channel></rss>
"""


def entry(**fields: object) -> dict:
    """A valid feed source, with `fields` overriding."""
    base = {
        "name": "kabar-uji",
        "title": "Kabar Uji",
        "kind": "feed",
        "home_url": "https://kabaruji.example/",
        "feed_url": "https://kabaruji.example/feed/",
        "province": "63",
        "tz": "WITA",
        "type": "regional",
        "language": "id",
    }
    base.update(fields)
    return base


def write_registry(path: Path, entries: list[dict]) -> Path:
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return path


def test_registry_covers_every_province_with_mc_kalsel_first() -> None:
    sources = load_sources()
    assert sources[0]["name"] == "mckalsel"
    assert sources[0]["home_url"] == "https://diskominfomc.kalselprov.go.id/"
    assert len(sources) >= 45
    assert len(PROVINCES) == 38
    assert provinces_covered(sources) == set(PROVINCES)
    for code in ("93", "94", "95", "96"):
        assert code in provinces_covered(sources), f"new Papuan province {code} has no source"


def test_registry_entries_are_complete() -> None:
    sources = load_sources()
    assert len({source["name"] for source in sources}) == len(sources)
    for source in sources:
        assert source["language"] == "id"
        if source["kind"] == "wordpress":
            assert source["api_url"].endswith("/wp-json/wp/v2/posts"), source["name"]
            assert source["feed_url"].endswith("/feed/"), source["name"]
        if not source["verified"]:
            assert source.get("note"), f"{source['name']} is unverified without a note"


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([entry(feed_url=None)], "kind feed needs feed_url"),
        ([entry(kind="wordpress")], "kind wordpress needs api_url"),
        ([entry(tz="WIB")], "tz WIB does not match province 63 Kalimantan Selatan (WITA)"),
        ([entry(tz="CET")], "tz 'CET' is not one of WIB, WITA, WIT"),
        ([entry(province="99")], "province '99' is not one of the 38"),
        ([entry(province=63)], None),
        ([entry(), entry()], "source name 'kabar-uji' appears twice"),
        ([entry(name="Kabar Uji")], "name must be a slug"),
        ([entry(title=None)], "missing title"),
        ([entry(feed_url="kabaruji.example/feed")], "feed_url must start with http"),
        ([entry(covers=["91", "00"])], "province '00'"),
    ],
)
def test_invalid_entries_are_refused_naming_the_entry(
    tmp_path: Path, entries: list, message: str | None
) -> None:
    path = write_registry(tmp_path / "sources.yaml", entries)
    if message is None:
        assert load_sources(path)[0]["province"] == "63"  # a number is read as its code
        return
    with pytest.raises(ConfigError, match="kabar-uji|Kabar Uji|sources.yaml") as raised:
        load_sources(path)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_unreadable_registries_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_sources(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("- name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_sources(broken)


def test_select_by_name_and_unknown_names() -> None:
    sources = load_sources()
    chosen = select(sources, ["fajar", "mckalsel"])
    assert [source["name"] for source in chosen] == ["mckalsel", "fajar"]  # registry order
    assert select(sources, []) == sources
    with pytest.raises(ConfigError, match="unknown source.*tidak-ada.*known: .*mckalsel"):
        select(sources, ["tidak-ada"])


def test_save_sources_upserts(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    assert save_sources(db, load_sources()) >= 45
    renamed = [entry(), entry(name="kabar-dua", title="Kabar Dua")]
    save_sources(db, renamed)
    save_sources(db, [entry(title="Kabar Uji Baru")])
    row = db["sources"].get("kabar-uji")
    assert row["title"] == "Kabar Uji Baru" and row["province_code"] == "63" and row["tz"] == "WITA"
    assert json.loads(row["config"])["feed_url"] == "https://kabaruji.example/feed/"
    assert db["sources"].get("mckalsel")["kind"] == "wordpress"
    assert db["sources"].count == len(load_sources()) + 2


def test_sources_list_filters_by_province() -> None:
    result = CliRunner().invoke(cli, ["sources", "list", "--province", "94", "--format", "json"])
    assert result.exit_code == 0, result.output
    names = {source["name"] for source in json.loads(result.output)}
    assert "seputarpapua" in names and "antara-papua" in names  # based there, or covering it
    table = CliRunner().invoke(cli, ["sources", "list"])
    assert table.exit_code == 0 and "mckalsel" in table.output and "63 Kalimantan Selatan" in table.output
    typo = CliRunner().invoke(cli, ["sources", "list", "--province", "99"])
    assert typo.exit_code == 2 and "'99' is not a province code" in typo.output  # not "0 source(s)"


@pytest.fixture
def local_site(tmp_path: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving robots.txt and a feed."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /rahasia/\n", encoding="utf-8")
    (root / "feed.xml").write_text(FEED, encoding="utf-8")
    (root / "rahasia").mkdir()
    (root / "rahasia" / "feed.xml").write_text(FEED, encoding="utf-8")
    handler = partial(QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    user_agents: list[str] = []  # noqa: RUF012 - every request's User-Agent, for the tests to read

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base signature
        QuietHandler.user_agents.append(self.headers.get("User-Agent", ""))


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_sources_check_reports_each_source_plainly(tmp_path: Path, local_site: str) -> None:
    dead = f"http://127.0.0.1:{closed_port()}"
    registry = write_registry(
        tmp_path / "sources.yaml",
        [
            entry(name="lokal", home_url=f"{local_site}/", feed_url=f"{local_site}/feed.xml"),
            entry(name="hilang", home_url=f"{local_site}/", feed_url=f"{local_site}/tidak-ada.xml"),
            entry(name="terlarang", home_url=f"{local_site}/", feed_url=f"{local_site}/rahasia/feed.xml"),
            entry(name="mati", home_url=f"{dead}/", feed_url=f"{dead}/feed.xml"),
            entry(
                name="wp-tertutup",
                kind="wordpress",
                home_url=f"{local_site}/",
                api_url=f"{local_site}/wp-json/wp/v2/posts",
                feed_url=f"{local_site}/feed.xml",
            ),
            entry(name="tanpa-dns", home_url="http://kabar.invalid/", feed_url="http://kabar.invalid/feed/"),
        ],
    )
    args = ["sources", "check", "--sources", str(registry), "--timeout", "3"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert "reachable: feed HTTP 200" in lines["lokal"] and "robots.txt HTTP 200" in lines["lokal"]
    assert "HTTP 404" in lines["hilang"]
    assert "blocked" in lines["terlarang"] and "disallows" in lines["terlarang"]
    assert "unreachable: connection refused" in lines["mati"]
    assert "offline: DNS lookup failed (no network?)" in lines["tanpa-dns"]
    assert "reachable: feed (api: HTTP 404) HTTP 200" in lines["wp-tertutup"]
    assert "Checked 6 source(s): 2 reachable, 4 not reachable" in result.output
    assert "Traceback" not in result.output

    strict = CliRunner().invoke(cli, [*args, "--strict"])
    assert strict.exit_code == 1
    only_good = CliRunner().invoke(cli, [*args, "--strict", "--source", "lokal"])
    assert only_good.exit_code == 0 and "1 reachable, 0 not reachable" in only_good.output


def test_sources_check_unknown_source_is_one_line_error() -> None:
    result = CliRunner().invoke(cli, ["sources", "check", "--source", "tidak-ada"])
    assert result.exit_code == 1
    assert "unknown source(s) tidak-ada" in result.output and "Traceback" not in result.output


def test_sources_status_names_a_silent_source_and_its_latest_errors(tmp_path: Path) -> None:
    db_path = tmp_path / "w.db"
    db = open_db(db_path)
    now = datetime.now(UTC)
    crawl_began = (now - timedelta(hours=1)).isoformat(timespec="seconds")
    db["sources"].insert_all(
        [{"name": name, "updated_at": crawl_began} for name in ("mckalsel", "antara-kalsel", "baru")]
    )
    rows = [
        ("mckalsel", now - timedelta(days=8 + day)) for day in range(0, 28, 2)
    ]  # 14 in the 4 weeks before
    rows += [("antara-kalsel", now - timedelta(days=day, hours=12)) for day in range(35)]  # still daily
    for number, (source, seen) in enumerate(rows):
        url = f"https://{source}.test/{number}"
        stamp = seen.isoformat(timespec="seconds").replace("+00:00", "Z")
        db["articles"].insert(
            {"canonical_url": url, "url": url, "source": source, "published_at": stamp, "fetched_at": stamp}
        )
    db["crawl_runs"].insert_all([{"id": 1}, {"id": 2}])
    earlier, latest = (utc_iso(now - timedelta(days=1)), utc_iso(now))
    errors = [(1, earlier, "http_500")]  # a crawl before the latest one
    errors += [(2, latest, reason) for reason in ("http_403", "http_403", "timeout")]
    db["crawl_errors"].insert_all(
        [{"run": run, "at": at, "source": "mckalsel", "reason": reason} for run, at, reason in errors]
    )
    db.conn.close()
    result = CliRunner().invoke(
        cli, ["sources", "status", "--db", str(db_path), "--format", "json", "--strict"]
    )
    assert result.exit_code == 1  # --strict: a silent source and one that never brought an article
    found = {row["source"]: row for row in json.loads(result.output)}
    assert found["mckalsel"]["status"] == "silent" and found["mckalsel"]["usual_7_days"] == 3.5
    assert found["mckalsel"]["errors"] == {"http_403": 2, "timeout": 1}
    assert found["antara-kalsel"]["status"] == "ok" and found["antara-kalsel"]["last_7_days"] == 7
    assert found["baru"]["status"] == "never" and found["baru"]["stored"] == 0
    table = CliRunner().invoke(cli, ["sources", "status", "--db", str(db_path)])
    assert table.exit_code == 0 and "http_403 ×2, timeout ×1" in table.output and "silent" in table.output


def test_crawl_and_check_name_the_configured_contact(
    tmp_path: Path, local_site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = write_registry(
        tmp_path / "sources.yaml",
        [entry(name="lokal", home_url=f"{local_site}/", feed_url=f"{local_site}/feed.xml")],
    )
    contact = "mailto:ops@kesbangpol.example.go.id"
    env = {**os.environ, "WASPADA_USER_AGENT_CONTACT": contact}
    QuietHandler.user_agents.clear()
    crawl = [
        sys.executable,
        "-m",
        "waspada",
        "crawl",
        "--sources",
        str(registry),
        "--db",
        str(tmp_path / "w.db"),
    ]
    subprocess.run([*crawl, "--quiet", "--timeout", "3"], env=env, capture_output=True, check=True)
    monkeypatch.setenv("WASPADA_USER_AGENT_CONTACT", contact)
    CliRunner().invoke(cli, ["sources", "check", "--sources", str(registry), "--timeout", "3"])
    assert len(QuietHandler.user_agents) >= 4  # robots.txt and the feed, by the crawl and by the check
    assert all(agent.startswith("Waspada/") and contact in agent for agent in QuietHandler.user_agents)
