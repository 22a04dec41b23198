"""Percentile bootstrap confidence intervals by resampling items.

For the statistics of this package (passed by function or by name) the
resampling is vectorised: each resample is a vector of how many times each
item was drawn, and the statistic is evaluated from precomputed per-item
summaries with one matrix product per chunk of resamples.  Items that cannot
contribute (e.g. fewer than two ratings) are excluded before resampling; the
unit resampled is the item (all of its ratings move together).

Items with the same ratings contribute the same to a statistic, so a resample
only needs how many of the drawn items have each pattern of ratings.  When the
items have at most an eighth as many patterns as there are items (ratings on a
scale: 250,000 items of 4 ratings on 1-5 have at most 625), those counts are
drawn directly, ``multinomial(n, share of each pattern)`` per resample, which is
the same resampling of ``n`` items with replacement, in bulk; otherwise each
resample draws ``n`` item indices.  Either way the same seed gives the same
interval.

Any other callable is bootstrapped with a plain loop: every positional data
array is resampled along axis 0 with the same item indices.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._core import FloatArray, IntArray, Plan, Prepared
from ._result import Statistic
from .alpha import _prepare_alpha, krippendorff_alpha
from .gwet import _prepare_gwet, gwet_ac1, gwet_ac2
from .kappa import (
    _prepare_cohen,
    _prepare_fleiss,
    _prepare_fleiss_counts,
    _prepare_percent,
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_counts,
    percent_agreement,
)
from .light import _prepare_light, light_kappa
from .rankings import _prepare_pairwise, _prepare_w, kendall_w, pairwise_preference_agreement

__all__ = ["bootstrap", "bootstrap_ci", "bootstrap_distribution"]

#: Resample-by-item weights are built in chunks of about this many cells.
_CHUNK_CELLS = 4_000_000


def _ac1(ratings: Any, categories: Any = None) -> Prepared | Statistic:
    return _prepare_gwet(ratings, categories, None)


def _ac2(ratings: Any, categories: Any = None, weights: Any = "quadratic") -> Prepared | Statistic:
    return _prepare_gwet(ratings, categories, weights)


_PREPARERS: dict[str, Callable[..., Prepared | Statistic]] = {
    "percent_agreement": _prepare_percent,
    "cohen_kappa": _prepare_cohen,
    "light_kappa": _prepare_light,
    "fleiss_kappa": _prepare_fleiss,
    "fleiss_kappa_counts": _prepare_fleiss_counts,
    "krippendorff_alpha": _prepare_alpha,
    "gwet_ac1": _ac1,
    "gwet_ac2": _ac2,
    "kendall_w": _prepare_w,
    "pairwise_preference_agreement": _prepare_pairwise,
}
_PUBLIC: dict[Callable[..., Statistic], str] = {
    percent_agreement: "percent_agreement",
    cohen_kappa: "cohen_kappa",
    light_kappa: "light_kappa",
    fleiss_kappa: "fleiss_kappa",
    fleiss_kappa_counts: "fleiss_kappa_counts",
    krippendorff_alpha: "krippendorff_alpha",
    gwet_ac1: "gwet_ac1",
    gwet_ac2: "gwet_ac2",
    kendall_w: "kendall_w",
    pairwise_preference_agreement: "pairwise_preference_agreement",
}

Statfn = str | Callable[..., Statistic | float]


def _plan_values(plan: Plan, n_resamples: int, seed: int) -> FloatArray:
    rng = np.random.default_rng(seed)
    n = plan.n_units
    out = np.empty(n_resamples)
    chunk = max(1, min(n_resamples, _CHUNK_CELLS // max(n, 1)))
    for start in range(0, n_resamples, chunk):
        b = min(chunk, n_resamples - start)
        idx = rng.integers(0, n, size=(b, n)) + (np.arange(b) * n)[:, None]
        w = np.bincount(idx.ravel(), minlength=b * n).reshape(b, n).astype(np.float64)
        with np.errstate(all="ignore"):
            out[start : start + b] = plan.values(w)
    return out


#: Draw pattern counts when there are at most this share of patterns per unit.
_PATTERN_SHARE = 8


def _row_patterns(data: tuple[Any, ...]) -> tuple[IntArray, IntArray] | None:
    """For rows of the data arrays (axis 0): the first row of each distinct pattern of
    values and each row's pattern, or None when most rows are different (or the data
    are no numbers). Values are compared by their bits (NaN = NaN)."""
    try:
        columns = [np.asarray(d, dtype=np.float64) for d in data]
    except (TypeError, ValueError):
        return None
    if not columns or any(c.ndim not in (1, 2) for c in columns):
        return None
    n = columns[0].shape[0]
    if n == 0 or any(c.shape[0] != n for c in columns):
        return None
    keys = np.zeros(n, dtype=np.int64)
    radix = 1
    for column in np.column_stack([c.reshape(n, -1) for c in columns]).T:
        found = _column_codes(np.ascontiguousarray(column).view(np.int64), n // _PATTERN_SHARE)
        if found is None or radix * found[1] >= 2**62:
            return None
        keys += found[0] * radix
        radix *= found[1]
    first: NDArray[Any]
    inverse: NDArray[Any]
    if radix <= 4 * n + 1024:  # (a count per possible key: no sort)
        used = np.bincount(keys, minlength=radix) > 0
        inverse = (np.cumsum(used) - 1)[keys]
        first = np.empty(int(used.sum()), dtype=np.intp)
        first[inverse] = np.arange(n)  # a row of each pattern (any: they are equal)
    else:
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    if first.size * _PATTERN_SHARE > n:
        return None
    return first.astype(np.intp), inverse.ravel().astype(np.intp)


def _column_codes(bits: NDArray[np.int64], limit: int) -> tuple[IntArray, int] | None:
    """Each value's rank among the column's distinct values (compared by their bits),
    and how many there are; None when more than ``limit``. The distinct values of a
    sample are tried first: a column of a few categories needs no sort."""
    sample = np.unique(bits[:: max(1, bits.size // 4096)])
    if sample.size <= limit:
        ranks = np.minimum(np.searchsorted(sample, bits), sample.size - 1)
        if (sample[ranks] == bits).all():
            return ranks.astype(np.intp), int(sample.size)
    found, inverse = np.unique(bits, return_inverse=True)
    if found.size > limit:
        return None
    return inverse.ravel().astype(np.intp), int(found.size)


def _pattern_plan(
    name: str, data: tuple[Any, ...], kwargs: dict[str, Any], prepared: Prepared
) -> tuple[Plan, FloatArray] | None:
    """The statistic's plan on one row per pattern, and how many of the original
    plan's units have each of its units' patterns; None when not worth it."""
    if prepared.units is None:
        return None
    patterns = _row_patterns(data)
    if patterns is None:
        return None
    first, inverse = patterns
    merged = _PREPARERS[name](*(np.asarray(d)[first] for d in data), **kwargs)
    if not isinstance(merged, Prepared) or merged.units is None:
        return None
    times = np.bincount(inverse[prepared.units], minlength=first.size)[merged.units]
    n = prepared.plan.n_units
    if merged.plan.n_units != times.size or int(times.sum()) != n or not (times > 0).all():
        return None
    if times.size * _PATTERN_SHARE > n:
        return None
    return merged.plan, times.astype(np.float64)


def _pattern_values(plan: Plan, times: FloatArray, n_resamples: int, seed: int) -> FloatArray:
    """Replicates from pattern counts: each resample draws ``n`` units, as many as
    the plan stands for, and counts how many fall on each pattern (multinomial)."""
    rng = np.random.default_rng(seed)
    n = int(times.sum())
    shares = times / times.sum()
    out = np.empty(n_resamples)
    chunk = max(1, min(n_resamples, _CHUNK_CELLS // max(plan.n_units, 1)))
    for start in range(0, n_resamples, chunk):
        b = min(chunk, n_resamples - start)
        w = rng.multinomial(n, shares, size=b).astype(np.float64)
        with np.errstate(all="ignore"):
            out[start : start + b] = plan.values(w)
    return out


def _loop_values(
    fn: Callable[..., Statistic | float],
    data: tuple[Any, ...],
    kwargs: dict[str, Any],
    n_resamples: int,
    seed: int,
) -> FloatArray:
    arrays = [np.asarray(d) for d in data]
    if not arrays:
        raise ValueError("no data to resample")
    n = arrays[0].shape[0]
    if any(a.shape[0] != n for a in arrays):
        raise ValueError("all data arrays must have the same number of items (axis 0)")
    rng = np.random.default_rng(seed)
    out = np.full(n_resamples, np.nan)
    if n == 0:
        return out
    for i in range(n_resamples):
        idx = rng.integers(0, n, size=n)
        res = fn(*(a[idx] for a in arrays), **kwargs)
        value = res.value if isinstance(res, Statistic) else res
        if value is not None and np.isfinite(value):
            out[i] = float(value)
    return out


def _name_of(statistic: Statfn) -> str | None:
    if isinstance(statistic, str):
        if statistic not in _PREPARERS:
            raise ValueError(f"unknown statistic {statistic!r}; known: {sorted(_PREPARERS)}")
        return statistic
    for fn, name in _PUBLIC.items():
        if fn is statistic:
            return name
    return None


def _check(n_resamples: int, confidence: float, seed: int = 0) -> None:
    if n_resamples < 1:
        raise ValueError("n_resamples must be >= 1")
    if seed < 0:
        raise ValueError("seed must be >= 0")
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must be strictly between 0 and 1")


def _distribution(
    statistic: Statfn, data: tuple[Any, ...], kwargs: dict[str, Any], n_resamples: int, seed: int
) -> tuple[FloatArray, Statistic]:
    name = _name_of(statistic)
    if name is None:
        assert callable(statistic)
        point = statistic(*data, **kwargs)
        stat = (
            point
            if isinstance(point, Statistic)
            else Statistic(
                name=getattr(statistic, "__name__", "statistic"),
                value=float(point) if np.isfinite(point) else None,
            )
        )
        return _loop_values(statistic, data, kwargs, n_resamples, seed), stat
    prepared = _PREPARERS[name](*data, **kwargs)
    if isinstance(prepared, Statistic):
        return np.full(n_resamples, np.nan), prepared
    merged = _pattern_plan(name, data, kwargs, prepared)
    if merged is not None:
        return _pattern_values(*merged, n_resamples, seed), prepared.statistic()
    return _plan_values(prepared.plan, n_resamples, seed), prepared.statistic()


def bootstrap_distribution(
    statistic: Statfn, *data: Any, n_resamples: int = 1000, seed: int = 0, **kwargs: Any
) -> FloatArray:
    """Bootstrap replicates of a statistic (NaN where a resample is undefined)."""
    _check(n_resamples, 0.5, seed)
    return _distribution(statistic, data, kwargs, n_resamples, seed)[0]


def _interval(values: FloatArray, confidence: float) -> tuple[float, float] | None:
    ok = values[~np.isnan(values)]
    if ok.size == 0:
        return None
    lo, hi = np.quantile(ok, [(1.0 - confidence) / 2.0, (1.0 + confidence) / 2.0])
    return float(lo), float(hi)


def bootstrap_ci(
    statistic: Statfn,
    *data: Any,
    n_resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
    **kwargs: Any,
) -> tuple[float, float] | None:
    """Percentile bootstrap interval ``(low, high)``, resampling items.

    ``statistic`` is one of this package's functions (or its name, e.g.
    ``"krippendorff_alpha"``) or any callable returning a :class:`Statistic`
    or float; ``data`` and ``kwargs`` are what it takes, e.g.
    ``bootstrap_ci(krippendorff_alpha, ratings, level="ordinal")``.
    Resamples where the statistic is undefined are dropped; ``None`` if all
    are, if the statistic itself is undefined, or if it rests on one item (every
    resample is that item again).  Same ``seed``, same result.
    """
    _check(n_resamples, confidence, seed)
    values, point = _distribution(statistic, data, kwargs, n_resamples, seed)
    return _interval(values, confidence) if point.defined and point.n_items != 1 else None


def bootstrap(
    statistic: Statfn,
    *data: Any,
    n_resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
    **kwargs: Any,
) -> Statistic:
    """The statistic's point estimate with :attr:`Statistic.ci` from the bootstrap.

    Like :func:`bootstrap_ci`; the note records resamples that were undefined.
    """
    _check(n_resamples, confidence, seed)
    values, point = _distribution(statistic, data, kwargs, n_resamples, seed)
    if not point.defined:
        return point
    if point.n_items == 1:  # every resample is that one item again
        return point.with_ci(None, "no interval: one item cannot be resampled")
    bad = int(np.isnan(values).sum())
    note = None
    if bad:
        note = f"{bad} of {n_resamples} bootstrap resamples were undefined and excluded"
    return point.with_ci(_interval(values, confidence), note)
