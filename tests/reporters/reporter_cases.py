"""Shared by the reporter tests: hand-made violations, a summary, and a render helper.

(Not named ``conftest``: ``tests/conftest.py`` is imported by name from other tests.)
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from guidelint.checks.base import ReportSection
from guidelint.model import Fix, Severity, Violation
from guidelint.reporters import ReportContext, reporter_class
from guidelint.summary import Summary

ROOT = Path(__file__).resolve().parents[2]

#: The PyPI package whose wheel ships the official OASIS schema, byte for byte.
SCHEMA_PACKAGE = "linceo"
SCHEMA_FILE = "linceo/data/sarif-schema-2.1.0.json"
#: sha256 of sarif-2.1/schema/sarif-schema-2.1.0.json in github.com/oasis-tcs/sarif-spec
#: (SARIF 2.1.0 with Errata 01, $id .../v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json).
OFFICIAL_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

RULES = {
    "no-apology": {
        "description": "Responses do not apologise. Apologies read as insincere.",
        "severity": "error",
        "check": "phrase",
        "tags": "tone, style",
    },
    "response-length": {
        "description": "Responses stay between 50 and 300 words.",
        "severity": "warning",
        "check": "length",
    },
    "unused-rule": {"description": "", "severity": "info", "check": "pattern"},
}


def violation(**changes: Any) -> Violation:
    """A violation inside a response field; keyword arguments replace its values."""
    values: dict[str, Any] = {
        "path": "data/train.jsonl",
        "line": 3,
        "column": 41,
        "field": "response",
        "span": (40, 49),
        "rule": "no-apology",
        "check": "phrase",
        "severity": Severity.ERROR,
        "message": 'apology phrase "I\'m sorry"',
        "role": "response",
        "item_id": "sup-003",
        "record_key": "sup-003",
        "excerpt": ("Thanks. ", "I'm sorry", " for the wait."),
        "reason": "Responses do not apologise.",
    }
    values.update(changes)
    return Violation(**values)


def sample_violations() -> list[Violation]:
    return [
        violation(fix=Fix(40, 49, "Thank you", safe=False)),
        violation(
            line=7,
            column=1,
            span=(0, 0),
            rule="response-length",
            check="length",
            severity=Severity.WARNING,
            message="412 words, more than 300",
            item_id="sup-007",
            record_key="sup-007",
            excerpt=None,
        ),
        violation(
            path="data/eval set.jsonl",
            line=2,
            column=17,
            field="",
            span=(0, 0),
            rule="invalid-record",
            check="invalid-record",
            message="line 2 is not valid JSON: Expecting ',' delimiter",
            role=None,
            item_id=None,
            record_key=None,
            excerpt=None,
            reason=None,
        ),
        violation(
            path="data/train.jsonl",
            line=0,
            column=0,
            field="",
            span=(0, 0),
            rule="response-length",
            check="length",
            severity=Severity.INFO,
            message="3% of records break the rule (limit 2%)",
            role=None,
            item_id=None,
            record_key=None,
            excerpt=None,
        ),
    ]


def summary_of(violations: Iterable[Violation], *, records: int = 10, files: int = 2) -> Summary:
    summary = Summary(files=files, records=records)
    for v in violations:
        summary.add_violation(v)
    return summary


def sample_section() -> ReportSection:
    return ReportSection(
        title="Edit sizes by annotator",
        columns=("annotator", "records", "share"),
        rows=(
            {"annotator": "ann|1", "records": 4, "share": 0.25},
            {"annotator": "b", "records": 2},
        ),
        notes=("Shares are of edited records.",),
    )


def context(**changes: Any) -> ReportContext:
    values: dict[str, Any] = {
        "guideline": "customer-support",
        "version": "1.0",
        "fail_on": "error",
        "rules": RULES,
        "tool_version": "9.9.9",
        "root": str(ROOT),
    }
    values.update(changes)
    return ReportContext(**values)


def render(
    name: str,
    violations: Iterable[Violation],
    summary: Summary | None = None,
    *,
    quiet: bool = False,
    **changes: Any,
) -> str:
    """The report ``name`` writes for ``violations`` (a summary is made if not given)."""
    violations = list(violations)
    stream = io.StringIO()
    reporter = reporter_class(name)(stream, quiet=quiet)
    reporter.start(context(**changes))
    for v in violations:
        reporter.violation(v)
    reporter.finish(summary if summary is not None else summary_of(violations))
    return stream.getvalue()


SCHEMA_WHEEL_VERSION = "0.11.0"
_SCHEMA_CACHE = Path.home() / ".cache" / "guidelint-tests" / "sarif-schema-2.1.0.json"


def _schema_bytes() -> bytes | None:
    """The schema file: from an installed linceo, a cached copy, or linceo's wheel.

    linceo's own dependencies would replace spaCy's `typer`, so it is never installed
    as a package here: the test fetches only its wheel (no dependencies) from the
    package registry, reads the one schema file out of it, and caches it.
    """
    try:
        dist = importlib.metadata.distribution(SCHEMA_PACKAGE)
        return Path(str(dist.locate_file(SCHEMA_FILE))).read_bytes()
    except (importlib.metadata.PackageNotFoundError, OSError):
        pass
    if _SCHEMA_CACHE.is_file():
        return _SCHEMA_CACHE.read_bytes()
    import tempfile
    import zipfile

    with tempfile.TemporaryDirectory() as tmp:
        spec = f"{SCHEMA_PACKAGE}=={SCHEMA_WHEEL_VERSION}"
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q"]
        done = subprocess.run([*cmd, "-d", tmp, spec], capture_output=True, timeout=300)
        wheels = list(Path(tmp).glob("*.whl"))
        if done.returncode != 0 or not wheels:
            return None
        with zipfile.ZipFile(wheels[0]) as wheel:
            data = wheel.read(SCHEMA_FILE)
    _SCHEMA_CACHE.parent.mkdir(parents=True, exist_ok=True)
    _SCHEMA_CACHE.write_bytes(data)
    return data


def official_sarif_schema() -> dict[str, Any]:
    """The official SARIF 2.1.0 schema (OASIS), verified by its sha256 (or skip)."""
    data = _schema_bytes()
    if data is None:
        pytest.skip(
            f"the official SARIF 2.1.0 schema comes from the '{SCHEMA_PACKAGE}' wheel "
            f"({SCHEMA_FILE}) and the package registry could not be reached"
        )
    assert hashlib.sha256(data).hexdigest() == OFFICIAL_SHA256, (
        f"{SCHEMA_FILE} is not the official OASIS SARIF 2.1.0 schema"
    )
    schema: dict[str, Any] = json.loads(data)
    return schema


def violation_from_dict(data: dict[str, Any]) -> Violation:
    """A violation back from the JSON report's violation object."""
    fix = data.get("fix")
    return Violation(
        path=data["path"],
        line=data["line"],
        column=data["column"],
        field=data["field"],
        span=(data["span"][0], data["span"][1]),
        rule=data["rule"],
        check=data["check"],
        severity=Severity(data["severity"]),
        message=data["message"],
        fix=Fix(**fix) if fix else None,
        role=data["role"],
        item_id=data["item_id"],
        annotator=data["annotator"],
        record_key=data["record_key"],
    )


def example_report() -> dict[str, Any]:
    """``guidelint check examples/support.jsonl --format json``, decoded."""
    process = subprocess.run(
        [sys.executable, "-m", "guidelint", "check", "examples/support.jsonl", "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert process.returncode in (0, 1), process.stderr
    assert process.stdout.lstrip().startswith("{"), process.stdout[:500] + process.stderr
    report: dict[str, Any] = json.loads(process.stdout)
    return report
