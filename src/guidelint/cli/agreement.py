"""``guidelint agreement``: inter-annotator agreement on overlapping items.

Also holds what ``guidelint calibrate`` shares with it: the options saying where the
labels are and how to compare them, and :func:`run_from_args`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from guidelint.agreement.keys import STATISTICS
from guidelint.cli.options import add_field_options, add_guideline_option, add_labelstudio_option
from guidelint.errors import UsageError

if TYPE_CHECKING:
    from guidelint.agreement.sources.pipeline import AgreementRun


def add_label_options(parser: argparse.ArgumentParser) -> None:
    """Where the labels are and how to compare them (``agreement`` and ``calibrate``)."""
    where = parser.add_argument_group("where the labels are")
    add_labelstudio_option(where)  # type: ignore[arg-type]
    add = where.add_argument
    add(
        "--label",
        action="append",
        metavar="NAME",
        help="label(s) to compare (comma-separated); long format: the label column(s)",
    )
    add(
        "--item",
        metavar="KEY",
        help="long/wide format: the item id column (default: agreement.item, 'item')",
    )
    add(
        "--annotator",
        metavar="KEY",
        help="long format: the annotator column (default: agreement.annotator, 'annotator')",
    )
    add("--wide", action="store_true", help="one row per item, one column per annotator")
    add(
        "--annotators",
        metavar="A,B",
        help="wide format: the annotator columns (default: all but the item column); "
        "other formats: only these annotators",
    )
    add(
        "--missing",
        metavar="VALUES",
        help="values that mean 'no label', e.g. 0 for a judge that failed (comma-separated)",
    )
    how = parser.add_argument_group("how to compare")
    add = how.add_argument
    add(
        "--level",
        choices=["nominal", "ordinal", "interval", "ratio"],
        help="level of measurement (default: ordinal for numbers, nominal for text)",
    )
    add(
        "--categories",
        metavar="LIST",
        help="the declared scale, e.g. 1,2,3,4,5 (default: the values that occur)",
    )
    add(
        "--weights",
        choices=["none", "linear", "quadratic", "ordinal"],
        help="weights of Cohen's kappa and Gwet's AC2 (default: quadratic unless nominal)",
    )
    add(
        "--kind",
        choices=["rating", "choice", "ranking"],
        help="what the label is (default: told from the values)",
    )
    add(
        "--bootstrap",
        type=int,
        default=1000,
        metavar="N",
        help="bootstrap resamples for the 95%% intervals (0: none; default 1000)",
    )
    add("--seed", type=int, default=0, metavar="S", help="seed of the bootstrap (default 0)")
    add_guideline_option(parser)
    parser.add_argument(
        "--no-lint",
        action="store_true",
        help="do not check annotators' responses against the guideline",
    )
    add_field_options(parser)


def _names(values: list[str] | None) -> tuple[str, ...]:
    """``--label a,b --label c`` → ``("a", "b", "c")``, in order, without repeats."""
    names = [part.strip() for value in values or [] for part in value.split(",")]
    return tuple(dict.fromkeys(n for n in names if n))


#: The fewest bootstrap resamples ``--bootstrap`` accepts (besides 0, no intervals).
MIN_RESAMPLES = 40


def _check_numbers(args: argparse.Namespace) -> None:
    if args.bootstrap < 0 or 0 < args.bootstrap < MIN_RESAMPLES:
        raise UsageError(
            f"--bootstrap takes 0 (no intervals) or at least {MIN_RESAMPLES} resamples, "
            f"not {args.bootstrap}",
            hint="a 95% percentile interval needs enough resamples for its 2.5% tails; "
            "the default is 1000",
        )
    if args.seed < 0:
        raise UsageError(f"--seed takes a number ≥ 0, not {args.seed}")
    minimum = getattr(args, "min_agreement", None)
    if minimum is not None and not -1.0 <= minimum <= 1.0:
        raise UsageError(f"--min-agreement takes a value between -1 and 1, not {minimum}")
    if getattr(args, "top", 0) < 0:
        raise UsageError("--top takes a number ≥ 0 (0 shows everything)")


#: BLAS thread settings that :func:`one_blas_thread` sets when the environment does not.
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread() -> None:
    """Run numpy's BLAS on one thread unless the environment says otherwise (before
    numpy loads; no effect after). The statistics multiply tall, narrow matrices (items
    x a few columns), which more threads do not speed up; on a busy machine OpenBLAS's
    threads waiting for each other made ``counts @ weights`` of 250,000 items 40 times
    slower (0.24 s instead of 0.006 s). The results are the same either way."""
    if "numpy" in sys.modules:
        return
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")


def refuse_overwriting_labels(args: argparse.Namespace) -> None:
    """Stop before reading when ``--output`` names one of the label files."""
    if not args.output:
        return
    from guidelint.readers import DATASET_SUFFIXES
    from guidelint.run.own_files import refuse_overwriting_inputs
    from guidelint.run.paths import expand_paths

    refuse_overwriting_inputs({args.output: "--output"}, expand_paths(args.paths, DATASET_SUFFIXES))


def run_from_args(args: argparse.Namespace, *, keep_texts: bool = False) -> AgreementRun:
    """Read the files named in ``args`` and build the agreement report."""
    one_blas_thread()
    from guidelint.agreement.coding import LabelSettings, parse_scale
    from guidelint.agreement.sources.pipeline import AgreementRequest, run_agreement
    from guidelint.cli.options import expand_paths
    from guidelint.guideline import load_guideline
    from guidelint.guideline.cache import cache_off, load_cached
    from guidelint.readers import DATASET_SUFFIXES
    from guidelint.run.config import discover
    from guidelint.run.paths import skip_found_outputs

    _check_numbers(args)
    given: dict[str, Any] = {
        k: getattr(args, k) for k in ("kind", "level", "weights") if getattr(args, k)
    }
    if args.categories:
        given["categories"] = parse_scale(args.categories)
    if args.missing:
        given["missing"] = parse_scale(args.missing)
    named = args.guideline or discover(list(args.paths)).guideline()
    # a guideline may hold only `agreement` and `fields` settings for this command;
    # through the cache of compiled guidelines, as `check` loads it (GUIDELINT_NO_CACHE)
    load = load_guideline if cache_off() else load_cached
    guideline = load(named or "customer-support", require_rules=False)
    if guideline.compiled is not None:  # (kept now: ratings without texts build no linter)
        guideline.compiled.save()
    fields = guideline.fields
    overrides = {}
    if args.instruction_field:
        overrides["instruction"] = args.instruction_field
    if args.response_field:
        overrides["response"] = args.response_field
    if overrides:
        fields = fields.model_copy(update=overrides)
    walked: set[str] = set()
    paths = list(expand_paths(args.paths, DATASET_SUFFIXES, walked))
    left_out: list[str] = []
    if args.output and args.output != "-":
        from guidelint.run.paths import distinct_paths

        # (an earlier report of this name, passed back by a folder walk: rewritten, not
        # read; refuse_overwriting_labels stopped the run if it is anything else)
        paths, left_out = distinct_paths(paths, {args.output: "report"})
    # (other reports and sheets of guidelint that a folder walk found: skipped, noted)
    paths, earlier = skip_found_outputs(paths, walked, args.paths)
    left_out += earlier
    request = AgreementRequest(
        paths=tuple(paths),
        notes=tuple(left_out),
        guideline=guideline,
        guideline_named=bool(named),
        labels=_names(args.label) or None,
        item=args.item,
        annotator=args.annotator,
        wide=args.wide,
        annotators=_names([args.annotators]) if args.annotators else None,
        settings=LabelSettings.model_validate(given),
        bootstrap=args.bootstrap,
        seed=args.seed,
        metric=getattr(args, "metric", None),
        lint=not args.no_lint,
        fields=fields,
        schema=args.schema,
        input_format=args.input_format,
        delimiter=args.delimiter,
        keep_texts=keep_texts,
    )
    return run_agreement(request)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "agreement",
        help="inter-annotator agreement on items several annotators labelled",
        description="Agreement statistics per label, per annotator and per item, with bootstrap "
        "intervals, and the rules annotators apply differently. See docs/agreement.md.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="label files or directories")
    add_label_options(parser)
    add_threshold_options(parser)
    out = parser.add_argument_group("output")
    out.add_argument(
        "--format",
        choices=["text", "json", "html"],
        help="report format (default: from the --output suffix, .json or .html; else text)",
    )
    out.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE (-: standard output)"
    )
    out.add_argument(
        "--top",
        type=int,
        default=20,
        metavar="N",
        help="disagreements and rules to list (0: all; default 20)",
    )
    parser.set_defaults(run=run)


def add_threshold_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("thresholds")
    group.add_argument(
        "--metric",
        choices=STATISTICS,
        help="the headline statistic (default: krippendorff_alpha; kendall_w for rankings)",
    )
    group.add_argument(
        "--min-agreement",
        type=float,
        metavar="X",
        help="exit 1 when a label's headline statistic is below X or undefined",
    )


def threshold_lines(run: AgreementRun, minimum: float) -> list[str]:
    """``FAIL: ...`` lines for labels under ``--min-agreement``."""
    report = run.report
    lines = []
    for label in report.failing(minimum):
        value = label.headline.value
        shown = "undefined" if value is None else f"{value:.3f}"
        lines.append(
            f"FAIL: '{label.label.name}' {label.headline_key} {shown} < {minimum} (--min-agreement)"
        )
    if not report.labels:
        lines.append(f"FAIL: no labels to compare (--min-agreement {minimum})")
    return lines


def format_from_output(args: argparse.Namespace, suffixes: dict[str, str], default: str) -> None:
    """``--format`` when given, else what the ``--output`` suffix says, else ``default``."""
    if args.format is None:
        suffix = Path(args.output).suffix.lower() if args.output else ""
        args.format = suffixes.get(suffix, default)


def run(args: argparse.Namespace) -> int:
    one_blas_thread()
    format_from_output(args, {".json": "json", ".html": "html", ".htm": "html"}, "text")
    if args.format == "html":
        from guidelint.reporters.html import require_plotting

        require_plotting()  # (before reading: say at once what to install)
    refuse_overwriting_labels(args)
    result = run_from_args(args)
    minimum = args.min_agreement
    if args.output:
        from guidelint.cli.output import open_output

        with open_output(args.output) as out:
            _write(args, result, out)
        sys.stdout.write(f"wrote {args.output}\n")
    else:
        _write(args, result, sys.stdout)
    if minimum is None:
        return 0
    return 0 if result.report.passes(minimum) else 1


def _write(args: argparse.Namespace, result: AgreementRun, out: TextIO) -> None:
    from guidelint.agreement.render.json import report_dict
    from guidelint.agreement.render.text import report_text

    minimum = args.min_agreement
    if args.format == "html":
        from guidelint.reporters.html.agreement import write_agreement_page

        write_agreement_page(out, result.report, top=args.top, minimum=minimum)
    elif args.format == "json":
        document = report_dict(result.report, top=args.top, minimum=minimum)
        # (one write: standard output may be unbuffered, and json.dump writes in pieces)
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(report_text(result.report, top=args.top))
        if minimum is not None:
            out.writelines(f"\n{line}\n" for line in threshold_lines(result, minimum))
