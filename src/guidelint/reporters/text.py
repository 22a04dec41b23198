"""Text output: ``path:line:col: severity rule-id message``, an excerpt, then a summary.

Each violation is one line a terminal or an editor can jump to; below it, the field
path and an excerpt with the match marked (colour on a terminal, ``»«`` otherwise).
When other records share the record's line (minified JSON), the field path follows
the record's place in the file: ``element 3 (id 17), response: …``.
``--quiet`` prints only the violation lines.
"""

from __future__ import annotations

from guidelint.checks.base import ReportSection
from guidelint.model import Severity, Violation
from guidelint.reporters.base import Reporter
from guidelint.summary import Summary
from guidelint.wording import counted

_COLORS = {
    Severity.ERROR: "\x1b[31m",
    Severity.WARNING: "\x1b[33m",
    Severity.INFO: "\x1b[36m",
}
_BOLD, _DIM, _RESET, _MARK = "\x1b[1m", "\x1b[2m", "\x1b[0m", "\x1b[1;4m"


class TextReporter(Reporter):
    name = "text"

    def violation(self, violation: Violation) -> None:
        self.stream.write(self.headline(violation) + "\n")
        if self.quiet:
            return
        detail = self.detail(violation)
        if detail:
            self.stream.write(detail + "\n")

    def headline(self, v: Violation) -> str:
        where = f"{v.path}:{v.line}:{v.column}:"
        severity = v.severity.value
        if self.color:
            where = _BOLD + where + _RESET
            severity = _COLORS[v.severity] + severity + _RESET
            return f"{where} {severity} {_DIM}{v.rule}{_RESET} {v.message}"
        return f"{where} {severity} {v.rule} {v.message}"

    def detail(self, v: Violation) -> str:
        if not v.field:
            return f"    {v.locator}" if v.locator else ""
        line = f"    {v.locator}, {v.field}" if v.locator else f"    {v.field}"
        if v.excerpt is not None:
            before, match, after = (_one_line(part) for part in v.excerpt)
            if self.color:
                marked = f"{before}{_MARK}{match}{_RESET}{after}"
            else:
                marked = f"{before}»{match}«{after}" if match else f"{before}{after}"
            line += f": {marked}"
        return line

    def finish(self, summary: Summary) -> None:
        if self.quiet:
            return
        self.stream.write(summary_text(summary, statistics=self.statistics, color=self.color))


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "⏎").replace("\t", " ")


def summary_text(summary: Summary, *, statistics: bool = False, color: bool = False) -> str:
    """The closing summary: records checked, violations by severity and by rule."""
    lines = []
    if statistics and summary.by_rule:
        width = max(len(str(n)) for n in summary.by_rule.values())
        lines.append("")
        for rule, count in sorted(summary.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{count:>{width}}  {rule}")
    parts = [plural(summary.by_severity.get(s.value, 0), s.value) for s in reversed(list(Severity))]
    headline = (
        f"Checked {plural(summary.records, 'record')} in {plural(summary.files, 'file')}: "
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
    for section in summary.sections:
        lines.append("")
        lines.extend(section_text(section))
    return "\n".join(lines) + "\n"


def plural(count: int, noun: str) -> str:
    """``1 record``, ``2 records``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def section_text(section: ReportSection) -> list[str]:
    """A check's report table as aligned text columns."""
    cells = [[_cell(row.get(col)) for col in section.columns] for row in section.rows]
    widths = [max([len(col)] + [len(r[i]) for r in cells]) for i, col in enumerate(section.columns)]
    lines = [section.title]
    lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(section.columns, widths, strict=True)))
    for row in cells:
        lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    lines.extend(f"  {note}" for note in section.notes)
    return lines


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1%}" if 0 <= value <= 1 else f"{value:.1f}"
    return str(value)
