"""Light's kappa: the mean of Cohen's kappa over every pair of raters.

Each pair's kappa is computed on the items both rated, on one category scale (the
declared one, else every value in the matrix), with the same weights. For the
bootstrap, the unit resampled is the item, as for every statistic of this package:
a resample draws items with all their ratings, and each pair's kappa is evaluated on
the drawn items it shares, so the pairs move together (one plan of per-item weights,
see :mod:`guidelint.agreement.statistics._core`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
from .kappa import ONE_ITEM, _prepare_cohen

__all__ = ["light_kappa", "light_kappa_of_pairs"]


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


#: Why Light's kappa is undefined when items have two or more ratings, but no pair of
#: raters shares two (each pair's Cohen's kappa needs two).
ONE_ITEM_EACH = (
    "undefined: every pair of raters has at most one item in common; Cohen's kappa of a "
    "pair needs two or more"
)


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
        return undefined(name, ONE_ITEM_EACH, 0, 0)

    point = [resolve(prepared) for _, prepared in plans]

    def per_pair(w: FloatArray) -> FloatArray:
        if w.shape[0] == 1 and (w == 1.0).all():  # the point estimate: made above
            return _point_values(point)
        return np.stack([prepared.plan.values(w[:, rows]) for rows, prepared in plans])

    return _light(per_pair, point, x.shape[0], len(raters), rows)


def _point_values(point: list[Statistic]) -> FloatArray:
    """The pairs' kappas as :meth:`Plan.values` gives them for all-ones weights
    (one row per pair; NaN where undefined)."""
    return np.array([[np.nan if s.value is None else s.value] for s in point])


def _mean(per_pair: FloatArray) -> FloatArray:
    """The mean over pairs (axis 0) of the defined kappas; NaN where none is."""
    defined = ~np.isnan(per_pair)
    total = np.where(defined, per_pair, 0.0).sum(axis=0)
    count = defined.sum(axis=0)
    mean: FloatArray = np.full(total.shape, np.nan)
    np.divide(total, count, out=mean, where=count > 0)
    return mean


def _light(
    per_pair: Callable[[FloatArray], FloatArray],
    point: list[Statistic],
    n_items: int,
    n_raters: int,
    units: IntArray | None,
) -> Prepared:
    """Light's kappa from ``per_pair(w)``, each pair's kappas for per-unit weights
    ``w``, and ``point``, the pairs' point estimates."""

    def components(w: FloatArray) -> tuple[FloatArray, FloatArray]:
        mean = _mean(per_pair(w))
        return 1.0 - mean, np.ones_like(mean)  # the plan's statistic 1 - D_o / D_e is the mean

    defined = [s for s in point if s.value is not None]
    notes = {s.note for s in point if s.note}
    undefined_note = (
        next(iter(notes)) if len(notes) == 1 else "undefined: no pair of raters has a defined kappa"
    )
    return Prepared(
        "light_kappa",
        Plan(n_items, components),
        n_items=n_items,
        n_raters=n_raters,
        units=units,
        kind="none",
        undefined_note=undefined_note,
        note=f"mean of Cohen's kappa over {len(defined)} rater pairs (Light's kappa)",
    )


def light_kappa_of_pairs(
    ratings: ArrayLike, pairs: Sequence[tuple[str, str, Statistic]]
) -> Statistic | None:
    """:func:`light_kappa` (its point estimate) from Cohen's kappa of every pair of
    raters with an item in common, ``(rater, rater, kappa)`` in the order of the
    columns of ``ratings``, each computed as :func:`~guidelint.agreement.cohen_kappa`
    computes it on the items both rated, with the categories and weights Light's kappa
    is asked for; the same value, bit for bit, without computing the pairs again.
    None when some pair's kappa could not be computed (a ValueError's note)."""
    if not pairs or any((s.note or "").startswith("not computed") for _, _, s in pairs):
        return None
    x = as_matrix(ratings)
    n_items = int(np.count_nonzero((~np.isnan(x)).sum(axis=1) >= 2))
    kept = [(a, b, stat) for a, b, stat in pairs if stat.note != ONE_ITEM]  # (as _pair_plans)
    if not kept:
        return resolve(_prepare_light(ratings))  # (the undefined result, with its note)
    point = [stat for _, _, stat in kept]
    raters = {rater for a, b, _ in kept for rater in (a, b)}
    return resolve(_light(lambda w: _point_values(point), point, n_items, len(raters), None))


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
