"""SARIF 2.1.0: valid against the official OASIS schema, with honest coordinates."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from reporter_cases import (
    ROOT,
    official_sarif_schema,
    render,
    sample_violations,
    summary_of,
    violation,
)

from guidelint.model import Fix, Severity
from guidelint.reporters.sarif import artifact_uri


def sarif(violations: Any = None, **changes: Any) -> dict[str, Any]:
    found = sample_violations() if violations is None else violations
    log: dict[str, Any] = json.loads(render("sarif", found, **changes))
    return log


def validator() -> jsonschema.protocols.Validator:
    schema = official_sarif_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def errors(log: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(log)]


def variety(tmp_path: Path) -> dict[str, dict[str, Any]]:
    """Logs that exercise every shape of result the reporter writes."""
    outside = tmp_path.parent / "elsewhere.jsonl"
    return {
        "sample": sarif(),
        "empty": sarif([]),
        "no file": sarif([violation(path=""), violation(path="-")]),
        "outside root": sarif([violation(path=str(outside))], root=str(tmp_path)),
        "severities": sarif(
            [violation(severity=s, fix=Fix(0, 1, "x"), annotator="a1") for s in Severity],
            guideline_path="rules/customer-support.yaml",
        ),
        "no rules": sarif(rules={}),
    }


@pytest.mark.parametrize(
    "name", ["sample", "empty", "no file", "outside root", "severities", "no rules"]
)
def test_valid_against_the_official_schema(name: str, tmp_path: Path) -> None:
    assert errors(variety(tmp_path)[name]) == []


def test_the_schema_rejects_what_sarif_forbids() -> None:
    # The validation is not vacuous: "info" is not a SARIF level, columns start at 1.
    log = sarif()
    bad = copy.deepcopy(log)
    bad["runs"][0]["results"][0]["level"] = "info"
    assert errors(bad)
    bad = copy.deepcopy(log)
    bad["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    assert errors(bad)


def test_log_structure() -> None:
    log = sarif()
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("/sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "guidelint"
    assert driver["version"] == "9.9.9"
    assert driver["informationUri"].startswith("https://")
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == ROOT.as_uri() + "/"
    assert run["properties"]["guideline"] == {"name": "customer-support", "version": "1.0"}
    assert run["properties"]["summary"]["violations"] == 4


def test_rules_come_from_the_guideline_then_from_violations() -> None:
    rules = sarif()["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "no-apology",
        "response-length",
        "unused-rule",
        "invalid-record",
    ]
    apology = rules[0]
    assert apology["shortDescription"] == {"text": "Responses do not apologise."}
    assert apology["fullDescription"]["text"].endswith("Apologies read as insincere.")
    assert apology["defaultConfiguration"] == {"level": "error"}
    assert apology["properties"] == {"check": "phrase", "tags": ["tone", "style"]}
    assert rules[1]["defaultConfiguration"] == {"level": "warning"}
    assert rules[2]["defaultConfiguration"] == {"level": "note"}
    assert "fullDescription" not in rules[2]
    assert rules[2]["shortDescription"]["text"] == "unused-rule (pattern check)"
    # Not in the guideline: described from the violation itself.
    assert rules[3]["shortDescription"]["text"] == "invalid-record"
    assert rules[3]["defaultConfiguration"] == {"level": "error"}


def test_short_description_is_the_first_sentence_of_a_wrapped_description() -> None:
    rules = {"no-apology": {"description": "Do not apologise for\nthings. Ever.\n"}}
    descriptor = sarif([violation()], rules=rules)["runs"][0]["tool"]["driver"]["rules"][0]
    assert descriptor["shortDescription"]["text"] == "Do not apologise for things."


def test_help_uri_when_given() -> None:
    rules = {"no-apology": {"description": "x", "help_uri": "https://example.org/rules#a"}}
    descriptor = sarif([violation()], rules=rules)["runs"][0]["tool"]["driver"]["rules"][0]
    assert descriptor["helpUri"] == "https://example.org/rules#a"


def test_results_point_at_their_rule() -> None:
    run = sarif()["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    assert [r["level"] for r in run["results"]] == ["error", "warning", "error", "note"]


def test_field_violation_has_a_whole_line_region_and_the_field_place() -> None:
    res = sarif()["runs"][0]["results"][0]
    physical = res["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "data/train.jsonl", "uriBaseId": "%SRCROOT%"}
    # Column 41 is inside the field's decoded text, not a column of the file's line.
    assert physical["region"] == {"startLine": 3}
    props = res["properties"]
    assert props["field"] == "response"
    assert props["fieldColumn"] == 41
    assert props["span"] == [40, 49]
    assert props["recordKey"] == "sup-003"
    assert props["itemId"] == "sup-003"
    assert res["message"]["text"] == 'apology phrase "I\'m sorry" (response, column 41)'


def test_file_level_violation_has_a_start_column() -> None:
    res = sarif()["runs"][0]["results"][2]
    physical = res["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "data/eval%20set.jsonl"
    assert physical["region"] == {"startLine": 2, "startColumn": 17}
    assert "fieldColumn" not in res["properties"]


def test_no_line_no_region_and_no_file_no_location() -> None:
    results = sarif()["runs"][0]["results"]
    assert "region" not in results[3]["locations"][0]["physicalLocation"]
    log = sarif([violation(path=""), violation(path="-")])
    assert [("locations" in r) for r in log["runs"][0]["results"]] == [False, False]
    assert log["runs"][0]["results"][1]["properties"]["path"] == "-"


def test_fix_goes_to_properties_never_to_sarif_fixes() -> None:
    res = sarif()["runs"][0]["results"][0]
    assert "fixes" not in res
    assert res["properties"]["fix"] == {
        "start": 40,
        "end": 49,
        "replacement": "Thank you",
        "safe": False,
    }


def test_uri_encoding() -> None:
    assert artifact_uri("data/eval set 100%.jsonl") == "data/eval%20set%20100%25.jsonl"
    assert artifact_uri("a:b.jsonl") == "a%3Ab.jsonl"
    assert artifact_uri("données/é.jsonl") == "donn%C3%A9es/%C3%A9.jsonl"


def test_paths_relative_to_the_root(tmp_path: Path) -> None:
    inside = tmp_path / "sub" / "a b.jsonl"
    outside = tmp_path.parent / "elsewhere.jsonl"
    log = sarif([violation(path=str(inside)), violation(path=str(outside))], root=str(tmp_path))
    first, second = (r["locations"][0]["physicalLocation"] for r in log["runs"][0]["results"])
    assert first["artifactLocation"] == {"uri": "sub/a%20b.jsonl", "uriBaseId": "%SRCROOT%"}
    assert second["artifactLocation"] == {"uri": outside.as_uri()}


def test_fingerprint_is_stable_across_lines_and_differs_per_match() -> None:
    def fingerprint(**changes: Any) -> str:
        result = sarif([violation(**changes)])["runs"][0]["results"][0]
        value: str = result["partialFingerprints"]["guidelint/v1"]
        return value

    assert fingerprint(line=3) == fingerprint(line=30)
    assert fingerprint(span=(1, 2)) != fingerprint(span=(3, 4))
    assert "partialFingerprints" not in sarif([violation(record_key=None)])["runs"][0]["results"][0]


def test_the_summarys_notes_are_tool_notifications() -> None:
    found = sample_violations()
    summary = summary_of(found)
    summary.read_stats.note("more violations not shown (--max-violations 1)", 3)
    log = json.loads(render("sarif", found[:1], summary))
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["toolExecutionNotifications"] == [
        {"level": "note", "message": {"text": "3 more violations not shown (--max-violations 1)"}}
    ]
    assert errors(log) == []
    assert "toolExecutionNotifications" not in sarif()["runs"][0]["invocations"][0]
