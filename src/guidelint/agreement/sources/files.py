"""Reading label files into a :class:`~guidelint.agreement.sources.collect.LabelCollector`.

Each file is read in one of three modes, decided from its first row:

* ``records`` — the rows are a dataset schema (Label Studio, Argilla, plain records
  with a response, ...): labels come from the records (``--label`` also reads a
  record's own field of that name), item and annotator from the record (``--item``
  and ``--annotator`` rename the id and annotator fields of plain records). Records
  with responses are checked against the guideline when a Linter is given.
* ``long`` — one row per (item, annotator) with the item, annotator and label
  columns named by ``--item``, ``--annotator``, ``--label`` (defaults: the
  guideline's ``agreement:`` keys, ``item`` and ``annotator``).
* ``wide`` (``--wide``) — one row per item, one column per annotator (``--annotators``,
  else every column except the item column).

This module does the I/O; the collector and the statistics stay pure.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from guidelint.agreement.report import Source
from guidelint.agreement.sources.collect import LabelCollector, as_number, is_missing
from guidelint.engine import Linter
from guidelint.errors import InputError, RecordError, UsageError
from guidelint.fields import FieldMapping, get_path, has_path, is_plain_key
from guidelint.labelstudio.urls import is_url
from guidelint.model import READ_ERRORS, UNREAD_LABELS, Record
from guidelint.paths import is_dir, is_file, path_problem
from guidelint.readers import FORMATS, format_of, read_raw, resolve_format
from guidelint.readers.base import RawRecord, ReadStats
from guidelint.readers.detect import (
    FLATTENED_EXPORT,
    guidelint_output,
    resolve,
    schema_named,
    schema_of,
)
from guidelint.readers.jsonl import read_jsonl_values
from guidelint.readers.jsonl_columns import read_jsonl_columns
from guidelint.wording import counted, note_forms

#: The note on rows a source could not read.
UNREADABLE = note_forms("rows or records could not be read", "row or record could not be read")
#: A record read without a part of it (a Label Studio result of an unknown type, an
#: annotation without a response, a rating written as text that reads as a number):
#: its labels count.
PARTLY_READ = note_forms(
    "records read with a problem (their labels count; guidelint check lists them)",
    "record read with a problem (its labels count; guidelint check lists it)",
)
#: A record read without the value of a label (``UNREAD_LABELS``: a rating that is no
#: number): that value is left out, counted under its label.
LABEL_UNREAD = note_forms(
    "records read with a problem that left a label's value out (counted under the label; "
    "guidelint check lists them)",
    "record read with a problem that left a label's value out (counted under the label; "
    "guidelint check lists it)",
)

__all__ = ["SourceOptions", "read_sources"]


@dataclass(frozen=True)
class SourceOptions:
    """Where labels are in the files (command-line flags over guideline settings)."""

    item: str = "item"
    annotator: str = "annotator"
    #: Whether ``item``/``annotator`` were given explicitly (forces long format).
    keys_given: bool = False
    labels: tuple[str, ...] | None = None
    wide: bool = False
    columns: tuple[str, ...] | None = None
    fields: FieldMapping = field(default_factory=FieldMapping)
    schema: str | None = None
    input_format: str | None = None
    #: A CSV or TSV file's delimiter (None: a CSV header decides it).
    delimiter: str | None = None


@dataclass
class _Reading:
    collector: LabelCollector
    #: The Linter, or what makes it when the first record with responses comes.
    linter: Linter | Callable[[], Linter] | None
    stats: ReadStats
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    partly_read: int = 0
    #: Records read without a label's value (a part of ``partly_read`` apart).
    label_unread: int = 0
    #: Per file: how many rows could not be read, and the first of them.
    file_errors: dict[str, tuple[int, RecordError]] = field(default_factory=dict)

    def error(self, path: str, exc: RecordError) -> None:
        self.error_count += 1
        if len(self.errors) < 3:
            self.errors.append(f"{path}:{exc.line}: {exc.message}")
        count, first = self.file_errors.get(path, (0, exc))
        self.file_errors[path] = (count + 1, first)

    def check_finite(self, path: str, line: int) -> None:
        """A UsageError at ``path:line`` when the row just added held an infinite number."""
        found = self.collector.first_not_finite
        if found is None:
            return
        name, item, annotator, value = found
        raise UsageError(
            f"label '{name}' of item '{item}' by '{annotator}' is {value!r}, not a finite number",
            location=f"{path}:{line}",
            hint=f"fix the value, or leave such values out with --missing {value}",
        )

    def check_read(self, path: str, rows: int, options: SourceOptions) -> None:
        """An InputError when no row of ``path`` could be read but some were there."""
        if rows or path not in self.file_errors:
            return
        count, first = self.file_errors[path]
        if first.message == FLATTENED_EXPORT:  # (the whole file was refused, and why)
            raise InputError(first.message, location=f"{path}:{first.line}", hint=first.hint)
        if options.input_format:
            how = f"it was read as {options.input_format} because of --input-format"
        else:
            how = (
                f"it was read as {format_of(path)}, from its name; if it is another format, "
                f"name it with --input-format ({', '.join(FORMATS)})"
            )
        raise InputError(
            f"none of its {count} row(s) could be read: {first.message}",
            location=f"{path}:{first.line}",
            hint=how,
        )


def _rows(path: str, options: SourceOptions) -> Iterator[RawRecord | RecordError]:
    if is_url(path):  # a live Label Studio project: its export, fetched now
        from guidelint.labelstudio.live import project_rows

        return iter(project_rows(path))
    if path != "-" and not is_file(path):
        problem = path_problem(path)
        if problem is not None:
            raise InputError(f"cannot open: {problem[0]}", location=path, hint=problem[1])
        what = "is a directory" if is_dir(path) else "no such file"
        raise InputError(what, location=path)
    name = resolve_format(path, options.input_format)
    return read_raw(path, name, options.delimiter)


def _first(rows: Iterator[RawRecord | RecordError]) -> tuple[RawRecord | None, list[Any]]:
    """The first decoded row, and every item read up to it (to put back)."""
    seen: list[Any] = []
    for item in rows:
        seen.append(item)
        if isinstance(item, RawRecord):
            return item, seen
    return None, seen


def _check_wide(first: RawRecord | None, options: SourceOptions) -> None:
    """A UsageError when ``--wide`` is given for a file of records (a Label Studio
    export), whose fields are no annotators."""
    data = first.data if first is not None else None
    if first is None or not isinstance(data, Mapping):
        return
    schema = schema_of(data, options.fields)
    nested = [str(k) for k, v in data.items() if isinstance(v, Mapping)]
    if schema is None and not nested:
        return
    what = (
        f"records of the {getattr(schema, 'name', 'dataset')} schema"
        if schema is not None
        else f"rows with nested fields ({', '.join(repr(k) for k in nested[:5])})"
    )
    raise UsageError(
        f"--wide is for a table of items × annotators (one row per item, one column per "
        f"annotator), but {first.path} holds {what}",
        hint="leave out --wide: records give their own item, annotator and labels",
    )


def _mode(first: RawRecord | None, options: SourceOptions) -> str:
    if options.wide:
        _check_wide(first, options)
        return "wide"
    data = first.data if first is not None else None
    if not isinstance(data, Mapping):
        return "records"
    if schema_of(data, options.fields) is not None:
        return "records"
    if options.keys_given or (options.item in data and options.annotator in data):
        return "long"
    own = guidelint_output(data)
    if own is not None:
        raise UsageError(
            f"{first.path if first else 'the file'}: this file is a guidelint {own}, not labels",
            hint="leave it out: write reports outside the folders of label files, or name "
            "the label files themselves",
        )
    keys = ", ".join(f"'{k}'" for k in list(data)[:10])
    raise UsageError(
        f"cannot tell where the labels are in {first.path if first else 'the file'}: its rows "
        f"are no known dataset schema and have no '{options.item}' and '{options.annotator}' "
        f"columns (they have {keys})",
        hint="one row per rating: --item KEY --annotator KEY --label KEY; "
        "one column per annotator: --wide --item KEY [--annotators COL1,COL2]",
    )


def _label_keys(data: Mapping[str, Any], options: SourceOptions) -> tuple[tuple[str, ...], str]:
    """The label columns of a long-format file, and a note when they were guessed."""
    if options.labels:
        return options.labels, ""
    others = [k for k in data if k not in (options.item, options.annotator)]
    numeric = [k for k in others if as_number(data[k]) is not None]  # (a CSV cell too)
    if len(others) == 1:
        return (others[0],), ""
    if len(numeric) == 1:
        return (
            numeric[0],
        ), f"label column: '{numeric[0]}' (the only numeric column; name others with --label)"
    raise UsageError(
        "name the label column(s) with --label (or the guideline's agreement.label)",
        hint="the columns besides item and annotator are "
        + ", ".join(f"'{k}'" for k in others[:12]),
    )


def _item_column(first: RawRecord | None, options: SourceOptions) -> bool:
    """Whether plain records name their item in the item column (``item``, or the
    guideline's ``agreement.item``): several rows of one item, each with its annotator,
    and perhaps an own id per row. Without it their item is their own id, or a hash of
    their instruction, which would make two items answering one prompt one."""
    if options.keys_given or first is None or not isinstance(first.data, Mapping):
        return False
    schema = schema_of(first.data, options.fields)
    return (
        schema is not None
        and schema.name not in _OWN_ITEM_SCHEMAS
        and options.item in first.data
        and options.item not in options.fields.id
    )


#: Schemas whose rows name their item themselves (a task, a record of a dataset).
_OWN_ITEM_SCHEMAS = frozenset({"labelstudio", "argilla"})


def _records(
    path: str,
    rows: Iterator[Any],
    options: SourceOptions,
    reading: _Reading,
    first: RawRecord | None = None,
) -> int:
    fields = options.fields
    if options.keys_given:
        fields = fields.model_copy(
            update={"id": (options.item,), "annotator": (options.annotator,)}
        )
    elif _item_column(first, options):
        fields = fields.model_copy(update={"id": (options.item, *fields.id)})
    schema = schema_named(options.schema) if options.schema else None
    count = 0
    for item in resolve(rows, fields, schema, reading.stats):
        if isinstance(item, RecordError):
            reading.error(path, item)
            continue
        count += 1
        _add_record(item, reading)
        reading.check_finite(path, item.line)
    return count


def _add_record(record: Record, reading: _Reading) -> None:
    linter = reading.linter
    found = []
    read_errors = bool(record.meta.get(READ_ERRORS))
    if record.meta.get(UNREAD_LABELS):
        reading.label_unread += 1
    elif read_errors:
        reading.partly_read += 1
    if linter is not None and (record.responses() or read_errors):
        if not isinstance(linter, Linter):
            linter = reading.linter = linter()
        found = linter.check_record(record)
    reading.collector.add_record(record, found)


def _long(
    path: str, rows: Iterator[Any], first: RawRecord, options: SourceOptions, reading: _Reading
) -> tuple[int, str]:
    absent = [
        k for k in dict.fromkeys((options.item, options.annotator)) if not has_path(first.data, k)
    ]
    if absent:
        raise UsageError(
            f"{path}: no column {', '.join(repr(k) for k in absent)}",
            hint="its columns are "
            + ", ".join(f"'{k}'" for k in list(first.data)[:12])
            + "; name the item and annotator columns with --item and --annotator",
        )
    keys, note = _label_keys(first.data, options)
    count = 0
    unseen = set(keys)
    for row in rows:
        if isinstance(row, RecordError):
            reading.error(path, row)
        elif isinstance(row.data, Mapping):
            count += 1
            if unseen:
                unseen -= {key for key in unseen if has_path(row.data, key)}
            reading.collector.add_long_row(
                row.data, item_key=options.item, annotator_key=options.annotator, label_keys=keys
            )
            reading.check_finite(path, row.line)
        else:
            reading.error(path, row.error("row is not an object with named columns"))
    _check_seen(path, first, unseen, count)
    return count, note


def _check_seen(path: str, first: RawRecord, unseen: set[str], count: int) -> None:
    if unseen and count:
        columns = ", ".join(f"'{k}'" for k in list(first.data)[:12])
        raise UsageError(
            f"{path}: no column {', '.join(repr(k) for k in sorted(unseen))} in any row",
            hint=f"its columns are {columns}; name the label column with --label",
        )


def _rereadable_jsonl(path: str, options: SourceOptions) -> bool:
    """Whether ``path`` is a JSON Lines file that can be read again from its start."""
    if path == "-" or is_url(path):
        return False
    return resolve_format(path, options.input_format) == "jsonl"


def _long_plain(
    path: str, first: RawRecord, options: SourceOptions, reading: _Reading
) -> tuple[int, str] | None:
    """:func:`_long` for a JSON Lines file whose item, annotator and label columns are
    plain keys: the file is read again as ``(line, value)`` pairs, each row's values
    go straight into the collector's columns. None when that does not apply."""
    keys, note = _label_keys(first.data, options)
    named = (options.item, options.annotator, *keys)
    if not all(is_plain_key(k) for k in named) or not has_path(first.data, options.item):
        return None
    if not has_path(first.data, options.annotator):
        return None
    unseen = set(keys)

    def other(entry: Any) -> None:
        if isinstance(entry, RecordError):
            reading.error(path, entry)
        elif entry[1].__class__ is not dict:
            error = RecordError("row is not an object with named columns", line=entry[0])
            reading.error(path, error)
        else:  # an infinite number
            reading.check_finite(path, entry[0])

    collector = reading.collector
    rows = (
        read_jsonl_columns(path, named, texts=(options.item, options.annotator))
        if collector.takes_columns(keys)
        else read_jsonl_values(path)
    )
    count = collector.add_plain_rows(rows, options.item, options.annotator, keys, unseen, other)
    _check_seen(path, first, unseen, count)
    return count, note


def _wide(
    path: str, rows: Iterator[Any], first: RawRecord, options: SourceOptions, reading: _Reading
) -> tuple[int, str]:
    data = first.data if isinstance(first.data, Mapping) else {}
    has_item = options.item in data
    columns = options.columns or tuple(k for k in data if k != options.item)
    missing = [c for c in columns if c not in data]
    if missing:
        raise UsageError(
            f"{path}: no column {', '.join(repr(c) for c in missing)}",
            hint="its columns are " + ", ".join(f"'{k}'" for k in list(data)[:12]),
        )
    label = options.labels[0] if options.labels else "label"
    count = 0
    for row in rows:
        if isinstance(row, RecordError):
            reading.error(path, row)
            continue
        if not isinstance(row.data, Mapping):
            reading.error(path, row.error("row is not an object with named columns"))
            continue
        count += 1
        item = get_path(row.data, options.item) if has_item else f"row {row.line}"
        if is_missing(item):
            item = f"row {row.line}"
        reading.collector.add_wide_row(row.data, item=item, columns=columns, label=label)
        reading.check_finite(path, row.line)
    note = "" if has_item else f"{path}: no '{options.item}' column: items are named by their row"
    return count, note


def _conflict_note(conflicts: Mapping[str, list[str]]) -> str:
    ids = list(conflicts)
    shown = ", ".join(ids[:8]) + (" …" if len(ids) > 8 else "")
    example = " and ".join(f"'{name}'" for name in conflicts[ids[0]][:2])
    return (
        f"{len(ids)} item id(s) name different instructions ({shown}), e.g. task 1 of two "
        f"exports: kept apart as different items ({example}, …)"
    )


def read_sources(
    paths: Sequence[str],
    options: SourceOptions,
    collector: LabelCollector,
    *,
    linter: Linter | Callable[[], Linter] | None = None,
    stats: ReadStats | None = None,
) -> tuple[list[Source], list[str]]:
    """Read every file into ``collector``; returns the sources and notes about reading.

    ``linter`` checks records with responses: a Linter, or a function that makes one,
    called at the first such record (long and wide files have none).
    Raises InputError for files that cannot be opened or of which no row could be
    read, and UsageError when a file's layout cannot be told or a named column does
    not exist.
    """
    reading = _Reading(collector, linter, stats if stats is not None else ReadStats())
    sources: list[Source] = []
    notes: list[str] = []
    for path in paths:
        rows = _rows(path, options)
        try:
            first, seen = _first(rows)
        except OSError as exc:
            raise InputError(f"cannot read: {exc}", location=path) from None
        mode = _mode(first, options)
        everything: Iterator[Any] = itertools.chain(seen, rows)
        note = ""
        if mode == "records":
            count = _records(path, everything, options, reading, first)
            if _item_column(first, options):
                note = f"item: the '{options.item}' column"
        elif first is None:
            count = 0
        elif mode == "long":
            plain = None
            if _rereadable_jsonl(path, options):
                getattr(rows, "close", lambda: None)()
                plain = _long_plain(path, first, options, reading)
                if plain is None:
                    everything = _rows(path, options)
            count, note = plain or _long(path, everything, first, options, reading)
        else:
            count, note = _wide(path, everything, first, options, reading)
        reading.check_read(path, count, options)
        sources.append(Source(path, mode, count))
        if note:
            notes.append(note)
    if reading.error_count:
        first_errors = "; ".join(reading.errors)
        notes.append(counted(reading.error_count, UNREADABLE) + f" (first: {first_errors})")
    if reading.partly_read:
        notes.append(counted(reading.partly_read, PARTLY_READ))
    if reading.label_unread:
        notes.append(counted(reading.label_unread, LABEL_UNREAD))
    notes.extend(reading.stats.summary())
    notes.extend(counted(count, what) for what, count in collector.notes.most_common())
    if collector.id_conflicts:
        notes.append(_conflict_note(collector.id_conflicts))
    if collector.skipped_annotators:
        skipped = ", ".join(sorted(collector.skipped_annotators))
        notes.append(f"annotators left out (--annotators): {skipped}")
    notes.extend(collector.lookalike_notes())
    if collector.email_note():
        notes.append(collector.email_note())
    return sources, notes
