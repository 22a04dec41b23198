"""The ``pattern`` check: forbid or require a regular expression."""

from __future__ import annotations

import time
from typing import Any

import pytest
import regex
from pydantic import ValidationError

from conftest import run_check
from guidelint.checks.matching import RegexTimeout
from guidelint.checks.pattern import PatternCheck, PatternOptions, parse_flags

PLACEHOLDER = {"pattern": r"\[(?:TODO|TBD|insert [^\]]*)\]"}
SOURCE = {"pattern": r"^Source: \S+", "mode": "require", "flags": ["multiline"]}

# (options, text, [(start, end, match)])
CASES: list[tuple[dict[str, Any], str, list[tuple[int, int, str]]]] = [
    (PLACEHOLDER, "Your order ships on Monday.", []),
    (PLACEHOLDER, "", []),
    (PLACEHOLDER, "Ships on [TBD].", [(9, 14, "[TBD]")]),
    (PLACEHOLDER, "[todo] and [Insert date]", [(0, 6, "[todo]"), (11, 24, "[Insert date]")]),
    ({**PLACEHOLDER, "case_sensitive": True}, "[todo] and [TODO]", [(11, 17, "[TODO]")]),
    (SOURCE, "Rates rose in May.\nSource: ecb.europa.eu", []),
    (SOURCE, "Rates rose in May.", [(0, 0, "")]),
    (SOURCE, "", [(0, 0, "")]),
    ({**SOURCE, "flags": []}, "Rates rose.\nSource: ecb.europa.eu", [(0, 0, "")]),
    ({"pattern": "a.b", "flags": "dotall"}, "a\nb", [(0, 3, "a\nb")]),
    ({"pattern": "a.b"}, "a\nb", []),
    ({"pattern": r"^$", "flags": ["m"]}, "x\n\ny", [(2, 2, "")]),
    # Quotes: raw by default (so typographic quotes can be forbidden) ...
    ({"pattern": "[“”‘’]"}, "He said “hi”", [(8, 9, "“"), (11, 12, "”")]),
    ({"pattern": r"\bI'm\b"}, "I’m here", []),
    # ... or normalised on request, spans still into the original text.
    ({"pattern": r"\bI'm\b", "normalize_quotes": True}, "So I’m here", [(3, 6, "I’m")]),
    ({"pattern": "# a comment\n\\d+", "flags": ["verbose"]}, "abc 123", [(4, 7, "123")]),
]


@pytest.mark.parametrize(("options", "text", "expected"), CASES)
def test_pattern(options: dict[str, Any], text: str, expected: list[tuple[int, int, str]]) -> None:
    findings = run_check("pattern", options, text)
    assert [(f.start, f.end, f.params["match"]) for f in findings] == expected
    for f in findings:
        assert f.params["pattern"] == options["pattern"]


def test_forbid_params_and_message() -> None:
    findings = run_check("pattern", PLACEHOLDER, "[TODO] then [TBD]")
    params = dict(findings[0].params)
    assert params == {
        "match": "[TODO]",
        "pattern": PLACEHOLDER["pattern"],
        "mode": "forbid",
        "count": 2,
        "outcome": "matched '[TODO]'",
    }
    message = PatternCheck.default_message.format(**params)
    assert message == r"pattern /\[(?:TODO|TBD|insert [^\]]*)\]/ matched '[TODO]'"


def test_require_params_and_message() -> None:
    (finding,) = run_check("pattern", SOURCE, "No source here.")
    assert finding.params["mode"] == "require"
    assert finding.params["count"] == 0
    message = PatternCheck.default_message.format(**finding.params)
    assert message == r"pattern /^Source: \S+/ not found (required)"


@pytest.mark.parametrize("mode", ["forbid", "require"])
def test_regex_timeout(mode: str) -> None:
    evil = r"(?:\x62|\x62\x62)+$"  # (escaped: it passes the load-time probes)
    began = time.monotonic()
    with pytest.raises(RegexTimeout) as info:
        run_check("pattern", {"pattern": evil, "mode": mode, "timeout": 0.2}, "b" * 40 + "c")
    assert time.monotonic() - began < 2.0
    assert (info.value.rule_id, info.value.pattern) == ("test-rule", evil)
    assert "test-rule" in str(info.value) and repr(evil) in str(info.value)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "Field required"),
        ({"pattern": ""}, "'pattern' is empty"),
        ({"pattern": "(unclosed"}, "pattern '(unclosed' is not a valid regular expression"),
        ({"pattern": "x", "mode": "warn"}, "Input should be 'forbid' or 'require'"),
        ({"pattern": "x", "flags": ["global"]}, "unknown regex flag 'global' (known flags:"),
        (
            {"pattern": "x", "flags": ["i"], "case_sensitive": True},
            "'case_sensitive: true' contradicts the 'ignorecase' flag",
        ),
        ({"pattern": "x", "timeout": -1}, "greater than 0"),
        ({"pattern": "x", "patterns": ["y"]}, "Extra inputs are not permitted"),
    ],
)
def test_invalid_options(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        PatternOptions.model_validate(options)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("names", "flags"),
    [
        ([], 0),
        (["ignorecase"], regex.IGNORECASE),
        (["MULTILINE", "s"], regex.MULTILINE | regex.DOTALL),
        (["x", "ascii"], regex.VERBOSE | regex.ASCII),
    ],
)
def test_parse_flags(names: list[str], flags: int) -> None:
    assert parse_flags(names) == flags


def test_parse_flags_unknown_lists_known() -> None:
    with pytest.raises(ValueError, match=r"unknown regex flag 'global' \(known flags: ignorecase"):
        parse_flags(["global"])


def test_a_pattern_valid_only_with_the_verbose_flag_is_accepted_with_it() -> None:
    """A pattern is checked at `pattern:` first; one that a flag makes valid (a comment
    holding a bracket, under `verbose`) is judged with its flags."""
    import pytest
    from pydantic import ValidationError

    from guidelint.checks.pattern import PatternOptions

    source = "foo  # (a comment with an open bracket"
    assert PatternOptions.model_validate({"pattern": source, "flags": ["verbose"]})
    with pytest.raises(ValidationError, match="not a valid regular expression"):
        PatternOptions.model_validate({"pattern": source})
