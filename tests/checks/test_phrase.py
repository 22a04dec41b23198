"""The ``phrase`` check: banned literals and regexes, fuzzy, exceptions, time limits."""

from __future__ import annotations

import time
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import run_check
from guidelint.checks.matching import RegexTimeout
from guidelint.checks.phrase import PhraseCheck, PhraseOptions, first_of_overlapping

AI = {"phrases": ["as an AI language model", "I'm just a language model"]}

# (options, text, [(start, end, match, phrase)])
CASES: list[tuple[dict[str, Any], str, list[tuple[int, int, str, str]]]] = [
    (AI, "Here is a summary of the article.", []),
    (AI, "", []),
    (
        AI,
        "As an AI language model, I can't.",
        [(0, 23, "As an AI language model", AI["phrases"][0])],
    ),
    # Typographic apostrophe in the text; span still indexes the original.
    (
        AI,
        "Sorry, I’m just a language model.",
        [(7, 32, "I’m just a language model", "I'm just a language model")],
    ),
    # ... and in the phrase.
    ({"phrases": ["I’m sorry"]}, "I'm sorry.", [(0, 9, "I'm sorry", "I’m sorry")]),
    # A letter with an accent written as one character (NFC) or as a letter and a
    # combining accent (NFD) is the same letter, in the text and in the phrase.
    ({"phrases": ["naïve"]}, "A nai\u0308ve plan.", [(2, 8, "nai\u0308ve", "naïve")]),
    ({"phrases": ["nai\u0308ve"]}, "A naïve plan.", [(2, 7, "naïve", "nai\u0308ve")]),
    (
        {"phrases": ["naïve"], "fuzzy": 1, "fuzzy_min_length": 5},
        "A nai\u0308ve plan.",
        [(2, 8, "nai\u0308ve", "naïve")],
    ),
    # ... bounded after its combining accent ("cafés" and "cafétéria" are other words)
    ({"phrases": ["café"]}, "Two cafe\u0301s, one cafe\u0301te\u0301ria.", []),
    ({"phrases": ["cafe"]}, "A cafe\u0301 here.", []),
    # Word boundaries.
    ({"phrases": ["AI"]}, "I said we maintain AIDS research.", []),
    ({"phrases": ["AI"], "word_boundary": False}, "I said", [(3, 5, "ai", "AI")]),
    ({"phrases": ["delve"]}, "We delved into it.", []),
    ({"phrases": ["e.g."]}, "Fruit, e.g. apples.", [(7, 11, "e.g.", "e.g.")]),
    # Case.
    ({"phrases": ["Certainly"], "case_sensitive": True}, "certainly not", []),
    ({"phrases": ["Certainly"]}, "CERTAINLY not", [(0, 9, "CERTAINLY", "Certainly")]),
    # Longest literal first; overlapping matches reported once.
    (
        {"phrases": ["I cannot", "I cannot help"]},
        "I cannot help you.",
        [(0, 13, "I cannot help", "I cannot help")],
    ),
    # Several matches, in order.
    (
        {"phrases": ["delve", "tapestry"]},
        "A tapestry to delve into; delve!",
        [
            (2, 10, "tapestry", "tapestry"),
            (14, 19, "delve", "delve"),
            (26, 31, "delve", "delve"),
        ],
    ),
    # Regex patterns (case-insensitive by default, on plain quotes).
    (
        {"patterns": [r"\bI(?:'m| am) (?:just|only) an? (?:AI|bot)\b"]},
        "I’m only a bot.",
        [(0, 14, "I’m only a bot", r"\bI(?:'m| am) (?:just|only) an? (?:AI|bot)\b")],
    ),
    ({"patterns": [r"x*"]}, "no empty matches", []),
    # Literal and pattern overlapping: reported once.
    (
        {"phrases": ["great question"], "patterns": [r"\bgreat question[!.]"]},
        "Great question! Yes.",
        [(0, 15, "Great question!", r"\bgreat question[!.]")],
    ),
]


