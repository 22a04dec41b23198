"""Helpers for the reader tests: read a file and split records from errors."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidelint.errors import RecordError
from guidelint.model import READ_ERRORS, Record, Text
from guidelint.readers import ReadStats, read_records

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Read:
    records: list[Record]
    errors: list[RecordError]
    stats: ReadStats
    items: list[Record | RecordError] = field(default_factory=list)

    def texts(self, number: int = 0) -> list[tuple[str, str, str]]:
        """``(role, field, text)`` of every text of one record."""
        return [(t.role, t.field, t.text) for t in self.records[number].texts]

    def responses(self) -> list[Text]:
        return [t for r in self.records for t in r.responses()]

    @property
    def problems(self) -> list[Problem]:
        """What the records were read without (``Record.meta[READ_ERRORS]``), in order."""
        return [Problem(*entry) for r in self.records for entry in r.meta.get(READ_ERRORS, ())]


@dataclass(frozen=True)
class Problem:
    """A problem a record was read with: its ``invalid-record`` violation to be."""

    message: str
    line: int
    column: int
    field: str


def read(path: str | Path, **options: Any) -> Read:
    stats = ReadStats()
    items = list(read_records(str(path), stats=stats, **options))
    records = [i for i in items if isinstance(i, Record)]
    errors = [i for i in items if isinstance(i, RecordError)]
    return Read(records, errors, stats, items)


def write(directory: Path, name: str, content: str | bytes) -> Path:
    """Write ``content`` to ``directory/name`` (gzip-compressed when name ends in .gz)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if name.endswith(".gz"):
        data = gzip.compress(data)
    path = directory / name
    path.write_bytes(data)
    return path
