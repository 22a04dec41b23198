"""A check run: read, check, filter, fix and report, file by file.

:func:`run_check` is the whole of ``guidelint check`` without the command line:
:class:`~guidelint.run.options.CheckOptions` in, violations to a
:class:`~guidelint.run.options.Reporter`, a
:class:`~guidelint.run.options.CheckResult` (with the exit status) out.

For each file: the ``per_path`` overrides of the configuration, ``changed_since``
(only records on changed lines are read and checked), then every violation goes
through ``per_path`` rule selection and severity, the fixes (``fix``/``diff``: a
file's violations are held until its fixes are applied, and the fixed ones are not
reported), ``write_baseline`` (records what remains), and ``baseline`` (only new
violations are reported). The summary counts what was reported.
"""

from __future__ import annotations

import gc
import heapq
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mypy_extensions import mypyc_attr

from guidelint.errors import GuidelintError, RecordError
from guidelint.labelstudio.urls import is_url
from guidelint.model import Record, Severity, Violation
from guidelint.run.options import CheckOptions, CheckResult, Reporter
from guidelint.wording import note_forms, plural

if TYPE_CHECKING:
    from guidelint.engine import Linter
    from guidelint.fields import FieldMapping
    from guidelint.guideline import Guideline
    from guidelint.reporters.base import ReportContext
    from guidelint.run.baseline import Baseline, BaselineWriter
    from guidelint.run.changes import Git
    from guidelint.run.config import Config, PathSettings
    from guidelint.run.parallel import ParallelChecker
    from guidelint.run.progress import Progress


