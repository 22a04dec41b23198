"""The engine: applies_to, when, selection, suppressions, messages, invalid records,
max_rate, regex time limits, and the Python API (``Linter``, ``check_file``)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

import guidelint
from clirun import run
from guidelint.engine import (
    INVALID_RECORD,
    UNKNOWN_SUPPRESSION,
    Linter,
    Selection,
    check_file,
    record_key,
)
from guidelint.errors import GuidelintError
from guidelint.guideline import Guideline, load_guideline
from guidelint.model import Record, Severity, Text, Violation


def guideline(tmp_path: Path, rules: str, head: str = "name: test\n") -> Guideline:
    path = tmp_path / "g.yaml"
    path.write_text(head + "rules:\n" + rules, encoding="utf-8")
    return load_guideline(path)


def record(*texts: tuple[str, str], data: dict[str, Any] | None = None, line: int = 1) -> Record:
    """A record with texts given as (role, text); the prompt is the instruction if any."""
    prompt = next((text for role, text in texts if role == "instruction"), None)
    return Record(
        path="d.jsonl",
        line=line,
        index=line - 1,
        data=data if data is not None else {},
        texts=[
            Text(
                role=role,
                text=text,
                field=f"{role}_field",
                prompt=None if role == "instruction" else prompt,
            )
            for role, text in texts
        ],
    )


def found(violations: list[Violation]) -> list[tuple[str, str | None]]:
    return [(v.rule, v.role) for v in violations]


FLAG = "    check: pattern\n    pattern: flag\n"

# -- applies_to ---------------------------------------------------------------------------

ALL_ROLES = ["instruction", "response", "chosen", "rejected", "candidate", "draft", "system"]


@pytest.mark.parametrize(
    ("applies_to", "roles"),
    [
        (None, ["response", "chosen", "rejected", "candidate"]),
        ("[response]", ["response", "chosen", "rejected", "candidate"]),
        ("[assistant]", ["response", "chosen", "rejected", "candidate"]),
        ("[instruction]", ["instruction"]),
        ("[user]", ["instruction"]),
        ("instruction", ["instruction"]),  # one role as a string
        ("[chosen]", ["chosen"]),
        ("[rejected, draft]", ["rejected", "draft"]),
        ("[system]", ["system"]),
        ("[all]", ALL_ROLES),
        ("[instruction, all]", ALL_ROLES),
    ],
)
def test_applies_to(tmp_path: Path, applies_to: str | None, roles: list[str]) -> None:
    rule = "  - id: flag-it\n" + FLAG + (f"    applies_to: {applies_to}\n" if applies_to else "")
    linter = Linter(guideline(tmp_path, rule))
    violations = linter.check_record(record(*[(role, "a flag here") for role in ALL_ROLES]))
    assert [v.role for v in violations] == roles
    assert [v.field for v in violations] == [f"{role}_field" for role in roles]


def test_untrained_texts_are_not_checked(tmp_path: Path) -> None:
    linter = Linter(guideline(tmp_path, "  - id: flag-it\n" + FLAG + "    applies_to: [all]\n"))
    rec = Record(
        path="d.jsonl",
        line=1,
        index=0,
        data={},
        texts=[Text(role="response", text="flag", field="r", trained=False)],
    )
    assert linter.check_record(rec) == []


def test_customer_support_instruction_rule_sees_only_instructions() -> None:
    linter = Linter("customer-support", selection=Selection(select=frozenset({"instruction"})))
    violations = linter.check_record(record(("instruction", "?"), ("response", "?")))
    assert [(v.rule, v.role, v.field) for v in violations] == [
        ("instruction-too-short", "instruction", "instruction_field")
    ]


# -- when -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "data", "response", "fires"),
    [
        ("{category: simple}", {"category": "simple"}, "flag", True),
        ("{category: simple}", {"category": "Simple"}, "flag", True),
        ("{category: simple}", {"category": "complex"}, "flag", False),
        ("{category: simple}", {}, "flag", False),
        ("{category: [simple, short]}", {"category": "short"}, "flag", True),
        ("{meta.source: {not_in: [synthetic]}}", {"meta": {"source": "human"}}, "flag", True),
        ("{meta.source: {not_in: [synthetic]}}", {"meta": {"source": "synthetic"}}, "flag", False),
        ("{$response_words: {min: 3}}", {}, "one flag three", True),
        ("{$response_words: {min: 3}}", {}, "one flag", False),
        ("{$instruction_words: {max: 2}}", {}, "flag", True),
        ("{$role: chosen}", {}, "flag", False),
        ("{data.category: simple}", {"data": {"category": "simple"}}, "flag", True),
        ("{category: simple}", {"data": {"category": "simple"}}, "flag", True),  # Label Studio
    ],
)
def test_when(tmp_path: Path, when: str, data: dict[str, Any], response: str, fires: bool) -> None:
    linter = Linter(guideline(tmp_path, "  - id: flag-it\n" + FLAG + f"    when: {when}\n"))
    violations = linter.check_record(
        record(("instruction", "Hi there"), ("response", response), data=data)
    )
    assert bool(violations) is fires


# -- select / ignore ------------------------------------------------------------------------

THREE_RULES = """\
  - id: rule-a
    check: pattern
    pattern: a
    tags: [tone]
  - id: rule-b
    check: phrase
    phrases: [b]
    tags: [tone, accuracy]
  - id: rule-c
    check: pattern
    pattern: c
