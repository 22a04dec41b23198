"""The ``structure`` check: lists, headings, code blocks, paragraphs, walls of text."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import run_check
from guidelint.checks.structure import StructureCheck

NO_LISTS = {"max_list_items": 0}
MARKDOWN = (
    "Intro:\n\n- one\n- two\n  * nested\n1. first\n\n# Title\n\n"
    "```\n- not a list\n# not a heading\n```\n"
)
WALL = " ".join(["word"] * 20)

# (options, text, [(spanned text, message)])
CASES: list[tuple[dict[str, Any], str, list[tuple[str, str]]]] = [
    (NO_LISTS, "", []),
    (NO_LISTS, "You can change your plan in Settings.\n\nThe price changes next month.", []),
    (
        NO_LISTS,
        "To change your plan:\n- open Settings\n- choose Plan",
        [
            ("- open Settings", "2 list items; none allowed"),
            ("- choose Plan", "2 list items; none allowed"),
        ],
    ),
    (
        {"max_list_items": 0, "max_headings": 0, "allow_code_blocks": False},
        MARKDOWN,
        [
            ("- one", "4 list items; none allowed"),
            ("- two", "4 list items; none allowed"),
            ("* nested", "4 list items; none allowed"),
            ("1. first", "4 list items; none allowed"),
            ("# Title", "1 heading; none allowed"),
            ("```\n- not a list\n# not a heading\n```", "1 code block; none allowed"),
        ],
    ),
    # Exactly at the limit passes; items past it are reported.
    ({"max_list_items": 2}, "- a\n- b", []),
    ({"max_list_items": 2}, "- a\n- b\n• c", [("• c", "3 list items; at most 2 allowed")]),
    # A number in bold numbers items as a list does; bold text alone is no item.
    (
        {"max_list_items": 1},
        "**1. Rate:** 15 a minute.\n\n**2.** Hours: 16 a day.",
        [("**2.** Hours: 16 a day.", "2 list items; at most 1 allowed")],
    ),
    ({"max_list_items": 0}, "**Rate:** 15 a minute.\n**2024** was good.", []),
    ({"max_headings": 1}, "# A\ntext\n## B", [("## B", "2 headings; at most 1 allowed")]),
    # Not markdown structure: hashtags, hyphenated words, numbers mid-line.
    ({"max_list_items": 0, "max_headings": 0}, "#hashtag and well-known\n2024 was good.", []),
    # An unclosed fence runs to the end.
    (
        {"allow_code_blocks": False},
        "Run:\n```sh\nls",
        [("```sh\nls", "1 code block; none allowed")],
    ),
    ({"allow_code_blocks": True, "max_headings": 3}, "Run:\n```sh\nls\n```", []),
    # Paragraph counts; a code block with blank lines inside is one paragraph.
    (
        {"min_paragraphs": 2},
        "One paragraph only.",
        [("One paragraph only.", "1 paragraph; at least 2 required")],
    ),
    ({"min_paragraphs": 2, "max_paragraphs": 2}, "First.\n\n```\na\n\nb\n```", []),
    (
        {"max_paragraphs": 1},
        "First.\n\nSecond.",
        [("First.\n\nSecond.", "2 paragraphs; at most 1 allowed")],
    ),
    ({"min_paragraphs": 1}, "", [("", "0 paragraphs; at least 1 required")]),
    # Walls of text: one finding per long block; list items measured one by one;
    # code is not prose.
    ({"max_paragraph_words": 20}, WALL, []),
    (
        {"max_paragraph_words": 19},
        f"Short.\n\n{WALL}\n\n```\n{WALL} {WALL}\n```",
        [(WALL, "20 words in one paragraph; at most 19 allowed")],
    ),
    (
        {"max_paragraph_words": 10},
        "Steps:\n- " + " ".join(["a"] * 5) + "\n- " + " ".join(["b"] * 11),
        [("- " + " ".join(["b"] * 11), "11 words in one paragraph; at most 10 allowed")],
    ),
    (
        {"max_paragraph_words": 3},
        "Ünïcödé wörds are wörds too.",
        [("Ünïcödé wörds are wörds too.", "5 words in one paragraph; at most 3 allowed")],
    ),
]


def test_each_false_reports_a_list_once() -> None:
    text = "Intro:\n\n- one\n- two\n- three"
    findings = run_check("structure", {"max_list_items": 1, "each": False}, text)
    assert len(findings) == 1
    (finding,) = findings
    assert text[finding.start : finding.end] == "- two\n- three"
    assert StructureCheck.default_message.format(**finding.params) == (
        "3 list items; at most 1 allowed"
    )
    assert run_check("structure", {"max_list_items": 1, "each": False}, "- only one") == []


@pytest.mark.parametrize(("options", "text", "expected"), CASES)
def test_structure(options: dict[str, Any], text: str, expected: list[tuple[str, str]]) -> None:
    findings = run_check("structure", options, text)
    got = [
        (text[f.start : f.end], StructureCheck.default_message.format(**f.params)) for f in findings
    ]
    assert got == expected


def test_params() -> None:
    (finding,) = run_check("structure", {"max_headings": 1}, "# A\n\n## B")
    assert dict(finding.params) == {
        "count": 2,
        "limit": 1,
        "what": "headings",
        "kind": "headings",
        "expected": "at most 1 allowed",
    }
    assert (finding.start, finding.end) == (5, 9)


def test_a_rule_without_limits_is_refused() -> None:
    """It loaded and checked nothing, under a description that said it did."""
    with pytest.raises(ValidationError, match="the rule checks nothing"):
        StructureCheck.Options.model_validate({})
    assert StructureCheck.Options.model_validate({"allow_code_blocks": False})


@pytest.mark.parametrize(
    ("options", "error"),
    [
        (
            {"min_paragraphs": 3, "max_paragraphs": 2},
            "min_paragraphs (3) is greater than max_paragraphs (2)",
        ),
        ({"max_list_items": -1}, "greater than or equal to 0"),
        ({"max_paragraph_words": 0}, "greater than 0"),
        ({"max_lists": 0}, "Extra inputs are not permitted"),
        ({"allow_code_blocks": "sometimes"}, "valid boolean"),
    ],
)
def test_invalid_options(options: dict[str, Any], error: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(error)):
        StructureCheck.Options.model_validate(options)


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_wall_of_text_at_the_fewest_characters(limit: int) -> None:
    # `limit + 1` one-letter words take `2 * limit + 1` characters, the fewest that
    # can hold more than `limit` words: the character bound must not skip them.
    densest = " ".join(["a"] * (limit + 1))
    assert len(densest) == 2 * limit + 1
    options = {"max_paragraph_words": limit}
    (finding,) = run_check("structure", options, f"Intro.\n\n{densest}\n\nEnd.")
    assert finding.params["count"] == limit + 1
    item = f"- {densest}\n- a"  # each list item is measured on its own
    (finding,) = run_check("structure", options, f"Intro.\n\n{item}")
    assert (finding.start, finding.end) == (8, 10 + len(densest))
    assert run_check("structure", options, " ".join(["a"] * limit)) == []
    assert run_check("structure", options, "a-a " * limit) == []  # joined words count once
