"""The statistics of grouped ratings (what hf/ray agreement() return), without an engine."""

from __future__ import annotations

import pytest

from guidelint.errors import UsageError
from guidelint.pipelines.agreement import statistics_of_groups

THREE = [
    (1, ["a", "b", "c"], [1, 2, 1]),
    (2, ["a", "b", "c"], [1, 1, 1]),
    (3, ["a", "b", "c"], [2, 2, 1]),
]


def test_cohen_kappa_is_added_for_two_annotators_and_is_lights_when_asked_for_with_more() -> None:
    """Asked for by name with three annotators, cohen_kappa vanished (``{}``); it is the
    command line's: Light's kappa, the mean over the pairs, named and noted as such."""
    light = statistics_of_groups(THREE, statistics=["cohen_kappa"])["cohen_kappa"]
    assert light.name == "light_kappa" and light.value is not None
    assert light.note == "mean of Cohen's kappa over 3 rater pairs (Light's kappa)"
    assert "cohen_kappa" not in statistics_of_groups(THREE)  # (not asked: not added)
    two = [(i, ["a", "b"], values[:2]) for i, _, values in THREE]
    kappa = statistics_of_groups(two, statistics=["cohen_kappa"])["cohen_kappa"]
    assert kappa.name.startswith("cohen_kappa")
    assert "cohen_kappa" in statistics_of_groups(two)


def test_a_wrong_level_or_kind_is_a_usage_error() -> None:
    """It was pydantic's ValidationError, a traceback for a user."""
    with pytest.raises(UsageError, match="level='ordnal'"):
        statistics_of_groups(THREE, level="ordnal")
    with pytest.raises(UsageError, match="kind='ratings'"):
        statistics_of_groups(THREE, kind="ratings")
