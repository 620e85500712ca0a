"""Where a region mention stands in an article: title, dateline, lead or body, and the end of an address."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from nlp.regions.matcher import Mention

ADDRESS_TOKENS = 15
ADDRESS_WORDS = frozenset(
    [
        "desa",
        "kelurahan",
        "kecamatan",
        "kampung",
        "dusun",
        "jorong",
        "nagari",
        "gampong",
        "distrik",
        "kel",
        "kec",
        "ds",
        "rt",
        "rw",
    ]
)
PREFIX_WORDS = frozenset(["kabupaten", "kab", "kota", ".", "administrasi"])
LEAD_CHARS = 300
DATELINE_CHARS = 120
DATELINE_SEPARATOR = re.compile(r"\s[–—-]{1,2}|[–—~|_:]|//|-(?=[A-Za-z/])|(?<=[A-Z])-")
DATELINE_DATE = re.compile(
    r",\s*(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|\d{1,2}\s)", re.IGNORECASE
)
# "SURYAMALANG.COM | CIREBON -", "DIALEKSIS.COM | Jakarta -": a web outlet's name before the dateline proper.
OUTLET_PREFIX = re.compile(
    r"^\s*[\w.-]+\.(?:com|co\.id|id|net|org|co)(?:\s*(?:\|\|?|[–—-]{1,2}|,))+\s*", re.I
)


def dateline_end(text: str, offset: int = 0) -> int:
    """End (offset in `text`) of the dateline at `offset` ("BANJARMASIN –", "Palu, Kamis (...)")."""
    head = text[offset : offset + DATELINE_CHARS]
    first_line = head.split("\n", 1)[0]
    outlet = OUTLET_PREFIX.match(first_line)
    skip = outlet.end() if outlet else 0
    first_line = first_line[skip:]
    match = DATELINE_SEPARATOR.search(first_line)
    date = DATELINE_DATE.search(first_line)
    ends = []
    if match and len(first_line[: match.start()].split()) <= 6:
        ends.append(match.start())
    if date and len(first_line[: date.start()].split()) <= 3:
        ends.append(date.start())
    return offset + skip + min(ends) if ends else offset


def zone_of(mention: Mention, title_chars: int, dateline: int, lead: int) -> str:
    """Where a mention stands: title, dateline, lead or body."""
    if mention.start < title_chars:
        return "title"
    if mention.start < dateline:
        return "dateline"
    return "lead" if mention.start < lead else "body"


def in_address(doc: Doc, index: int) -> bool:
    """Whether the name at token `index` closes an address chain: "..., Kecamatan Woha, [Bima]"."""
    i = index - 1
    while i >= 0 and doc[i].lower_ in PREFIX_WORDS:
        i -= 1
    if i < 0 or doc[i].text != ",":
        return False
    for token in doc[max(0, i - ADDRESS_TOKENS) : i]:
        if token.lower_ in ADDRESS_WORDS:
            return True
        if token.is_sent_end or "\n" in token.text:
            return False
    return False


def title_words(doc: Doc, title_chars: int) -> list[str]:
    """The words of the title at the start of the doc."""
    words = []
    for token in doc:
        if token.idx >= title_chars:
            break
        words.append(token.text)
    return words


def is_title_case(words: list[str]) -> bool:
    """Whether a title capitalises most of its words (so a capital letter there proves nothing)."""
    long_words = [w for w in words if w.isalpha() and len(w) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) / len(long_words) > 0.6


def window(doc: Doc, start: int, length: int) -> str:
    """The text of the doc from character `start` for about `length` characters (no full doc.text)."""
    parts = []
    for token in doc:
        if token.idx >= start + length:
            break
        if token.idx >= start:
            parts.append(token.text_with_ws)
    return "".join(parts)