@pytest.mark.parametrize(("options", "text", "expected"), CASES)
def test_phrase(
    options: dict[str, Any], text: str, expected: list[tuple[int, int, str, str]]
) -> None:
    findings = run_check("phrase", options, text)
    got = [(f.start, f.end, f.params["match"], f.params["phrase"]) for f in findings]
    assert got == expected
    for f in findings:
        assert text[f.start : f.end] == f.params["match"]
        assert f.params["count"] == len(expected)


@pytest.mark.parametrize(
    ("options", "text", "caught"),
    [
        ({"fuzzy": 1}, "As an Al language model, I can't.", True),
        ({}, "As an Al language model, I can't.", False),
        ({"fuzzy": 1}, "As an AI langauge model", False),  # a transposition is two edits
        ({"fuzzy": 2}, "As an AI langauge model", True),
        ({"fuzzy": 1}, "As a AI language model", True),
        ({"fuzzy": 1}, "As an ML engineer, I build language models.", False),
    ],
)
def test_fuzzy(options: dict[str, Any], text: str, caught: bool) -> None:
    findings = run_check("phrase", {**AI, **options}, text)
    assert bool(findings) == caught
    for f in findings:
        assert f.params["phrase"] == "as an AI language model"
        assert not f.params["match"].startswith(" ") and not f.params["match"].endswith(" ")


def test_fuzzy_match_span_is_the_phrase_not_surrounding_spaces() -> None:
    findings = run_check("phrase", {"phrases": ["I cannot"], "fuzzy": 1}, "Sorry, I cannot.")
    assert [(f.start, f.end, f.params["match"]) for f in findings] == [(7, 15, "I cannot")]


@pytest.mark.parametrize(
    ("options", "text", "caught"),
    [
        ({"phrases": ["delve"], "fuzzy": 1}, "We delves into it.", False),  # < 8 chars: exact
        ({"phrases": ["delve"], "fuzzy": 1, "fuzzy_min_length": 5}, "We delves into", True),
        # One edit per 8 characters: "I cannot" gets one edit even with fuzzy: 2.
        ({"phrases": ["I cannot"], "fuzzy": 2}, "It is can not done", False),
        ({"phrases": ["I cannot"], "fuzzy": 2}, "I can not", True),
        ({"phrases": ["I cannot"], "fuzzy": 2, "fuzzy_min_length": 4}, "It is can not", True),
    ],
)
def test_fuzzy_min_length(options: dict[str, Any], text: str, caught: bool) -> None:
    assert bool(run_check("phrase", options, text)) == caught


BAN_CANNOT = {
    "phrases": ["I cannot", "I can't"],
    "exceptions": ["I cannot recommend .{1,40} enough", "I cannot wait", "I can’t believe"],
}


@pytest.mark.parametrize(
    ("options", "text", "spans"),
    [
        (BAN_CANNOT, "I cannot recommend the Starter plan enough.", []),
        (BAN_CANNOT, "I cannot do that.", [(0, 8)]),
        (BAN_CANNOT, "I cannot do that. I cannot recommend it enough.", [(0, 8)]),
        (BAN_CANNOT, "I CANNOT RECOMMEND IT ENOUGH. I can't believe it! I can’t.", [(50, 57)]),
        (BAN_CANNOT, "I cannot wait! I cannot waiter. I cannot go.", [(15, 23), (32, 40)]),
        # A plain phrase is an exception too; word boundaries can be turned off.
        ({"phrases": ["cannot"], "exceptions": ["I cannot stress"]}, "I cannot stress", []),
        (
            {"phrases": ["can"], "exceptions": ["can do"], "word_boundary": False},
            "We can do. Scandal.",
            [(12, 15)],
        ),
        # An exception that only overlaps the match does not excuse it.
        ({"phrases": ["I cannot"], "exceptions": ["cannot wait"]}, "I cannot wait", [(0, 8)]),
    ],
)
def test_exceptions(options: dict[str, Any], text: str, spans: list[tuple[int, int]]) -> None:
    findings = run_check("phrase", options, text)
    assert [(f.start, f.end) for f in findings] == spans
    assert all(f.params["count"] == len(spans) for f in findings)


