"""The engine: compile a guideline's rules once, stream records through them.

The engine stamps rule id, severity, location and message on what checks find,
applies ``applies_to``, ``when``, ``--select``/``--ignore`` and per-record
suppressions, reports unreadable records as ``invalid-record``, and feeds
dataset-level checks. It never prints: callers get violations and a summary.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mypy_extensions import mypyc_attr

from guidelint.checks.base import Check, Finding, Target
from guidelint.errors import GuidelintError, RecordError
from guidelint.fields import FieldMapping, get_path, has_path, record_key
from guidelint.finding_cap import MAX_FINDINGS, Budget, capped
from guidelint.guideline import Guideline, Rule, load_guideline
from guidelint.guideline.conditions import MISSING, request_of
from guidelint.labelstudio.urls import is_url
from guidelint.model import (
    READ_ERRORS,
    RESPONSE_ROLES,
    Record,
    Severity,
    Text,
    Violation,
    column_of,
)
from guidelint.summary import Summary
from guidelint.text import TextAnalysis
from guidelint.text.phrase_index import TextRules
from guidelint.wording import plural

#: Built-in rule ids the engine itself reports.
INVALID_RECORD = "invalid-record"
UNKNOWN_SUPPRESSION = "unknown-suppression"
RULE_TIMEOUT = "rule-timeout"
RATE_EXCEEDED = "rate-exceeded"
BUILTIN_RULES = {
    INVALID_RECORD: "a record that cannot be read or has no text to check",
    UNKNOWN_SUPPRESSION: "a suppression names a rule the guideline does not have",
    RULE_TIMEOUT: "a rule's regular expression took too long on a text",
}

_ROLE_GROUPS = {
    "response": RESPONSE_ROLES,
    "assistant": RESPONSE_ROLES,
    "user": frozenset({"instruction"}),
    "all": None,
}
_EXCERPT_WIDTH = 40


@dataclass
class CompiledRule:
    rule: Rule
    check: Check
    roles: frozenset[str] | None  # None: every role

    def applies_to(self, role: str) -> bool:
        return self.roles is None or role in self.roles


@dataclass
class Selection:
    """``--select``/``--ignore``: rule ids or tags; empty select means every rule."""

    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()

    def wants(self, rule: Rule) -> bool:
        names = {rule.id, *rule.tags, rule.check}
        if self.select and not (names & self.select):
            return False
        return not (names & self.ignore)

    def ignores(self, rule: Rule) -> bool:
        """Whether ``--ignore`` names the rule (by id, tag or check), not only leaves it
        out of a ``--select``."""
        return bool({rule.id, *rule.tags, rule.check} & self.ignore)

    def wants_builtin(self, rule_id: str) -> bool:
        """Whether a built-in rule is reported: ``unknown-suppression`` like any rule;
        ``invalid-record`` unless ignored by name (``--select`` never hides a record
        that could not be checked at all)."""
        if rule_id in self.ignore:
            return False
        return rule_id == INVALID_RECORD or not self.select or rule_id in self.select


@dataclass
class _RecordState:
    violations: list[Violation] = field(default_factory=list)


def _roles(applies_to: Sequence[str]) -> frozenset[str] | None:
    roles: set[str] = set()
    for name in applies_to:
        group = _ROLE_GROUPS.get(name, frozenset({name}))
        if group is None:
            return None
        roles |= group
    return frozenset(roles)


@mypyc_attr(allow_interpreted_subclasses=True)  # (compiled: a program may still subclass it)
class Linter:
    """Checks records against a guideline. Compile once, call many times."""

    def __init__(
        self,
        guideline: Guideline | str | Path,
        *,
        selection: Selection | None = None,
        severity_overrides: dict[str, Severity] | None = None,
        fields: FieldMapping | None = None,
    ):
        if not isinstance(guideline, Guideline):
            guideline = load_guideline(guideline)
        self.guideline = guideline
        self.fields = fields or guideline.fields
        self.selection = selection or Selection()
        self.severity_overrides = severity_overrides or {}
        #: Findings of one rule reported one by one per record (see guidelint.finding_cap).
        self.max_findings = MAX_FINDINGS
        self.rule_ids = {rule.id for rule in guideline.rules}
        selected = {rule.id for rule in guideline.rules if self.selection.wants(rule)}
        needs_all_text = any(
            rule.check_class.scope == "record" for rule in guideline.rules if rule.id in selected
        )
        # Record rules (preference inversion, accepted poor drafts) judge a record by
        # what the text rules found in it: those run even when not selected, and
        # their violations are dropped before reporting; not those ignored (--ignore,
        # a configuration's `ignore`): a rule switched off breaks nothing.
        # (A guideline loaded through guidelint.guideline.cache brings its compiled
        # checks from an earlier run, and keeps those compiled here for the next.)
        kept = guideline.compiled
        compiled = [
            CompiledRule(
                rule,
                kept.check(rule) if kept is not None else rule.check_class(rule.options, rule.id),
                _roles(rule.applies_to),
            )
            for rule in guideline.rules
            if rule.id in selected
            or (
                needs_all_text
                and rule.check_class.scope == "text"
                and not self.selection.ignores(rule)
            )
        ]
        if kept is not None:
            kept.save()
        self.unreported = frozenset(c.rule.id for c in compiled if c.rule.id not in selected)
        #: Built-in rules that ``--ignore`` (or ``--select``) leaves out.
        wants_builtin = self.selection.wants_builtin
        self.builtin_off = frozenset(r for r in BUILTIN_RULES if not wants_builtin(r))
        self.text_rules = [c for c in compiled if c.check.scope == "text"]
        self.record_rules = [c for c in compiled if c.check.scope == "record"]
        self.dataset_rules = [c for c in compiled if c.check.scope == "dataset"]
        #: Callables given every checked record and its violations (in the main
        #: process, also with --jobs), e.g. the agreement summary of `check`.
        self.listeners: list[Callable[[Record, Sequence[Violation]], None]] = []
        #: Whether listeners need whole records even without labels (with --jobs,
        #: workers then send every record back; labelled records always come back).
        self.wants_records = False
        self.observers = self.dataset_rules + [
            c for c in compiled if c.check.scope != "dataset" and c.check.observes
        ]
        self.rate_rules = {c.rule.id: c for c in compiled if c.rule.max_rate is not None}
        self.summary = Summary()
        self._plans: dict[str, TextRules[CompiledRule]] = {}  # role → the text rules for it
        #: The record fields ``when:`` conditions ask for (not ``$`` fields) that no
        #: record checked so far held, and those seen since :meth:`take_when_seen`: a
        #: field no record holds (a typo) leaves its rule silently off (see
        #: :meth:`when_fields_never_seen`).
        self.when_unseen: set[str] = {
            name
            for c in compiled
            if c.rule.when is not None and c.rule.id in selected
            for name, condition in c.rule.when.conditions.items()
            if not name.startswith("$") and not condition.holds(MISSING)
        }  # (a condition that holds on a missing field, `exists: false`, `not: x`, applies)
        self.when_seen: set[str] = set()
        #: The first record's keys (to suggest a field for a misspelt one).
        self.first_keys: tuple[str, ...] = ()

    def listen(
        self, listener: Callable[[Record, Sequence[Violation]], None], *, whole_records: bool
    ) -> None:
        """Give ``listener`` every checked record and its violations (in the main
        process, also with ``--jobs``). ``whole_records``: the listener needs records
        without labels too (with ``--jobs``, workers then send every record back)."""
        self.listeners.append(listener)
        self.wants_records = self.wants_records or whole_records

    # -- one record ---------------------------------------------------------------
    def check_record(self, record: Record) -> list[Violation]:
        """Every violation in one record, in text order, suppressions applied."""
        return self.account(record, self.record_violations(record))

    def record_violations(self, record: Record) -> list[Violation]:
        """What the text and record rules find in one record, suppressions applied.

        Pure: it changes no state, so worker processes can run it (see
        :mod:`guidelint.run.parallel`); :meth:`account` then feeds the summary.
        """
        if self.when_unseen:
            self._look_for_when_fields(record.data)
        found: list[Violation] = []
        # (what text rules find in a task's text an earlier record of the task holds:
        # weighed by the record rules, reported with that earlier record only)
        repeated: list[Violation] = []
        budget = Budget(self.max_findings)
        for text in record.texts:
            if not text.trained:
                continue
            plan = self._plans.get(text.role) or self._plan(text.role)
            if plan.rules:
                self._check_text(plan, record, text, repeated if text.repeated else found, budget)
        # (a rule the record's suppression switches off breaks nothing a record rule
        # weighs, as with --ignore)
        suppressed = self._suppressed_rules(record) if self.record_rules else ()
        for compiled in self.record_rules:
            rule = compiled.rule
            try:
                if rule.when is not None and not rule.when.holds(record, None, None):
                    continue
            except GuidelintError as exc:  # a `matches` condition that timed out
                found.append(self._violation_at(record, None, rule, RULE_TIMEOUT, _of(rule, exc)))
                continue
            snapshot = tuple(found) + tuple(repeated) if repeated else tuple(found)
            if suppressed:
                snapshot = tuple(v for v in snapshot if v.rule not in suppressed)
            run = lambda c=compiled, s=snapshot: c.check.check_record(record, s)  # noqa: E731
            found.extend(self._run(compiled, record, None, run))
        found = self._suppress(record, found)
        problems = record.meta.get(READ_ERRORS)
        if problems and INVALID_RECORD not in self.builtin_off:
            found = [*self._read_errors(record, problems), *found]
        return found

    def _read_errors(
        self, record: Record, problems: list[tuple[str, int, int, str]]
    ) -> list[Violation]:
        """The ``invalid-record`` violations of what ``record`` was read without: its
        annotator's, like any violation in it."""
        key, locator = record_key(record), record.meta.get("locator")
        return [
            Violation(
                record.path,
                line,
                max(column, 1),
                where,
                (0, 0),
                INVALID_RECORD,
                INVALID_RECORD,
                Severity.ERROR,
                message,
                None,
                None,
                record.item_id,
                record.annotator,
                key,
                None,
                None,
                locator,
            )
            for message, line, column, where in problems
        ]

    def _look_for_when_fields(self, data: Any) -> None:
        """Note which of the ``when:`` fields not seen yet ``data`` holds (as
        ``When.holds`` reads them: also under a Label Studio task's ``data``)."""
        if not self.first_keys and isinstance(data, Mapping):
            self.first_keys = tuple(str(k) for k in data)
        task = data.get("data") if isinstance(data, dict) else None
        for name in list(self.when_unseen):
            if has_path(data, name) or (isinstance(task, dict) and has_path(task, name)):
                self.when_unseen.discard(name)
                self.when_seen.add(name)

    def take_when_seen(self) -> set[str]:
        """The ``when:`` fields first seen since the last call (a worker sends them)."""
        seen, self.when_seen = self.when_seen, set()
        return seen

    def when_fields_never_seen(self) -> list[str]:
        """A note per selected rule whose ``when:`` asks for a field that none of the
        records checked held: the rule never applied (a misspelt field, most likely)."""
        if not self.when_unseen or not self.summary.records:
            return []
        from guidelint.guideline import closest

        notes = []
        for c in self.text_rules + self.record_rules + self.dataset_rules:
            when = c.rule.when
            if when is None or c.rule.id in self.unreported:
                continue
            for name, condition in when.conditions.items():
                if name in self.when_unseen and not condition.holds(MISSING):
                    near = closest(name, list(self.first_keys))
                    hint = f" (did you mean '{near}'?)" if near else ""
                    notes.append(
                        f"never applied: '{c.rule.id}' asks `when: {name}`, a field none of "
                        f"the records has{hint}"
                    )
        return notes

    def account(self, record: Record, found: list[Violation]) -> list[Violation]:
        """Feed dataset-level checks and the summary; the violations to report."""
        for compiled in self.observers:
            compiled.check.observe(record, found)
        for listener in self.listeners:
            listener(record, found)
        return self.account_counts(record.path, record.annotator, found)

    def recheck(self, record: Record) -> list[Violation]:
        """What :meth:`check_record` reports for a record, without feeding the summary or
        the dataset-level checks: for a record checked again after ``--fix``."""
        found = self.record_violations(record)
        if self.unreported:
            found = [v for v in found if v.rule not in self.unreported]
        return [self._rate_limited(v) for v in found] if self.rate_rules else found

    @property
    def needs_records(self) -> bool:
        """Whether :meth:`account` needs whole records (observers or listeners)."""
        return bool(self.observers or self.listeners)

    def account_counts(
        self, path: str, annotator: str | None, found: list[Violation]
    ) -> list[Violation]:
        """:meth:`account` without observers and listeners: the summary only.

        With ``--jobs``, records that workers do not send back are accounted for by
        their path and annotator alone when nothing needs the whole record.
        """
        if self.unreported:
            found = [v for v in found if v.rule not in self.unreported]
        self.summary.add_counts(path, annotator, found, self.rate_rules)
        return [self._rate_limited(v) for v in found] if self.rate_rules else found

    def _plan(self, role: str) -> TextRules[CompiledRule]:
        rules = [c for c in self.text_rules if c.applies_to(role)]
        deferred = [
            i
            for i, c in enumerate(rules)
            if c.check.cheap and c.rule.when is not None and c.rule.when.deferrable
        ]
        plan = self._plans[role] = TextRules(rules, deferred=deferred)
        return plan

    def _check_text(
        self,
        plan: TextRules[CompiledRule],
        record: Record,
        text: Text,
        found: list[Violation],
        budget: Budget,
    ) -> None:
        analysis = TextAnalysis(text.text)
        target = Target(text, record, analysis)  # one for every rule: it is immutable
        skipped: frozenset[int] | None = None
        gated = plan.gated
        deferred = plan.deferred
        for position, compiled in enumerate(plan.rules):
            rule = compiled.rule
            when = rule.when
            # A costly `when` of a cheap check is judged after it, and only if it
            # found something (see Check.cheap): the same findings either way. When
            # what it asks is already known (a request judged before), it costs
            # nothing and is judged first: a rule it rules out is not checked.
            later = (
                when
                if position in deferred
                and when is not None
                and not when.known_now(record, text, analysis)
                else None
            )
            try:
                if when is not None and later is None and not when.holds(record, text, analysis):
                    continue
            except GuidelintError as exc:  # a `matches` condition that timed out
                found.append(self._violation_at(record, text, rule, RULE_TIMEOUT, _of(rule, exc)))
                continue
            if position in gated:
                if skipped is None:
                    skipped = plan.index.skipped(analysis)
                if position in skipped:
                    continue
            try:
                produced = compiled.check.check(target)
                findings = produced if isinstance(produced, list) else list(produced)
                if findings:  # (most rules find nothing in most texts: no budget to ask)
                    cap = budget.left(rule.id)
                    if len(findings) > cap:
                        findings = capped(findings, text, cap=cap, limit=budget.limit)
            except GuidelintError as exc:  # e.g. a regular expression that timed out
                if later is None or later.holds(record, text, analysis):
                    found.append(self._violation_at(record, text, rule, RULE_TIMEOUT, exc.message))
                continue
            if not findings:
                continue
            spent = findings  # (before the quote, code and fiction tests, as always)
            if not (rule.in_quotes and rule.in_code and rule.in_fiction):
                findings = _own_voice(rule, analysis, findings, record, text)
            if findings and later is not None and not later.holds(record, text, analysis):
                continue  # (as if judged first: nothing found, nothing spent)
            budget.spend(rule.id, spent)
            for finding in findings:
                violation = self.violation(rule, record, finding, text)
                if text.task:  # (the task's text, not the annotator's work)
                    violation = _replace(violation, annotator=None)
                found.append(violation)

    def _run(
        self, compiled: CompiledRule, record: Record, text: Text | None, run: Any
    ) -> Iterator[Violation]:
        try:
            findings: Iterable[Finding] = capped(run(), text, cap=self.max_findings)
        except GuidelintError as exc:  # e.g. a regular expression that timed out
            yield self._violation_at(record, text, compiled.rule, RULE_TIMEOUT, exc.message)
            return
        for finding in findings:
            yield self.violation(compiled.rule, record, finding, text)

    def violation(
        self, rule: Rule, record: Record, finding: Finding, text: Text | None
    ) -> Violation:
        """Stamp rule id, severity, location and message on one finding."""
        target = finding.text or text
        place = finding.place
        severity = finding.severity or self.severity_overrides.get(rule.id) or rule.severity
        message = _message(finding.message or rule.message, rule.id, finding.params)
        excerpt = None
        column = 1
        shift = target.offset if target is not None and place is None else 0
        field = target.field if target is not None else ""
        fix = finding.fix
        if target is not None and place is None and target.parts:
            field, shift, _ = _part_of(target, finding.start, finding.end)
            if fix is not None:
                fixed_field, _, within = _part_of(target, fix.start, fix.end)
                if not within or fixed_field != field:
                    fix = None  # (a fix across two fields can be applied to neither)
        if target is not None and place is None:
            column = column_of(finding.start + shift)
            excerpt = _excerpt(target.text, finding.start, finding.end)
        if (
            fix is not None
            and target is not None
            and place is None
            and target.text[fix.start : fix.end] == fix.replacement
        ):
            fix = None  # (a fix that changes nothing is none: never counted as fixed)
        if fix is not None and shift:
            fix = dataclasses.replace(fix, start=fix.start + shift, end=fix.end + shift)
        role: str | None
        key: str | None
        locator: str | None
        if place is None:
            path, line, where, role = record.path, record.line, "", None
            if target is not None:
                where, role = field, target.role
                meta = record.meta
                field_lines = meta.get("field_lines")
                if field_lines and not (target.task and text is None):
                    # A record of a JSON document: the line of the field, where a diff
                    # shows the change, not of the record's first "{" (of a Label Studio
                    # annotation, the line of its text, or of the task's data for a text
                    # of the task's, which is reported once: Text.repeated; a record
                    # rule's verdict on a task's text, the annotation's ranking of a
                    # candidate, stays at the annotation)
                    line = field_lines.get(where, line)
            item, annotator, key = record.item_id, record.annotator, record_key(record)
            locator = record.meta.get("locator")
        else:
            path, line, where, role = place.path, place.line, place.field, place.role
            item, annotator, key = place.item_id, place.annotator, place.record_key
            locator = place.locator
        # Positional (in the order of Violation's fields): keywords cost more than
        # the rest of this method, about 1.5 µs per violation.
        return Violation(
            path,
            line,
            column,
            where,
            (finding.start + shift, finding.end + shift),
            rule.id,
            rule.check,
            severity,
            message,
            fix,
            role,
            item,
            annotator,
            key,
            excerpt,
            _reason(rule),
            locator,
        )

    def _violation_at(
        self, record: Record, text: Text | None, rule: Rule | None, rule_id: str, message: str
    ) -> Violation:
        return Violation(
            path=record.path,
            line=record.line,
            column=1,
            field=text.field if text else "",
            span=(0, 0),
            rule=rule.id if rule else rule_id,
            check=rule.check if rule else rule_id,
            severity=Severity.ERROR,
            message=message if rule is None else f"{message} (rule skipped for this text)",
            role=text.role if text else None,
            item_id=record.item_id,
            annotator=record.annotator,
            record_key=record_key(record),
            locator=record.meta.get("locator"),
        )

    def _suppressed_rules(self, record: Record) -> list[str]:
        """The rules the record's suppression field switches off."""
        marker = get_path(record.data, self.fields.suppressions)
        if marker is None or marker == "":
            return []
        return _suppression(marker)[0]

    def _suppress(self, record: Record, found: list[Violation]) -> list[Violation]:
        marker = get_path(record.data, self.fields.suppressions)
        if marker is None or marker == "":  # (an empty CSV cell is no suppression)
            return found
        ignored, problems = _suppression(marker)
        kept = [v for v in found if v.rule not in ignored] if ignored else found
        if UNKNOWN_SUPPRESSION in self.builtin_off:
            return kept
        problems += [
            f"suppression names '{name}', which is not a rule of guideline "
            f"'{self.guideline.name}' (or is switched off there){_near(name, self.rule_ids)}"
            for name in ignored
            if name not in self.rule_ids and name not in BUILTIN_RULES
        ]
        if not problems:
            return kept
        kept = list(kept)
        field = self.fields.suppressions
        for problem in problems:
            whole = problem.startswith("the suppression field")  # (else: about `ignore`)
            kept.append(
                Violation(
                    path=record.path,
                    line=record.line,
                    column=1,
                    field=field if whole else f"{field}.ignore",
                    span=(0, 0),
                    rule=UNKNOWN_SUPPRESSION,
                    check=UNKNOWN_SUPPRESSION,
                    severity=Severity.WARNING,
                    message=problem,
                    item_id=record.item_id,
                    annotator=record.annotator,
                    record_key=record_key(record),
                    locator=record.meta.get("locator"),
                )
            )
        return kept

    def _rate_limited(self, violation: Violation) -> Violation:
        # A rule with max_rate tolerates rare cases: each case is informational, and
        # finish() reports the rule at its severity if the rate is exceeded.
        if violation.rule in self.rate_rules:
            return _replace(violation, severity=Severity.INFO)
        return violation

    # -- invalid records ------------------------------------------------------------
    def invalid_record(self, path: str, error: RecordError) -> list[Violation]:
        """The violation of a record that cannot be read (none when the rule is ignored;
        the summary counts the record among the invalid records either way). What a
        record that was read was read without is its own violation (``READ_ERRORS``)."""
        self.summary.invalid_records += 1
        self.summary.invalid_by_path[path] += 1
        if INVALID_RECORD in self.builtin_off:
            return []
        violation = Violation(
            path=path,
            line=error.line,
            column=max(error.column, 1),
            field=error.field,
            span=(0, 0),
            rule=INVALID_RECORD,
            check=INVALID_RECORD,
            severity=Severity.ERROR,
            message=error.message + (f" ({error.hint})" if error.hint else ""),
            locator=error.locator,
        )
        self.summary.add_violation(violation)
        return [violation]

    # -- files ----------------------------------------------------------------------
    def check_file(
        self,
        path: str | Path,
        *,
        schema: str | None = None,
        input_format: str | None = None,
        delimiter: str | None = None,
    ) -> Iterator[Violation]:
        """Violations of every record of one file, in record order (streamed)."""
        from guidelint.readers import read_records

        name = str(path)
        self.summary.files += 1
        if is_url(name):  # (a live Label Studio project)
            self.summary.projects += 1
        items = read_records(
            name,
            fields=self.fields,
            schema=schema,
            input_format=input_format,
            stats=self.summary.read_stats,
            delimiter=delimiter,
        )
        for _line, found in self.check_items(name, items):
            yield from found

    def check_items(
        self, path: str, items: Iterable[Record | RecordError]
    ) -> Iterator[tuple[int, list[Violation]]]:
        """(line, violations) per record or unreadable record of ``path``, in order."""
        for item in items:
            if isinstance(item, RecordError):
                yield item.line, self.invalid_record(path, item)
            else:
                yield item.line, self.check_record(item)

    def finish(self) -> Iterator[Violation]:
        """Dataset-level findings and rate limits, once every record was checked."""
        for compiled in self.dataset_rules:
            # The records the rule fired in, for max_rate: by key too, as the records of
            # a minified JSON document share one line.
            places: set[tuple[str, int, str | None]] = set()
            for finding in compiled.check.finish():
                place = finding.place
                if place is None:
                    continue
                record = Record(path=place.path, line=place.line, index=0, data={}, texts=[])
                violation = self._rate_limited(self.violation(compiled.rule, record, finding, None))
                places.add((violation.path, violation.line, violation.record_key))
                self.summary.add_violation(violation)
                yield violation
            self.summary.records_breaking[compiled.rule.id] += len(places)
        for rule_id, compiled in self.rate_rules.items():
            broken = self.summary.records_breaking.get(rule_id, 0)
            total = max(self.summary.records, 1)
            limit = compiled.rule.max_rate or 0.0
            if broken / total > limit:
                violation = Violation(
                    path=self.summary.first_path or "",
                    line=0,
                    column=0,
                    field="",
                    span=(0, 0),
                    rule=rule_id,
                    check=compiled.rule.check,
                    severity=self.severity_overrides.get(rule_id) or compiled.rule.severity,
                    message=f"{broken} of {plural(self.summary.records, 'record')} "
                    f"({broken / total:.1%}) {'breaks' if broken == 1 else 'break'} "
                    f"'{rule_id}'; at most {limit:.1%} allowed",
                )
                self.summary.add_violation(violation)
                yield violation
        for compiled in self.observers:
            section = compiled.check.report()
            if section is not None:
                self.summary.sections.append(section)


