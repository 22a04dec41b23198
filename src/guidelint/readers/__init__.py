"""Readers: every file format and dataset schema, producing normalized records.

:func:`read_records` is the one entry point: it picks the format from the file name
(or ``input_format``), detects the schema per record (or uses the one asked for), and
yields :class:`~guidelint.model.Record` objects, or
:class:`~guidelint.errors.RecordError` objects for records that cannot be read (the
caller reports them and goes on). ``docs/formats.md`` is the user documentation.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from guidelint.errors import InputError, RecordError, UsageError
from guidelint.fields import FieldMapping
from guidelint.labelstudio.urls import is_url
from guidelint.model import Record
from guidelint.readers.arrow_folder import is_dataset_folder, read_arrow_folder
from guidelint.readers.base import FormatReader, RawRecord, ReadStats, Schema
from guidelint.readers.delimited import read_csv, read_delimited, read_tsv
from guidelint.readers.detect import DETECTION_ORDER, SCHEMAS, detect_schema, resolve, schema_named
from guidelint.readers.json_doc import read_json
from guidelint.readers.jsonl import read_jsonl
from guidelint.readers.parquet import read_parquet
from guidelint.readers.source import STDIN, check_readable

__all__ = [
    "DATASET_SUFFIXES",
    "DETECTION_ORDER",
    "FORMATS",
    "SCHEMAS",
    "SUFFIXES",
    "RawRecord",
    "ReadStats",
    "Schema",
    "detect_schema",
    "format_of",
    "read_raw",
    "read_records",
    "resolve_format",
]

#: file format name → reader
FORMATS: dict[str, FormatReader] = {
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "tsv": read_tsv,
    "parquet": read_parquet,
    #: a Hugging Face ``save_to_disk`` folder (a directory, not a file)
    "arrow": read_arrow_folder,
}
#: suffix → format name (a trailing .gz is looked through)
SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
}
#: dataset files a directory walk picks up (each also with ``.gz``)
DATASET_SUFFIXES = tuple(SUFFIXES) + tuple(f"{s}.gz" for s in SUFFIXES)
#: The format of a live Label Studio project's URL (not a file format: not in FORMATS).
LIVE_FORMAT = "labelstudio"
_FORMAT_ALIASES = {"ndjson": "jsonl", "tab": "tsv", "pq": "parquet"}


def format_of(path: str, default: str | None = None) -> str:
    """The format name for ``path`` (by suffix, ``.gz`` looked through); ``labelstudio``
    for the URL of a live Label Studio project."""
    if is_url(path):
        return LIVE_FORMAT
    if path == STDIN:
        return default or "jsonl"
    if is_dataset_folder(path):
        return "arrow"
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    fmt = SUFFIXES.get(suffixes[-1]) if suffixes else None
    if fmt is None:
        if default:
            return default
        known = ", ".join(sorted(SUFFIXES))
        raise InputError(
            "unknown dataset format",
            location=path,
            hint=f"use a file ending in {known} (optionally .gz), or pass --input-format",
        )
    return fmt


def resolve_format(path: str, input_format: str | None = None) -> str:
    """The format name a file is read as: ``input_format`` when given (aliases such as
    ``ndjson`` allowed), else what the file name says (standard input: JSONL).

    The one place a format is decided: ``check``, ``agreement`` and ``--fix`` all ask
    here. Raises UsageError for an unknown ``input_format`` and InputError for a name
    whose suffix tells nothing.
    """
    if input_format:
        return _format_named(input_format)
    return format_of(path)


def _format_named(name: str) -> str:
    key = name.strip().lower().lstrip(".")
    key = _FORMAT_ALIASES.get(key, key)
    if key not in FORMATS:
        raise UsageError(f"unknown input format {name!r}", hint=f"use one of {', '.join(FORMATS)}")
    return key


def read_raw(
    path: str, fmt: str, delimiter: str | None = None
) -> Iterator[RawRecord | RecordError]:
    """The raw rows of ``path`` read as format ``fmt`` (a key of :data:`FORMATS`);
    ``delimiter`` (CSV and TSV only) overrides the one the format implies or detects.
    Raises UsageError for a delimiter given for another format."""
    if delimiter is None:
        return FORMATS[fmt](path)
    if fmt not in ("csv", "tsv"):
        raise UsageError(
            f"--delimiter applies to CSV and TSV files; {path} is read as {fmt}",
            hint="leave out --delimiter, or name the format with --input-format csv",
        )
    return read_delimited(path, delimiter=delimiter)


def read_records(
    path: str,
    *,
    fields: FieldMapping | None = None,
    schema: str | None = None,
    input_format: str | None = None,
    stats: ReadStats | None = None,
    delimiter: str | None = None,
) -> Iterator[Record | RecordError]:
    """Every record in ``path`` (or ``RecordError`` for one that cannot be read).

    ``path`` may be the URL of a live Label Studio project (``http://host/projects/3``):
    its tasks are fetched through the API (see :mod:`guidelint.labelstudio.live`).
    ``input_format`` overrides the format the file name implies (standard input, ``-``,
    is JSONL unless told otherwise); ``delimiter`` names a CSV or TSV file's delimiter
    (else a CSV file's header line decides it). ``schema`` (else ``fields.schema``) names the
    schema; None or ``auto`` detects it. ``stats`` is filled with what reading saw.
    Raises InputError for a missing file, a directory or an unknown suffix, and
    UsageError for an unknown format or schema name, when called (not when iterated).
    """
    fields = fields or FieldMapping()
    stats = stats if stats is not None else ReadStats()
    if is_url(path):  # a live Label Studio project (guidelint.labelstudio.live)
        from guidelint.labelstudio.live import read_project

        return read_project(path, fields=fields, schema=schema or fields.schema_name, stats=stats)
    folder = path != STDIN and is_dataset_folder(path)  # (a directory, read as a dataset)
    if path != STDIN and not folder:
        check_readable(path)
    fmt = resolve_format(path, input_format)
    name = schema or fields.schema_name
    chosen = schema_named(name) if name else None
    return _numbered(resolve(read_raw(path, fmt, delimiter), fields, chosen, stats))


def _numbered(items: Iterator[Record | RecordError]) -> Iterator[Record | RecordError]:
    """Records numbered 0, 1, 2, ... in the order they are read."""
    index = 0
    for item in items:
        if isinstance(item, Record):
            item.index = index
            index += 1
        yield item
