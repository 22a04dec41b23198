"""``guidelint rules list|explain|test``: see and test a guideline's rules."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from guidelint.cli.options import add_guideline_option, guideline_named


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("rules", help="list, explain and test a guideline's rules")
    rules_sub = parser.add_subparsers(dest="rules_command", metavar="ACTION", required=True)

    listing = rules_sub.add_parser(
        "list", help="id, check, severity, tags and description of each rule"
    )
    add_guideline_option(listing)
    listing.set_defaults(run=run_list)

    explain = rules_sub.add_parser("explain", help="a rule's description, options and examples")
    explain.add_argument("rule_id", metavar="ID")
    add_guideline_option(explain)
    explain.set_defaults(run=run_explain)

    test = rules_sub.add_parser("test", help="run every rule's good and bad examples")
    test.add_argument(
        "guidelines",
        nargs="*",
        metavar="GUIDELINE",
        help="names or files (default: the project configuration's, else customer-support)",
    )
    test.add_argument("-q", "--quiet", action="store_true", help="print only failures")
    test.set_defaults(run=run_test)

    evaluate = rules_sub.add_parser(
        "eval",
        help="score rules against hand-labelled records: precision, recall, F1",
        description="Score a guideline's rules against a labelled dataset: records that "
        "check can read, each with 'expected' (the classes or rule ids a reader found in "
        "it, [] when clean) and optionally 'split'. See docs/rule-quality.md.",
    )
    evaluate.add_argument("guideline", metavar="GUIDELINE", help="a bundled name or a file")
    evaluate.add_argument("labels", metavar="LABELS", help="the labelled records")
    evaluate.add_argument(
        "--class",
        dest="classes",
        action="append",
        default=[],
        metavar="NAME=RULE[,RULE]",
        help="the rules that should find a class (repeatable); a class without one "
        "stands for the rule of the same id",
    )
    evaluate.add_argument(
        "--split", metavar="NAME", help="score only records whose 'split' is NAME (e.g. heldout)"
    )
    evaluate.add_argument("--input-format", metavar="FORMAT", help="format of LABELS")
    evaluate.add_argument("--format", choices=["text", "json"], default="text")
    evaluate.add_argument(
        "--show-ids",
        type=int,
        default=10,
        metavar="N",
        help="list up to N ids of false positives and negatives per class (default 10)",
    )
    evaluate.set_defaults(run=run_eval)


def run_list(args: argparse.Namespace) -> int:
    from guidelint.guideline import load_guideline

    guideline = load_guideline(guideline_named(args))
    rows = [
        (r.id, r.check, r.severity.value, ",".join(r.tags), _first_line(r.description, r))
        for r in guideline.rules
    ]
    headers = ("ID", "CHECK", "SEVERITY", "TAGS", "DESCRIPTION")
    widths = [
        max(len(h), *(len(row[i]) for row in rows)) if rows else len(h)
        for i, h in enumerate(headers[:4])
    ]
    out = sys.stdout
    version = f" {guideline.version}" if guideline.version else ""
    noun = "rule" if len(rows) == 1 else "rules"
    out.write(f"{guideline.name}{version}: {len(rows)} {noun}\n")
    out.write(
        "  ".join(h.ljust(w) for h, w in zip(headers[:4], widths, strict=True))
        + "  "
        + headers[4]
        + "\n"
    )
    for row in rows:
        out.write(
            "  ".join(c.ljust(w) for c, w in zip(row[:4], widths, strict=True))
            + "  "
            + row[4]
            + "\n"
        )
    return 0


def _first_line(description: str, rule: Any) -> str:
    """A description's first line, or the rule in words when it has none."""
    from guidelint.rule_words import rule_in_words

    return (description.splitlines() or [rule_in_words(rule)])[0]


def _indented(text: str, first: str, rest: str) -> str:
    """``text`` after ``first``; its further lines indented by ``rest`` (examples span
    lines: a list, paragraphs)."""
    lines = text.split("\n")
    return first + lines[0] + "".join(f"\n{rest}{line}" if line else "\n" for line in lines[1:])


