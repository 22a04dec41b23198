"""Inter-annotator agreement statistics (pure numpy, no I/O).

Data conventions
----------------
* **ratings matrix**: ``np.ndarray`` of shape ``(n_items, n_raters)``, float,
  NaN = missing.  Build one from long-format ``(item, annotator, value)``
  triples with :func:`ratings_from_long` (labels are coded ``0..q-1``).
* **count matrix**: ``(n_items, n_categories)``, ``counts[i, c]`` = raters
  who put item ``i`` in category ``c`` (:func:`count_matrix`).
* **rankings**: ``(n_raters, n_candidates)`` for one item or
  ``(n_items, n_raters, n_candidates)``; ranks or scores, NaN = missing.
* **categories**: the *declared* scale (e.g. ``[1, 2, 3, 4, 5]``).  Declare
  it: unused categories still count where they matter (weighted kappa, AC1's
  number of categories) and off-scale values raise ``ValueError``.

Results
-------
Every statistic returns a :class:`Statistic` with ``value: float | None``,
``note``, ``n_items``, ``n_raters``, ``se``, ``ci`` and ``details``.
Degenerate input (no ratings, one rater, no overlapping items, everyone
using one category, ...) never raises and never gives NaN: ``value`` is
``None`` and ``note`` explains, e.g. ``"undefined: every rating is the same
category (3); observed agreement is 100% but so is chance agreement, so kappa
is 0/0"``.  Invalid input (wrong shape, off-scale values, unknown options)
raises ``ValueError``.

API
---
* ``percent_agreement(ratings) -> Statistic``
* ``cohen_kappa(a, b, categories=None, weights=None|"linear"|"quadratic"|"ordinal") -> Statistic``
  (``se``: Fleiss, Cohen & Everitt 1969 large-sample SE)
* ``fleiss_kappa(ratings, categories=None) -> Statistic``;
  ``fleiss_kappa_counts(counts) -> Statistic``
* ``krippendorff_alpha(ratings, level="nominal"|"ordinal"|"interval"|"ratio",
  categories=None) -> Statistic``
* ``gwet_ac1(ratings, categories=None) -> Statistic``;
  ``gwet_ac2(ratings, categories=None, weights="quadratic"|"linear"|"ordinal") -> Statistic``
  (``se``: Gwet 2014 variance estimator)
* ``kendall_w(rankings) -> Statistic``;
  ``pairwise_preference_agreement(rankings, ties="match"|"skip") -> Statistic``
* ``encode_preferences(choices, a="A", b="B", tie="tie", swapped=None)``,
  ``preference_ratings(items, annotators, choices, ...)``,
  ``preference_agreement(ratings)``, ``PREFERENCE_CATEGORIES = (-1, 0, 1)``
* ``bootstrap_ci(statistic, *data, n_resamples=1000, seed=0, confidence=0.95,
  **kwargs) -> (low, high) | None``; ``bootstrap(...) -> Statistic`` (with
  ``ci``); ``bootstrap_distribution(...) -> ndarray``
* ``interpret(value, bands=DEFAULT_BANDS) -> "low"|"moderate"|"good"|"excellent"|"undefined"``
  (``< 0.4`` low, ``[0.4, 0.6)`` moderate, ``[0.6, 0.8)`` good, ``>= 0.8``
  excellent)
* ``ratings_from_long(items, annotators, values, categories=None,
  duplicates="error") -> RatingsTable``; ``count_matrix(ratings, categories=None)``;
  ``weight_matrix(categories, weights)``

See ``docs/agreement.md`` for formulas and conventions.  The reports built on
these statistics (``guidelint agreement`` and ``guidelint calibrate``) live in
:mod:`~guidelint.agreement.sources.collect`, :mod:`~guidelint.agreement.report` and the
modules beside them; importing the package itself does not import numpy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .statistics._result import BAND_ADVICE, DEFAULT_BANDS, Statistic, interpret
    from .statistics.alpha import Level, krippendorff_alpha
    from .statistics.data import RatingsTable, count_matrix, ratings_from_long
    from .statistics.gwet import gwet_ac1, gwet_ac2
    from .statistics.kappa import cohen_kappa, fleiss_kappa, fleiss_kappa_counts, percent_agreement
    from .statistics.light import light_kappa
    from .statistics.preference import (
        FORCED_CHOICE_CATEGORIES,
        PREFERENCE_CATEGORIES,
        encode_preferences,
        preference_agreement,
        preference_ratings,
    )
    from .statistics.rankings import average_ranks, kendall_w, pairwise_preference_agreement
    from .statistics.resampling import bootstrap, bootstrap_ci, bootstrap_distribution
    from .statistics.weights import WeightKind, weight_matrix

#: Public name → submodule.  Attributes load on first use (PEP 562), so that
#: ``guidelint check`` can import :mod:`guidelint.agreement.sources.collect` (pure Python)
#: without importing numpy.
_SUBMODULE = {
    **dict.fromkeys(
        ("BAND_ADVICE", "DEFAULT_BANDS", "Statistic", "interpret"), "statistics._result"
    ),
    **dict.fromkeys(("Level", "krippendorff_alpha"), "statistics.alpha"),
    **dict.fromkeys(
        ("bootstrap", "bootstrap_ci", "bootstrap_distribution"), "statistics.resampling"
    ),
    **dict.fromkeys(("RatingsTable", "count_matrix", "ratings_from_long"), "statistics.data"),
    **dict.fromkeys(("gwet_ac1", "gwet_ac2"), "statistics.gwet"),
    "light_kappa": "statistics.light",
    **dict.fromkeys(
        ("cohen_kappa", "fleiss_kappa", "fleiss_kappa_counts", "percent_agreement"),
        "statistics.kappa",
    ),
    **dict.fromkeys(
        (
            "FORCED_CHOICE_CATEGORIES",
            "PREFERENCE_CATEGORIES",
            "encode_preferences",
            "preference_agreement",
            "preference_ratings",
        ),
        "statistics.preference",
    ),
    **dict.fromkeys(
        ("average_ranks", "kendall_w", "pairwise_preference_agreement"), "statistics.rankings"
    ),
    **dict.fromkeys(("WeightKind", "weight_matrix"), "statistics.weights"),
}


def __getattr__(name: str) -> Any:
    module = _SUBMODULE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "BAND_ADVICE",
    "DEFAULT_BANDS",
    "FORCED_CHOICE_CATEGORIES",
    "PREFERENCE_CATEGORIES",
    "Level",
    "RatingsTable",
    "Statistic",
    "WeightKind",
    "average_ranks",
    "bootstrap",
    "bootstrap_ci",
    "bootstrap_distribution",
    "cohen_kappa",
    "count_matrix",
    "encode_preferences",
    "fleiss_kappa",
    "fleiss_kappa_counts",
    "gwet_ac1",
    "gwet_ac2",
    "interpret",
    "kendall_w",
    "krippendorff_alpha",
    "light_kappa",
    "pairwise_preference_agreement",
    "percent_agreement",
    "preference_agreement",
    "preference_ratings",
    "ratings_from_long",
    "weight_matrix",
]
