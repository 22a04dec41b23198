"""JSON documents: an array of records, an object holding a list of records, or one object.

The document is read whole into memory (JSON cannot be streamed without a parser of
its own; use JSONL for multi-GB data). Each element is decoded on its own, so its
starting line is known, a cut-off document still yields every element before the
cut, and invalid UTF-8 spoils only the element that holds it. Each raw record gets a
``line_of`` (see :mod:`guidelint.readers.json_position`) for the lines of nested
fields, such as the annotations of a Label Studio task.

A ``.json`` file that holds several top-level values (JSON Lines by another name) is
read value by value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from guidelint.encoding import ERRORS
from guidelint.errors import RecordError
from guidelint.readers.base import ElementRecord, RawRecord
from guidelint.readers.encoding import (
    BINARY_HINT,
    binary_message,
    invalid_text,
    sniff,
)
from guidelint.readers.json_position import JsonPositions, skip_ws
from guidelint.readers.jsonl import (
    conflict_error,
    conflict_marker,
    json_error_message,
    value_error_message,
)
from guidelint.readers.source import read_all

_DECODER = json.JSONDecoder()
_BAD_BYTE = re.compile("[\udc80-\udcff]")
_STRUCTURE = re.compile(r'[][{}"]')
#: The rest of a string after its opening quote, whatever it holds, up to its closing quote.
_LENIENT_STRING = re.compile(r'(?:[^"\\]|\\.)*"', re.DOTALL)
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
#: Keys that usually hold the records when a JSON document is an object.
LIST_KEYS = ("data", "records", "items", "examples", "rows", "tasks", "samples")
#: Keys that make a top-level object one record rather than a holder of records
#: (a single ShareGPT conversation or chat is an object holding a list, too).
RECORD_KEYS = frozenset(
    {"messages", "conversations", "annotations", "chosen", "preferred_output", "fields"}
    | {"instruction", "prompt", "completion", "output", "response", "responses"}
)


def line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


class _Document:
    """The decoded text of one JSON file and what went wrong reading it."""

    def __init__(self, path: str, data: bytes, damage: str | None):
        self.encoding = sniff(data[:4096])
        if self.encoding.is_binary:
            data = b""
        elif self.encoding.codec == "utf-8":
            data = data[self.encoding.bom :]
        else:  # (text not valid in the encoding is the one bad "byte" 0xff)
            codec = self.encoding.codec or "utf-8"
            data = (
                data[self.encoding.bom :].decode(codec, ERRORS).encode("utf-8", "surrogateescape")
            )
        self.path = path
        self.text = data.decode("utf-8", "surrogateescape")
        self.has_bad_bytes = _BAD_BYTE.search(self.text) is not None
        self.damage = damage
        self.index = 0
        #: ``element`` (of an array) or ``value`` (top-level values), and the number of
        #: the value being read (1-based; None once a skip may have miscounted)
        self.kind = "element"
        self.number: int | None = 0
        #: where the value before ends (None: there is none, or it did not decode)
        self.prev_end: int | None = None

    def element(
        self, pos: int, end: int, line: int, value: Any, prev_end: int | None
    ) -> RawRecord | RecordError:
        """The element spanning ``text[pos:end]``, already decoded as ``value``;
        ``prev_end`` is where the value before it ends, if there is one."""
        if self.has_bad_bytes:
            bad = _BAD_BYTE.search(self.text, pos, end)
            if bad is not None:
                err_line, err_col = line_col(self.text, bad.start())
                byte = ord(bad.group()) - 0xDC00
                return RecordError(
                    invalid_text(self.encoding, byte),
                    line=err_line,
                    column=err_col,
                    hint="re-encode the file as UTF-8",
                )
        self.index += 1
        text = self.text
        return ElementRecord(
            path=self.path,
            line=line,
            index=self.index - 1,
            data=value,
            line_of=JsonPositions(text, pos, line).line_of,
            element=f"{self.kind} {self.number}" if self.number else "",
            shares_line=(prev_end is not None and text.find("\n", prev_end, pos) < 0)
            or _another_value_follows_on_the_line(text, end),
        )

    def decode_error(self, pos: int, message: str, after: int) -> RecordError:
        """An error at ``pos``; a damaged file is reported on the line after ``after``."""
        if self.damage is not None:
            return RecordError(self.damage, line=line_col(self.text, after)[0] + 1)
        err_line, err_col = line_col(self.text, pos)
        start = self.text.rfind("\n", 0, pos) + 1
        marker = conflict_marker(self.text[start : start + 8])
        if marker is not None and not self.text[start:pos].strip():
            # (a conflict inside a record, or around the whole document: named as such)
            return conflict_error(marker, err_line)
        return RecordError(
            message,
            line=err_line,
            column=err_col,
            hint="fix the JSON here; if the document is cut off, the records before this "
            "point were read",
        )


def _decode_at(
    doc: _Document, pos: int, line: int, after: int
) -> tuple[RawRecord | RecordError, int]:
    """Decode the value at ``pos``; the record (or error) and the position after it.

    ``after`` is where the last good value ended (a cut is reported on the next line).
    """
    if doc.number is not None:
        doc.number += 1
    prev_end, doc.prev_end = doc.prev_end, None
    try:
        value, end = _DECODER.raw_decode(doc.text, pos)
    except json.JSONDecodeError as exc:
        error = doc.decode_error(exc.pos, json_error_message(doc.text, exc), after)
        if doc.damage is not None:
            return error, -1
        # a value whose brackets match (a control character in a string, a missing
        # comma) is skipped to its end: reading goes on with the next value
        skip_to = value_end(doc.text, pos, lenient=True)
        if skip_to is None or skip_to <= exc.pos:
            return error, -1
        if not error.message.startswith("merge-conflict marker"):
            error.hint = "fix the JSON here; the values after this one were read"
        doc.prev_end = skip_to
        return error, skip_to
    except (ValueError, RecursionError) as exc:  # too deeply nested, or a huge number
        err_line, err_col = line_col(doc.text, pos)
        skip_to = value_end(doc.text, pos)
        message, what = value_error_message(exc)
        hint = (
            what
            if skip_to is None
            else f"{what or 'fix or remove it'}; the values after it were read"
        )
        error = RecordError(message, line=err_line, column=err_col, hint=hint)
        doc.prev_end = skip_to
        return error, -2 if skip_to is None else skip_to
    doc.prev_end = end
    return doc.element(pos, end, line, value, prev_end), end


def _another_value_follows_on_the_line(text: str, end: int) -> bool:
    """Whether another value starts on the line where the value ending at ``end`` ends."""
    size = len(text)
    pos = end
    while pos < size and text[pos] in " \t\r":
        pos += 1
    if text.startswith(",", pos):
        pos += 1
        while pos < size and text[pos] in " \t\r":
            pos += 1
    return pos < size and text[pos] not in "\n]}"


def value_end(text: str, pos: int, *, lenient: bool = False) -> int | None:
    """Where the value at ``pos`` ends, found without decoding it; None when it does not.

    For a value the decoder gives up on although it may be well-formed: a number too
    long to convert, or arrays and objects nested deeper than the decoder recurses
    (brackets are matched with a list, not by recursion; strings are skipped).
    """
    number = _NUMBER.match(text, pos)
    if number is not None:
        return number.end()
    if not text.startswith(("[", "{"), pos):
        return None
    closers: list[str] = []
    while True:
        found = _STRUCTURE.search(text, pos)
        if found is None:
            return None
        char = found.group()
        pos = found.end()
        if char == '"':
            if lenient:  # (control characters and bad escapes are part of the string)
                string = _LENIENT_STRING.match(text, pos)
                if string is None:
                    return None
                pos = string.end()
                continue
            try:
                pos = scanstring(text, pos)[1]
            except ValueError:
                return None
        elif char in "[{":
            closers.append("]" if char == "[" else "}")
        elif not closers or closers.pop() != char:
            return None
        elif not closers:
            return pos


def _iter_array(doc: _Document, start: int) -> Iterator[RawRecord | RecordError]:
    """Elements of the array whose ``[`` is at ``start``, each with its start line.

    After an element that is not valid JSON, reading goes on at the next element of a
    pretty-printed array (see :func:`_resync`); in a one-line array it stops there. An
    element the decoder gives up on (nested too deeply, a number too long) is skipped
    to its end (see :func:`value_end`) in any array.
    """
    text = doc.text
    pos = skip_ws(text, start + 1)
    line, line_pos = line_col(text, pos)[0], pos
    if text.startswith("]", pos):
        return
    last_end = start
    while True:
        pos, markers = _past_conflict_markers(text, pos)
        if markers:
            yield from markers
            doc.number = None  # (both sides of the conflict are read)
            if text.startswith("]", pos):
                return
        line += text.count("\n", line_pos, pos)
        line_pos = pos
        raw, end = _decode_at(doc, pos, line, last_end)
        yield raw
        if end < 0:
            resumed = None if doc.damage is not None else _resync(text, pos)
            if resumed is None:
                return
            pos = resumed
            doc.number = None  # (the skip may have passed more than one element)
            continue
        last_end = end
        pos = skip_ws(text, end)
        if text.startswith(",", pos):
            pos = skip_ws(text, pos + 1)
            continue
        if _at_line_start(text, pos) and conflict_marker(text[pos : pos + 8]) is not None:
            continue  # (a side of a conflict ends without a comma: the marker separates)
        if text.startswith("]", pos):
            if doc.damage is not None:
                yield RecordError(doc.damage, line=line_col(text, pos)[0] + 1)
            return
        what = "the document ends" if pos >= len(text) else f"found {text[pos]!r}"
        yield doc.decode_error(pos, f"not valid JSON: expected ',' or ']', {what}", last_end)
        if doc.damage is not None or not text.startswith(("{", "["), pos):
            return


def _at_line_start(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] == "\n"


def _past_conflict_markers(text: str, pos: int) -> tuple[int, list[RecordError]]:
    """Past the git merge-conflict marker lines at ``pos`` (an error for each) and a
    comma after them: both sides of the conflict are read as elements."""
    errors: list[RecordError] = []
    while _at_line_start(text, pos):
        marker = conflict_marker(text[pos : pos + 8])
        if marker is None:
            break
        errors.append(conflict_error(marker, line_col(text, pos)[0]))
        end = text.find("\n", pos)
        pos = len(text) if end < 0 else skip_ws(text, end + 1)
        if errors and text.startswith(",", pos):
            pos = skip_ws(text, pos + 1)
    return pos, errors


def _resync(text: str, start: int) -> int | None:
    """Where the element after the bad one at ``start`` begins, in a pretty-printed array.

    The next element is taken to start on a later line with the same indentation and the
    same opening character; None when the bad element does not start its own line.
    """
    line_start = text.rfind("\n", 0, start) + 1
    indent = text[line_start:start]
    if indent.strip(" \t") or start >= len(text):
        return None
    found = text.find("\n" + indent + text[start], start + 1)
    return None if found < 0 else found + 1 + len(indent)


_LINE_VALUE = re.compile(r"\n[ \t]*[\[{]")


def _next_line_value(text: str, pos: int) -> int | None:
    """Where the next line that starts an object or array after ``pos`` starts it (the
    next value of a JSON Lines file named ``.json``, after one that did not decode)."""
    found = _LINE_VALUE.search(text, pos)
    return None if found is None else found.end() - 1


def _iter_values(doc: _Document, pos: int) -> Iterator[RawRecord | RecordError]:
    """Top-level values one after another (a JSON Lines file named ``.json``)."""
    text = doc.text
    doc.kind = "value"
    last_end = pos
    while pos < len(text):
        raw, end = _decode_at(doc, pos, line_col(text, pos)[0], last_end)
        yield raw
        if end < 0:
            resumed = None if doc.damage is not None else _next_line_value(text, pos)
            if resumed is None:
                return
            pos = resumed
            doc.number = None  # (the skip may have passed more than one value)
            continue
        last_end = end
        pos = skip_ws(text, end)
    if doc.damage is not None:
        yield RecordError(doc.damage, line=line_col(text, pos)[0] + 1)


def read_json(path: str) -> Iterator[RawRecord | RecordError]:
    """Records of a JSON array, an object holding a list, or top-level objects."""
    doc = _Document(path, *read_all(path))
    if doc.encoding.is_binary:
        yield RecordError(binary_message(doc.encoding), line=1, hint=BINARY_HINT)
        return
    text = doc.text
    pos = skip_ws(text, 0)
    if pos >= len(text):
        if doc.damage is not None:
            yield RecordError(doc.damage, line=1)
        return
    if text[pos] == "[":
        yield from _iter_array(doc, pos)
        return
    if text[pos] == "{":
        list_start = _records_list(text, pos)
        if list_start is not None:
            yield from _iter_array(doc, list_start)
            return
    yield from _iter_values(doc, pos)


def _records_list(text: str, obj_start: int) -> int | None:
    """Where the list of records starts when the object at ``obj_start`` holds one.

    A key from :data:`LIST_KEYS` holding a list wins, else the first key holding a
    non-empty list of objects; an object with a key from :data:`RECORD_KEYS` is a
    record itself. The object may be cut off after that list.
    """
    keys = JsonPositions(text, obj_start, 1).keys()
    if RECORD_KEYS.intersection(keys):
        return None
    for key in LIST_KEYS:
        pos = keys.get(key)
        if pos is not None and text.startswith("[", pos):
            return pos
    for pos in keys.values():
        if text.startswith("[", pos) and text.startswith("{", skip_ws(text, pos + 1)):
            return pos
    return None