def run_explain(args: argparse.Namespace) -> int:
    import difflib

    from guidelint.checks.base import options_doc, yaml_text
    from guidelint.errors import UsageError
    from guidelint.guideline import load_guideline
    from guidelint.rule_words import rule_in_words

    guideline = load_guideline(guideline_named(args))
    ids = [r.id for r in guideline.rules]
    if args.rule_id not in ids:
        close = difflib.get_close_matches(args.rule_id, ids, n=1)
        raise UsageError(
            f"guideline '{guideline.name}' has no rule '{args.rule_id}'",
            hint=f"did you mean '{close[0]}'?" if close else "see `guidelint rules list`",
        )
    rule = guideline.rule(args.rule_id)
    out = sys.stdout
    out.write(f"{rule.id}  ({rule.check}, {rule.severity.value})\n")
    out.write(f"  defined at {rule.source}\n")
    if rule.tags:
        out.write(f"  tags: {', '.join(rule.tags)}\n")
    out.write(f"  applies to: {', '.join(rule.applies_to)}\n")
    if rule.when is not None:
        out.write(f"  when: {rule.when.describe()}\n")
    if rule.max_rate is not None:
        out.write(f"  max rate: {rule.max_rate:.1%}\n")
    if rule.description:
        out.write(f"\n{rule.description}\n")
    else:
        out.write(f"\n{rule_in_words(rule)}\n(no description: said from its check and options)\n")
    out.write(f"\nmessage: {rule.message}\n\noptions:\n")
    values = rule.options.model_dump(by_alias=True, mode="json")
    for name, kind, default in options_doc(type(rule.options)):
        out.write(f"  {name}: {yaml_text(values.get(name))}    ({kind}, default {default})\n")
    for kind, examples in (("good", rule.examples.good), ("bad", rule.examples.bad)):
        if examples:
            out.write(f"\n{kind} examples:\n")
        for example in examples:
            if example.instruction:
                out.write(_indented(example.instruction, "  instruction: ", " " * 15) + "\n")
            if example.record:
                out.write(f"  record: {yaml_text(example.record)}\n")
            if example.response is not None:
                out.write(_indented(example.response, "  - ", "    ") + "\n")
            if example.explanation:
                out.write(_indented(example.explanation, "    why: ", " " * 9) + "\n")
    return 0


def run_test(args: argparse.Namespace) -> int:
    from guidelint.guideline import load_guideline
    from guidelint.run.rule_examples import run_examples

    failures = 0
    total = 0
    inherited = 0
    out = sys.stdout
    names = args.guidelines or [guideline_named(argparse.Namespace(guideline=None))]
    for name in names:
        guideline = load_guideline(name)
        for result in run_examples(guideline):
            total += 1
            if result.passed:
                if not args.quiet:
                    out.write(f"ok    {result.rule} {result.kind} #{result.index}\n")
                continue
            failures += 1
            if result.error:
                why = f"could not build the example record: {result.error}"
            elif result.kind == "bad":
                why = "bad example was not flagged"
            else:
                why = "good example was flagged: " + "; ".join(v.message for v in result.violations)
            out.write(f"FAIL  {result.rule} {result.kind} #{result.index}: {why}\n")
            out.write(f"      example: {result.describe()}\n")
            origin = guideline.rule(result.rule).example_written_at(result.kind, result.index)
            if origin:
                inherited += 1
                out.write(f"      (inherited: written at {origin})\n")
    out.write(f"\n{total - failures} passed, {failures} failed\n")
    if inherited:
        out.write(
            f"{inherited} of the failing examples belong to rules an override changed and "
            "were written for the rule it overrides: give the override `examples:` of its "
            "own (they replace the inherited ones)\n"
        )
    return 1 if failures else 0


def _class_map(specs: list[str]) -> dict[str, list[str]]:
    from guidelint.errors import UsageError

    mapping: dict[str, list[str]] = {}
    for spec in specs:
        name, sep, rules = spec.partition("=")
        ids = [rule.strip() for rule in rules.split(",") if rule.strip()]
        if not sep or not name.strip() or not ids:
            raise UsageError(
                f"--class {spec!r} is not NAME=RULE[,RULE]",
                hint="for example --class ai_identity=ai-identity-disclaimer,knowledge-cutoff",
            )
        mapping.setdefault(name.strip(), []).extend(ids)
    return mapping


def run_eval(args: argparse.Namespace) -> int:
    import json

    from guidelint.errors import UsageError
    from guidelint.evaluation import evaluate, format_table, read_labelled
    from guidelint.guideline import load_guideline
    from guidelint.run.check import merge_fields
    from guidelint.run.config import discover

    guideline = load_guideline(args.guideline)
    class_map = _class_map(args.classes)
    # (the fields of the project configuration, as `check` reads the same file)
    fields = merge_fields(guideline.fields, discover([args.labels]).values.fields)
    labelled, errors = read_labelled(
        args.labels, guideline, input_format=args.input_format, fields=fields
    )
    for error in errors:
        sys.stderr.write(f"{args.labels}:{error.line}: {error.message} (record skipped)\n")
    result = evaluate(guideline, labelled, class_map, split=args.split)
    result.skipped = len(errors)
    if not result.records:
        splits = sorted({item.split for item in labelled if item.split is not None})
        if labelled and args.split is not None:
            raise UsageError(
                f"no labelled record has split '{args.split}'",
                location=args.labels,
                hint=f"the file's splits: {', '.join(splits)}" if splits else "leave out --split",
            )
        raise UsageError(
            "no labelled record to score"
            + (f": every record was skipped ({len(errors)}, said above)" if errors else ""),
            location=args.labels,
            hint="map the file's fields in guidelint.yaml (`fields:`) or the guideline, as for "
            "`guidelint check`",
        )
    if args.format == "json":
        sys.stdout.write(json.dumps(result.as_dict(), indent=2) + "\n")
    else:
        sys.stdout.write(format_table(result, show_ids=max(args.show_ids, 0)))
    return 0
