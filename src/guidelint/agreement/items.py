"""Agreement per item: the items annotators disagree on, most disagreement first.

The spread of an item is, for numbers, the range of its values (highest minus
lowest; the standard deviation breaks ties); for choices, the number of distinct
values (the share of annotators outside the majority breaks ties); for rankings,
``1 - W`` (Kendall's W of the item). Items where everyone agrees are not listed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np

from guidelint.agreement.coding import CodedLabel
from guidelint.agreement.ranking_report import item_w
from guidelint.agreement.statistics._core import FloatArray, IntArray

__all__ = ["Disagreement", "Disagreements", "disagreements"]


@dataclass(frozen=True)
class Disagreement:
    """One item with different values: ``values`` are ``(annotator, value)`` pairs."""

    item: str
    spread: float
    #: ``range``, ``distinct`` or ``1 - W``.
    measure: str
    #: Standard deviation (numbers) or share outside the majority (choices).
    secondary: float
    values: tuple[tuple[str, Any], ...]


def _values(
    label: CodedLabel, item: str, source: dict[tuple[str, str], Any]
) -> tuple[tuple[str, Any], ...]:
    names = [str(a) for a in label.table.annotators.tolist()]
    return tuple(
        (annotator, label.show(source[(item, annotator)]))
        for annotator in names
        if (item, annotator) in source
    )


class Disagreements(Sequence[Disagreement]):
    """The items annotators disagree on, most spread first, made into
    :class:`Disagreement` objects only when read (a report shows the first few of
    what may be a hundred thousand)."""

    def __init__(
        self, label: CodedLabel, rows: IntArray, spread: FloatArray, secondary: FloatArray
    ) -> None:
        self._label = label
        self._rows = rows
        self._spread = spread
        self._secondary = secondary
        self._measure = "range" if label.numeric else "distinct"

    def __len__(self) -> int:
        return int(self._rows.size)

    def _one(self, k: int) -> Disagreement:
        row = int(self._rows[k])
        return Disagreement(
            str(self._label.table.items[row]),
            float(self._spread[k]),
            self._measure,
            float(self._secondary[k]),
            self._label.shown(row),
        )

    @overload
    def __getitem__(self, index: int) -> Disagreement: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Disagreement, ...]: ...

    def __getitem__(self, index: int | slice) -> Disagreement | tuple[Disagreement, ...]:
        if isinstance(index, slice):
            return tuple(self._one(k) for k in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("disagreement index out of range")
        return self._one(index)

    def __iter__(self) -> Iterator[Disagreement]:
        return (self._one(k) for k in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def _row_spreads(label: CodedLabel, ratings: FloatArray) -> tuple[IntArray, FloatArray, FloatArray]:
    """The rows with two or more values whose values differ, with their spread and
    secondary measure, computed as a per-row loop would: per number of values, the
    rows' values in column order as one array."""
    present = ~np.isnan(ratings)
    sizes = present.sum(axis=1)
    found_rows, found_spread, found_secondary = [], [], []
    for size in np.unique(sizes[sizes >= 2]).tolist():
        rows = np.flatnonzero(sizes == size)
        block = ratings[rows]
        values = block[present[rows]].reshape(rows.size, size)
        if label.numeric:
            spread = values.max(axis=1) - values.min(axis=1)
            secondary = values.std(axis=1)
            differ = spread > 0
        else:
            ordered = np.sort(values, axis=1)
            starts = np.ones(ordered.shape, dtype=bool)
            starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
            spread = starts.sum(axis=1).astype(np.float64)
            # the longest run of equal values: positions minus the start of their run
            position = np.broadcast_to(np.arange(size), ordered.shape)
            run_start = np.maximum.accumulate(np.where(starts, position, 0), axis=1)
            top = (position - run_start).max(axis=1) + 1
            secondary = 1.0 - top / size
            differ = spread > 1
        found_rows.append(rows[differ])
        found_spread.append(spread[differ])
        found_secondary.append(secondary[differ])
    if not found_rows:
        return np.empty(0, dtype=np.intp), np.empty(0), np.empty(0)
    return (
        np.concatenate(found_rows),
        np.concatenate(found_spread),
        np.concatenate(found_secondary),
    )


def disagreements(label: CodedLabel) -> Sequence[Disagreement]:
    """Every item whose annotators disagree, most spread first (ties: more
    annotators first, then reading order)."""
    if label.kind == "ranking":
        order = {item: k for k, item in enumerate(label.source.items())}
        source = label.source.values
        found: list[Disagreement] = []
        for item, w in item_w(label).items():
            if w is not None and w < 1.0 - 1e-12:
                shown = _values(label, item, source)
                found.append(Disagreement(item, 1.0 - w, "1 - W", 0.0, shown))
        found.sort(key=lambda d: (-d.spread, -d.secondary, -len(d.values), order.get(d.item, 0)))
        return tuple(found)
    ratings = label.table.ratings
    rows, spread, secondary = _row_spreads(label, ratings)
    sizes = (~np.isnan(ratings[rows])).sum(axis=1)
    order = np.lexsort((_reading_order(label)[rows], -sizes, -secondary, -spread))
    return Disagreements(label, rows[order], spread[order], secondary[order])


def _reading_order(label: CodedLabel) -> IntArray:
    """Per row of the table, a number that orders the items as they were read."""
    if label.first_seen is not None:
        return label.first_seen
    items = [str(i) for i in label.table.items.tolist()]
    order = {item: k for k, item in enumerate(label.source.items())}
    return np.array([order.get(item, 0) for item in items], dtype=np.intp)
