"""Every streaming writer writes what a straightforward serialisation of the same
violations writes, byte for byte: the JSON document through ``json.dumps``, SARIF
results through :func:`result`, JUnit testcases through ElementTree, JSON Lines and
GitHub commands one ``json.dumps`` / :func:`command` per violation.

The violations mix odd text (quotes, backslashes, every control character, U+0085,
U+2028, non-BMP characters, lone surrogates, XML and workflow-command specials), every
optional part (no file, standard input, an absolute path, a URL, no line, a locator, a
fix), and values of other types than the model's (which take the straightforward way).
"""

from __future__ import annotations

import io
import json
import random
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from reporter_cases import ROOT, context, official_sarif_schema, render, summary_of

from guidelint.model import Fix, Severity, Violation
from guidelint.reporters import ReportContext, reporter_class
from guidelint.reporters.fragments import Template, encode, slot
from guidelint.reporters.github import command, summary_text
from guidelint.reporters.json_lines import json_line
from guidelint.reporters.junit import (
    DATASET_SUITE,
    JunitReporter,
    case_element,
    classname,
    xml_text,
)
from guidelint.reporters.sarif import SarifReporter, result
from guidelint.reporters.spool import PLACEHOLDER
from guidelint.reporters.summaries import summary_dict, violation_dict

ODD = [
    "",
    "plain",
    'say "hi"',
    "back\\slash \\u0041 \\n",
    "".join(chr(c) for c in range(32)) + "\x7f",
    "line\nbreak\r\nand\ttab",
    "next\x85line\u2028sep\u2029para",
    "emoji 😀 𝕏 and é",
    "lone \ud800 high and \udfff low",
    "xml <a href='x'>&amp;</a> ]]>",
    "100% done: a,b::c",
    "{braces} {0} {} %s %%",
    "\ufffe\uffff",
    "  spaced   out  ",
    "\x00slot0\x00",  # the templates' own slot marker, as data
]
PATHS = [
    "data/train.jsonl",
    "data/eval set %20.jsonl",
    "données/é 😀.jsonl",
    "a:b.jsonl",
    "",
    "-",
    "<stdin>",
    "/elsewhere/abs.jsonl",
    "https://ls.example/projects/3",
    'quote"&<path>.jsonl',
]


def odd_violations(count: int = 400, seed: int = 19, texts: list[str] = ODD) -> list[Violation]:
    rng = random.Random(seed)

    def text() -> str:
        return rng.choice(texts)

    def maybe() -> str | None:
        return None if rng.random() < 0.3 else text()

    found = []
    for i in range(count):
        start = rng.randint(0, 50)
        fix = None
        if rng.random() < 0.3:
            fix = Fix(start, start + rng.randint(0, 9), text(), safe=rng.random() < 0.5)
        excerpt = None
        if rng.random() < 0.6:
            excerpt = (text(), text(), text())
        found.append(
            Violation(
                path=rng.choice(PATHS),
                line=rng.choice([0, 1, i + 1, 10**6]),
                column=rng.choice([0, 1, start + 1]),
                field=rng.choice(["", "response", "messages[2].content", text()]),
                span=rng.choice([(0, 0), (start, start + 5)]),
                rule=rng.choice(["no-apology", "response-length", "invalid-record", text()]),
                check=rng.choice(["phrase", "length", text()]),
                severity=rng.choice(list(Severity)),
                message=text(),
                fix=fix,
                role=rng.choice([None, "response", text()]),
                item_id=maybe(),
                annotator=maybe(),
                record_key=rng.choice([None, "", "k1", text()]),
                excerpt=excerpt,
                reason=maybe(),
                locator=rng.choice([None, None, "", "element 3 (id 17)", text()]),
            )
        )
    return found


