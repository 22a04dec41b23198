"""JSON Lines read in blocks as columns give what the line-by-line reader gives:
every value, every error with its line and column, every line number."""

from __future__ import annotations

import gzip
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from guidelint.errors import RecordError
from guidelint.readers import jsonl_columns
from guidelint.readers.jsonl import read_jsonl_values
from guidelint.readers.jsonl_columns import ABSENT, ColumnBlock, read_jsonl_columns

NAMES = ("item", "annotator", "quality")

GOOD = [
    b'{"item": "i1", "annotator": "ann1", "quality": 4}',
    b'{"item": "i2", "annotator": "ann2", "quality": 4.5, "note": "x"}',
    b'{"annotator": "ann3", "item": 7, "quality": null}',
    b'{"item": "i3", "annotator": "ann1"}',
    b'{"item": "i\\u00e9", "annotator": "ann\\u0032", "quality": "good"}',
    b'{"item": "i4", "item": "i5", "annotator": "a", "quality": true}',
    b'{"item": "\xc3\xa9t\xc3\xa9", "annotator": "b", "quality": -0}',
    b'{"item": "i6", "annotator": "b", "quality": 123456789012345678901234567890}',
    b'{"item": "i7", "annotator": "b", "quality": {"nested": 1}, "other": 1e400}',
    b'  {"item": "i8", "annotator": "c", "quality": 1E2}  ',
    b'{"it\\u0065m": "i9", "annotator": "c", "quality": 0.1}',
]
#: Lines the block decoder must not take: each goes line by line.
ODD = [
    b"",
    b"   ",
    b'{"item": "x", "annotator": "y", "quality": [1, 2]}',
    b'{"item": "x", "annotator": "y", "quality": NaN}',
    b'{"item": "x", "annotator": "y", "quality": Infinity}',
    b'{"item": "x", "annotator": "y", "quality": 1e400}',
    b'{"item": "\\ud800", "annotator": "y", "quality": 1}',
    b'{"item": "x", "annotator": "y", "note": "\xff\xfe", "quality": 1}',
    b'{"item": "x", "annotator": "y", "quality": 1',
    b'{"item": "x", "annotator": "y", "quality": 1} trailing',
    b'{"item": "x", "annotator": "y", "quality": 1}, {"item": "z"}',
    b'"just text"',
    b"42",
    b"[1, 2]",
    b"null",
    b'{"item": "x", "annotator": "y", "quality": "tab\there"}',
    b'{"item": "x", "annotator": "y", "quality": 01}',
    b"\xef\xbb\xbf{}",
    b'{"item": "x", "note": "a],[b", "annotator": "y"}',
    b'{"item": "x", "note": "a',
    b'b", "annotator": "y"}',
    b'{"item": "x", "annotator": "y", "quality": 1}\r',
    b"{" * 3 + b"}" * 3,
    b'{"item": "x", "annotator": "y", "quality": ' + b"[" * 3000 + b"]" * 3000 + b"}",
]


def _norm(entry: Any) -> tuple[Any, ...]:
    if isinstance(entry, RecordError):
        return ("error", entry.message, entry.line, entry.column, entry.hint)
    line, value = entry
    if value.__class__ is dict:
        value = {k: value[k] for k in NAMES if k in value}
    return (line, repr(value))  # repr tells 1 from 1.0 and True, -0.0 from 0.0


def _expand(entries: Iterable[Any]) -> list[tuple[Any, ...]]:
    found = []
    for entry in entries:
        if isinstance(entry, ColumnBlock):
            found.extend(_norm(row) for row in entry.rows())
        else:
            found.append(_norm(entry))
    return found


def _typed_as_said(block: ColumnBlock) -> bool:
    """Whether a typed block holds what ColumnBlock.typed says (texts: item, annotator)."""
    texts = block.columns["item"] + block.columns["annotator"]
    scalars = {str, int, float, type(None), type(ABSENT)}
    return {type(v) for v in texts} == {str} and {
        type(v) for v in block.columns["quality"]
    } <= scalars


