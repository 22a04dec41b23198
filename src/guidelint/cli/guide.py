"""``guidelint guide GUIDELINE``: the annotator-facing guideline document (Markdown or HTML)."""

from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "guide",
        help="render a guideline as a document for annotators",
        description="Render the annotator-facing guideline document: criteria, what must "
        "not be in a response, and the good and bad examples with their explanations.",
    )
    parser.add_argument(
        "guideline",
        nargs="?",
        metavar="GUIDELINE",
        help="a bundled name or a guideline file (default: the project configuration's, "
        "else customer-support)",
    )
    parser.add_argument("--format", choices=["markdown", "html"], default="markdown")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the document to FILE")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from guidelint.cli.options import guideline_named
    from guidelint.guideline import load_guideline
    from guidelint.guideline.guide import render
    from guidelint.model import Severity
    from guidelint.run.config import discover

    name = guideline_named(args)
    guideline = load_guideline(name)
    # The severities `check` reports here: the project configuration's overrides.
    levels = discover([]).values.severity
    if levels:
        rules = tuple(
            replace(rule, severity=Severity(levels[rule.id])) if rule.id in levels else rule
            for rule in guideline.rules
        )
        guideline = replace(guideline, rules=rules)
    document = render(guideline, args.format)
    if args.output:
        from pathlib import Path

        from guidelint.errors import UsageError

        try:
            Path(args.output).write_text(document, encoding="utf-8", errors="backslashreplace")
        except OSError as exc:
            raise UsageError(f"cannot write the document: {exc}", location=args.output) from None
        sys.stderr.write(f"Wrote {args.output}\n")
        return 0
    sys.stdout.write(document)
    return 0
