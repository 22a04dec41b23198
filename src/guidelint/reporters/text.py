"""Text output: ``path:line:col: severity rule-id message``, an excerpt, then a summary.

Each violation is one line a terminal or an editor can jump to; below it, the field
path and an excerpt with the match marked (colour on a terminal, ``»«`` otherwise).
When other records share the record's line (minified JSON), the field path follows
the record's place in the file: ``element 3 (id 17), response: …``.
``--quiet`` prints only the violation lines.
"""

from __future__ import annotations

from guidelint.model import Severity, Violation
from guidelint.reporters.base import Reporter
from guidelint.reporters.summaries import plural, section_text, summary_text
from guidelint.summary import Summary

__all__ = ["TextReporter", "plural", "section_text", "summary_text"]

_COLORS = {
    Severity.ERROR: "\x1b[31m",
    Severity.WARNING: "\x1b[33m",
    Severity.INFO: "\x1b[36m",
}
_BOLD, _DIM, _RESET, _MARK = "\x1b[1m", "\x1b[2m", "\x1b[0m", "\x1b[1;4m"


class TextReporter(Reporter):
    name = "text"

    def violation(self, violation: Violation) -> None:
        headline = self.headline(violation)
        detail = "" if self.quiet else self.detail(violation)
        # (one write per violation: the main process of --jobs writes them all)
        self.stream.write(f"{headline}\n{detail}\n" if detail else headline + "\n")

    def headline(self, v: Violation) -> str:
        where = f"{v.path}:{v.line}:{v.column}:"
        severity = v.severity.value
        message = _one_line(v.message)  # (one line per violation: a match may span lines)
        if self.color:
            where = _BOLD + where + _RESET
            severity = _COLORS[v.severity] + severity + _RESET
            return f"{where} {severity} {_DIM}{v.rule}{_RESET} {message}"
        return f"{where} {severity} {v.rule} {message}"

    def detail(self, v: Violation) -> str:
        if not v.field:
            return f"    {v.locator}" if v.locator else ""
        line = f"    {v.locator}, {v.field}" if v.locator else f"    {v.field}"
        if v.excerpt is not None:
            before, match, after = v.excerpt
            before, match, after = _one_line(before), _one_line(match), _one_line(after)
            if self.color:
                marked = f"{before}{_MARK}{match}{_RESET}{after}"
            else:
                marked = f"{before}»{match}«{after}" if match else f"{before}{after}"
            line += f": {marked}"
        return line

    def finish(self, summary: Summary) -> None:
        if self.quiet:
            if self.statistics and summary.by_rule:  # (asked for: the counts alone)
                width = max(len(str(n)) for n in summary.by_rule.values())
                for rule, count in sorted(summary.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
                    self.stream.write(f"{count:>{width}}  {rule}\n")
            return
        context = getattr(self, "context", None)  # (None when used without start())
        self.stream.write(
            summary_text(
                summary,
                statistics=self.statistics,
                color=self.color,
                guideline=context.guideline_line() if context is not None else "",
            )
        )


def _one_line(text: str) -> str:
    if "\n" not in text and "\r" not in text and "\t" not in text:
        return text  # (most excerpts: one scan each instead of three replacements)
    return text.replace("\r", "\\r").replace("\n", "⏎").replace("\t", " ")
