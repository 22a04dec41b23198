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

A quote closed a line or more later merges rows just as silently (the csv module reads
``"Unclosed,text`` then ``"Next question?",answer`` as one row of two cells). A quoted
cell that spans lines, in a row with the wrong number of cells or with text after a
closing quote, is a ``RecordError`` at its opening quote, and the lines after that
quote's line are read again as rows (:func:`_bad_quoting`; each such reading starts at
least one line further on). Text after a closing quote on one line (``"Hi" she said``)
is a ``RecordError`` at that quote: the csv module would drop the quotes. A column
named twice in the header is said once. The header line of a ``.csv`` file decides its
delimiter (:func:`detect_delimiter`) unless ``--delimiter`` names it. Files are read through
:func:`guidelint.readers.encoding.open_utf8`: UTF-16/32 are decoded, binary files are
one error.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterable, Iterator

from guidelint.errors import RecordError, UsageError
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


class _Source:
    """The lines of a file, after the lines pushed back onto ``pending`` (a stack: the
    last is read next); an iterator that may be read on after it ran out once."""

    __slots__ = ("_lines", "pending")

    def __init__(self, lines: Iterator[str]):
        self._lines = lines
        self.pending: list[str] = []

    def __iter__(self) -> _Source:
        return self

    def __next__(self) -> str:
        if self.pending:
            return self.pending.pop()
        return next(self._lines)


def read_delimited(
    path: str, *, delimiter: str, detect: bool = False
) -> Iterator[RawRecord | RecordError]:
    """Rows of a CSV (``delimiter=","``) or TSV (``"\\t"``) file as raw records;
    ``detect``: the header line decides the delimiter (see :func:`detect_delimiter`)."""
    if csv.field_size_limit() < _CELL_LIMIT:
        csv.field_size_limit(_CELL_LIMIT)
    with open_utf8(path) as (stream, encoding):
        if encoding.is_binary:
            yield RecordError(binary_message(encoding), line=1, hint=BINARY_HINT)
            return
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
        source = _Source(iter(text))
        if detect:
            try:
                first = text.readline()
            except STREAM_ERRORS as exc:
                yield RecordError(damage_message(exc), line=1)
                return
            delimiter = detect_delimiter(first, delimiter)
            source.pending.append(first)
        header: list[str] | None = None
        index = 0
        before = 0  # lines of the file before the first line of this pass
        while True:
            lines = _Lines()
            reader = csv.reader(lines.feed(source), delimiter=delimiter)
            row_lines = lines.row
            again: list[str] | None = None  # lines to read again after a bad quote
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
                    twice = _duplicates(row)
                    if twice:
                        yield RecordError(
                            f"the header names {twice} more than once; each row's last "
                            "cell under that name is read, the others are not",
                            line=start,
                            hint="give every column its own name",
                        )
                    continue
                bad = _bad_cell(row, header)
                if bad is not None:
                    yield _utf8_error(start, bad, encoding)
                    continue
                quoting = _bad_quoting(row_lines, start, len(row), header, delimiter)
                if quoting is not None:
                    error, skipped = quoting
                    yield error
                    if skipped:  # (the row's other lines may be rows of their own)
                        before = start - 1 + skipped
                        again = row_lines[skipped:]
                        break
                    continue
                if len(row) != len(header):
                    yield RecordError(
                        f"row has {plural(len(row), 'cell')}, the header has {len(header)}",
                        line=start,
                        hint=f"cells are separated by {_shown(delimiter)}; quote cells that "
                        f"hold {_shown(delimiter)} or line breaks, or name the delimiter "
                        "with --delimiter",
                    )
                    continue
                yield RawRecord(
                    path=path, line=start, index=index, data=dict(zip(header, row, strict=True))
                )
                index += 1
            if not again:
                return
            source.pending.extend(reversed(again))


#: Delimiters a CSV file's header may use instead of a comma (a semicolon: Excel in
#: locales where the comma is the decimal mark).
_OTHER_DELIMITERS = (";", "\t", "|")


#: Names ``--delimiter`` takes besides a single character.
DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}


def parse_delimiter(value: str) -> str:
    """The delimiter ``--delimiter`` names: one character, or ``tab`` (also ``\\t``),
    ``comma``, ``semicolon``, ``pipe``. Raises UsageError for anything else: a quote, a
    line break, or more than one character (the csv module reads one-character
    delimiters only)."""
    char = DELIMITER_NAMES.get(value.strip().lower(), value)
    if len(char) != 1 or char in ('"', "\r", "\n"):
        raise UsageError(
            f"--delimiter {value!r} is not a delimiter",
            hint="give one character other than a quote or a line break, or one of "
            "tab, comma, semicolon, pipe",
        )
    return char


def detect_delimiter(header_line: str, default: str) -> str:
    """The delimiter of a CSV file from its header line: ``default`` (a comma) unless the
    header has none outside quotes and has one of :data:`_OTHER_DELIMITERS` (the most
    frequent), as spreadsheet programs and csvkit's sniffer do."""
    outside = "".join(header_line.split(_QUOTE)[::2])  # (the text outside quoted parts)
    if default in outside:
        return default
    found = max(_OTHER_DELIMITERS, key=outside.count)  # (a tie: the first)
    return found if found in outside else default


