"""One run of ``guidelint check``: read, check, filter, fix and report, file by file.

For each file: the ``per_path`` overrides of the configuration, ``--changed-since``
(only records on changed lines are read and checked), then every violation goes
through ``per_path`` rule selection and severity, the fixes (``--fix``/``--diff``: a
file's violations are held until its fixes are applied, and the fixed ones are not
reported), ``--write-baseline`` (records what remains), and ``--baseline`` (only new
violations are reported). The summary counts what was reported.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from guidelint.baseline import BaselineWriter, describe, load_baseline
from guidelint.config import Config, PathSettings
from guidelint.engine import BUILTIN_RULES, INVALID_RECORD, Linter
from guidelint.errors import GuidelintError, RecordError, UsageError
from guidelint.fields import FieldMapping
from guidelint.model import Record, Severity, Violation
from guidelint.parallel import ParallelChecker
from guidelint.progress import Progress, progress_wanted
from guidelint.wording import note_forms, plural

_BOM = b"\xef\xbb\xbf"
#: Where ``--stdin-text`` violations are reported.
STDIN_PATH = "<stdin>"


class CheckRun:
    def __init__(
        self,
        linter: Linter,
        reporter: Any,
        config: Config,
        args: argparse.Namespace,
        *,
        fail_on: str,
        config_fields: FieldMapping,
        cli_fields: dict[str, str],
        jobs: int = 1,
    ):
        self.linter = linter
        self.jobs = jobs
        self.parallel = ParallelChecker(linter, 1)
        #: What checks the files: worker processes (--jobs), or another engine's
        #: ParallelChecker (--engine ray: guidelint.pipelines.ray_engine).
        self.make_parallel: Any = ParallelChecker
        from guidelint.agreement.check_section import CheckAgreement

        # Items several annotators did get a short agreement summary (numpy loads
        # only if there are such items).
        self.agreement = CheckAgreement(linter.guideline.agreement)
        linter.listeners.append(self.agreement.observe)
        linter.wants_records = bool(self.agreement.declared)
        self.reporter = reporter
        self.config = config
        self.args = args
        self.fail_on = fail_on
        self.config_fields = config_fields
        self.cli_fields = cli_fields
        self.rules = {rule.id: rule for rule in linter.guideline.rules}
        self.baseline = load_baseline(args.baseline) if args.baseline else None
        self.writer = BaselineWriter(Path(args.write_baseline)) if args.write_baseline else None
        self.git = None
        if args.changed_since:
            from guidelint.changes import Git

            self.git = Git(args.changed_since)
        self.fixing = bool(args.fix or args.diff)
        self.shown_severity: Counter[str] = Counter()
        self.shown_rule: Counter[str] = Counter()
        self.fixed = 0
        self.files_fixed = 0
        self.write_errors = 0  # files whose fixes could not be written
        self.unsafe_skipped = 0  # fixes left out for want of --unsafe-fixes
        self.checked: list[str] = []
        self.progress = Progress(sys.stderr, [], enabled=False)

    # -- reading ----------------------------------------------------------------------------
    def check_paths(self, paths: list[str]) -> None:
        enabled = not self.args.no_progress and progress_wanted(sys.stderr)
        self.progress = Progress(sys.stderr, paths, enabled=enabled)
        # What is loaded by now (modules, the guideline, compiled rules) lives as long as
        # the run: out of the collector's sight, full collections need not walk it.
        # (Unfrozen at the end, for callers that run checks in a long-lived process.)
        gc.freeze()
        try:
            with self.make_parallel(self.linter, self.jobs) as self.parallel:
                for path in paths:
                    self._check_path(path)
        finally:
            gc.unfreeze()
            self.progress.done()

    def check_records(self, path: str, records: Iterable[Record | RecordError]) -> None:
        """Check records built by the caller (``--stdin-text``), all from ``path``."""
        self.linter.summary.files += 1
        for record in records:
            if isinstance(record, RecordError):
                for violation in self.linter.invalid_record(path, record):
                    self._keep(violation)
                continue
            for violation in self.linter.check_record(record):
                self._keep(violation)

    def _check_path(self, path: str) -> None:
        from guidelint.cli.check import merge_fields
        from guidelint.readers import read_records

        overrides = self.config.overrides_for(path)
        changed = None
        if self.git is not None:
            from guidelint.changes import only_changed

            changed = self.git.changed_lines(path)
            if changed.nothing:
                return
        fields = merge_fields(self.config_fields, overrides.fields if overrides else {})
        self.linter.fields = merge_fields(fields, self.cli_fields)
        schema = (
            self.args.schema
            or (overrides and overrides.schema_name)
            or self.config.values.schema_name
        )
        summary = self.linter.summary
        summary.files += 1
        self.checked.append(path)
        self.progress.file(path)
        checked: Iterable[tuple[int, list[Violation]]]
        if changed is None:
            # Large JSONL files are checked by worker processes (--jobs); the output
            # and the summary are the same as with one job.
            checked = self.parallel.check_file(
                path, schema=schema, input_format=self.args.input_format
            )
        else:
            items = read_records(
                path,
                fields=self.linter.fields,
                schema=schema,
                input_format=self.args.input_format,
                stats=summary.read_stats,
            )
            checked = self.linter.check_items(path, only_changed(items, changed))
        held: list[Violation] = []
        read = 0
        for line, found in checked:
            read += 1
            self.progress.record(line)
            for violation in found:
                kept = self._per_path(violation, overrides)
                if kept is None:
                    continue
                if self.fixing:
                    held.append(kept)
                else:
                    self._keep(kept)
        if self.fixing:
            self._fix(path, held, schema)
        if read == 0 and changed is None:
            self.progress.clear()
            sys.stderr.write(f"guidelint: warning: {path}: no records found (is the file empty?)\n")

    # -- each violation -------------------------------------------------------------------------
    def _per_path(self, violation: Violation, overrides: PathSettings | None) -> Violation | None:
        """``per_path`` selection and severity for the file of ``violation``."""
        if overrides is None:
            return violation
        rule = self.rules.get(violation.rule)
        names = {violation.rule, violation.check, *(rule.tags if rule else ())}
        selected = overrides.select
        if (
            selected is not None
            and violation.rule != INVALID_RECORD  # (never hidden by a selection)
            and not names & set(selected)
        ):
            return None
        if names & set(overrides.ignore):
            return None
        level = overrides.severity.get(violation.rule)
        if level is not None:
            return replace(violation, severity=Severity(level))
        return violation

    def _keep(self, violation: Violation) -> None:
        """Record, compare with the baseline, report."""
        if self.writer is not None:
            self.writer.add(violation)
        if self.baseline is not None and self.baseline.is_known(violation):
            return
        self.progress.clear()
        self.reporter.violation(violation)
        self.shown_severity[violation.severity.value] += 1
        self.shown_rule[violation.rule] += 1

    def _fix(self, path: str, held: list[Violation], schema: str | None) -> None:
        from guidelint.fixes import fix_file, wanted

        unsafe = self.args.unsafe_fixes
        todo = [v for v in held if wanted(v, unsafe=unsafe)]
        skipped = sum(1 for v in held if v.fix is not None and not v.fix.safe and not unsafe)
        self.unsafe_skipped += skipped
        why = "not applied: it may change the meaning (use --unsafe-fixes)"
        self._note(skipped, f"fix {why}", f"fixes {why.replace('it may', 'they may')}")
        fixed: set[int] = set()
        if todo:
            try:
                result = fix_file(path, todo, write=not self.args.diff)
            except GuidelintError as exc:  # the fixed file cannot be written: report all
                self.progress.clear()
                sys.stderr.write(f"guidelint: error: {exc}\n")
                self.write_errors += 1
                for violation in held:
                    self._keep(violation)
                return
            fixed = {id(v) for v in result.fixed}
            if result.reason:
                why = f"not applied: {result.reason}"
                self._note(len(result.not_fixed), f"fix {why}", f"fixes {why}")
            if result.diff and self.args.diff:
                self.progress.clear()
                sys.stdout.write(result.diff)
                sys.stdout.flush()
            self.fixed += len(result.fixed)
            self.files_fixed += bool(result.fixed)
            if result.fixed and not self.args.diff:
                held = self._recheck(path, held, {v.line for v in result.fixed}, schema)
                fixed = set()  # (what was fixed is no longer found)
        for violation in held:
            if id(violation) not in fixed:
                self._keep(violation)

    def _recheck(
        self, path: str, held: list[Violation], lines: set[int], schema: str | None
    ) -> list[Violation]:
        """``held`` with the violations of the fixed records found again in the fixed
        file, so that what remains is reported where it now is (columns, excerpts)."""
        from guidelint.readers import read_records

        overrides = self.config.overrides_for(path)
        again: dict[int, list[Violation]] = {}
        for item in read_records(
            path, fields=self.linter.fields, schema=schema, input_format=self.args.input_format
        ):
            if isinstance(item, Record) and item.line in lines:
                found = again.setdefault(item.line, [])
                for violation in self.linter.recheck(item):
                    kept = self._per_path(violation, overrides)
                    if kept is not None:
                        found.append(kept)
        result: list[Violation] = []
        rechecked = set(again)
        for violation in held:  # a fixed record's new violations where its old ones were
            if violation.line in rechecked:
                result.extend(again.pop(violation.line, ()))
            else:
                result.append(violation)
        return result

    # -- the end --------------------------------------------------------------------------------
    def finish(self) -> int:
        """Dataset-level findings, notes, the report's summary; the exit code."""
        for violation in self.linter.finish():
            kept = self._per_path(violation, self.config.overrides_for(violation.path))
            if kept is not None:
                self._keep(kept)
        self.progress.done()
        if self.fixing:
            done = "would be fixed" if self.args.diff else "fixed"
            self._note(self.fixed, f"violation {done}", f"violations {done}")
        if self.baseline is not None:
            known = "already in the baseline not shown"
            self._note(self.baseline.suppressed, f"violation {known}", f"violations {known}")
            if self.git is None:  # records not read cannot have stopped occurring
                active = (
                    self.linter.text_rules + self.linter.record_rules + self.linter.dataset_rules
                )
                rules = {c.rule.id for c in active} | set(BUILTIN_RULES)
                gone = self.baseline.gone(self.checked, rules)
                what = describe(gone)
                self._note(
                    len(gone),
                    f"baseline entry no longer occurs: {what}",
                    f"baseline entries no longer occur: {what}",
                )
        summary = self.linter.summary
        summary.by_severity = Counter(self.shown_severity)
        summary.by_rule = Counter(self.shown_rule)
        section = self.agreement.section()
        if section is not None:
            summary.sections.append(section)
        self.reporter.finish(summary)
        if self.writer is not None:
            entries = self.writer.write(self.linter.guideline.name, self.linter.guideline.version)
            total = sum(self.writer.counts.values())
            sys.stderr.write(
                f"guidelint: wrote baseline {self.writer.path}: "
                f"{plural(entries, 'entry', 'entries')} ({plural(total, 'violation')})\n"
            )
            return 0
        if self.write_errors:
            return 2
        if self.args.diff:
            if self.unsafe_skipped:  # (the report, with its notes, is not shown with --diff)
                sys.stderr.write(
                    f"guidelint: note: {plural(self.unsafe_skipped, 'fix', 'fixes')} not "
                    "shown: they may change the meaning (add --unsafe-fixes to see them)\n"
                )
            return 1 if self.fixed else 0
        worst = summary.worst()
        return 1 if worst is not None and worst.rank >= Severity(self.fail_on).rank else 0

    def headline(self) -> str:
        """The run in one line (printed when the report goes to a file)."""
        from guidelint.reporters.text import summary_text

        lines = summary_text(self.linter.summary).splitlines()
        return next(line for line in lines if line.startswith("Checked"))

    def _note(self, count: int, one: str, many: str) -> None:
        """A summary note: ``Note: 1 violation fixed``, ``Note: 3 violations fixed``."""
        if count:  # (kept under the plural: counts of several files add up)
            self.linter.summary.read_stats.note(note_forms(many, one), count)


