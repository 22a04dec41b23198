"""JSON Lines read in blocks of lines, as columns of a few named fields.

:func:`read_jsonl_columns` gives what :func:`~guidelint.readers.jsonl.read_jsonl_values`
gives (the same values, errors and line numbers), except that a run of lines that
are all JSON objects comes as one :class:`ColumnBlock`: per field named, the list of
its values, one per line (:data:`ABSENT` where an object lacks the field). A block is
decoded by msgspec in one call, into structs of the named fields only (the other
fields are checked, not kept), which is faster than a dictionary per line: the 1M
ratings of ``benchmarks/agreement_e2e.py`` are read and collected (with
:meth:`~guidelint.agreement.sources.collect.LabelCollector.add_plain_rows`) in 1.2 s
of CPU instead of 1.6 s (0.28 s of that is msgspec's decoding).

A block is the lines between two line ends, written ``[[line],[line],...]`` (every
line end becomes ``],[``) and decoded as a list of one-element arrays of objects.
That is only tried when the block holds no ``[`` of its own: then every ``[`` is one
of ours, each element starts at a line's start and ends at a line's end, and the
number of elements equals the number of lines exactly when no value spans two lines.
The block's bytes must also be valid UTF-8 (msgspec does not check the strings of the
fields it skips). A block that fails any of this (a broken line, a blank line, a
line that is an array, a number msgspec rejects such as ``NaN``) is split into
smaller blocks, down to :data:`SMALLEST` lines, which go line by line through
:func:`~guidelint.readers.jsonl.read_jsonl_values`'s own code: every error, and every
value ``json`` reads differently, is exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any, ClassVar

import msgspec

from guidelint.errors import RecordError
from guidelint.readers.encoding import BINARY_HINT, binary_message, open_utf8
from guidelint.readers.jsonl import _BOM, line_value
from guidelint.readers.source import STREAM_ERRORS, damage_message

__all__ = ["ABSENT", "ColumnBlock", "read_jsonl_columns"]

_first = itemgetter(0)
#: Bytes read at once (then cut at the last line end).
CHUNK = 1 << 20
#: A failed block is split until its pieces are this many lines or fewer, which are
#: read line by line.
SMALLEST = 64
#: Pieces a failed block is split into.
SPLIT = 16


class _Absent:
    """The value of a named field that a line's object does not have."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()


