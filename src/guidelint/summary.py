"""Counts kept while checking: records, violations by severity, rule and annotator."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from guidelint.model import Record, Severity, Violation
from guidelint.wording import plural


@dataclass
class Summary:
    """What a run saw. Reporters print it; the CLI derives the exit code from it."""

    files: int = 0
    #: How many of ``files`` were live Label Studio projects (read by their URL).
    projects: int = 0
    records: int = 0
    invalid_records: int = 0
    #: invalid records per file (for reports that show rates per file)
    invalid_by_path: Counter[str] = field(default_factory=Counter)
    #: The first path checked in sorted order (where a dataset-wide finding, such as a
    #: rule's ``max_rate`` verdict, is filed: the same whatever order the files came in).
    first_path: str | None = None
    by_severity: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    #: records in which each rule fired at least once (for max_rate)
    records_breaking: Counter[str] = field(default_factory=Counter)
    #: per annotator: records checked, and records with an error-level violation
    annotator_records: Counter[str] = field(default_factory=Counter)
    annotator_failing: Counter[str] = field(default_factory=Counter)
    read_stats: Any = None
    #: Tables contributed by checks (edit sizes, review rates, length distribution…)
    sections: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.read_stats is None:
            from guidelint.readers.base import ReadStats

            self.read_stats = ReadStats()

    def sources_text(self) -> str:
        """What was read: ``3 files``, ``1 project``, ``2 files and 1 project``."""
        files = self.files - self.projects
        if not self.projects:
            return plural(files, "file")
        projects = plural(self.projects, "project")
        return f"{plural(files, 'file')} and {projects}" if files else projects

    def add_record(
        self, record: Record, found: Sequence[Violation], rate_rules: Mapping[str, object]
    ) -> None:
        self.add_counts(record.path, record.annotator, found, rate_rules)

    def add_counts(
        self,
        path: str,
        annotator: str | None,
        found: Sequence[Violation],
        rate_rules: Mapping[str, object],
    ) -> None:
        """:meth:`add_record` for a record known only by its path and annotator."""
        self.records += 1
        if self.first_path is None or path < self.first_path:
            self.first_path = path
        for rule in {v.rule for v in found}:
            self.records_breaking[rule] += 1
        for violation in found:
            severity = Severity.INFO if violation.rule in rate_rules else violation.severity
            self.by_severity[severity.value] += 1
            self.by_rule[violation.rule] += 1
        if annotator is not None:
            self.annotator_records[annotator] += 1
            # (an error in the task's own text, which names no annotator, is not theirs)
            if any(v.severity is Severity.ERROR and v.annotator == annotator for v in found):
                self.annotator_failing[annotator] += 1

    def add_violation(self, violation: Violation) -> None:
        self.by_severity[violation.severity.value] += 1
        self.by_rule[violation.rule] += 1

    def worst(self) -> Severity | None:
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            if self.by_severity.get(severity.value):
                return severity
        return None

    @property
    def violations(self) -> int:
        return sum(self.by_severity.values())

    def notes(self) -> dict[str, int]:
        stats = self.read_stats
        counts = getattr(stats, "counts", None) or getattr(stats, "notes", None) or {}
        return dict(counts)
