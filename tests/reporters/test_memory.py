"""No reporter keeps every violation until the end of the run (issue: 1.34 GB for the
JSON report of 1M records). Memory is measured, not time: the Python heap a reporter
holds after many violations must not grow with their number. Peak RSS on 1M records is
measured by ``benchmarks/formats.py`` (docs/benchmarks.md)."""

from __future__ import annotations

import gc
import io
import json
import tracemalloc
import xml.etree.ElementTree as ET

import pytest
from reporter_cases import context, summary_of, violation

from guidelint.model import Severity
from guidelint.reporters import REPORTERS, reporter_class
from guidelint.reporters.terminal import GroupedTextReporter

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


class Sink(io.StringIO):
    """A stream that keeps only how much was written."""

    written = 0

    def write(self, text: str) -> int:
        self.written += len(text)
        return len(text)


def feed(reporter: object, start: int, count: int) -> None:
    for i in range(start, start + count):
        reporter.violation(  # type: ignore[attr-defined]
            violation(
                path=f"data/part-{i * 3 // count}.jsonl",  # (file by file, as a run reports)
                line=i + 1,
                item_id=f"item-{i}",
                record_key=f"key-{i}",
                message=f"apology phrase number {i} " + "x" * 200,
                severity=SEVERITIES[i % 3],
            )
        )


def held_after(cls: type, count: int) -> tuple[int, list[tracemalloc.Statistic]]:
    """Blocks of Python heap still allocated after ``count`` violations were reported
    (blocks, not bytes: a one-off resize of an interpreter-wide table, such as that of
    interned strings, is one block of megabytes; keeping violations is thousands)."""
    gc.collect()
    tracemalloc.start()
    try:
        reporter = cls(Sink())
        reporter.start(context(paths=[f"data/part-{i}.jsonl" for i in range(3)]))
        feed(reporter, 0, count)
        gc.collect()
        statistics = tracemalloc.take_snapshot().statistics("lineno")
        held = sum(stat.count for stat in statistics)
        top = sorted(statistics, key=lambda stat: -stat.count)[:3]
        reporter.finish(summary_of([]))
    finally:
        tracemalloc.stop()
    return held, top


@pytest.mark.parametrize("name", [*REPORTERS, "grouped-text"])
def test_reporters_hold_no_violations(name: str) -> None:
    cls = GroupedTextReporter if name == "grouped-text" else reporter_class(name)
    few, _ = held_after(cls, 300)
    many, top = held_after(cls, 3_000)
    # Keeping the 2,700 extra violations (or their serialised text) would be at least
    # 2,700 more blocks; what a reporter may keep per file, rule or severity does not grow.
    assert many - few < 500, (
        f"{name} holds {many - few:,} more blocks for 10x the violations: {top}"
    )


@pytest.mark.parametrize("name", ["json", "sarif", "junit"])
def test_spooled_reports_are_whole_documents(name: str) -> None:
    """The spooled entries come back complete, in order, whatever their number."""
    found = [
        violation(line=i + 1, item_id=f"é-{i}", message=f"m\ud800 {i} ✓", path=f"p{i % 2}.jsonl")
        for i in range(2_500)
    ]
    reporter = reporter_class(name)(io.StringIO())
    reporter.start(context(paths=["p0.jsonl", "p1.jsonl", "empty.jsonl"]))
    for v in found:
        reporter.violation(v)
    reporter.finish(summary_of(found))
    text = reporter.stream.getvalue()
    if name == "json":
        lines = [v["line"] for v in json.loads(text)["violations"]]
        assert lines == list(range(1, 2_501))
    elif name == "sarif":
        results = json.loads(text)["runs"][0]["results"]
        assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == (
            list(range(1, 2_501))
        )
        assert results[0]["message"]["text"].startswith("m\ud800 0 ✓")
    else:
        root = ET.fromstring(text.encode("utf-8", "backslashreplace"))
        suites = {s.get("name"): s for s in root.iter("testsuite")}
        assert list(suites) == ["p0.jsonl", "p1.jsonl", "empty.jsonl"]
        assert [int(c.get("line") or 0) for c in suites["p1.jsonl"]] == list(range(2, 2_501, 2))
        assert suites["p0.jsonl"].get("tests") == "1250"
        assert suites["empty.jsonl"][0].get("name") == "no violations"
        assert root.get("tests") == "2501"
