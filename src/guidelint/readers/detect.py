"""Which schema reads a record: detection, in one place.

Each record is matched against the schemas in :data:`DETECTION_ORDER` (the most
specific shapes first); the first that matches reads it. When the guideline's
``fields:`` (or the command line) name the instruction or response field, the plain
schema is tried first, so a mapping always wins over a guess.

A key whose value is null counts as absent: a Parquet file or a ``datasets`` table
built from records of several shapes holds every column in every row, null where a
record had no such key, and must be read as the same records in JSON Lines are.

A file has one schema: the first record that matches any schema sets it, and a later
record that does not match it is a ``RecordError`` at its line (the others are
read). A record that would match the file's schema were its null keys given (a TRL
pair with a null side) is read with it, so that its error names the null field. When
none of the first :data:`DETECT_WINDOW` records matches any schema, the schema such a
record would match is the file's; failing that, the file gets ONE ``RecordError`` at
its first record, listing the schemas tried and how to map fields, and reading stops
there. A schema named with ``--schema`` (or ``fields.schema``) skips detection: every
record is read with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeGuard

from guidelint.errors import RecordError, UsageError
from guidelint.fields import FieldMapping
from guidelint.model import Record
from guidelint.readers.alpaca import AlpacaSchema
from guidelint.readers.argilla import ArgillaSchema
from guidelint.readers.base import ElementRecord, RawRecord, ReadStats, Schema
from guidelint.readers.building import json_type, record_id
from guidelint.readers.labelstudio import LabelStudioSchema
from guidelint.readers.openai_chat import OpenAIChatSchema
from guidelint.readers.openai_preference import OpenAIPreferenceSchema
from guidelint.readers.plain import PlainSchema
from guidelint.readers.sharegpt import ShareGPTSchema
from guidelint.readers.trl import TRLSchema

PLAIN = PlainSchema()
#: Most specific first: a Label Studio task or an Argilla record may also hold a
#: ``prompt``, a TRL record an ``instruction``; plain matches anything with a response.
DETECTION_ORDER: tuple[Schema, ...] = (
    LabelStudioSchema(),
    ArgillaSchema(),
    OpenAIPreferenceSchema(),
    OpenAIChatSchema(),
    ShareGPTSchema(),
    TRLSchema(),
    AlpacaSchema(),
    PLAIN,
)
SCHEMAS: dict[str, Schema] = {schema.name: schema for schema in DETECTION_ORDER}
#: How many leading records may match no schema before the file is given up.
DETECT_WINDOW = 100
_PLAIN_KEYS = frozenset({"instruction", "response", "input"})


def _is_mapping(value: Any) -> TypeGuard[Mapping[Any, Any]]:
    """``isinstance(value, Mapping)``, without the slow ABC check for a plain dict."""
    return type(value) is dict or isinstance(value, Mapping)


def schema_named(name: str) -> Schema | None:
    """The schema called ``name`` (``auto`` → None: detect); UsageError if unknown."""
    key = name.strip().lower().replace("_", "-")
    if key == "auto":
        return None
    if key not in SCHEMAS:
        known = ", ".join(["auto", *SCHEMAS])
        raise UsageError(f"unknown schema {name!r}", hint=f"use one of {known}")
    return SCHEMAS[key]


def detect_schema(data: Any, fields: FieldMapping) -> Schema | None:
    """The schema of one raw value, or None when no schema matches it (a key whose
    value is null counts as absent)."""
    if not isinstance(data, Mapping):
        return None
    if _PLAIN_KEYS & fields.model_fields_set and PLAIN.matches(data, fields):
        return PLAIN
    return next((s for s in DETECTION_ORDER if s.matches(data, fields)), None)


def schema_of(data: Any, fields: FieldMapping) -> Schema | None:
    """The schema one raw value is a record of: the one it matches, else the one it
    would match were its null keys given (a record of that schema with a null field,
    which reading it reports), else None."""
    found = detect_schema(data, fields)
    return found if found is not None else detect_schema(_nulls_given(data), fields)


def _nulls_given(data: Any) -> Any:
    """``data`` with each null value of its objects given (as ""): what a schema that
    takes a null key for absent would match, were the record's null fields set."""
    if _is_mapping(data):
        return {key: "" if value is None else _nulls_given(value) for key, value in data.items()}
    return data


