"""The bootstrap in bulk: items with the same ratings are one pattern, and a resample
draws how many items fall on each pattern (multinomial) instead of one index per item.

The statistic of a resample depends only on those counts, so the pattern plan must give
the statistic of the resampled items exactly (to rounding); the intervals must agree
with drawing items one by one up to Monte Carlo error.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from guidelint.agreement import bootstrap, bootstrap_ci, krippendorff_alpha
from guidelint.agreement.statistics._core import Prepared
from guidelint.agreement.statistics.resampling import (
    _PREPARERS,
    _pattern_plan,
    _plan_values,
    _row_patterns,
)

SCALE = [1, 2, 3, 4, 5]


def _ratings(n: int, raters: int = 4, seed: int = 0, missing: float = 0.2) -> np.ndarray:
    rng = np.random.default_rng(seed)
    truth = rng.integers(1, 6, n)
    x = np.clip(truth[:, None] + rng.integers(-1, 2, (n, raters)), 1, 5).astype(float)
    x[rng.random((n, raters)) < missing] = np.nan
    return x


CASES: list[tuple[str, Any, dict[str, Any]]] = [
    ("percent_agreement", lambda x: (x,), {}),
    ("fleiss_kappa", lambda x: (x,), {"categories": SCALE}),
    ("gwet_ac1", lambda x: (x,), {}),
    ("gwet_ac2", lambda x: (x,), {"categories": SCALE, "weights": "linear"}),
    ("cohen_kappa", lambda x: (x[:, 0], x[:, 1]), {"weights": "quadratic"}),
    ("light_kappa", lambda x: (x,), {"weights": "quadratic"}),
] + [
    ("krippendorff_alpha", lambda x: (x,), {"level": level})
    for level in ("nominal", "ordinal", "interval", "ratio")
]


@pytest.mark.parametrize(("name", "data", "kwargs"), CASES, ids=[c[0] + str(c[2]) for c in CASES])
def test_pattern_plan_gives_the_statistic_of_the_resampled_items(
    name: str, data: Any, kwargs: dict[str, Any]
) -> None:
    x = _ratings(20_000)
    args = data(x)
    prepared = _PREPARERS[name](*args, **kwargs)
    assert isinstance(prepared, Prepared) and prepared.units is not None
    found = _pattern_plan(name, args, kwargs, prepared)
    assert found is not None, "ratings on a 1-5 scale have few patterns"
    plan, times = found
    assert plan.n_units * 8 <= prepared.plan.n_units
    assert times.sum() == prepared.plan.n_units
    # draw items, count them per pattern, and compare the two plans
    first, inverse = _row_patterns(args) or (None, None)
    assert first is not None and inverse is not None
    merged = _PREPARERS[name](*(np.asarray(a)[first] for a in args), **kwargs)
    assert isinstance(merged, Prepared) and merged.units is not None
    rng = np.random.default_rng(5)
    n = prepared.plan.n_units
    draws = rng.integers(0, n, (4, n))
    per_unit = np.stack([np.bincount(d, minlength=n) for d in draws]).astype(float)
    per_pattern = np.zeros((4, first.size))
    for b in range(4):
        np.add.at(per_pattern[b], inverse[prepared.units], per_unit[b])
    expected = prepared.plan.values(per_unit)
    got = plan.values(per_pattern[:, merged.units])
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)
    # and the point estimate through the pattern plan is the statistic itself
    point = plan.values(times[None, :])[0]
    assert point == pytest.approx(prepared.statistic().value, abs=1e-12)


def test_data_with_many_patterns_are_resampled_item_by_item() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5000, 3))  # continuous: every item its own pattern
    prepared = _PREPARERS["krippendorff_alpha"](x, level="interval")
    assert isinstance(prepared, Prepared)
    assert _pattern_plan("krippendorff_alpha", (x,), {"level": "interval"}, prepared) is None
    # ... with the item draws as before: the same replicates as _plan_values
    expected = _plan_values(prepared.plan, 200, 3)
    with np.errstate(all="ignore"):
        out = bootstrap(krippendorff_alpha, x, n_resamples=200, seed=3, level="interval")
    lo, hi = np.quantile(expected[~np.isnan(expected)], [0.025, 0.975])
    assert out.ci == (pytest.approx(lo), pytest.approx(hi))


def test_pattern_intervals_agree_with_item_draws_and_are_seeded() -> None:
    x = _ratings(30_000, seed=2)
    prepared = _PREPARERS["krippendorff_alpha"](x, level="ordinal")
    assert isinstance(prepared, Prepared)
    by_items = _plan_values(prepared.plan, 1000, 0)
    lo, hi = np.quantile(by_items, [0.025, 0.975])
    ci = bootstrap_ci(krippendorff_alpha, x, level="ordinal", seed=0)
    assert ci is not None
    width = hi - lo
    assert ci[0] == pytest.approx(lo, abs=0.1 * width)
    assert ci[1] == pytest.approx(hi, abs=0.1 * width)
    assert ci == bootstrap_ci(krippendorff_alpha, x, level="ordinal", seed=0)
    assert ci != bootstrap_ci(krippendorff_alpha, x, level="ordinal", seed=1)
