"""What the HTML check report counts while the run streams by: aggregates and a bounded
sample of findings, so that memory stays flat however many records there are.

* records per file, annotator and generator (the record's ``generator``, ``model``,
  ``source_model`` or ``source`` field, the first one that holds text), and per group
  the records each rule was reported in;
* response lengths, one count per distinct length (in the unit of the guideline's
  ``length`` rule), for the histogram;
* per rule: violations, the records they are in, the worst severity, the first
  :data:`SAMPLE` findings (the rest only counted), and the dataset-level findings.

Records are the records checked, as in the run's summary and for a rule's
``max_rate``: a line that could not be read as a record (an invalid record, counted
apart) is not one, so its ``invalid-record`` violation counts among the rule's
violations and in no group's records.

Records are seen by a listener on the linter (:meth:`Tallies.observe`), violations as
the run reports them (:meth:`Tallies.violation`): rates count reported violations, so
``--baseline``, ``per_path`` settings and ``--fix`` are reflected as in the rest of
the report. Violations come in record order right after their record was seen (or,
with ``--fix``, after the whole file was), so the generator of a record with
violations is kept only until they are reported.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from guidelint.model import RESPONSE_ROLES, Record, Severity, Violation

#: The rule of records that cannot be read (guidelint.engine.INVALID_RECORD).
INVALID_RECORD = "invalid-record"
#: Findings shown per rule (and dataset-level findings shown in all).
SAMPLE = 10
DATASET_SAMPLE = 50
#: Fields that name the model or generator that wrote a record's response.
GENERATOR_FIELDS = ("generator", "model", "source_model", "source")
#: Lengths above this are counted as this (the histogram's last bin shows them).
_MAX_LENGTH = 10_000_000


@dataclass
class LengthSpec:
    """How the histogram counts lengths, and the guideline's bounds to draw."""

    unit: str = "words"
    rule: str | None = None
    bounds: list[tuple[int, str]] = field(default_factory=list)


def length_spec(linter: Any) -> LengthSpec:
    """The unit and bounds of the guideline's first ``length`` rule for responses (else of
    its ``length_distribution`` rule; else words and no bounds)."""
    for check_name in ("length", "length_distribution"):
        for compiled in linter.text_rules + linter.record_rules + linter.dataset_rules:
            rule = compiled.rule
            if rule.check != check_name:
                continue
            if not set(rule.applies_to or RESPONSE_ROLES) & RESPONSE_ROLES:
                continue
            options = rule.options
            bounds: list[tuple[int, str]] = []
            for name in ("min", "max"):
                value = getattr(options, name, None)
                if value is not None:
                    bounds.append((int(value), f"{name} {value}"))
            optimal = getattr(options, "optimal", None)
            if optimal is not None:
                for name in ("min", "max"):
                    value = getattr(optimal, name, None)
                    if value is not None:
                        bounds.append((int(value), f"optimal {name} {value}"))
            return LengthSpec(str(getattr(options, "unit", "words")), rule.id, bounds)
    return LengthSpec()


def generator_of(record: Record) -> str | None:
    data = record.data
    for key in GENERATOR_FIELDS:
        value = data.get(key) if hasattr(data, "get") else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


@dataclass
class RuleTally:
    count: int = 0
    records: int = 0
    worst: Severity = Severity.INFO
    sample: list[Violation] = field(default_factory=list)
    reason: str | None = None
    dataset_level: int = 0


