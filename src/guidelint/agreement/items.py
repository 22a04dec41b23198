"""Agreement per item: the items annotators disagree on, most disagreement first.

The spread of an item is, for numbers, the range of its values (highest minus
lowest; the standard deviation breaks ties); for choices, the number of distinct
values (the share of annotators outside the majority breaks ties); for rankings,
``1 - W`` (Kendall's W of the item). Items where everyone agrees are not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from guidelint.agreement.coding import CodedLabel
from guidelint.agreement.ranking_report import item_w

__all__ = ["Disagreement", "disagreements"]


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


def _values(label: CodedLabel, item: str) -> tuple[tuple[str, Any], ...]:
    source = label.source.values
    names = [str(a) for a in label.table.annotators.tolist()]
    return tuple(
        (annotator, label.show(source[(item, annotator)]))
        for annotator in names
        if (item, annotator) in source
    )


def disagreements(label: CodedLabel) -> list[Disagreement]:
    """Every item whose annotators disagree, most spread first (ties: more
    annotators first, then reading order)."""
    order = {item: k for k, item in enumerate(label.source.items())}
    found: list[Disagreement] = []
    if label.kind == "ranking":
        for item, w in item_w(label).items():
            if w is not None and w < 1.0 - 1e-12:
                found.append(Disagreement(item, 1.0 - w, "1 - W", 0.0, _values(label, item)))
    else:
        r = label.table.ratings
        items = [str(i) for i in label.table.items.tolist()]
        numeric = label.numeric
        for row, item in zip(r, items, strict=True):
            values = row[~np.isnan(row)]
            if values.size < 2:
                continue
            if numeric:
                spread = float(values.max() - values.min())
                secondary = float(values.std())
                measure = "range"
            else:
                _, counts = np.unique(values, return_counts=True)
                spread = float(counts.size)
                secondary = 1.0 - counts.max() / values.size
                measure = "distinct"
            if (numeric and spread > 0) or (not numeric and spread > 1):
                found.append(Disagreement(item, spread, measure, secondary, _values(label, item)))
    found.sort(key=lambda d: (-d.spread, -d.secondary, -len(d.values), order.get(d.item, 0)))
    return found
