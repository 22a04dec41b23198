"""``guidelint calibrate``: agreement and a Markdown discussion sheet for a calibration batch.

A calibration batch is a set of items (20-50) every annotator did. The sheet lists
the multi-rater statistics, each annotator's deviation from the group, the rules
annotators apply differently, and the items with the most disagreement first, with
each annotator's label, response and broken rules. Without ``--output`` the sheet
goes to standard output; with it, a short summary does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from guidelint.cli.agreement import add_label_options, add_threshold_options, threshold_lines
from guidelint.errors import InputError

if TYPE_CHECKING:
    from guidelint.agreement.sources.pipeline import AgreementRun


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "calibrate",
        help="agreement and a discussion sheet for a batch every annotator did",
        description="Statistics for a calibration batch and a Markdown sheet of the items "
        "annotators disagree on most, with their labels, responses and broken rules.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="label files or directories")
    add_label_options(parser)
    add_threshold_options(parser)
    parser.add_argument("-o", "--output", metavar="FILE", help="write the sheet here")
    parser.add_argument(
        "--format",
        choices=["markdown", "html"],
        help="the sheet as Markdown (default) or as an HTML page with charts (default for an "
        "--output ending in .html)",
    )
    parser.set_defaults(run=run)


def incomplete_items(run: AgreementRun) -> list[str]:
    """Items with two or more annotators that some annotator of the label did not do."""
    missing: dict[str, None] = {}
    for label in run.report.labels:
        values = label.label.source
        everyone = set(values.annotators())
        done: dict[str, set[str]] = {}
        for item, annotator in values.values:
            done.setdefault(item, set()).add(annotator)
        missing.update((item, None) for item, who in done.items() if 2 <= len(who) < len(everyone))
    return list(missing)


def _summary(run: AgreementRun, output: str, items: int) -> str:
    lines = []
    for label in run.report.labels:
        headline = label.headline
        value = "undefined" if headline.value is None else f"{headline.value:.3f}"
        lines.append(
            f"{label.label.name}: {label.headline_key} {value} ({headline.band}) over "
            f"{label.overlap.items_multi} shared items, {len(label.disagreements)} disagreed on"
        )
    if not run.report.labels:
        lines.append("no labels found: nothing to compare")
    lines.append(f"wrote {output}: {items} item(s) to discuss")
    return "\n".join(lines) + "\n"


def _name(path: str) -> str:
    """A file by its name; a live Label Studio project by its URL."""
    return path if path.startswith(("http://", "https://")) else Path(path).name


def run(args: argparse.Namespace) -> int:
    from guidelint.agreement.render.sheet import calibration_sheet, item_order
    from guidelint.cli.agreement import (
        format_from_output,
        refuse_overwriting_labels,
        run_from_args,
    )

    format_from_output(args, {".html": "html", ".htm": "html"}, "markdown")
    if args.format == "html":
        from guidelint.reporters.html import require_plotting

        require_plotting()  # (before reading: say at once what to install)
    refuse_overwriting_labels(args)
    result = run_from_args(args, keep_texts=True)
    title = ", ".join(_name(s.path) for s in result.report.sources) or "no files"
    if args.format == "html":
        sheet = _html(result, title, args.min_agreement)
    else:
        sheet = calibration_sheet(
            result.report,
            result.collector.responses,
            title=title,
            incomplete=incomplete_items(result),
        )
    minimum = args.min_agreement
    if args.output:
        try:
            Path(args.output).write_text(sheet, encoding="utf-8", errors="backslashreplace")
        except OSError as exc:
            raise InputError(
                f"cannot write the sheet: {exc.strerror}", location=args.output
            ) from None
        items = len(item_order(result.report))
        sys.stdout.write(_summary(result, args.output, items))
    else:
        sys.stdout.write(sheet)
    if minimum is None:
        return 0
    if args.output:
        sys.stdout.writelines(f"{line}\n" for line in threshold_lines(result, minimum))
    return 0 if result.report.passes(minimum) else 1


def _html(result: AgreementRun, title: str, minimum: float | None) -> str:
    """The calibration report as one HTML page (a batch is small: built in memory)."""
    import io

    from guidelint.reporters.html.agreement import write_agreement_page

    page = io.StringIO()
    write_agreement_page(
        page,
        result.report,
        top=0,
        minimum=minimum,
        title=f"guidelint calibration: {title}",
        responses=result.collector.responses,
    )
    return page.getvalue()
