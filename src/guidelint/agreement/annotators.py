"""Agreement per annotator: pairs on shared items, and each annotator against the others.

* **Pairs** (:func:`pair_rows`): for every two annotators with items in common, the
  number of shared items, exact agreement on them, and Cohen's kappa (weighted as the
  label says; Krippendorff's interval alpha for continuous values, the share of
  candidate pairs ordered alike for rankings).
* **Annotators** (:func:`annotator_rows`): items done, items shared with someone
  else, mean rating, bias (mean of own rating minus the others' mean rating on the
  same item, over shared items), and agreement with the consensus of the others
  (leave-one-out): Krippendorff's alpha at the label's level between the annotator and
  the others' majority (nominal; items where the others tie are left out) or median
  (other levels; a median between two categories stays in between).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from guidelint.agreement.coding import ORDER_UNKNOWN, CodedLabel
from guidelint.agreement.measure import Measure, ReportOptions, compute, not_computed
from guidelint.agreement.ranking_report import consensus_w, pair_order_agreement
from guidelint.agreement.statistics._core import BoolArray, FloatArray
from guidelint.agreement.statistics._result import Statistic
from guidelint.agreement.statistics.alpha import krippendorff_alpha
from guidelint.agreement.statistics.kappa import cohen_kappa

__all__ = ["AnnotatorRow", "PairRow", "annotator_rows", "consensus_of", "pair_rows"]


@dataclass(frozen=True)
class PairRow:
    """Two annotators on the items both labelled."""

    a: str
    b: str
    shared: int
    #: Share of shared items with the same value (rankings: ranked identically).
    percent: float | None
    measure: Measure


@dataclass(frozen=True)
class AnnotatorRow:
    """One annotator against the others."""

    annotator: str
    items: int
    shared: int
    mean: float | None
    bias: float | None
    consensus: Measure
    #: Share of compared items where the annotator's value equals the consensus.
    match: float | None
    #: Compared items where it differs from the consensus (rankings: items it orders
    #: otherwise than the others' mean ranks).
    deviations: int
    distribution: dict[str, int] = field(default_factory=dict)
    #: Shared items compared with the consensus (those where the others tie are not).
    compared: int = 0


def pair_rows(label: CodedLabel, options: ReportOptions) -> tuple[PairRow, ...]:
    """Every pair of annotators with at least one shared item."""
    r = label.table.ratings
    names = [str(a) for a in label.table.annotators.tolist()]
    present = ~np.isnan(r)
    rows = []
    for a in range(len(names)):
        for b in range(a + 1, len(names)):
            both = present[:, a] & present[:, b]
            if label.kind == "ranking":
                shared, share, same = pair_order_agreement(label, a, b)
                if shared:
                    measure = _order(share, shared, options)
                    rows.append(PairRow(names[a], names[b], shared, same, measure))
                continue
            if not both.any():
                continue
            x, y = r[both, a], r[both, b]
            rows.append(
                PairRow(
                    names[a],
                    names[b],
                    int(both.sum()),
                    None if label.kind == "continuous" else float(np.mean(x == y)),
                    _pair_measure(label, x, y, options),
                )
            )
    return tuple(rows)


def _order(share: float | None, shared: int, options: ReportOptions) -> Measure:
    stat = Statistic("pairwise_preference_agreement", share, n_items=shared, n_raters=2)
    return Measure("pairwise_preference_agreement", stat, options.bands.label(share))


def _pair_measure(
    label: CodedLabel, x: FloatArray, y: FloatArray, options: ReportOptions
) -> Measure:
    if label.kind == "continuous":
        return compute(
            "krippendorff_alpha",
            krippendorff_alpha,
            options,
            np.column_stack([x, y]),
            level=label.level,
            params={"level": label.level},
        )
    weights = {"weights": label.weights or "none"}
    if not label.ordered(weighted=True):
        return not_computed("cohen_kappa", ORDER_UNKNOWN, **weights)
    return compute(
        "cohen_kappa",
        cohen_kappa,
        options,
        x,
        y,
        categories=label.categories,
        weights=label.weights,
        params=weights,
    )


def consensus_of(others: FloatArray, nominal: bool) -> FloatArray:
    """Per row: the majority value (nominal; NaN on a tie) or the median of the
    non-missing values."""
    if not nominal:
        return _row_medians(others)
    values = np.unique(others[~np.isnan(others)])
    if values.size == 0:
        return np.full(others.shape[0], np.nan)
    counts = (others[:, :, None] == values[None, None, :]).sum(axis=1)
    top = counts.max(axis=1)
    winners = (counts == top[:, None]).sum(axis=1)
    chosen = values[counts.argmax(axis=1)]
    return np.where((winners == 1) & (top > 0), chosen, np.nan)


def _row_medians(values: FloatArray) -> FloatArray:
    """Per row, the median of the values that are not NaN (NaN for none), as
    ``np.nanmedian`` gives it: the middle value, or the mean of the two middle ones."""
    found = np.full(values.shape[0], np.nan)
    if values.shape[1] == 0:
        return found
    ordered = np.sort(values, axis=1)  # NaN last
    count = (~np.isnan(values)).sum(axis=1)
    rows = np.flatnonzero(count > 0)
    low = ordered[rows, (count[rows] - 1) // 2]
    high = ordered[rows, count[rows] // 2]
    with np.errstate(over="ignore"):
        found[rows] = np.where(count[rows] % 2 == 1, low, (low + high) / 2.0)
    return found


def annotator_rows(label: CodedLabel, options: ReportOptions) -> tuple[AnnotatorRow, ...]:
    """One row per annotator, in the order of the ratings matrix."""
    r = label.table.ratings
    present = ~np.isnan(r)
    multi = present.sum(axis=1) >= 2
    rows = []
    for j, name in enumerate(str(a) for a in label.table.annotators.tolist()):
        mine: BoolArray = present[:, j]
        shared = mine & multi
        distribution = _distribution(label, r[mine, j])
        mean = float(r[mine, j].mean()) if label.numeric and mine.any() else None
        if label.kind == "ranking":
            compared, measure, differ = consensus_w(label, j, options)
            rows.append(
                AnnotatorRow(name, int(mine.sum()), compared, None, None, measure, None, differ)
            )
            continue
        own = r[shared, j]
        others = np.delete(r, j, axis=1)[shared]
        consensus = consensus_of(others, label.level == "nominal")
        ok = ~np.isnan(consensus)
        bias = None
        if label.numeric and shared.any():
            with np.errstate(all="ignore"):
                bias = float(np.mean(own - np.nanmean(others, axis=1)))
        match: float | None = None
        if not label.ordered():
            ok[:] = False
            measure = not_computed("krippendorff_alpha", ORDER_UNKNOWN, level=label.level)
        elif ok.any():
            measure = compute(
                "krippendorff_alpha",
                krippendorff_alpha,
                options,
                np.column_stack([own[ok], consensus[ok]]),
                level=label.level,
                params={"level": label.level, "against": _against(label)},
            )
            match = None if label.kind == "continuous" else float(np.mean(own[ok] == consensus[ok]))
        else:
            why = "no item shared with another annotator"
            if shared.any():
                why = "the other annotators tie on every shared item"
            measure = not_computed("krippendorff_alpha", why)
        if shared.any() and (~ok).any() and label.ordered():
            note = f"{int((~ok).sum())} shared item(s) left out: the others tie"
            measure = Measure(
                measure.key,
                measure.stat.with_ci(measure.stat.ci, note),
                measure.band,
                measure.params,
            )
        rows.append(
            AnnotatorRow(
                name,
                int(mine.sum()),
                int(shared.sum()),
                mean,
                bias,
                measure,
                match,
                int((own[ok] != consensus[ok]).sum()),
                distribution,
                int(ok.sum()),
            )
        )
    return tuple(rows)


def _against(label: CodedLabel) -> str:
    return "majority of the others" if label.level == "nominal" else "median of the others"


def _distribution(label: CodedLabel, values: FloatArray) -> dict[str, int]:
    """How often the annotator gave each value: in the scale's order, then any value
    off it in the order first given."""
    if label.kind in ("continuous", "ranking"):
        return {}
    found, first, times = np.unique(values, return_index=True, return_counts=True)
    counts: Counter[str] = Counter()
    for k in np.argsort(first, kind="stable").tolist():
        counts[str(label.decode(found[k]))] += int(times[k])
    order = [
        str(label.decode(c)) for c in (label.categories if label.categories is not None else [])
    ]
    return {k: counts[k] for k in order if counts[k]} | dict(counts)
