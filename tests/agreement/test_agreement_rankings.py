"""Kendall's W and pairwise-preference agreement."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from guidelint.agreement import average_ranks, kendall_w, pairwise_preference_agreement

NAN = np.nan


def _w_loop(ranking: np.ndarray) -> float:
    """Textbook Kendall's W with tie correction for one item (raters x candidates)."""
    m, n = ranking.shape
    ranks = np.zeros_like(ranking, dtype=float)
    tie_term = 0.0
    for j, row in enumerate(ranking):
        for i, v in enumerate(row):
            below = sum(1 for u in row if u < v)
            same = sum(1 for u in row if u == v)
            ranks[j, i] = below + (same + 1) / 2
        for v in set(row.tolist()):
            t = int(np.sum(row == v))
            tie_term += t**3 - t
    sums = ranks.sum(axis=0)
    s = float(((sums - sums.mean()) ** 2).sum())
    return float(12 * s / (m**2 * (n**3 - n) - m * tie_term))


@pytest.mark.parametrize(
    ("ranking", "expected"),
    [
        # perfect concordance
        ([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]], 1.0),
        # two raters in exactly opposite order
        ([[1, 2, 3], [3, 2, 1]], 0.0),
        # scores instead of ranks (order is what matters)
        ([[0.1, 0.5, 0.9], [10, 20, 30]], 1.0),
        # hand-computed: rank sums (2, 5, 5) around 4: S = 4+1+1 = 6;
        # W = 12*6 / (4 * 24) = 0.75
        ([[1, 2, 3], [1, 3, 2]], 0.75),
    ],
)
def test_kendall_w_known_values(ranking: list[list[float]], expected: float) -> None:
    assert kendall_w(np.array(ranking, dtype=float)).value == pytest.approx(expected)


@pytest.mark.parametrize("seed", range(8))
def test_kendall_w_matches_loop_with_ties(seed: int) -> None:
    rng = np.random.default_rng(seed)
    ranking = rng.integers(1, 4, size=(rng.integers(2, 6), rng.integers(3, 7))).astype(float)
    if np.all(ranking == ranking[:, :1]):
        ranking[0, 0] += 1
    expected = _w_loop(ranking)
    assert kendall_w(ranking).value == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_kendall_w_matches_friedman(seed: int) -> None:
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(seed)
    m, n = 6, 5
    ranking = rng.integers(1, 5, size=(m, n)).astype(float)
    chi2 = stats.friedmanchisquare(*ranking.T).statistic  # blocks = raters
    assert kendall_w(ranking).value == pytest.approx(chi2 / (m * (n - 1)), abs=1e-10)


def test_kendall_w_several_items_is_mean_and_skips_incomplete() -> None:
    a = np.array([[1, 2, 3], [1, 3, 2]], dtype=float)
    b = np.array([[1, 2, 3], [1, 2, 3]], dtype=float)
    c = np.array([[1, 2, 3], [NAN, NAN, NAN]], dtype=float)  # one complete ranking only
    stat = kendall_w(np.stack([a, b, c]))
    assert stat.value == pytest.approx((0.75 + 1.0) / 2)
    assert stat.n_items == 2
    assert stat.note is not None and "1 item(s) skipped" in stat.note


def test_kendall_w_drops_partial_rankings_with_note() -> None:
    r = np.array([[1, 2, 3], [1, 2, 3], [1, NAN, 2]], dtype=float)
    stat = kendall_w(r)
    assert stat.value == pytest.approx(1.0)
    assert stat.note is not None and "missing candidates" in stat.note


def test_average_ranks() -> None:
    ranks, ties = average_ranks([[10, 20, 20, 30], [5, 5, 5, 5]])
    assert ranks.tolist() == [[1.0, 2.5, 2.5, 4.0], [2.5, 2.5, 2.5, 2.5]]
    assert ties.tolist() == [6.0, 60.0]


def _pairwise_loop(r: np.ndarray, ties: str) -> float:
    """Per rater pair: pooled share of same-order candidate pairs; then the mean."""
    _, n_raters, n_cand = r.shape
    shares = []
    for a, b in itertools.combinations(range(n_raters), 2):
        agree = total = 0
        for item in r:
            for i, j in itertools.combinations(range(n_cand), 2):
                xa, xb = item[a, i] - item[a, j], item[b, i] - item[b, j]
                if np.isnan(xa) or np.isnan(xb):
                    continue
                if ties == "skip" and (xa == 0 or xb == 0):
                    continue
                total += 1
                agree += int(np.sign(xa) == np.sign(xb))
        if total:
            shares.append(agree / total)
    return float(np.mean(shares))


@pytest.mark.parametrize("ties", ["match", "skip"])
@pytest.mark.parametrize("seed", range(6))
def test_pairwise_matches_loop(seed: int, ties: str) -> None:
    rng = np.random.default_rng(seed)
    r = rng.integers(1, 5, size=(7, 4, 5)).astype(float)
    r[rng.random(r.shape) < 0.15] = NAN
    r[0, 1] = NAN  # rater 1 skipped item 0 entirely
    stat = pairwise_preference_agreement(r, ties=ties)
    assert stat.value == pytest.approx(_pairwise_loop(r, ties), abs=1e-12)


def test_pairwise_hand_example() -> None:
    # rater A: 1 < 2 < 3; rater B: 1 < 3 < 2 -> pairs (1,2) same, (1,3) same, (2,3) flipped
    r = np.array([[1, 2, 3], [1, 3, 2]], dtype=float)
    assert pairwise_preference_agreement(r).value == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="ties"):
        pairwise_preference_agreement(r, ties="bogus")


def test_rankings_shape_validation() -> None:
    with pytest.raises(ValueError, match="shape"):
        kendall_w(np.zeros(3))