def other_types() -> list[Violation]:
    """Values of other types than the model's (an integer id, a list span, a float
    column): not written by the templates, but still as ``json.dumps`` writes them."""
    base: dict[str, Any] = {
        "path": "data/train.jsonl",
        "line": 3,
        "column": 41,
        "field": "response",
        "span": (40, 49),
        "rule": "no-apology",
        "check": "phrase",
        "severity": Severity.ERROR,
        "message": "apology",
        "record_key": "k",
    }
    changes: list[dict[str, Any]] = [
        {"item_id": 17},
        {"span": [40, 49]},
        {"column": 4.5},
        {"line": True},
        {"annotator": {"name": "ann"}},
        {"fix": Fix(1, 2, "x", safe=1)},  # type: ignore[arg-type]
        {"role": 3},
    ]
    return [Violation(**{**base, **change}) for change in changes]


CASES = {"odd": odd_violations(), "other types": other_types(), "none": []}
#: (The XML and text writers of the reference need the model's types.)
TEXT_CASES = ["odd", "none"]


def rules_context(**changes: Any) -> ReportContext:
    return context(paths=["data/train.jsonl", "data/unseen.jsonl"], **changes)


@pytest.mark.parametrize("case", CASES)
def test_json_report_is_json_dumps_of_the_document(case: str) -> None:
    found = CASES[case]
    summary = summary_of(found)
    document = {
        "version": 1,
        "guideline": {"name": "customer-support", "version": "1.0"},
        "summary": summary_dict(summary),
        "violations": [violation_dict(v) for v in found],
    }
    expected = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    assert render("json", found, summary) == expected


@pytest.mark.parametrize("case", CASES)
def test_json_lines_are_json_dumps_of_each_violation(case: str) -> None:
    found = CASES[case]
    summary = summary_of(found)
    lines = [json_line(violation_dict(v)) for v in found]
    lines.append(json_line({"summary": summary_dict(summary)}))
    assert render("json-lines", found, summary) == "".join(line + "\n" for line in lines)


@pytest.mark.parametrize("case", CASES)
def test_sarif_log_is_json_dumps_of_the_results(case: str) -> None:
    found = CASES[case]
    summary = summary_of(found)
    reporter = SarifReporter(io.StringIO())
    reporter.start(rules_context())
    index = {rule: i for i, rule in enumerate(reporter.context.rules)}
    results = []
    for v in found:
        index.setdefault(v.rule, len(index))
        results.append(result(v, index[v.rule], str(ROOT)))
        reporter.violation(v)
    log = reporter.log(summary)
    assert log["runs"][0]["results"] == PLACEHOLDER
    # The log is json.dumps(indent=2) of it, but for each result on a line of its own
    # (json.dumps of the result alone): about half the bytes of the indented log.
    marker = json.dumps(PLACEHOLDER)
    before, _, after = json.dumps(log, ensure_ascii=False, indent=2).partition(marker)
    lines = ",\n".join("        " + json.dumps(r, ensure_ascii=False) for r in results)
    middle = f"[\n{lines}\n      ]" if results else "[]"
    expected = before + middle + after + "\n"
    reporter.finish(summary)
    written = reporter.stream.getvalue()  # type: ignore[attr-defined]
    assert written == expected
    log["runs"][0]["results"] = results
    assert json.loads(written) == log


@pytest.mark.parametrize("case", TEXT_CASES)
@pytest.mark.parametrize("fail_on", ["error", "info"])
def test_junit_report_is_elementtree_of_the_testcases(case: str, fail_on: str) -> None:
    found = CASES[case]
    summary = summary_of(found)
    threshold = Severity(fail_on).rank
    reporter = JunitReporter(io.StringIO())
    reporter.start(rules_context(fail_on=fail_on))
    suites: dict[str, list[ET.Element]] = {p: [] for p in reporter.context.paths}
    failures: dict[str, int] = {}
    for v in found:
        failed = v.severity.rank >= threshold
        suite = v.path or DATASET_SUITE
        suites.setdefault(suite, []).append(case_element(v, failed))
        failures[suite] = failures.get(suite, 0) + failed
        reporter.violation(v)
    reporter.finish(summary)
    # The straightforward document: one ElementTree, indented by ElementTree.
    root = ET.Element("testsuites", name="guidelint")
    _counts(root, sum(max(len(c), 1) for c in suites.values()), sum(failures.values()))
    for path, cases in suites.items():
        element = ET.SubElement(root, "testsuite", name=xml_text(path))
        _counts(element, max(len(cases), 1), failures.get(path, 0))
        element.extend(cases)
        if not cases:
            passing = ET.SubElement(element, "testcase", name="no violations")
            passing.set("classname", xml_text(classname(path)))
            passing.set("file", xml_text(path))
            passing.set("time", "0")
    ET.indent(root)
    expected = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
    assert reporter.stream.getvalue() == expected  # type: ignore[attr-defined]


