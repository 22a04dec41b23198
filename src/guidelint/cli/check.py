"""``guidelint check``: check datasets against a guideline and report violations."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from guidelint.cli.options import (
    add_field_options,
    add_guideline_option,
    expand_paths,
    split_list,
    use_color,
)
from guidelint.model import Severity


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "check",
        help="check datasets against a guideline",
        description="Check the responses in datasets against a guideline's rules.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories ('-' for stdin)")
    add_guideline_option(parser)
    parser.add_argument("--select", action="append", metavar="ID|TAG", help="only these rules (ids or tags; comma-separated)")
    parser.add_argument("--ignore", action="append", metavar="ID|TAG", help="skip these rules (ids or tags)")
    parser.add_argument(
        "--fail-on",
        choices=["error", "warning", "info"],
        default="error",
        help="lowest severity that makes the run fail (exit 1); default: error",
    )
    parser.add_argument("--format", choices=["text", "json"], default="text", help="report format")
    parser.add_argument("--statistics", action="store_true", help="show a count per rule")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the violations")
    parser.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    add_field_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from guidelint.engine import Linter, Selection
    from guidelint.guideline import load_guideline
    from guidelint.readers import DATASET_SUFFIXES
    from guidelint.reporters import ReportContext, reporter_class

    guideline = load_guideline(args.guideline or "customer-support")
    fields = guideline.fields
    overrides = {}
    if args.instruction_field:
        overrides["instruction"] = args.instruction_field
    if args.response_field:
        overrides["response"] = args.response_field
    if overrides:
        fields = fields.model_copy(update=overrides)
    linter = Linter(
        guideline,
        selection=Selection(select=split_list(args.select), ignore=split_list(args.ignore)),
        fields=fields,
    )
    paths = list(expand_paths(args.paths, DATASET_SUFFIXES))
    stream: TextIO = sys.stdout
    reporter = reporter_class(args.format)(
        stream,
        color=use_color(stream, args.color),
        quiet=args.quiet,
        statistics=args.statistics,
    )
    reporter.start(
        ReportContext(guideline=guideline.name, version=guideline.version, fail_on=args.fail_on)
    )
    for path in paths:
        for violation in linter.check_file(path, schema=args.schema, input_format=args.input_format):
            reporter.violation(violation)
    for violation in linter.finish():
        reporter.violation(violation)
    reporter.finish(linter.summary)
    worst = linter.summary.worst()
    threshold = Severity(args.fail_on)
    return 1 if worst is not None and worst.rank >= threshold.rank else 0
