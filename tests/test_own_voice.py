"""Findings inside quoted speech, code and the body of requested fiction are not the
response's own voice (engine)."""

from __future__ import annotations

from collections.abc import Callable
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
  - id: no-cannot-in-fiction
    check: phrase
    phrases: [I cannot]
    in_fiction: true
"""


def _fired(
    tmp_path: Path,
    response: str,
    prompt: str = "Tell me a story.",
    data: dict[str, object] | None = None,
    role: str = "response",
) -> list[str]:
    path = tmp_path / "voice.yaml"
    path.write_text(GUIDELINE, encoding="utf-8")
    linter = Linter(load_guideline(path))
    text = Text(role=role, text=response, field=role, prompt=prompt)
    record = Record(path="d.jsonl", line=1, index=0, data=data or {}, texts=[text])
    return sorted(v.rule for v in linter.check_record(record))


ALL = ["no-cannot", "no-cannot-anywhere", "no-cannot-in-code", "no-cannot-in-fiction"]


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("I cannot help.", ALL),
        ('She said, "I cannot come," and left.', ["no-cannot-anywhere"]),
        ("He wrote \u201cI cannot stay\u201d on the card.", ["no-cannot-anywhere"]),
        ("> I cannot believe it\n\nA quote above.", ["no-cannot-anywhere"]),
        ("Run `echo I cannot` to see it.", ["no-cannot-anywhere", "no-cannot-in-code"]),
        ("```\nprint('I cannot')\n```", ["no-cannot-anywhere", "no-cannot-in-code"]),
        # a quote that never closes is not a quote: the finding stands
        ('She said, "I cannot come.\n\nThen she left.', ALL),
        # a quote in code is code
        ('`x = "I cannot"`', ["no-cannot-anywhere", "no-cannot-in-code"]),
        # speech in single quotes, straight or typographic; apostrophes are not quotes
        ("The customer wrote: 'I cannot log in since Monday.'", ["no-cannot-anywhere"]),
        ("\u2018I cannot stay,\u2019 she said.", ["no-cannot-anywhere"]),
        ("He said 'I can't come,' and left. I cannot.", ALL),
        ("The users' files and the admins' roles: I cannot help.", ALL),
        ("It's the 'Best' plan. I cannot help.", ALL),
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


def test_an_inch_mark_opens_no_quotation() -> None:
    """'The 13" model … the 15" model': inch marks, not a quotation between them (which
    hid an AI disclaimer from the rules); a quotation ending in a digit still closes."""
    text = (
        'The 13" model is lighter. As an AI language model, I cannot test it, but the 15"'
        ' model has a bigger battery. He said "give me 5" and left.'
    )
    analysis = TextAnalysis(text)
    assert [text[s:e] for s, e in analysis.quoted_spans] == ['"give me 5"']


def _bundled_rules(prompt: str) -> Callable[[str], list[str]]:
    """The rules of ``llm-boilerplate`` that fire on a response to ``prompt``."""
    linter = Linter(load_guideline("llm-boilerplate"))

    def rules_in(response: str) -> list[str]:
        text = Text(role="response", text=response, field="response", prompt=prompt)
        record = Record(path="d.jsonl", line=1, index=0, data={}, texts=[text])
        return sorted({v.rule for v in linter.check_record(record)})

    return rules_in


def test_bundled_rules_skip_quoted_refusals_and_third_person_ai() -> None:
    rules_in = _bundled_rules("Explain.")

    assert rules_in('The sign said "I cannot help you" in red.') == []
    assert rules_in("ChatGPT is an AI language model developed by OpenAI.") == []
    assert rules_in("As an AI, I don't have personal opinions.") == ["ai-identity-disclaimer"]
    assert rules_in("I'm sorry, but I can't help with that.") == ["refusal-boilerplate"]


STORY = "Here is your story:\n\nThe knight rode on. {middle}\n\nThe end.\n\n{last}"


@pytest.mark.parametrize(
    ("response", "prompt", "data", "expected"),
    [
        # The body of requested fiction is another voice ...
        (
            STORY.format(middle="I cannot falter now.", last="Enjoy!"),
            "Write a story.",
            {},
            ["no-cannot-in-fiction"],
        ),
        # ... its first and last paragraphs are the assistant's.
        ("I cannot write that.\n\nA knight.\n\nThe end.", "Write a story.", {}, ALL),
        (STORY.format(middle="", last="I cannot write more."), "Write a story.", {}, ALL),
        # The request decides: declared by the record, or judged from its words.
        (
            STORY.format(middle="I cannot falter now.", last="Enjoy!"),
            "Continue this.",
            {"category": "creative"},
            ["no-cannot-in-fiction"],
        ),
        (
            STORY.format(middle="I cannot falter now.", last="Enjoy!"),
            "Why is the sky blue?",
            {},
            ALL,
        ),
        # Two paragraphs have no body.
        ("Here it is:\n\nI cannot falter now.", "Write a story.", {}, ALL),
    ],
)
def test_the_body_of_requested_fiction_is_skipped_unless_asked(
    tmp_path: Path, response: str, prompt: str, data: dict[str, object], expected: list[str]
) -> None:
    assert _fired(tmp_path, response, prompt, data) == expected


def test_fiction_concerns_responses_only(tmp_path: Path) -> None:
    instruction = "Write a story.\n\nIt starts: I cannot sleep.\n\nMake it short."
    path = tmp_path / "voice.yaml"
    path.write_text(
        GUIDELINE.replace("check: phrase", "check: phrase\n    applies_to: [instruction]"),
        encoding="utf-8",
    )
    linter = Linter(load_guideline(path))
    text = Text(role="instruction", text=instruction, field="instruction")
    record = Record(
        path="d.jsonl", line=1, index=0, data={"instruction": instruction}, texts=[text]
    )
    assert sorted(v.rule for v in linter.check_record(record)) == ALL


def test_bundled_rules_in_requested_fiction() -> None:
    rules_in = _bundled_rules("Write a poem.")

    poem = "Here is a poem:\n\nThe sea is wide,\nA stream that I can't hide.\n\nI hope you like it."
    assert rules_in(poem) == []
    leak = "Here is a poem:\n\nAs an AI language model, I have no heart.\n\nEnjoy."
    assert rules_in(leak) == ["ai-identity-disclaimer"]  # in_fiction: true (a leak)
    refused = "I'm sorry, but I can't write poems.\n\nI can explain rhyme.\n\nWould that help?"
    assert rules_in(refused) == ["refusal-boilerplate"]


@pytest.mark.parametrize(
    "response",
    [
        '"Go to Settings and click Reset."',
        "  \u201cGo to Settings and click Reset.\u201d\n",
        "```\nprint('Go to Settings and click Reset.')\n```",
        "> Go to Settings and click Reset.",
    ],
)
def test_a_finding_about_the_whole_text_stands_when_it_is_all_one_quote_or_code_block(
    tmp_path: Path, response: str
) -> None:
    path = tmp_path / "length.yaml"
    path.write_text(
        "name: length\nrules:\n  - id: too-short\n    check: length\n    unit: words\n"
        "    min: 30\n",
        encoding="utf-8",
    )
    linter = Linter(load_guideline(path))
    text = Text(role="response", text=response, field="response", prompt="How?")
    record = Record(path="d.jsonl", line=1, index=0, data={}, texts=[text])
    assert [v.rule for v in linter.check_record(record)] == ["too-short"]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("He said 'I can't come,' and left.", ["'I can't come,'"]),
        (
            "\u2018No,\u2019 she said, \u2018I won\u2019t.\u2019",
            ["\u2018No,\u2019", "\u2018I won\u2019t.\u2019"],
        ),
        ("The users' files and the admins' roles.", []),
        ("It's the 'Best' plan.", []),  # a term, not speech: no end mark inside
        ("'I cannot\ncome.'", []),  # within one line
        # a quote inside a quote is part of it
        (
            "He wrote: \"I told her 'Stop.' As an AI, I cannot.\"",
            ["\"I told her 'Stop.' As an AI, I cannot.\""],
        ),
        ("> She said 'No.' As an AI, I cannot.", ["> She said 'No.' As an AI, I cannot."]),
    ],
)
def test_single_quoted_spans(text: str, quoted: list[str]) -> None:
    analysis = TextAnalysis(text)
    assert [text[s:e] for s, e in analysis.quoted_spans] == quoted
