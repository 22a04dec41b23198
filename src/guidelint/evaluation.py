"""Rule quality: score a guideline's rules against hand-labelled records.

A labels file is a dataset that ``guidelint check`` can read (JSON Lines, JSON, CSV, in
any schema it detects), whose records carry one extra key, ``expected``: the list of
classes (or rule ids) that a reader found in the record. ``[]`` says the record is
clean. An optional ``split`` key (``tuning`` or ``heldout``) lets a report score only
the held-out part::

    {"id": "q1", "instruction": "Do you sell gift cards?",
     "response": "As an AI, I can't shop. Yes, in any store.",
     "expected": ["ai_identity", "refusal"], "split": "heldout"}

A class names what a reader decides (``ai_identity``); the rules that should find it
are given by a class map (``{"ai_identity": ["ai-identity-disclaimer",
"knowledge-cutoff"]}``). A class with no entry in the map stands for the rule of the
same id. A record counts as predicted positive for a class when any of its rules
reports a violation in the record: one finding per record counts, however many.

Scores are precision, recall and F1 with 95% Wilson score intervals (Wilson 1927;
the interval recommended by Brown, Cai and DasGupta 2001 for small counts), and the
ids of false positives and false negatives so a reviewer can read them.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidelint.errors import InputError, RecordError, UsageError
from guidelint.fields import FieldMapping
from guidelint.guideline import Guideline
from guidelint.model import Record

__all__ = [
    "ClassScore",
    "Evaluation",
    "LabelledRecord",
    "evaluate",
    "read_labelled",
    "wilson_interval",
]

EXPECTED_KEY = "expected"
SPLIT_KEY = "split"


def wilson_interval(successes: int, total: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% by default); (0, 1) when empty."""
    if total <= 0:
        return (0.0, 1.0)
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class LabelledRecord:
    """A record as read, with the classes a reader found in it."""

    id: str
    record: Record
    expected: frozenset[str]
    split: str | None = None


@dataclass
class ClassScore:
    """Confusion counts of one class (or one rule) over the labelled records."""

    name: str
    rules: tuple[str, ...]
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    def add(self, record_id: str, expected: bool, predicted: bool) -> None:
        if expected and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
            self.false_positives.append(record_id)
        elif expected:
            self.fn += 1
            self.false_negatives.append(record_id)
        else:
            self.tn += 1

    @property
    def positives(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        flagged = self.tp + self.fp
        return self.tp / flagged if flagged else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.positives if self.positives else None

    @property
    def f1(self) -> float | None:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None

    @property
    def precision_interval(self) -> tuple[float, float]:
        return wilson_interval(self.tp, self.tp + self.fp)

    @property
    def recall_interval(self) -> tuple[float, float]:
        return wilson_interval(self.tp, self.positives)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "rules": list(self.rules),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": self.precision,
            "precision_interval": list(self.precision_interval),
            "recall": self.recall,
            "recall_interval": list(self.recall_interval),
            "f1": self.f1,
            "false_positives": list(self.false_positives),
            "false_negatives": list(self.false_negatives),
        }


@dataclass
class Evaluation:
    """Scores per class and per rule over the records of one split (or all)."""

    records: int
    classes: list[ClassScore]
    rules: list[ClassScore]
    split: str | None = None
    skipped: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "split": self.split,
            "skipped": self.skipped,
            "classes": [score.as_dict() for score in self.classes],
            "rules": [score.as_dict() for score in self.rules],
        }


def _expected(record: Record, where: str) -> tuple[frozenset[str], str | None]:
    data = record.data
    raw = data.get(EXPECTED_KEY) if isinstance(data, Mapping) else None
    if raw is None:
        raise InputError(
            f"the record has no '{EXPECTED_KEY}' key",
            location=where,
            hint=f"give every labelled record '{EXPECTED_KEY}': a list of the classes or rule "
            "ids a reader found in it ([] for a clean record)",
        )
    if isinstance(raw, str) and raw.strip().startswith("["):
        # a CSV or TSV cell holding the list as JSON text (else: said below, not a list)
        with contextlib.suppress(ValueError):
            raw = json.loads(raw)
    if isinstance(raw, str):
        raw = [part.strip() for part in raw.split(",") if part.strip()]
    if not isinstance(raw, list) or not all(isinstance(name, str) for name in raw):
        raise InputError(
            f"'{EXPECTED_KEY}' must be a list of class names or rule ids",
            location=where,
            hint='write it as ["ai_identity", "refusal"], or [] for a clean record',
        )
    split = data.get(SPLIT_KEY) if isinstance(data, Mapping) else None
    return frozenset(raw), (str(split) if split is not None else None)


