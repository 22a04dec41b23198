"""Percent agreement, Cohen's kappa (pair of raters) and Fleiss' kappa."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._core import (
    NO_PAIRS,
    NO_RATINGS,
    FloatArray,
    IntArray,
    Plan,
    Prepared,
    as_counts,
    as_matrix,
    coded_counts,
    encode,
    linear_plan,
    observed_categories,
    raters_present,
    resolve,
    resolve_categories,
    single_category_note,
    undefined,
)
from ._result import Statistic
from .weights import weight_matrix

__all__ = [
    "cohen_kappa",
    "fleiss_kappa",
    "fleiss_kappa_counts",
    "percent_agreement",
]


def _item_agreement(counts: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Rows with >= 2 ratings and their share of agreeing rater pairs."""
    m = counts.sum(axis=1)
    keep = counts[m >= 2]
    mk = m[m >= 2]
    return keep, (keep * (keep - 1.0)).sum(axis=1) / (mk * (mk - 1.0))


# --------------------------------------------------------------------------
# percent agreement


def _percent_plan(counts: FloatArray) -> Plan:
    _, agree = _item_agreement(counts)
    summaries = np.column_stack([agree, np.ones_like(agree)])

    def parts(t: FloatArray) -> tuple[FloatArray, FloatArray]:
        with np.errstate(invalid="ignore", divide="ignore"):
            p_o = t[:, 0] / t[:, 1]
        return 1.0 - p_o, np.ones_like(p_o)

    return linear_plan(summaries, parts)


def _prepare_percent(ratings: ArrayLike) -> Prepared | Statistic:
    name = "percent_agreement"
    x = as_matrix(ratings)
    if not (~np.isnan(x)).any():
        return undefined(name, NO_RATINGS)
    cats = observed_categories(x)
    counts = coded_counts(x, cats)
    rows = counts.sum(axis=1) >= 2
    if not rows.any():
        return undefined(name, NO_PAIRS, 0, raters_present(x))
    return Prepared(
        name,
        _percent_plan(counts),
        n_items=int(rows.sum()),
        n_raters=raters_present(x, rows),
        units=np.flatnonzero(rows),
        kind="plain",
        undefined_note=NO_PAIRS,
    )


def percent_agreement(ratings: ArrayLike) -> Statistic:
    """Share of agreeing rater pairs, averaged over items with >= 2 ratings.

    For each item with ``m >= 2`` ratings the agreement is
    ``sum_c n_c (n_c - 1) / (m (m - 1))`` (the share of ordered rater pairs
    that chose the same value); items count equally.  Values are compared for
    exact equality (nominal).  ``ratings`` is ``(n_items, n_raters)`` with NaN
    for missing.
    """
    return resolve(_prepare_percent(ratings))


# --------------------------------------------------------------------------
# Fleiss' kappa


def _fleiss_plan(counts: FloatArray) -> Plan:
    keep, agree = _item_agreement(counts)
    summaries = np.column_stack([agree, np.ones_like(agree), keep])

    def parts(t: FloatArray) -> tuple[FloatArray, FloatArray]:
        with np.errstate(invalid="ignore", divide="ignore"):
            p_o = t[:, 0] / t[:, 1]
            marg = t[:, 2:]
            p = marg / marg.sum(axis=1, keepdims=True)
        return 1.0 - p_o, 1.0 - (p**2).sum(axis=1)

    return linear_plan(summaries, parts)


def _fleiss(counts: FloatArray, cats: FloatArray, n_raters: int) -> Prepared | Statistic:
    name = "fleiss_kappa"
    if counts.sum() == 0:
        return undefined(name, NO_RATINGS)
    rows = counts.sum(axis=1) >= 2
    if not rows.any():
        return undefined(name, NO_PAIRS, 0, n_raters)
    dropped = int(np.count_nonzero(counts.sum(axis=1) == 1))
    note = f"{dropped} item(s) with a single rating were dropped" if dropped else None
    return Prepared(
        name,
        _fleiss_plan(counts),
        n_items=int(rows.sum()),
        n_raters=n_raters,
        units=np.flatnonzero(rows),
        kind="agreement",
        note=note,
        undefined_note=single_category_note(counts[rows], cats, "Fleiss' kappa"),
    )


