"""JSON Lines / NDJSON: one JSON value per line, read line by line in constant memory.

Blank lines are skipped, a UTF-8 byte order mark on the first line and CRLF line ends
are accepted. A line that is not valid JSON or not valid UTF-8 is a ``RecordError``
for that line; the lines after it are still read. A gzip file cut off part-way ends
with one ``RecordError`` on the line after the last complete one.

Lines are decoded with ``msgspec`` (straight from the bytes, UTF-8 validated on the
way: 3.1 µs for a 1.8 KB AlpacaEval line where ``bytes.decode`` and ``json`` take 5.9)
when it is installed. It gives the same values as ``json`` for every valid line
(integers of any size, the same floats, the last of duplicate keys) and rejects what
``json`` accepts beyond the standard (``NaN``, ``Infinity``, numbers past the float
range, lone surrogate escapes such as ``"\\ud800"``): any line it rejects goes
through ``json``, which decodes those the same as before and words every error, with
its line and column, exactly as before. Without ``msgspec``, ``json`` reads every line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

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

_BOM = b"\xef\xbb\xbf"
#: What ``json.loads(text)`` calls, without its per-call checks (type, byte order mark).
_decode_json = json.JSONDecoder().decode
_fast_decode: Callable[[bytes], Any] | None
try:  # the faster decoder for valid lines; json for the rest (see the module docs)
    import msgspec
except ImportError:  # pragma: no cover - msgspec is a dependency; json alone still works
    _fast_decode = None
else:
    _fast_decode = msgspec.json.Decoder().decode


def value_error_message(exc: BaseException) -> tuple[str, str | None]:
    """What a JSON value the decoder refused is, and what to do (a number of more
    digits than Python converts, a value nested too deeply), without Python's advice
    to call a Python function."""
    if isinstance(exc, RecursionError):
        return (
            "cannot decode JSON: the value is nested too deeply to read",
            "flatten the nesting, or store the deep part as a string",
        )
    text = str(exc)
    if "integer string conversion" in text:
        limit = sys.get_int_max_str_digits()
        return (
            f"cannot decode JSON: a number has more than {limit:,} digits",
            "store such a value as a quoted string",
        )
    return f"cannot decode JSON: {text}", None


def json_error_message(text: str, exc: json.JSONDecodeError) -> str:
    """What is wrong, without the decoder's dangling "at" (its position is the error's)."""
    message = exc.msg
    if message == "Invalid control character at" and exc.pos < len(text):
        char = text[exc.pos]
        return (
            f"not valid JSON: a raw control character (U+{ord(char):04X}) in a string; "
            f"write it as \\u{ord(char):04x}" + (" or \\n" if char == "\n" else "")
        )
    if message.endswith(" at"):  # ("Unterminated string starting at": where the error is)
        message = message[: -len(" at")] + " here"
    return f"not valid JSON: {message}"


#: The lines git writes around the two sides of a conflict it could not merge.
CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")
CONFLICT_HINT = (
    "resolve the merge conflict: keep the side you want (or both records), and remove the "
    "marker lines"
)


def conflict_marker(line: str) -> str | None:
    """The git merge-conflict marker ``line`` starts with (``<<<<<<<``, ...), if any."""
    if line[:7] in CONFLICT_MARKERS and line[7:8] in ("", " ", "\n", "\r"):
        return line[:7]
    return None


def conflict_error(marker: str, line: int) -> RecordError:
    return RecordError(
        f"merge-conflict marker '{marker}' (an unresolved git merge)",
        line=line,
        column=1,
        hint=CONFLICT_HINT,
    )


def decode_json_line(raw_line: bytes, number: int, encoding: Encoding = UTF8) -> Any | RecordError:
    """The JSON value on one line, or a RecordError saying what is wrong with it;
    ``encoding`` is the one the file was in (the line is UTF-8 by now)."""
    if _fast_decode is not None:
        try:
            return _fast_decode(raw_line)
        except Exception:  # any line msgspec rejects: json decides, and words the error
            pass
    try:
        line = raw_line.decode("utf-8")
    except UnicodeDecodeError as exc:
        what = (
            f"invalid UTF-8 (byte 0x{raw_line[exc.start]:02x} at byte {exc.start + 1})"
            if encoding.codec == "utf-8"
            else invalid_text(encoding)
        )
        return RecordError(
            what,
            line=number,
            column=len(raw_line[: exc.start].decode("utf-8", "replace")) + 1,
            hint="re-encode the file as UTF-8",
        )
    if not line.startswith("\ufeff"):  # (json.loads has its own error for that)
        # Fast path: the line end is JSON whitespace, so a valid line decodes to the same
        # value without cutting it off (a copy of the whole line); errors are made below.
        try:
            return _decode_json(line)
        except (ValueError, RecursionError):
            pass
    text = line.rstrip("\r\n")  # so an error at the end has its real column
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        marker = conflict_marker(text)
        if marker is not None:
            return conflict_error(marker, number)
        return RecordError(
            json_error_message(text, exc),
            line=number,
            column=exc.colno,
            hint="each line of a JSONL file must be one complete JSON value",
        )
    except (ValueError, RecursionError) as exc:  # too deeply nested, or a huge number
        message, hint = value_error_message(exc)
        return RecordError(message, line=number, column=1, hint=hint)


#: The scanner under ``json.loads``: ``(value, end)`` of the JSON value at a position.
_scan_json = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _lines(path: str) -> Iterator[tuple[int, bytes, Encoding] | RecordError]:
    """``(line number, line, encoding)`` per line of ``path`` (a UTF-8 byte-order mark
    taken off the first); a binary file, or a stream that breaks, is one RecordError."""
    number = 0
    with open_utf8(path) as (stream, encoding):
        if encoding.is_binary:
            yield RecordError(binary_message(encoding), line=1, hint=BINARY_HINT)
            return
        lines = iter(stream)
        while True:
            try:
                raw_line = next(lines)
            except StopIteration:
                return
            except STREAM_ERRORS as exc:
                yield RecordError(damage_message(exc), line=number + 1)
                return
            number += 1
            if number == 1 and raw_line.startswith(_BOM):
                raw_line = raw_line[len(_BOM) :]
            yield number, raw_line, encoding


def line_value(
    raw_line: bytes, number: int, encoding: Encoding = UTF8
) -> tuple[int, Any] | RecordError | None:
    """``(number, value)`` of one line as :func:`read_jsonl_values` reads it, its
    RecordError, or None for a blank line."""
    try:
        # Fast path: a line that is one JSON value, then its line end.
        line = raw_line.decode("utf-8")
        value, end = _scan_json(line, 0)
        if end == len(line) - 1 and line[end] == "\n":
            return number, value
    except (StopIteration, ValueError, RecursionError):
        pass
    if not raw_line or raw_line.isspace():
        return None
    decoded = decode_json_line(raw_line, number, encoding)
    return decoded if isinstance(decoded, RecordError) else (number, decoded)


def read_jsonl_values(path: str) -> Iterator[tuple[int, Any] | RecordError]:
    """``(line number, value)`` per non-blank line, as :func:`read_jsonl` reads them (the
    same values and errors), without a :class:`RawRecord` each: for readers of millions
    of small rows (agreement's long format; see also :mod:`guidelint.readers.jsonl_columns`)."""
    for item in _lines(path):
        if isinstance(item, RecordError):
            yield item
            return
        number, raw_line, encoding = item
        entry = line_value(raw_line, number, encoding)
        if entry is not None:
            yield entry


def read_jsonl(path: str) -> Iterator[RawRecord | RecordError]:
    """Yield one raw record per non-blank line; a bad line is a RecordError, not the end."""
    index = 0
    for item in _lines(path):
        if isinstance(item, RecordError):
            yield item
            return
        number, raw_line, encoding = item
        if not raw_line or raw_line.isspace():  # blank (strip() would copy the line)
            continue
        value = decode_json_line(raw_line, number, encoding)
        if isinstance(value, RecordError):
            if path == "-" and number == 1 and _looks_delimited(raw_line):
                value.hint = (
                    "standard input is read as JSON Lines; this looks like CSV or TSV: "
                    "pass --input-format csv (or tsv)"
                )
            yield value
            continue
        yield RawRecord(path=path, line=number, index=index, data=value)
        index += 1


def _looks_delimited(line: str | bytes) -> bool:
    """Whether a line that is not JSON looks like a row of a CSV or TSV file."""
    text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
    text = text.strip()
    return bool(text) and text[0] not in '{["' and ("," in text or "\t" in text)
