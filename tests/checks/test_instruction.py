"""The ``instruction`` check: missing and placeholder instructions, copied prompts."""

from __future__ import annotations

from typing import Any

import pytest
from annotation_records import record, run_record, text

from guidelint.checks.instruction import InstructionCheck, bare
from guidelint.model import Turn

ANSWER = "Open Billing, then Invoices, and click Download next to the month you need."
ASK = "How do I export my invoices?"


def direct(instruction: str | None, response: str = ANSWER) -> Any:
    texts = [] if instruction is None else [text("instruction", instruction)]
    texts.append(text("response", response, prompt=instruction))
    return record(*texts)


# (options, record, [kind])
CASES: list[tuple[dict[str, Any], Any, list[str]]] = [
    ({}, direct(ASK), []),
    ({}, direct(None), ["missing"]),
    ({"require": False}, direct(None), []),
    ({}, direct("TODO"), ["placeholder"]),
    ({}, direct("[TODO]"), ["placeholder"]),
    ({}, direct("  <Instruction>: "), ["placeholder"]),
    ({}, direct("Lorem  ipsum."), ["placeholder"]),
    ({}, direct("N/A"), ["placeholder"]),
    ({}, direct("Test the export"), []),  # a word of the list inside a real instruction
    ({}, direct("?"), []),  # no words: the `length` rule's business
    ({}, direct(""), []),
    ({"placeholders": ["tk"]}, direct("TK"), ["placeholder"]),
    ({"placeholders": ["tk"]}, direct("TODO"), []),
    ({}, direct(ASK, response="  how do I export my   INVOICES? "), ["copied"]),
    ({"flag_copied": False}, direct(ASK, response=ASK), []),
    ({}, direct("", response=""), []),
    # chat records: user turns are instructions
    ({}, record(text("instruction", ASK, "messages[0].content"), text("response", ANSWER)), []),
    # a record with nothing to train on is not this check's business
    ({}, record(text("draft", ANSWER)), []),
    # preference pairs need their prompt too
    ({}, record(text("chosen", ANSWER), text("rejected", "No.")), ["missing"]),
]


@pytest.mark.parametrize(("options", "rec", "expected"), CASES)
def test_instruction(options: dict[str, Any], rec: Any, expected: list[str]) -> None:
    assert [f.params["kind"] for f in run_record("instruction", options, rec)] == expected


def test_user_turn_without_instruction_text_counts_as_instruction() -> None:
    rec = record(text("response", ANSWER))
    rec.turns.append(Turn("user", ASK, "messages[0].content"))
    assert run_record("instruction", {}, rec) == []


def test_findings_point_at_the_right_text() -> None:
    rec = direct(" [TODO] ")
    (finding,) = run_record("instruction", {}, rec)
    assert finding.text is rec.texts[0]
    assert (finding.start, finding.end) == (1, 7)
    assert InstructionCheck.default_message.format(**finding.params) == (
        "instruction is a placeholder ('[TODO]'): write the instruction the response answers"
    )
    rec = direct(None)
    (finding,) = run_record("instruction", {}, rec)
    assert finding.text is rec.texts[0]
    assert finding.params["problem"] == (
        "record has no instruction: a response needs the instruction it answers"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [("[TODO]", "todo"), ("  Lorem\n ipsum. ", "lorem ipsum"), ("**N/A**", "n/a"), ("?", "")],
)
def test_bare(value: str, expected: str) -> None:
    assert bare(value) == expected
