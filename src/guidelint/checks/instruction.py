"""A response without a real instruction to answer.

What it does
------------
For direct annotation the annotator writes the pair (instruction, ideal response).
The ``length`` check with ``applies_to: [instruction]`` catches empty and one-word
instructions; this record-level check catches what it cannot see:

* ``missing``: the record has responses but no instruction at all (no instruction
  field, no user turn), so a length rule never runs on it;
* ``placeholder``: an instruction that is a placeholder left in the data ("TODO",
  "[instruction]", "test", "N/A", "lorem ipsum"): compared whole, case-folded, with
  brackets, quotes and end punctuation around it ignored;
* ``copied``: a response that is the instruction itself, word for word (white space
  and case ignored): the annotator pasted the prompt instead of answering it.

Why
---
A response without its instruction, an instruction that is a placeholder, or a response
that only repeats its instruction is a training example that teaches nothing, or the
wrong thing.

Options
-------
* ``require``: report records with responses but no instruction.
* ``placeholders``: instructions that are placeholders.
* ``flag_copied``: report responses that repeat the instruction.

Message params: ``problem`` (the sentence), ``kind`` (``missing``, ``placeholder``,
``copied``), ``placeholder`` (the text found). ``missing`` points at the first
response, the others at the instruction or the response.

Example
-------
The rule::

    - id: instruction-missing
      check: instruction

Passing::

    {"instruction": "How do I export my invoices?", "response": "Open Billing, ..."}

Failing (``placeholder``: "instruction is a placeholder ('TODO'): write the
instruction the response answers")::

    {"instruction": "[TODO]", "response": "Open Billing, then Invoices, ..."}

Fix safety
----------
No fix: what to write instead needs a person. ``--fix`` leaves these violations as they
are.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pydantic import field_validator

from guidelint.checks.annotation import squash, text_span
from guidelint.checks.base import Check, CheckOptions, Finding
from guidelint.model import Record, Violation

DEFAULT_PLACEHOLDERS: tuple[str, ...] = (
    "todo",
    "tbd",
    "tba",
    "fixme",
    "n/a",
    "na",
    "none",
    "null",
    "nil",
    "test",
    "testing",
    "asdf",
    "xxx",
    "lorem ipsum",
    "placeholder",
    "instruction",
    "prompt",
    "question",
    "insert instruction here",
    "your instruction here",
    "instruction goes here",
)
_WRAPPING = " \t\n[](){}<>\"'`*_#:.!?-"


def bare(text: str) -> str:
    """Case-folded text without the brackets, quotes and punctuation around it."""
    return squash(text).casefold().strip(_WRAPPING)


class InstructionOptions(CheckOptions):
    require: bool = True
    placeholders: tuple[str, ...] = DEFAULT_PLACEHOLDERS
    flag_copied: bool = True

    @field_validator("placeholders", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class InstructionCheck(Check):
    """Report records without an instruction, placeholder instructions, copied prompts."""

    Options = InstructionOptions
    default_message = "{problem}"
    scope = "record"

    def __init__(self, options: CheckOptions, rule_id: str = ""):
        super().__init__(options, rule_id)
        assert isinstance(options, InstructionOptions)
        self._opts = options
        self._placeholders = {bare(p) for p in options.placeholders} - {""}

    def check_record(self, record: Record, found: Sequence[Violation]) -> Iterator[Finding]:
        options = self._opts
        responses = record.responses()
        instructions = record.texts_with_role("instruction")
        has_user_turn = any(turn.role == "user" for turn in record.turns)
        if not instructions and not has_user_turn:
            if options.require and responses:
                problem = "record has no instruction: a response needs the instruction it answers"
                yield Finding(params={"problem": problem, "kind": "missing"}, text=responses[0])
            return
        for instruction in instructions:
            if bare(instruction.text) in self._placeholders:
                shown = squash(instruction.text)
                problem = (
                    f"instruction is a placeholder ('{shown}'): write the instruction the "
                    "response answers"
                )
                start, end = text_span(instruction.text)
                params = {"problem": problem, "kind": "placeholder", "placeholder": shown}
                yield Finding(start, end, params=params, text=instruction)
        if not options.flag_copied:
            return
        for response in responses:
            prompt = response.prompt
            if prompt and squash(prompt).casefold() == squash(response.text).casefold():
                start, end = text_span(response.text)
                problem = "response repeats the instruction word for word instead of answering it"
                params = {"problem": problem, "kind": "copied", "placeholder": ""}
                yield Finding(start, end, params=params, text=response)
