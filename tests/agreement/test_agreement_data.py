"""Long-format pivoting, preference coding, weights, interpretation, validation."""

from __future__ import annotations

import numpy as np
import pytest

from guidelint.agreement import (
    DEFAULT_BANDS,
    PREFERENCE_CATEGORIES,
    Statistic,
    cohen_kappa,
    count_matrix,
    encode_preferences,
    fleiss_kappa,
    interpret,
    krippendorff_alpha,
    preference_agreement,
    preference_ratings,
    ratings_from_long,
    weight_matrix,
)

NAN = np.nan


def test_ratings_from_long_numeric() -> None:
    t = ratings_from_long(
        items=["q2", "q1", "q1", "q2", "q3"],
        annotators=["bob", "ann", "bob", "ann", "ann"],
        values=[4, 5, 3, NAN, 2],
        categories=[1, 2, 3, 4, 5],
    )
    assert t.items.tolist() == ["q1", "q2", "q3"]
    assert t.annotators.tolist() == ["ann", "bob"]
    np.testing.assert_array_equal(t.ratings, [[5, 3], [NAN, 4], [2, NAN]])
    assert t.labels is None
    assert t.categories is not None and t.categories.tolist() == [1, 2, 3, 4, 5]


def test_ratings_from_long_labels_follow_declared_order() -> None:
    t = ratings_from_long(
        [1, 1, 2, 2, 3],
        ["a", "b", "a", "b", "a"],
        np.array(["bad", "ok", "good", "good", None], dtype=object),
        categories=["bad", "ok", "good"],
    )
    assert t.labels == ("bad", "ok", "good")
    assert t.categories is not None and t.categories.tolist() == [0, 1, 2]
    np.testing.assert_array_equal(t.ratings, [[0, 1], [2, 2]])  # item 3 only had a missing value
    assert krippendorff_alpha(t.ratings, "ordinal", t.categories).value is not None


def test_ratings_from_long_labels_sorted_by_default() -> None:
    t = ratings_from_long([0, 0], ["x", "y"], ["yes", "no"])
    assert t.labels == ("no", "yes")
    np.testing.assert_array_equal(t.ratings, [[1, 0]])


def test_ratings_from_long_numbers_as_text_sorted_by_value() -> None:
    t = ratings_from_long(list("abcdef"), ["x"] * 6, ["1", "2", "9", "10", "10", "10"])
    assert t.labels == ("1", "2", "9", "10")
    np.testing.assert_array_equal(t.ratings.ravel(), [0, 1, 2, 3, 3, 3])
    t = ratings_from_long([0, 0, 0], ["x", "y", "z"], ["10", "n/a", "2"])
    assert t.labels == ("2", "10", "n/a")


def test_ratings_from_long_unknown_label() -> None:
    with pytest.raises(ValueError, match="not among the declared categories"):
        ratings_from_long([0], ["x"], ["maybe"], categories=["yes", "no"])


@pytest.mark.parametrize(("mode", "expected"), [("first", 1.0), ("last", 3.0)])
def test_ratings_from_long_duplicates(mode: str, expected: float) -> None:
    items, anns, vals = [7, 7, 7, 8], ["a", "a", "a", "a"], [1, 2, 3, 4]
    with pytest.raises(ValueError, match="more than once"):
        ratings_from_long(items, anns, vals)
    t = ratings_from_long(items, anns, vals, duplicates=mode)
    assert t.ratings[0, 0] == expected
    assert t.ratings[1, 0] == 4.0


def test_ratings_from_long_validates_lengths() -> None:
    with pytest.raises(ValueError, match="equal length"):
        ratings_from_long([1, 2], ["a"], [1, 2])


def test_ratings_from_long_scales() -> None:
    rng = np.random.default_rng(0)
    n = 300_000
    items = rng.integers(0, 100_000, n)
    anns = rng.integers(0, 5, n)
    t = ratings_from_long(items, anns, rng.integers(1, 6, n), duplicates="last")
    assert t.ratings.shape[1] == 5
    assert np.count_nonzero(~np.isnan(t.ratings)) == np.unique(items * 5 + anns).size


def test_count_matrix() -> None:
    counts, cats = count_matrix([[1, 2, NAN], [2, 2, 2]], categories=[1, 2, 3])
    assert cats.tolist() == [1, 2, 3]
    np.testing.assert_array_equal(counts, [[1, 1, 0], [0, 3, 0]])