def run_check(
    options: CheckOptions,
    reporter: Reporter,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> CheckResult:
    """Check ``options.paths`` (or ``options.text``) and send what is found to ``reporter``.

    ``out`` receives the diff of ``diff`` runs (default: standard output); ``err``
    receives warnings, the progress line and the baseline note (default: standard
    error). Bad settings or input raise :class:`~guidelint.errors.GuidelintError`.
    """
    return CheckRun(options, out=out, err=err).run(reporter)


@mypyc_attr(allow_interpreted_subclasses=True)  # (compiled: still open to subclasses)
class CheckRun:
    """A check run in two steps: construction validates the options and loads the
    configuration, the guideline and the list of files; :meth:`run` checks them.
    (The CLI opens its report in between, so that bad settings leave no report file.)
    """

    def __init__(
        self, options: CheckOptions, *, out: TextIO | None = None, err: TextIO | None = None
    ):
        from guidelint.engine import Linter, Selection
        from guidelint.readers import DATASET_SUFFIXES
        from guidelint.run.own_files import refuse_overwriting_inputs
        from guidelint.run.paths import distinct_paths, expand_paths, skip_found_outputs

        options.validate()
        self.options = options
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.config = config = _config(options)
        try:
            self.guideline = guideline = _guideline(options, config)
        except GuidelintError:
            config.raise_problems()  # (the configuration's own problems first)
            raise
        rule_ids = {r.id for r in guideline.rules} | set(_builtin_rules())
        names = (
            rule_ids
            | {t for r in guideline.rules for t in r.tags}
            | {r.check for r in guideline.rules}
        )
        config.check_names(rule_ids, names)  # (and what else is wrong with it: all at once)
        self.config_fields = merge_fields(guideline.fields, config.values.fields)
        self.cli_fields = dict(options.fields)
        _check_selection(guideline, (options.select or frozenset()) | options.ignore)
        select = (
            options.select if options.select is not None else frozenset(config.values.select or ())
        )
        selection = Selection(select=select, ignore=options.ignore | set(config.values.ignore))
        severity = {rule: Severity(level) for rule, level in config.values.severity.items()}
        self.linter: Linter = Linter(
            guideline,
            selection=selection,
            fields=merge_fields(self.config_fields, self.cli_fields),
            severity_overrides=severity,
        )
        self.fail_on: str = options.fail_on or config.values.fail_on or "error"
        self.paths: list[str] = []
        if options.text is None:
            own = {
                options.baseline: "baseline",
                options.write_baseline: "baseline",
                options.report_path: "report",
            }
            walked: set[str] = set()
            found = self._not_excluded(list(expand_paths(options.paths, DATASET_SUFFIXES, walked)))
            writes = {options.report_path: "--output", options.write_baseline: "--write-baseline"}
            refuse_overwriting_inputs({p: what for p, what in writes.items() if p}, found)
            self.paths, left_out = distinct_paths(
                found, {path: what for path, what in own.items() if path}
            )
            self.paths, earlier = skip_found_outputs(self.paths, walked, options.paths)
            left_out += earlier
            for note in left_out:  # (with nothing else to check, the run checks nothing)
                self.linter.summary.read_stats.note(note)
        self.jobs = _jobs(options, self.paths)
        shown = options.min_severity or config.values.min_severity or "info"
        #: Violations below this rank are counted, not reported.
        self.shown_rank = Severity(shown).rank
        self.min_severity = shown
        self.max_violations = (
            options.max_violations
            if options.max_violations is not None
            else config.values.max_violations
        )

    def _not_excluded(self, found: list[str]) -> list[str]:
        """``found`` without the files ``--exclude`` (globs relative to the current
        directory) or the configuration's ``exclude`` leave out; a note counts them."""
        from guidelint.run.config import relative_to
        from guidelint.run.globs import glob_match

        cli = self.options.exclude
        if not cli and not self.config.values.exclude:
            return found
        here = Path.cwd()

        def excluded(path: str) -> bool:
            if self.config.excludes(path):
                return True
            relative = relative_to(path, here) or Path(path).as_posix()
            return any(glob_match(glob, relative) for glob in cli)

        kept = [p for p in found if p == "-" or not excluded(p)]
        self._note(len(found) - len(kept), "file left out by exclude", "files left out by exclude")
        return kept

    # -- the run ----------------------------------------------------------------------------
    def run(self, reporter: Reporter) -> CheckResult:
        """Check every file (or the single text), report, and give the result."""
        from guidelint.run.parallel import ParallelChecker
        from guidelint.run.progress import Progress

        options = self.options
        linter = self.linter
        self.reporter = reporter
        if hasattr(reporter, "fixable"):  # (it labels fixes "fixable with --fix")
            reporter.fixable = self.fixable_path
        #: What a reporter that tallies every record is told of violations it does not show
        #: (an optional method: the Reporter protocol does not ask for it).
        self.counted: Callable[[Violation], None] | None = getattr(reporter, "counted", None)
        #: What a reporter that tallies every record is told of every violation the run
        #: counts, shown or not, in the order found (optional, as ``counted`` is):
        #: ``--max-violations`` decides which ones are shown only at the end.
        self.tally: Callable[[Violation], None] | None = getattr(reporter, "tally", None)
        #: The violations ``--max-violations`` shows, held until the end.
        self.cap: ShownCap | None = (
            ShownCap(self.max_violations) if self.max_violations is not None else None
        )
        self.parallel: ParallelChecker = ParallelChecker(linter, 1)
        from guidelint.agreement.check_section import CheckAgreement

        # Items several annotators did get a short agreement summary (numpy loads
        # only if there are such items).
        self.agreement = CheckAgreement(linter.guideline.agreement)
        linter.listen(self.agreement.observe, whole_records=bool(self.agreement.declared))
        self.rules = {rule.id: rule for rule in linter.guideline.rules}
        self.baseline: Baseline | None = None
        self.writer: BaselineWriter | None = None
        if options.baseline:
            from guidelint.run.baseline import load_baseline

            self.baseline = load_baseline(options.baseline)
        if options.write_baseline:
            from guidelint.run.baseline import BaselineWriter

            self.writer = BaselineWriter(Path(options.write_baseline))
        self.git: Git | None = None
        if options.changed_since:
            from guidelint.run.changes import Git

            self.git = Git(options.changed_since)
        self.fixing = bool(options.fix or options.diff)
        self.shown_severity: Counter[str] = Counter()
        self.shown_rule: Counter[str] = Counter()
        self.reported = 0  # violations sent to the reporter
        self.below = 0  # counted, not reported: below min_severity
        self.over = 0  # counted, not reported: over max_violations
        #: (path, line, locator) of a record --fix rewrote → its key before (see _keep).
        self.former_keys: dict[tuple[str, int, str | None], str] = {}
        #: Records --fix rewrote whose key (a hash of their content, with no id) changed.
        self.rekeyed = 0
        #: Fixes found that cannot be applied, by why (a file format --fix cannot write).
        self.unfixable: Counter[str] = Counter()
        self.fixed = 0
        self.files_fixed = 0
        self.write_errors = 0  # files whose fixes could not be written
        self.unsafe_skipped = 0  # fixes left out for want of unsafe_fixes
        self.checked: list[str] = []
        self.progress: Progress = Progress(self.err, [], enabled=False)
        attach = getattr(reporter, "attach", None)
        if attach is not None:  # (the HTML report counts records and response lengths)
            attach(linter)
        reporter.start(self.context())
        if options.text is not None:
            from guidelint.run.single import STDIN_PATH, single_record

            self.check_records(STDIN_PATH, [single_record(options.text, linter.fields)])
        else:
            self.check_paths(self.paths)
        code = self.finish()
        return CheckResult(
            exit_code=code,
            summary=linter.summary,
            fixed=self.fixed,
            files_fixed=self.files_fixed,
            checked=list(self.checked),
        )

    def context(self) -> ReportContext:
        """What the reporter is told at the start: the guideline, its rules, the files."""
        from guidelint import __version__
        from guidelint.reporters.base import ReportContext
        from guidelint.rule_words import rule_in_words

        linter = self.linter
        compiled = linter.text_rules + linter.record_rules + linter.dataset_rules
        rules = {
            c.rule.id: {
                "description": rule_in_words(c.rule),
                "severity": linter.severity_overrides.get(c.rule.id, c.rule.severity).value,
                "check": c.rule.check,
                "tags": ",".join(c.rule.tags),
            }
            for c in compiled
        }
        return ReportContext(
            guideline=self.guideline.name,
            version=self.guideline.version,
            fail_on=self.fail_on,
            rules=rules,
            tool_version=__version__,
            guideline_path=self.guideline.path,
            paths=self.paths,
            source=self._guideline_source(),
        )

    def _guideline_source(self) -> str:
        """Where the guideline came from, in words, for the report's guideline line."""
        options, config = self.options, self.config
        if options.guideline is not None:
            return ""  # (named on the command line, or passed by the caller: no surprise)
        if config.path is not None and config.values.guideline is not None:
            return f"configuration {_shown_path(config.path)}"
        if config.path is not None:
            return f"the default; the configuration {_shown_path(config.path)} names none"
        if not options.use_config:
            return "the default; --no-config"
        return "the default: no guidelint.yaml found"

    # -- reading ----------------------------------------------------------------------------
    def check_paths(self, paths: list[str]) -> None:
        from guidelint.run.progress import Progress, progress_wanted

        enabled = self.options.progress and progress_wanted(self.err)
        self.progress = Progress(self.err, paths, enabled=enabled)
        # What is loaded by now (modules, the guideline, compiled rules) lives as long as
        # the run: out of the collector's sight, full collections need not walk it.
        # (Unfrozen at the end, for callers that run checks in a long-lived process.)
        # The collector runs while records are checked, also when the command line
        # paused it while modules loaded (guidelint.cli.main).
        self._remove_leftovers(paths)
        gc.freeze()
        collecting = gc.isenabled()
        gc.enable()
        try:
            with self._parallel() as self.parallel:
                for path in paths:
                    self._check_path(path)
        finally:
            if not collecting:
                gc.disable()
            gc.unfreeze()
            self.progress.done()

    def _parallel(self) -> ParallelChecker:
        """What checks the files: worker processes (``jobs``), or Ray actors."""
        from guidelint.run.parallel import ParallelChecker

        if self.options.engine == "ray":
            from guidelint.pipelines.ray_engine import RayChecker

            return RayChecker(self.linter, self.options.jobs, self.options.ray_address)
        return ParallelChecker(self.linter, self.jobs)

    def _remove_leftovers(self, paths: list[str]) -> None:
        """Remove what a killed ``--fix`` left beside the data (its temporary file, as
        large as the file it fixed), and say so."""
        import os

        from guidelint.run.leftovers import remove_leftovers_in

        folders = dict.fromkeys(os.path.dirname(os.path.realpath(p)) for p in paths if p != "-")
        for folder in folders:
            for leftover in remove_leftovers_in(folder):
                self.linter.summary.read_stats.note(
                    f"temporary file of an interrupted --fix removed: {leftover}"
                )

    def check_records(self, path: str, records: Iterable[Record | RecordError]) -> None:
        """Check records built by the caller (a single text), all from ``path``."""
        self.linter.summary.files += 1
        for record in records:
            if isinstance(record, RecordError):
                for violation in self.linter.invalid_record(path, record):
                    self._keep(violation)
                continue
            for violation in in_place_order(self.linter.check_record(record)):
                self._keep(violation)

    def _check_path(self, path: str) -> None:
        from guidelint.readers import read_records

        options = self.options
        overrides = self.config.overrides_for(path)
        changed = None
        if self.git is not None:
            from guidelint.run.changes import ChangedLines, only_changed

            changed = self.git.changed_lines(path)
            if changed.touches(1, 1) and _has_header(path, options.input_format):
                changed = ChangedLines(everything=True)  # (a header reads every row)
            if changed.nothing:
                return
        fields = merge_fields(self.config_fields, overrides.fields if overrides else {})
        self.linter.fields = merge_fields(fields, self.cli_fields)
        schema = (
            options.schema
            or (overrides and overrides.schema_name)
            or self.config.values.schema_name
        )
        summary = self.linter.summary
        summary.files += 1
        if is_url(path):  # (a live Label Studio project)
            summary.projects += 1
        self.checked.append(path)
        self.progress.file(path)
        checked: Iterable[tuple[int, list[Violation]]]
        if changed is None:
            # Large JSONL files are checked by worker processes (jobs); the output
            # and the summary are the same as with one job.
            checked = self.parallel.check_file(
                path,
                schema=schema,
                input_format=options.input_format,
                delimiter=options.delimiter,
            )
        else:
            items = read_records(
                path,
                fields=self.linter.fields,
                schema=schema,
                input_format=options.input_format,
                stats=summary.read_stats,
                delimiter=options.delimiter,
            )
            checked = self.linter.check_items(path, only_changed(items, changed))
        held: list[Violation] = []
        read = 0
        for line, found in checked:
            read += 1
            if self.progress.enabled:
                self.progress.record(line, self.parallel.position(path))
            for violation in in_place_order(found):
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
            why = "has the project no annotations yet?" if is_url(path) else "is the file empty?"
            self.err.write(f"guidelint: warning: {path}: no records found ({why})\n")

    # -- each violation -------------------------------------------------------------------------
    def _per_path(self, violation: Violation, overrides: PathSettings | None) -> Violation | None:
        """``per_path`` selection and severity for the file of ``violation``."""
        from guidelint.engine import INVALID_RECORD

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
        """Record, compare with the baseline, count, report (at or above
        ``min_severity``; with ``max_violations``, the most severe that many, at the end:
        see :class:`ShownCap`)."""
        if self.writer is not None:
            self.writer.add(violation)
        if self.baseline is not None:
            # A record --fix rewrote is matched as it was: without an id of its own, its
            # key is a hash of its content, which the fix changed.
            former = self.former_keys.get((violation.path, violation.line, violation.locator))
            probe = violation if former is None else replace(violation, record_key=former)
            if self.baseline.is_known(probe):
                return
        self.shown_severity[violation.severity.value] += 1
        self.shown_rule[violation.rule] += 1
        if self.tally is not None:
            self.tally(violation)
        if violation.severity.rank < self.shown_rank:
            self.below += 1
            if self.counted is not None:
                self.counted(violation)
            return
        if self.cap is not None:
            left_out = self.cap.add(violation)
            if left_out is not None:
                self.over += 1
                if self.counted is not None:
                    self.counted(left_out)
            return
        self._report(violation)

    def _report(self, violation: Violation) -> None:
        self.reported += 1
        self.progress.clear()
        self.reporter.violation(violation)

    def fixable_path(self, path: str) -> bool:
        """Whether ``--fix`` can rewrite the file at ``path`` (JSON Lines or JSON, not
        compressed, as this run reads it)."""
        from guidelint.run.fixes import fixable_format

        return fixable_format(path, self.options.input_format) is not None

    def _fix(self, path: str, held: list[Violation], schema: str | None) -> None:
        from guidelint.run.fixes import fix_file, wanted

        unsafe = self.options.unsafe_fixes
        diff = self.options.diff
        todo = [v for v in held if wanted(v, unsafe=unsafe)]
        skipped = sum(1 for v in held if v.fix is not None and not v.fix.safe and not unsafe)
        self.unsafe_skipped += skipped
        why = "not applied: it may change the meaning (use --unsafe-fixes)"
        self._note(skipped, f"fix {why}", f"fixes {why.replace('it may', 'they may')}")
        fixed: set[int] = set()
        if todo:
            try:
                result = fix_file(
                    path, todo, write=not diff, input_format=self.options.input_format
                )
            except GuidelintError as exc:  # the fixed file cannot be written: report all
                self.progress.clear()
                self.err.write(f"guidelint: error: {exc}\n")
                self.write_errors += 1
                for violation in held:
                    self._keep(violation)
                return
            fixed = {id(v) for v in result.fixed}
            if result.reason:
                why = f"not applied: {result.reason}"
                self._note(len(result.not_fixed), f"fix {why}", f"fixes {why}")
                self.unfixable[result.reason] += len(result.not_fixed)
            elif result.not_fixed:  # (another fix changed the same text first)
                why = (
                    "another fix changed the same text first; when two rules replace it "
                    "differently, keep one of them in the guideline"
                )
                self._note(
                    len(result.not_fixed), f"fix not applied: {why}", f"fixes not applied: {why}"
                )
            if result.diff and diff:
                self.progress.clear()
                self.out.write(result.diff)
                self.out.flush()
            self.fixed += len(result.fixed)
            self.files_fixed += bool(result.fixed)
            if result.fixed and not diff:
                held = self._recheck(path, held, result.fixed, schema)
                fixed = set()  # (what was fixed is no longer found)
        for violation in held:
            if id(violation) not in fixed:
                self._keep(violation)

    def _recheck(
        self, path: str, held: list[Violation], fixed: list[Violation], schema: str | None
    ) -> list[Violation]:
        """``held`` with the violations of the fixed records found again in the fixed
        file, so that what remains is reported where it now is (columns, excerpts).

        A violation is on its record's line, or on the line of its field in a JSON
        document (a record, or a Label Studio task, written over several lines), so a
        record is known by each of those lines, with its locator when several share a
        line (a compact JSON array); fixes keep lines where they are (a line break
        written into a JSON string is an escape)."""
        from guidelint.readers import read_records

        places = {(v.line, v.locator) for v in fixed}
        overrides = self.config.overrides_for(path)
        again: dict[int, list[Violation]] = {}  # (record number: its violations now)
        owner: dict[tuple[int, str | None], int] = {}  # (line, locator): record number
        for number, item in enumerate(
            read_records(
                path,
                fields=self.linter.fields,
                schema=schema,
                input_format=self.options.input_format,
                delimiter=self.options.delimiter,
            )
        ):
            if not isinstance(item, Record):
                continue
            locator = item.meta.get("locator")
            field_lines = item.meta.get("field_lines") or {}
            lines = {item.line, *(field_lines.get(t.field, item.line) for t in item.texts)}
            if places.isdisjoint((line, locator) for line in lines):
                continue
            for line in lines:
                owner.setdefault((line, locator), number)  # (a task's text: its first record)
            found = again[number] = []
            for violation in in_place_order(self.linter.recheck(item)):
                kept = self._per_path(violation, overrides)
                if kept is not None:
                    found.append(kept)
        former: dict[tuple[str, int, str | None], str] = {}
        for violation in held:
            if (violation.line, violation.locator) in owner and violation.record_key is not None:
                former[(violation.path, violation.line, violation.locator)] = violation.record_key
        self.former_keys.update(former)
        if self.baseline is not None:
            now = {(v.path, v.line, v.locator): v.record_key for f in again.values() for v in f}
            self.rekeyed += sum(1 for place, key in former.items() if now.get(place, key) != key)
        result: list[Violation] = []
        for violation in held:  # a fixed record's new violations where its old ones were
            owned = owner.get((violation.line, violation.locator))
            if owned is None:
                result.append(violation)
            else:
                result.extend(again.pop(owned, ()))
        return result

    # -- the end --------------------------------------------------------------------------------
    def finish(self) -> int:
        """Dataset-level findings, notes, the report's summary; the exit code."""
        for violation in self.linter.finish():
            kept = self._per_path(violation, self.config.overrides_for(violation.path))
            if kept is not None:
                self._keep(kept)
        self.progress.done()
        if self.cap is not None:  # (the most severe, in the order they were found)
            for violation in self.cap.shown():
                self._report(violation)
        diff = self.options.diff
        if self.fixing:
            done = "would be fixed" if diff else "fixed"
            self._note(self.fixed, f"violation {done}", f"violations {done}")
        below = f"below --min-severity {self.min_severity} not shown"
        self._note(self.below, f"violation {below}", f"violations {below}")
        over = f"not shown (--max-violations {self.max_violations})"
        self._note(self.over, f"more violation {over}", f"more violations {over}")
        if self.baseline is not None:
            from guidelint.run.baseline import describe

            known = "already in the baseline not shown"
            self._note(self.baseline.suppressed, f"violation {known}", f"violations {known}")
            if self.git is None:  # records not read cannot have stopped occurring
                active = (
                    self.linter.text_rules + self.linter.record_rules + self.linter.dataset_rules
                )
                rules = {c.rule.id for c in active} | set(_builtin_rules())
                gone = self.baseline.gone(self.checked, rules)
                what = describe(gone)
                self._note(
                    len(gone),
                    f"baseline entry no longer occurs: {what}",
                    f"baseline entries no longer occur: {what}",
                )
                count, files = self.baseline.of_missing_files()
                named = ", ".join(files[:5]) + (
                    f", and {len(files) - 5} more" if len(files) > 5 else ""
                )
                where = f"of files that no longer exist ({named}; renamed or deleted)"
                self._note(count, f"baseline entry {where}", f"baseline entries {where}")
            again = "write the baseline again (--write-baseline) for the next run"
            self._note(
                self.rekeyed,
                "record --fix rewrote has no id: its key, a hash of its content, changed; it "
                f"was matched with the baseline as it was before the fix; {again}",
                "records --fix rewrote have no id: their keys, hashes of their content, "
                f"changed; they were matched with the baseline as they were before; {again}",
            )
        for never in self.linter.when_fields_never_seen():
            self._note(1, f"rule {never}", f"rules {never}")
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
            self.err.write(
                f"guidelint: wrote baseline {self.writer.path}: "
                f"{plural(entries, 'entry', 'entries')} ({plural(total, 'violation')})\n"
            )
            return 0
        if self.write_errors:
            return 2
        if diff:
            if self.unsafe_skipped:  # (the report, with its notes, is not shown with --diff)
                self.err.write(
                    f"guidelint: note: {plural(self.unsafe_skipped, 'fix', 'fixes')} not "
                    "shown: they may change the meaning (add --unsafe-fixes to see them)\n"
                )
            for reason, count in self.unfixable.items():  # (a CSV, a compressed file)
                if count:
                    fixes = plural(count, "fix", "fixes")
                    self.err.write(f"guidelint: note: {fixes} not shown: {reason}\n")
            return 1 if self.fixed else 0
        worst = summary.worst()
        return 1 if worst is not None and worst.rank >= Severity(self.fail_on).rank else 0

    def _note(self, count: int, one: str, many: str) -> None:
        """A summary note: ``Note: 1 violation fixed``, ``Note: 3 violations fixed``."""
        if count:  # (kept under the plural: counts of several files add up)
            self.linter.summary.read_stats.note(note_forms(many, one), count)


class ShownCap:
    """The violations ``--max-violations N`` shows: the N most severe (errors, then
    warnings, then infos; the first found among those of one severity), held until the
    end and then given in the order they were found. Holds at most N violations."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        #: (severity rank, -order found, violation): the first one is the least severe,
        #: the last found among the least severe (the one to leave out first).
        self._held: list[tuple[int, int, Violation]] = []
        self._found = 0

    def add(self, violation: Violation) -> Violation | None:
        """Hold ``violation`` if it is among the N most severe so far; give the one that
        is left out (``violation`` itself, or a less severe one held before), if any."""
        self._found += 1
        entry = (violation.severity.rank, -self._found, violation)
        held = self._held
        if len(held) < self.limit:
            heapq.heappush(held, entry)
            return None
        if not held or entry[0] <= held[0][0]:  # (no more severe than the least held)
            return violation
        return heapq.heapreplace(held, entry)[2]

    def shown(self) -> list[Violation]:
        """The violations held, in the order they were found."""
        return [v for _, _, v in sorted(self._held, key=lambda entry: -entry[1])]


def _has_header(path: str, input_format: str | None) -> bool:
    """Whether the file's first line names its columns (CSV, TSV)."""
    from guidelint.readers import resolve_format

    try:
        return resolve_format(path, input_format) in ("csv", "tsv")
    except GuidelintError:
        return False


def in_place_order(found: list[Violation]) -> list[Violation]:
    """A record's violations in the order of their places: by line, then field (a
    finding about the whole record first, at column 1, then the fields in the order
    they were first reported), then column; rules found at the same place keep their
    guideline order."""
    if len(found) < 2:
        return found
    fields: dict[str, int] = {"": -1}
    for violation in found:
        fields.setdefault(violation.field, len(fields))
    return sorted(found, key=lambda v: (v.line, fields[v.field], v.column, v.span[1]))


def merge_fields(base: FieldMapping, overrides: Mapping[str, object]) -> FieldMapping:
    """``base`` with some keys replaced; keys stay "set" for schema detection."""
    if not overrides:
        return base
    from guidelint.fields import FieldMapping

    values = base.model_dump(by_alias=True, exclude_unset=True)
    values.update(overrides)
    return FieldMapping.model_validate(values)


def _shown_path(path: Path) -> str:
    """``path`` relative to the current directory (``../guidelint.yaml``)."""
    import os

    try:
        return os.path.relpath(path)
    except ValueError:  # (another drive)
        return str(path)


def _config(options: CheckOptions) -> Config:
    from guidelint.run.config import Config, discover, load_config

    if not options.use_config:
        return Config()
    if isinstance(options.config, Config):
        return options.config
    # (what is wrong with its values is raised with the rule names it gives, in one run:
    # see Config.check_names)
    if options.config is not None:
        return load_config(Path(options.config), deferred=True)
    return discover(list(options.paths), deferred=True)


def _guideline(options: CheckOptions, config: Config) -> Guideline:
    from guidelint.guideline import Guideline, load_guideline

    if isinstance(options.guideline, Guideline):
        return options.guideline
    name = options.guideline or config.guideline() or "customer-support"
    if options.cache:
        from guidelint.guideline.cache import cache_off, load_cached

        if not cache_off():
            return load_cached(name)
    return load_guideline(name)


def _builtin_rules() -> dict[str, str]:
    from guidelint.engine import BUILTIN_RULES

    return BUILTIN_RULES


def _jobs(options: CheckOptions, paths: list[str]) -> int:
    from guidelint.run.parallel import default_jobs

    if options.text is not None or options.changed_since:
        return 1  # one response, or a few changed records: no workers worth starting
    return options.jobs if options.jobs is not None else default_jobs(paths)


def _check_selection(guideline: Guideline, names: frozenset[str]) -> None:
    """Every ``select``/``ignore`` name must be a rule id, tag or check of the guideline."""
    import difflib

    from guidelint.errors import UsageError

    rules = guideline.rules
    known = {r.id for r in rules} | {t for r in rules for t in r.tags} | {r.check for r in rules}
    known |= set(_builtin_rules())
    for name in sorted(names - known):
        close = difflib.get_close_matches(name, sorted(known), n=1)
        raise UsageError(
            f"--select/--ignore: guideline '{guideline.name}' has no rule, tag or check '{name}'",
            hint=f"did you mean '{close[0]}'?" if close else "see `guidelint rules list`",
        )
