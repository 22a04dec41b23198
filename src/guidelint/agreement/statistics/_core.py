"""Shared internals: input validation, category coding, count matrices, plans.

A *plan* describes a statistic as a function of non-negative per-unit weights
``w`` (shape ``(B, n_units)``): the point estimate uses ``w = 1`` for every
unit, a bootstrap resample uses how often each unit was drawn.  Every plan
returns the observed and expected *disagreement* ``(D_o, D_e)``; the statistic
is ``1 - D_o / D_e`` (for kappa-type coefficients ``D = 1 - p``), undefined
(NaN internally, ``None`` publicly) when ``D_e`` is 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._result import Statistic

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

#: Expected disagreement (or ``1 - p_e``) at or below this is treated as zero.
TOL = 1e-12
#: Largest dense items x categories count matrix we build (cells).
MAX_COUNT_CELLS = 50_000_000

Components = Callable[[FloatArray], tuple[FloatArray, FloatArray]]


@dataclass(frozen=True, slots=True)
class Plan:
    """A statistic as a function of per-unit weights (see module docstring)."""

    n_units: int
    components: Components
    #: ``(D_o, D_e)`` with every unit weighted once, computed without the per-unit
    #: weights where that is cheaper (same value as ``components`` of all ones).
    unweighted: Callable[[], tuple[FloatArray, FloatArray]] | None = None

    def point(self) -> tuple[float, float]:
        """``(D_o, D_e)`` with every unit weighted once."""
        if self.unweighted is not None:
            d_o, d_e = self.unweighted()
        else:
            d_o, d_e = self.components(np.ones((1, self.n_units)))
        return float(d_o[0]), float(d_e[0])

    def values(self, w: FloatArray) -> FloatArray:
        """Statistic for each row of ``w``; NaN where undefined."""
        return chance_corrected(*self.components(w))


def linear_plan(
    summaries: FloatArray, parts: Callable[[FloatArray], tuple[FloatArray, FloatArray]]
) -> Plan:
    """Plan whose components depend on the weighted column sums of ``summaries``."""

    def components(w: FloatArray) -> tuple[FloatArray, FloatArray]:
        return parts(w @ summaries)

    return Plan(summaries.shape[0], components)


def chance_corrected(d_o: FloatArray, d_e: FloatArray) -> FloatArray:
    """``1 - d_o / d_e`` elementwise, NaN where ``d_e <= TOL`` or inputs are NaN."""
    ratio = np.full(np.shape(d_o), np.nan)
    ok = np.isfinite(d_o) & np.isfinite(d_e) & (d_e > TOL)
    np.divide(d_o, d_e, out=ratio, where=ok)
    return 1.0 - ratio


def safe_div(num: FloatArray, den: FloatArray) -> FloatArray:
    """``num / den`` elementwise, NaN where ``den == 0``; no warnings."""
    out = np.full(np.broadcast_shapes(np.shape(num), np.shape(den)), np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def as_matrix(ratings: ArrayLike, what: str = "ratings") -> FloatArray:
    """Validate a ratings matrix ``(n_items, n_raters)``: float, NaN = missing."""
    try:
        x = np.asarray(ratings, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"{what} must be numeric with NaN for missing; code labels first "
            "(see ratings_from_long / encode_preferences)"
        ) from exc
    if x.ndim == 1 and x.size == 0:
        x = x.reshape(0, 0)
    if x.ndim != 2:
        raise ValueError(f"{what} must be 2-D (n_items, n_raters); got shape {x.shape}")
    if np.isinf(x).any():
        raise ValueError(f"{what} contain infinite values")
    return x


def resolve_categories(values: FloatArray, categories: ArrayLike | None) -> FloatArray:
    """Sorted category scale: the declared one, else the values observed."""
    if categories is None:
        observed: FloatArray = np.unique(values[~np.isnan(values)])
        return observed
    cats = np.unique(np.asarray(categories, dtype=np.float64).ravel())
    if cats.size == 0 or not np.isfinite(cats).all():
        raise ValueError("categories must be a non-empty list of finite numbers")
    return cats


def encode(values: FloatArray, cats: FloatArray) -> IntArray:
    """Category index of each value (``-1`` for NaN); error if off the scale."""
    codes = np.full(values.shape, -1, dtype=np.intp)
    present = ~np.isnan(values)
    v = values[present]
    if v.size == 0:
        return codes
    if cats.size == 0:
        raise ValueError("no categories to code the ratings with")
    pos = np.minimum(np.searchsorted(cats, v), cats.size - 1)
    bad = cats[pos] != v
    if bad.any():
        off = np.unique(v[bad])[:5].tolist()
        raise ValueError(f"ratings {off} are not on the declared category scale {cats.tolist()}")
    codes[present] = pos
    return codes


def counts_from_codes(codes: IntArray, n_categories: int) -> FloatArray:
    """Items x categories count matrix ``n_ic`` from a codes matrix."""
    n = codes.shape[0]
    if n * n_categories > MAX_COUNT_CELLS:
        raise ValueError(
            f"{n} items x {n_categories} distinct values is too large for a count "
            "matrix; declare the category scale or use an interval-level statistic"
        )
    present = codes >= 0
    flat: IntArray
    if present.all():  # (no missing rating: every cell counts, no positions to find)
        flat = (np.arange(n)[:, None] * n_categories + codes).ravel()
    else:
        rows, cols = np.nonzero(present)
        flat = rows * n_categories + codes[rows, cols]
    counts = np.bincount(flat, minlength=n * n_categories).astype(np.float64)
    return counts.reshape(n, n_categories)


#: Within :func:`shared_coding`: what was made of each ratings matrix, by the matrix's
#: id and what was made (the matrix is held, so its id is not reused meanwhile).
_SHARED: ContextVar[dict[tuple[int, str, bytes], tuple[FloatArray, FloatArray]] | None] = (
    ContextVar("guidelint_shared_coding", default=None)
)


@contextmanager
def shared_coding() -> Iterator[None]:
    """Within: the observed categories and the count matrix of a ratings matrix are made
    once for all the statistics computed on it (the same array object), not once each.

    For callers that compute several statistics on one matrix and do not change it in
    between (the agreement report); the shared count matrices are read-only.
    """
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _shared(x: FloatArray, what: str, key: bytes, make: Callable[[], FloatArray]) -> FloatArray:
    memo = _SHARED.get()
    if memo is None:
        return make()
    found = memo.get((id(x), what, key))
    if found is not None and found[0] is x:
        return found[1]
    made = make()
    made.flags.writeable = False
    memo[(id(x), what, key)] = (x, made)
    return made


def sharing() -> bool:
    """Whether codings are shared now (inside :func:`shared_coding`)."""
    return _SHARED.get() is not None


def observed_categories(x: FloatArray) -> FloatArray:
    """:func:`resolve_categories` of ``x`` without a declared scale (shared, see
    :func:`shared_coding`)."""
    return _shared(x, "categories", b"", lambda: resolve_categories(x, None))


def coded_counts(x: FloatArray, cats: FloatArray) -> FloatArray:
    """``counts_from_codes(encode(x, cats), cats.size)`` (shared, see
    :func:`shared_coding`)."""
    return _shared(
        x, "counts", cats.tobytes(), lambda: counts_from_codes(encode(x, cats), cats.size)
    )


def count_matrix(
    ratings: ArrayLike, categories: ArrayLike | None = None
) -> tuple[FloatArray, FloatArray]:
    """Count matrix ``(n_items, n_categories)`` and the category scale used.

    ``counts[i, c]`` is how many raters put item ``i`` in ``categories[c]``.
    """
    x = as_matrix(ratings)
    cats = resolve_categories(x, categories)
    return counts_from_codes(encode(x, cats), cats.size), cats


def as_counts(counts: ArrayLike) -> FloatArray:
    """Validate a count matrix: 2-D, finite, non-negative integers."""
    c = np.asarray(counts, dtype=np.float64)
    if c.ndim != 2:
        raise ValueError(f"counts must be 2-D (n_items, n_categories); got shape {c.shape}")
    if not np.isfinite(c).all() or (c < 0).any() or (c != np.round(c)).any():
        raise ValueError("counts must be non-negative integers")
    return c


def raters_present(x: FloatArray, rows: BoolArray | None = None) -> int:
    """Number of rater columns with at least one rating (in ``rows``)."""
    sub = x if rows is None else x[rows]
    return int(np.count_nonzero((~np.isnan(sub)).any(axis=0))) if sub.size else 0


def fmt(v: float) -> str:
    """Short display of a category value (``3`` rather than ``3.0``)."""
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def single_category_note(counts: FloatArray, cats: FloatArray, what: str) -> str:
    """Explain a zero expected disagreement."""
    used = cats[counts.sum(axis=0) > 0]
    if used.size == 1:
        return (
            f"undefined: every rating is the same category ({fmt(float(used[0]))}); "
            f"observed agreement is 100% but so is chance agreement, so {what} is 0/0"
        )
    return f"undefined: chance agreement is 100%, so {what} is 0/0"


NO_RATINGS = "undefined: there are no ratings"
NO_PAIRS = "undefined: no item was rated by two or more raters"


def undefined(name: str, note: str, n_items: int = 0, n_raters: int = 0) -> Statistic:
    """An undefined :class:`Statistic`."""
    return Statistic(name=name, value=None, note=note, n_items=n_items, n_raters=n_raters)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A statistic ready to evaluate: its plan plus what the result reports.

    ``kind`` chooses the reported components: ``"agreement"`` gives
    ``p_o``/``p_e`` (``1 - D``) for kappa-type coefficients,
    ``"disagreement"`` gives ``D_o``/``D_e`` (alpha), ``"plain"`` gives
    ``p_o`` only (no chance correction), ``"none"`` reports nothing.
    ``se`` maps the point value to an analytic standard error, if any.
    """

    name: str
    plan: Plan
    n_items: int
    n_raters: int
    kind: Literal["agreement", "disagreement", "plain", "none"]
    undefined_note: str
    note: str | None = None
    se: Callable[[float], float] | None = None
    #: The rows of the input (axis 0 of the data) that are the plan's units, in order;
    #: None when not told. Lets the bootstrap merge units whose rows are the same.
    units: IntArray | None = None

    def statistic(self) -> Statistic:
        """Point estimate as a public :class:`Statistic`."""
        d_o, d_e = self.plan.point()
        value = float(chance_corrected(np.array([d_o]), np.array([d_e]))[0])
        if self.kind == "agreement":
            raw = {"p_o": 1.0 - d_o, "p_e": 1.0 - d_e}
        elif self.kind == "disagreement":
            raw = {"D_o": d_o, "D_e": d_e}
        elif self.kind == "plain":
            raw = {"p_o": 1.0 - d_o}
        else:
            raw = {}
        details = {k: float(v) for k, v in raw.items() if np.isfinite(v)}
        if np.isnan(value):
            return Statistic(
                name=self.name,
                value=None,
                note=self.undefined_note,
                n_items=self.n_items,
                n_raters=self.n_raters,
                details=details,
            )
        se = self.se(value) if self.se is not None else None
        return Statistic(
            name=self.name,
            value=value,
            note=self.note,
            n_items=self.n_items,
            n_raters=self.n_raters,
            se=se if se is not None and np.isfinite(se) else None,
            details=details,
        )


def resolve(prepared: Prepared | Statistic) -> Statistic:
    """Evaluate a prepared statistic (degenerate cases are already final)."""
    return prepared if isinstance(prepared, Statistic) else prepared.statistic()