def _prepare_fleiss(
    ratings: ArrayLike, categories: ArrayLike | None = None
) -> Prepared | Statistic:
    x = as_matrix(ratings)
    cats = resolve_categories(x, categories)
    counts = coded_counts(x, cats)
    rows = counts.sum(axis=1) >= 2
    return _fleiss(counts, cats, raters_present(x, rows if rows.any() else None))


def _prepare_fleiss_counts(counts: ArrayLike) -> Prepared | Statistic:
    c = as_counts(counts)
    n_raters = int(c.sum(axis=1).max()) if c.size else 0
    return _fleiss(c, np.arange(c.shape[1], dtype=np.float64), n_raters)


def fleiss_kappa(ratings: ArrayLike, categories: ArrayLike | None = None) -> Statistic:
    """Fleiss' (1971) kappa for any number of raters per item.

    Items with fewer than two ratings are dropped.  With unequal numbers of
    raters per item, observed agreement is the mean over items of the share of
    agreeing rater pairs, and chance agreement is ``sum_c p_c**2`` with ``p_c``
    the pooled share of all ratings (on the retained items) in category ``c``.
    With a constant number of raters this is exactly Fleiss (1971).
    """
    return resolve(_prepare_fleiss(ratings, categories))


def fleiss_kappa_counts(counts: ArrayLike) -> Statistic:
    """Fleiss' kappa from an items x categories count matrix ``n_ic``.

    ``n_raters`` of the result is the largest number of ratings on an item
    (rater identities are unknown in a count matrix).
    """
    return resolve(_prepare_fleiss_counts(counts))


# --------------------------------------------------------------------------
# Cohen's kappa


def _cohen_codes(
    a: ArrayLike, b: ArrayLike, categories: ArrayLike | None
) -> tuple[IntArray, IntArray, FloatArray, int, IntArray]:
    x = np.asarray(a, dtype=np.float64).ravel()
    y = np.asarray(b, dtype=np.float64).ravel()
    if x.shape != y.shape:
        raise ValueError(f"a and b must have the same length; got {x.size} and {y.size}")
    pair = as_matrix(np.column_stack([x, y]) if x.size else np.empty((0, 2)))
    cats = resolve_categories(pair, categories)
    codes = encode(pair, cats)
    both = (codes >= 0).all(axis=1)
    return codes[both, 0], codes[both, 1], cats, raters_present(pair), np.flatnonzero(both)


def _cohen_summaries(ca: IntArray, cb: IntArray, w: FloatArray) -> FloatArray:
    """Per item: 1, its agreement weight, and one-hot columns of both raters' categories."""
    q = w.shape[0]
    n = ca.size
    summaries = np.zeros((n, 2 + 2 * q))
    summaries[:, 0] = 1.0
    summaries[:, 1] = w[ca, cb]
    summaries[np.arange(n), 2 + ca] = 1.0
    summaries[np.arange(n), 2 + q + cb] = 1.0
    return summaries


def _cohen_plan(ca: IntArray, cb: IntArray, w: FloatArray) -> Plan:
    q = w.shape[0]

    def components(weights: FloatArray) -> tuple[FloatArray, FloatArray]:
        # The summaries are made on each call, not kept: Light's kappa holds a plan per
        # pair of raters, and each pair's summaries are items x (2 + 2q) numbers.
        return from_totals(weights @ _cohen_summaries(ca, cb, w))

    def unweighted() -> tuple[FloatArray, FloatArray]:
        # The column sums of the summaries, without making them (1M ratings: the
        # summaries of one pair are 250k x 12 numbers).
        totals = np.concatenate(
            [
                [float(ca.size), float(w[ca, cb].sum())],
                np.bincount(ca, minlength=q),
                np.bincount(cb, minlength=q),
            ]
        ).astype(np.float64)
        return from_totals(totals[None, :])

    def from_totals(t: FloatArray) -> tuple[FloatArray, FloatArray]:
        with np.errstate(invalid="ignore", divide="ignore"):
            tot = t[:, :1]
            p_o = t[:, 1] / tot[:, 0]
            rows = t[:, 2 : 2 + q] / tot
            cols = t[:, 2 + q :] / tot
        p_e = np.einsum("bi,ij,bj->b", rows, w, cols)
        return 1.0 - p_o, 1.0 - p_e

    return Plan(ca.size, components, unweighted)