def read_labelled(
    path: str | Path,
    guideline: Guideline,
    *,
    input_format: str | None = None,
    fields: FieldMapping | None = None,
) -> tuple[list[LabelledRecord], list[RecordError]]:
    """The labelled records of a file, read as ``check`` reads datasets (with ``fields``,
    else the guideline's)."""
    from guidelint.readers import read_records

    name = str(path)
    labelled: list[LabelledRecord] = []
    errors: list[RecordError] = []
    mapping = fields or guideline.fields
    for item in read_records(name, fields=mapping, input_format=input_format):
        if isinstance(item, RecordError):
            errors.append(item)
            continue
        where = f"{name}:{item.line}"
        expected, split = _expected(item, where)
        record_id = item.item_id or f"{name}:{item.line}"
        labelled.append(LabelledRecord(record_id, item, expected, split))
    return labelled, errors


def evaluate(
    guideline: Guideline,
    labelled: Iterable[LabelledRecord],
    class_map: Mapping[str, Sequence[str]] | None = None,
    *,
    split: str | None = None,
) -> Evaluation:
    """Score ``guideline`` on ``labelled`` records (only those of ``split`` if given).

    Every class that occurs in the labels or in ``class_map`` is scored, and every rule
    that a class maps to is scored on its own against that class.
    """
    from guidelint.engine import Linter

    everything = list(labelled)
    records = [item for item in everything if split is None or item.split == split]
    rule_ids = {rule.id for rule in guideline.rules}
    mapping: dict[str, tuple[str, ...]] = {
        name: tuple(rules) for name, rules in (class_map or {}).items()
    }
    for item in everything:  # a class is scored in every split, with positives or not
        for name in item.expected:
            mapping.setdefault(name, (name,))
    unknown = sorted({rule for rules in mapping.values() for rule in rules} - rule_ids)
    if unknown:
        close = difflib.get_close_matches(unknown[0], sorted(rule_ids), n=1)
        raise UsageError(
            f"no rule {', '.join(repr(r) for r in unknown)} in guideline '{guideline.name}'",
            hint=(f"did you mean '{close[0]}'? " if close else "")
            + "map each class to the rule ids that should find it (--class NAME=RULE[,RULE])",
        )
    scopes = {rule.id: rule.check_class.scope for rule in guideline.rules}
    whole = sorted({r for rules in mapping.values() for r in rules if scopes[r] == "dataset"})
    if whole:
        raise UsageError(
            f"{', '.join(repr(r) for r in whole)} {'looks' if len(whole) == 1 else 'look'} "
            "at the dataset as a whole (duplicates, length distribution): records scored "
            "one by one never have such a finding",
            hint="map the classes to rules that judge one record (--class NAME=RULE[,RULE])",
        )
    linter = Linter(guideline)
    classes = [ClassScore(name, rules) for name, rules in sorted(mapping.items())]
    per_rule: dict[tuple[str, str], ClassScore] = {}
    for score in classes:
        for rule in score.rules:
            per_rule[(score.name, rule)] = ClassScore(f"{rule} ({score.name})", (rule,))
    for item in records:
        fired = {violation.rule for violation in linter.check_record(item.record)}
        for score in classes:
            expected = score.name in item.expected
            score.add(item.id, expected, any(rule in fired for rule in score.rules))
            for rule in score.rules:
                per_rule[(score.name, rule)].add(item.id, expected, rule in fired)
    return Evaluation(len(records), classes, list(per_rule.values()), split)


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _interval(value: float | None, interval: tuple[float, float]) -> str:
    if value is None:
        return "-"
    return f"{value:.2f} [{interval[0]:.2f}, {interval[1]:.2f}]"


def format_table(evaluation: Evaluation, *, show_ids: int = 10) -> str:
    """The scores as a plain-text table, then the ids of the misses of each class."""
    header = (
        "class / rule",
        "pos",
        "tp",
        "fp",
        "fn",
        "precision [95% CI]",
        "recall [95% CI]",
        "F1",
    )
    rows: list[tuple[str, ...]] = []
    for title, scores in (("", evaluation.classes), ("  ", evaluation.rules)):
        for score in scores:
            rows.append(
                (
                    title + score.name,
                    str(score.positives),
                    str(score.tp),
                    str(score.fp),
                    str(score.fn),
                    _interval(score.precision, score.precision_interval),
                    _interval(score.recall, score.recall_interval),
                    _figure(score.f1),
                )
            )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        f"{evaluation.records} labelled records"
        + (f" (split: {evaluation.split})" if evaluation.split else "")
        + (
            f"; {evaluation.skipped} more not scored: unreadable, listed on standard error"
            if evaluation.skipped
            else ""
        ),
        "",
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(header)).rstrip(),
    ]
    lines.append("  ".join("-" * width for width in widths))
    for row in rows:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    if show_ids:
        for score in evaluation.classes:
            for kind, ids in (
                ("false positives", score.false_positives),
                ("false negatives", score.false_negatives),
            ):
                if not ids:
                    continue
                shown = ", ".join(ids[:show_ids])
                more = f" (and {len(ids) - show_ids} more)" if len(ids) > show_ids else ""
                lines.append(f"\n{score.name} {kind}: {shown}{more}")
    return "\n".join(lines) + "\n"
