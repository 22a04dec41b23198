"""The ``tokens`` check: spaCy Matcher patterns on a blank English tokenizer."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import make_record, run_check
from guidelint.checks import tokens
from guidelint.checks.base import Target
from guidelint.checks.tokens import TokensCheck, TokensOptions
from guidelint.errors import GuidelineError
from guidelint.text import TextAnalysis


def make_target(text: str) -> Target:
    record = make_record(text)
    return Target(record.texts[-1], record, TextAnalysis(text))


AI = {
    "patterns": [
        [{"LOWER": "as"}, {"LOWER": {"IN": ["an", "a"]}}, {"LOWER": "ai"}],
        [
            {"LOWER": "i"},
            {"LOWER": "'m"},
            {"LOWER": "just", "OP": "?"},
            {"LOWER": "a"},
            {"LOWER": "language"},
            {"LOWER": "model"},
        ],
    ]
}

# (options, text, [(start, end, match, pattern index)])
CASES: list[tuple[dict[str, Any], str, list[tuple[int, int, str, int]]]] = [
    (AI, "Our AI assistant answers in seconds.", []),
    (AI, "", []),
    (AI, "   ", []),
    (AI, "As an AI, I can't do that.", [(0, 8, "As an AI", 0)]),
    (AI, "Well, as a AI model", [(6, 13, "as a AI", 0)]),
    # Typographic apostrophe: "’m" is tokenised and compared as "'m".
    (AI, "Sorry. I’m just a language model.", [(7, 32, "I’m just a language model", 1)]),
    (AI, "I'm a language model", [(0, 20, "I'm a language model", 1)]),
    # Lower-case attribute names, REGEX, LENGTH, IS_* and OP work on a blank pipeline.
    (
        {"patterns": [[{"text": {"regex": "^colou?r$"}}]]},
        "Colour and color",
        [(11, 16, "color", 0)],
    ),
    (
        {"patterns": [[{"LENGTH": {">=": 12}}]]},
        "short words, then antidisestablishment",
        [(18, 38, "antidisestablishment", 0)],
    ),
    (
        {"patterns": [[{"IS_UPPER": True, "LENGTH": {">=": 2}, "OP": "{3,}"}]]},
        "THIS IS VERY LOUD, ok",
        [(0, 17, "THIS IS VERY LOUD", 0)],
    ),
    ({"patterns": [[{"LIKE_NUM": True}, {"LOWER": "%"}]]}, "Up 12 % today", [(3, 7, "12 %", 0)]),
    ({"patterns": [[{"IS_PUNCT": True, "OP": "{3}"}]]}, "Wait!!! ok", [(4, 7, "!!!", 0)]),
    ({"patterns": [[{"ORTH": "Ok"}]]}, "ok Ok OK", [(3, 5, "Ok", 0)]),
    (
        {"patterns": [[{"IS_TITLE": True}, {"IS_TITLE": True}]]},
        "see New York now",
        [(4, 12, "New York", 0)],
    ),
]


@pytest.mark.parametrize(("options", "text", "expected"), CASES)
def test_tokens(
    options: dict[str, Any], text: str, expected: list[tuple[int, int, str, int]]
) -> None:
    findings = run_check("tokens", options, text)
    got = [(f.start, f.end, f.params["match"], f.params["pattern"]) for f in findings]
    assert got == expected
    for f in findings:
        assert text[f.start : f.end] == f.params["match"]
        assert f.params["count"] == len(expected)


def test_overlapping_matches_keep_the_longest() -> None:
    options = {"patterns": [[{"LOWER": "very", "OP": "+"}, {"LOWER": "good"}]]}
    findings = run_check("tokens", options, "very very very good, very good")
    assert [f.params["match"] for f in findings] == ["very very very good", "very good"]


def test_message() -> None:
    (finding,) = run_check("tokens", AI, "As an AI, no.")
    assert TokensCheck.default_message.format(**finding.params) == (
        "forbidden token sequence 'As an AI'"
    )


def test_importing_the_module_does_not_import_spacy() -> None:
    code = (
        "import sys, guidelint.checks.tokens as t\n"
        "t.TokensOptions.model_validate({'patterns': [[{'LOWER': 'ai'}]]})\n"
        "assert 'spacy' not in sys.modules, 'spacy imported too early'\n"
        "t.TokensCheck(t.TokensOptions.model_validate({'patterns': [[{'LOWER': 'ai'}]]}))\n"
        "assert 'spacy' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_blank_pipeline_is_shared() -> None:
    first = TokensCheck(TokensOptions.model_validate(AI), rule_id="a")
    second = TokensCheck(TokensOptions.model_validate(AI), rule_id="b")
    assert first.nlp is second.nlp is tokens.blank_nlp()
    assert first.nlp.pipe_names == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "Field required"),
        ({"patterns": []}, "give a list of patterns, each a list of tokens"),
        (
            {"patterns": [{"LOWER": "ai"}]},
            "this looks like a single pattern: wrap it in another list",
        ),
        ({"patterns": [[{"LOWER": "ai"}], []]}, "pattern 1 must be a non-empty list"),
        ({"patterns": [["ai"]]}, 'pattern 0, token 0 must be a mapping such as {LOWER: "ai"}'),
        ({"patterns": [[{}]]}, "pattern 0, token 0 must be a mapping"),
        (
            {"patterns": [[{"LOWER": "a"}, {"POS": "NOUN"}]]},
            "pattern 0, token 1: POS needs a trained spaCy pipeline",
        ),
        ({"patterns": [[{"lemma": "be"}]]}, "lemma needs a trained spaCy pipeline"),
        ({"patterns": [[{"LOWR": "ai"}]]}, "unknown token attribute 'LOWR' (did you mean LOWER?)"),
        (
            {"patterns": [[{"TEXT": {"REGEX": "(ai"}}]]},
            "pattern 0, token 0: REGEX '(ai' is not a valid regular expression",
        ),
        ({"patterns": [[{"LOWER": "ai"}]], "fuzzy": 1}, "Extra inputs are not permitted"),
    ],
)
def test_invalid_options(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        TokensOptions.model_validate(options)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("patterns", "message"),
    [
        ([[{"LOWER": {"FOO": ["x"]}}]], "tokens pattern 0 is invalid"),
        ([[{"LOWER": "ai"}], [{"LENGTH": "long"}]], "tokens pattern 1 is invalid"),
    ],
)
def test_spacy_rejects_pattern_with_index(patterns: list[Any], message: str) -> None:
    """What spaCy alone can tell: when the check is made (OP and IS_ values are told
    when the guideline loads, below)."""
    options = TokensOptions.model_validate({"patterns": patterns})
    with pytest.raises(GuidelineError) as info:
        TokensCheck(options, rule_id="no-ai")
    text = str(info.value)
    assert message in text and "rule 'no-ai'" in text


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        ([{"LOWER": "as"}, {"LOWER": "ai"}], [(True, ("as",)), (True, ("ai",))]),
        (
            [{"ORTH": "["}, {"LOWER": {"IN": ["insert", "tbd"]}}],
            [(False, ("[",)), (True, ("insert", "tbd"))],
        ),
        ([{"LOWER": "very", "OP": "+"}, {"LOWER": "x", "OP": "?"}], [(True, ("very",))]),
        ([{"LOWER": "a", "OP": "{0,2}"}, {"LOWER": "b", "OP": "{2}"}], [(True, ("b",))]),
        ([{"LOWER": "a", "OP": "!"}, {"LOWER": "b", "OP": "*"}], []),
        ([{"IS_PUNCT": True}, {"LOWER": {"REGEX": "^a"}}], []),
    ],
)
def test_required_strings(pattern: list[dict[str, Any]], needs: list[Any]) -> None:
    assert tokens._required_strings(pattern) == needs


PREFILTER_TEXTS = [
    "",
    "Best regards,\n[Your Name]",
    "Best regards, your name",
    "[INSERT date here]",
    "As an AI model",
    "İ [your company]",  # lower() changes the length: no prefilter
    "very very good",
]


@pytest.mark.parametrize(
    "patterns",
    [
        [
            [
                {"ORTH": "["},
                {"LOWER": "your"},
                {"LOWER": {"IN": ["name", "company"]}},
                {"ORTH": "]"},
            ],
            [{"ORTH": "["}, {"LOWER": "insert"}, {"OP": "*", "IS_PUNCT": False}, {"ORTH": "]"}],
        ],
        [[{"LOWER": "as"}, {"LOWER": "an"}, {"LOWER": "ai"}], [{"IS_PUNCT": True, "OP": "{3}"}]],
        [[{"LOWER": "very", "OP": "+"}, {"LOWER": "good"}]],
    ],
)
def test_prefilter_changes_no_result(patterns: list[Any]) -> None:
    check = TokensCheck(TokensOptions.model_validate({"patterns": patterns}), rule_id="r")
    for text in PREFILTER_TEXTS:
        with_prefilter = run_check("tokens", {"patterns": patterns}, text)
        needs, check._needs = check._needs, None
        target = make_target(text)
        assert with_prefilter == list(check.check(target)), text
        check._needs = needs


@pytest.mark.parametrize(
    ("patterns", "message"),
    [
        ([[{"LOWER": "ai", "OP": "x"}]], "pattern 0, token 0: OP is one of !, ?, +, *"),
        ([[{"LOWER": "as"}, {"OP": "++"}]], "pattern 0, token 1: OP is one of"),
        ([[{"LOWER": "ai"}], [{"IS_PUNCT": "maybe"}]], "pattern 1, token 0: IS_PUNCT is true or"),
    ],
)
def test_operators_and_flags_are_told_when_the_guideline_loads(
    patterns: list[Any], message: str
) -> None:
    # (with the rule's place in the file and the other problems; before, spaCy's schema
    # error came only once the guideline was valid, without a place)
    with pytest.raises(ValidationError) as info:
        TokensOptions.model_validate({"patterns": patterns})
    assert message in str(info.value)


def test_op_counts_are_accepted() -> None:
    for op in ("!", "?", "+", "*", "{2}", "{1,3}", "{2,}", "{,3}"):
        options = TokensOptions.model_validate({"patterns": [[{"LOWER": "a", "OP": op}]]})
        TokensCheck(options, rule_id="r")  # (and spaCy takes them)
