"""A plan's shortcut for the point estimate equals its components with every weight 1."""

from __future__ import annotations

import numpy as np
import pytest

from guidelint.agreement.statistics.kappa import _prepare_cohen
from guidelint.agreement.statistics._core import Prepared


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
