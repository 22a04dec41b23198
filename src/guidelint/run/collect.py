"""A reporter that keeps what it is given, for Python callers of a check run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guidelint.model import Violation
    from guidelint.reporters.base import ReportContext
    from guidelint.summary import Summary


@dataclass
class Collect:
    """Keeps the context, every reported violation and the summary (no output)."""

    violations: list[Violation] = field(default_factory=list)
    context: ReportContext | None = None
    summary: Summary | None = None

    def start(self, context: ReportContext) -> None:
        self.context = context

    def violation(self, violation: Violation) -> None:
        self.violations.append(violation)

    def finish(self, summary: Summary) -> None:
        self.summary = summary
