"""The engine's lazy paths find exactly what the eager ones find, on real data.

A costly ``when`` (``$request``, ``$instruction_words``) of a cheap check is judged only
for texts the check finds something in (``Check.cheap``, ``When.deferrable``). These
tests run the same guidelines with that turned off (every ``when`` judged first, as
before) and compare every violation: rule, span, message, fix, excerpt.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

from guidelint.checks.base import Check
from guidelint.engine import Linter
from guidelint.guideline import load_guideline
from guidelint.model import Record, Text, Violation
from guidelint.readers import read_records

ROOT = Path(__file__).resolve().parent.parent
ALPACA = ROOT.parent / "shared" / "data" / "alpaca_eval" / "outputs.jsonl.gz"
RECORDS = 1500
BUNDLED = sorted(p.stem for p in (ROOT / "rules").glob("*.yaml"))

# Rules with a costly `when` on each cheap check, and one whose `when` has a pattern
# (which may time out, so it is never deferred).
LAZY_GUIDELINE = """
name: lazy-paths
version: "1"
fields: {instruction: instruction, response: output}
rules:
  - id: lists-in-simple
    check: structure
    max_list_items: 1
    when: {$request: simple}
  - id: lists-outside-creative
    check: structure
    max_list_items: 0
    each: true
    when: {$request: {not: creative}}
  - id: long-for-short-asks
    check: length
    unit: words
    max: 120
    when: {$instruction_words: {max: 12}}
  - id: whitespace-in-complex
    check: whitespace
    when: {$request: complex}
  - id: walls-in-simple-questions
    check: structure
    max_paragraph_words: 60
    when: {$request: simple, instruction: {matches: "\\\\?\\\\s*$"}}
  - id: headings-in-simple
    check: structure
    max_headings: 0
    each: true
    when: {$request: [simple, creative], category: {exists: false}}
"""


def _alpaca_lines(count: int) -> Iterator[str]:
    with gzip.open(ALPACA, "rt", encoding="utf-8") as lines:
        yield from islice(lines, count)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ALPACA.is_file():
        pytest.skip("../shared/data/alpaca_eval/outputs.jsonl.gz is not present")
    path = tmp_path_factory.mktemp("lazy") / "alpaca.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i, line in enumerate(_alpaca_lines(RECORDS)):
            record = json.loads(line)
            if i % 7 == 0:  # some records declare their kind
                record["category"] = ("simple", "complex", "creative")[i % 3]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _violations(linter: Linter, path: Path) -> list[tuple[object, ...]]:
    return [_key(v) for v in linter.check_file(path)] + [_key(v) for v in linter.finish()]


def _key(v: Violation) -> tuple[object, ...]:
    return (v.line, v.field, v.span, v.rule, v.severity, v.message, v.fix, v.excerpt, v.column)


def _eager(monkeypatch: pytest.MonkeyPatch) -> None:
    """Turn the lazy `when` off: every `when` judged before its check, as before."""
    monkeypatch.setattr(Check, "cheap", False)
    for check in Check.__subclasses__():
        if "cheap" in vars(check):
            monkeypatch.setattr(check, "cheap", False)


@pytest.mark.parametrize("guideline", [*BUNDLED, "lazy"])
def test_lazy_when_finds_what_eager_finds(
    guideline: str, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if guideline == "lazy":
        source = tmp_path / "lazy.yaml"
        source.write_text(LAZY_GUIDELINE, encoding="utf-8")
        guideline = str(source)
    lazy_linter = Linter(guideline)
    lazy = _violations(lazy_linter, corpus)
    with monkeypatch.context() as patch:
        _eager(patch)
        eager_linter = Linter(guideline)
        eager = _violations(eager_linter, corpus)
        assert not any(plan.deferred for plan in eager_linter._plans.values())
    assert lazy == eager
    deferred = {
        plan.rules[i].rule.id for plan in lazy_linter._plans.values() for i in plan.deferred
    }
    if guideline.endswith("lazy.yaml"):
        assert len(lazy) > 100  # the comparison has something to compare
        # every costly `when` without a pattern is judged after its check
        assert deferred == {
            "lists-in-simple",
            "lists-outside-creative",
            "long-for-short-asks",
            "whitespace-in-complex",
            "headings-in-simple",
        }
    elif guideline == "customer-support":
        assert deferred == {"no-lists-in-simple-responses"}


def test_deferred_when_is_judged_only_for_texts_with_findings(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The point of the lazy path: a request not judged before is judged only for texts
    the check finds something in (a known one is looked up before the check instead)."""
    from guidelint import request_kind
    from guidelint.guideline import conditions

    judged = 0
    judge = conditions.request_kind

    def counting(*args: Any) -> Any:
        nonlocal judged
        judged += 1
        return judge(*args)

    monkeypatch.setattr(conditions, "request_kind", counting)
    request_kind._JUDGED.clear()  # (a cache: every request is new to this run)
    linter = Linter(load_guideline("customer-support"))
    records = [r for r in read_records(str(corpus), fields=linter.fields) if isinstance(r, Record)]
    for record in records:
        linter.record_violations(record)
    lists_rule = next(
        i
        for plan in linter._plans.values()
        for i, c in enumerate(plan.rules)
        if c.rule.id == "no-lists-in-simple-responses"
    )
    assert any(lists_rule in plan.deferred for plan in linter._plans.values())
    # Only responses with two or more list items ask for the request's kind.
    with_lists = sum(1 for r in records if _list_items(r) > 1)
    assert 0 < judged <= with_lists < len(records)


