"""CSV and TSV files with a header row, read row by row in constant memory.

Every cell is a string (nested field paths are column names such as ``meta.prompt``).
A record's line is the line where its row starts, counting the header as line 1;
quoted cells may span several lines, so rows are located with the CSV reader's own
line count. A row with the wrong number of cells, or with bytes that are not UTF-8,
is a ``RecordError`` for that row; the rows after it are still read.

A quote that is never closed would make the rest of the file one cell of its row
(the csv module reads on to the end of the file, then returns the row as it is). It
is a ``RecordError`` at the opening quote, and the lines after the one holding that
quote are read again as rows: one stray quote spoils one row, not the rest. Telling
an unclosed quote from a cell that is closed further down needs the end of the file,
so the lines of the row being read are kept until it ends (for an ordinary row, that
is its own line or lines; after an unclosed quote, the rest of the file, which the
csv module holds as that cell anyway). Reading again happens at most once: every
quote in the lines read again was doubled (a single one would have closed the cell),
and read as rows, such quotes close every cell they open.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterable, Iterator

from guidelint.errors import RecordError
from guidelint.readers.base import RawRecord
from guidelint.readers.encoding import (
    BINARY_HINT,
    UTF8,
    Encoding,
    binary_message,
    invalid_text,
    open_utf8,
)
from guidelint.readers.source import STREAM_ERRORS, damage_message
from guidelint.wording import plural

_BAD_BYTE = re.compile("[\udc80-\udcff]")
#: Long responses exceed the csv module's default cell limit (128 KiB).
_CELL_LIMIT = min(sys.maxsize, 2**31 - 1)
_QUOTE = '"'
_UNCLOSED_HINT = 'close the quote; a quote that is part of a quoted cell\'s text is written ""'


def _bad_cell(row: list[str], header: list[str]) -> str | None:
    """The column name (or number) of the first cell holding bytes that are not UTF-8."""
    for number, cell in enumerate(row):
        if _BAD_BYTE.search(cell):
            return header[number] if number < len(header) else f"column {number + 1}"
    return None


class _Lines:
    """The lines given to the csv reader: those of the row being read, and whether the
    source has run out (then the row the reader returns ends inside a quoted cell)."""

    __slots__ = ("ended", "row")

    def __init__(self) -> None:
        self.row: list[str] = []
        self.ended = False

    def feed(self, lines: Iterable[str]) -> Iterator[str]:
        row = self.row
        for line in lines:
            row.append(line)
            yield line
        self.ended = True


def read_delimited(path: str, *, delimiter: str) -> Iterator[RawRecord | RecordError]:
    """Rows of a CSV (``delimiter=","``) or TSV (``"\\t"``) file as raw records."""
    if csv.field_size_limit() < _CELL_LIMIT:
        csv.field_size_limit(_CELL_LIMIT)
    with open_utf8(path) as (stream, encoding):
        if encoding.is_binary:
            yield RecordError(binary_message(encoding), line=1, hint=BINARY_HINT)
            return
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
        header: list[str] | None = None
        index = 0
        source: Iterable[str] = text
        before = 0  # lines of the file before the first line of ``source``
        while True:
            lines = _Lines()
            reader = csv.reader(lines.feed(source), delimiter=delimiter)
            row_lines = lines.row
            again: list[str] | None = None  # lines to read again after an unclosed quote
            while True:
                row_lines.clear()
                start = before + reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    yield RecordError(f"not valid CSV: {exc}", line=start)
                    if before + reader.line_num < start:  # no progress: stop rather than loop
                        return
                    continue
                except STREAM_ERRORS as exc:
                    yield RecordError(damage_message(exc), line=start)
                    return
                if lines.ended and row:
                    error, skipped = _unclosed(row_lines, start, len(row) - 1, header, delimiter)
                    yield error
                    if header is None:
                        return  # without a header, no row can be read
                    before = start - 1 + skipped
                    again = row_lines[skipped:]
                    break
                if not row or row == [""]:
                    continue  # a blank line
                if header is None:
                    header = row
                    if _bad_cell(row, row) is not None:
                        yield _utf8_error(start, "", encoding)
                    continue
                bad = _bad_cell(row, header)
                if bad is not None:
                    yield _utf8_error(start, bad, encoding)
                    continue
                if len(row) != len(header):
                    yield RecordError(
                        f"row has {plural(len(row), 'cell')}, the header has {len(header)}",
                        line=start,
                        hint="quote cells that hold the delimiter or line breaks",
                    )
                    continue
                yield RawRecord(
                    path=path, line=start, index=index, data=dict(zip(header, row, strict=True))
                )
                index += 1
            if not again:
                return
            source = again


def _unclosed(
    lines: list[str], start: int, cell: int, header: list[str] | None, delimiter: str
) -> tuple[RecordError, int]:
    """The error for a row (its ``lines``, the first at line ``start``) whose cell number
    ``cell`` opens a quote that is never closed, and how many of its lines to skip."""
    found = _opening_quote(lines, cell, delimiter)
    number, column = found if found is not None else (0, -1)
    where = f"line {start + number}" + (f", column {column + 1}" if column >= 0 else "")
    name = header[cell] if header is not None and cell < len(header) else f"cell {cell + 1}"
    what = "the header" if header is None else f"'{name}'"
    message = f"quote opened at {where} ({what}) is never closed"
    if number:
        message += f" (in the row starting at line {start})"
    if header is None:
        message += "; without the header no row can be read"
    elif number + 1 < len(lines):
        message += f"; the lines after line {start + number} are read as rows again"
    error = RecordError(
        message, line=start + number, column=column + 1 if column >= 0 else 0, hint=_UNCLOSED_HINT
    )
    return error, number + 1


def _opening_quote(lines: list[str], cell: int, delimiter: str) -> tuple[int, int] | None:
    """Where the quote opening cell number ``cell`` of the row made of ``lines`` is:
    ``(index of its line, 0-based column)``; None if the row is not read that way.

    Follows the csv module's reading (default dialect, not strict): a quote opens a
    quoted cell only as the cell's first character; in a quoted cell ``""`` is a quote,
    and a quote followed by anything else closes the cell, whose text goes on unquoted.
    """
    number = 0  # the cell being read
    state = 0  # 0: a cell starts, 1: unquoted, 2: quoted, 3: a quote in a quoted cell
    for index, line in enumerate(lines):
        end = len(line.rstrip("\r\n"))
        pos = 0
        while pos < end:
            if state == 2:
                found = line.find(_QUOTE, pos, end)
                if found < 0:
                    break
                state, pos = 3, found + 1
                continue
            if state == 1:
                found = line.find(delimiter, pos, end)
                if found < 0:
                    break
                number, state, pos = number + 1, 0, found + 1
                continue
            char = line[pos]
            if state == 0 and char == _QUOTE:
                if number == cell:
                    return index, pos
                state = 2
            elif char == delimiter:
                number, state = number + 1, 0
            elif state == 3 and char == _QUOTE:
                state = 2
            else:
                state = 1
            pos += 1
        if state != 2:
            return None  # the row ends with this line
    return None


def _utf8_error(line: int, column: str, encoding: Encoding = UTF8) -> RecordError:
    where = f" in {column!r}" if column else " in the header"
    return RecordError(
        f"{invalid_text(encoding)}{where}",
        line=line,
        field=column,
        hint="re-encode the file as UTF-8",
    )


def read_csv(path: str) -> Iterator[RawRecord | RecordError]:
    return read_delimited(path, delimiter=",")


def read_tsv(path: str) -> Iterator[RawRecord | RecordError]:
    return read_delimited(path, delimiter="\t")
