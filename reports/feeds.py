"""An Atom feed of the archived digests (reports/out/feed.xml)."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import sqlite_utils

from reports import coverage, digest, labels
from store import config

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:waspada:digests"
ENTRIES = 50
LINK_TYPES = {"html": "text/html", "md": "text/markdown", "json": "application/json"}


def public_link(path: Path) -> str:
    """Where readers find a digest file: setting `public_url` (WASPADA_PUBLIC_URL) + its name, else file://."""
    base = config.get("public_url")
    return f"{str(base).rstrip('/')}/{path.name}" if base else path.resolve().as_uri()


def entry(feed: ET.Element, row: dict) -> None:
    """One archived digest as an Atom entry: title, reason lines as the summary, a link to its file."""
    document = json.loads(row["data"])
    lang = document["lang"]
    item = ET.SubElement(feed, "entry")
    ET.SubElement(item, "id").text = f"urn:waspada:digest:{row['id']}"
    ET.SubElement(
        item, "title"
    ).text = f"{labels.text('title', lang)} · {document['date']} ({document['days']}d, {lang})"
    ET.SubElement(item, "updated").text = row["created_at"]
    paths = json.loads(row["paths"])
    for fmt in sorted(paths, key=lambda name: (name != "html", name)):  # readers follow the first: the page
        kind = LINK_TYPES.get(fmt, "application/octet-stream")
        ET.SubElement(item, "link", href=public_link(Path(paths[fmt])), rel="alternate", type=kind)
    ET.SubElement(item, "summary").text = "\n".join(summary_lines(document))


def summary_lines(document: dict) -> list[str]:
    """The digest's coverage notes (or 'quiet'), then its signal reasons or why there are none: the same
    caveats the digest prints, so a feed reader is not told less."""
    lang, found = document["lang"], document.get("coverage")
    notes = []
    if found:
        notes = [
            coverage.note(found, lang),
            coverage.untagged_note(found, lang),
            coverage.silent_note(found, lang),
        ]
    quiet = [labels.text(coverage.quiet_key(document["days"]), lang)] if document["quiet"] else []
    notes = [note for note in notes if note] or quiet
    no_signals = coverage.no_signals_key(found) if found else "no_signals"
    return notes + ([s["reason"] for s in document["signals"]] or [labels.text(no_signals, lang)])


def render_feed(db: sqlite_utils.Database) -> str:
    """The feed XML, newest digest first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element("feed", xmlns=ATOM)
    ET.SubElement(feed, "id").text = FEED_ID
    ET.SubElement(feed, "title").text = "Waspada digests"
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = "Waspada"
    rows = list(db.query("select * from digests order by id desc limit ?", [ENTRIES]))
    ET.SubElement(feed, "updated").text = rows[0]["created_at"] if rows else "1970-01-01T00:00:00+00:00"
    for row in rows:
        entry(feed, row)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")


def write_feed(db: sqlite_utils.Database, path: Path | None = None) -> Path:
    """Write the feed (default reports/out/feed.xml) and return its path."""
    path = path or digest.out_dir() / "feed.xml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_feed(db), encoding="utf-8")
    return path
