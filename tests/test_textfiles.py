"""store.textfiles: the encodings and CSV delimiters of files analysts hand in."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.errors import InputError
from store.textfiles import csv_delimiter, read_lines, read_text


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("article_id,conflict,themes\n1,ya,protest;labor\n", ","),
        ("article_id;conflict;themes\n1;ya;protest\n", ";"),
        ("article_id\tconflict\tthemes\n1\tya\tprotest\n", "\t"),
        ("article_id\n1\n", ","),
    ],
)
def test_the_header_line_decides_the_delimiter(text: str, delimiter: str) -> None:
    assert csv_delimiter(text) == delimiter


def test_a_byte_order_mark_is_dropped_and_a_bad_byte_is_located(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("\ufeffurl,text\n".encode())
    assert read_text(path) == "url,text\n"
    path.write_bytes(b"url,text\nhttps://a.example/x,Caf\xe9\n")
    with pytest.raises(InputError, match=r"a\.csv:2: not utf-8 text \(byte 0xe9\)"):
        read_text(path)
    assert read_text(path, "cp1252").splitlines() == ["url,text", "https://a.example/x,Café"]


def test_lines_are_decoded_one_by_one_with_their_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"a": 1}\n{"b": 2}\n{"c": "\xff"}\n')
    lines = read_lines(path)
    assert next(lines) == (1, '{"a": 1}\n') and next(lines) == (2, '{"b": 2}\n')
    with pytest.raises(InputError, match=r"a\.jsonl:3: not utf-8 text \(byte 0xff\)"):
        next(lines)


def test_an_unknown_encoding_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("url,text\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_text(path, "klingon")