def _shown(delimiter: str) -> str:
    return {"\t": "tabs", ",": "commas", ";": "semicolons"}.get(delimiter, repr(delimiter))


class _Quoted:
    """A quoted cell: where its opening and closing quotes are (line index in the row,
    0-based column), and whether text follows the closing quote."""

    __slots__ = ("cell", "close", "open", "stray")

    def __init__(self, cell: int, open_at: tuple[int, int]):
        self.cell = cell
        self.open = open_at
        self.close = open_at
        self.stray = False


def _quoted_cells(lines: list[str], delimiter: str) -> list[_Quoted]:
    """The quoted cells of the row made of ``lines``, read as the csv module reads
    them (see :func:`_opening_quote`)."""
    cells: list[_Quoted] = []
    number = 0
    state = 0  # 0: a cell starts, 1: unquoted, 2: quoted, 3: a quote in a quoted cell
    for index, line in enumerate(lines):
        end = len(line.rstrip("\r\n"))
        pos = 0
        while pos < end:
            char = line[pos]
            if state == 2:
                found = line.find(_QUOTE, pos, end)
                if found < 0:
                    break
                state, pos = 3, found + 1
                cells[-1].close = (index, found)
                continue
            if state == 1:
                found = line.find(delimiter, pos, end)
                if found < 0:
                    break
                number, state, pos = number + 1, 0, found + 1
                continue
            if state == 0 and char == _QUOTE:
                cells.append(_Quoted(number, (index, pos)))
                state = 2
            elif char == delimiter:
                number, state = number + 1, 0
            elif state == 3 and char == _QUOTE:
                state = 2
            else:
                if state == 3:
                    cells[-1].stray = True
                state = 1
            pos += 1
        if state != 2:
            break
    return cells


def _bad_quoting(
    lines: list[str], start: int, size: int, header: list[str], delimiter: str
) -> tuple[RecordError, int] | None:
    """The error for a row (its ``lines``, the first at line ``start``, ``size`` cells)
    whose quotes were not read as their writer meant, and how many of its lines to skip
    (0: none; the row spans one line); None when its quoting is sound.

    Text after a closing quote (``"Hi" she said``: csv libraries in strict mode reject
    it, the csv module drops the quotes) is an error at that quote. A quoted cell that
    spans lines, in a row with text after a closing quote or with the wrong number of
    cells, most likely lacks its closing quote, and the rows after it were merged into
    it: the error is at its opening quote, and the lines after it are read as rows again.
    """
    if _QUOTE not in lines[0] and len(lines) == 1:
        return None
    cells = _quoted_cells(lines, delimiter)
    stray = next((c for c in cells if c.stray), None)
    spanning = next((c for c in cells if c.close[0] > c.open[0]), None)
    if spanning is not None and (stray is not None or size != len(header)):
        name = _cell_name(spanning.cell, header)
        (first, column), last = spanning.open, start + spanning.close[0]
        message = (
            f"quoted cell opened at line {start + first}, column {column + 1} ({name}) runs "
            f"on to line {last}, so lines {start + first}-{last} were read as one row"
        )
        if size != len(header):
            message += f" of {plural(size, 'cell')} (the header has {len(header)})"
        if stray is not None:
            at = stray.close
            message += f"; text follows the quote at line {start + at[0]}, column {at[1] + 1}"
        message += f"; the lines after line {start + first} are read as rows again"
        error = RecordError(message, line=start + first, column=column + 1, hint=_UNCLOSED_HINT)
        return error, first + 1
    if stray is not None:
        (number, column) = stray.close
        error = RecordError(
            f"text follows the closing quote of {_cell_name(stray.cell, header)} at line "
            f"{start + number}, column {column + 1}; the quotes would be dropped from its text",
            line=start + number,
            column=column + 1,
            hint='quote the whole cell and double the quotes inside it: """Hi"" she said"',
        )
        return error, 0
    return None


def _duplicates(header: list[str]) -> str:
    """The column names ``header`` holds twice or more, with their column numbers."""
    columns: dict[str, list[int]] = {}
    for number, name in enumerate(header, 1):
        columns.setdefault(name, []).append(number)
    return ", ".join(
        f"{name!r} (columns {', '.join(map(str, numbers))})"
        for name, numbers in columns.items()
        if len(numbers) > 1
    )


def _cell_name(cell: int, header: list[str]) -> str:
    return f"'{header[cell]}'" if cell < len(header) else f"cell {cell + 1}"


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

    Follows the csv module's reading (default dialect, not strict; see
    :func:`_quoted_cells`): a quote opens a quoted cell only as the cell's first
    character; in a quoted cell ``""`` is a quote, and a quote followed by anything else
    closes the cell, whose text goes on unquoted.
    """
    return next((c.open for c in _quoted_cells(lines, delimiter) if c.cell == cell), None)


def _utf8_error(line: int, column: str, encoding: Encoding = UTF8) -> RecordError:
    where = f" in {column!r}" if column else " in the header"
    return RecordError(
        f"{invalid_text(encoding)}{where}",
        line=line,
        field=column,
        hint="re-encode the file as UTF-8",
    )


def read_csv(path: str) -> Iterator[RawRecord | RecordError]:
    return read_delimited(path, delimiter=",", detect=True)


def read_tsv(path: str) -> Iterator[RawRecord | RecordError]:
    return read_delimited(path, delimiter="\t")
