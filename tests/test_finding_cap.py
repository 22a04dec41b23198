"""At most 100 findings of a rule in one text, then one that counts the rest (#18, item 6)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from guidelint.checks.base import Finding
from guidelint.engine import Linter, _excerpt
from guidelint.finding_cap import MAX_FINDINGS, capped
from guidelint.guideline import load_guideline
from guidelint.model import Fix, Record, Severity, Text
from guidelint.run.fixes import fix_file

RULES = (
    "name: cap\nrules:\n"
    "  - id: no-foo\n    check: phrase\n    phrases: [foo]\n    severity: warning\n"
    "  - id: spaces\n    check: whitespace\n    severity: info\n"
)


def _linter(tmp_path: Path) -> Linter:
    path = tmp_path / "g.yaml"
    path.write_text(RULES, encoding="utf-8")
    return Linter(load_guideline(path))


def _record(response: str) -> Record:
    return Record(
        path="d.jsonl",
        line=1,
        index=0,
        data={"instruction": "Say it?", "response": response},
        texts=[
            Text(role="instruction", text="Say it?", field="instruction"),
            Text(role="response", text=response, field="response", prompt="Say it?"),
        ],
    )


def test_findings_past_the_cap_are_one_summary(tmp_path: Path) -> None:
    response = "foo  bar. " * 250
    found = _linter(tmp_path).check_record(_record(response))
    by_rule: dict[str, list] = {}
    for v in found:
        by_rule.setdefault(v.rule, []).append(v)
    assert {rule: len(vs) for rule, vs in by_rule.items()} == {"no-foo": 101, "spaces": 101}
    summary = by_rule["no-foo"][-1]
    assert summary.message == (
        "150 more findings of this rule in this text "
        "(only the first 100 of a record are reported one by one)"
    )
    assert summary.column == 100 * 10 + 1  # at the first finding left out
    assert summary.severity == Severity.WARNING
    spaces = by_rule["spaces"][-1]
    assert spaces.message.startswith("151 more findings")  # (and the trailing space)
    assert spaces.message.endswith("; --fix applies the fixes of all of them")
    assert spaces.fix is not None


def test_under_the_cap_nothing_changes(tmp_path: Path) -> None:
    found = _linter(tmp_path).check_record(_record("foo  bar. " * MAX_FINDINGS))
    assert len([v for v in found if v.rule == "no-foo"]) == MAX_FINDINGS
    assert not [v for v in found if "more findings" in v.message]


def test_fix_applies_every_fix_even_past_the_cap(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    response = "foo  bar. " * 250
    data.write_text(json.dumps({"instruction": "Say it?", "response": response}) + "\n")
    found = [v for v in _linter(tmp_path).check_record(_record(response)) if v.fix is not None]
    found = [dataclasses.replace(v, path=str(data)) for v in found]
    result = fix_file(str(data), found, write=True)
    assert not result.not_fixed, result.reason
    fixed = json.loads(data.read_text())["response"]
    assert "  " not in fixed and fixed.count("foo bar.") == 250


def test_merged_fix_keeps_the_text_between_and_skips_overlaps() -> None:
    text = "a  b  c  d"
    findings = [Finding(i, i + 2, fix=Fix(i, i + 2, " ")) for i in (1, 4, 7)]
    overlapping = Finding(5, 6, fix=Fix(5, 6, "X"))
    kept = capped([*findings, overlapping], Text("response", text, "response"), cap=1)
    assert len(kept) == 2
    fix = kept[1].fix
    assert fix is not None and (fix.start, fix.end, fix.replacement) == (4, 9, " c ")


def test_excerpt_of_a_long_line_is_the_same_as_before() -> None:
    text = "x" * 500 + "needle" + "y" * 500 + "\nnext line"
    before, match, after = _excerpt(text, 500, 506)
    assert match == "needle"
    assert before.startswith("…") and after.endswith("…")
    assert _excerpt("ab\ncd needle ef\ngh", 6, 12) == ("cd ", "needle", " ef")
    assert _excerpt("needle", 0, 6) == ("", "needle", "")


def _chat(turns: list[str]) -> Record:
    texts = [Text(role="instruction", text="Say it?", field="instruction")]
    texts += [
        Text(role="response", text=t, field=f"turns[{i}]", prompt="Say it?")
        for i, t in enumerate(turns)
    ]
    return Record(path="d.jsonl", line=1, index=0, data={}, texts=texts)


def test_the_cap_is_per_record_not_per_text(tmp_path: Path) -> None:
    # 60 findings in each of five turns: 100 reported one by one (60 in the first turn,
    # 40 in the second), then one summary in each turn past the record's budget.
    found = _linter(tmp_path).check_record(_chat(["foo. " * 60] * 5))
    foo = [v for v in found if v.rule == "no-foo"]
    summaries = [v for v in foo if "more findings" in v.message]
    assert len(foo) - len(summaries) == MAX_FINDINGS
    assert [v.message.split(" more")[0] for v in summaries] == ["20", "60", "60", "60"]
    assert summaries[0].message.endswith("(only the first 100 of a record are reported one by one)")
    assert sum(int(v.message.split(" more")[0]) for v in summaries) + MAX_FINDINGS == 300


def test_fix_past_the_record_cap_still_fixes_every_turn(tmp_path: Path) -> None:
    found = _linter(tmp_path).check_record(_chat(["a  b. " * 60] * 3))
    spaces = [v for v in found if v.rule == "spaces"]
    assert sum(1 for v in spaces if "more findings" in v.message) == 2
    assert all(v.fix is not None for v in spaces)
