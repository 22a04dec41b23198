"""CSV and TSV files with a header row, read row by row in constant memory.

Every cell is a string (nested field paths are column names such as ``meta.prompt``).
A record's line is the line where its row starts, counting the header as line 1;
quoted cells may span several lines, so rows are located with the CSV reader's own
line count. A row with the wrong number of cells, or with bytes that are not UTF-8,
is a ``RecordError`` for that row; the rows after it are still read.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterator

from guidelint.errors import RecordError
from guidelint.readers.base import RawRecord
from guidelint.readers.source import STREAM_ERRORS, damage_message, open_binary

_BAD_BYTE = re.compile("[\udc80-\udcff]")
#: Long responses exceed the csv module's default cell limit (128 KiB).
_CELL_LIMIT = min(sys.maxsize, 2**31 - 1)


def _bad_cell(row: list[str], header: list[str]) -> str | None:
    """The column name (or number) of the first cell holding bytes that are not UTF-8."""
    for number, cell in enumerate(row):
        if _BAD_BYTE.search(cell):
            return header[number] if number < len(header) else f"column {number + 1}"
    return None


def read_delimited(path: str, *, delimiter: str) -> Iterator[RawRecord | RecordError]:
    """Rows of a CSV (``delimiter=","``) or TSV (``"\\t"``) file as raw records."""
    if csv.field_size_limit() < _CELL_LIMIT:
        csv.field_size_limit(_CELL_LIMIT)
    with open_binary(path) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
        reader = csv.reader(text, delimiter=delimiter)
        header: list[str] | None = None
        index = 0
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield RecordError(f"not valid CSV: {exc}", line=start)
                if reader.line_num < start:  # no progress: stop rather than loop
                    return
                continue
            except STREAM_ERRORS as exc:
                yield RecordError(damage_message(exc), line=start)
                return
            if not row or row == [""]:
                continue  # a blank line
            if header is None:
                header = row
                if _bad_cell(row, row) is not None:
                    yield _utf8_error(start, "")
                continue
            bad = _bad_cell(row, header)
            if bad is not None:
                yield _utf8_error(start, bad)
                continue
            if len(row) != len(header):
                yield RecordError(
                    f"row has {len(row)} cells, the header has {len(header)}",
                    line=start,
                    hint="quote cells that hold the delimiter or line breaks",
                )
                continue
            yield RawRecord(
                path=path, line=start, index=index, data=dict(zip(header, row, strict=True))
            )
            index += 1


def _utf8_error(line: int, column: str) -> RecordError:
    where = f" in {column!r}" if column else " in the header"
    return RecordError(
        f"invalid UTF-8{where}", line=line, field=column, hint="re-encode the file as UTF-8"
    )


def read_csv(path: str) -> Iterator[RawRecord | RecordError]:
    return read_delimited(path, delimiter=",")


def read_tsv(path: str) -> Iterator[RawRecord | RecordError]:
    return read_delimited(path, delimiter="\t")
