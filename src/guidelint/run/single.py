"""One response checked on its own (``guidelint check --stdin-text``)."""

from __future__ import annotations

from typing import IO, Any

from guidelint.errors import RecordError, UsageError
from guidelint.fields import FieldMapping
from guidelint.model import Record
from guidelint.run.options import SingleText

_BOM = b"\xef\xbb\xbf"
#: Where a single text's violations are reported.
STDIN_PATH = "<stdin>"


def decode_text(data: bytes | str | IO[bytes]) -> str | RecordError:
    """The text of a :class:`SingleText`, as ``sys.stdin.read()`` would give it (line
    ends as ``\\n``), or a RecordError where it is not UTF-8.

    A UTF-8 byte order mark is dropped, as in dataset files.
    """
    if isinstance(data, str):
        return data.replace("\r\n", "\n").replace("\r", "\n")
    if not isinstance(data, bytes):
        data = data.read()
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        before = data[line_start : exc.start].decode("utf-8", "replace")
        return RecordError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at byte {exc.start + 1} of the input)",
            line=data.count(b"\n", 0, exc.start) + 1,
            column=len(before) + 1,
            hint="re-encode the text as UTF-8",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def single_record(single: SingleText, fields: FieldMapping) -> Record | RecordError:
    """The record of a single text: the response, its instruction, its field values.

    A text that cannot be decoded is given back as a RecordError (an
    ``invalid-record``) once the field values are known to be usable.
    """
    from guidelint.readers.base import RawRecord, ReadStats
    from guidelint.readers.detect import PLAIN

    data: dict[str, Any] = {}
    for key, value in single.fields:
        _set_path(data, key, value)
    if single.instruction is not None:
        _set_path(data, fields.instruction, single.instruction)
    text = decode_text(single.data)
    if isinstance(text, RecordError):
        return text
    _set_path(data, fields.response, text.rstrip("\r\n"))
    raw = RawRecord(path=STDIN_PATH, line=1, index=0, data=data)
    for item in PLAIN.to_records(raw, fields, ReadStats()):
        if isinstance(item, Record):
            return item
        raise UsageError(f"cannot build a record: {item.message}")
    raise UsageError("cannot build a record from standard input")


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        child = data.setdefault(part, {})
        if not isinstance(child, dict):
            raise UsageError(f"--field {path}: '{part}' is already a value, not an object")
        data = child
    data[parts[-1]] = value
