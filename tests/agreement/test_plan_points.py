"""Shortcuts in computing statistics give what the long way gives.

* A plan's shortcut for the point estimate equals its components with every weight 1.
* Statistics that share the coding of one ratings matrix (``shared_coding``, as the
  agreement report computes them) equal those computed each on its own.
"""

from __future__ import annotations

import numpy as np
import pytest

from guidelint.agreement.statistics._core import (
    Prepared,
    coded_counts,
    observed_categories,
    shared_coding,
)
from guidelint.agreement.statistics.alpha import krippendorff_alpha
from guidelint.agreement.statistics.gwet import gwet_ac1, gwet_ac2
from guidelint.agreement.statistics.kappa import _prepare_cohen, fleiss_kappa, percent_agreement


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_cohen_point_shortcut_is_the_weighted_sum(seed: int, weights: str | None) -> None:
    rng = np.random.default_rng(seed)
    items, scale = int(rng.integers(1, 400)), int(rng.integers(1, 7))
    a = rng.integers(1, scale + 1, size=items).astype(float)
    b = np.where(rng.random(items) < 0.6, a, rng.integers(1, scale + 1, size=items))
    b[rng.random(items) < 0.2] = np.nan
    prepared = _prepare_cohen(a, b, None, weights)
    if not isinstance(prepared, Prepared):
        return  # undefined before any plan (no item in common)
    plan = prepared.plan
    assert plan.unweighted is not None
    shortcut = plan.unweighted()
    summed = plan.components(np.ones((1, plan.n_units)))
    np.testing.assert_allclose(shortcut, summed, rtol=1e-12, atol=1e-12, equal_nan=True)


def _ratings(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    items, raters = int(rng.integers(2, 200)), int(rng.integers(2, 6))
    x = rng.integers(1, int(rng.integers(2, 7)) + 1, size=(items, raters)).astype(float)
    x[rng.random(x.shape) < rng.random() * 0.7] = np.nan
    return x


@pytest.mark.parametrize("seed", range(15))
def test_statistics_sharing_one_coding_are_the_same(seed: int) -> None:
    x = _ratings(seed)
    cats = np.arange(1.0, 8.0) if seed % 3 == 0 else None  # declared, or observed
    functions = [
        lambda: percent_agreement(x),
        lambda: fleiss_kappa(x, categories=cats),
        lambda: gwet_ac1(x, categories=cats),
        lambda: gwet_ac2(x, categories=cats, weights="quadratic"),
        *(
            (lambda level=level: krippendorff_alpha(x, level=level, categories=cats))
            for level in ("nominal", "ordinal", "interval", "ratio")
        ),
    ]
    alone = [f() for f in functions]
    with shared_coding():
        shared = [f() for f in functions]
        again = [f() for f in functions]  # from what the first pass made
    assert shared == alone
    assert again == alone


def test_shared_count_matrices_are_read_only() -> None:
    x = _ratings(1)
    with shared_coding():
        counts = coded_counts(x, observed_categories(x))
        assert coded_counts(x, observed_categories(x)) is counts
        with pytest.raises(ValueError):
            counts[0, 0] = 99.0
    assert coded_counts(x, observed_categories(x)) is not counts  # nothing kept after


def test_a_value_off_the_scale_in_a_row_alpha_does_not_pair_is_still_no_error() -> None:
    x = np.array([[1.0, 2.0], [2.0, 2.0], [9.0, np.nan]])  # 9: off the scale, not pairable
    cats = [1.0, 2.0, 3.0]
    alone = krippendorff_alpha(x, level="ordinal", categories=cats)
    with shared_coding():
        assert krippendorff_alpha(x, level="ordinal", categories=cats) == alone
    with pytest.raises(ValueError), shared_coding():
        fleiss_kappa(x, categories=cats)  # (every row counts there: an error, shared or not)
