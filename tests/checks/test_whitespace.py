"""The whitespace check: what it finds, where, and the fixes it proposes."""

from __future__ import annotations

import pytest

from conftest import run_check
from guidelint.checks.whitespace import WhitespaceCheck


def _apply(text: str, findings: list) -> str:  # type: ignore[type-arg]
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        fix = finding.fix
        text = text[: fix.start] + fix.replacement + text[fix.end :]
    return text


@pytest.mark.parametrize(
    ("text", "spans", "fixed"),
    [
        ("Open Settings, then Billing.", [], "Open Settings, then Billing."),
        ("Open Settings,  then Billing.", [(14, 16)], "Open Settings, then Billing."),
        ("Open Settings, then Billing. ", [(28, 29)], "Open Settings, then Billing."),
        ("  Hi there.", [(0, 2)], "Hi there."),
        ("Line one.  \nLine two.", [(9, 11)], "Line one.\nLine two."),
        ("Line one.\t\r\nLine two.", [(9, 10)], "Line one.\r\nLine two."),
        ("One.\n\n\n\nTwo.", [(4, 8)], "One.\n\nTwo."),
        ("One.\r\n\r\n\r\nTwo.", [(4, 10)], "One.\r\n\r\nTwo."),
        ("One.\n\nTwo.", [], "One.\n\nTwo."),
        ("- item\n    - nested item", [], "- item\n    - nested item"),
        ("```\nx  =  1   \n```\nDone.", [], "```\nx  =  1   \n```\nDone."),
        ("", [], ""),
    ],
)
def test_findings_and_fixes(text: str, spans: list[tuple[int, int]], fixed: str) -> None:
    findings = run_check("whitespace", {}, text)
    assert [(f.start, f.end) for f in findings] == spans
    assert all(f.fix is not None and f.fix.safe for f in findings)
    assert _apply(text, findings) == fixed


def test_options_turn_parts_off() -> None:
    text = "  Two  spaces. \n\n\n\nEnd "
    assert (
        run_check(
            "whitespace",
            {
                "trailing_spaces": False,
                "repeated_spaces": False,
                "max_blank_lines": None,
                "surrounding": False,
            },
            text,
        )
        == []
    )
    assert len(run_check("whitespace", {"max_blank_lines": 3}, "a\n\n\n\nb")) == 0


def test_message() -> None:
    (finding,) = run_check("whitespace", {}, "a  b")
    assert WhitespaceCheck.default_message.format(**finding.params) == "2 spaces between words"


def test_bad_option() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="max_blank_lines"):
        WhitespaceCheck.Options.model_validate({"max_blank_lines": -1})
