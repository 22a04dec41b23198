"""Agreement on rankings: Kendall's W per item, per annotator pair, and per annotator.

Items may rank different numbers of candidates, so W is computed per item (from
:func:`~guidelint.agreement.kendall_w`, tie-corrected) and averaged over items; the
interval resamples items. A ranking that leaves out some of the item's candidates
does not count for that item.
"""

from __future__ import annotations

import numpy as np

from guidelint.agreement.coding import CodedLabel, RankingData
from guidelint.agreement.measure import Measure, ReportOptions, compute_mean
from guidelint.agreement.statistics._core import FloatArray
from guidelint.agreement.statistics.rankings import kendall_w, pairwise_preference_agreement

__all__ = ["consensus_w", "item_w", "overall_w", "pair_order_agreement"]


def _data(label: CodedLabel) -> RankingData:
    assert label.rankings is not None
    return label.rankings


def item_w(label: CodedLabel) -> dict[str, float | None]:
    """Kendall's W of each item ranked by two or more annotators."""
    found: dict[str, float | None] = {}
    for item, ranks in _data(label).ranks.items():
        complete = ranks[~np.isnan(ranks).any(axis=1)]
        if complete.shape[0] >= 2:
            found[item] = kendall_w(complete).value
    return found


def overall_w(label: CodedLabel, options: ReportOptions) -> Measure:
    """Mean W over items, with a bootstrap interval over items."""
    values = np.array([np.nan if w is None else w for w in item_w(label).values()], dtype=float)
    notes = []
    if values.size == 0:
        notes.append("undefined: no item was ranked completely by two or more annotators")
    elif np.isnan(values).any():
        tied = int(np.isnan(values).sum())
        notes.append(f"{tied} item(s) where every ranking ties all candidates")
    partial = _partly_ranked(label)
    if partial:
        notes.append(
            f"{partial} item(s) left out: ranked by two or more annotators, but fewer than "
            "two ranked every candidate"
        )
    return compute_mean("kendall_w", values, options, "; ".join(notes) or None, _raters(label))


def _raters(label: CodedLabel) -> int:
    """Annotators with a complete ranking of an item that two or more ranked completely
    (the rankings W is computed from)."""
    used: set[int] = set()
    for ranks in _data(label).ranks.values():
        complete = np.flatnonzero(~np.isnan(ranks).any(axis=1))
        if complete.size >= 2:
            used.update(int(k) for k in complete)
    return len(used)


def _partly_ranked(label: CodedLabel) -> int:
    """Items ranked by two or more annotators of which fewer than two ranked every
    candidate (Kendall's W compares complete rankings only)."""
    count = 0
    for ranks in _data(label).ranks.values():
        ranked = ~np.isnan(ranks).all(axis=1)
        complete = ~np.isnan(ranks).any(axis=1)
        count += int(ranked.sum() >= 2 and complete.sum() < 2)
    return count


def pair_order_agreement(
    label: CodedLabel, a: int, b: int
) -> tuple[int, float | None, float | None]:
    """Items both annotators ranked, the share of candidate pairs they order the same
    way (pooled over those items; a tie agrees only with a tie), and the share of those
    items they ranked identically."""
    agree = total = 0.0
    shared = same = 0
    for ranks in _data(label).ranks.values():
        pair = ranks[[a, b]]
        if np.isnan(pair).all(axis=1).any():
            continue
        shared += 1
        same += bool(np.array_equal(pair[0], pair[1], equal_nan=True))
        # (pooled over the candidate pairs compared: those both ranked)
        n = int((~np.isnan(pair).any(axis=0)).sum())
        share = pairwise_preference_agreement(pair).value
        if share is not None:
            weight = n * (n - 1) / 2
            agree += share * weight
            total += weight
    return shared, (agree / total if total else None), (same / shared if shared else None)


def consensus_w(label: CodedLabel, column: int, options: ReportOptions) -> tuple[int, Measure, int]:
    """Items ranked by this annotator and another, W between the annotator's ranking
    and the others' mean ranks averaged over those items (two raters: the annotator
    and that consensus), and how many of the items it ranks otherwise (W below 1)."""
    values: list[float] = []
    for ranks in _data(label).ranks.values():
        own = ranks[column]
        others = np.delete(ranks, column, axis=0)
        others = others[~np.isnan(others).any(axis=1)]
        if np.isnan(own).any() or others.shape[0] == 0:
            continue
        consensus: FloatArray = others.mean(axis=0)
        w = kendall_w(np.vstack([own, consensus])).value
        values.append(np.nan if w is None else w)
    array = np.asarray(values, dtype=float)
    differ = int(np.sum(~np.isnan(array) & (array < 1 - 1e-9)))
    return len(values), compute_mean("kendall_w", array, options, raters=2), differ
