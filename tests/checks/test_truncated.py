"""``truncated``: a response that stops in the middle of a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import run_check
from guidelint import Linter, load_guideline
from guidelint.checks import check_class


@pytest.mark.parametrize(
    "text",
    [
        "Open Settings and choose Plan.",
        "Is that what you meant?",
        'He said "stop."',
        "Use it (carefully).",
        "It is **done.**",
        "Steps:\n- open Settings\n- choose Plan",
        "Run:\n\n```\npip install guidelint\n```",
        "| plan | price |\n| --- | --- |\n| Starter | $5 |",
        "Wait for it…",
        "",
        # sign-offs, links, emoji and emoticons end a text complete, if informally
        "We will fix it.\n\nBest regards,\nNimbus Support",
        "Kind regards,\nThe Nimbus team at Acme Cloud Services Inc",
        "We are sorry. Best,\nSam",
        "Done. Cheers",
        "Best regards, Anna",
        "Thanks for asking 😊",
        "Glad to help :)",
        "Great work 👍🏽",
        "Full details at https://help.nimbuscloud.com/refunds",
        "Here it is: `Use `code` in your file.`",
        "Best regards,\n[Your Name]",
        "Thanks, Anna",
        "Cheers ✨",
        "Love it :D",
    ],
)
def test_finished_texts_pass(text: str) -> None:
    assert run_check("truncated", {}, text) == []


def test_an_unfinished_last_sentence_is_reported_with_its_span() -> None:
    text = "Open Settings and choose Plan. The new price applies from"
    (finding,) = run_check("truncated", {}, text)
    assert text[finding.start : finding.end] == "The new price applies from"
    assert finding.params == {"tail": "The new price applies from"}


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        # a point inside a number or a link ends no sentence: the tail is the sentence
        ("It costs 4.50 and then", "It costs 4.50 and then"),
        ("Done. See help.example.com for the", "See help.example.com for the"),
        # what only starts like a sign-off is prose
        (
            "Thanks for your patience, I will look into",
            "Thanks for your patience, I will look into",
        ),
        ("Best of all, the plan includes", "Best of all, the plan includes"),
        ("Our best option is", "Our best option is"),
        # a sign-off's name is capitalised; a digit is no emoticon's eyes; a symbol is
        # no emoji (a review found these passing)
        ("Your order has shipped. Thanks, we will email you the", "Thanks, we will email you the"),
        ("Happy to help. Best, the next step is to open the", "Best, the next step is to open the"),
        ("in detail in the manual (see section 8)", "in detail in the manual (see section 8)"),
        ("mix the two in a ratio of 1:3", "mix the two in a ratio of 1:3"),
        ("set the value to x=3", "set the value to x=3"),
        ("Preheat the oven to 180°", "Preheat the oven to 180°"),
    ],
)
def test_unfinished_texts_that_look_finished_at_a_glance(text: str, tail: str) -> None:
    (finding,) = run_check("truncated", {}, text)
    assert text[finding.start : finding.end] == tail


def test_the_last_line_alone_is_the_tail_and_long_tails_are_shortened() -> None:
    text = "First line.\nand then the answer went on and on without ever reaching its end"
    (finding,) = run_check("truncated", {}, text)
    assert text[finding.start : finding.end].startswith("and then")
    assert finding.params["tail"] == "…" + text[-39:]


def test_endings_are_an_option() -> None:
    assert run_check("truncated", {"endings": ["."]}, "Really?") != []
    assert run_check("truncated", {"endings": [".", ":"]}, "Here are the steps:") == []
    with pytest.raises(ValidationError):
        check_class("truncated").Options.model_validate({"endings": []})


def test_a_guideline_rule_of_the_new_kind_runs_end_to_end(tmp_path: Path) -> None:
    folder = tmp_path
    (folder / "g.yaml").write_text(
        "name: g\nrules:\n  - id: cut-off-response\n    check: truncated\n    severity: warning\n",
        encoding="utf-8",
    )
    (folder / "d.jsonl").write_text(
        '{"instruction": "Plan?", "response": "Choose Plan. The price applies from"}\n'
        '{"instruction": "Plan?", "response": "Choose Plan."}\n',
        encoding="utf-8",
    )
    linter = Linter(load_guideline(folder / "g.yaml"))
    found = list(linter.check_file(folder / "d.jsonl"))
    assert [(v.line, v.rule, v.message) for v in found] == [
        (1, "cut-off-response", "the response ends mid-sentence: 'The price applies from'")
    ]
