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

from guidelint.model import Violation
from guidelint.reporters.base import ReportContext, Reporter
from guidelint.reporters.fragments import Template
from guidelint.reporters.spool import PLACEHOLDER, Spool, json_entry, write_json_document
from guidelint.reporters.summaries import summary_dict, violation_dict
from guidelint.reporters.violation_json import ViolationJson
from guidelint.summary import Summary

__all__ = ["SCHEMA_VERSION", "JsonReporter", "summary_dict", "violation_dict"]

SCHEMA_VERSION = 1


class JsonReporter(Reporter):
    """Each violation is serialised when found and kept in a :class:`Spool` (a
    temporary file), not in memory; the document is written at the end."""

    name = "json"

    def start(self, context: ReportContext) -> None:
        super().start(context)
        self._spool = Spool()
        self._entries = ViolationJson(
            lambda skeleton: Template.indented(skeleton, 2), lambda data: json_entry(data, 2)
        )

    def violation(self, violation: Violation) -> None:
        separator = ",\n" if self._spool.count else ""
        self._spool.write(separator + self._entries.text(violation))

    def finish(self, summary: Summary) -> None:
        document = {
            "version": SCHEMA_VERSION,
            "guideline": {"name": self.context.guideline, "version": self.context.version},
            "summary": summary_dict(summary),
            "violations": PLACEHOLDER,
        }
        try:
            write_json_document(self.stream, document, self._spool, key_depth=1)
        finally:
            self._spool.close()