def check_file(
    path: str | Path,
    guideline: Guideline | str | Path = "customer-support",
    **options: Any,
) -> Iterator[Violation]:
    """Check one file against a guideline (bundled name, path, or loaded Guideline)."""
    linter = Linter(guideline)
    yield from linter.check_file(path, **options)
    yield from linter.finish()


#: The keys of a suppression field: the rules ignored, and why (for the reader only).
_SUPPRESSION_KEYS = ("ignore", "reason")


def _suppression(marker: object) -> tuple[list[str], list[str]]:
    """The rules a record's suppression field names, and what is wrong with the field
    (its shape is ``{"ignore": ["rule", ...]}`` or ``{"ignore": "rule"}``, with an
    optional ``"reason"`` text): a field of another shape suppresses nothing, and says
    so rather than nothing at all. A key whose value is null counts as absent (a
    Parquet or Arrow struct column gives every row every key, null where it had none)."""
    from guidelint.readers.building import json_type

    shape = 'write it as {"ignore": ["rule-id", ...]}'
    if isinstance(marker, str) and marker.lstrip().startswith("{"):
        try:  # a CSV or TSV cell holding the object as JSON text
            marker = json.loads(marker)
        except ValueError:
            return [], [f"the suppression field holds text that is not valid JSON: {shape}"]
    if not isinstance(marker, dict):
        return [], [f"the suppression field is {json_type(marker)}, not an object: {shape}"]
    problems = [
        f"the suppression field has an unknown key {json.dumps(str(key))}: {shape}"
        for key, value in marker.items()
        if key not in _SUPPRESSION_KEYS and value is not None
    ]
    reason = marker.get("reason")
    if reason is not None and not isinstance(reason, str):
        problems.append(
            f"the suppression field's `reason` is {json_type(reason)}, not text: "
            'write why the record is an exception, e.g. "reason": "FAQ answers are short"'
        )
    ignored = marker.get("ignore")
    if ignored is None:
        return [], problems
    if isinstance(ignored, str):
        return [ignored], problems
    if not isinstance(ignored, list):
        return [], [*problems, f"`ignore` is {json_type(ignored)}, not a list: {shape}"]
    names = [name for name in ignored if isinstance(name, str)]
    if len(names) < len(ignored):
        problems.append(f"`ignore` holds a value that is not a rule id: {shape}")
    return names, problems


