"""Every format on the real violations of ``guidelint check examples/support.jsonl``."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import jsonschema
import pytest
from reporter_cases import (
    example_report,
    official_sarif_schema,
    render,
    violation_from_dict,
)

from guidelint.model import Severity, Violation
from guidelint.reporters import REPORTERS, reporter_class
from guidelint.reporters.json import violation_dict
from guidelint.summary import Summary


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return example_report()


@pytest.fixture(scope="module")
def example(report: dict[str, Any]) -> tuple[list[Violation], Summary]:
    violations = [violation_from_dict(v) for v in report["violations"]]
    assert violations, "the example dataset is meant to have violations"
    counts = report["summary"]
    summary = Summary(files=counts["files"], records=counts["records"])
    for v in violations:
        summary.add_violation(v)
    return violations, summary


def test_registry_names_match_the_reporters() -> None:
    for name in ("sarif", "junit", "github", "json-lines", "markdown"):
        assert name in REPORTERS
        assert reporter_class(name).name == name


def test_json_round_trip(example: tuple[list[Violation], Summary], report: dict[str, Any]) -> None:
    violations, _ = example
    assert [violation_dict(v) for v in violations] == report["violations"]


def test_sarif(example: tuple[list[Violation], Summary]) -> None:
    violations, summary = example
    log: dict[str, Any] = json.loads(render("sarif", violations, summary))
    results = log["runs"][0]["results"]
    assert len(results) == len(violations)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"examples/support.jsonl"}
    assert all(r["properties"]["field"] for r in results if r["ruleId"] != "rate-exceeded")


def test_sarif_against_the_official_schema(example: tuple[list[Violation], Summary]) -> None:
    violations, summary = example
    log: dict[str, Any] = json.loads(render("sarif", violations, summary))
    schema = official_sarif_schema()
    cls = jsonschema.validators.validator_for(schema)
    problems = [e.message for e in cls(schema).iter_errors(log)]
    assert problems == []


def test_junit(example: tuple[list[Violation], Summary]) -> None:
    violations, summary = example
    root = ET.fromstring(render("junit", violations, summary, paths=["examples/support.jsonl"]))
    errors = sum(v.severity is Severity.ERROR for v in violations)
    assert (root.get("tests"), root.get("failures")) == (str(len(violations)), str(errors))
    assert [s.get("name") for s in root.findall("testsuite")] == ["examples/support.jsonl"]


def test_github(example: tuple[list[Violation], Summary]) -> None:
    violations, summary = example
    lines = render("github", violations, summary).splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(violations)
    assert all("file=examples/support.jsonl" in c for c in commands)


def test_json_lines(example: tuple[list[Violation], Summary], report: dict[str, Any]) -> None:
    violations, summary = example
    lines = render("json-lines", violations, summary).splitlines()
    assert [json.loads(line) for line in lines[:-1]] == report["violations"]
    assert json.loads(lines[-1])["summary"]["violations"] == len(violations)


def test_markdown(example: tuple[list[Violation], Summary]) -> None:
    violations, summary = example
    text = render("markdown", violations, summary)
    errors = summary.by_severity.get("error", 0)
    assert text.startswith(f"## {'❌' if errors else '✅'} guidelint: {errors} error")
    rows = [line for line in text.splitlines() if line.startswith("| `examples/support.jsonl:")]
    assert len(rows) == min(len(violations), 50)
