"""Search that understands Indonesian word forms: each query word also matches the indexed words that
share its stem (Sastrawi), so "bentrok" finds "bentrokan" and "dibentrok"; "quoted phrases" stay exact;
words must all match, unless an upper-case OR stands between two of them."""

from __future__ import annotations

import re
import sqlite3
import threading
from functools import cache, lru_cache

import sqlite_utils

from store.db import read_only

MAX_FORMS = 64  # the most common word forms of one stem that a query word expands to
WORD = re.compile(r"^\w+$")
BITS = re.compile(r'\s+|(".*?")')  # Datasette's escape_fts split: words and "quoted phrases"
BATCH = 5000
_local = threading.local()


@cache
def _stemmer():  # noqa: ANN202 - Sastrawi's stemmer has no public type
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Indonesian stem of one lower-case word (Sastrawi; numbers and short words as they are)."""
    if len(word) < 4 or not word.isalpha():
        return word
    return _stemmer().stem(word) or word


def refresh(db: sqlite_utils.Database) -> int:
    """Stem the index's terms not stemmed yet (safe to call at every start); returns how many."""
    rows = db.execute(
        "select v.term, v.doc from articles_fts_vocab v "
        "where not exists (select 1 from search_stems s where s.term = v.term)"
    ).fetchall()
    for start in range(0, len(rows), BATCH):
        batch = [(term, stem(term), docs) for term, docs in rows[start : start + BATCH]]
        with db.conn:
            db.conn.executemany(
                "insert or replace into search_stems (term, stem, docs) values (?, ?, ?)", batch
            )
    forms.cache_clear()
    return len(rows)


def _connection(path: str) -> sqlite3.Connection:
    """A private read-only connection per thread (a SQL function must not query its own connection)."""
    conns = getattr(_local, "conns", None)
    if conns is None:
        conns = _local.conns = {}
    if path not in conns:
        conns[path] = read_only(path)
    return conns[path]


@lru_cache(maxsize=50_000)
def forms(path: str, word: str) -> tuple[str, ...]:
    """`word` and the indexed words sharing its stem, most common first."""
    word = word.lower()
    try:
        rows = _connection(path).execute(
            "select term from search_stems where stem = ? order by docs desc limit ?", [stem(word), MAX_FORMS]
        )
        found = [row[0] for row in rows]
    except sqlite3.Error:  # an index not stemmed yet: the word as typed
        found = []
    return tuple(dict.fromkeys([word, *found]))


def expand(query: str, path: str) -> str:
    """An FTS5 query: each word OR-ed with its forms, quoted phrases exact (Datasette's escaping kept),
    all of them AND-ed except where "OR" joins two ("bentrok OR demo warga": either, and warga)."""
    if query.count('"') % 2:
        query += '"'
    groups: list[list[str]] = []
    either = False
    for bit in BITS.split(query):
        if not bit or bit == '""':
            continue
        if bit == "OR" and groups:
            either = True
            continue
        if either:
            groups[-1].append(term(bit, path))
        else:
            groups.append([term(bit, path)])
        either = False
    return " AND ".join(group[0] if len(group) == 1 else "(" + " OR ".join(group) + ")" for group in groups)


def term(bit: str, path: str) -> str:
    """One query word as its forms OR-ed, a quoted phrase as it is, anything else quoted."""
    if bit.startswith('"') and bit.endswith('"'):
        return bit  # the analyst's exact phrase
    if WORD.match(bit):
        words = forms(path, bit)
        quoted = " OR ".join(f'"{word}"' for word in words)
        return f"({quoted})" if len(words) > 1 else quoted
    return '"' + bit.replace('"', "") + '"'


def sql_function(path: str):  # noqa: ANN201 - a one-argument SQL function
    """`escape_fts(query)` for a served connection: Datasette's escaping plus the word forms."""

    def escape_fts(query: str | None) -> str:
        return expand(query or "", path)

    return escape_fts
