"""``guidelint check``: check datasets against a guideline and report violations.

Settings come from the command line, else the project configuration (see
:mod:`guidelint.run.config`), else the defaults. This module only parses the arguments
into :class:`guidelint.run.CheckOptions` and picks the reporter; the run itself
(reading, baselines, fixes, progress, the exit status) is :mod:`guidelint.run.check`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TextIO

from guidelint.cli.options import (
    add_field_options,
    add_guideline_option,
    add_labelstudio_option,
    split_list,
)

if TYPE_CHECKING:
    from guidelint.run.options import CheckOptions, FailOn, FieldValue, SingleText


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
        "--exclude",
        action="append",
        metavar="GLOB",
        help="leave out files matching GLOB, named or found in a folder (comma-separated; "
        "with the configuration's `exclude`); folders also leave out what .gitignore does",
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
        "-o",
        "--output",
        metavar="FILE",
        help="write the report to FILE; print a one-line summary (-: standard output)",
    )
    parser.add_argument(
        "--min-severity",
        choices=["info", "warning", "error"],
        help="show only violations at or above this severity (the summary still counts "
        "every one; the exit code follows --fail-on); default: info",
    )
    parser.add_argument(
        "--max-violations",
        type=int,
        metavar="N",
        help="show at most N violations, the most severe (errors first; written at the end), "
        "then how many more there were (the summary still counts every one)",
    )
    parser.add_argument(
        "--statistics", action="store_true", help="show a count per rule (with -q: only that)"
    )
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
    parser.add_argument(
        "--engine",
        choices=["local", "ray"],
        default="local",
        help="where records are checked: this machine (--jobs processes), or a Ray cluster "
        "(--jobs actors; needs guidelint[ray]); the output is the same",
    )
    parser.add_argument(
        "--ray-address",
        metavar="ADDR",
        help="with --engine ray: the cluster to use (default: RAY_ADDRESS, else a new local one)",
    )
    project = parser.add_argument_group("project configuration")
    project.add_argument(
        "--config",
        metavar="FILE",
        help="use this configuration file (default: found by walking up)",
    )
    project.add_argument("--no-config", action="store_true", help="ignore configuration files")
    project.add_argument(
        "--no-cache",
        action="store_true",
        help="load and compile the guideline afresh, without the cache of compiled "
        "guidelines (kept in GUIDELINT_CACHE_DIR, else ~/.cache/guidelint; see "
        "docs/guidelines.md#the-cache-of-compiled-guidelines)",
    )
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
    add_labelstudio_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from guidelint.cli.output import (
        Discard,
        close_report_stdout,
        make_reporter,
        open_output,
        report_format,
        report_stdout,
    )
    from guidelint.errors import UsageError
    from guidelint.run.check import CheckRun

    options = check_options(args)
    options.validate_inputs()
    if (args.instruction is not None or args.field) and not args.stdin_text:
        raise UsageError("--instruction and --field go with --stdin-text")
    options.validate_actions()
    if args.write_baseline == "-":  # (it wrote a file named '-')
        raise UsageError(
            "--write-baseline needs a file name: a baseline is a file that --baseline reads",
            hint="e.g. --write-baseline guidelint-baseline.json",
        )
    checker = CheckRun(options)
    fmt = report_format(args)
    if fmt == "html":  # (before the report file is created: say what to install)
        from guidelint.reporters.html import require_plotting

        require_plotting()
    output = open_output(args.output) if args.output else None
    # --diff prints the diff instead of the report; --write-baseline prints one line.
    quiet_run = args.diff or bool(args.write_baseline)
    stream: TextIO = output or (Discard() if quiet_run else report_stdout())
    try:
        reporter = make_reporter(fmt, stream, args, grouped=output is None and not quiet_run)
        result = checker.run(reporter)
    finally:
        if output is not None:
            output.close()
        elif not quiet_run:
            close_report_stdout(stream)
    if args.output:
        sys.stdout.write(f"{result.headline}; report written to {args.output}\n")
    return result.exit_code


def check_options(args: argparse.Namespace) -> CheckOptions:
    """The parsed command line as the options of a check run."""
    from guidelint.run.options import CheckOptions

    fields = {}
    if args.instruction_field:
        fields["instruction"] = args.instruction_field
    if args.response_field:
        fields["response"] = args.response_field
    fail_on: FailOn | None = args.fail_on
    return CheckOptions(
        paths=tuple(args.paths),
        text=_single_text(args) if args.stdin_text else None,
        guideline=args.guideline,
        config=args.config,
        use_config=not args.no_config,
        select=split_list(args.select) if args.select else None,
        ignore=split_list(args.ignore),
        exclude=tuple(sorted(split_list(args.exclude))) if args.exclude else (),
        fail_on=fail_on,
        schema=args.schema,
        input_format=args.input_format,
        delimiter=args.delimiter,
        fields=fields,
        baseline=args.baseline,
        write_baseline=args.write_baseline,
        changed_since=args.changed_since,
        fix=args.fix,
        unsafe_fixes=args.unsafe_fixes,
        diff=args.diff,
        jobs=args.jobs,
        engine=args.engine,
        ray_address=args.ray_address,
        min_severity=args.min_severity,
        max_violations=args.max_violations,
        progress=not args.no_progress,
        report_path=args.output,
        cache=not args.no_cache,
    )


def _single_text(args: argparse.Namespace) -> SingleText:
    from guidelint.errors import UsageError
    from guidelint.run.options import SingleText

    values: list[tuple[str, FieldValue]] = []
    for item in args.field:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--field takes KEY=VALUE, not '{item}'")
        values.append((key.strip(), _scalar(value)))
    # (standard input is read when the run needs the text, once the settings are known good)
    return SingleText(sys.stdin.buffer, instruction=args.instruction, fields=values)


def _scalar(value: str) -> FieldValue:
    """``3`` → 3, ``true`` → True, ``null`` → None; anything else stays text."""
    try:
        parsed = json.loads(value)
    except ValueError:
        return value
    if isinstance(parsed, (str, int, float, bool)) or parsed is None:
        return parsed
    return value
