"""Cross-checks on seeded random data against reference implementations.

scikit-learn, statsmodels and krippendorff are test-only dependencies; the
tests skip when they are absent.  Gwet's AC1/AC2 and percent agreement are
checked against straightforward loop implementations of the textbook formulas.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from guidelint.agreement import (
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    gwet_ac2,
    krippendorff_alpha,
    percent_agreement,
    weight_matrix,
)

SHAPES = [(30, 2), (57, 3), (200, 5), (13, 7)]
SCALES = [[1, 2, 3, 4, 5], [0, 1], [1, 2, 3, 4, 5, 6, 7], [0, 1, 2]]


def _ratings(seed: int, shape: tuple[int, int], scale: list[int], missing: float) -> np.ndarray:
    """Correlated ratings on ``scale`` with a share of NaN."""
    rng = np.random.default_rng(seed)
    n, r = shape
    k = len(scale)
    truth = rng.integers(0, k, n)
    noise = rng.integers(-1, 2, (n, r)) * (rng.random((n, r)) < 0.4)
    idx = np.clip(truth[:, None] + noise, 0, k - 1)
    x = np.asarray(scale, dtype=float)[idx]
    x[rng.random((n, r)) < missing] = np.nan
    return np.asarray(x, dtype=float)


CASES = [
    pytest.param(seed, shape, scale, id=f"seed{seed}-{shape[0]}x{shape[1]}-q{len(scale)}")
    for seed, (shape, scale) in enumerate(itertools.product(SHAPES, SCALES))
]


# --------------------------------------------------------------------------
# Cohen's kappa vs scikit-learn and statsmodels


@pytest.mark.parametrize(("seed", "shape", "scale"), CASES)
@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_cohen_kappa_matches_sklearn(
    seed: int, shape: tuple[int, int], scale: list[int], weights: str | None
) -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    x = _ratings(seed, shape, scale, missing=0.15)
    a, b = x[:, 0], x[:, 1]
    both = ~np.isnan(a) & ~np.isnan(b)
    stat = cohen_kappa(a, b, categories=scale, weights=weights)
    expected = metrics.cohen_kappa_score(
        a[both].astype(int), b[both].astype(int), labels=scale, weights=weights
    )
    if not np.isfinite(expected):
        assert stat.value is None
    else:
        assert stat.value == pytest.approx(expected, abs=1e-10)
        assert stat.n_items == int(both.sum())


@pytest.mark.parametrize(("seed", "shape", "scale"), CASES)
@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_cohen_kappa_se_matches_statsmodels(
    seed: int, shape: tuple[int, int], scale: list[int], weights: str | None
) -> None:
    inter_rater = pytest.importorskip("statsmodels.stats.inter_rater")
    x = _ratings(seed, shape, scale, missing=0.0)
    a, b = x[:, 0], x[:, 1]
    stat = cohen_kappa(a, b, categories=scale, weights=weights)
    q = len(scale)
    pos = {v: i for i, v in enumerate(scale)}
    table = np.zeros((q, q))
    for u, v in zip(a, b, strict=True):
        table[pos[int(u)], pos[int(v)]] += 1
    if weights is None:
        res = inter_rater.cohens_kappa(table)
    else:
        res = inter_rater.cohens_kappa(table, weights=np.asarray(scale, float), wt=weights)
    if stat.value is None:
        return
    assert stat.value == pytest.approx(res.kappa, abs=1e-10)
    assert stat.se == pytest.approx(res.std_kappa, abs=1e-10)


def test_cohen_kappa_declared_scale_matters_for_weights() -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    a = [1, 2, 2, 3, 1, 2]
    b = [1, 2, 3, 3, 2, 2]
    narrow = cohen_kappa(a, b, weights="linear")
    wide = cohen_kappa(a, b, categories=[1, 2, 3, 4, 5], weights="linear")
    assert narrow.value == pytest.approx(metrics.cohen_kappa_score(a, b, weights="linear"))
    assert wide.value == pytest.approx(
        metrics.cohen_kappa_score(a, b, labels=[1, 2, 3, 4, 5], weights="linear")
    )
    # unused categories do not change kappa's value (weights are scale-free) ...
    assert wide.value == pytest.approx(narrow.value)


# --------------------------------------------------------------------------
# Fleiss' kappa vs statsmodels (complete data: statsmodels needs equal raters)


@pytest.mark.parametrize(("seed", "shape", "scale"), CASES)
def test_fleiss_kappa_matches_statsmodels(
    seed: int, shape: tuple[int, int], scale: list[int]
) -> None:
    inter_rater = pytest.importorskip("statsmodels.stats.inter_rater")
    x = _ratings(seed, shape, scale, missing=0.0)
    table, _ = inter_rater.aggregate_raters(x.astype(int))
    expected = inter_rater.fleiss_kappa(table, method="fleiss")
    stat = fleiss_kappa(x, categories=scale)
    assert stat.value == pytest.approx(expected, abs=1e-10)
    assert stat.n_items == shape[0]


def _fleiss_loop(x: np.ndarray) -> float:
    """Unequal raters per item: per-item agreement, pooled category shares."""
    rows = [r[~np.isnan(r)] for r in x]
    rows = [r for r in rows if r.size >= 2]
    agree = []
    pooled: dict[float, int] = {}
    for r in rows:
        m = r.size
        same = sum(1 for i in range(m) for j in range(m) if i != j and r[i] == r[j])
        agree.append(same / (m * (m - 1)))
        for v in r:
            pooled[float(v)] = pooled.get(float(v), 0) + 1
    total = sum(pooled.values())
    p_o = float(np.mean(agree))
    p_e = sum((c / total) ** 2 for c in pooled.values())
    return (p_o - p_e) / (1 - p_e)


@pytest.mark.parametrize(("seed", "shape", "scale"), CASES)
def test_fleiss_kappa_unequal_raters_matches_loop(
    seed: int, shape: tuple[int, int], scale: list[int]
) -> None:
    x = _ratings(seed, shape, scale, missing=0.3)
    stat = fleiss_kappa(x, categories=scale)
    if stat.value is not None:
        assert stat.value == pytest.approx(_fleiss_loop(x), abs=1e-10)


# --------------------------------------------------------------------------
# Krippendorff's alpha vs the krippendorff package


@pytest.mark.parametrize(("seed", "shape", "scale"), CASES)
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_matches_krippendorff_package(
    seed: int, shape: tuple[int, int], scale: list[int], level: str
) -> None:
    krippendorff = pytest.importorskip("krippendorff")
    x = _ratings(seed, shape, scale, missing=0.25)
    stat = krippendorff_alpha(x, level, categories=scale)
    values = np.unique(x[~np.isnan(x)])
    with np.errstate(all="ignore"):
        expected = krippendorff.alpha(
            reliability_data=x.T, level_of_measurement=level, value_domain=values
        )
    assert stat.value == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_interval_alpha_continuous_values(seed: int) -> None:
    krippendorff = pytest.importorskip("krippendorff")
    rng = np.random.default_rng(seed)
    truth = rng.normal(size=40)
    x = truth[:, None] + rng.normal(scale=0.5, size=(40, 4))
    x[rng.random(x.shape) < 0.2] = np.nan
    stat = krippendorff_alpha(x, "interval")
    expected = krippendorff.alpha(reliability_data=x.T, level_of_measurement="interval")
    assert stat.value == pytest.approx(expected, abs=1e-9)


# --------------------------------------------------------------------------
# Gwet's AC1/AC2 vs a loop implementation of Gwet (2014)


def _gwet_loop(x: np.ndarray, scale: list[int], w: np.ndarray) -> tuple[float, float, float]:
    q = len(scale)
    pos = {float(v): i for i, v in enumerate(scale)}
    items = [[pos[float(v)] for v in row if not np.isnan(v)] for row in x]
    items = [it for it in items if it]
    n = len(items)
    pa_terms = []
    pi = [0.0] * q
    for it in items:
        r = len(it)
        counts = [it.count(k) for k in range(q)]
        for k in range(q):
            pi[k] += counts[k] / r / n
        if r >= 2:
            s = 0.0
            for k in range(q):
                r_star = sum(w[k][j] * counts[j] for j in range(q))
                s += counts[k] * (r_star - 1)
            pa_terms.append(s / (r * (r - 1)))
    p_a = sum(pa_terms) / len(pa_terms)
    t_w = float(np.sum(w))
    p_e = t_w / (q * (q - 1)) * sum(p * (1 - p) for p in pi)
    return p_a, p_e, (p_a - p_e) / (1 - p_e)


@pytest.mark.parametrize(("seed", "shape", "scale"), CASES)
@pytest.mark.parametrize("weights", [None, "linear", "quadratic", "ordinal"])
def test_gwet_matches_loop(
    seed: int, shape: tuple[int, int], scale: list[int], weights: str | None
) -> None:
    x = _ratings(seed, shape, scale, missing=0.3)
    w, _ = weight_matrix(scale, weights)
    stat = gwet_ac1(x, scale) if weights is None else gwet_ac2(x, scale, weights)
    p_a, p_e, ac = _gwet_loop(x, scale, w)
    assert stat.value == pytest.approx(ac, abs=1e-10)
    assert stat.details["p_o"] == pytest.approx(p_a, abs=1e-12)
    assert stat.details["p_e"] == pytest.approx(p_e, abs=1e-12)


# --------------------------------------------------------------------------
# percent agreement vs a loop


@pytest.mark.parametrize(("seed", "shape", "scale"), CASES)
def test_percent_agreement_matches_loop(
    seed: int, shape: tuple[int, int], scale: list[int]
) -> None:
    x = _ratings(seed, shape, scale, missing=0.3)
    shares = []
    for row in x:
        v = row[~np.isnan(row)]
        if v.size >= 2:
            pairs = list(itertools.combinations(v.tolist(), 2))
            shares.append(sum(a == b for a, b in pairs) / len(pairs))
    assert percent_agreement(x).value == pytest.approx(float(np.mean(shares)), abs=1e-12)
