"""Gwet's AC1 (nominal) and AC2 (weighted) for many raters with missing data.

Formulas from Gwet (2014), *Handbook of Inter-Rater Reliability*, 4th ed.,
ch. 2-3 (as implemented in Gwet's irrCAC).  With ``r_ik`` raters putting item
``i`` in category ``k``, ``r_i`` ratings on item ``i``, weights ``w`` and
``r*_ik = sum_l w_kl r_il``:

* ``p_a = mean over items with r_i >= 2 of sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1))``
* ``pi_k = mean over items with r_i >= 1 of r_ik / r_i``
* ``p_e = T_w / (q (q - 1)) * sum_k pi_k (1 - pi_k)``, ``T_w = sum_kl w_kl``
* ``AC = (p_a - p_e) / (1 - p_e)``.

``se`` is Gwet's (2014) linearised variance estimator with no finite
population correction (``f = 0``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._core import (
    NO_PAIRS,
    NO_RATINGS,
    FloatArray,
    Plan,
    Prepared,
    as_matrix,
    coded_counts,
    fmt,
    linear_plan,
    raters_present,
    resolve,
    resolve_categories,
    undefined,
)
from ._result import Statistic
from .weights import weight_matrix

__all__ = ["gwet_ac1", "gwet_ac2"]

#: How the note of AC1/AC2 on a single-category scale ends (the report names the
#: command line's ``--categories`` instead).
DECLARE_SCALE = "declare the full scale with categories="


def _plan(counts: FloatArray, w: FloatArray) -> tuple[Plan, float]:
    q = w.shape[0]
    scale = float(w.sum()) / (q * (q - 1.0))
    r = counts.sum(axis=1)
    two = r >= 2
    sum_q = (counts * (counts @ w.T - 1.0)).sum(axis=1)
    pa_i = np.where(two, sum_q / np.where(two, r * (r - 1.0), 1.0), 0.0)
    summaries = np.column_stack(
        [pa_i, two.astype(np.float64), np.ones_like(r), counts / r[:, None]]
    )

    def parts(t: FloatArray) -> tuple[FloatArray, FloatArray]:
        with np.errstate(invalid="ignore", divide="ignore"):
            p_a = t[:, 0] / t[:, 1]
            pi = t[:, 3:] / t[:, 2:3]
        p_e = scale * (pi * (1.0 - pi)).sum(axis=1)
        return 1.0 - p_a, 1.0 - p_e

    return linear_plan(summaries, parts), scale


def _se(counts: FloatArray, w: FloatArray, scale: float, ac: float) -> float:
    """Gwet (2014) variance of AC1/AC2, ``f = 0``."""
    n = counts.shape[0]
    if n < 2:
        return float("nan")
    r = counts.sum(axis=1)
    two = r >= 2
    n2 = float(two.sum())
    pi = (counts / r[:, None]).mean(axis=0)
    p_e = scale * float((pi * (1.0 - pi)).sum())
    sum_q = (counts * (counts @ w.T - 1.0)).sum(axis=1)
    pa_i = np.where(two, sum_q / np.where(two, r * (r - 1.0), 1.0), 0.0)
    ac_i = (n / n2) * (pa_i - p_e * two) / (1.0 - p_e)
    pe_i = scale * (counts @ (1.0 - pi)) / r
    ac_x = ac_i - 2.0 * (1.0 - ac) * (pe_i - p_e) / (1.0 - p_e)
    return float(np.sqrt(((ac_x - ac) ** 2).sum() / (n * (n - 1.0))))


def _prepare_gwet(
    ratings: ArrayLike,
    categories: ArrayLike | None = None,
    weights: str | ArrayLike | None = None,
) -> Prepared | Statistic:
    x = as_matrix(ratings)
    cats = resolve_categories(x, categories)
    w, kind = weight_matrix(cats, weights)
    name = "gwet_ac1" if kind == "identity" else f"gwet_ac2[{kind}]"
    if not (~np.isnan(x)).any():
        return undefined(name, NO_RATINGS)
    counts = coded_counts(x, cats)
    r = counts.sum(axis=1)
    if not (r >= 2).any():
        return undefined(name, NO_PAIRS, 0, raters_present(x))
    rated = r >= 1
    counts = counts[rated]
    n_raters = raters_present(x, rated)
    if cats.size < 2:
        return undefined(
            name,
            f"undefined: the category scale has a single category ({fmt(float(cats[0]))}) "
            f"so chance agreement is undefined; {DECLARE_SCALE}",
            int(rated.sum()),
            n_raters,
        )
    plan, scale = _plan(counts, w)

    def se(value: float) -> float:
        return _se(counts, w, scale, value)

    return Prepared(
        name,
        plan,
        n_items=int(rated.sum()),
        n_raters=n_raters,
        units=np.flatnonzero(rated),
        kind="agreement",
        undefined_note="undefined: chance agreement is 100%",
        se=se,
    )


def gwet_ac1(ratings: ArrayLike, categories: ArrayLike | None = None) -> Statistic:
    """Gwet's AC1 for ``(n_items, n_raters)`` ratings, NaN = missing.

    Items with at least one rating enter the category prevalences ``pi_k``;
    items with at least two enter the observed agreement.  Declare
    ``categories``: the number of categories ``q`` enters chance agreement.
    With a single category on the scale AC1 is undefined; with a declared
    scale of two or more categories and everyone choosing the same one, AC1
    is 1.
    """
    return resolve(_prepare_gwet(ratings, categories, None))


def gwet_ac2(
    ratings: ArrayLike,
    categories: ArrayLike | None = None,
    weights: str | ArrayLike = "quadratic",
) -> Statistic:
    """Gwet's AC2: AC1 with ``"linear"``, ``"quadratic"`` or ``"ordinal"`` weights.

    Linear/quadratic weights use category values (see :mod:`.weights`).
    """
    return resolve(_prepare_gwet(ratings, categories, weights))