class Tallies:
    """Aggregates of one check run for the HTML report."""

    def __init__(self) -> None:
        self.rules: dict[str, RuleTally] = {}
        #: group kind (file, annotator, generator) → group → records
        self.records: dict[str, Counter[str]] = {k: Counter() for k in _KINDS}
        #: group kind → group → rule → records with the rule reported
        self.breaking: dict[str, dict[str, Counter[str]]] = {k: {} for k in _KINDS}
        self.lengths: Counter[int] = Counter()
        self.length_spec = LengthSpec()
        self.dataset_rules: frozenset[str] = frozenset()
        self.rate_rules: frozenset[str] = frozenset()
        self.dataset_findings: list[Violation] = []
        #: Findings of a rule's rate over its ``max_rate`` (shown before the sample).
        self.rate_verdicts: list[Violation] = []
        self.dataset_total = 0
        self.observed = False
        self._pending: OrderedDict[tuple[str, int, str | None], str | None] = OrderedDict()
        self._pending_path: str | None = None
        self._record: tuple[str, int, str | None] | None = None
        self._record_rules: set[str] = set()

    # -- records ------------------------------------------------------------------------
    def attach(self, linter: Any) -> None:
        """See every record the linter checks (also with --jobs)."""
        linter.listeners.append(self.observe)
        linter.wants_records = True
        self.length_spec = length_spec(linter)
        self.dataset_rules = frozenset(c.rule.id for c in linter.dataset_rules)
        self.rate_rules = frozenset(linter.rate_rules)

    def observe(self, record: Record, found: Sequence[Violation]) -> None:
        from guidelint.checks.base import Target
        from guidelint.checks.length import count_units
        from guidelint.text import TextAnalysis

        self.observed = True
        generator = generator_of(record)
        self.records["file"][record.path] += 1
        if record.annotator is not None:
            self.records["annotator"][record.annotator] += 1
        if generator is not None:
            self.records["generator"][generator] += 1
        if record.path != self._pending_path:
            self._pending.clear()  # the previous file's violations were all reported
            self._pending_path = record.path
        if found:  # (keyed by the record's key too: minified JSON has records on one line)
            self._pending[(record.path, record.line, found[0].record_key)] = generator
        unit = self.length_spec.unit
        for text in record.texts:
            if text.role in RESPONSE_ROLES and text.trained:
                if unit == "characters":
                    length = len(text.text.strip())
                else:
                    target = Target(text, record, TextAnalysis(text.text))
                    length = count_units(target, unit)  # type: ignore[arg-type]
                self.lengths[min(length, _MAX_LENGTH)] += 1

    # -- violations -----------------------------------------------------------------------
    def violation(self, v: Violation, *, shown: bool = True) -> None:
        """Count ``v`` (in the records it breaks, per group); sample it when ``shown``
        (a violation counted but not shown, below ``--min-severity`` or past
        ``--max-violations``, still counts in every table)."""
        tally = self._tally(v)
        tally.count += 1
        if v.severity.rank > tally.worst.rank:
            tally.worst = v.severity
        if shown:
            self.sample(v)
        if self._dataset_level(v):
            tally.dataset_level += 1
            self.dataset_total += 1
            return
        if v.rule == INVALID_RECORD and v.record_key is None:
            # (a line that could not be read as a record: an invalid record, which the
            # summary counts apart, is not among the records a share is of)
            return
        key = (v.path, v.line, v.record_key)
        if key != self._record:
            self._record = key
            self._record_rules = set()
        if v.rule in self._record_rules:
            return
        self._record_rules.add(v.rule)
        tally.records += 1
        self._count("file", v.path, v.rule)
        if v.annotator is not None:
            self._count("annotator", v.annotator, v.rule)
        generator = self._generator(v)
        if generator is not None:
            self._count("generator", generator, v.rule)

    def sample(self, v: Violation) -> None:
        """Keep ``v`` among the findings shown, if there is room (it is counted by
        :meth:`violation`, before or after)."""
        tally = self._tally(v)
        if len(tally.sample) < SAMPLE:
            tally.sample.append(v)
        if self._dataset_level(v):
            if v.rule in self.rate_rules and v.rule not in self.dataset_rules:
                # a rule's rate over its max_rate, one per rule: every one is shown,
                # whatever the duplicates before it
                self.rate_verdicts.append(v)
            elif len(self.dataset_findings) < DATASET_SAMPLE:
                self.dataset_findings.append(v)

    def _tally(self, v: Violation) -> RuleTally:
        tally = self.rules.get(v.rule)
        if tally is None:
            tally = self.rules[v.rule] = RuleTally(worst=v.severity, reason=v.reason)
        return tally

    def _dataset_level(self, v: Violation) -> bool:
        """About no one record: a dataset-level check's finding, or a rule's rate (a
        record of a live Label Studio project has line 0 too, and a key)."""
        return v.rule in self.dataset_rules or (v.line == 0 and v.record_key is None)

    def _count(self, kind: str, group: str, rule: str) -> None:
        self.breaking[kind].setdefault(group, Counter())[rule] += 1

    def _generator(self, v: Violation) -> str | None:
        pending = self._pending
        while pending:  # records before this one have had their violations reported
            (path, line, _key) = next(iter(pending))
            if path == v.path and line >= v.line:
                break
            pending.popitem(last=False)
        return pending.get((v.path, v.line, v.record_key))


_KINDS = ("file", "annotator", "generator")
