"""Text output for a person at a terminal: violations grouped under their record.

Used by ``guidelint check`` instead of the plain text format when standard output is a
terminal (piped output keeps the one-line-per-violation format that tools parse)::

    data.jsonl:4  sup-004 / alice
      4:1    error    ai-identity-disclaimer  AI-identity disclaimer "As an AI language model"
             response: »As an AI language model«, I don't have access to every promotion…
             why: Responses must not describe themselves as an AI or language model.

The record header shows where the record is, its item id and its annotator; each
violation shows its line and column, severity, rule, message, the excerpt with the
match marked, and the rule's one-line reason.
"""

from __future__ import annotations

from collections.abc import Callable

from guidelint.model import Violation
from guidelint.reporters.text import TextReporter

_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_REASON_WIDTH = 160
_SEVERITY_COLOR = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}


class GroupedTextReporter(TextReporter):
    name = "text"
    #: Whether ``--fix`` can rewrite a file (set by the run): a fix in a CSV or a
    #: compressed file is not labelled fixable.
    fixable: Callable[[str], bool] | None = None

    def violation(self, violation: Violation) -> None:
        key = (violation.path, violation.line, violation.record_key)
        if key != getattr(self, "_group", None):
            if getattr(self, "_group", None) is not None:
                self.stream.write("\n")
            self._group = key
            self.stream.write(self.record_header(violation) + "\n")
        self.stream.write(self.entry(violation) + "\n")
        if self.quiet:
            return
        indent = " " * 9
        detail = self.detail(violation).strip()
        if detail:
            self.stream.write(f"{indent}{detail}\n")
        reason = self.reason(violation)
        if reason:
            self.stream.write(f"{indent}{self._dim('why: ' + reason)}\n")

    def reason(self, v: Violation) -> str | None:
        """The rule's one-line reason (the first sentence of its description)."""
        text = v.reason
        if not text:
            return None
        return text if len(text) <= _REASON_WIDTH else text[: _REASON_WIDTH - 1] + "…"

    def record_header(self, v: Violation) -> str:
        where = f"{v.path}:{v.line}" if v.line else v.path
        who = " / ".join(part for part in (v.item_id, v.annotator) if part)
        if self.color:
            where = _BOLD + where + _RESET
        return f"{where}  {self._dim(who)}" if who else where

    def entry(self, v: Violation) -> str:
        place = f"{v.line}:{v.column}".ljust(6)
        severity = v.severity.value.ljust(7)
        if self.color:
            severity = _SEVERITY_COLOR[v.severity.value] + severity + _RESET
        fix = ""
        if v.fix is not None and (self.fixable is None or self.fixable(v.path)):
            fix = "  [fixable with --fix]" if v.fix.safe else "  [fixable with --unsafe-fixes]"
        return f"  {place} {severity}  {self._dim(v.rule)}  {v.message}{self._dim(fix)}"

    def _dim(self, text: str) -> str:
        return f"{_DIM}{text}{_RESET}" if self.color and text else text