def test_off_scale_values_are_rejected() -> None:
    with pytest.raises(ValueError, match="not on the declared category scale"):
        fleiss_kappa([[1, 2], [6, 1]], categories=[1, 2, 3, 4, 5])
    with pytest.raises(ValueError, match="2-D"):
        fleiss_kappa([1, 2, 3])
    with pytest.raises(ValueError, match="numeric"):
        fleiss_kappa([["a", "b"]])
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha([[1, 2]], "cardinal")
    with pytest.raises(ValueError, match="non-negative"):
        krippendorff_alpha([[-1, 2]], "ratio")
    with pytest.raises(ValueError, match="same length"):
        cohen_kappa([1, 2], [1])


def test_encode_preferences() -> None:
    coded = encode_preferences([["A", "B"], ["tie", None]])
    np.testing.assert_array_equal(coded, [[-1, 1], [0, NAN]])
    flipped = encode_preferences(["A", "B", "tie"], swapped=[True, False, True])
    assert flipped.tolist() == [1.0, 1.0, 0.0]
    custom = encode_preferences([1, 2, 2], a=1, b=2, tie=None)
    assert custom.tolist() == [-1.0, 1.0, 1.0]
    with pytest.raises(ValueError, match="unknown preference label"):
        encode_preferences(["A", "C"])
    with pytest.raises(ValueError, match="swapped"):
        encode_preferences(["A"], swapped=[True, False])


def test_preference_ratings_and_summary() -> None:
    t = preference_ratings(
        items=[1, 1, 1, 2, 2, 2, 3, 3, 3],
        annotators=["x", "y", "z"] * 3,
        choices=["A", "A", "A", "B", "B", "tie", "A", "B", "A"],
    )
    assert t.categories is not None and t.categories.tolist() == list(PREFERENCE_CATEGORIES)
    out = preference_agreement(t.ratings)
    assert set(out) == {
        "percent_agreement",
        "fleiss_kappa",
        "gwet_ac1",
        "krippendorff_alpha_nominal",
        "krippendorff_alpha_ordinal",
    }
    assert out["percent_agreement"].value == pytest.approx((1 + 1 / 3 + 1 / 3) / 3)
    kappa = cohen_kappa(t.ratings[:, 0], t.ratings[:, 1], categories=PREFERENCE_CATEGORIES)
    assert kappa.value is not None


def test_weight_matrix_schemes() -> None:
    w, name = weight_matrix([1, 2, 3, 4, 5], "linear")
    assert name == "linear"
    assert w[0].tolist() == [1.0, 0.75, 0.5, 0.25, 0.0]
    w, _ = weight_matrix([1, 2, 3, 4, 5], "quadratic")
    assert w[0].tolist() == [1.0, 0.9375, 0.75, 0.4375, 0.0]
    w, _ = weight_matrix([1, 2, 3, 4, 5], "ordinal")  # 1 - C(d+1, 2) / C(5, 2)
    assert w[0].tolist() == pytest.approx([1.0, 0.9, 0.7, 0.4, 0.0])
    w, name = weight_matrix([1, 2, 3], None)
    assert name == "identity" and (w == np.eye(3)).all()
    with pytest.raises(ValueError, match="unknown weights"):
        weight_matrix([1, 2], "cubic")
    with pytest.raises(ValueError, match="diagonal"):
        weight_matrix([1, 2], np.zeros((2, 2)))


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (None, "undefined"),
        (float("nan"), "undefined"),
        (-0.2, "low"),
        (0.39, "low"),
        (0.4, "moderate"),
        (0.59, "moderate"),
        (0.6, "good"),
        (0.79, "good"),
        (0.8, "excellent"),
        (1.0, "excellent"),
    ],
)
def test_interpret_default_bands(value: float | None, label: str) -> None:
    assert interpret(value) == label
    assert Statistic(name="x", value=value if value == value else None).interpretation in (
        label,
        "undefined",
    )


def test_interpret_custom_bands() -> None:
    bands = ((0.0, "slight"), (0.2, "fair"))
    assert interpret(-0.1, bands, below="poor") == "poor"
    assert interpret(0.1, bands) == "slight"
    assert interpret(0.9, bands) == "fair"
    assert DEFAULT_BANDS[0] == (0.4, "moderate")


def test_statistic_to_dict_and_with_ci() -> None:
    s = Statistic(name="x", value=0.5, note="n", n_items=3, details={"p_o": 0.7})
    d = s.with_ci((0.1, 0.9), "boot").to_dict()
    assert d["ci"] == [0.1, 0.9]
    assert d["note"] == "n; boot"
    assert d["interpretation"] == "moderate"