@dataclass(frozen=True, slots=True)
class ColumnBlock:
    """Consecutive lines that are each a JSON object: ``first`` is the first one's line
    number, ``columns[name]`` the values of field ``name`` (``ABSENT`` when missing),
    one per line."""

    first: int
    columns: dict[str, list[Any]]
    #: Whether the block was decoded with types: the fields read as text (``texts``
    #: of :func:`read_jsonl_columns`) are all ``str``, the others :data:`Scalar` or
    #: ABSENT (no bool). False: any JSON value.
    typed: bool = False
    #: The value of a field a line lacks (:data:`ABSENT`), for readers of the columns.
    absent: ClassVar[Any] = ABSENT

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), ()))

    def has(self, name: str) -> bool:
        """Whether some line has the field ``name``."""
        return any(value is not ABSENT for value in self.columns.get(name, ()))

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(line, {name: value})`` per line, without the absent fields (as
        :func:`~guidelint.readers.jsonl.read_jsonl_values` gives the named fields)."""
        names = list(self.columns)
        for offset, values in enumerate(zip(*self.columns.values(), strict=True)):
            row = {k: v for k, v in zip(names, values, strict=True) if v is not ABSENT}
            yield self.first + offset, row


#: The values a typed block's fields other than its texts hold (no bool, list, object).
Scalar = int | float | str | None


def _row_decoder(names: list[str], texts: Sequence[str]) -> Callable[[bytes], Any]:
    """A decoder of ``[[row], ...]`` into structs of the fields ``names``: any JSON value
    (:data:`ABSENT` when missing); with ``texts``, those fields must be text and the
    others :data:`Scalar` (or missing)."""
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = [
        (f"f{i}", str) if name in texts else (f"f{i}", Scalar if texts else Any, ABSENT)
        for i, name in enumerate(names)
    ]
    rename = {f"f{i}": name for i, name in enumerate(names)}
    row = msgspec.defstruct("Row", fields, rename=rename, gc=False)
    return msgspec.json.Decoder(list[tuple[row]]).decode  # type: ignore[valid-type]


class _BlockDecoder:
    """Decodes a block of lines into :class:`ColumnBlock` columns, or None.

    With ``texts``, a block is first decoded with those fields as text and the others
    as :data:`Scalar` (faster, and the reader of the columns need not look at their
    types: :attr:`ColumnBlock.typed`); a block that does not fit is decoded with any
    values, and so are all the blocks after it that does."""

    def __init__(self, names: Sequence[str], texts: Sequence[str] = ()) -> None:
        self.names = list(dict.fromkeys(names))
        typed = bool(texts) and len(self.names) == len(names)
        self._typed = _row_decoder(self.names, texts) if typed else None
        self._any = _row_decoder(self.names, ())
        self._fields = [attrgetter(f"f{i}") for i in range(len(self.names))]

    def block(self, block: bytes, lines: int, first: int) -> ColumnBlock | None:
        """The ColumnBlock of ``block`` (``lines`` lines, each ending in a line end,
        the first being line ``first``)."""
        if b"[" in block:
            return None
        if not block.isascii():
            try:
                block.decode("utf-8")
            except UnicodeDecodeError:
                return None
        text = b"[[" + block[:-1].replace(b"\n", b"],[") + b"]]"
        rows = None
        typed = self._typed is not None
        if self._typed is not None:
            try:
                rows = self._typed(text)
            except (msgspec.DecodeError, RecursionError):
                typed = False
        if rows is None:
            try:
                rows = self._any(text)
            except (msgspec.DecodeError, RecursionError):
                return None
            if self._typed is not None:
                self._typed = None  # (the data is not of the types: stop trying them)
        if len(rows) != lines:
            return None
        structs = list(map(_first, rows))
        columns = {
            name: list(map(field, structs))
            for name, field in zip(self.names, self._fields, strict=True)
        }
        return ColumnBlock(first, columns, typed)


def _split(block: bytes, lines: int) -> Iterator[tuple[bytes, int]]:
    """``block`` in about :data:`SPLIT` pieces of whole lines: ``(piece, its lines)``."""
    step = max(len(block) // SPLIT, 1)
    start = 0
    while start < len(block):
        end = block.find(b"\n", start + step - 1) + 1 or len(block)
        piece = block[start:end]
        yield piece, piece.count(b"\n")
        start = end


def read_jsonl_columns(
    path: str, names: Sequence[str], *, texts: Sequence[str] = ()
) -> Iterator[ColumnBlock | tuple[int, Any] | RecordError]:
    """``(line number, value)`` per non-blank line, as
    :func:`~guidelint.readers.jsonl.read_jsonl_values` reads them, with runs of lines
    that are JSON objects as :class:`ColumnBlock` of the fields ``names``; ``texts``:
    fields expected to be text in every line (see :attr:`ColumnBlock.typed`)."""
    decoder = _BlockDecoder(names, texts)
    number = 0  # lines read so far

    def pieces(block: bytes, lines: int) -> Iterator[ColumnBlock | tuple[int, Any] | RecordError]:
        nonlocal number
        found = decoder.block(block, lines, number + 1)
        if found is not None:
            yield found
            number += lines
            return
        split = list(_split(block, lines)) if lines > SMALLEST else []
        if len(split) > 1:
            for piece, count in split:
                yield from pieces(piece, count)
        else:
            for raw_line in block.split(b"\n")[:-1]:
                number += 1
                entry = line_value(raw_line + b"\n", number, encoding)
                if entry is not None:
                    yield entry

    with open_utf8(path) as (stream, encoding):
        if encoding.is_binary:
            yield RecordError(binary_message(encoding), line=1, hint=BINARY_HINT)
            return
        read = getattr(stream, "read1", stream.read)
        rest = b""
        first = True
        while True:
            try:
                data = read(CHUNK)
            except STREAM_ERRORS as exc:
                cut = rest.rfind(b"\n") + 1
                yield from pieces(rest[:cut], rest.count(b"\n", 0, cut))
                yield RecordError(damage_message(exc), line=number + 1)
                return
            if first and data:
                data, first = rest + data, False
                if len(data) < len(_BOM) and _BOM.startswith(data):
                    rest = data  # (the start of a byte order mark: read on)
                    first = True
                    continue
                if data.startswith(_BOM):
                    data = data[len(_BOM) :]
                rest = b""
            if not data:
                if rest:  # the last line, without a line end
                    number += 1
                    entry = line_value(rest, number, encoding)
                    if entry is not None:
                        yield entry
                return
            data = rest + data
            cut = data.rfind(b"\n") + 1
            if cut:
                yield from pieces(data[:cut], data.count(b"\n", 0, cut))
            rest = data[cut:]
