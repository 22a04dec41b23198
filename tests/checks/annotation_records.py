"""Helpers for the tests of record- and dataset-level annotation checks.

Build records from texts, violations that text rules would have found on them, and
run one check the way the engine does (``check_record`` with ``found``; ``observe``
then ``finish``/``report``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from guidelint.checks import Check, Finding, check_class
from guidelint.model import Record, Severity, Text, Violation


def make_check(name: str, options: Mapping[str, Any] | None = None) -> Check:
    cls = check_class(name)
    return cls(cls.Options.model_validate(dict(options or {})), rule_id="test-rule")


def text(role: str, value: str, field: str | None = None, **more: Any) -> Text:
    return Text(role=role, text=value, field=field or role, **more)


def record(
    *texts: Text,
    data: Mapping[str, Any] | None = None,
    annotator: str | None = None,
    meta: dict[str, Any] | None = None,
    path: str = "data.jsonl",
    line: int = 1,
) -> Record:
    return Record(
        path=path,
        line=line,
        index=line - 1,
        data=dict(data or {}),
        texts=list(texts),
        annotator=annotator,
        meta=dict(meta or {}),
    )


def broken(
    on: Text,
    rule: str = "refusal-boilerplate",
    *,
    severity: Severity = Severity.ERROR,
    check: str = "phrase",
    span: tuple[int, int] = (0, 1),
) -> Violation:
    """A violation a text rule found on ``on``."""
    return Violation(
        path="data.jsonl",
        line=1,
        column=span[0] + 1,
        field=on.field,
        span=span,
        rule=rule,
        check=check,
        severity=severity,
        message=f"{rule} broken",
        role=on.role,
    )


def run_record(
    name: str,
    options: Mapping[str, Any] | None,
    rec: Record,
    found: Sequence[Violation] = (),
) -> list[Finding]:
    return list(make_check(name, options).check_record(rec, found))


def observe_all(
    check: Check, records: Iterable[Record | tuple[Record, Sequence[Violation]]]
) -> Check:
    """Feed records (each alone or with its violations) to ``check``; return it."""
    for item in records:
        rec, found = item if isinstance(item, tuple) else (item, ())
        check.observe(rec, found)
    return check
