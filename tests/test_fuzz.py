"""Hostile input never reaches "internal error" (#18, items 4, 5, 11).

The cases are the ones a fuzzing session found, and their kind: hostile regular
expressions in every place a guideline takes one, text in other encodings and binary
files for every command that reads input, and names too long for the file system.
Deterministic (fixed seeds, bounded counts) and fast: part of the unit suite. Commands
run in-process through ``guidelint.cli.main.main`` (an "internal error" is what it
prints for an exception it did not expect).
"""

from __future__ import annotations

import codecs
import json
import random
import time
from pathlib import Path

import pytest

from guidelint.cli.main import main
from guidelint.engine import Linter
from guidelint.errors import GuidelineError
from guidelint.guideline import load_guideline
from guidelint.model import Record, Text

#: Patterns that are invalid or cannot run (cheap to reject: tried in every place).
INVALID_PATTERNS = ["a{99999999999}", "(", "[z-a]", "\\", "a**", "(?<", "a{2,1}"]
#: Patterns that run without end on short texts (rejected after a probe times out,
#: which costs a little: each is tried in some of the places, every place gets some).
ENDLESS_PATTERNS = ["(?R)", "(a|aa)+$", "(?:b|bb)+$", "(x|xx)+y"]
#: Every place a guideline takes a regular expression: (rule YAML with {P}, name).
PLACES = [
    ("    check: pattern\n    pattern: {P}\n", "pattern"),
    ("    check: phrase\n    patterns: [{P}]\n", "phrase patterns"),
    ("    check: phrase\n    phrases: [x]\n    exceptions: [{P}]\n", "phrase exceptions"),
    ("    check: length\n    max: 5\n    when:\n      category: {{matches: {P}}}\n", "when"),
    ("    check: tokens\n    patterns: [[{{TEXT: {{REGEX: {P}}}}}]]\n", "tokens REGEX"),
]
CASES = [
    pytest.param(rule, pattern, id=f"{place}: {pattern}")
    for rule, place in PLACES
    for pattern in INVALID_PATTERNS
] + [
    pytest.param(rule, pattern, id=f"{place}: {pattern}")
    for (rule, place), pattern in zip(PLACES, ENDLESS_PATTERNS * 2, strict=False)
]
HEAD = "name: hostile\nrules:\n  - id: r1\n"


def _quoted(pattern: str) -> str:
    return json.dumps(pattern)  # (a JSON string is a YAML flow scalar)


@pytest.mark.parametrize(("rule", "pattern"), CASES)
def test_a_hostile_regex_is_a_guideline_error_at_its_line(
    tmp_path: Path, rule: str, pattern: str
) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(HEAD + rule.format(P=_quoted(pattern)), encoding="utf-8")
    began = time.monotonic()
    try:
        load_guideline(path)
    except GuidelineError as error:
        assert error.location is not None and error.location.startswith(f"{path}:"), error
        line = int(error.location.split(":")[-2])
        assert line >= 3  # the rule's lines, not the file's start
        assert "regular expression" in error.message or "ran longer" in error.message
    else:  # (only a pattern the place accepts may load: none of these)
        pytest.fail(f"{pattern!r} was accepted")
    assert time.monotonic() - began < 5


def _record(instruction: str, response: str, **data: str) -> Record:
    return Record(
        path="d.jsonl",
        line=1,
        index=0,
        data={"instruction": instruction, "response": response, **data},
        texts=[
            Text(role="instruction", text=instruction, field="instruction"),
            Text(role="response", text=response, field="response", prompt=instruction),
        ],
    )


#: Catastrophic on a run of b's, but written so that it passes the load-time probes
#: (they try runs of the letters a pattern names): the time limit must stop it.
SLOW = r"(?:\x62|\x62\x62)+$"


@pytest.mark.parametrize(
    "rule",
    [
        "    check: length\n    max: 5000\n    when:\n      category: {matches: '%s'}\n",
        "    check: tokens\n    patterns: [[{TEXT: {REGEX: '%s'}}]]\n    timeout: 0.2\n",
        "    check: pattern\n    pattern: '%s'\n    timeout: 0.2\n",
    ],
    ids=["when", "tokens", "pattern"],
)
def test_a_slow_regex_stops_at_the_time_limit(
    tmp_path: Path, rule: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("guidelint.conditions.DEFAULT_TIMEOUT", 0.2)  # (when: the default 1 s)
    path = tmp_path / "g.yaml"
    path.write_text(HEAD + rule % SLOW, encoding="utf-8")
    linter = Linter(load_guideline(path))
    slow = "b" * 60 + "c"
    began = time.monotonic()
    found = linter.check_record(_record("Is this fine?", slow, category=slow))
    assert time.monotonic() - began < 10  # (without a limit: hours)
    assert [v.rule for v in found] == ["r1"]
    assert found[0].check in ("rule-timeout", "pattern", "tokens", "length")
    assert "ran longer than" in found[0].message and "r1" in found[0].message


def test_a_matching_when_pattern_still_works(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    rule = "    check: length\n    max: 1\n    when:\n      category: {matches: '^sim'}\n"
    path.write_text(HEAD + rule, encoding="utf-8")
    linter = Linter(load_guideline(path))
    assert [v.rule for v in linter.check_record(_record("Hi there", "a b c", category="simple"))]
    assert not linter.check_record(_record("Hi there", "a b c", category="hard"))


def test_tokens_regex_still_matches(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    rule = "    check: tokens\n    patterns: [[{LOWER: {REGEX: '^colou?r$'}}, {LOWER: red}]]\n"
    path.write_text(HEAD + rule, encoding="utf-8")
    linter = Linter(load_guideline(path))
    found = linter.check_record(_record("Which one?", "The Colour red, the color blue."))
    assert [v.excerpt for v in found if v.rule == "r1"] != []
    assert not [v for v in linter.check_record(_record("Which?", "A colr red.")) if v.rule == "r1"]
