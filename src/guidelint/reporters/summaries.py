"""A run's summary as reporters write it: the closing text (also the CLI's one-line
headline), report tables as aligned columns, and the JSON shapes of a violation and
of the summary; the first sentence of a rule description.

Shared by the reporters (a reporter module imports no other reporter module).
"""

from __future__ import annotations

import re
from typing import Any

from guidelint.checks.base import ReportSection
from guidelint.model import Severity, Violation
from guidelint.summary import Summary
from guidelint.wording import counted

_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def summary_text(
    summary: Summary, *, statistics: bool = False, color: bool = False, guideline: str = ""
) -> str:
    """The closing summary: records checked, violations by severity and by rule, then
    ``guideline`` (the line saying which guideline judged the run), if given."""
    lines = []
    if statistics and summary.by_rule:
        width = max(len(str(n)) for n in summary.by_rule.values())
        lines.append("")
        for rule, count in sorted(summary.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{count:>{width}}  {rule}")
    parts = [plural(summary.by_severity.get(s.value, 0), s.value) for s in reversed(list(Severity))]
    headline = (
        f"Checked {plural(summary.records, 'record')} in {summary.sources_text()}: "
        f"{plural(summary.violations, 'violation')} ({', '.join(parts)})"
    )
    if summary.invalid_records:
        headline += f"; {plural(summary.invalid_records, 'invalid record')}"
    lines.append("")
    lines.append(_BOLD + headline + _RESET if color else headline)
    if summary.by_rule and not statistics:
        top = sorted(summary.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
        lines.append("By rule: " + ", ".join(f"{rule} {count}" for rule, count in top))
    for note, count in summary.notes().items():
        lines.append(f"Note: {counted(count, note)}")
    if guideline:
        lines.append(guideline)
    for section in summary.sections:
        lines.append("")
        lines.extend(section_text(section))
    return "\n".join(lines) + "\n"


def plural(count: int, noun: str) -> str:
    """``1 record``, ``2 records``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def section_text(section: ReportSection) -> list[str]:
    """A check's report table as aligned text columns."""
    cells = [[cell_text(row.get(col)) for col in section.columns] for row in section.rows]
    widths = [max([len(col)] + [len(r[i]) for r in cells]) for i, col in enumerate(section.columns)]
    lines = [section.title]
    lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(section.columns, widths, strict=True)))
    for row in cells:
        lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    lines.extend(f"  {note}" for note in section.notes)
    return lines


def cell_text(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1%}" if 0 <= value <= 1 else f"{value:.1f}"
    return str(value)


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


def first_sentence(text: str) -> str:
    """The first sentence of a description, on one line (descriptions wrap lines)."""
    return re.split(r"(?<=[.?!])\s", " ".join(text.split()), maxsplit=1)[0]