def test_default_message_uses_params() -> None:
    (finding,) = run_check("phrase", AI, "Well, as an AI language model…")
    message = PhraseCheck.default_message.format(**finding.params)
    assert message == "banned phrase 'as an AI language model'"
    custom = "{phrase} ×{count}: {match}".format(**finding.params)
    assert custom == "as an AI language model ×1: as an AI language model"


def test_pieces_for_merging() -> None:
    options = PhraseOptions.model_validate(
        {"phrases": ["delve", "as an AI language model"], "patterns": ["fo+"], "fuzzy": 1}
    )
    pieces = PhraseCheck(options, rule_id="r").pieces()
    assert [(p.kind, p.phrase) for p in pieces] == [
        ("literal", "delve"),
        ("fuzzy", "as an AI language model"),
        ("regex", "fo+"),
    ]
    assert pieces[0].source == r"(?<!\w)delve(?!\w)"
    assert pieces[-1].source == "(?i:fo+)"


def test_regex_timeout_names_rule_and_pattern() -> None:
    evil = r"(?:\x62|\x62\x62)+$"  # (escaped: it passes the load-time probes)
    began = time.monotonic()
    with pytest.raises(RegexTimeout) as info:
        run_check("phrase", {"patterns": [evil], "timeout": 0.2}, "b" * 40 + "c")
    assert time.monotonic() - began < 2.0
    assert info.value.rule_id == "test-rule"
    assert info.value.pattern == evil


def test_regex_timeout_in_exception() -> None:
    options = {"phrases": ["b"], "exceptions": [r"(?:\x62|\x62\x62)+$"], "timeout": 0.2}
    with pytest.raises(RegexTimeout):
        run_check("phrase", options, "b " + "b" * 40 + "c")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "give at least one of 'phrases' (literals) or 'patterns' (regexes)"),
        ({"phrases": []}, "give at least one of 'phrases'"),
        (
            {"patterns": ["(unclosed"]},
            "patterns entry '(unclosed' is not a valid regular expression",
        ),
        (
            {"phrases": ["x"], "exceptions": ["[z-a]"]},
            "exceptions entry '[z-a]' is not a valid regular expression",
        ),
        ({"phrases": ["ok", "  "]}, "the 2nd entry is empty"),
        ({"phrases": ["x"], "fuzzy": 5}, "fuzzy must be between 0 (exact) and 3 edits, got 5"),
        ({"phrases": ["x"], "fuzzy": -1}, "fuzzy must be between 0"),
        ({"phrases": ["x"], "timeout": 0}, "greater than 0"),
        ({"phrases": ["x"], "phrase": ["y"]}, "Extra inputs are not permitted"),
        ({"phrases": "as an AI"}, "Input should be a valid list"),
    ],
)
def test_invalid_options(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        PhraseOptions.model_validate(options)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("matches", "kept"),
    [
        ([], []),
        ([(5, 9, 0), (0, 3, 1)], [(0, 3, 1), (5, 9, 0)]),
        ([(0, 5, 0), (0, 9, 1), (3, 6, 2)], [(0, 9, 1)]),
        ([(0, 4, 0), (4, 8, 1)], [(0, 4, 0), (4, 8, 1)]),
    ],
)
def test_first_of_overlapping(
    matches: list[tuple[int, int, int]], kept: list[tuple[int, int, int]]
) -> None:
    assert first_of_overlapping(matches) == kept


def test_words_of_a_web_or_e_mail_address_are_not_phrases() -> None:
    text = "Never utilize jargon: https://example.com/utilize-this, utilize@example.com."
    findings = run_check("phrase", {"phrases": ["utilize"]}, text)
    assert [f.start for f in findings] == [6]
