"""The values of one label, kept as columns: item, annotator and value codes.

A million ratings are three arrays of small integers plus the distinct items,
annotators and values, each kept once (``"i000123"`` is one string however many
annotators rated it), instead of a dictionary of a million ``(item, annotator)``
tuples. Appending is plain Python (``guidelint check`` feeds a collector without
loading numpy); the repeated ratings of an item by the same annotator (the last one
counts) are settled with numpy when the columns are read.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["DUPLICATE", "LabelColumns", "LabelValues", "value_key"]

DUPLICATE = "repeated ratings of an item by the same annotator (the last one is kept)"


def value_key(value: Any) -> Hashable:
    """The key a value is kept under: the value itself for text and numbers (``1``
    and ``1.0`` are one value), apart from booleans (``True`` is no ``1``) and from
    tuples, which keep their elements' types (``(True,)`` is shown as ``True``)."""
    kind = value.__class__
    if kind is str or kind is int or kind is float:
        return value  # type: ignore[no-any-return]
    if kind is tuple:
        return (tuple, value, tuple(v.__class__ for v in value))
    return (kind, value)


@dataclass(frozen=True)
class LabelColumns:
    """The settled columns of a label: one entry per rating, in reading order.

    ``items``, ``annotators`` and ``values`` are codes into ``item_names``,
    ``annotator_names`` and ``distinct``.
    """

    item_names: list[str]
    annotator_names: list[str]
    distinct: list[Any]
    items: NDArray[Any]
    annotators: NDArray[Any]
    values: NDArray[Any]


