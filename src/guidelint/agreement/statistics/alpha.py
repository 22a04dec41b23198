"""Krippendorff's alpha (nominal, ordinal, interval, ratio) with missing data.

Follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability":
``alpha = 1 - D_o / D_e`` where, with ``m_u`` pairable values in unit ``u``
and ``n = sum_u m_u`` over units with ``m_u >= 2``,

* ``D_o = (1/n) sum_u sum_{c,k} n_uc n_uk delta2(c, k) / (m_u - 1)``
  (the coincidence-matrix form), and
* ``D_e = 1/(n (n - 1)) sum_{c,k} n_c n_k delta2(c, k)``.

Per-unit contributions are computed once, so bootstrap resamples of units
reduce to weighted sums.  The interval metric uses per-unit moments, so it
needs no count matrix and handles any number of distinct values; the ordinal
metric is the interval metric on mid-rank positions ``sum_{g<c} n_g + n_c/2``,
which depend on the (resampled) marginals.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from ._core import (
    NO_PAIRS,
    NO_RATINGS,
    BoolArray,
    FloatArray,
    Plan,
    Prepared,
    as_matrix,
    coded_counts,
    counts_from_codes,
    encode,
    fmt,
    linear_plan,
    raters_present,
    resolve,
    resolve_categories,
    safe_div,
    sharing,
)
from ._result import Statistic

__all__ = ["Level", "krippendorff_alpha"]

Level = Literal["nominal", "ordinal", "interval", "ratio"]
_LEVELS = ("nominal", "ordinal", "interval", "ratio")
#: Largest number of distinct values for the ratio metric (dense q x q matrix).
MAX_RATIO_CATEGORIES = 4096


def _expected(n: FloatArray, num: FloatArray) -> FloatArray:
    return safe_div(num, n * (n - 1.0))


def _nominal_plan(counts: FloatArray) -> Plan:
    m = counts.sum(axis=1)
    d_u = (m**2 - (counts**2).sum(axis=1)) / (m - 1.0)
    summaries = np.column_stack([d_u, counts])

    def parts(t: FloatArray) -> tuple[FloatArray, FloatArray]:
        marg = t[:, 1:]
        n = marg.sum(axis=1)
        return safe_div(t[:, 0], n), _expected(n, n**2 - (marg**2).sum(axis=1))

    return linear_plan(summaries, parts)


def _interval_plan(z: FloatArray) -> Plan:
    """``z``: pairable rows of values scaled to [-1, 1], NaN = missing."""
    present = ~np.isnan(z)
    m = present.sum(axis=1).astype(np.float64)
    zz = np.where(present, z, 0.0)
    s1 = zz.sum(axis=1)
    centred = np.where(present, z - (s1 / m)[:, None], 0.0)
    d_u = 2.0 * m * (centred**2).sum(axis=1) / (m - 1.0)
    summaries = np.column_stack([d_u, m, s1, (zz**2).sum(axis=1)])

    def parts(t: FloatArray) -> tuple[FloatArray, FloatArray]:
        n = t[:, 1]
        spread = np.maximum(n * t[:, 3] - t[:, 2] ** 2, 0.0)
        return safe_div(t[:, 0], n), _expected(n, 2.0 * spread)

    return linear_plan(summaries, parts)


def _ratio_plan(counts: FloatArray, cats: FloatArray) -> Plan:
    total = cats[:, None] + cats[None, :]
    delta2 = safe_div((cats[:, None] - cats[None, :]) ** 2, total**2)
    delta2[total == 0] = 0.0
    m = counts.sum(axis=1)
    d_u = ((counts @ delta2) * counts).sum(axis=1) / (m - 1.0)
    summaries = np.column_stack([d_u, counts])

    def parts(t: FloatArray) -> tuple[FloatArray, FloatArray]:
        marg = t[:, 1:]
        n = marg.sum(axis=1)
        return safe_div(t[:, 0], n), _expected(n, ((marg @ delta2) * marg).sum(axis=1))

    return linear_plan(summaries, parts)


def _ordinal_plan(counts: FloatArray) -> Plan:
    m = counts.sum(axis=1)
    inv = 1.0 / (m - 1.0)
    scaled_counts = counts * (m * inv)[:, None]

    def components(w: FloatArray) -> tuple[FloatArray, FloatArray]:
        marg = w @ counts  # (B, q) resampled marginals n_c
        n = marg.sum(axis=1)
        pos = safe_div(np.cumsum(marg, axis=1) - marg / 2.0, n[:, None])  # in [0, 1]
        s1 = (marg * pos).sum(axis=1)
        s2 = (marg * pos**2).sum(axis=1)
        expected = _expected(n, 2.0 * np.maximum(n * s2 - s1**2, 0.0))
        per_unit = counts @ np.nan_to_num(pos).T  # (units, B): sum_c n_uc P_c
        first = ((w @ scaled_counts) * pos**2).sum(axis=1)
        second = np.einsum("bu,ub->b", w * inv[None, :], per_unit**2)
        observed = safe_div(2.0 * np.maximum(first - second, 0.0), n)
        return observed, expected

    return Plan(counts.shape[0], components)


def _pairable_counts(
    x: FloatArray, xp: FloatArray, rows: BoolArray, cats: FloatArray
) -> FloatArray:
    """The count matrix of the pairable rows ``xp = x[rows]``: within
    :func:`shared_coding`, the rows of ``x``'s shared one when that can be made (a value
    off the scale in a row that is not pairable is no error); else from ``xp`` alone."""
    if sharing():
        try:
            return coded_counts(x, cats)[rows]
        except ValueError:
            pass
    return counts_from_codes(encode(xp, cats), cats.size)


def _prepare_alpha(
    ratings: ArrayLike, level: Level = "nominal", categories: ArrayLike | None = None
) -> Prepared | Statistic:
    if level not in _LEVELS:
        raise ValueError(f"level must be one of {_LEVELS}; got {level!r}")
    name = f"krippendorff_alpha[{level}]"
    x = as_matrix(ratings)
    present = ~np.isnan(x)
    if not present.any():
        return undefined_alpha(name, NO_RATINGS, x)
    rows = present.sum(axis=1) >= 2
    if not rows.any():
        return undefined_alpha(name, NO_PAIRS, x)
    xp = x[rows]
    lo, hi = float(np.nanmin(xp)), float(np.nanmax(xp))
    plan: Plan
    if level == "interval":
        if categories is not None:
            cats = resolve_categories(x, categories)
            encode(xp, cats)  # validates the scale
            lo_s, hi_s = float(cats[0]), float(cats[-1])
        else:
            lo_s, hi_s = lo, hi
        # alpha is invariant to affine rescaling: centre and scale into [-1, 1]
        plan = _interval_plan((xp - (lo_s + hi_s) / 2.0) / ((hi_s - lo_s) or 1.0))
    else:
        cats = resolve_categories(x, categories)
        counts = _pairable_counts(x, xp, rows, cats)
        if level == "nominal":
            plan = _nominal_plan(counts)
        elif level == "ordinal":
            plan = _ordinal_plan(counts)
        else:
            if cats[0] < 0:
                raise ValueError("the ratio metric needs non-negative values")
            if cats.size > MAX_RATIO_CATEGORIES:
                raise ValueError(
                    f"the ratio metric supports at most {MAX_RATIO_CATEGORIES} distinct values"
                )
            plan = _ratio_plan(counts, cats)
    if lo == hi:
        why = (
            f"undefined: every pairable rating is the same value ({fmt(lo)}); "
            "observed disagreement is 0 but so is expected disagreement, so alpha is 0/0"
        )
    else:
        why = "undefined: expected disagreement is 0, so alpha is 0/0"
    single = int(np.count_nonzero(present.sum(axis=1) == 1))
    note = f"{single} item(s) with a single rating are not pairable and were ignored"
    return Prepared(
        name,
        plan,
        n_items=int(rows.sum()),
        n_raters=raters_present(x, rows),
        units=np.flatnonzero(rows),
        kind="disagreement",
        undefined_note=why,
        note=note if single else None,
    )


def undefined_alpha(name: str, note: str, x: FloatArray) -> Statistic:
    return Statistic(name=name, value=None, note=note, n_raters=raters_present(x))


def krippendorff_alpha(
    ratings: ArrayLike, level: Level = "nominal", categories: ArrayLike | None = None
) -> Statistic:
    """Krippendorff's alpha for a ratings matrix ``(n_items, n_raters)``.

    Args:
        ratings: numeric ratings, NaN = missing.  Any number of raters per
            item; items with fewer than two ratings are not pairable and are
            ignored (as in Krippendorff 2011).
        level: metric: ``"nominal"``, ``"ordinal"``, ``"interval"`` or
            ``"ratio"`` (non-negative values).
        categories: declared value scale.  For nominal, interval and ratio
            alpha unused values do not change the result; for ordinal they
            have zero frequency, which also leaves alpha unchanged.  Declaring
            it validates the data.

    The result's ``details`` are ``D_o`` and ``D_e`` (observed and expected
    disagreement), in the metric scaled to the value range.
    """
    return resolve(_prepare_alpha(ratings, level, categories))
