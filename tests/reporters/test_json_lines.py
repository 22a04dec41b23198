"""JSON Lines: one violation per line as it arrives, then the summary."""

from __future__ import annotations

import io
import json

import pytest
from reporter_cases import context, render, sample_violations, summary_of, violation

from guidelint.model import Fix
from guidelint.reporters.json import summary_dict, violation_dict
from guidelint.reporters.json_lines import JsonLinesReporter


def test_one_object_per_violation_then_the_summary() -> None:
    found = sample_violations()
    summary = summary_of(found)
    lines = render("json-lines", found, summary).splitlines()
    assert len(lines) == len(found) + 1
    assert [json.loads(line) for line in lines[:-1]] == [violation_dict(v) for v in found]
    assert json.loads(lines[-1]) == {"summary": summary_dict(summary)}


def test_same_keys_as_the_json_report() -> None:
    plain, fixed = violation(), violation(fix=Fix(40, 49, "Thank you"))
    first, second, _ = render("json-lines", [plain, fixed]).splitlines()
    assert json.loads(first) == violation_dict(plain)
    assert "fix" not in json.loads(first)
    assert json.loads(second)["fix"] == {
        "start": 40,
        "end": 49,
        "replacement": "Thank you",
        "safe": True,
    }


class CountingStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.flushes = 0

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


def test_streams_each_violation_as_it_arrives(monkeypatch: pytest.MonkeyPatch) -> None:
    import guidelint.reporters.json_lines as json_lines

    clock = [1000.0]
    monkeypatch.setattr(json_lines.time, "monotonic", lambda: clock[0])
    stream = CountingStream()
    reporter = JsonLinesReporter(stream)
    reporter.start(context())
    reporter.violation(violation())
    assert stream.getvalue().count("\n") == 1
    assert stream.flushes == 1
    # Lines written in quick succession are flushed together, not one by one...
    for line in range(9, 200):
        reporter.violation(violation(line=line))
    assert stream.getvalue().count("\n") == 192
    assert stream.flushes == 1
    # ...and none waits longer than FLUSH_SECONDS.
    clock[0] += json_lines.FLUSH_SECONDS
    reporter.violation(violation(line=300))
    assert stream.flushes == 2
    reporter.finish(summary_of([]))
    assert stream.flushes == 3


def test_text_that_some_readers_split_on_stays_on_one_line() -> None:
    message = "a\nb\rc\x85d\u2028e\u2029f\x0bg\x1ch — ünïcode"
    text = render("json-lines", [violation(message=message)])
    lines = text.splitlines()  # splits on \x85, \u2028, \u2029, \x0b, \x1c too
    assert len(lines) == 2
    assert json.loads(lines[0])["message"] == message
    assert "ünïcode" in lines[0]
