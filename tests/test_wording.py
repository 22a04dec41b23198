"""Counts in notes and messages: singular for one."""

from __future__ import annotations

from guidelint.agreement.sources.collect import EMPTY, NO_VALUE
from guidelint.readers.base import ReadStats
from guidelint.readers.chat import TOOL_TURNS
from guidelint.readers.labelstudio import CANCELLED, NO_ANNOTATIONS
from guidelint.wording import counted, plural


def test_plural() -> None:
    assert plural(1, "record") == "1 record"
    assert plural(0, "record") == "0 records"
    assert plural(2, "entry", "entries") == "2 entries"


def test_counted_notes_are_singular_for_one() -> None:
    assert counted(1, CANCELLED) == "1 cancelled annotation skipped"
    assert counted(3, CANCELLED) == "3 cancelled annotations skipped"
    assert counted(1, NO_ANNOTATIONS) == "1 task without annotations"
    assert counted(1, TOOL_TURNS) == "1 tool or function turn not checked"
    assert counted(1, EMPTY) == "1 empty value"
    assert counted(1, "values N/A read as missing") == "1 value N/A read as missing"
    assert counted(2, "values N/A read as missing") == "2 values N/A read as missing"
    assert counted(1, "something else happened") == "1 something else happened"
    assert counted(1, f"{NO_VALUE} (by bob)") == (
        "1 annotation without a value for this label (by bob)"  # (was "1 annotations")
    )


def test_read_stats_summary_uses_the_singular() -> None:
    stats = ReadStats()
    stats.note(CANCELLED)
    stats.note(NO_ANNOTATIONS, 2)
    assert stats.summary() == ["2 tasks without annotations", "1 cancelled annotation skipped"]