"""


@pytest.mark.parametrize(
    ("select", "ignore", "rules"),
    [
        ((), (), ["rule-a", "rule-b", "rule-c"]),
        (("rule-a",), (), ["rule-a"]),
        (("rule-a", "rule-c"), (), ["rule-a", "rule-c"]),
        (("tone",), (), ["rule-a", "rule-b"]),
        (("accuracy",), (), ["rule-b"]),
        (("pattern",), (), ["rule-a", "rule-c"]),  # by check kind
        ((), ("rule-b",), ["rule-a", "rule-c"]),
        ((), ("tone",), ["rule-c"]),
        (("tone",), ("rule-a",), ["rule-b"]),
        (("no-such-rule",), (), []),
    ],
)
def test_select_and_ignore(
    tmp_path: Path, select: tuple[str, ...], ignore: tuple[str, ...], rules: list[str]
) -> None:
    linter = Linter(
        guideline(tmp_path, THREE_RULES),
        selection=Selection(select=frozenset(select), ignore=frozenset(ignore)),
    )
    assert [v.rule for v in linter.check_record(record(("response", "a b c")))] == rules


# -- suppressions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marker", "rules"),
    [
        ({"ignore": ["rule-a"]}, ["rule-b", "rule-c"]),
        ({"ignore": "rule-b"}, ["rule-a", "rule-c"]),
        ({"ignore": ["rule-a", "rule-b", "rule-c"]}, []),
        ({"ignore": []}, ["rule-a", "rule-b", "rule-c"]),
        ({}, ["rule-a", "rule-b", "rule-c"]),
        # suppresses nothing, and says so (see test_a_suppression_of_another_shape_says_so)
        ("not a mapping", ["rule-a", "rule-b", "rule-c", "unknown-suppression"]),
        ({"ignore": ["invalid-record"]}, ["rule-a", "rule-b", "rule-c"]),  # built-in: known
    ],
)
def test_suppressions(tmp_path: Path, marker: Any, rules: list[str]) -> None:
    linter = Linter(guideline(tmp_path, THREE_RULES))
    violations = linter.check_record(record(("response", "a b c"), data={"guidelint": marker}))
    assert [v.rule for v in violations] == rules


def test_unknown_suppression_is_reported(tmp_path: Path) -> None:
    linter = Linter(guideline(tmp_path, THREE_RULES))
    rec = record(
        ("response", "a"), data={"id": "x-1", "guidelint": {"ignore": ["rule-a", "rul-b"]}}
    )
    violations = linter.check_record(rec)
    assert [v.rule for v in violations] == [UNKNOWN_SUPPRESSION]
    [unknown] = violations
    assert unknown.rule == "unknown-suppression"
    assert unknown.severity is Severity.WARNING
    assert (unknown.path, unknown.line, unknown.column) == ("d.jsonl", 1, 1)
    assert unknown.field == "guidelint.ignore"
    assert unknown.message == (
        "suppression names 'rul-b', which is not a rule of guideline 'test' (or is switched "
        "off there); did you mean 'rule-b'?"
    )
    assert unknown.record_key == "x-1"


def test_suppressions_field_can_be_moved(tmp_path: Path) -> None:
    linter = Linter(guideline(tmp_path, THREE_RULES, head="fields:\n  suppressions: meta.lint\n"))
    rec = record(("response", "a b"), data={"meta": {"lint": {"ignore": ["rule-a"]}}})
    assert [v.rule for v in linter.check_record(rec)] == ["rule-b"]


# -- messages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("found {match} ({count}x) by {rule}", "found flag (1x) by flag-it"),
        ("{match} and {nosuch}", "flag and {nosuch}"),
        ("{nosuch:>10} {match}", "  {nosuch} flag"),
        ("plain text", "plain text"),
        ("{{literal}} {match}", "{literal} flag"),
    ],
)
def test_message_templates(tmp_path: Path, message: str, expected: str) -> None:
    rules = "  - id: flag-it\n" + FLAG + f"    message: {json.dumps(message)}\n"
    [violation] = Linter(guideline(tmp_path, rules)).check_record(record(("response", "a flag")))
    assert violation.message == expected


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("unbalanced {match", "is not a valid template"),
        ("{0} positional", "a parameter is named, e.g. {match}, not {0}"),
        ("{} positional", "a parameter is named"),
        ("{match.upper} attribute", "{match.upper} is not a parameter name"),
    ],
)
def test_message_templates_that_would_be_shown_as_written_are_errors(
    tmp_path: Path, message: str, error: str
) -> None:
    # (before, such a template was the whole message as written, with no word of why)
    rules = "  - id: flag-it\n" + FLAG + f"    message: {json.dumps(message)}\n"
    with pytest.raises(GuidelintError) as info:
        guideline(tmp_path, rules)
    assert error in info.value.message and info.value.location.endswith("g.yaml:6:14")


def test_default_message_and_reason(tmp_path: Path) -> None:
    rules = "  - id: flag-it\n" + FLAG + "    description: |\n      First line.\n      Second.\n"
    [violation] = Linter(guideline(tmp_path, rules)).check_record(record(("response", "a flag")))
    assert "flag" in violation.message
    assert violation.reason == "First line."


# -- the violation --------------------------------------------------------------------------


def test_violation_location_span_excerpt_and_fix(tmp_path: Path) -> None:
    rules = "  - id: old-name\n    check: substitution\n    terms: {Nimbus Basic: Nimbus Starter}\n"
    linter = Linter(guideline(tmp_path, rules))
    text = "Hello.\nYour Nimbus Basic plan is fine."
    [v] = linter.check_record(record(("response", text), data={"id": "sup-9"}, line=7))
    assert (v.path, v.line, v.column, v.field, v.span) == (
        "d.jsonl",
        7,
        13,
        "response_field",
        (12, 24),
    )
    assert (v.rule, v.check, v.severity, v.role) == (
        "old-name",
        "substitution",
        Severity.ERROR,
        "response",
    )
    assert v.excerpt == ("Your ", "Nimbus Basic", " plan is fine.")
    assert v.fix is not None
    assert (v.fix.start, v.fix.end, v.fix.replacement, v.fix.safe) == (
        12,
        24,
        "Nimbus Starter",
        True,
    )
    assert v.record_key == "sup-9"


def test_record_key_without_an_id_is_a_stable_hash() -> None:
    first = record(("response", "x"), data={"response": "x", "b": 1})
    again = record(("response", "x"), data={"b": 1, "response": "x"})
    other = record(("response", "x"), data={"response": "y"})
    assert record_key(first) == record_key(again) != record_key(other)
    assert len(record_key(first)) == 16


def test_severity_overrides(tmp_path: Path) -> None:
    linter = Linter(
        guideline(tmp_path, "  - id: flag-it\n" + FLAG),
        severity_overrides={"flag-it": Severity.INFO},
    )
    [violation] = linter.check_record(record(("response", "flag")))
    assert violation.severity is Severity.INFO


# -- max_rate -------------------------------------------------------------------------------

RATE_RULE = "  - id: no-flag\n" + FLAG + "    severity: warning\n    max_rate: 20%\n"


def _rate_run(tmp_path: Path, broken: int) -> tuple[Linter, list[Violation]]:
    linter = Linter(guideline(tmp_path, RATE_RULE))
    out: list[Violation] = []
    for i in range(10):
        text = "a flag" if i < broken else "fine"
        out += linter.check_record(record(("response", text), data={"id": f"r{i}"}, line=i + 1))
    out += list(linter.finish())
    return linter, out


def test_max_rate_not_exceeded(tmp_path: Path) -> None:
    linter, violations = _rate_run(tmp_path, broken=2)  # 20% is allowed
    assert [(v.line, v.severity) for v in violations] == [(1, Severity.INFO), (2, Severity.INFO)]
    assert linter.summary.worst() is Severity.INFO
    assert dict(linter.summary.by_severity) == {"info": 2}


def test_max_rate_exceeded(tmp_path: Path) -> None:
    linter, violations = _rate_run(tmp_path, broken=3)
    assert [(v.line, v.rule, v.severity) for v in violations] == [
        (1, "no-flag", Severity.INFO),
        (2, "no-flag", Severity.INFO),
        (3, "no-flag", Severity.INFO),
        (0, "no-flag", Severity.WARNING),  # one violation for the whole dataset
    ]
    rate = violations[-1]
    assert (rate.path, rate.column, rate.field) == ("d.jsonl", 0, "")
    assert rate.message == "3 of 10 records (30.0%) break 'no-flag'; at most 20.0% allowed"
    assert linter.summary.worst() is Severity.WARNING
    assert dict(linter.summary.by_severity) == {"info": 3, "warning": 1}


def test_max_rate_zero_fails_on_one_record(tmp_path: Path) -> None:
    rules = "  - id: no-flag\n" + FLAG + "    max_rate: 0\n"
    linter = Linter(guideline(tmp_path, rules))
    assert [v.severity for v in linter.check_record(record(("response", "flag")))] == [
        Severity.INFO
    ]
    assert [v.severity for v in linter.finish()] == [Severity.ERROR]


# -- regular expressions that take too long ----------------------------------------------------

SLOW = [
    pytest.param("    check: phrase\n    patterns: ['(a+)+$']\n", "phrase", id="phrase"),
    pytest.param("    check: pattern\n    pattern: '(a+)+$'\n", "pattern", id="pattern"),
]


@pytest.mark.parametrize(("options", "check"), SLOW)
def test_pathological_regex_is_reported_with_its_rule_id(
    tmp_path: Path, options: str, check: str
) -> None:
    rules = (
        "  - id: slow-rule\n" + options + "    timeout: 0.2\n    severity: warning\n"
        "  - id: fine-rule\n    check: phrase\n    phrases: [tail]\n"
    )
    linter = Linter(guideline(tmp_path, rules))
    rec = record(("response", "a" * 5000 + "! tail"), ("chosen", "tail"), line=4)
    started = time.monotonic()
    violations = linter.check_record(rec)
    assert time.monotonic() - started < 3
    # the engine reports the time-out under the rule's own id, as an error, and goes on
    assert [(v.rule, v.role) for v in violations] == [
        ("slow-rule", "response"),
        ("fine-rule", "response"),
        ("fine-rule", "chosen"),
    ]
    slow = violations[0]
    assert (slow.check, slow.severity, slow.line, slow.column, slow.field) == (
        check,
        Severity.ERROR,
        4,
        1,
        "response_field",
    )
    assert slow.message.startswith("rule 'slow-rule': pattern ")
    assert "ran longer than 0.2s on one text (rule skipped for this text)" in slow.message


def test_regex_timeout_is_a_guidelint_error() -> None:
    from guidelint.checks.matching import RegexTimeout

    error = RegexTimeout("slow-rule", "(a+)+$", 0.2)
    assert isinstance(error, GuidelintError)
    assert "slow-rule" in str(error)


# -- files and the Python API ---------------------------------------------------------------


def test_check_file_reports_invalid_records_and_goes_on(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(
        '{"id": "1", "response": "a flag"}\n'
        '{"id": "2" "response": "a flag"}\n'  # not JSON
        '{"id": "3", "answer": "no response field"}\n'
        "\n"
        '{"id": "4", "response": "another flag"}\n',
        encoding="utf-8",
    )
    linter = Linter(guideline(tmp_path, "  - id: flag-it\n" + FLAG))
    violations = list(linter.check_file(data))
    assert [(v.line, v.column, v.rule, v.severity) for v in violations] == [
        (1, 3, "flag-it", Severity.ERROR),
        (2, 12, INVALID_RECORD, Severity.ERROR),
        (3, 1, INVALID_RECORD, Severity.ERROR),
        (5, 9, "flag-it", Severity.ERROR),
    ]
    assert all(v.path == str(data) for v in violations)
    assert violations[1].message.startswith("not valid JSON: Expecting ',' delimiter")
    assert "'answer'" in violations[2].message  # says which fields the record has
    assert (linter.summary.records, linter.summary.invalid_records, linter.summary.files) == (
        2,
        2,
        1,
    )


def test_check_file_api_function(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(
        json.dumps({"instruction": "Is my data safe?", "response": "As an AI language model, yes."})
        + "\n",
        encoding="utf-8",
    )
    rules = [(v.line, v.rule) for v in check_file(data)]  # default: customer-support
    assert rules == [(1, "ai-identity-disclaimer"), (1, "response-length")]
    assert [v.rule for v in guidelint.check_file(data, "llm-boilerplate")] == [
        "ai-identity-disclaimer"
    ]
    loaded = load_guideline("llm-boilerplate")
    assert [v.rule for v in guidelint.check_file(str(data), loaded)] == ["ai-identity-disclaimer"]


def test_check_file_includes_the_rate_violation(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text('{"response": "flag"}\n{"response": "ok"}\n', encoding="utf-8")
    path = tmp_path / "g.yaml"
    path.write_text("rules:\n" + RATE_RULE, encoding="utf-8")
    assert [(v.line, v.severity) for v in check_file(data, path)] == [
        (1, Severity.INFO),
        (0, Severity.WARNING),
    ]


def test_linter_check_record_public_api() -> None:
    linter = guidelint.Linter(guidelint.load_guideline("customer-support"))
    rec = guidelint.Record(
        path="<memory>",
        line=1,
        index=0,
        data={"category": "simple"},
        texts=[
            Text(role="instruction", text="Where are my invoices?", field="instruction"),
            Text(
                role="response",
                text="I cannot help.",
                field="response",
                prompt="Where are my invoices?",
            ),
        ],
    )
    violations = linter.check_record(rec)
    assert [(v.rule, v.column) for v in violations] == [
        ("refusal-boilerplate", 1),
        ("response-length", 1),
    ]
    assert linter.summary.records == 1
    assert isinstance(violations[0], guidelint.Violation)
    assert violations[0].severity is guidelint.Severity.ERROR


def test_linter_accepts_a_name_or_a_path(tmp_path: Path) -> None:
    assert Linter("llm-boilerplate").guideline.name == "llm-boilerplate"
    path = tmp_path / "g.yaml"
    path.write_text("name: mine\nrules:\n  - id: flag-it\n" + FLAG, encoding="utf-8")
    assert Linter(path).guideline.name == "mine"
    assert Linter(str(path)).guideline.name == "mine"


def test_max_rate_message_for_one_record(tmp_path: Path) -> None:
    # it used to say "1 of 1 records (100.0%) break"
    linter = Linter(guideline(tmp_path, RATE_RULE))
    violations = [*linter.check_record(record(("response", "a flag"))), *linter.finish()]
    assert violations[-1].message == (
        "1 of 1 record (100.0%) breaks 'no-flag'; at most 20.0% allowed"
    )


# -- the compiled build (guidelint.compiled): Linter is a public class ----------------------
def test_a_program_may_subclass_the_linter_and_override_its_methods(tmp_path: Path) -> None:
    # mypyc compiles guidelint.engine in a regular install; its Linter stays open to
    # subclasses written in Python, as the pure-Python class is.
    class Counting(Linter):
        def __init__(self, g: Guideline) -> None:
            super().__init__(g)
            self.seen: list[int] = []

        def check_record(self, record: Record) -> list[Violation]:
            self.seen.append(record.line)
            return super().check_record(record)

    linter = Counting(guideline(tmp_path, "  - id: flagged\n" + FLAG))
    violations = linter.check_record(record(("response", "a flag here"), line=7))
    assert linter.seen == [7]
    assert found(violations) == [("flagged", "response")]


@pytest.mark.parametrize(
    ("marker", "kept", "problems"),
    [
        ({"ignore": ["r"]}, [], []),
        ({"ignore": "r"}, [], []),
        ({}, ["r"], []),
        ("r", ["r"], ["the suppression field is a string, not an object"]),
        (["r"], ["r"], ["the suppression field is a list, not an object"]),
        ({"ignre": ["r"]}, ["r"], ['the suppression field has an unknown key "ignre"']),
        ({"ignore": {"r": True}}, ["r"], ["`ignore` is an object, not a list"]),
        ({"ignore": ["r", 3]}, [], ["`ignore` holds a value that is not a rule id"]),
        # a CSV cell: empty is no suppression, JSON text is the object
        ("", ["r"], []),
        ('{"ignore": ["r"]}', [], []),
        ("{ignore: r}", ["r"], ["the suppression field holds text that is not valid JSON"]),
        # why the record is an exception; a null key is an absent one (an Arrow struct
        # column gives every row the keys of every other row, null where it had none)
        ({"ignore": ["r"], "reason": "FAQ answers are short"}, [], []),
        ({"ignore": ["r"], "reason": None}, [], []),
        ({"ignore": ["r"], "ignre": None}, [], []),
    ],
)
def test_a_suppression_of_another_shape_says_so(
    tmp_path: Path, marker: object, kept: list[str], problems: list[str]
) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("name: g\nrules:\n  - id: r\n    check: phrase\n    phrases: [hello]\n")
    linter = Linter(load_guideline(path))
    text = Text(role="response", text="hello there", field="response")
    record = Record(path="d.jsonl", line=1, index=0, data={"guidelint": marker}, texts=[text])
    found = linter.check_record(record)
    assert [v.rule for v in found if v.rule == "r"] == kept
    messages = [v.message for v in found if v.rule == "unknown-suppression"]
    assert [m.partition(":")[0] for m in messages] == problems
    assert all(m.endswith('write it as {"ignore": ["rule-id", ...]}') for m in messages)
    fields = [v.field for v in found if v.rule == "unknown-suppression"]
    assert fields == [
        "guidelint" if m.startswith("the suppression field") else "guidelint.ignore"
        for m in messages
    ]


def test_a_suppression_reason_that_is_not_text_says_so(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("name: g\nrules:\n  - id: r\n    check: phrase\n    phrases: [hello]\n")
    linter = Linter(load_guideline(path))
    text = Text(role="response", text="hello there", field="response")
    data = {"guidelint": {"ignore": ["r"], "reason": 5}}
    found = linter.check_record(Record(path="d.jsonl", line=1, index=0, data=data, texts=[text]))
    [warning] = found
    assert (warning.rule, warning.field) == ("unknown-suppression", "guidelint")
    assert warning.message.startswith("the suppression field's `reason` is a number, not text")


def test_suppressions_of_a_parquet_struct_column_warn_of_no_key_another_row_has(
    tmp_path: Path,
) -> None:
    """Parquet gave the row without a reason `"reason": null`, and both rows warned of an
    unknown key "reason"."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    response = "Yes, students get 30% off."
    rows = [
        {"id": "s1", "response": response, "guidelint": {"ignore": ["response-length"]}},
        {
            "id": "s2",
            "response": response,
            "guidelint": {"ignore": ["response-length"], "reason": "short answers are fine"},
        },
    ]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "d.parquet")
    assert pq.read_table(tmp_path / "d.parquet").to_pylist()[0]["guidelint"]["reason"] is None
    result = run("check", "d.parquet", "--format", "json", "--no-config", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["violations"] == []


def test_a_fix_that_changes_nothing_is_no_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check's fix whose replacement is the text it replaces is dropped, so ``--fix``
    never counts it as fixed (a user trial found one that was, run after run)."""
    from guidelint.checks.base import Finding
    from guidelint.checks.whitespace import WhitespaceCheck
    from guidelint.model import Fix

    def found(self: WhitespaceCheck, target: Any) -> list[Finding]:
        return [
            Finding(0, 5, {"what": "same"}, Fix(0, 5, "Hello")),
            Finding(6, 11, {"what": "other"}, Fix(6, 11, "earth")),
        ]

    monkeypatch.setattr(WhitespaceCheck, "check", found)
    g = guideline(tmp_path, "  - id: ws\n    check: whitespace\n")
    violations = Linter(g).check_record(record(("response", "Hello world")))
    assert [v.fix.replacement if v.fix else None for v in violations] == [None, "earth"]


def test_a_live_project_is_counted_as_a_project_not_a_file() -> None:
    """'Checked 5 records in 1 file' was said of a Label Studio project read by its URL."""
    from guidelint.summary import Summary

    assert Summary(files=3).sources_text() == "3 files"
    assert Summary(files=1, projects=1).sources_text() == "1 project"
    assert Summary(files=3, projects=1).sources_text() == "2 files and 1 project"
    assert Summary(files=0).sources_text() == "0 files"


def test_a_text_joined_from_fields_reports_each_finding_in_its_field(tmp_path: Path) -> None:
    """Alpaca's instruction and input are one text to the checks: a finding within a
    field is placed and fixed there; one across both stays in the first, without a fix
    (it could be applied to neither)."""
    from guidelint.checks.base import Finding
    from guidelint.model import Fix

    linter = Linter(
        guideline(tmp_path, "  - id: terms\n    check: substitution\n    terms: {a: b}\n")
    )
    instruction, context = "Hello there", "We utilize it."
    text = Text(
        role="instruction",
        text=f"{instruction}\n\n{context}",
        field="instruction",
        parts=((0, "instruction", len(instruction)), (13, "input", len(context))),
    )
    made = Record(path="d.jsonl", line=1, index=0, data={}, texts=[text])
    rule = linter.text_rules[0].rule

    def place(start: int, end: int, fix: Fix | None) -> tuple[str, int, tuple[int, int], Any]:
        found = linter.violation(rule, made, Finding(start, end, fix=fix), text)
        return found.field, found.column, found.span, found.fix

    assert place(16, 23, Fix(16, 23, "use")) == ("input", 4, (3, 10), Fix(3, 10, "use"))
    assert place(0, 5, Fix(0, 5, "Hi")) == ("instruction", 1, (0, 5), Fix(0, 5, "Hi"))
    assert place(6, 16, Fix(6, 16, "x")) == ("instruction", 7, (6, 16), None)
