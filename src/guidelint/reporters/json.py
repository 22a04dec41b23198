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

from typing import Any

from guidelint.model import Violation
from guidelint.reporters.base import ReportContext, Reporter
from guidelint.reporters.spool import PLACEHOLDER, Spool, json_entry, write_json_document
from guidelint.summary import Summary

SCHEMA_VERSION = 1


def violation_dict(v: Violation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "path": v.path,
        "line": v.line,
        "column": v.column,
        "field": v.field,
        "span": list(v.span),
        "rule": v.rule,
        "check": v.check,
        "severity": v.severity.value,
        "message": v.message,
        "role": v.role,
        "item_id": v.item_id,
        "annotator": v.annotator,
        "record_key": v.record_key,
    }
    if v.locator:  # (the record's place when its line does not tell: minified JSON, or
        data["locator"] = v.locator  # a live Label Studio project's task and annotation)
    if v.fix is not None:
        data["fix"] = {
            "start": v.fix.start,
            "end": v.fix.end,
            "replacement": v.fix.replacement,
            "safe": v.fix.safe,
        }
    return data


def summary_dict(summary: Summary) -> dict[str, Any]:
    return {
        "files": summary.files,
        "records": summary.records,
        "invalid_records": summary.invalid_records,
        "violations": summary.violations,
        "by_severity": {s: summary.by_severity.get(s, 0) for s in ("error", "warning", "info")},
        "by_rule": dict(sorted(summary.by_rule.items())),
        "notes": summary.notes(),
        "sections": [
            {
                "title": section.title,
                "columns": list(section.columns),
                "rows": [dict(row) for row in section.rows],
                "notes": list(section.notes),
            }
            for section in summary.sections
        ],
    }


class JsonReporter(Reporter):
    """Each violation is serialised when found and kept in a :class:`Spool` (a
    temporary file), not in memory; the document is written at the end."""

    name = "json"

    def start(self, context: ReportContext) -> None:
        super().start(context)
        self._spool = Spool()

    def violation(self, violation: Violation) -> None:
        separator = ",\n" if self._spool.count else ""
        self._spool.write(separator + json_entry(violation_dict(violation), 2))

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
