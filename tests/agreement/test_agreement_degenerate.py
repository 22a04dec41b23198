"""Degenerate inputs: defined, explained results; never NaN, never an exception.

Run with ``-W error``: numpy warnings (division by zero, ...) fail the test.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import numpy as np
import pytest

from guidelint.agreement import (
    Statistic,
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_counts,
    gwet_ac1,
    gwet_ac2,
    kendall_w,
    krippendorff_alpha,
    pairwise_preference_agreement,
    percent_agreement,
    preference_agreement,
)

NAN = np.nan
SCALE = [1, 2, 3, 4, 5]

STATISTICS: dict[str, Callable[[np.ndarray], Statistic]] = {
    "percent": percent_agreement,
    "fleiss": fleiss_kappa,
    "fleiss_declared": lambda x: fleiss_kappa(x, SCALE),
    "alpha_nominal": lambda x: krippendorff_alpha(x, "nominal"),
    "alpha_ordinal": lambda x: krippendorff_alpha(x, "ordinal", SCALE),
    "alpha_interval": lambda x: krippendorff_alpha(x, "interval"),
    "alpha_ratio": lambda x: krippendorff_alpha(x, "ratio", SCALE),
    "ac1": gwet_ac1,
    "ac1_declared": lambda x: gwet_ac1(x, SCALE),
    "ac2_declared": lambda x: gwet_ac2(x, SCALE, "quadratic"),
    "cohen": lambda x: cohen_kappa(x[:, 0], x[:, -1] if x.shape[1] > 1 else x[:, 0] * NAN),
    "cohen_weighted": lambda x: cohen_kappa(
        x[:, 0], x[:, -1] if x.shape[1] > 1 else x[:, 0] * NAN, SCALE, "linear"
    ),
}

INPUTS: dict[str, np.ndarray] = {
    "empty": np.empty((0, 3)),
    "all_missing": np.full((5, 3), NAN),
    "one_annotator": np.array([[1.0], [2.0], [3.0]]),
    "no_overlap": np.array([[1, NAN], [NAN, 2], [3, NAN]]),
    "single_rating": np.array([[1, NAN, NAN]]),
    "one_category": np.ones((6, 3)),
    "one_category_with_gaps": np.array([[4, 4, NAN], [NAN, 4, 4], [4, NAN, NAN]]),
    "one_item": np.array([[1.0, 2.0, 3.0]]),
    "perfect": np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]),
    "total_disagreement": np.array([[1.0, 2.0], [2.0, 1.0]]),
}


def _check_clean(stat: Statistic) -> None:
    if stat.value is None:
        assert stat.note and stat.note.startswith("undefined")
        assert stat.se is None
    else:
        assert math.isfinite(stat.value)
        assert stat.se is None or math.isfinite(stat.se)
    assert all(math.isfinite(v) for v in stat.details.values())
    json.dumps(stat.to_dict(), allow_nan=False)


@pytest.mark.parametrize("input_name", INPUTS)
@pytest.mark.parametrize("stat_name", STATISTICS)
def test_never_raises_never_nan(stat_name: str, input_name: str) -> None:
    stat = STATISTICS[stat_name](INPUTS[input_name])
    _check_clean(stat)


@pytest.mark.parametrize(
    ("stat_name", "input_name", "expected", "note_part"),
    [
        ("percent", "empty", None, "no ratings"),
        ("fleiss", "all_missing", None, "no ratings"),
        ("alpha_nominal", "all_missing", None, "no ratings"),
        ("cohen", "all_missing", None, "no ratings"),
        ("fleiss", "one_annotator", None, "two or more raters"),
        ("alpha_interval", "one_annotator", None, "two or more raters"),
        ("ac1", "one_annotator", None, "two or more raters"),
        ("percent", "no_overlap", None, "two or more raters"),
        ("cohen", "no_overlap", None, "no item in common"),
        ("cohen", "one_annotator", None, "no item in common"),
        ("fleiss", "one_category", None, "same category (1)"),
        ("cohen", "one_category", None, "same category (1)"),
        ("cohen_weighted", "one_category", None, "same category (1)"),
        ("alpha_nominal", "one_category", None, "same value (1)"),
        ("alpha_ordinal", "one_category_with_gaps", None, "same value (4)"),
        ("alpha_ratio", "one_category", None, "same value (1)"),
        ("ac1", "one_category", None, "single category (1)"),
        ("ac1_declared", "one_category", 1.0, None),
        ("ac2_declared", "one_category", 1.0, None),
        ("percent", "one_category", 1.0, None),
        ("fleiss", "perfect", 1.0, None),
        ("alpha_interval", "perfect", 1.0, None),
        ("cohen", "perfect", 1.0, None),
        ("percent", "total_disagreement", 0.0, None),
        ("cohen", "total_disagreement", -1.0, None),
    ],
)
def test_specific_outcomes(
    stat_name: str, input_name: str, expected: float | None, note_part: str | None
) -> None:
    stat = STATISTICS[stat_name](INPUTS[input_name])
    if expected is None:
        assert stat.value is None
        assert note_part is not None and stat.note is not None and note_part in stat.note
    else:
        assert stat.value == pytest.approx(expected)


def test_undefined_note_mentions_observed_agreement() -> None:
    stat = fleiss_kappa(np.ones((4, 3)))
    assert stat.note is not None and "observed agreement is 100%" in stat.note
    assert stat.details["p_o"] == 1.0


def test_fleiss_counts_degenerate() -> None:
    assert fleiss_kappa_counts(np.zeros((3, 2))).value is None
    assert fleiss_kappa_counts(np.empty((0, 2))).value is None
    assert fleiss_kappa_counts([[1, 0], [0, 1]]).value is None
    with pytest.raises(ValueError, match="non-negative integers"):
        fleiss_kappa_counts([[1.5, 0]])


RANKINGS: dict[str, np.ndarray] = {
    "empty": np.empty((0, 3, 4)),
    "all_missing": np.full((2, 3, 4), NAN),
    "one_rater": np.array([[1.0, 2.0, 3.0]]),
    "one_candidate": np.array([[1.0], [1.0]]),
    "all_tied": np.array([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]),
    "partial": np.array([[1.0, NAN, 3.0], [1.0, 2.0, NAN]]),
}


@pytest.mark.parametrize("input_name", RANKINGS)
@pytest.mark.parametrize("fn", [kendall_w, pairwise_preference_agreement])
def test_rankings_degenerate(fn: Callable[[np.ndarray], Statistic], input_name: str) -> None:
    _check_clean(fn(RANKINGS[input_name]))


def test_rankings_specific() -> None:
    assert kendall_w(RANKINGS["one_rater"]).value is None
    assert "fewer than two candidates" in (kendall_w(RANKINGS["one_candidate"]).note or "")
    assert "ties all candidates" in (kendall_w(RANKINGS["all_tied"]).note or "")
    # all tied by both raters: they agree on every pair being a tie
    assert pairwise_preference_agreement(RANKINGS["all_tied"]).value == 1.0
    assert pairwise_preference_agreement(RANKINGS["all_tied"], ties="skip").value is None
    # partial rankings: W needs complete ones; pairwise uses the shared pair (0, ...)
    assert kendall_w(RANKINGS["partial"]).value is None
    assert pairwise_preference_agreement(RANKINGS["partial"]).value is None


def test_preference_agreement_all_same_choice() -> None:
    x = np.zeros((5, 3))  # everyone says "tie"
    out = preference_agreement(x)
    assert out["percent_agreement"].value == 1.0
    assert out["gwet_ac1"].value == 1.0  # declared 3-category scale
    assert out["fleiss_kappa"].value is None
    assert out["krippendorff_alpha_nominal"].value is None
    for stat in out.values():
        _check_clean(stat)