def _cohen_se(ca: IntArray, cb: IntArray, w: FloatArray, kappa: float) -> float:
    """Fleiss, Cohen & Everitt (1969) large-sample SE of (weighted) kappa."""
    q = w.shape[0]
    n = ca.size
    p = np.bincount(ca * q + cb, minlength=q * q).reshape(q, q) / n
    pr, pc = p.sum(axis=1), p.sum(axis=0)
    p_e = float(pr @ w @ pc)
    w_row = w @ pc  # mean weight of row category i against the column marginal
    w_col = pr @ w  # mean weight of column category j against the row marginal
    term = (p * (w - (w_row[:, None] + w_col[None, :]) * (1.0 - kappa)) ** 2).sum()
    var = (term - (kappa - p_e * (1.0 - kappa)) ** 2) / (n * (1.0 - p_e) ** 2)
    return float(np.sqrt(max(var, 0.0)))


#: Why the kappa of two raters who share one item is undefined. On one item the chance
#: agreement equals the observed one whichever way it goes, so kappa is 0 when the
#: values differ and 0/0 when they agree: kept, such pairs pulled Light's kappa (the
#: mean over pairs) towards 0 in designs where some pairs share a single item.
ONE_ITEM = "undefined: the two raters have one item in common; kappa needs two or more"


def _prepare_cohen(
    a: ArrayLike,
    b: ArrayLike,
    categories: ArrayLike | None = None,
    weights: str | ArrayLike | None = None,
) -> Prepared | Statistic:
    ca, cb, cats, n_raters, units = _cohen_codes(a, b, categories)
    w, kind = weight_matrix(cats, weights)
    name = "cohen_kappa" if kind == "identity" else f"cohen_kappa[{kind}]"
    if n_raters == 0:
        return undefined(name, NO_RATINGS)
    if ca.size == 0:
        return undefined(name, "undefined: the two raters have no item in common", 0, n_raters)
    if ca.size == 1:  # (0 whenever the two values differ, 0/0 when they agree: no evidence)
        return undefined(name, ONE_ITEM, 1, n_raters)
    counts = np.bincount(np.concatenate([ca, cb]), minlength=cats.size)[None, :]

    def se(kappa: float) -> float:
        return _cohen_se(ca, cb, w, kappa)

    return Prepared(
        name,
        _cohen_plan(ca, cb, w),
        n_items=int(ca.size),
        n_raters=2,
        units=units,
        kind="agreement",
        undefined_note=single_category_note(counts.astype(np.float64), cats, "kappa"),
        se=se,
    )


def cohen_kappa(
    a: ArrayLike,
    b: ArrayLike,
    categories: ArrayLike | None = None,
    weights: str | ArrayLike | None = None,
) -> Statistic:
    """Cohen's kappa between two raters, optionally weighted.

    Args:
        a, b: the two raters' ratings of the same items (NaN = missing; only
            items rated by both count).
        categories: the declared scale, e.g. ``[1, 2, 3, 4, 5]``.  Unused
            categories still count (they matter for weighted kappa).  Default:
            the values either rater used.
        weights: ``None`` (unweighted), ``"linear"``, ``"quadratic"``,
            ``"ordinal"`` or a matrix, see :func:`weight_matrix`.

    ``se`` is the large-sample (non-null) standard error of Fleiss, Cohen &
    Everitt (1969), valid for weighted and unweighted kappa.
    """
    return resolve(_prepare_cohen(a, b, categories, weights))