def stdin_text(data: bytes) -> str | RecordError:
    """The text read from standard input for ``--stdin-text``, as ``sys.stdin.read()``
    would give it (line ends as ``\\n``), or a RecordError where it is not UTF-8.

    A UTF-8 byte order mark is dropped, as in dataset files.
    """
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        before = data[line_start : exc.start].decode("utf-8", "replace")
        return RecordError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at byte {exc.start + 1} of the input)",
            line=data.count(b"\n", 0, exc.start) + 1,
            column=len(before) + 1,
            hint="re-encode the text as UTF-8",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def stdin_record(
    text: str | RecordError, args: argparse.Namespace, fields: FieldMapping
) -> Record | RecordError:
    """The record for ``--stdin-text``: the response, ``--instruction``, ``--field`` values.

    ``text`` is what :func:`stdin_text` read; a RecordError is given back once the
    command line's values are known to be usable.
    """
    from guidelint.readers.base import RawRecord, ReadStats
    from guidelint.readers.detect import PLAIN

    data: dict[str, Any] = {}
    for item in args.field:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--field takes KEY=VALUE, not '{item}'")
        _set_path(data, key.strip(), _scalar(value))
    if args.instruction is not None:
        _set_path(data, fields.instruction, args.instruction)
    if isinstance(text, RecordError):
        return text
    _set_path(data, fields.response, text.rstrip("\r\n"))
    raw = RawRecord(path=STDIN_PATH, line=1, index=0, data=data)
    for item in PLAIN.to_records(raw, fields, ReadStats()):
        if isinstance(item, Record):
            return item
        raise UsageError(f"cannot build a record: {item.message}")
    raise UsageError("cannot build a record from standard input")


def _scalar(value: str) -> Any:
    """``3`` → 3, ``true`` → True, ``null`` → None; anything else stays text."""
    try:
        parsed = json.loads(value)
    except ValueError:
        return value
    return parsed if not isinstance(parsed, (dict, list)) else value


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        child = data.setdefault(part, {})
        if not isinstance(child, dict):
            raise UsageError(f"--field {path}: '{part}' is already a value, not an object")
        data = child
    data[parts[-1]] = value
