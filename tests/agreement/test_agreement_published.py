"""Published reference values for the agreement statistics."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from guidelint.agreement import (
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_counts,
    gwet_ac1,
    gwet_ac2,
    krippendorff_alpha,
    percent_agreement,
    ratings_from_long,
)

NAN = np.nan

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# observers A-D (rows) x units 1..12 (columns), NaN = missing.
KRIPPENDORFF_2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    ]
).T


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_example(level: str, expected: float) -> None:
    stat = krippendorff_alpha(KRIPPENDORFF_2011, level)
    assert stat.value is not None
    assert round(stat.value, 3) == expected
    assert stat.n_items == 11  # unit 12 has a single value: not pairable
    assert stat.n_raters == 4
    # the declared 1..5 scale gives the same value
    declared = krippendorff_alpha(KRIPPENDORFF_2011, level, [1, 2, 3, 4, 5])
    assert declared.value == pytest.approx(stat.value, abs=1e-12)


# Fleiss (1971) as tabulated on Wikipedia ("Fleiss' kappa", worked example):
# 10 subjects x 5 categories, 14 raters each; P = 0.378, P_e = 0.213, kappa = 0.210.
FLEISS_WIKIPEDIA = np.array(
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
)


def _ratings_from_counts(counts: np.ndarray) -> np.ndarray:
    """One row per subject, one column per rating, category index as value."""
    return np.array([np.repeat(np.arange(counts.shape[1]), row) for row in counts], dtype=float)


def test_fleiss_wikipedia_counts() -> None:
    stat = fleiss_kappa_counts(FLEISS_WIKIPEDIA)
    assert stat.value is not None
    assert round(stat.value, 3) == 0.210
    assert stat.details["p_o"] == pytest.approx(0.378, abs=5e-4)
    assert stat.details["p_e"] == pytest.approx(0.213, abs=5e-4)
    assert stat.n_items == 10
    assert stat.n_raters == 14


def test_fleiss_wikipedia_ratings_matrix() -> None:
    ratings = _ratings_from_counts(FLEISS_WIKIPEDIA)
    stat = fleiss_kappa(ratings, categories=[0, 1, 2, 3, 4])
    assert stat.value == pytest.approx(fleiss_kappa_counts(FLEISS_WIKIPEDIA).value, abs=1e-12)


# Gwet (2014), Handbook of Inter-Rater Reliability, 4th ed., p. 120 (irrCAC's
# ``cac.raw4raters``): 12 units x 4 raters on 1..5; published estimates from
# irrCAC (gwet.ac1.raw) rounded to 3 decimals: (p_a, p_e, coefficient, se).
GWET_RAW4RATERS = np.array(
    [
        [1, 1, NAN, 1],
        [2, 2, 3, 2],
        [3, 3, 3, 3],
        [3, 3, 3, 3],
        [2, 2, 2, 2],
        [1, 2, 3, 4],
        [4, 4, 4, 4],
        [1, 1, 2, 1],
        [2, 2, 2, 2],
        [NAN, 5, 5, 5],
        [NAN, NAN, 1, 1],
        [NAN, NAN, 3, NAN],
    ]
)


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        (None, (0.818, 0.190, 0.775, 0.143)),
        ("linear", (0.939, 0.571, 0.859, 0.117)),
        ("ordinal", (0.968, 0.685, 0.899, 0.107)),
        ("quadratic", (0.975, 0.714, 0.914, 0.104)),
    ],
)
def test_gwet_handbook_raw4raters(weights: str | None, expected: tuple[float, ...]) -> None:
    if weights is None:
        stat = gwet_ac1(GWET_RAW4RATERS)
    else:
        stat = gwet_ac2(GWET_RAW4RATERS, weights=weights)
    assert stat.value is not None and stat.se is not None
    got = (stat.details["p_o"], stat.details["p_e"], stat.value, stat.se)
    assert [round(v, 3) for v in got] == list(expected)
    assert stat.n_items == 12


def test_gwet_ac1_raw4raters_more_digits() -> None:
    # irrCAC prints AC1 = 0.77544, se = 0.14295, p_e = 0.19032
    stat = gwet_ac1(GWET_RAW4RATERS)
    assert stat.value == pytest.approx(0.77544, abs=5e-6)
    assert stat.se == pytest.approx(0.14295, abs=5e-6)
    assert stat.details["p_e"] == pytest.approx(0.19032, abs=5e-6)


# More irrCAC data sets (Gwet 2014), label-valued, fed through the long-format helper.
RAW_5OBSERVERS = np.array(
    [
        [1, 1, 2, NAN, 2],
        [1, 1, 0, 1, NAN],
        [2, 3, 3, 3, NAN],
        [NAN, 0, 0, NAN, 0],
        [0, 0, 0, NAN, 0],
        [0, 0, 0, NAN, 0],
        [1, 0, 2, NAN, 1],
        [1, NAN, 2, 0, NAN],
        [2, 2, 2, NAN, 2],
        [2, 1, 1, 1, NAN],
        [NAN, 1, 0, 0, NAN],
        [0, 0, 0, 0, NAN],
        [1, 2, 2, 2, NAN],
        [3, 3, 2, 2, 3],
        [1, 1, 1, NAN, 1],
    ]
)
RAW_G1G2: list[list[str | None]] = [
    ["a", "a", None, "a"],
    ["b", "b", "c", "b"],
    ["c", "c", "c", "c"],
    ["c", "c", "c", "c"],
    ["b", "b", "b", "b"],
    ["a", "b", "c", "d"],
    ["d", "d", "d", "d"],
    ["a", "a", "b", "a"],
    ["b", "b", "b", "b"],
    [None, "e", "e", "e"],
    [None, None, "a", "a"],
    [None, None, "c", None],
    ["b", "b", "c", "b"],
    ["b", "a", "c", "b"],
]
RAW_GENDER = [
    list(row)
    for row in zip(
        ["a", "a", "a", "a", "a", "b", "b", "b", "c", "a", "a", "a", "a", "a", "b"],
        ["a", "a", "a", "a", "b", "a", "b", "c", "c", "a", "a", "a", "a", "b", "a"],
        ["a", "b", "b", "c", "a", "a", "b", "b", "c", "a", "b", "b", "c", "a", "a"],
        ["c", "c", "c", "c", "a", "a", "b", "b", "c", "c", "c", "c", "c", "a", "a"],
        strict=True,
    )
]
RAW_BEN_GERRY = [
    list(row)
    for row in zip(
        ["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"],
        ["b", "a", "b", "b", "b", "c", "c", "c", "e", None, "d", "d"],
        strict=True,
    )
]


def _long(table: Sequence[Sequence[object]]) -> np.ndarray:
    items: list[int] = []
    raters: list[str] = []
    values: list[object] = []
    for i, row in enumerate(table):
        for j, v in enumerate(row):
            items.append(i)
            raters.append(f"r{j}")
            values.append(v)
    table_ = ratings_from_long(items, raters, np.array(values, dtype=object))
    return np.asarray(table_.ratings, dtype=float)


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        (RAW_5OBSERVERS, (0.616, 0.236, 0.497, 0.122)),
        (_long(RAW_G1G2), (0.744, 0.187, 0.685, 0.134)),
        (_long(RAW_GENDER), (0.456, 0.312, 0.208, 0.091)),
        (_long(RAW_BEN_GERRY), (0.727, 0.194, 0.661, 0.184)),
    ],
    ids=["5observers", "g1g2", "gender", "ben_gerry"],
)
def test_gwet_ac1_irrcac_datasets(ratings: np.ndarray, expected: tuple[float, ...]) -> None:
    stat = gwet_ac1(ratings)
    assert stat.value is not None and stat.se is not None
    got = (stat.details["p_o"], stat.details["p_e"], stat.value, stat.se)
    assert [round(v, 3) for v in got] == list(expected)


# Gwet (2014) / irrCAC ``cont3x3abstractors``: 100 women, 2 abstractors;
# kappa2.table gives kappa = 0.7964094, se = 0.05891072.
ABSTRACTORS = np.array([[13, 0, 0], [0, 20, 7], [0, 4, 56]])


def test_cohen_kappa_abstractors_table() -> None:
    a, b = [], []
    for i in range(3):
        for j in range(3):
            a += [i] * int(ABSTRACTORS[i, j])
            b += [j] * int(ABSTRACTORS[i, j])
    stat = cohen_kappa(a, b)
    assert stat.value == pytest.approx(0.7964094, abs=5e-8)
    assert stat.se == pytest.approx(0.05891072, abs=5e-8)
    assert stat.details["p_o"] == pytest.approx(0.89)
    assert stat.n_items == 100


def test_percent_agreement_raw4raters() -> None:
    # irrCAC pa.coeff.raw(cac.raw4raters): 0.8181818
    assert percent_agreement(GWET_RAW4RATERS).value == pytest.approx(0.8181818, abs=5e-8)