class LabelValues:
    """Every value of one label, in reading order (a repeated rating moves to the end).

    ``dropped`` counts values left out, by reason (``"values 0 declared missing"``);
    ``records_by`` counts, per annotator, their records (annotations) that have this
    label, with a value or a missing one. ``values`` gives the ratings as a
    dictionary ``{(item, annotator): value}`` (built on each call: for small data and
    for tests; the reports read :meth:`columns`).
    """

    def __init__(
        self,
        name: str,
        values: Mapping[tuple[str, str], Any] | None = None,
        dropped: Counter[str] | None = None,
        records_by: Counter[str] | None = None,
    ) -> None:
        self.name = name
        self._dropped: Counter[str] = dropped if dropped is not None else Counter()
        self.records_by: Counter[str] = records_by if records_by is not None else Counter()
        self.item_names: list[str] = []
        self.annotator_names: list[str] = []
        self.distinct: list[Any] = []
        self._item_codes: dict[str, int] = {}
        self._annotator_codes: dict[str, int] = {}
        self._value_codes: dict[Hashable, int] = {}
        self._items = array("i")
        self._annotators = array("i")
        self._values = array("i")
        #: Rows up to here hold no repeated (item, annotator) pair.
        self._settled = 0
        for (item, annotator), value in (values or {}).items():
            self.append(item, annotator, value)

    # -- adding -------------------------------------------------------------------------
    def append(self, item: str, annotator: str, value: Any, key: Hashable | None = None) -> None:
        """One rating (already checked: not missing, comparable); ``key`` is
        :func:`value_key` of ``value`` when the caller has it."""
        code = self._item_codes.get(item)
        if code is None:
            code = self._item_codes[item] = len(self.item_names)
            self.item_names.append(item)
        self._items.append(code)
        code = self._annotator_codes.get(annotator)
        if code is None:
            code = self._annotator_codes[annotator] = len(self.annotator_names)
            self.annotator_names.append(annotator)
        self._annotators.append(code)
        if key is None:
            key = value_key(value)
        code = self._value_codes.get(key)
        if code is None:
            code = self._value_codes[key] = len(self.distinct)
            self.distinct.append(value)
        self._values.append(code)

    def extend(
        self,
        items: list[str],
        item_set: Iterable[str],
        annotators: list[str],
        annotator_set: Iterable[str],
        value_codes: Iterable[int],
    ) -> None:
        """Ratings in bulk: ``items[k]``, ``annotators[k]`` and the value whose code
        is the k-th of ``value_codes`` (codes already made, as :meth:`append` makes
        them); ``item_set`` and ``annotator_set`` are the distinct ``items`` and
        ``annotators`` in first-seen order."""
        for names, codes, distinct in (
            (self.item_names, self._item_codes, item_set),
            (self.annotator_names, self._annotator_codes, annotator_set),
        ):
            new = [name for name in distinct if name not in codes]
            codes.update(zip(new, range(len(names), len(names) + len(new)), strict=True))
            names.extend(new)
        # (fromlist of a list: a third faster than extend of a map)
        self._items.fromlist(list(map(self._item_codes.__getitem__, items)))
        self._annotators.fromlist(list(map(self._annotator_codes.__getitem__, annotators)))
        self._values.fromlist(list(value_codes))

    # -- reading ------------------------------------------------------------------------
    @property
    def dropped(self) -> Counter[str]:
        self._settle()
        return self._dropped

    def _settle(self) -> None:
        """Keep the last of the ratings of an item by the same annotator (counted)."""
        n = len(self._items)
        if self._settled == n:
            return
        import numpy as np

        items = np.frombuffer(self._items, dtype=np.int32).astype(np.int64)
        pairs = items * max(len(self.annotator_names), 1) + np.frombuffer(
            self._annotators, dtype=np.int32
        )
        del items
        cells = len(self.item_names) * max(len(self.annotator_names), 1)
        if cells <= 8 * n + 1024 and np.bincount(pairs, minlength=cells).max() <= 1:
            self._settled = n
            return
        _, last_reversed = np.unique(pairs[::-1], return_index=True)
        if last_reversed.size == n:
            self._settled = n
            return
        keep = np.sort(n - 1 - last_reversed)
        del pairs
        self._dropped[DUPLICATE] += n - keep.size
        for name in ("_items", "_annotators", "_values"):
            column = np.frombuffer(getattr(self, name), dtype=np.int32)[keep]
            kept = array("i")
            kept.frombytes(column.tobytes())
            del column
            setattr(self, name, kept)
        self._settled = len(self._items)

    def columns(self) -> LabelColumns:
        """The ratings as code arrays (copies), repeated ratings settled."""
        import numpy as np

        self._settle()
        return LabelColumns(
            self.item_names,
            self.annotator_names,
            self.distinct,
            np.frombuffer(self._items, dtype=np.int32).copy(),
            np.frombuffer(self._annotators, dtype=np.int32).copy(),
            np.frombuffer(self._values, dtype=np.int32).copy(),
        )

    def __len__(self) -> int:
        self._settle()
        return len(self._items)

    def __bool__(self) -> bool:
        return len(self._items) > 0

    def _rows(self) -> Iterator[tuple[str, str, Any]]:
        self._settle()
        items, annotators, distinct = self.item_names, self.annotator_names, self.distinct
        for i, a, v in zip(self._items, self._annotators, self._values, strict=True):
            yield items[i], annotators[a], distinct[v]

    @property
    def values(self) -> dict[tuple[str, str], Any]:
        """``{(item, annotator): value}`` in reading order (a new dictionary)."""
        return {(item, annotator): value for item, annotator, value in self._rows()}

    def items(self) -> list[str]:
        """Item ids with at least one value, in first-seen order."""
        self._settle()
        names = self.item_names
        return [names[i] for i in dict.fromkeys(self._items)]

    def annotators(self) -> list[str]:
        self._settle()
        names = self.annotator_names
        return [names[a] for a in dict.fromkeys(self._annotators)]

    def items_with_overlap(self) -> int:
        """Items with values from two or more annotators (plain Python)."""
        pairs = set(zip(self._items, self._annotators, strict=True))
        per_item = Counter(item for item, _ in pairs)
        return sum(1 for count in per_item.values() if count >= 2)

    def triples(self) -> tuple[list[str], list[str], list[Any]]:
        """``(items, annotators, values)`` as parallel lists."""
        rows = list(self._rows())
        return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]

    def without(self, codes: set[int]) -> LabelValues:
        """A copy without the ratings whose value code is in ``codes`` (same codes)."""
        self._settle()
        kept = LabelValues(self.name, dropped=self._dropped.copy(), records_by=self.records_by)
        kept.item_names, kept.annotator_names = self.item_names, self.annotator_names
        kept.distinct = self.distinct
        kept._item_codes, kept._annotator_codes = self._item_codes, self._annotator_codes
        kept._value_codes = self._value_codes
        for i, a, v in zip(self._items, self._annotators, self._values, strict=True):
            if v not in codes:
                kept._items.append(i)
                kept._annotators.append(a)
                kept._values.append(v)
        kept._settled = len(kept._items)
        return kept
