"""JUnit XML: parses, one suite per file, failures at or above --fail-on."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from reporter_cases import context, render, sample_violations, summary_of, violation

from clirun import run
from guidelint.model import Severity, Violation
from guidelint.reporters.junit import NOT_SHOWN, JunitReporter, case_name, classname, xml_text


def junit(found: list[Violation] | None = None, **changes: Any) -> ET.Element:
    violations = sample_violations() if found is None else found
    text = render("junit", violations, **changes)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text)


def counts(element: ET.Element) -> tuple[int, int]:
    return int(element.get("tests", "-1")), int(element.get("failures", "-1"))


def test_suites_per_file_and_counts() -> None:
    root = junit()
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["data/train.jsonl", "data/eval set.jsonl"]
    # fail on error: the two errors fail, the warning and the info pass.
    assert counts(suites["data/train.jsonl"]) == (3, 1)
    assert counts(suites["data/eval set.jsonl"]) == (1, 1)
    assert counts(root) == (4, 2)
    cases = root.findall(".//testcase")
    assert len(cases) == 4
    assert sum(1 for c in cases if c.find("failure") is not None) == 2


@pytest.mark.parametrize(("fail_on", "failures"), [("error", 2), ("warning", 3), ("info", 4)])
def test_failures_follow_fail_on(fail_on: str, failures: int) -> None:
    assert counts(junit(fail_on=fail_on)) == (4, failures)


def test_failure_has_message_type_and_location() -> None:
    case = junit().findall(".//testcase")[0]
    assert case.get("name") == "no-apology @ sup-003 response"
    assert case.get("classname") == "data/train"
    assert case.get("file") == "data/train.jsonl"
    assert case.get("line") == "3"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == 'apology phrase "I\'m sorry"'
    assert failure.get("type") == "error no-apology"
    body = failure.text or ""
    assert body.startswith("data/train.jsonl:3 response, column 41: error no-apology")
    assert "record: sup-003" in body
    assert "excerpt: Thanks. »I'm sorry« for the wait." in body
    assert "fix: replace [40:49] with 'Thank you'" in body


def test_below_fail_on_passes_with_system_out() -> None:
    case = junit().findall(".//testcase")[1]
    assert case.find("failure") is None
    out = case.find("system-out")
    assert out is not None and "warning response-length 412 words" in (out.text or "")


def test_files_without_violations_and_empty_runs_still_have_a_test() -> None:
    root = junit([violation()], paths=["data/train.jsonl", "data/clean.jsonl"])
    clean = root.find("testsuite[@name='data/clean.jsonl']")
    assert clean is not None and counts(clean) == (1, 0)
    case = clean.find("testcase")
    assert case is not None and case.get("name") == "no violations"
    empty = junit([])
    assert counts(empty) == (1, 0)
    assert empty.find("testsuite/testcase[@name='guidelint']") is not None


def test_dataset_level_findings_have_their_own_suite() -> None:
    root = junit([violation(path="", line=0, field="", item_id=None)])
    assert root.find("testsuite[@name='(dataset)']") is not None


NASTY = 'nul\x00 bell\x07 esc\x1b vt\x0b ff\x0c surrogate\ud800 nonchar\ufffe <&> "q" ]]> tab\t end'


def test_control_characters_and_markup_are_escaped() -> None:
    root = junit([violation(message=NASTY, field=NASTY, item_id="i<1>", rule="r&d")])
    failure = root.find(".//failure")
    assert failure is not None
    message = failure.get("message") or ""
    assert message == (
        "nul\\x00 bell\\x07 esc\\x1b vt\\x0b ff\\x0c surrogate\\ud800 nonchar\\ufffe"
        ' <&> "q" ]]> tab\t end'
    )
    case = root.find(".//testcase")
    assert case is not None and (case.get("name") or "").startswith("r&d @ i<1> nul\\x00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ok", "ok"),
        ("\x00", "\\x00"),
        ("\x1f", "\\x1f"),
        ("\t\n\r", "\t\n\r"),
        ("\uffff", "\\uffff"),
    ],
)
def test_xml_text(text: str, expected: str) -> None:
    assert xml_text(text) == expected


def test_names() -> None:
    assert case_name(violation(item_id=None)) == "no-apology @ line 3 response"
    assert case_name(violation(item_id=None, line=0, field="")) == "no-apology"
    assert classname("a/b.c/d.jsonl") == "a/b.c/d"
    assert classname("") == "(dataset)"


def test_severity_below_threshold_counts_as_passing() -> None:
    root = junit([violation(severity=Severity.INFO)])
    assert counts(root) == (1, 0)


def test_violations_not_shown_still_count_and_fail_the_report() -> None:
    shown = violation(severity=Severity.WARNING)
    hidden = [violation(line=5), violation(line=6), violation(line=7, severity=Severity.INFO)]
    stream = io.StringIO()
    reporter = JunitReporter(stream)
    reporter.start(context(paths=["data/train.jsonl"]))
    reporter.violation(shown)
    for v in hidden:
        reporter.counted(v)
    summary = summary_of([shown, *hidden])
    summary.read_stats.note("more violations not shown (--max-violations 1)", 3)
    reporter.finish(summary)
    root = ET.fromstring(stream.getvalue())
    assert counts(root) == (4, 2)  # every violation, shown or not; the two errors fail
    suite = root.find("testsuite[@name='data/train.jsonl']")
    assert suite is not None and counts(suite) == (4, 2)
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties == {"guidelint.not_shown": "3", "guidelint.not_shown_failures": "2"}
    case = suite.find(f"testcase[@name='{NOT_SHOWN}']")
    assert case is not None and case.get("file") == "data/train.jsonl"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "3 violations not shown, 2 at or above --fail-on error"
    assert "Note: 3 more violations not shown (--max-violations 1)" in (failure.text or "")
    assert [c.get("name") for c in suite.findall("testcase")][-1] == NOT_SHOWN


def test_violations_not_shown_below_fail_on_pass() -> None:
    stream = io.StringIO()
    reporter = JunitReporter(stream)
    reporter.start(context(paths=["data/train.jsonl"]))
    reporter.counted(violation(severity=Severity.INFO))
    reporter.finish(summary_of([]))
    suite = ET.fromstring(stream.getvalue()).find("testsuite")
    assert suite is not None and counts(suite) == (1, 0)
    (case,) = suite.findall("testcase")  # (not "no violations": there is one)
    assert case.get("name") == NOT_SHOWN and case.find("failure") is None


def test_a_capped_failing_run_is_a_failing_report(tmp_path: Path) -> None:
    (tmp_path / "jv.jsonl").write_text(
        '{"instruction": "Can I use Nimbus on Linux?", "response": "Yes."}\n'
        '{"instruction": "Do you offer a student discount?", "response": "As an AI language '
        "model, I cannot say whether there is a discount for students on any of the paid "
        'plans this year, but you can ask the billing team through the Help Center."}\n',
        encoding="utf-8",
    )
    args = ("check", "jv.jsonl", "--no-config", "--format", "junit", "--max-violations")
    result = run(*args, "1", cwd=tmp_path)
    assert result.returncode == 1
    root = ET.fromstring(result.stdout)
    assert counts(root) == (4, 2)  # 2 errors, 1 warning, 1 info
    failures = root.findall(".//failure")
    # the error shown (the most severe first, not the warning of line 1), then the rest
    assert [f.get("type") for f in failures] == ["error ai-identity-disclaimer", "not shown"]
    result = run(*args, "0", cwd=tmp_path)
    assert counts(ET.fromstring(result.stdout)) == (4, 2)
