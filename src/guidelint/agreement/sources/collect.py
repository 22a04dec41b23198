"""Gathering labels for agreement: which annotator gave which value to which item.

Pure Python (no numpy), so ``guidelint check`` can feed a collector on every record
and pay for the statistics only when some item has two or more annotators.

Three sources fill a :class:`LabelCollector`:

* **records** (:meth:`LabelCollector.add_record`): ``record.item_id``,
  ``record.annotator`` and ``record.labels``; a Label Studio export gives one record
  per annotation (item = task id, annotator = ``completed_by``). A label named with
  ``labels=`` that the schema did not read is taken from the record's own field of
  that name (a plain JSONL record ``{"id": ..., "annotator": ..., "quality": 4}``).
  The record's responses and the rules they broke are kept too (see
  :class:`ResponseInfo`), for agreement on the guideline itself.
* **long-format rows** (:meth:`LabelCollector.add_long_row`): one row per (item,
  annotator) with one column per label, e.g. ``{"item": 7, "judge": "gpt4",
  "preference": 1.5}``.
* **wide rows** (:meth:`LabelCollector.add_wide_row`): one row per item, one column
  per annotator.

Values that are missing (``None``, NaN, empty text, an empty list such as a Label
Studio choice with no option chosen, or a value declared missing such as a judge's
``0`` for "failed") are left out and counted with the reason, so reports
can say what they dropped. A second value from the same annotator for the same item
replaces the first and is counted.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from typing import Any

from guidelint.agreement.sources.label_values import DUPLICATE, LabelValues, value_key
from guidelint.fields import get_path
from guidelint.model import ANNOTATOR_EMAIL, UNREAD_LABELS, Record, Violation
from guidelint.wording import note_forms

__all__ = [
    "DUPLICATE",
    "LabelCollector",
    "LabelValues",
    "ResponseInfo",
    "as_number",
    "is_missing",
    "same_value",
]

EMPTY = note_forms("empty values", "empty value")
#: An empty list: a Label Studio ``choices`` (or ``taxonomy``, ``ranker``) result with no
#: option chosen. No answer ("none of these" is a choice of its own in the config).
EMPTY_LIST = note_forms(
    "empty selections (no option chosen or ranked) left out",
    "empty selection (no option chosen or ranked) left out",
)
NO_ANNOTATOR = "labelled records without an annotator (not compared)"
NO_ITEM = "rows without an item id (not compared)"
NOT_COMPARABLE = "values that are objects, not ratings, choices or rankings (not compared)"
#: How the reason for records that lack a label starts (a Label Studio annotation
#: submitted without the label's control).
NO_VALUE = "annotations without a value for this label"
NOT_FINITE = "values that are not finite numbers (inf; not compared)"
#: A value the record was read without (its ``UNREAD_LABELS``: a Label Studio rating
#: that is no number), counted under its label.
UNREADABLE_VALUE = note_forms(
    "values that could not be read left out (guidelint check lists them)",
    "value that could not be read left out (guidelint check lists it)",
)


def is_missing(value: Any) -> bool:
    """``None``, NaN, or text that is empty once stripped."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def as_number(value: Any) -> float | None:
    """A number, or text that reads as one, as a float; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def same_value(a: Any, b: Any) -> bool:
    """Whether two label values are the same: numerically when both are numbers
    (``0``, ``0.0`` and ``"0"`` are the same), else by text."""
    x, y = as_number(a), as_number(b)
    if x is not None and y is not None:
        return x == y
    return str(a) == str(b)


def _display(value: Any) -> str:
    number = as_number(value)
    if number is not None and number.is_integer():
        return str(int(number))
    return str(value)


#: Messages kept per rule for one annotator's responses to one item (the rest counted).
MESSAGES_KEPT = 3


@dataclass
class ResponseInfo:
    """What one annotator wrote for one item, and the guideline rules it broke.

    ``broken`` maps rule id → ``(severity, first message)``; ``messages`` keeps the first
    :data:`MESSAGES_KEPT` messages of each rule, in the order found, and ``found``
    counts them all (a rule may be broken several times in one response). Texts
    (``instruction``, ``responses``) are kept only when the collector keeps texts
    (calibration sheets).
    """

    item: str
    annotator: str
    path: str
    line: int
    broken: dict[str, tuple[str, str]] = field(default_factory=dict)
    instruction: str | None = None
    responses: list[str] = field(default_factory=list)
    records: int = 0
    messages: dict[str, list[str]] = field(default_factory=dict)
    found: Counter[str] = field(default_factory=Counter)

    def add(self, violation: Violation) -> None:
        """Count a violation of the response (its rule, its message)."""
        rule = violation.rule
        self.broken.setdefault(rule, (violation.severity.value, violation.message))
        self.found[rule] += 1
        kept = self.messages.setdefault(rule, [])
        if len(kept) < MESSAGES_KEPT:
            kept.append(violation.message)

    def messages_of(self, rule: str) -> tuple[list[str], int]:
        """The messages kept of ``rule`` and how many more there were."""
        kept = self.messages.get(rule)
        if not kept:  # (filled in by hand: only broken)
            kept = [self.broken[rule][1]] if rule in self.broken else []
        return kept, max(self.found.get(rule, 0) - len(kept), 0)


class _Dropped(str):
    """Why a value is left out (a reason counted in :attr:`LabelValues.dropped`)."""

    __slots__ = ()


_NOT_FINITE = _Dropped(NOT_FINITE)
_NOT_COMPARABLE = _Dropped(NOT_COMPARABLE)
_EMPTY_LIST = _Dropped(EMPTY_LIST)
_UNREADABLE = _Dropped(UNREADABLE_VALUE)


class _Unread:
    """The value of a label a record was read without (see ``UNREAD_LABELS``)."""

    __slots__ = ()


_UNREAD = _Unread()
#: Not yet in a label's cache of verdicts.
_UNSEEN = object()


class LabelCollector:
    """Collects ``(item, annotator, label, value)`` from records or rows.

    Args:
        labels: only these label names (also read from a record's own fields);
            None takes every label the records have.
        annotators: only these annotators; None takes everyone.
        missing: values treated as missing, per label name; the key ``"*"``
            applies to every label (``{"*": [0]}`` for judges that write 0 on failure).
        keep_texts: keep instructions and responses (for calibration sheets).
        keep_responses: keep which rules each annotator's responses broke (for
            agreement on the guideline); off when only labels matter.
    """

    def __init__(
        self,
        *,
        labels: Sequence[str] | None = None,
        annotators: Collection[str] | None = None,
        missing: Mapping[str, Collection[Any]] | None = None,
        keep_texts: bool = False,
        keep_responses: bool = True,
    ):
        self.wanted = tuple(labels) if labels else None
        self.only = frozenset(annotators) if annotators else None
        self.missing = {name: tuple(values) for name, values in (missing or {}).items()}
        self.keep_texts = keep_texts
        self.keep_responses = keep_responses
        self.labels: dict[str, LabelValues] = {n: LabelValues(n) for n in self.wanted or ()}
        self.responses: dict[tuple[str, str], ResponseInfo] = {}
        #: Facts about the input as a whole, e.g. labelled records without an annotator.
        self.notes: Counter[str] = Counter()
        self.skipped_annotators: Counter[str] = Counter()
        #: Every annotator met, kept or not (to tell a misspelt ``annotators`` name).
        self.annotators_seen: set[str] = set()
        #: Per annotator: their records with an item id (annotations), kept ones only.
        self.records_by: Counter[str] = Counter()
        #: The first value that is an infinite number: ``(label, item, annotator, value)``
        #: (readers of files report it as an error at its line).
        self.first_not_finite: tuple[str, str, str, Any] | None = None
        #: Every label name met, wanted or not (for "labels found: ..." messages).
        self.seen: Counter[str] = Counter()
        #: Annotator → the e-mail a record gave beside it (a Label Studio user: its id).
        self.emails: dict[str, str] = {}
        #: Per record item id: its instruction (whitespace folded) → the item it names.
        self._instructions: dict[str, dict[str, str]] = {}
        #: Item ids that name different instructions → the items they were kept apart as.
        self.id_conflicts: dict[str, list[str]] = {}
        #: Per label: value key → the value as kept, or why it is dropped.
        self._verdicts: dict[str, dict[Hashable, Any]] = {}

    def lookalike_notes(self) -> list[str]:
        """Notes naming annotators, and items, whose names differ only in case or in the
        white space around them (``" ann"``, ``"ann"``, ``"Alice@X.com"``,
        ``"alice@x.com"``): they are told apart, which a typing slip in a file makes
        into extra annotators and items that share nothing."""
        items: set[str] = set()
        for label in self.labels.values():
            items.update(label.item_names)
        notes = []
        for what, names in (("annotators", self.annotators_seen), ("items", items)):
            shown = lookalikes(names, lambda name: name.strip().casefold())
            if shown:
                notes.append(
                    f"{what} whose names differ only in case or white space are told "
                    f"apart: {shown} (write each one way if they are the same)"
                )
        return notes

    def email_note(self) -> str:
        """The e-mails of annotators named by their Label Studio user id, where a
        record gave one ("" when none did)."""
        if not self.emails:
            return ""
        known = sorted(
            self.emails.items(), key=lambda pair: (len(pair[0]), pair[0])
        )  # (ids in number order)
        shown = ", ".join(f"{who} = {email}" for who, email in known[:12])
        more = f" and {len(known) - 12} more" if len(known) > 12 else ""
        return f"Label Studio annotators are named by user id; their e-mails: {shown}{more}"

    # -- adding values -----------------------------------------------------------------

    def add(self, item: Any, annotator: Any, name: str, value: Any) -> None:
        """One value; missing and unwanted ones are counted, not kept."""
        self.seen[name] += 1
        who = annotator if annotator.__class__ is str else str(annotator)
        self.annotators_seen.add(who)
        if self.wanted is not None and name not in self.wanted:
            return
        if self.only is not None and who not in self.only:
            self.skipped_annotators[who] += 1
            return
        label = self.labels.get(name)
        if label is None:
            label = self.labels[name] = LabelValues(name)
        kind = value.__class__
        simple = kind is str or kind is int or kind is float
        if not simple and (kind is list or kind is dict or not isinstance(value, Hashable)):
            taken = self._take(name, value)  # (lists and objects: never cached)
            key = None if taken.__class__ is _Dropped else value_key(taken)
        else:
            key = value_key(value)
            cache = self._verdicts.get(name)
            if cache is None:
                cache = self._verdicts[name] = {}
            taken = cache.get(key, _UNSEEN)
            if taken is _UNSEEN:
                taken = self._take(name, value)
                if not (kind is float and value != value):  # (NaN is never found again)
                    cache[key] = taken
        if taken.__class__ is _Dropped:
            label._dropped[str(taken)] += 1
            if taken is _NOT_FINITE and self.first_not_finite is None:
                self.first_not_finite = (name, str(item), who, value)
            return
        label.append(item if item.__class__ is str else _id_text(item), who, taken, key)

    def _take(self, name: str, value: Any) -> Any:
        """The value as kept (lists as tuples), or why it is dropped (a :class:`_Dropped`)."""
        if value is _UNREAD:
            return _UNREADABLE
        reason = self._missing_reason(name, value)
        if reason is not None:
            return _Dropped(reason)
        number = as_number(value)
        if number is not None and math.isinf(number):
            return _NOT_FINITE
        if isinstance(value, list | tuple):
            if not value:
                return _EMPTY_LIST
            if not all(isinstance(v, str | int | float) for v in value):
                return _NOT_COMPARABLE
            return tuple(value)
        if isinstance(value, Mapping):
            return _NOT_COMPARABLE
        return value

    def _missing_reason(self, name: str, value: Any) -> str | None:
        if is_missing(value):
            return EMPTY
        for declared in (*self.missing.get(name, ()), *self.missing.get("*", ())):
            if not isinstance(value, list | tuple | Mapping) and same_value(value, declared):
                return f"values {_display(declared)} declared missing"
        return None

    def add_labels(self, item: Any, annotator: Any, labels: Mapping[str, Any]) -> None:
        for name, value in labels.items():
            self.add(item, annotator, name, value)

    def add_record(self, record: Record, found: Sequence[Violation] = ()) -> None:
        """A record's labels, and its responses with the rules they broke.

        Has the signature of a record observer, ``(record, violations)``, so a Linter
        can feed it while checking.
        """
        labels = dict(record.labels)
        for name in record.meta.get(UNREAD_LABELS, ()):
            labels.setdefault(name, _UNREAD)
        for name in self.wanted or ():
            if name not in labels:
                value = get_path(record.data, name)
                if value is not None:
                    labels[name] = value
        if record.annotator is None:
            if labels:
                self.notes[NO_ANNOTATOR] += 1
            return
        self.annotators_seen.add(record.annotator)
        email = record.meta.get(ANNOTATOR_EMAIL)
        if email is not None:
            self.emails.setdefault(record.annotator, email)
        if record.item_id is None:
            return
        item = self.item_of(record)
        self.add_labels(item, record.annotator, labels)
        wanted = self.only is None or record.annotator in self.only
        if wanted:
            self.records_by[record.annotator] += 1
            for name in labels:
                if name in self.labels:
                    self.labels[name].records_by[record.annotator] += 1
        if self.keep_responses and wanted and any(not t.task for t in record.responses()):
            self._add_response(record, found)

    #: The Linter's record-observer name for :meth:`add_record`.
    observe = add_record

    def item_of(self, record: Record) -> str:
        """The item a record labels: its id, unless that id already names another
        instruction (two Label Studio exports both have a task 1): then the id with
        the file's name, ``"1 (batch2.json)"``, so different items stay apart while
        files split per annotator still meet on the same id."""
        item = str(record.item_id)
        instruction = record.instruction
        if instruction is None:
            return item
        text = " ".join(instruction.split())
        known = self._instructions.setdefault(item, {})
        if not known or text in known:
            return known.setdefault(text, item)
        taken = set(known.values())
        name = f"{item} ({Path(record.path).name})"
        alias, number = name, 2
        while alias in taken:
            alias, number = f"{item} ({Path(record.path).name} #{number})", number + 1
        known[text] = alias
        self.id_conflicts.setdefault(item, [item]).append(alias)
        return alias

    def _add_response(self, record: Record, found: Sequence[Violation]) -> None:
        assert record.item_id is not None and record.annotator is not None
        item = self.item_of(record)
        key = (item, record.annotator)
        info = self.responses.get(key)
        if info is None:
            info = self.responses[key] = ResponseInfo(
                item, record.annotator, record.path, record.line
            )
        info.records += 1
        # (what text rules found in the task's own texts names no annotator: not theirs)
        task = {t.field for t in record.texts if t.task}
        for violation in found:
            if not (violation.annotator is None and violation.field in task):
                info.add(violation)
        if self.keep_texts:
            info.instruction = info.instruction or record.instruction
            info.responses.extend(t.text for t in record.responses() if not t.task)

    def add_long_row(
        self,
        row: Mapping[str, Any],
        *,
        item_key: str,
        annotator_key: str,
        label_keys: Iterable[str],
    ) -> None:
        """One long-format row: ``row[item_key]``, ``row[annotator_key]``, label columns."""
        item, annotator = get_path(row, item_key), get_path(row, annotator_key)
        if is_missing(item) or is_missing(annotator):
            self.notes[NO_ITEM if is_missing(item) else NO_ANNOTATOR] += 1
            return
        for key in label_keys:
            self.add(item, annotator, key, get_path(row, key))

    def add_plain_row(
        self, row: dict[str, Any], item_key: str, annotator_key: str, label_keys: Sequence[str]
    ) -> None:
        """:meth:`add_long_row` for a decoded JSON object and plain keys (no paths)."""
        item: Any = row.get(item_key)
        annotator: Any = row.get(annotator_key)
        plain = item.__class__ is str and annotator.__class__ is str
        if not (plain and item.strip() and annotator.strip()) and (
            is_missing(item) or is_missing(annotator)
        ):
            self.notes[NO_ITEM if is_missing(item) else NO_ANNOTATOR] += 1
            return
        for key in label_keys:
            self.add(item, annotator, key, row.get(key))

    def add_plain_rows(
        self,
        entries: Iterable[tuple[int, Any] | Any],
        item_key: str,
        annotator_key: str,
        label_keys: Sequence[str],
        unseen: set[str],
        other: Callable[[Any], None],
    ) -> int:
        """:meth:`add_plain_row` for each ``(line, row)`` of ``entries``, in one loop;
        returns the number of rows.

        Calls ``other`` with what it does not take: entries that are no ``(line, dict)``
        pair (read errors, rows that are no objects), and ``(line, row)`` right after
        a row with an infinite number (:attr:`first_not_finite` is set). Removes from
        ``unseen`` the label keys met.
        """
        verdicts = self._verdicts
        fast = len(label_keys) == 1 and self.only is None
        name = label_keys[0] if label_keys else ""
        if fast and self.wanted is not None and name not in self.wanted:
            fast = False
        label = self.labels.get(name)
        if fast and label is None:
            label = self.labels[name] = LabelValues(name)
        cache = verdicts.setdefault(name, {})
        who_seen = self.annotators_seen
        if label is None:
            fast = False
            label = LabelValues(name)  # (not used: every row goes the general way)
        # The label's columns, appended to here as LabelValues.append would (the loop
        # runs once per rating of a million-rating file).
        item_codes, item_names = label._item_codes, label.item_names
        annotator_codes, annotator_names = label._annotator_codes, label.annotator_names
        value_codes = label._value_codes
        items, annotators, values = label._items, label._annotators, label._values
        #: Value → its code, for values already kept (neither missing nor NaN).
        kept: dict[Any, int] = {}
        taken_rows = 0
        count = 0
        for entry in entries:
            if entry.__class__ is not tuple:
                columns = getattr(entry, "columns", None)
                if columns is None:
                    other(entry)
                    continue
                # A block of rows as columns (readers.jsonl_columns.ColumnBlock).
                block: Any = entry
                if unseen:
                    unseen -= {key for key in unseen if block.has(key)}
                if fast and self._add_columns(block, label, item_key, annotator_key, kept):
                    count += len(block)
                else:
                    rows = block.rows()
                    count += self.add_plain_rows(
                        rows, item_key, annotator_key, label_keys, unseen, other
                    )
                continue
            row = entry[1]
            if row.__class__ is not dict:
                other(entry)
                continue
            count += 1
            if unseen:
                unseen -= {key for key in unseen if key in row}
            item: Any = row.get(item_key)
            annotator: Any = row.get(annotator_key)
            value = row.get(name)
            kind = value.__class__
            simple = fast and (kind is str or kind is int or kind is float)
            if simple and item.__class__ is str and annotator.__class__ is str:
                value_code = kept.get(value)
                item_code = item_codes.get(item)
                annotator_code = annotator_codes.get(annotator)
                if (
                    value_code is not None
                    and (item_code is not None or item.strip())
                    and (annotator_code is not None or annotator.strip())
                ):
                    # (new ids are interned only once both are known not to be blank)
                    if item_code is None:
                        item_code = item_codes[item] = len(item_names)
                        item_names.append(item)
                    if annotator_code is None:
                        annotator_code = annotator_codes[annotator] = len(annotator_names)
                        annotator_names.append(annotator)
                        who_seen.add(annotator)
                    items.append(item_code)
                    annotators.append(annotator_code)
                    values.append(value_code)
                    taken_rows += 1
                    continue
            self.add_plain_row(row, item_key, annotator_key, label_keys)
            if simple and value == value:
                taken = cache.get(value, _UNSEEN)
                if taken is not _UNSEEN and taken.__class__ is not _Dropped:
                    kept[value] = value_codes[value]
            if self.first_not_finite is not None:
                other(entry)
        self.seen[name] += taken_rows
        return count

    def takes_columns(self, label_keys: Sequence[str]) -> bool:
        """Whether :meth:`add_plain_rows` takes blocks of columns of ``label_keys``
        in one go (else it makes a dictionary of each of their rows)."""
        return (
            len(label_keys) == 1
            and self.only is None
            and (self.wanted is None or label_keys[0] in self.wanted)
        )

    def _add_columns(
        self,
        block: Any,
        label: LabelValues,
        item_key: str,
        annotator_key: str,
        kept: dict[Any, int],
    ) -> bool:
        """The rows of a block of columns (``block.columns``: the values of each key,
        ``block.absent`` for a key a row lacks) added as :meth:`add_plain_row` adds
        them one by one, with the same result, in a few passes over the columns; False,
        with nothing added, when a row needs the way of a single row (an item or
        annotator that is no text or is blank, a value that is no text, number or
        null, or an infinite number). ``kept`` is the value → code cache of
        :meth:`add_plain_rows`."""
        name = label.name
        columns = block.columns
        items, annotators, values = columns[item_key], columns[annotator_key], columns[name]
        absent = block.absent
        if not items:
            return False
        if not block.typed:  # (typed: texts and scalars, see ColumnBlock.typed)
            if set(map(type, items)) != {str} or set(map(type, annotators)) != {str}:
                return False
            if not set(map(type, values)) <= {str, int, float, type(None), type(absent)}:
                return False
        item_set = dict.fromkeys(items)
        annotator_set = dict.fromkeys(annotators)
        if not (all(map(str.strip, item_set)) and all(map(str.strip, annotator_set))):
            return False  # (a blank id: counted as a row without an item or annotator)
        # The verdict on each distinct value, as add() makes it (the cache is shared).
        cache = self._verdicts.setdefault(name, {})
        codes: dict[Any, int] = {}
        fresh: list[tuple[Any, Any, Hashable]] = []  # new kept values, in first-seen order
        dropped: dict[Any, str] = {}
        for value in dict.fromkeys(values):
            code = kept.get(value)
            if code is not None:
                codes[value] = code
                continue
            probe = None if value is absent else value
            key = value_key(probe)
            taken = cache.get(key, _UNSEEN)
            if taken is _UNSEEN:
                taken = cache[key] = self._take(name, probe)  # (JSON has no NaN)
            if taken is _NOT_FINITE:
                return False  # (reported at its line, by the way of single rows)
            if taken.__class__ is _Dropped:
                dropped[value] = str(taken)
            else:
                fresh.append((value, taken, key))
        # Every row can be taken: from here on, nothing returns early.
        value_codes, distinct = label._value_codes, label.distinct
        for value, taken, key in fresh:
            code = value_codes.get(key)
            if code is None:
                code = value_codes[key] = len(distinct)
                distinct.append(taken)
            codes[value] = kept[value] = code
        self.seen[name] += len(items)
        self.annotators_seen.update(annotator_set)
        if dropped:
            for value, times in Counter(
                compress(values, map(dropped.__contains__, values))
            ).items():
                label._dropped[dropped[value]] += times
            keep = list(map(codes.__contains__, values))
            items = list(compress(items, keep))
            annotators = list(compress(annotators, keep))
            values = list(compress(values, keep))
            item_set = dict.fromkeys(items)
            annotator_set = dict.fromkeys(annotators)
        label.extend(items, item_set, annotators, annotator_set, map(codes.__getitem__, values))
        return True

    def add_wide_row(
        self,
        row: Mapping[str, Any],
        *,
        item: Any,
        columns: Iterable[str],
        label: str,
    ) -> None:
        """One wide row: the item's id and one value per annotator column."""
        for column in columns:
            self.add(item, column, label, row.get(column))

    # -- what was collected ------------------------------------------------------------
    def label_names(self) -> list[str]:
        return list(self.labels)

    def count_records_without_values(self) -> None:
        """Count, per label, the records (annotations) that have no value for it at
        all, such as a Label Studio annotation submitted without the rating, as
        dropped values with the annotators who left it out. Can be called again."""
        for label in self.labels.values():
            for reason in [r for r in label.dropped if r.startswith(NO_VALUE)]:
                del label.dropped[reason]
            missing = self.records_by - label.records_by
            if not missing:
                continue
            who = ", ".join(f"{a} ×{n}" for a, n in missing.most_common(5))
            more = " …" if len(missing) > 5 else ""
            label.dropped[f"{NO_VALUE} (by {who}{more})"] = missing.total()

    def unknown_annotators(self) -> list[str]:
        """The annotators asked for (``annotators=``) that no value or record had."""
        return sorted((self.only or frozenset()) - self.annotators_seen)

    def has_overlap(self) -> bool:
        """Whether some label has an item with values from two or more annotators."""
        return any(label.items_with_overlap() for label in self.labels.values())


def lookalikes(names: Iterable[str], fold: Callable[[str], str]) -> str:
    """The names that ``fold`` makes one, two or more at a time, shown as "'Good' /
    'good'; 'Bad' / 'bad'" (sorted; four groups at most, then "…"); "" when none."""
    groups: dict[str, set[str]] = {}
    for name in names:
        groups.setdefault(fold(name), set()).add(name)
    alike = sorted(sorted(group) for group in groups.values() if len(group) > 1)
    shown = "; ".join(" / ".join(repr(name) for name in group) for group in alike[:4])
    return shown + (" …" if len(alike) > 4 else "")


def _id_text(value: Any) -> str:
    """An item id that is not text, as text: a whole float as the integer it is (``4.0``
    is ``4``, as pandas writes an id column with a gap in it), else ``str``."""
    if value.__class__ is float and value.is_integer():
        return str(int(value))
    return str(value)
