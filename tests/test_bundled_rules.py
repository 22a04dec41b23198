"""Every example of every bundled guideline (and of examples/guideline.yaml) behaves:
each bad example is flagged by its rule, each good example by none.

One test per example, so a failure names the guideline, the rule and the example.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from guidelint.guideline import bundled_names, load_guideline
from guidelint.run.rule_examples import ExampleResult, example_record, run_examples

ROOT = Path(__file__).resolve().parent.parent
GUIDELINES = [*bundled_names(), str(ROOT / "examples" / "guideline.yaml")]


def _label(guideline: str) -> str:
    return Path(guideline).name if guideline.endswith(".yaml") else guideline


def _cases() -> list[pytest.ParameterSet]:
    cases = []
    for name in GUIDELINES:
        guideline = load_guideline(name)
        for rule in guideline.rules:
            for kind, examples in (("bad", rule.examples.bad), ("good", rule.examples.good)):
                for index in range(1, len(examples) + 1):
                    cases.append(
                        pytest.param(
                            name, rule.id, kind, index, id=f"{_label(name)}:{rule.id}:{kind}{index}"
                        )
                    )
    return cases


@cache
def _results(name: str) -> dict[tuple[str, str, int], ExampleResult]:
    return {(r.rule, r.kind, r.index): r for r in run_examples(load_guideline(name))}


@pytest.mark.parametrize(("guideline", "rule", "kind", "index"), _cases())
def test_example(guideline: str, rule: str, kind: str, index: int) -> None:
    result = _results(guideline)[(rule, kind, index)]
    assert result.error is None, f"could not build the example record: {result.error}"
    if kind == "bad":
        assert result.violations, f"bad example not flagged by {rule}: {result.describe()}"
        assert {v.rule for v in result.violations} == {rule}
    else:
        messages = "; ".join(v.message for v in result.violations)
        assert not result.violations, f"good example flagged by {rule}: {messages}"
    assert result.passed


@pytest.mark.parametrize("guideline", GUIDELINES, ids=_label)
def test_every_text_rule_has_good_and_bad_examples(guideline: str) -> None:
    for rule in load_guideline(guideline).rules:
        assert rule.description, f"{rule.id} has no description"
        if rule.check_class.scope != "text":
            continue  # record- and dataset-level rules may need more than one record
        assert rule.examples.bad, f"{rule.id} has no bad example"
        assert rule.examples.good, f"{rule.id} has no good example"


def test_run_examples_reports_a_wrong_example(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(
        "rules:\n  - id: no-alpha\n    check: phrase\n    phrases: [alpha]\n"
        "    examples:\n      bad: [beta, alpha]\n      good: [alpha here, fine]\n",
        encoding="utf-8",
    )
    results = run_examples(load_guideline(path))
    assert [(r.rule, r.kind, r.index, r.passed) for r in results] == [
        ("no-alpha", "bad", 1, False),
        ("no-alpha", "bad", 2, True),
        ("no-alpha", "good", 1, False),
        ("no-alpha", "good", 2, True),
    ]
    assert results[2].violations[0].message == "banned phrase 'alpha'"
    assert results[0].describe() == "beta"


def test_example_records_follow_the_guideline_fields(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(
        "fields:\n  instruction: meta.prompt\n  response: answer\n"
        "rules:\n  - id: short-prompt\n    check: length\n    applies_to: [instruction]\n"
        "    min: 2\n    examples:\n      bad: ['?']\n      good: [{instruction: 'two words'}]\n"
        "  - id: no-alpha\n    check: phrase\n    phrases: [alpha]\n    when: {category: x}\n"
        "    examples:\n      bad: [{response: alpha, record: {category: x}}]\n"
        "      good: [{response: alpha, record: {category: y}}]\n",
        encoding="utf-8",
    )
    guideline = load_guideline(path)
    # A text example of an instruction rule is the instruction.
    record = example_record(
        guideline.rule("short-prompt"), guideline.rule("short-prompt").examples.bad[0], guideline
    )
    assert [(t.role, t.field, t.text) for t in record.texts] == [
        ("instruction", "meta.prompt", "?"),
        ("response", "answer", ""),
    ]
    assert all(r.passed for r in run_examples(guideline))


def test_instruction_too_short_says_one_word() -> None:
    # the message used to say "instruction has 1 words"
    from guidelint.engine import Linter
    from guidelint.model import Record, Text

    linter = Linter(load_guideline("customer-support"))
    texts = [
        Text(role="instruction", text="[TODO]", field="instruction"),
        Text(role="response", text="Fine.", field="response", prompt="[TODO]"),
    ]
    found = linter.check_record(Record(path="d.jsonl", line=1, index=0, data={}, texts=texts))
    messages = [v.message for v in found if v.rule == "instruction-too-short"]
    assert messages == ["instruction has 1 word; an instruction needs at least 2"]
