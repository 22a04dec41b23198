"""JSON Lines output: one JSON object per violation per line, then a summary line.

::

    {"path": "data.jsonl", "line": 3, "column": 41, "field": "response", "span": [40, 49],
     "rule": "no-apology", "check": "phrase", "severity": "warning", "message": "...",
     "role": "response", "item_id": "sup-003", "annotator": null, "record_key": "...",
     "fix"?: {"start", "end", "replacement", "safe"}}
    ...
    {"summary": {"files", "records", "invalid_records", "violations", "by_severity",
                 "by_rule", "notes", "sections"}}

Each violation object has exactly the keys of a violation in the JSON report
(``--format json``), and the last line's ``summary`` is the JSON report's
``summary``. A line is written as soon as its violation is found, and the output is
flushed at least every :data:`FLUSH_SECONDS` (not after every line: a write to a pipe
per violation would cost more than the check), so a consumer can act on violations
while a large dataset is still being checked; a consumer tells violations from the
summary by the ``summary`` key.

Every line is one JSON document in UTF-8, non-ASCII text as is. Besides the escapes
JSON requires, the characters U+0085, U+2028 and U+2029 are written as ``\\u`` escapes:
some line splitters (Python's ``str.splitlines``) treat them as line ends.
"""

from __future__ import annotations

import time
from typing import Any

from guidelint.model import Violation
from guidelint.reporters.base import ReportContext, Reporter
from guidelint.reporters.fragments import Template
from guidelint.reporters.spool import json_line_entry
from guidelint.reporters.summaries import summary_dict
from guidelint.reporters.violation_json import ViolationJson
from guidelint.summary import Summary

#: The longest a written line waits before it is flushed to the consumer.
FLUSH_SECONDS = 0.2
#: Characters some readers split lines on, that JSON would leave unescaped.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_line(data: Any) -> str:
    """``data`` as one line of JSON (no newline inside, none at the end)."""
    return _line_breaks_escaped(_dumps(data))


def _dumps(data: Any) -> str:
    return json_line_entry(data, 0)


def _line_breaks_escaped(text: str) -> str:
    for char, escape in _LINE_BREAKS.items():
        if char in text:
            text = text.replace(char, escape)
    return text


class JsonLinesReporter(Reporter):
    name = "json-lines"

    _flushed = 0.0

    def start(self, context: ReportContext) -> None:
        super().start(context)
        self._lines = ViolationJson(Template.one_line, _dumps)

    def violation(self, violation: Violation) -> None:
        self.stream.write(_line_breaks_escaped(self._lines.text(violation)) + "\n")
        now = time.monotonic()
        if now - self._flushed >= FLUSH_SECONDS:
            self.stream.flush()
            self._flushed = now

    def finish(self, summary: Summary) -> None:
        self.stream.write(json_line({"summary": summary_dict(summary)}) + "\n")
        self.stream.flush()