def test_a_known_request_is_looked_up_before_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """A request judged before costs nothing: its `when` is judged first, and the list
    rule is not checked for a request that is not simple (the same violations)."""
    from guidelint.checks.structure import StructureCheck

    checked: list[str] = []
    check = StructureCheck.check

    def counting(self: StructureCheck, target: Any) -> Any:
        checked.append(self.rule_id)
        return check(self, target)

    monkeypatch.setattr(StructureCheck, "check", counting)
    linter = Linter(load_guideline("customer-support"))
    response = "Here you go:\n\n- Research the company.\n- Prepare questions of your own."
    found = []
    for number, ask in enumerate(
        [
            "Give me some tips for a job interview at lazy-paths-corp?",
            "What is the capital of Peru?",
        ]
        * 2
    ):
        record = Record(
            path="x",
            line=number + 1,
            index=number,
            data={"instruction": ask, "response": response},
            texts=[
                Text("instruction", ask, "instruction"),
                Text("response", response, "response", prompt=ask),
            ],
        )
        checked.clear()
        found.append([v.message for v in linter.record_violations(record) if "list" in v.message])
        lists_checked = checked.count("no-lists-in-simple-responses")
        known = number >= 2  # the first two asks were judged on their first record
        assert lists_checked == (0 if known and number == 2 else 1), (number, checked)
    assert found[0] == found[2] == []  # not simple: no list violation
    assert found[1] == found[3] != []  # simple: the list is reported, judged before or not


def _list_items(record: Record) -> int:
    from guidelint.text import TextAnalysis

    return max(
        (len(TextAnalysis(t.text).list_items) for t in record.texts if t.role == "response"),
        default=0,
    )


def test_findings_a_deferred_when_drops_spend_no_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record's budget of findings per rule (MAX_FINDINGS) counts only what a rule
    reports, as when the `when` is judged first: findings its deferred `when` drops in one
    text do not cut the findings of the next text short."""
    from guidelint import request_kind
    from guidelint.finding_cap import MAX_FINDINGS

    source = tmp_path / "budget.yaml"
    source.write_text(
        'name: budget\nversion: "1"\nrules:\n  - id: lists-in-simple\n    check: structure\n'
        "    max_list_items: 0\n    each: true\n    when: {$request: simple}\n",
        encoding="utf-8",
    )
    listed = "\n".join(f"- item {i}" for i in range(MAX_FINDINGS + 50))
    asks = ["Give me some tips for a job interview at budget-corp", "What is the capital of Peru?"]
    record = Record(
        path="x",
        line=1,
        index=0,
        data={},
        texts=[Text("response", listed, f"r{i}", prompt=ask) for i, ask in enumerate(asks)],
    )

    def run(eager: bool) -> list[tuple[object, ...]]:
        request_kind._JUDGED.clear()  # (a cache: the first request is new, so deferred)
        with monkeypatch.context() as patch:
            if eager:
                _eager(patch)
            return [_key(v) for v in Linter(str(source)).record_violations(record)]

    lazy = run(eager=False)
    assert lazy == run(eager=True)
    assert len(lazy) == MAX_FINDINGS + 1  # the simple request's list: 100, then a summary
