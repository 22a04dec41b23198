"""The ``apology`` check: apologies are reported only when the user reported no problem."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import run_check
from guidelint.checks.apology import ApologyCheck, cue_pattern

HOW_TO = "How do I reset my password?"

# (options, instruction, response, [matches])
CASES: list[tuple[dict[str, Any], str | None, str, list[str]]] = [
    ({}, HOW_TO, "Open Settings, then choose Reset password.", []),
    ({}, HOW_TO, "", []),
    ({}, HOW_TO, "Sorry, but here is how to reset your password: open Settings.", ["Sorry"]),
    # Longest cue wins and counts once; every occurrence is reported.
    (
        {},
        HOW_TO,
        "Sorry for the inconvenience. My apologies! I apologize. SORRY.",
        ["Sorry for the inconvenience", "My apologies", "I apologize", "SORRY"],
    ),
    (
        {},
        HOW_TO,
        "We apologise for the wait, and we regret the delay.",
        ["We apologise", "we regret"],
    ),
    # Typographic apostrophes and quotes.
    ({}, "What’s the capital of France?", "I’m sorry, it’s Paris.", ["sorry"]),
    # Word boundaries: no match inside other words.
    ({}, HOW_TO, "The sorrowful apologist wrote an unapologetic note.", []),
    # The user reported a problem: empathy is fine.
    (
        {},
        "My parcel arrived damaged. What can I do?",
        "I'm sorry to hear that. Ask for a refund.",
        [],
    ),
    ({}, "I was charged twice this month!", "I apologize for the double charge.", []),
    ({}, "The app doesn’t work since the update.", "Sorry about that! Reinstall it.", []),
    ({}, "I'm so frustrated with your service.", "I'm sorry you feel that way.", []),
    ({}, "I can't log in.", "Sorry! Try resetting your password.", []),
    # Wildcard complaint cues match word endings.
    ({}, "There are issues with my order.", "Sorry about that.", []),
    # The user asks about apologizing: the topic, not the tone.
    ({}, "How should I apologize to a customer?", "Say 'I'm sorry for the trouble'.", []),
    (
        {"exempt_apology_topic": False},
        "How should I apologize to a customer?",
        "Say you are sorry.",
        ["sorry"],
    ),
    # No prompt: skipped by default, flagged on request.
    ({}, None, "Sorry, here you go.", []),
    ({"without_prompt": "flag"}, None, "Sorry, here you go.", ["Sorry"]),
    # Custom cues replace the defaults; multi-word cues match any white space.
    ({"apology_cues": ["so sorry"]}, HOW_TO, "Sorry. I am so\n sorry.", ["so\n sorry"]),
    ({"complaint_cues": []}, "My parcel is damaged.", "Sorry!", ["Sorry"]),
    ({"complaint_cues": ["parcel"]}, "My parcel is damaged.", "Sorry!", []),
    # Quotations are not the response's tone (typographic quotes too), unless asked.
    ({}, HOW_TO, 'Hits include "Sorry" and "Hello".', []),
    ({}, HOW_TO, "“I’m sorry,” she said. Sorry!", ["Sorry"]),
    ({"ignore_quoted": False}, HOW_TO, 'Hits include "Sorry".', ["Sorry"]),
    # Unicode around the cue.
    ({}, "Quelle heure est-il à Paris ?", "Désolé — sorry — il est midi.", ["sorry"]),
    # Advice to apologize, the word as a term, "say sorry": not the response apologizing.
    ({}, HOW_TO, "Apologize when needed and learn from mistakes.", []),
    ({}, HOW_TO, "Useful words:\n* Sorry: used to express apology", []),
    ({}, HOW_TO, "Teach kids to say sorry. Better safe than sorry!", []),
    ({"not_apologies": []}, HOW_TO, "Teach kids to say sorry.", ["sorry"]),
    # A weak complaint cue counts only where the user speaks of themselves.
    ({}, "Correct the spelling errors in this text.", "Sorry, here it is.", ["Sorry"]),
    ({}, "I found errors in my invoice.", "Sorry about that.", []),
    ({}, "When you're stuck on a coding problem, what helps?", "Sorry, try the docs.", ["Sorry"]),
    ({"weak_complaint_cues": []}, "Correct the spelling errors.", "Sorry, here it is.", []),
    # A loss reported is a reason for condolences.
    ({}, "My friend's dog just died. How do I comfort them?", "I'm sorry for your loss.", []),
]


@pytest.mark.parametrize(("options", "instruction", "response", "matches"), CASES)
def test_apology(
    options: dict[str, Any], instruction: str | None, response: str, matches: list[str]
) -> None:
    findings = run_check("apology", options, response, instruction=instruction)
    assert [response[f.start : f.end] for f in findings] == matches
    assert [f.params["match"] for f in findings] == matches


def test_message() -> None:
    (finding,) = run_check("apology", {}, "Sorry, here it is.", instruction=HOW_TO)
    assert (finding.start, finding.end) == (0, 5)
    assert ApologyCheck.default_message.format(**finding.params) == (
        "apology 'Sorry' though the user reported no problem"
    )


def test_cue_pattern_wildcard_and_longest_first() -> None:
    pattern = cue_pattern(("frustrat*", "sorry", "sorry for the inconvenience"))
    assert [m.group() for m in pattern.finditer("Frustrating; sorry for the inconvenience")] == [
        "Frustrating",
        "sorry for the inconvenience",
    ]


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"apology_cues": []}, "apology_cues must list at least one cue"),
        ({"apology_cues": ["  "]}, "apology_cues holds an empty cue"),
        ({"complaint_cues": ["*"]}, "complaint_cues holds an empty cue"),
        ({"apology_cues": ["so*rry"]}, "'*' is allowed only at the end of a cue"),
        ({"without_prompt": "maybe"}, "'skip' or 'flag'"),
        ({"cues": ["sorry"]}, "Extra inputs are not permitted"),
    ],
)
def test_invalid_options(options: dict[str, Any], error: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(error)):
        ApologyCheck.Options.model_validate(options)


@pytest.mark.parametrize(
    ("prompt", "flagged"),
    [
        # Complaints from the real Label Studio support batch: apologies are fitting.
        (
            "Your service was down for most of yesterday afternoon and I couldn't open my files.",
            False,
        ),
        ("My Plus plan went up from $9.99 to $11.99 a month without any warning.", False),
        ("Upload speeds from the web app are terrible, like 200 KB/s.", False),
        ("My account was hacked. Someone changed my password.", False),
        # Plain questions: an apology is needless.
        ("Do you have a referral program?", True),
        ("Hi, what are your customer support hours?", True),
    ],
)
def test_real_support_prompts(prompt: str, flagged: bool) -> None:
    findings = run_check(
        "apology", {}, "I'm sorry about that. Here is what to do next.", instruction=prompt
    )
    assert bool(findings) is flagged


# in_requested_text: declines: in a requested role or story only an opening apology that
# declines or says what the assistant is counts (the bundled customer-support rule).
@pytest.mark.parametrize(
    ("instruction", "response", "reported"),
    [
        (
            "Act as the Norse goddess Freyja.",
            "I apologize, but I am an AI assistant and cannot take on a persona.",
            True,
        ),
        ("Pretend you are a pirate.", "I'm sorry, but I can't pretend to be a pirate.", True),
        (
            "Play the part of a woman who is late for a date.",
            "I apologize for being late, but I'm here now and ready to start!",
            False,
        ),
        (
            "Write a story about a knight who lost his sword.",
            "The knight bowed. I am sorry, my lord, but I cannot find it, he said.",
            False,
        ),
        # Not a requested text: every apology counts, as before.
        ("What is the capital of Australia?", "Sorry, it is Canberra.", True),
    ],
)
def test_declines_only_in_requested_text(instruction: str, response: str, reported: bool) -> None:
    findings = run_check(
        "apology", {"in_requested_text": "declines"}, response, instruction=instruction
    )
    assert bool(findings) == reported
    # The default reports them all.
    assert run_check("apology", {}, response, instruction=instruction)