def _own_voice(
    rule: Rule, analysis: TextAnalysis, findings: list[Finding], record: Record, text: Text
) -> list[Finding]:
    """The findings that are not inside quoted speech, code or the body of requested
    fiction (unless the rule asks)."""
    kept = []
    fiction: bool | None = None  # (whether the request asks for fiction: judged once)
    for finding in findings:
        if finding.place is not None or finding.text is not None or finding.end <= finding.start:
            kept.append(finding)
            continue
        start, end = finding.start, finding.end
        if (
            not rule.in_quotes
            and analysis.may_be_quoted(start)
            and analysis.inside(analysis.quoted_spans, start, end)
            and not _whole(text.text, start, end)
        ):
            continue
        if (
            not rule.in_code
            and analysis.may_be_code(start)
            and analysis.inside(analysis.code_spans, start, end)
            and not _whole(text.text, start, end)
        ):
            continue
        if not rule.in_fiction and text.role in RESPONSE_ROLES and _in_body(analysis, start, end):
            if fiction is None:
                fiction = request_of(record, text, analysis) == "creative"
            if fiction:
                continue
        kept.append(finding)
    return kept


def _near(name: str, known: Iterable[str]) -> str:
    """ "; did you mean 'x'?" for a misspelt rule id, else ""."""
    from guidelint.guideline import closest

    found = closest(name, sorted(known))
    return f"; did you mean '{found}'?" if found else ""


