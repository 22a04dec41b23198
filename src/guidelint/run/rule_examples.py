"""Run a guideline's own examples: each bad example must be flagged by its rule, each
good example must not be. This keeps a guideline honest (``guidelint rules test``).

An example is a text (for the roles the rule applies to: the response by default, the
instruction for instruction rules) or a small record: ``response``, ``instruction``,
and ``record`` (other fields for ``when`` conditions, or a whole record in any
supported schema for record-level checks such as preference pairs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from guidelint.engine import Linter, Selection
from guidelint.errors import RecordError
from guidelint.guideline import Guideline, Rule
from guidelint.guideline.schema import Example
from guidelint.model import Record, Violation
from guidelint.readers.base import RawRecord


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    kind: str  # "good" or "bad"
    index: int
    example: Example
    violations: tuple[Violation, ...]
    error: str | None = None

    @property
    def passed(self) -> bool:
        if self.error is not None:
            return False
        return bool(self.violations) if self.kind == "bad" else not self.violations

    def describe(self) -> str:
        text = self.example.response or self.example.instruction or str(self.example.record)
        short = text.replace("\n", " ")
        return short if len(short) <= 70 else short[:69] + "…"


def example_record(rule: Rule, example: Example, guideline: Guideline) -> Record:
    """The record an example stands for."""
    fields = guideline.fields
    data: dict[str, Any] = dict(example.record or {})
    instruction_only = set(rule.applies_to) <= {"instruction", "user"}
    if example.response is not None:
        if instruction_only and example.instruction is None:
            data[fields.instruction] = example.response
            data.setdefault(fields.response, "")
        else:
            data[fields.response] = example.response
    if example.instruction is not None:
        data[fields.instruction] = example.instruction
        if example.response is None and (example.record is None or instruction_only):
            data.setdefault(fields.response, "")  # an instruction-only example
    if not data:
        data = {fields.response: ""}
    raw = RawRecord(path=f"<example {rule.id}>", line=1, index=0, data=data)
    from guidelint.readers.base import ReadStats
    from guidelint.readers.detect import PLAIN, convert, detect_schema

    schema = PLAIN if fields.response in data else (detect_schema(data, fields) or PLAIN)
    for item in convert(schema, raw, fields, ReadStats()):
        if isinstance(item, RecordError):
            raise item
        return item
    raise RecordError("the example holds no record to check", line=1)


def run_examples(guideline: Guideline) -> list[ExampleResult]:
    """The outcome of every example of every rule, in guideline order."""
    results: list[ExampleResult] = []
    for rule in guideline.rules:
        linter = Linter(guideline, selection=Selection(select=frozenset({rule.id})))
        for kind, examples in (("bad", rule.examples.bad), ("good", rule.examples.good)):
            for index, example in enumerate(examples, start=1):
                try:
                    record = example_record(rule, example, guideline)
                except RecordError as exc:
                    results.append(ExampleResult(rule.id, kind, index, example, (), exc.message))
                    continue
                found = tuple(v for v in linter.check_record(record) if v.rule == rule.id)
                results.append(ExampleResult(rule.id, kind, index, example, found))
    return results