def _matches_given_nulls(schema: Schema, data: Any, fields: FieldMapping) -> bool:
    """Whether ``schema`` matches ``data`` (a mapping) with its null keys given."""
    return schema.matches(data, fields) or schema.matches(_nulls_given(data), fields)


def _keys(data: Any) -> str:
    if not isinstance(data, Mapping):
        return f"it is {json_type(data)}, not an object"
    names = [str(k) for k in list(data)[:8]]
    return "it has " + (", ".join(f"'{n}'" for n in names) if names else "no fields")


def _guess_fields(data: Any) -> tuple[str, str]:
    """Instruction and response field names to show in the example command."""
    texts = (
        {str(k): v for k, v in data.items() if isinstance(v, str)}
        if isinstance(data, Mapping)
        else {}
    )
    instruction = next(
        (k for k in ("instruction", "prompt", "question", "query") if k in texts), "prompt"
    )
    others = sorted((k for k in texts if k != instruction), key=lambda k: -len(texts[k]))
    return instruction, others[0] if others else "answer"


#: Keys of a violation in guidelint's own JSON and JSON Lines reports.
_VIOLATION_KEYS = frozenset({"path", "line", "column", "rule", "check", "severity", "message"})
#: Keys of a guidelint baseline, and of each of its entries.
_BASELINE_KEYS = frozenset({"version", "tool", "guideline", "entries"})
_ENTRY_KEYS = frozenset({"path", "record", "rule", "count"})


#: Keys of ``guidelint agreement``'s JSON report, and of each of its sources.
_AGREEMENT_KEYS = frozenset({"version", "guideline", "settings", "sources", "labels"})
_SOURCE_KEYS = frozenset({"path", "mode", "rows"})


def guidelint_output(data: Any) -> str | None:
    """``"report"``, ``"agreement report"`` or ``"baseline"`` when ``data`` is a piece of
    guidelint's own output."""
    if not isinstance(data, Mapping):
        return None
    if _VIOLATION_KEYS.issubset(data) or {"summary", "violations"}.issubset(data):
        return "report"
    if _AGREEMENT_KEYS.issubset(data) or set(data) == _SOURCE_KEYS:
        return "agreement report"  # (or an entry of its sources: its first list)
    if data.get("tool") == "guidelint" and _BASELINE_KEYS.issubset(data):
        return "baseline"
    if set(data) == _ENTRY_KEYS:  # (an entry: a baseline's list read as records)
        return "baseline"
    return None


def no_schema_error(raw: RawRecord) -> RecordError:
    """The one error of a file whose records match no known schema."""
    own = guidelint_output(raw.data)
    if own is not None:
        return RecordError(
            f"this file is a guidelint {own}, not a dataset",
            line=raw.line,
            hint="leave it out of the check: write reports and baselines outside the "
            "dataset folders, or exclude them, e.g. with a pre-commit hook's `exclude:`",
        )
    instruction, response = _guess_fields(raw.data)
    tried = ", ".join(s.name for s in DETECTION_ORDER)
    return RecordError(
        f"no known dataset schema matches the records ({_keys(raw.data)})",
        line=raw.line,
        hint=f"if it is a dataset, map its fields, e.g. guidelint check {raw.path} --schema "
        f"plain --instruction-field {instruction} --response-field {response} (schemas "
        f"tried: {tried}; their shapes are in docs/formats.md); if it is not (a package.json, "
        "a settings file), leave it out: --exclude, or a pre-commit hook's `exclude:`",
    )


#: Keys of every row of a Label Studio export flattened to one row per annotation
#: (Export → JSON-MIN, CSV, TSV).
_FLAT_EXPORT_KEYS = frozenset({"id", "annotation_id", "annotator"})