def _same(path: Path) -> list[tuple[Any, ...]]:
    expected = [_norm(entry) for entry in read_jsonl_values(str(path))]
    assert _expand(read_jsonl_columns(str(path), NAMES)) == expected
    typed = list(read_jsonl_columns(str(path), NAMES, texts=("item", "annotator")))
    assert _expand(typed) == expected
    assert all(_typed_as_said(e) for e in typed if isinstance(e, ColumnBlock) and e.typed)
    return expected


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks and blocks of a few lines, so that every boundary is met."""
    monkeypatch.setattr(jsonl_columns, "CHUNK", 97)
    monkeypatch.setattr(jsonl_columns, "SMALLEST", 2)
    monkeypatch.setattr(jsonl_columns, "SPLIT", 3)


@pytest.mark.parametrize("seed", range(40))
def test_mixed_lines_read_as_line_by_line(tmp_path: Path, small_blocks: None, seed: int) -> None:
    rng = random.Random(seed)
    lines = [rng.choice(GOOD) if rng.random() < 0.8 else rng.choice(ODD) for _ in range(60)]
    end = rng.choice([b"\n", b"\r\n"])
    data = end.join(lines) + rng.choice([end, b""])
    if rng.random() < 0.2:
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / "rows.jsonl"
    path.write_bytes(data)
    _same(path)


def test_a_block_with_one_broken_line_gives_the_same_errors(tmp_path: Path) -> None:
    good = [b'{"item": "i%d", "annotator": "a", "quality": 3}' % i for i in range(1000)]
    good[500] = b'{"item": "i500", "annotator": "a", "quality": 3'
    good[700] = b'{"item": "i700", "annotator": "a"}'
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b"\n".join(good) + b"\n")
    found = _same(path)
    errors = [entry for entry in found if entry[0] == "error"]
    assert len(errors) == 1 and errors[0][2:4] == (501, 48)
    blocks = [e for e in read_jsonl_columns(str(path), NAMES) if isinstance(e, ColumnBlock)]
    assert sum(len(block) for block in blocks) >= 900  # the rest still comes in blocks
    absent = [
        block.columns["quality"][700 - block.first + 1]
        for block in blocks
        if block.first <= 701 < block.first + len(block)
    ]
    assert absent == [ABSENT]


def test_cut_off_gzip_reads_the_same_lines_and_error(tmp_path: Path, small_blocks: None) -> None:
    rows = b"".join(
        b'{"item": "i%d", "annotator": "a", "quality": %d}\n' % (i, i % 5) for i in range(400)
    )
    whole = gzip.compress(rows)
    path = tmp_path / "rows.jsonl.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    found = _same(path)
    assert found[-1][0] == "error"


def test_invalid_utf8_in_a_field_not_named_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b'{"item": "x", "annotator": "y", "quality": 1, "note": "\xff"}\n')
    assert _same(path)[0][:3] == ("error", "invalid UTF-8 (byte 0xff at byte 56)", 1)


def test_values_spanning_lines_are_no_block(tmp_path: Path) -> None:
    # Two broken lines that make one object together, and a line of two objects:
    # as many values as lines, but no line is a value of its own.
    path = tmp_path / "rows.jsonl"
    path.write_bytes(
        b'{"item": "a", "note": "x\n'
        b'y", "annotator": "b", "quality": 1}\n'
        b'{"item": "c", "annotator": "d", "quality": 2}],[{"item": "e"}\n'
    )
    assert [entry[0] for entry in _same(path)] == ["error", "error", "error"]


def test_typed_blocks_until_a_block_does_not_fit(tmp_path: Path) -> None:
    rows = [b'{"item": "i%d", "annotator": "a", "quality": 3}' % i for i in range(300)]
    rows[200] = b'{"item": 200, "annotator": "a", "quality": 3}'  # a number, not text
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b"\n".join(rows) + b"\n")
    chunk = len(path.read_bytes()) // 5
    blocks = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonl_columns, "CHUNK", chunk)
        for entry in read_jsonl_columns(str(path), NAMES, texts=("item", "annotator")):
            assert isinstance(entry, ColumnBlock)
            blocks.append((entry.first + len(entry) - 1, entry.typed))
    assert [typed for last, typed in blocks] == [last < 201 for last, _ in blocks]
    assert blocks[0][1] and not blocks[-1][1]
    _same(path)