def _part_of(text: Text, start: int, end: int) -> tuple[str, int, bool]:
    """The field of :attr:`~guidelint.model.Text.parts` that ``[start, end)`` of
    ``text`` lies in, the shift from ``text`` to that field's value, and whether it lies
    in one: (field, shift, True); else (``text.field``, its offset, False)."""
    for begin, name, length in text.parts:
        if begin <= start and end <= begin + length:
            return name, text.offset - begin, True
    return text.field, text.offset, False


def _whole(value: str, start: int, end: int) -> bool:
    """Whether ``start:end`` is the whole text (white space around it aside): a finding
    about the text as a whole (its length, its shape), which a text that is all one
    quotation or one code block still has."""
    return start <= len(value) - len(value.lstrip()) and end >= len(value.rstrip())


def _in_body(analysis: TextAnalysis, start: int, end: int) -> bool:
    """Whether ``start:end`` lies past the text's first paragraph and before its last.

    In a text that answers a request for text in another voice (``$request`` is
    ``creative``: a story, a letter, a role to play) that body is the other voice; the
    first and last paragraphs are where the assistant speaks ("Sure! Here's a story:",
    "I can't write that", "I hope you enjoy it").
    """
    paragraphs = analysis.paragraphs
    return len(paragraphs) > 2 and start >= paragraphs[0][1] and end <= paragraphs[-1][0]


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _message(template: str, rule_id: str, params: Mapping[str, Any]) -> str:
    """``template`` filled with ``params`` and the rule id (``{rule}``, unless the params
    name one); a template without braces is its own message."""
    if "{" not in template and "}" not in template:
        return template
    values = _Params(rule=rule_id)
    values.update(params)
    try:
        return template.format_map(values)
    except (ValueError, IndexError, AttributeError, KeyError):
        return template


