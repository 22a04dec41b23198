"""Bootstrap confidence intervals: correctness of the vectorised resampling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from guidelint.agreement import (
    Statistic,
    bootstrap,
    bootstrap_ci,
    bootstrap_distribution,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    gwet_ac2,
    kendall_w,
    krippendorff_alpha,
    light_kappa,
    pairwise_preference_agreement,
    percent_agreement,
)
from guidelint.agreement.statistics._core import Prepared
from guidelint.agreement.statistics.resampling import _PREPARERS

SCALE = [1, 2, 3, 4, 5]


def _ratings(n: int, r: int, seed: int = 0, missing: float = 0.15) -> np.ndarray:
    rng = np.random.default_rng(seed)
    truth = rng.integers(1, 6, n)
    x = np.clip(truth[:, None] + rng.integers(-1, 2, (n, r)), 1, 5).astype(float)
    drop = rng.random((n, r)) < missing
    drop[:, :2] = False  # every item keeps >= 2 ratings: units == items
    x[drop] = np.nan
    return np.asarray(x, dtype=float)


def _rankings(n_items: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    base = rng.random((n_items, 1, 5))
    return base + rng.normal(scale=0.3, size=(n_items, 3, 5))


# name, public function, data builder, kwargs
CASES: list[
    tuple[str, Callable[..., Statistic], Callable[[np.ndarray], tuple[Any, ...]], dict[str, Any]]
] = [
    ("percent_agreement", percent_agreement, lambda x: (x,), {}),
    ("fleiss_kappa", fleiss_kappa, lambda x: (x,), {"categories": SCALE}),
    ("gwet_ac1", gwet_ac1, lambda x: (x,), {"categories": SCALE}),
    ("gwet_ac2", gwet_ac2, lambda x: (x,), {"categories": SCALE, "weights": "linear"}),
    ("cohen_kappa", cohen_kappa, lambda x: (x[:, 0], x[:, 1]), {"weights": "quadratic"}),
    ("light_kappa", light_kappa, lambda x: (x,), {"categories": SCALE, "weights": "quadratic"}),
] + [
    ("krippendorff_alpha", krippendorff_alpha, lambda x: (x,), {"level": level})
    for level in ("nominal", "ordinal", "interval", "ratio")
]


@pytest.mark.parametrize(
    ("name", "fn", "data", "kwargs"), CASES, ids=[c[0] + str(c[3]) for c in CASES]
)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_plan_weights_equal_explicit_resample(
    name: str,
    fn: Callable[..., Statistic],
    data: Callable[[np.ndarray], tuple[Any, ...]],
    kwargs: dict[str, Any],
    seed: int,
) -> None:
    """Evaluating the plan with draw counts == recomputing on the resampled items."""
    x = _ratings(60, 4, seed=seed)
    prepared = _PREPARERS[name](*data(x), **kwargs)
    assert isinstance(prepared, Prepared)
    assert prepared.plan.n_units == x.shape[0]
    rng = np.random.default_rng(seed)
    for _ in range(3):
        idx = rng.integers(0, x.shape[0], x.shape[0])
        w = np.bincount(idx, minlength=x.shape[0]).astype(float)[None, :]
        via_plan = prepared.plan.values(w)[0]
        direct = fn(*data(x[idx]), **kwargs).value
        assert direct is not None
        assert via_plan == pytest.approx(direct, abs=1e-10)


@pytest.mark.parametrize("fn", [kendall_w, pairwise_preference_agreement])
def test_ranking_plans_equal_explicit_resample(fn: Callable[..., Statistic]) -> None:
    r = _rankings(40)
    prepared = _PREPARERS[fn.__name__](r)
    assert isinstance(prepared, Prepared)
    rng = np.random.default_rng(0)
    idx = rng.integers(0, 40, 40)
    w = np.bincount(idx, minlength=40).astype(float)[None, :]
    assert prepared.plan.values(w)[0] == pytest.approx(fn(r[idx]).value, abs=1e-12)


def test_seeded_and_reproducible() -> None:
    x = _ratings(300, 3)
    a = bootstrap_ci(krippendorff_alpha, x, n_resamples=200, seed=7)
    b = bootstrap_ci("krippendorff_alpha", x, n_resamples=200, seed=7)
    c = bootstrap_ci(krippendorff_alpha, x, n_resamples=200, seed=8)
    assert a == b
    assert a != c


def test_interval_contains_point_and_shrinks_with_more_items() -> None:
    small = _ratings(100, 3, seed=1)
    large = _ratings(3000, 3, seed=1)
    s = bootstrap(krippendorff_alpha, small, n_resamples=500, level="ordinal")
    big = bootstrap(krippendorff_alpha, large, n_resamples=500, level="ordinal")
    assert s.ci is not None and big.ci is not None and s.value is not None
    assert s.ci[0] <= s.value <= s.ci[1]
    assert big.ci[1] - big.ci[0] < s.ci[1] - s.ci[0]


def test_bootstrap_roughly_agrees_with_analytic_se() -> None:
    x = _ratings(2000, 2, seed=3, missing=0.0)
    stat = cohen_kappa(x[:, 0], x[:, 1], weights="quadratic")
    reps = bootstrap_distribution(
        cohen_kappa, x[:, 0], x[:, 1], n_resamples=800, weights="quadratic"
    )
    assert stat.se is not None
    assert np.std(reps) == pytest.approx(stat.se, rel=0.15)


def test_confidence_level_widens_interval() -> None:
    x = _ratings(200, 3)
    lo90, hi90 = bootstrap_ci(fleiss_kappa, x, n_resamples=400, confidence=0.90) or (0, 0)
    lo99, hi99 = bootstrap_ci(fleiss_kappa, x, n_resamples=400, confidence=0.99) or (0, 0)
    assert lo99 <= lo90 < hi90 <= hi99


def test_generic_callable_fallback() -> None:
    x = _ratings(80, 3)

    def mean_rating(r: np.ndarray) -> float:
        return float(np.nanmean(r))

    ci = bootstrap_ci(mean_rating, x, n_resamples=200, seed=0)
    assert ci is not None and ci[0] < mean_rating(x) < ci[1]
    out = bootstrap(mean_rating, x, n_resamples=50)
    assert out.ci is not None and out.value == pytest.approx(mean_rating(x))


def test_undefined_resamples_are_dropped_with_note() -> None:
    # 3 items, two of them all-agree on one category: some resamples have p_e = 1
    x = np.array([[1.0, 1.0], [1.0, 1.0], [1.0, 2.0]])
    out = bootstrap(cohen_kappa, x[:, 0], x[:, 1], n_resamples=200, seed=0)
    assert out.ci is not None
    assert out.note is not None and "resamples were undefined" in out.note
    assert not np.isnan(out.ci).any()


def test_degenerate_point_gives_no_interval() -> None:
    x = np.ones((10, 3))
    assert bootstrap_ci(krippendorff_alpha, x) is None
    out = bootstrap(krippendorff_alpha, x)
    assert out.value is None and out.ci is None and out.note


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"n_resamples": 0}, "n_resamples"), ({"confidence": 1.0}, "confidence")],
)
def test_bad_arguments(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        bootstrap_ci(fleiss_kappa, _ratings(10, 3), **kwargs)
    with pytest.raises(ValueError, match="unknown statistic"):
        bootstrap_ci("no_such_statistic", _ratings(10, 3))


def test_bootstrap_on_10k_items_gives_intervals() -> None:
    # Speed is measured in benchmarks/, not asserted here.
    x = _ratings(10_000, 3, missing=0.1)
    for level in ("nominal", "ordinal", "interval"):
        assert bootstrap_ci(krippendorff_alpha, x, level=level, categories=SCALE) is not None
    assert bootstrap_ci(fleiss_kappa, x, categories=SCALE) is not None
    assert bootstrap_ci(gwet_ac1, x, categories=SCALE) is not None


def test_bootstrap_is_always_the_function() -> None:
    # Regression: the module holding it was also called ``bootstrap``, and importing it
    # (the pipeline does) replaced the package's function by the module.
    import importlib

    import guidelint.agreement as agreement
    from guidelint.agreement.statistics import resampling

    importlib.import_module("guidelint.agreement.measure")
    from guidelint.agreement import bootstrap, bootstrap_ci

    assert callable(bootstrap) and bootstrap is resampling.bootstrap
    assert agreement.bootstrap is resampling.bootstrap
    assert agreement.bootstrap_ci is bootstrap_ci


def test_one_item_has_no_interval_and_a_negative_seed_is_refused() -> None:
    from guidelint.agreement import bootstrap, bootstrap_ci, krippendorff_alpha

    one = np.array([[1.0, 2.0]])
    result = bootstrap(krippendorff_alpha, one)
    assert result.value == 0.0 and result.ci is None
    assert result.note is not None and "one item cannot be resampled" in result.note
    assert bootstrap_ci(krippendorff_alpha, one) is None
    with pytest.raises(ValueError, match="seed must be >= 0"):
        bootstrap_ci(krippendorff_alpha, np.array([[1.0, 2.0], [1.0, 1.0]]), seed=-1)
