"""The batch API: check a batch of records given as columns, get the batch back with results.

This is the one piece the pipeline integrations call (:mod:`guidelint.hf` for Hugging
Face ``datasets``, :mod:`guidelint.ray` for Ray Data): a :class:`BatchChecker` loads a
guideline and compiles its rules once, then :meth:`BatchChecker.check` takes a batch as
a dict of lists, a pyarrow Table (or RecordBatch) or a pandas DataFrame and returns the
same kind of batch with these columns added (``prefix`` ``guidelint_`` by default):

* ``violations``: per row, a list of ``{rule, severity, message, field, column, span,
  fix}`` (``span`` is ``[start, end]``; ``fix`` is ``{start, end, replacement, safe}``
  or null), in the order ``guidelint check`` reports them for that record;
* ``errors``, ``warnings``, ``infos``: the number of violations of each severity;
* ``pass``: whether no violation is at ``fail_on`` or above.

Rows are read exactly as the rows of a file: the same field mapping, the same schemas
(plain, Alpaca, chat messages, ShareGPT, preference pairs, ...), detected from the
first row that matches one, or named with ``schema``. A row that cannot be read gets an
``invalid-record`` violation (an error) and the others are checked. Dataset-level
checks (duplicates, ``max_rate``, length distributions) need every record: batches do
not answer them; ``guidelint check --engine ray`` runs them in a reduce step.
``docs/pipelines.md`` is the user documentation.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from guidelint.engine import Linter, Selection
from guidelint.errors import RecordError, UsageError
from guidelint.fields import FieldMapping
from guidelint.guideline import Guideline
from guidelint.model import Record, Severity, Violation
from guidelint.readers.base import RawRecord, ReadStats

__all__ = ["COLUMNS", "BatchChecker", "RowResult", "violation_row"]

#: The added columns (after the prefix) and what they hold.
COLUMNS = ("violations", "errors", "warnings", "infos", "pass")
_SEVERITIES = ("error", "warning", "info")


class RowResult:
    """The violations of one row and what they add up to."""

    __slots__ = ("counts", "passed", "violations")

    def __init__(self, violations: list[Violation], fail_rank: int):
        self.violations = violations
        counts = {"error": 0, "warning": 0, "info": 0}
        worst = -1
        for violation in violations:
            counts[violation.severity.value] += 1
            worst = max(worst, violation.severity.rank)
        self.counts = counts
        self.passed = worst < fail_rank


def violation_row(violation: Violation) -> dict[str, Any]:
    """One violation as the value of the ``violations`` column holds it."""
    fix = violation.fix
    return {
        "rule": violation.rule,
        "severity": violation.severity.value,
        "message": violation.message,
        "field": violation.field,
        "column": violation.column,
        "span": [violation.span[0], violation.span[1]],
        "fix": None
        if fix is None
        else {"start": fix.start, "end": fix.end, "replacement": fix.replacement, "safe": fix.safe},
    }


class BatchChecker:
    """Checks batches of records against one guideline, compiled once.

    ``guideline`` is a bundled name, a path or a loaded Guideline. ``fields`` replaces
    keys of the guideline's ``fields:`` (a mapping such as ``{"response": "output"}``)
    or all of it (a FieldMapping). ``schema`` names the schema (default: detected from
    the first row that matches one, then kept for every later batch). ``select``,
    ``ignore`` and ``severity`` are ``--select``, ``--ignore`` and the configuration's
    ``severity:``. ``path`` is the name violations carry as their file (``line`` is the
    row's 1-based number: the index given to :meth:`check`, else the position in the
    batches this checker saw).
    """

    def __init__(
        self,
        guideline: Guideline | str | Path = "customer-support",
        *,
        fields: FieldMapping | Mapping[str, Any] | None = None,
        schema: str | None = None,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        severity: Mapping[str, str] | None = None,
        fail_on: str = "error",
        prefix: str = "guidelint_",
        path: str = "<batch>",
    ):
        from guidelint.readers.detect import schema_named

        try:
            self.fail_rank = Severity(fail_on).rank
        except ValueError:
            raise UsageError(f"fail_on takes error, warning or info, not {fail_on!r}") from None
        levels: dict[str, Severity] = {}
        for rule_id, level in (severity or {}).items():
            try:
                levels[rule_id] = Severity(level)
            except ValueError:
                raise UsageError(
                    f"severity of '{rule_id}': error, warning or info, not {level!r}"
                ) from None
        self.linter = Linter(
            guideline,
            selection=Selection(select=frozenset(select), ignore=frozenset(ignore)),
            severity_overrides=levels,
        )
        _check_names(self.linter.guideline, [*select, *ignore, *levels])
        self.linter.fields = _fields(self.linter.guideline.fields, fields)
        if schema is None:
            schema = self.linter.fields.schema_name
        self.schema = schema_named(schema) if schema else None
        self.prefix = prefix
        self.path = path
        self.stats = ReadStats()
        self.rows_seen = 0
        #: The row that set the schema when it was detected: later batches are read
        #: after it, as later lines of a file are (its own results are dropped).
        self._seed: RawRecord | None = None

    @property
    def guideline(self) -> Guideline:
        return self.linter.guideline

    def new_dataset(self) -> None:
        """Detect the schema again from the next row, and number rows from 1 again (as
        for a new file): the rows that follow are another dataset's, such as another
        split of a DatasetDict."""
        self._seed = None
        self.rows_seen = 0

    # -- batches ------------------------------------------------------------------------
    def check(self, batch: Any, indices: Sequence[int] | None = None) -> Any:
        """``batch`` with the result columns added, of the same kind as given.

        ``indices`` are the rows' positions in the dataset (0-based), for locations;
        by default the rows are numbered on from the batches checked before.
        """
        kind, columns, rows = _rows_of(batch)
        results = self.check_rows(rows, indices)
        added = self.columns(results)
        if kind == "dict":
            return {**columns, **added}
        if kind == "arrow":
            return arrow_table(batch, added, self.prefix)
        return batch.assign(**added)

    def columns(self, results: Sequence[RowResult]) -> dict[str, list[Any]]:
        """The result columns of some rows, as lists, keyed by prefixed name."""
        p = self.prefix
        return {
            f"{p}violations": [[violation_row(v) for v in r.violations] for r in results],
            f"{p}errors": [r.counts["error"] for r in results],
            f"{p}warnings": [r.counts["warning"] for r in results],
            f"{p}infos": [r.counts["info"] for r in results],
            f"{p}pass": [r.passed for r in results],
        }

    def check_rows(
        self, rows: Sequence[Any], indices: Sequence[int] | None = None
    ) -> list[RowResult]:
        """The result of each row (a mapping of field → value), in order."""
        first = self.rows_seen
        if indices is not None and len(indices) != len(rows):
            raise UsageError(f"{len(indices)} indices given for a batch of {len(rows)} rows")
        numbers = [i + 1 for i in indices] if indices is not None else None
        self.rows_seen += len(rows)
        found: list[list[Violation]] = [[] for _ in rows]
        for position, item in self._items(rows, first, numbers):
            if isinstance(item, RecordError):
                found[position].extend(self.linter.invalid_record(self.path, item))
            else:
                found[position].extend(self.linter.recheck(item))
        from guidelint.run.check import in_place_order

        rank = self.fail_rank
        return [RowResult(in_place_order(violations), rank) for violations in found]

    def check_record(self, record: Record) -> list[Violation]:
        """The violations of one record built by the caller (no dataset-level checks)."""
        return self.linter.recheck(record)

    # -- reading rows -------------------------------------------------------------------
    def _items(
        self, rows: Sequence[Any], first: int, numbers: list[int] | None
    ) -> Iterator[tuple[int, Record | RecordError]]:
        """(row position, record or error) for the rows, read as the rows of a file."""
        from guidelint.readers.detect import no_schema_error, resolve

        path = self.path
        raws = [
            RawRecord(path, numbers[i] if numbers else first + i + 1, first + i, row)
            for i, row in enumerate(rows)
        ]
        position_of = {raw.line: i for i, raw in enumerate(raws)}
        seed = self._seed
        in_batch = [seed is None]

        def source() -> Iterator[RawRecord]:
            if seed is not None:
                yield seed
                in_batch[0] = True  # (resolve asks for the next row once the seed is read)
            yield from raws

        answered: set[int] = set()
        for item in resolve(source(), self.linter.fields, self.schema, self.stats):
            if not in_batch[0]:
                continue  # the seed's own results (it was checked in its own batch)
            line = item.line
            source_line = (
                item.source_line if isinstance(item, RecordError) else item.meta.get("source_line")
            )
            if isinstance(source_line, int):
                line = source_line
            position = position_of.get(line, 0)  # (a record placed elsewhere: the first row)
            answered.add(position)
            if self._seed is None and self.schema is None and isinstance(item, Record):
                self._seed = raws[position]
            yield position, item
        if self._seed is None and self.schema is None:
            # No row matched a schema: every row is unreadable (a file gets one error at
            # its first record; rows of a batch are each reported, so none passes).
            for position, raw in enumerate(raws):
                if position not in answered:
                    yield position, no_schema_error(raw)


def _check_names(guideline: Guideline, names: Sequence[str]) -> None:
    """Every rule id, tag or check named must be the guideline's (a typo would otherwise
    select nothing, silently)."""
    import difflib

    from guidelint.engine import BUILTIN_RULES

    rules = guideline.rules
    known = {r.id for r in rules} | {t for r in rules for t in r.tags} | {r.check for r in rules}
    known |= set(BUILTIN_RULES)
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            raise UsageError(
                f"guideline '{guideline.name}' has no rule, tag or check '{name}'",
                hint=f"did you mean '{close[0]}'?" if close else "see `guidelint rules list`",
            )


def _fields(base: FieldMapping, fields: FieldMapping | Mapping[str, Any] | None) -> FieldMapping:
    """The guideline's fields with ``fields``' keys replaced (or ``fields`` itself)."""
    if fields is None:
        return base
    if isinstance(fields, FieldMapping):
        return fields
    values = base.model_dump(by_alias=True, exclude_unset=True)
    values.update(fields)
    try:
        return FieldMapping.model_validate(values)
    except ValueError as exc:
        raise UsageError(f"fields: {exc}") from None


#: Values that are one row's, not a column of rows (a batch of ``map`` without
#: ``batched=True``): a string's characters would be read as rows.
_SCALARS = (str, bytes, int, float, bool, dict, type(None))
#: The keys whose value in a record may be a conversation, a list of messages. In one
#: row such a list holds messages (mappings with a speaker); in a batch, the column
#: holds each row's value (a text, a conversation: a list, or null), never one message.
_CONVERSATION_KEYS = frozenset(
    {
        "messages",
        "conversations",
        "prompt",
        "completion",
        "chosen",
        "rejected",
        "preferred_output",
        "non_preferred_output",
    }
)
_SPEAKER_KEYS = ("role", "from")
#: What to do when a function for batches is given one row (Hugging Face ``datasets``).
_ROW_HINT = "use map(..., batched=True) or filter(..., batched=True)"


def _one_row(columns: Mapping[str, Any]) -> str | None:
    """Why ``columns`` is one row, not columns of rows (None: it is columns). A row's
    values are texts, numbers, objects or lists; a batch's are lists of the rows'
    values. So a row whose values are all lists (a chat record: ``messages`` only) is
    told by its conversation: a list of messages, where a batch's column holds lists."""
    for name, value in columns.items():
        if isinstance(value, _SCALARS):
            return f"'{name}' holds {type(value).__name__}, not a list"
    for name, value in columns.items():
        if name in _CONVERSATION_KEYS and _is_conversation(value):
            return f"'{name}' holds one conversation, a list of messages, not a list per row"
    return None


