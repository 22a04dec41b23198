"""Light's kappa: the mean of Cohen's kappa over every pair of raters.

Each pair's kappa is computed on the items both rated, on one category scale (the
declared one, else every value in the matrix), with the same weights. For the
bootstrap, the unit resampled is the item, as for every statistic of this package:
a resample draws items with all their ratings, and each pair's kappa is evaluated on
the drawn items it shares, so the pairs move together (one plan of per-item weights,
see :mod:`guidelint.agreement.statistics._core`).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from numpy.typing import ArrayLike

from ._core import (
    NO_PAIRS,
    NO_RATINGS,
    FloatArray,
    IntArray,
    Plan,
    Prepared,
    as_matrix,
    resolve,
    resolve_categories,
    undefined,
)
from ._result import Statistic
from .kappa import _prepare_cohen

__all__ = ["light_kappa"]


def _pair_plans(
    x: FloatArray, categories: FloatArray, weights: str | ArrayLike | None
) -> tuple[list[tuple[IntArray, Prepared]], set[int]]:
    """Per pair of raters with shared items: their row indices in ``x`` and kappa."""
    present = ~np.isnan(x)
    plans: list[tuple[IntArray, Prepared]] = []
    raters: set[int] = set()
    for a, b in combinations(range(x.shape[1]), 2):
        both = present[:, a] & present[:, b]
        if not both.any():
            continue
        prepared = _prepare_cohen(x[both, a], x[both, b], categories, weights)
        if isinstance(prepared, Prepared):
            plans.append((np.flatnonzero(both), prepared))
            raters.update((a, b))
    return plans, raters


def _prepare_light(
    ratings: ArrayLike,
    categories: ArrayLike | None = None,
    weights: str | ArrayLike | None = None,
) -> Prepared | Statistic:
    x = as_matrix(ratings)
    name = "light_kappa"
    if not (~np.isnan(x)).any():
        return undefined(name, NO_RATINGS)
    units = (~np.isnan(x)).sum(axis=1) >= 2
    if not units.any():
        return undefined(name, NO_PAIRS, 0, int((~np.isnan(x)).any(axis=0).sum()))
    rows = np.flatnonzero(units)
    x = x[units]
    plans, raters = _pair_plans(x, resolve_categories(x, categories), weights)
    if not plans:
        return undefined(name, NO_PAIRS, 0, 0)

    def values(w: FloatArray) -> FloatArray:
        per_pair = np.stack([prepared.plan.values(w[:, rows]) for rows, prepared in plans])
        defined = ~np.isnan(per_pair)
        total = np.where(defined, per_pair, 0.0).sum(axis=0)
        count = defined.sum(axis=0)
        mean: FloatArray = np.full(total.shape, np.nan)
        np.divide(total, count, out=mean, where=count > 0)
        return mean

    def components(w: FloatArray) -> tuple[FloatArray, FloatArray]:
        mean = values(w)
        return 1.0 - mean, np.ones_like(mean)  # the plan's statistic 1 - D_o / D_e is the mean

    point = [resolve(prepared) for _, prepared in plans]
    defined = [s for s in point if s.value is not None]
    notes = {s.note for s in point if s.note}
    undefined_note = (
        next(iter(notes)) if len(notes) == 1 else "undefined: no pair of raters has a defined kappa"
    )
    return Prepared(
        name,
        Plan(x.shape[0], components),
        n_items=x.shape[0],
        n_raters=len(raters),
        units=rows,
        kind="none",
        undefined_note=undefined_note,
        note=f"mean of Cohen's kappa over {len(defined)} rater pairs (Light's kappa)",
    )


def light_kappa(
    ratings: ArrayLike,
    categories: ArrayLike | None = None,
    weights: str | ArrayLike | None = None,
) -> Statistic:
    """Light's kappa: Cohen's kappa (optionally weighted) averaged over every pair of
    raters with items in common; pairs whose kappa is undefined are left out.

    Args:
        ratings: ``(n_items, n_raters)``, NaN = missing.
        categories: the declared scale, shared by every pair; default: the values
            in ``ratings``.
        weights: as for :func:`~guidelint.agreement.cohen_kappa`.

    ``n_items`` counts the items with two or more ratings. Bootstrap it like any
    statistic here: ``bootstrap(light_kappa, ratings, ...)`` resamples items.
    """
    return resolve(_prepare_light(ratings, categories, weights))
