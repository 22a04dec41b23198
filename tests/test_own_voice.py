"""Findings inside quoted speech and code are not the response's own voice (engine)."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidelint.engine import Linter
from guidelint.guideline import load_guideline
from guidelint.model import Record, Text
from guidelint.text import TextAnalysis

GUIDELINE = """\
name: voice
rules:
  - id: no-cannot
    check: phrase
    phrases: [I cannot]
  - id: no-cannot-anywhere
    check: phrase
    phrases: [I cannot]
    in_quotes: true
    in_code: true
  - id: no-cannot-in-code
    check: phrase
    phrases: [I cannot]
    in_code: true
"""


def _fired(tmp_path: Path, response: str) -> list[str]:
    path = tmp_path / "voice.yaml"
    path.write_text(GUIDELINE, encoding="utf-8")
    linter = Linter(load_guideline(path))
    text = Text(role="response", text=response, field="response", prompt="Tell me a story.")
    record = Record(path="d.jsonl", line=1, index=0, data={}, texts=[text])
    return sorted(v.rule for v in linter.check_record(record))


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("I cannot help.", ["no-cannot", "no-cannot-anywhere", "no-cannot-in-code"]),
        ('She said, "I cannot come," and left.', ["no-cannot-anywhere"]),
        ("He wrote \u201cI cannot stay\u201d on the card.", ["no-cannot-anywhere"]),
        ("> I cannot believe it\n\nA quote above.", ["no-cannot-anywhere"]),
        ("Run `echo I cannot` to see it.", ["no-cannot-anywhere", "no-cannot-in-code"]),
        ("```\nprint('I cannot')\n```", ["no-cannot-anywhere", "no-cannot-in-code"]),
        # a quote that never closes is not a quote: the finding stands
        (
            'She said, "I cannot come.\n\nThen she left.',
            ["no-cannot", "no-cannot-anywhere", "no-cannot-in-code"],
        ),
        # a quote in code is code
        ('`x = "I cannot"`', ["no-cannot-anywhere", "no-cannot-in-code"]),
    ],
)
def test_quotes_and_code_are_skipped_unless_asked(
    tmp_path: Path, response: str, expected: list[str]
) -> None:
    assert _fired(tmp_path, response) == expected


def test_spans() -> None:
    analysis = TextAnalysis('A "quoted one" and `code` and "another"\n> block')
    text = analysis.text
    assert [text[s:e] for s, e in analysis.quoted_spans] == ['"quoted one"', '"another"', "> block"]
    assert [text[s:e] for s, e in analysis.code_spans] == ["`code`"]
    start = text.index("quoted")
    assert analysis.inside(analysis.quoted_spans, start, start + 6)
    assert not analysis.inside(analysis.quoted_spans, 0, 5)


def test_bundled_rules_skip_quoted_refusals_and_third_person_ai(tmp_path: Path) -> None:
    linter = Linter(load_guideline("llm-boilerplate"))

    def rules_in(response: str) -> list[str]:
        text = Text(role="response", text=response, field="response", prompt="Explain.")
        record = Record(path="d.jsonl", line=1, index=0, data={}, texts=[text])
        return sorted({v.rule for v in linter.check_record(record)})

    assert rules_in('The sign said "I cannot help you" in red.') == []
    assert rules_in("ChatGPT is an AI language model developed by OpenAI.") == []
    assert rules_in("As an AI, I don't have personal opinions.") == ["ai-identity-disclaimer"]
    assert rules_in("I'm sorry, but I can't help with that.") == ["refusal-boilerplate"]