def _counts(element: ET.Element, tests: int, failures: int) -> None:
    for key, value in (("tests", tests), ("failures", failures)):
        element.set(key, str(value))
    for key in ("errors", "skipped", "time"):
        element.set(key, "0")


@pytest.mark.parametrize("case", TEXT_CASES)
def test_github_commands_are_command_of_each_violation(case: str) -> None:
    found = CASES[case]
    summary = summary_of(found)
    guideline = context().guideline_line()
    expected = "".join(command(v, str(ROOT)) + "\n" for v in found) + summary_text(
        summary, guideline=guideline
    )
    assert render("github", found, summary) == expected


def test_reports_of_odd_text_stay_valid(tmp_path: Path) -> None:
    """Written to a file as ``--output`` opens it, the JSON and SARIF reports parse,
    and the JUnit report is well-formed XML, with the odd text in the violations."""
    from guidelint.cli.output import open_output

    found = odd_violations()
    for name, parse in (
        ("json", json.loads),
        ("sarif", json.loads),
        ("junit", lambda text: ET.fromstring(text.encode("utf-8"))),
    ):
        path = tmp_path / f"report.{name}"
        stream = open_output(str(path))
        stream.write(render(name, found))
        stream.close()
        parsed = parse(path.read_text(encoding="utf-8"))
        if name == "sarif":
            schema = official_sarif_schema()
            validator = jsonschema.validators.validator_for(schema)(schema)
            assert [e.message for e in validator.iter_errors(parsed)] == []


@pytest.mark.parametrize("name", ["json", "sarif", "junit"])
@pytest.mark.parametrize("surrogates", [False, True])
def test_a_report_file_holds_the_same_text(tmp_path: Path, name: str, surrogates: bool) -> None:
    """To a file opened as ``--output`` opens it, the spooled entries are copied as
    bytes (no lone surrogate) or as text (the file's writer escapes lone surrogates),
    and the file holds what the report's text is, encoded as the file encodes it."""
    from guidelint.cli.output import open_output

    found = odd_violations(texts=[t for t in ODD if surrogates or "\ud800" not in t])
    summary = summary_of(found)
    path = tmp_path / f"report.{name}"
    stream = open_output(str(path))
    reporter = reporter_class(name)(stream)
    reporter.start(rules_context())
    for v in found:
        reporter.violation(v)
    reporter.finish(summary)
    stream.close()
    text = render(name, found, summary, paths=["data/train.jsonl", "data/unseen.jsonl"])
    assert path.read_bytes() == text.encode("utf-8", "backslashreplace")
    assert ("\\ud800" in path.read_text(encoding="utf-8")) is surrogates


def test_a_template_fills_its_slots_in_any_order() -> None:
    """Slots numbered against the order they come in the text still get their values
    (the skeletons of the reporters number them in order, which ``%`` formatting needs)."""
    skeleton = {"b": slot(1), "a": [slot(0), "100%"], "c": {"d": slot(2)}}
    template = Template.one_line(skeleton)
    assert template.slots == 3
    filled = template.fill(['"x{0}"', 7, encode(None)])
    assert filled == json.dumps(
        {"b": 7, "a": ["x{0}", "100%"], "c": {"d": None}}, separators=(", ", ": ")
    )
    ordered = Template.indented({"a": slot(0), "b": "%s {}", "c": slot(1)}, 1)
    assert ordered.fill(['"%d"', 3]) == "  " + json.dumps(
        {"a": "%d", "b": "%s {}", "c": 3}, indent=2
    ).replace("\n", "\n  ")