#: How a control's value starts in such a row, written as JSON text in a CSV cell.
_FLAT_VALUE_STARTS = ('[{"rating"', '[{"number"', '{"text"', '{"choices"', '{"taxonomy"')


def flattened_export(data: Any) -> bool:
    """Whether ``data`` is a row of a Label Studio JSON-MIN, CSV or TSV export: the
    ids of task, annotation and annotator, and a value shaped as a control's
    (``[{"rating": 4}]``, ``{"text": [...]}``, ``{"choices": [...]}``). The ids and
    times alone are any annotation table's."""
    if not _is_mapping(data) or not _FLAT_EXPORT_KEYS.issubset(data):
        return False
    return any(map(_flattened_value, data.values()))


def _flattened_value(value: Any) -> bool:
    if isinstance(value, str):
        return value.replace(" ", "").startswith(_FLAT_VALUE_STARTS)
    if isinstance(value, list) and len(value) == 1 and _is_mapping(value[0]):
        return set(value[0]) <= {"rating", "number"} and bool(value[0])
    return _is_mapping(value) and len(value) == 1 and next(iter(value)) in ("text", "choices")


#: The message of that error (a whole file is refused, not some of its rows).
FLATTENED_EXPORT = (
    "this is a Label Studio export flattened to one row per annotation (JSON-MIN, CSV or "
    "TSV): its ratings, choices and text areas cannot be told from the task's data, so it "
    "was not read"
)


def flattened_export_error(raw: RawRecord) -> RecordError:
    """The one error of a flattened Label Studio export: its rows hold each control's
    value beside the task's data (a rating as ``[{"rating": 4}]``, a text area of
    several lines as ``{"text": [...]}``, a choice as plain text), so responses and
    labels cannot be told from task data; read as plain records, a rating is text and
    a text area of two lines is checked as JSON."""
    return RecordError(
        FLATTENED_EXPORT,
        line=raw.line,
        hint="export the project as JSON (Export → JSON), or read the live project by its "
        "URL, http://HOST:PORT/projects/ID (docs/labelstudio.md); to read the rows as plain "
        "records anyway, pass --schema plain",
    )


def _unmatched(
    raw: RawRecord, dominant: Schema, first_line: int, fields: FieldMapping, stats: ReadStats
) -> Iterator[Record | RecordError]:
    """A record the file's schema does not match: a record of another schema, or of the
    file's schema with a null field (read with it: its error names the field), or of
    none."""
    other = detect_schema(raw.data, fields)
    if other is None and _is_mapping(raw.data) and _matches_given_nulls(dominant, raw.data, fields):
        yield from _read_matching(dominant, raw, fields, stats)
    else:
        yield _odd_record(raw, dominant, first_line, fields, other)


def _odd_record(
    raw: RawRecord,
    dominant: Schema,
    first_line: int,
    fields: FieldMapping,
    other: Schema | None,
) -> RecordError:
    what = (
        f"looks like {other.name}"
        if other is not None
        else f"matches no known schema ({_keys(raw.data)})"
    )
    return RecordError(
        f"record {what}, but this file's records are {dominant.name} (from line {first_line})",
        line=raw.line,
        hint=f"expected {dominant.shape}",
    )


def convert(
    schema: Schema, raw: RawRecord, fields: FieldMapping, stats: ReadStats
) -> Iterator[Record | RecordError]:
    """The records ``schema`` reads from ``raw``, counted; RecordErrors as values."""
    if not _is_mapping(raw.data):
        yield raw.error(f"record is {json_type(raw.data)}, expected an object")
        return
    if schema is not PLAIN and not _matches_given_nulls(schema, raw.data, fields):
        # (plain explains itself: it names the field it misses; a null key of the
        # schema's is read, and its error names it)
        yield raw.error(
            f"record is not {schema.name} ({_keys(raw.data)})", hint=f"expected {schema.shape}"
        )
        return
    yield from _read_matching(schema, raw, fields, stats)