def _excerpt(text: str, start: int, end: int) -> tuple[str, str, str]:
    # Line breaks are looked for only as far as the excerpt reaches: in a 4 MB text
    # without one, looking to the ends of the text for every finding took minutes.
    low = max(0, start - _EXCERPT_WIDTH - 1)
    found = text.rfind("\n", low, start)
    line_start = found + 1 if found >= 0 else (0 if low == 0 else low - 1)
    match_end = end if end > start else start
    high = match_end + _EXCERPT_WIDTH + 1
    found = text.find("\n", match_end, high)
    line_end = found if found >= 0 else min(len(text), high)
    before = text[max(line_start, start - _EXCERPT_WIDTH) : start]
    after = text[match_end : min(line_end, match_end + _EXCERPT_WIDTH)]
    if start - _EXCERPT_WIDTH > line_start:
        before = "…" + before
    if match_end + _EXCERPT_WIDTH < line_end:
        after += "…"
    match = text[start:match_end]
    if len(match) > 2 * _EXCERPT_WIDTH:  # a whole paragraph or text: show its two ends
        match = match[: _EXCERPT_WIDTH + 10] + " … " + match[-_EXCERPT_WIDTH // 2 :]
    return before, match, after


_REASONS: dict[str, str | None] = {}


def _reason(rule: Rule) -> str | None:
    """The first line of the rule's description (computed once per description)."""
    description = rule.description
    if description not in _REASONS:
        _REASONS[description] = _first_sentence(description)
    return _REASONS[description]


def _first_sentence(text: str) -> str | None:
    """The description's first paragraph up to its first full stop, on one line."""
    paragraph = " ".join(text.strip().split("\n\n", 1)[0].split())
    if not paragraph:
        return None
    end = paragraph.find(". ")
    return paragraph if end < 0 else paragraph[: end + 1]


def _replace(violation: Violation, **changes: Any) -> Violation:
    from dataclasses import replace

    return replace(violation, **changes)


def _of(rule: Rule, exc: GuidelintError) -> str:
    """The message of an error met while applying ``rule``, naming the rule."""
    return f"rule '{rule.id}': {exc.message}"