def _is_conversation(value: Any) -> bool:
    """Whether ``value`` is a list of messages (mappings that name their speaker)."""
    try:
        return len(value) > 0 and all(
            isinstance(item, Mapping) and any(key in item for key in _SPEAKER_KEYS)
            for item in value
        )
    except TypeError:  # (not a sized collection)
        return False


def _rows_of(batch: Any, row_hint: str = _ROW_HINT) -> tuple[str, dict[str, Any], list[Any]]:
    """(kind, columns of a dict batch, rows as dicts) of a batch of any kind; a
    UsageError with ``row_hint`` when the "batch" is one row."""
    if isinstance(batch, Mapping):
        columns = dict(batch)
        names = list(columns)
        if not names:
            return "dict", columns, []
        why = _one_row(columns)
        if why is not None:
            raise UsageError(f"the batch is one row, not columns of rows ({why})", hint=row_hint)
        lengths = {len(columns[name]) for name in names}
        if len(lengths) > 1:
            sizes = ", ".join(f"{name}: {len(columns[name])}" for name in names)
            raise UsageError(f"the batch's columns differ in length ({sizes})")
        return "dict", columns, _dicts(names, [_plain_list(columns[name]) for name in names])
    module = type(batch).__module__.split(".")[0]
    if module == "pyarrow" and hasattr(batch, "to_pylist"):
        return "arrow", {}, batch.to_pylist()
    if module == "pandas" and hasattr(batch, "to_dict"):
        names = [str(name) for name in batch.columns]
        return "pandas", {}, _dicts(names, [_plain_list(batch[name]) for name in batch.columns])
    raise UsageError(
        f"a batch is a dict of lists, a pyarrow Table or a pandas DataFrame, "
        f"not {type(batch).__name__}"
    )


