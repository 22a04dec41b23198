"""JSON output: one document with a stable, documented schema (version 1).

::

    {"version": 1,
     "guideline": {"name": ..., "version": ...},
     "summary": {"files", "records", "invalid_records", "violations",
                 "by_severity": {...}, "by_rule": {...}, "notes": {...}},
     "violations": [{"path", "line", "column", "field", "span": [start, end],
                     "rule", "check", "severity", "message", "role", "item_id",
                     "annotator", "record_key", "fix"?: {"start", "end",
                     "replacement", "safe"}}]}
"""

from __future__ import annotations

import json

from guidelint.model import Violation
from guidelint.reporters.base import Reporter
from guidelint.reporters.summaries import summary_dict, violation_dict
from guidelint.summary import Summary

__all__ = ["SCHEMA_VERSION", "JsonReporter", "summary_dict", "violation_dict"]

SCHEMA_VERSION = 1


class JsonReporter(Reporter):
    name = "json"

    def violation(self, violation: Violation) -> None:
        self._violations = getattr(self, "_violations", [])
        self._violations.append(violation_dict(violation))

    def finish(self, summary: Summary) -> None:
        document = {
            "version": SCHEMA_VERSION,
            "guideline": {"name": self.context.guideline, "version": self.context.version},
            "summary": summary_dict(summary),
            "violations": getattr(self, "_violations", []),
        }
        json.dump(document, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
