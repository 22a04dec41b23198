"""The reader interface: a file format yields raw records, a schema turns them into records.

Two layers keep formats and schemas independent:

* a **format** reader (JSONL, JSON, CSV, …) opens a source and yields
  :class:`RawRecord` objects (the decoded value with its line) or
  :class:`~guidelint.errors.RecordError` objects for parts it cannot decode;
* a **schema** (plain, Alpaca, ShareGPT, OpenAI chat, …) turns one raw record into one
  or more :class:`~guidelint.model.Record` objects (a Label Studio task with two
  annotations gives two records), and ``RecordError`` objects for the parts it
  cannot read (it raises ``RecordError`` when nothing of the record is usable).

Which schema reads a record is decided in one place, :mod:`guidelint.readers.detect`.
Readers only read: they never print or exit, and one bad record never stops the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from guidelint.errors import RecordError
from guidelint.fields import FieldMapping
from guidelint.frozen import frozen
from guidelint.model import Record
from guidelint.wording import counted


@frozen
class RawRecord:
    """One decoded value from a file, before a schema interprets it.

    ``line`` is 1-based (JSONL line, start line of a JSON element, CSV row).
    ``line_of`` maps a field path inside the value (``annotations[1]``) to the line
    where it starts, when the format can tell (pretty-printed JSON); else None.
    """

    path: str
    line: int
    index: int
    data: Any
    line_of: Callable[[str], int | None] | None = None

    def line_at(self, field_path: str) -> int:
        """The line where ``field_path`` starts, or the record's own line."""
        if self.line_of is None or not field_path:
            return self.line
        found = self.line_of(field_path)
        return self.line if found is None else found

    def error(self, message: str, *, field: str = "", hint: str | None = None) -> RecordError:
        """A RecordError located at ``field`` of this record."""
        return RecordError(message, line=self.line_at(field), field=field, hint=hint)


@frozen
class ElementRecord(RawRecord):
    """A raw record that is one value of a JSON document.

    ``element`` says which (``element 3``: the third of the array, ``value 2``: the
    second top-level value), or is empty when that is not known. ``shares_line`` is
    true when another value of the document starts or ends on a line of this one
    (a minified export is one line), so its line alone does not tell which it is.
    """

    element: str = ""
    shares_line: bool = False


@dataclass(slots=True)
class ReadStats:
    """What reading saw besides the records: filled by :func:`~guidelint.readers.read_records`.

    ``notes`` counts human-readable facts a summary should mention ("cancelled
    annotations skipped"); ``schemas`` counts the records read per schema.
    """

    notes: Counter[str] = field(default_factory=Counter)
    schemas: Counter[str] = field(default_factory=Counter)
    #: The live Label Studio projects (their URLs) whose labelling config has a text
    #: area for the response: every annotation of theirs should have one.
    responses_expected: set[str] = field(default_factory=set)

    def note(self, what: str, count: int = 1) -> None:
        if count:
            self.notes[what] += count

    def summary(self) -> list[str]:
        """One line per note, most frequent first (``"3 cancelled annotations skipped"``)."""
        return [counted(count, what) for what, count in self.notes.most_common()]


class FormatReader(Protocol):
    """Reads one source (a path or ``-``) of one file format."""

    def __call__(self, path: str) -> Iterator[RawRecord | RecordError]: ...


class Schema(Protocol):
    """Interprets raw records of one dataset schema."""

    #: The name given to ``--schema`` and counted in :class:`ReadStats`.
    name: str
    #: What a record of this schema looks like, for error messages.
    shape: str

    def matches(self, data: Mapping[str, Any], fields: FieldMapping) -> bool:
        """Whether a raw value looks like this schema (used for detection)."""
        ...

    def to_records(
        self, raw: RawRecord, fields: FieldMapping, stats: ReadStats
    ) -> Iterator[Record | RecordError]:
        """The records in one raw value; raises RecordError when none can be read."""
        ...