def _dicts(names: list[str], columns: list[list[Any]]) -> list[dict[str, Any]]:
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _plain_list(column: Any) -> list[Any]:
    """A column as a list of plain Python values (numpy arrays and scalars converted)."""
    values = column.tolist() if hasattr(column, "tolist") else list(column)
    # (a float NaN is pandas' missing value in a column of text: null, as in JSON)
    if values and any(not isinstance(v, _PLAIN) or v != v for v in values):
        return [_plain(v) for v in values]
    return values


_PLAIN = (str, int, float, bool, type(None))
_MISSING_TYPES = frozenset({"NAType", "NaTType"})


def _plain(value: Any) -> Any:
    """A value as JSON would give it: numpy arrays as lists, NaN (pandas' missing) as None."""
    if isinstance(value, _PLAIN):
        if isinstance(value, float) and value != value:
            return None
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return _plain(value.tolist())
    if type(value).__name__ in _MISSING_TYPES:  # pandas' NA and NaT (not imported here)
        return None
    return value


def arrow_type() -> Any:
    """The pyarrow type of the ``violations`` column."""
    import pyarrow as pa

    fix = pa.struct(
        [
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("replacement", pa.string()),
            ("safe", pa.bool_()),
        ]
    )
    return pa.list_(
        pa.struct(
            [
                ("rule", pa.string()),
                ("severity", pa.string()),
                ("message", pa.string()),
                ("field", pa.string()),
                ("column", pa.int64()),
                ("span", pa.list_(pa.int64())),
                ("fix", fix),
            ]
        )
    )


def arrow_table(batch: Any, added: dict[str, list[Any]], prefix: str) -> Any:
    """A pyarrow Table or RecordBatch with the result columns ``added``, typed."""
    import pyarrow as pa

    types = {
        f"{prefix}violations": arrow_type(),
        f"{prefix}errors": pa.int64(),
        f"{prefix}warnings": pa.int64(),
        f"{prefix}infos": pa.int64(),
        f"{prefix}pass": pa.bool_(),
    }
    arrays = [pa.array(values, type=types[name]) for name, values in added.items()]
    # (a dataset checked before holds these columns already: they are replaced)
    kept = [k for k, name in enumerate(batch.schema.names) if name not in added]
    names = [*(batch.schema.names[k] for k in kept), *added]
    columns = [*(batch.columns[k] for k in kept), *arrays]
    if isinstance(batch, pa.RecordBatch):
        return pa.RecordBatch.from_arrays(columns, names=names)
    return pa.Table.from_arrays(columns, names=names)
