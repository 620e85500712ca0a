"""Reading the files analysts hand us: their text encoding and the delimiter of spreadsheet CSV exports."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from store.errors import InputError

DELIMITERS = (",", ";", "\t")


def python_encoding(encoding: str) -> str:
    """The codec to read with: UTF-8 tolerates a byte-order mark (Excel's "CSV UTF-8" writes one)."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError as error:
        raise InputError(f"unknown encoding {encoding!r} (try utf-8 or cp1252)") from error
    return "utf-8-sig" if name == "utf-8" else name


def decode_error(path: Path, line: int, error: UnicodeDecodeError, encoding: str) -> InputError:
    """One line saying where the bytes stop being `encoding` and what to do about it."""
    byte = bytes(error.object[error.start : error.start + 1]).hex()
    return InputError(
        f"{path}:{line}: not {encoding} text (byte 0x{byte}); save it as UTF-8 "
        '("CSV UTF-8" in a spreadsheet) or pass --encoding cp1252'
    )


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """The whole file as text in `encoding`; an InputError naming the line of the first bad byte."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from error
    try:
        return data.decode(python_encoding(encoding))
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise decode_error(path, line, error, encoding) from error


def read_lines(path: Path, encoding: str = "utf-8") -> Iterator[tuple[int, str]]:
    """(line number, line) of a file too large to hold in memory (JSON lines), decoded line by line."""
    codec = python_encoding(encoding)
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                yield number, raw.decode(codec)
            except UnicodeDecodeError as error:
                raise decode_error(path, number, error, encoding) from error


def csv_delimiter(text: str) -> str:
    """The delimiter of a CSV's header line: "," unless ";" (spreadsheets in Indonesian) or tab wins."""
    header = text.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","
