"""The ``substitution`` check: outdated terms with a fix to the preferred term."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from conftest import run_check
from guidelint.checks.substitution import SubstitutionCheck, SubstitutionOptions, match_case
from guidelint.model import Fix

TERMS = {
    "terms": {
        "Nimbus Basic": "Nimbus Starter",
        "e-mail": "email",
        "utilize": "use",
        "Starter": "Nimbus Starter",
        "AI": "artificial intelligence",
        "Nimbus’s": "Nimbus Cloud's",
    }
}

# (text, [(start, end, match, suggestion)])
CASES: list[tuple[str, list[tuple[int, int, str, str]]]] = [
    ("Upgrade to Nimbus Starter by email.", []),
    ("", []),
    (
        "Upgrade to nimbus basic by e-mail.",
        [(11, 23, "nimbus basic", "Nimbus Starter"), (27, 33, "e-mail", "email")],
    ),
    ("NIMBUS BASIC is gone.", [(0, 12, "NIMBUS BASIC", "NIMBUS STARTER")]),
    ("Utilize the API.", [(0, 7, "Utilize", "Use")]),
    ("Please utilize it.", [(7, 14, "utilize", "use")]),
    ("AI helps.", [(0, 2, "AI", "artificial intelligence")]),  # term itself all caps
    # Word boundaries.
    ("Nimbus Basically works; we utilized it; AIDS", []),
    # Already part of its suggestion: not reported; a bare occurrence is.
    ("Nimbus Starter, or just Starter.", [(24, 31, "Starter", "Nimbus Starter")]),
    # Typographic apostrophe in the text and in the term.
    ("Nimbus's plans", [(0, 8, "Nimbus's", "Nimbus Cloud's")]),
    ("Nimbus’s plans", [(0, 8, "Nimbus’s", "Nimbus Cloud's")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_substitution(text: str, expected: list[tuple[int, int, str, str]]) -> None:
    findings = run_check("substitution", TERMS, text)
    got = [(f.start, f.end, f.params["match"], f.params["suggestion"]) for f in findings]
    assert got == expected
    for f in findings:
        assert f.fix == Fix(f.start, f.end, f.params["suggestion"], safe=True)
        assert text[f.start : f.end] == f.params["match"]


def test_fix_applied_gives_the_preferred_text() -> None:
    text = "Upgrade to nimbus basic by e-mail."
    findings = run_check("substitution", TERMS, text)
    for f in sorted(findings, key=lambda f: -f.start):
        assert f.fix is not None
        text = text[: f.fix.start] + f.fix.replacement + text[f.fix.end :]
    assert text == "Upgrade to Nimbus Starter by email."


def test_unsafe_list_marks_fixes_unsafe() -> None:
    (finding,) = run_check("substitution", {**TERMS, "safe": False}, "Use e-mail.")
    assert finding.fix == Fix(4, 10, "email", safe=False)


def test_case_sensitive() -> None:
    options = {"terms": {"Github": "GitHub"}, "case_sensitive": True}
    assert [f.params["match"] for f in run_check("substitution", options, "Github github")] == [
        "Github"
    ]


def test_message_and_params() -> None:
    (finding,) = run_check("substitution", TERMS, "Try Nimbus Basic.")
    assert dict(finding.params) == {
        "match": "Nimbus Basic",
        "suggestion": "Nimbus Starter",
        "term": "Nimbus Basic",
    }
    message = SubstitutionCheck.default_message.format(**finding.params)
    assert message == "use 'Nimbus Starter' instead of 'Nimbus Basic'"


@pytest.mark.parametrize(
    ("match", "term", "suggestion", "expected"),
    [
        ("nimbus basic", "Nimbus Basic", "Nimbus Starter", "Nimbus Starter"),
        ("NIMBUS BASIC", "Nimbus Basic", "Nimbus Starter", "NIMBUS STARTER"),
        ("Utilize", "utilize", "use", "Use"),
        ("Utilize", "utilize", "Use", "Use"),
        ("UTILIZE", "utilize", "use", "USE"),
        ("AI", "AI", "artificial intelligence", "artificial intelligence"),
        ("I", "i", "me", "Me"),  # one letter: capitalised, not an all-caps word
        ("e-Mail", "e-mail", "email", "email"),
    ],
)
def test_match_case(match: str, term: str, suggestion: str, expected: str) -> None:
    assert match_case(match, term, suggestion) == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "Field required"),
        ({"terms": {}}, "give at least one 'term: preferred term' pair"),
        ({"terms": {" ": "x"}}, "a term is empty"),
        ({"terms": {"e-mail": ""}}, "the replacement of 'e-mail' is empty"),
        ({"terms": {"I’m": "I'm"}}, "term 'I’m' is replaced by itself"),
        (
            {"terms": {"Nimbus Basic": "A", "nimbus basic": "B"}},
            "terms 'Nimbus Basic' and 'nimbus basic' are the same term",
        ),
        ({"terms": ["e-mail", "email"]}, "Input should be a valid dictionary"),
        ({"terms": {"a": "b"}, "fix": True}, "Extra inputs are not permitted"),
    ],
)
def test_invalid_options(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        SubstitutionOptions.model_validate(options)
    assert message in str(info.value)


def test_same_term_in_two_cases_is_fine_when_case_sensitive() -> None:
    options = {"terms": {"Github": "GitHub", "github": "GitHub"}, "case_sensitive": True}
    assert SubstitutionOptions.model_validate(options).terms == options["terms"]


def test_a_term_that_differs_from_its_suggestion_only_in_case_corrects_the_case() -> None:
    # (before, a case-insensitive rule skipped every occurrence as "already its suggestion")
    options = {"terms": {"github": "GitHub", "ios": "iOS"}}
    text = "On github, Github, GitHub and GITHUB; for ios and iOS."
    found = run_check("substitution", options, text)
    assert [(f.params["match"], f.fix.replacement) for f in found] == [
        ("github", "GitHub"),
        ("Github", "GitHub"),
        ("ios", "iOS"),
    ]


def test_no_finding_whose_fix_would_change_nothing() -> None:
    # "STRASSE" keeps its capitals, and "Straße".upper() is "STRASSE": nothing to fix
    found = run_check("substitution", {"terms": {"Strasse": "Straße"}}, "Die STRASSE, die Strasse.")
    assert [(f.params["match"], f.fix.replacement) for f in found] == [("Strasse", "Straße")]


def test_a_term_matches_whether_its_accents_are_composed_or_not() -> None:
    """``Strasse: Straße`` style terms with accents (``naïve``) match the text whether
    it writes the accent as one character (NFC) or as a combining mark (NFD)."""
    options = {"terms": {"naïve": "simple"}}
    for text in ("A naïve plan.", "A nai\u0308ve plan."):
        (found,) = run_check("substitution", options, text)
        assert found.params["match"] == text[2:-6]


def test_a_web_or_e_mail_address_is_left_as_it_is() -> None:
    """Addresses are spelt as they are, not as house style: a fix there breaks a link."""
    text = (
        "Send an e-mail to help@e-mail.org, see https://e-mail.example.com/how-to-utilize"
        " or [how to utilize it](https://example.com/how-to-utilize), www.e-mail.org."
    )
    findings = run_check("substitution", {"terms": {"e-mail": "email", "utilize": "use"}}, text)
    assert [(text[f.start : f.end], f.start) for f in findings] == [
        ("e-mail", 8),
        ("utilize", text.index("utilize it")),
    ]
