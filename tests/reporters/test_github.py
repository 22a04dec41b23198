"""GitHub Actions workflow commands: one annotation per violation, escaped as GitHub wants."""

from __future__ import annotations

from pathlib import Path

import pytest
from reporter_cases import ROOT, render, sample_violations, summary_of, violation

from guidelint.model import Severity
from guidelint.reporters.github import command, escape_data, escape_property, relative_path

# (text, as a message, as a property value)
ESCAPES = [
    ("plain text", "plain text", "plain text"),
    ("100%", "100%25", "100%25"),
    ("%0A stays literal", "%250A stays literal", "%250A stays literal"),
    ("line\nbreak", "line%0Abreak", "line%0Abreak"),
    ("cr\rlf\r\n", "cr%0Dlf%0D%0A", "cr%0Dlf%0D%0A"),
    ("a: b, c", "a: b, c", "a%3A b%2C c"),
    ("C:\\data,v2.jsonl", "C:\\data,v2.jsonl", "C%3A\\data%2Cv2.jsonl"),
    ("::error::injected", "::error::injected", "%3A%3Aerror%3A%3Ainjected"),
    ("ünïcode — ok", "ünïcode — ok", "ünïcode — ok"),
]


@pytest.mark.parametrize(("text", "data", "prop"), ESCAPES)
def test_escaping(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


# (violation changes, expected command line)
COMMANDS = [
    (
        {},
        "::error file=data/train.jsonl,line=3,title=no-apology::"
        "apology phrase \"I'm sorry\"%0Aresponse, column 41: Thanks. »I'm sorry« for the wait.",
    ),
    (
        {"severity": Severity.WARNING, "excerpt": None, "message": "100% bad\nreally"},
        "::warning file=data/train.jsonl,line=3,title=no-apology::"
        "100%25 bad%0Areally%0Aresponse, column 41",
    ),
    (
        {"severity": Severity.INFO, "field": "", "column": 5, "path": "a,b:c.jsonl"},
        '::notice file=a%2Cb%3Ac.jsonl,line=3,col=5,title=no-apology::apology phrase "I\'m sorry"',
    ),
    (
        {"line": 0, "field": "", "column": 0},
        '::error file=data/train.jsonl,title=no-apology::apology phrase "I\'m sorry"',
    ),
    (
        {"span": (0, 0), "column": 1, "excerpt": None, "severity": Severity.WARNING},
        "::warning file=data/train.jsonl,line=3,title=no-apology::"
        'apology phrase "I\'m sorry"%0Aresponse',
    ),
    (
        {"path": "-", "field": ""},
        '::error title=no-apology::apology phrase "I\'m sorry"',
    ),
    (
        {"path": "", "field": "", "line": 0, "rule": "rate:x,y"},
        '::error title=rate%3Ax%2Cy::apology phrase "I\'m sorry"',
    ),
]


@pytest.mark.parametrize(("changes", "expected"), COMMANDS)
def test_command(changes: dict[str, object], expected: str) -> None:
    assert command(violation(**changes), str(ROOT)) == expected


def test_a_field_column_is_never_a_file_column() -> None:
    line = command(violation(column=41), str(ROOT))
    assert "col=" not in line
    assert "response, column 41" in line


def test_relative_path(tmp_path: Path) -> None:
    assert relative_path(str(tmp_path / "d" / "x.jsonl"), str(tmp_path)) == "d/x.jsonl"
    assert relative_path("d/x.jsonl", None) == "d/x.jsonl"
    outside = tmp_path.parent / "y.jsonl"
    assert relative_path(str(outside), str(tmp_path)) == outside.as_posix()
    assert relative_path("-") is None
    assert relative_path("") is None


def test_report_is_one_command_per_violation_then_the_summary() -> None:
    found = sample_violations()
    lines = render("github", found, summary_of(found)).splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(found)
    assert [c.split(" ", 1)[0] for c in commands] == ["::error", "::warning", "::error", "::notice"]
    assert lines[: len(found)] == commands
    assert any(line.startswith("Checked 10 records in 2 files") for line in lines[len(found) :])


def test_quiet_writes_only_the_commands() -> None:
    found = sample_violations()
    lines = render("github", found, quiet=True).splitlines()
    assert len(lines) == len(found)
    assert all(line.startswith("::") for line in lines)


def test_context_keeps_its_old_signature() -> None:
    from guidelint.reporters import ReportContext

    old = ReportContext(guideline="g", version="1", fail_on="error")
    assert (old.rules, old.tool_version, old.guideline_path, old.paths, old.root) == (
        {},
        "",
        "",
        (),
        None,
    )


def test_a_whitespace_match_is_shown_as_it_is() -> None:
    """A flagged run of spaces (stray-whitespace) is not collapsed to one, which hid
    what was flagged; elsewhere runs of white space are one space, as before."""
    from dataclasses import replace

    from reporter_cases import violation

    from guidelint.reporters.locations import excerpt_text

    base = violation()
    double = replace(base, excerpt=("Open   Settings,", "  ", "then  Billing."))
    assert excerpt_text(double) == "Open Settings,»  «then Billing."
    breaks = replace(base, excerpt=("Hello", "\n\n\n", "there"))
    assert excerpt_text(breaks) == "Hello»⏎⏎⏎«there"
    words = replace(base, excerpt=("a  b ", "As an  AI", " c"))
    assert excerpt_text(words) == "a b »As an AI« c"