def _read_matching(
    schema: Schema, raw: RawRecord, fields: FieldMapping, stats: ReadStats
) -> Iterator[Record | RecordError]:
    """:func:`convert` for a raw record already known to be a mapping that ``schema`` matches."""
    try:
        for item in schema.to_records(raw, fields, stats):
            if isinstance(item, Record):
                stats.schemas[schema.name] += 1
                if raw.line_of is not None:  # (a JSON document: not the JSONL hot path)
                    item.meta["field_lines"] = _field_lines(raw, item)
                    if isinstance(raw, ElementRecord) and raw.shares_line:
                        locator = _locator(raw, fields)
                        if locator:
                            item.meta["locator"] = locator
                if item.line != raw.line:  # (an annotation inside a task)
                    item.meta["source_line"] = raw.line
            elif item.line != raw.line:
                item.source_line = raw.line
            yield item
    except RecordError as exc:
        if exc.line != raw.line:
            exc.source_line = raw.line
        yield exc


def _field_lines(raw: RawRecord, record: Record) -> dict[str, int]:
    return {text.field: raw.line_at(text.field) for text in record.texts}


def _locator(raw: ElementRecord, fields: FieldMapping) -> str:
    """Which value of its document a record is (``element 3 (id sup-017)``), for a
    record whose line does not tell: the number of the value and the record's own id."""
    own = record_id(raw.data, fields)
    if own is None:
        return raw.element
    return f"{raw.element} (id {own})" if raw.element else f"id {own}"


def resolve(
    raws: Iterable[RawRecord | RecordError],
    fields: FieldMapping,
    schema: Schema | None,
    stats: ReadStats,
) -> Iterator[Record | RecordError]:
    """Records of one file: each raw record read by the file's schema.

    Errors of the format are passed on at once; at most :data:`DETECT_WINDOW` raw
    records wait for the schema to be known, so memory stays constant.
    """
    dominant = schema
    first_line = 0
    pending: list[RawRecord] = []  # records read before the schema is known
    for raw in raws:
        if isinstance(raw, RecordError):
            yield raw
            continue
        if dominant is None:
            if not pending and flattened_export(raw.data):
                yield flattened_export_error(raw)
                return
            dominant = detect_schema(raw.data, fields)
            if dominant is None:
                pending.append(raw)
                if len(pending) < DETECT_WINDOW:
                    continue
                # (none matched: a record with null fields may still tell the schema)
                dominant, first_line = _schema_given_nulls(pending, fields)
                if dominant is None:
                    yield no_schema_error(pending[0])
                    return
                yield from _waited(pending, dominant, first_line, fields, stats)
                continue
            first_line = raw.line
            yield from _waited(pending, dominant, first_line, fields, stats)
        if schema is not None:
            yield from convert(dominant, raw, fields, stats)
        elif _is_mapping(raw.data) and dominant.matches(raw.data, fields):
            # (checked here once: convert would only check the same again)
            yield from _read_matching(dominant, raw, fields, stats)
        else:
            yield from _unmatched(raw, dominant, first_line, fields, stats)
    if pending:
        dominant, first_line = _schema_given_nulls(pending, fields)
        if dominant is None:
            yield no_schema_error(pending[0])
        else:
            yield from _waited(pending, dominant, first_line, fields, stats)


def _waited(
    pending: list[RawRecord],
    dominant: Schema,
    first_line: int,
    fields: FieldMapping,
    stats: ReadStats,
) -> Iterator[Record | RecordError]:
    """The records that waited for the schema (none matched one), emptying ``pending``."""
    for raw in pending:
        yield from _unmatched(raw, dominant, first_line, fields, stats)
    pending.clear()


def _schema_given_nulls(
    pending: list[RawRecord], fields: FieldMapping
) -> tuple[Schema | None, int]:
    """The schema of the first of ``pending`` (records that match none) that would
    match one were its null keys given (a TRL pair with a null side), and that record's
    line; ``(None, 0)`` when none would."""
    for raw in pending:
        found = schema_of(raw.data, fields)
        if found is not None:
            return found, raw.line
    return None, 0
