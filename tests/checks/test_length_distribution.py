"""The ``length_distribution`` check: a report of response lengths per role."""

from __future__ import annotations

import tracemalloc
from typing import Any

import pytest
from annotation_records import make_check, observe_all, record, text
from pydantic import ValidationError

from guidelint.checks.length_distribution import (
    LengthDistributionOptions,
    count_length,
    nearest_rank,
)


def words(count: int) -> str:
    return " ".join(["word"] * count)


def section_rows(options: dict[str, Any], records: list[Any]) -> dict[str, dict[str, Any]]:
    section = observe_all(make_check("length_distribution", options), records).report()
    assert section is not None
    return {row["role"]: dict(row) for row in section.rows}


def test_quartiles_and_optimal_shares() -> None:
    records = [record(text("response", words(n))) for n in (10, 20, 30, 40, 50, 60, 70, 80)]
    rows = section_rows({"optimal": {"min": 25, "max": 60}}, records)
    assert rows == {
        "response": {
            "role": "response",
            "texts": 8,
            "min": 10,
            "q1": 20,
            "median": 40,
            "q3": 60,
            "max": 80,
            "in_optimal": 0.5,
            "below_optimal": 0.25,
            "above_optimal": 0.25,
        }
    }


def test_per_role_in_option_order_and_only_roles_asked_for() -> None:
    records = [
        record(
            text("instruction", words(3)),
            text("chosen", words(120)),
            text("rejected", words(15)),
        ),
        record(text("chosen", words(200)), text("rejected", words(25))),
    ]
    rows = section_rows({}, records)
    assert list(rows) == ["chosen", "rejected"]
    assert (rows["chosen"]["min"], rows["chosen"]["max"], rows["chosen"]["texts"]) == (120, 200, 2)
    assert rows["rejected"]["in_optimal"] is None  # no optimal range given
    rows = section_rows({"roles": ["instruction"]}, records)
    assert list(rows) == ["instruction"]


@pytest.mark.parametrize(
    ("optimal", "shares"),
    [({"min": 15}, (2 / 3, 1 / 3, 0.0)), ({"max": 15}, (2 / 3, 0.0, 1 / 3))],
)
def test_open_ended_optimal_range(
    optimal: dict[str, int], shares: tuple[float, float, float]
) -> None:
    records = [record(text("response", words(n))) for n in (10, 15, 20)]
    row = section_rows({"optimal": optimal}, records)["response"]
    got = (row["in_optimal"], row["below_optimal"], row["above_optimal"])
    assert got == pytest.approx(shares, abs=1e-4)


def test_untrained_texts_and_characters() -> None:
    records = [
        record(text("response", "  abc  "), text("response", "skipped", trained=False)),
        record(text("response", "abcdef")),
    ]
    row = section_rows({"unit": "characters"}, records)["response"]
    assert (row["texts"], row["min"], row["max"]) == (2, 3, 6)


def test_no_texts_no_report() -> None:
    check = observe_all(make_check("length_distribution"), [record(text("instruction", "Hi"))])
    assert check.report() is None


def test_reports_no_violations_and_title_names_rule_and_unit() -> None:
    check = observe_all(make_check("length_distribution"), [record(text("response", "a b"))])
    assert list(check.finish()) == []
    section = check.report()
    assert section is not None
    assert section.title == "Length distribution in words (rule test-rule)"
    assert section.columns[:7] == ("role", "texts", "min", "q1", "median", "q3", "max")


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [
        ([5], 0.25, 5),
        ([1, 2, 3, 4], 0.5, 2),
        ([1, 2, 3, 4], 0.75, 3),
        ([1, 2, 3], 0.5, 2),
        ([1, 2, 3, 4], 1.0, 4),
        ([1, 2, 3, 4], 0.0, 1),
    ],
)
def test_nearest_rank(values: list[int], share: float, expected: int) -> None:
    assert nearest_rank(values, share) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [("Don't stop-now, ok?", "words", 3), ("", "words", 0), (" ab ", "characters", 2)],
)
def test_count_length(value: str, unit: str, expected: int) -> None:
    assert count_length(value, unit) == expected


@pytest.mark.parametrize(
    "options",
    [
        {"unit": "sentences"},
        {"roles": ["answer"]},
        {"optimal": {}},
        {"optimal": {"min": 5, "max": 1}},
    ],
)
def test_invalid_options(options: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        LengthDistributionOptions.model_validate(options)


def test_four_bytes_per_text() -> None:
    check = make_check("length_distribution")
    rec = record(text("response", words(50)))
    check.observe(rec, ())  # the role's array exists from here on
    tracemalloc.start()
    for _ in range(4000):
        check.observe(rec, ())
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert current / 4000 < 6
