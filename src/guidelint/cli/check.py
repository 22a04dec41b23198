"""``guidelint check``: check datasets against a guideline and report violations.

Settings come from the command line, else the project configuration (see
:mod:`guidelint.config`), else the defaults. The run itself (reading, baselines,
fixes, progress, reporting) is :mod:`guidelint.cli.check_run`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from guidelint.cli.options import (
    add_field_options,
    add_guideline_option,
    distinct_paths,
    expand_paths,
    split_list,
)

if TYPE_CHECKING:
    from guidelint.fields import FieldMapping
    from guidelint.guideline import Guideline


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from guidelint.reporters import REPORTERS

    parser = sub.add_parser(
        "check",
        help="check datasets against a guideline",
        description="Check the responses in datasets against a guideline's rules.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or directories ('-' for stdin)"
    )
    add_guideline_option(parser)
    parser.add_argument(
        "--select",
        action="append",
        metavar="ID|TAG",
        help="only these rules (ids or tags; comma-separated)",
    )
    parser.add_argument(
        "--ignore", action="append", metavar="ID|TAG", help="skip these rules (ids or tags)"
    )
    parser.add_argument(
        "--fail-on",
        choices=["error", "warning", "info"],
        help="lowest severity that makes the run fail (exit 1); default: error",
    )
    parser.add_argument(
        "--format",
        choices=list(REPORTERS),
        help="report format (default: text; github when GITHUB_ACTIONS=true; "
        "implied by the --output suffix)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE; print a one-line summary"
    )
    parser.add_argument("--statistics", action="store_true", help="show a count per rule")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the violations")
    parser.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    parser.add_argument("--no-progress", action="store_true", help="never show a progress line")
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="worker processes for JSONL files (default: every core for inputs of 5 MB or "
        "more, else 1); the output is the same whatever N",
    )
    project = parser.add_argument_group("project configuration")
    project.add_argument(
        "--config",
        metavar="FILE",
        help="use this configuration file (default: found by walking up)",
    )
    project.add_argument("--no-config", action="store_true", help="ignore configuration files")
    adopt = parser.add_argument_group("adopting on existing data")
    adopt.add_argument(
        "--baseline", metavar="FILE", help="report only violations not in this baseline"
    )
    adopt.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record every violation of this run in FILE (exit 0)",
    )
    adopt.add_argument(
        "--changed-since",
        metavar="REV",
        help="check only records on lines changed since git revision REV",
    )
    fixing = parser.add_argument_group("fixes")
    fixing.add_argument("--fix", action="store_true", help="apply safe fixes, rewriting the files")
    fixing.add_argument(
        "--unsafe-fixes", action="store_true", help="also apply fixes that may change the meaning"
    )
    fixing.add_argument(
        "--diff", action="store_true", help="print a diff of the fixes instead of writing them"
    )
    single = parser.add_argument_group("checking one response")
    single.add_argument(
        "--stdin-text", action="store_true", help="check one response read from standard input"
    )
    single.add_argument(
        "--instruction", metavar="TEXT", help="the instruction the response answers"
    )
    single.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a record field for `when` conditions",
    )
    add_field_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from guidelint.cli.check_run import STDIN_PATH, CheckRun, stdin_record, stdin_text
    from guidelint.cli.output import (
        Discard,
        close_report_stdout,
        make_reporter,
        open_output,
        report_context,
        report_format,
        report_stdout,
    )
    from guidelint.config import Config, discover, load_config
    from guidelint.engine import BUILTIN_RULES, Linter, Selection
    from guidelint.guideline import load_guideline
    from guidelint.model import Severity
    from guidelint.readers import DATASET_SUFFIXES

    _check_combinations(args)
    if args.no_config:
        config = Config()
    elif args.config:
        config = load_config(Path(args.config))
    else:
        config = discover(list(args.paths))
    guideline = load_guideline(args.guideline or config.guideline() or "customer-support")
    config_fields = merge_fields(guideline.fields, config.values.fields)
    cli_fields = _cli_fields(args)
    rule_ids = {r.id for r in guideline.rules} | set(BUILTIN_RULES)
    names = (
        rule_ids | {t for r in guideline.rules for t in r.tags} | {r.check for r in guideline.rules}
    )
    config.check_names(rule_ids, names)
    _check_selection(guideline, split_list(args.select) | split_list(args.ignore))
    select = split_list(args.select) if args.select else frozenset(config.values.select or ())
    selection = Selection(select=select, ignore=split_list(args.ignore) | set(config.values.ignore))
    severity = {rule: Severity(level) for rule, level in config.values.severity.items()}
    linter = Linter(
        guideline,
        selection=selection,
        fields=merge_fields(config_fields, cli_fields),
        severity_overrides=severity,
    )
    fail_on = args.fail_on or config.values.fail_on or "error"
    paths: list[str] = []
    if not args.stdin_text:
        own = {args.baseline: "baseline", args.write_baseline: "baseline", args.output: "report"}
        paths, left_out = distinct_paths(
            expand_paths(args.paths, DATASET_SUFFIXES),
            {path: what for path, what in own.items() if path},
        )
        for note in left_out:  # (with nothing else to check, the run checks nothing)
            linter.summary.read_stats.note(note)
    fmt = report_format(args)
    output = open_output(args.output) if args.output else None
    stream: TextIO = output or (Discard() if args.diff else report_stdout())
    try:
        reporter = make_reporter(fmt, stream, args, grouped=output is None and not args.diff)
        checker = CheckRun(
            linter,
            reporter,
            config,
            args,
            fail_on=fail_on,
            config_fields=config_fields,
            cli_fields=cli_fields,
            jobs=_jobs(args, paths),
        )
        reporter.start(report_context(guideline, linter, fail_on, paths))
        if args.stdin_text:
            text = stdin_text(sys.stdin.buffer.read())
            checker.check_records(STDIN_PATH, [stdin_record(text, args, linter.fields)])
        else:
            checker.check_paths(paths)
        code = checker.finish()
    finally:
        if output is not None:
            output.close()
        elif not args.diff:
            close_report_stdout(stream)
    if args.output:
        sys.stdout.write(f"{checker.headline()}; report written to {args.output}\n")
    return code


def _jobs(args: argparse.Namespace, paths: list[str]) -> int:
    from guidelint.parallel import default_jobs

    if args.stdin_text or args.changed_since:
        return 1  # one response, or a few changed records: no workers worth starting
    return int(args.jobs) if args.jobs is not None else default_jobs(paths)


def _check_combinations(args: argparse.Namespace) -> None:
    from guidelint.errors import UsageError

    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs takes a whole number of at least 1, not {args.jobs}")
    if args.stdin_text and args.paths:
        raise UsageError("--stdin-text reads the response from standard input: give no PATH")
    if not args.stdin_text and not args.paths:
        raise UsageError(
            "give at least one PATH to check ('-' for standard input)",
            hint="or pass --stdin-text to check one response typed or pasted on standard input",
        )
    if (args.instruction is not None or args.field) and not args.stdin_text:
        raise UsageError("--instruction and --field go with --stdin-text")
    if (args.fix or args.diff) and (args.stdin_text or "-" in args.paths):
        raise UsageError("--fix and --diff rewrite files: they cannot fix standard input")
    if args.write_baseline and args.changed_since:
        raise UsageError(
            "--write-baseline records a whole run; with --changed-since it would forget the "
            "violations of unchanged records",
            hint="write the baseline without --changed-since",
        )
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise UsageError("--unsafe-fixes goes with --fix or --diff")


def merge_fields(base: FieldMapping, overrides: dict[str, Any]) -> FieldMapping:
    """``base`` with some keys replaced; keys stay "set" for schema detection."""
    if not overrides:
        return base
    from guidelint.fields import FieldMapping

    values = base.model_dump(by_alias=True, exclude_unset=True)
    values.update(overrides)
    return FieldMapping.model_validate(values)


def _cli_fields(args: argparse.Namespace) -> dict[str, str]:
    overrides = {}
    if args.instruction_field:
        overrides["instruction"] = args.instruction_field
    if args.response_field:
        overrides["response"] = args.response_field
    return overrides


def _check_selection(guideline: Guideline, names: frozenset[str]) -> None:
    """Every ``--select``/``--ignore`` name must be a rule id, tag or check of the guideline."""
    import difflib

    from guidelint.engine import BUILTIN_RULES
    from guidelint.errors import UsageError

    rules = guideline.rules
    known = {r.id for r in rules} | {t for r in rules for t in r.tags} | {r.check for r in rules}
    known |= set(BUILTIN_RULES)
    for name in sorted(names - known):
        close = difflib.get_close_matches(name, sorted(known), n=1)
        raise UsageError(
            f"--select/--ignore: guideline '{guideline.name}' has no rule, tag or check '{name}'",
            hint=f"did you mean '{close[0]}'?" if close else "see `guidelint rules list`",
        )
