"""The ``length`` check: hard bounds, the softer optimal range, units, messages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import run_check
from guidelint.checks.length import LengthCheck
from guidelint.model import Severity


def words(n: int) -> str:
    return " ".join(["word"] * n)


SUPPORT = {"min": 30, "max": 500, "optimal": {"min": 100, "max": 300}}

# (options, text, expected kind or None, expected message, expected severity)
CASES: list[tuple[dict[str, Any], str, str | None, str, Severity | None]] = [
    (SUPPORT, words(180), None, "", None),
    (SUPPORT, words(100), None, "", None),  # exactly at the optimal bounds
    (SUPPORT, words(300), None, "", None),
    (
        SUPPORT,
        words(12),
        "too_short",
        "response has 12 words; at least 30 required",
        None,
    ),
    (SUPPORT, words(30), "below_optimal", "response has 30 words; 100-300 is optimal", "info"),
    (SUPPORT, words(99), "below_optimal", "response has 99 words; 100-300 is optimal", "info"),
    (SUPPORT, words(301), "above_optimal", "response has 301 words; 100-300 is optimal", "info"),
    (SUPPORT, words(500), "above_optimal", "response has 500 words; 100-300 is optimal", "info"),
    (SUPPORT, words(501), "too_long", "response has 501 words; at most 500 allowed", None),
    ({"min": 1}, "", "too_short", "response has 0 words; at least 1 required", None),
    ({"min": 2}, "Hello", "too_short", "response has 1 word; at least 2 required", None),
    (
        {"max": 3},
        "Ça va très bien, merci.",
        "too_long",
        "response has 5 words; at most 3 allowed",
        None,
    ),
    # Characters: leading and trailing white space does not count.
    ({"unit": "characters", "max": 5}, "  héllo \n", None, "", None),
    (
        {"unit": "characters", "max": 5},
        "héllo!",
        "too_long",
        "response has 6 characters; at most 5 allowed",
        None,
    ),
    # Sentences and paragraphs use the shared analysis.
    (
        {"unit": "sentences", "max": 2},
        "One. Two! Three?",
        "too_long",
        "response has 3 sentences; at most 2 allowed",
        None,
    ),
    ({"unit": "sentences", "min": 1, "max": 2}, "e.g. this is one sentence.", None, "", None),
    (
        {"unit": "paragraphs", "min": 2},
        "Just one\nparagraph here.",
        "too_short",
        "response has 1 paragraph; at least 2 required",
        None,
    ),
    ({"unit": "paragraphs", "min": 2}, "First.\n\nSecond.", None, "", None),
    # Optimal only, with one end; custom severity.
    (
        {"optimal": {"max": 3}, "optimal_severity": "warning"},
        words(4),
        "above_optimal",
        "response has 4 words; 3 or fewer is optimal",
        "warning",
    ),
    (
        {"optimal": {"min": 3}},
        words(2),
        "below_optimal",
        "response has 2 words; 3 or more is optimal",
        "info",
    ),
]


@pytest.mark.parametrize(("options", "text", "kind", "message", "severity"), CASES)
def test_length(
    options: dict[str, Any], text: str, kind: str | None, message: str, severity: str | None
) -> None:
    findings = run_check("length", options, text)
    if kind is None:
        assert findings == []
        return
    (finding,) = findings
    assert finding.params["kind"] == kind
    assert LengthCheck.default_message.format(**finding.params) == message
    assert finding.severity == (Severity(severity) if severity else None)


def test_params_and_span_cover_the_stripped_text() -> None:
    text = "\n  too short here  \n"
    (finding,) = run_check("length", {"min": 5, "max": 10}, text)
    assert (finding.start, finding.end) == (3, 17)
    assert text[finding.start : finding.end] == "too short here"
    assert dict(finding.params) == {
        "count": 3,
        "unit": "words",
        "min": 5,
        "max": 10,
        "bound": 5,
        "kind": "too_short",
        "expected": "at least 5 required",
        "role": "response",
    }


def test_optimal_params_name_the_optimal_range() -> None:
    (finding,) = run_check("length", SUPPORT, words(40))
    assert (finding.params["min"], finding.params["max"], finding.params["bound"]) == (
        100,
        300,
        100,
    )


def test_empty_text_has_an_empty_span() -> None:
    (finding,) = run_check("length", {"min": 1}, "   ")
    assert (finding.start, finding.end) == (0, 0)


def test_role_comes_from_the_text() -> None:
    (finding,) = run_check("length", {"max": 1}, "two words", role="chosen")
    assert LengthCheck.default_message.format(**finding.params) == (
        "chosen has 2 words; at most 1 allowed"
    )


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({}, "set at least one of min, max or optimal"),
        ({"min": 10, "max": 5}, "min (10) is greater than max (5)"),
        ({"optimal": {}}, "optimal needs a min, a max or both"),
        ({"optimal": {"min": 9, "max": 3}}, "optimal min (9) is greater than optimal max (3)"),
        ({"min": 50, "optimal": {"min": 10}}, "10 is below min (50)"),
        ({"max": 50, "optimal": {"max": 80}}, "80 is above max (50)"),
        ({"min": -1}, "greater than or equal to 0"),
        ({"unit": "tokens", "min": 1}, "'words', 'characters', 'sentences' or 'paragraphs'"),
        ({"min": 1, "maximum": 3}, "Extra inputs are not permitted"),
        ({"optimal_severity": "fatal", "min": 1}, "'info', 'warning' or 'error'"),
    ],
)
def test_invalid_options(options: dict[str, Any], error: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(error)):
        LengthCheck.Options.model_validate(options)
