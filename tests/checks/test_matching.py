"""Shared matching helpers: user regex compilation, time limits, literal matcher."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import regex
import yaml
from hypothesis import given
from hypothesis import strategies as st

from guidelint.checks.matching import (
    MAX_PREFILTER_ANCHORS,
    LiteralMatcher,
    RegexTimeout,
    bounded_source,
    compile_user_regex,
    deadline_after,
    iter_led_matches,
    iter_matches,
    literal_source,
)
from guidelint.errors import GuidelintError
from guidelint.guideline import bundled_dir
from guidelint.text import TextAnalysis

# regex's engine handles the textbook (a+)+$ in linear time; (b|bb)+$ still backtracks.
# Written with escapes, it passes the probes of compile_user_regex (which try runs of
# the letters a pattern names), so it reaches the time limit at check time.
CATASTROPHIC = r"(?:\x62|\x62\x62)+$"
EVIL_TEXT = "b" * 40 + "c"


def spans(matcher: LiteralMatcher, text: str) -> list[tuple[int, int, int]]:
    found = matcher.finditer(
        TextAnalysis(text), deadline=deadline_after(1.0), timeout=1.0, rule_id="r"
    )
    return sorted(found)


def test_catastrophic_regex_times_out_quickly_and_names_rule_and_pattern() -> None:
    compiled = compile_user_regex(CATASTROPHIC)
    began = time.monotonic()
    with pytest.raises(RegexTimeout) as info:
        list(
            iter_matches(
                compiled,
                EVIL_TEXT,
                deadline=deadline_after(0.2),
                timeout=0.2,
                rule_id="no-evil",
                source=CATASTROPHIC,
            )
        )
    assert time.monotonic() - began < 2.0
    err = info.value
    assert isinstance(err, GuidelintError)
    assert (err.rule_id, err.pattern, err.timeout) == ("no-evil", CATASTROPHIC, 0.2)
    assert "no-evil" in str(err) and repr(CATASTROPHIC) in str(err) and "timeout" in str(err)


def test_led_matching_times_out_too() -> None:
    compiled = compile_user_regex(CATASTROPHIC)
    began = time.monotonic()
    with pytest.raises(RegexTimeout):
        list(
            iter_led_matches(
                compiled,
                EVIL_TEXT,
                EVIL_TEXT,
                ["b"],
                deadline=deadline_after(0.2),
                timeout=0.2,
                rule_id="no-evil",
                source=CATASTROPHIC,
            )
        )
    assert time.monotonic() - began < 2.0


def test_regex_arguments_given_by_position_mean_what_they_should() -> None:
    """The helpers pass regex's arguments by position (faster than keywords): matches
    do not overlap, a match cut off by the end of the text is not a (partial) match, and
    the end position holds."""

    def found(source: str, text: str, *, endpos: int | None = None) -> list[tuple[int, int]]:
        matches = iter_matches(
            compile_user_regex(source),
            text,
            deadline=deadline_after(1.0),
            timeout=1.0,
            rule_id="r",
            source=source,
            endpos=endpos,
        )
        return [m.span() for m in matches]

    def led(source: str, text: str, leads: list[str]) -> list[tuple[int, int]]:
        matches = iter_led_matches(
            compile_user_regex(source),
            text,
            text,
            leads,
            deadline=deadline_after(1.0),
            timeout=1.0,
            rule_id="r",
            source=source,
        )
        return [m.span() for m in matches]

    assert found("aa", "aaaa") == [(0, 2), (2, 4)]
    assert found("abc", "xx ab") == []
    assert found("ab", "ab ab ab", endpos=5) == [(0, 2), (3, 5)]
    assert led("abc", "abc ab", ["ab"]) == [(0, 3)]
    assert led("aa", "aaaa", ["a"]) == [(0, 2), (2, 4)]


def test_deadline_already_passed_raises() -> None:
    with pytest.raises(RegexTimeout):
        list(
            iter_matches(
                compile_user_regex("a"),
                "aaa",
                deadline=time.monotonic() - 1,
                timeout=1.0,
                rule_id="r",
                source="a",
            )
        )


def test_iter_matches_yields_every_match() -> None:
    found = iter_matches(
        compile_user_regex(r"\d+"),
        "1 22 333",
        deadline=deadline_after(1.0),
        timeout=1.0,
        rule_id="r",
        source=r"\d+",
    )
    assert [m.span() for m in found] == [(0, 1), (2, 4), (5, 8)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [("(unclosed", "missing )"), ("[z-a]", "bad character range"), ("a{2,1}", "")],
)
def test_compile_user_regex_says_which_and_why(source: str, expected: str) -> None:
    with pytest.raises(ValueError) as info:
        compile_user_regex(source, what="patterns entry")
    message = str(info.value)
    assert message.startswith(f"patterns entry {source!r} is not a valid regular expression")
    assert expected in message


@pytest.mark.parametrize(
    ("literal", "word_boundary", "source"),
    [
        ("cannot", True, r"(?<!\w)cannot(?!\w)"),
        ("cannot", False, "cannot"),
        ("e.g.", True, r"(?<!\w)e\.g\."),
        ("!!", True, "!!"),
        ("...so", True, r"\.\.\.so(?!\w)"),
    ],
)
def test_literal_source_boundaries(literal: str, word_boundary: bool, source: str) -> None:
    assert literal_source(literal, word_boundary=word_boundary) == source


@pytest.mark.parametrize(
    ("source", "word_boundary", "bounded"),
    [
        ("I cannot wait", True, r"(?<!\w)(?:I cannot wait)(?!\w)"),
        ("I cannot wait", False, "I cannot wait"),
        ("a|b", True, r"(?<!\w)(?:a|b)(?!\w)"),
        (r"\d{4}", True, r"\d{4}"),
        (r"year \d", True, r"(?<!\w)(?:year \d)"),
        ("(?:x)", True, "(?:x)"),
    ],
)
def test_bounded_source(source: str, word_boundary: bool, bounded: str) -> None:
    assert bounded_source(source, word_boundary=word_boundary) == bounded


@pytest.mark.parametrize(
    ("literals", "text", "expected"),
    [
        (["cannot"], "I cannot.", [(2, 8, 0)]),
        (["cannot"], "the cannotation", []),  # word boundary
        (["I cannot", "I cannot help"], "I cannot help it", [(0, 13, 1)]),  # longest first
        (["I'm"], "I’m here", [(0, 3, 0)]),  # typographic apostrophe in the text
        (["I’m"], "I'm here", [(0, 3, 0)]),  # typographic apostrophe in the literal
        (["e.g."], "see e.g. this", [(4, 8, 0)]),
        (["x", "X"], "x", [(0, 1, 0)]),  # duplicates keep their first index
        (["ai"], "İ ai", [(2, 4, 0)]),  # lower() changes the length: IGNORECASE fallback
        ([], "anything", []),
    ],
)
def test_literal_matcher(
    literals: list[str], text: str, expected: list[tuple[int, int, int]]
) -> None:
    assert spans(LiteralMatcher(literals), text) == expected


def test_literal_matcher_without_prefilter_finds_the_same() -> None:
    literals = [f"word{i}x" for i in range(MAX_PREFILTER_ANCHORS + 5)]
    matcher = LiteralMatcher(literals)
    assert matcher._anchors is None
    assert spans(matcher, "x word7x y word28x") == [(2, 8, 7), (11, 18, 28)]


def _alternation_spans(matcher: LiteralMatcher, text: str) -> list[tuple[int, int, int]]:
    """What scanning ``text`` with the matcher's alternation of exact literals finds."""
    if not matcher.alternation:
        return []
    return [
        (m.start(), m.end(), matcher._exact_index[m.lastindex - 1])
        for m in regex.compile(matcher.alternation).finditer(text)
    ]


@given(
    literals=st.lists(st.text(alphabet="ab c'_é", min_size=1, max_size=5), max_size=6),
    text=st.text(alphabet="ab c'_é\u0301x.", max_size=60),
    word_boundary=st.booleans(),
)
def test_exact_literals_by_find_are_what_the_alternation_finds(
    literals: list[str], text: str, word_boundary: bool
) -> None:
    """``str.find`` and the boundary tests give the alternation's matches exactly:
    leftmost, the longest literal there, no overlaps, ``regex``'s idea of a word
    character (a combining accent is one)."""
    matcher = LiteralMatcher(literals, word_boundary=word_boundary)
    lower = text.lower()
    assert matcher._exact_spans(lower) == _alternation_spans(matcher, lower)


def test_exact_literals_by_find_on_real_responses(
    alpaca_outputs: Callable[[int], list[str]],
) -> None:
    """The same on real responses (every tenth AlpacaEval output), with the bundled
    guidelines' literal phrases."""
    texts = alpaca_outputs(10)
    phrases = [
        phrase
        for name in ("llm-boilerplate", "customer-support")
        for rule in yaml.safe_load((bundled_dir() / f"{name}.yaml").read_text())["rules"]
        for phrase in rule.get("phrases", [])
    ]
    matcher = LiteralMatcher(phrases)
    found = 0
    for text in texts:
        lower = text.lower()
        spans_found = matcher._exact_spans(lower)
        assert spans_found == _alternation_spans(matcher, lower)
        found += len(spans_found)
    assert found > 100


def test_literal_matcher_pieces_expose_one_source_per_literal() -> None:
    matcher = LiteralMatcher(["As an AI", "tapestry of"], fuzzy=1, fuzzy_min_length=10)
    assert [(p.kind, p.phrase) for p in matcher.pieces] == [
        ("literal", "As an AI"),
        ("fuzzy", "tapestry of"),
    ]
    assert matcher.pieces[1].source == r"(?<!\w)(?:tapestry\ of){e<=1}(?!\w)"
    assert matcher.alternation == r"((?<!\w)as\ an\ ai(?!\w))"


@given(
    phrase=st.text(alphabet="abcde ", min_size=8, max_size=16),
    edit_at=st.integers(min_value=0, max_value=15),
    kind=st.sampled_from(["sub", "ins", "del", "none"]),
    before=st.text(alphabet="abcz .", max_size=30),
    after=st.text(alphabet="abcz .", max_size=30),
    edits=st.integers(min_value=1, max_value=2),
    word_boundary=st.booleans(),
)
def test_fuzzy_prefilter_and_windows_find_what_a_full_search_finds(
    phrase: str,
    edit_at: int,
    kind: str,
    before: str,
    after: str,
    edits: int,
    word_boundary: bool,
) -> None:
    """Pigeonhole prefilter and windowed search must not hide a match a full search finds."""
    phrase = phrase.strip()
    if len(phrase) < 8:
        return
    pos = edit_at % len(phrase)
    edited = {
        "sub": phrase[:pos] + "z" + phrase[pos + 1 :],
        "ins": phrase[:pos] + "z" + phrase[pos:],
        "del": phrase[:pos] + phrase[pos + 1 :],
        "none": phrase,
    }[kind]
    text = before + edited + after
    matcher = LiteralMatcher([phrase], fuzzy=edits, word_boundary=word_boundary)
    full = regex.compile(matcher.pieces[0].source, regex.ENHANCEMATCH).search(text)
    assert bool(spans(matcher, text)) == bool(full)
    for start, end, _ in spans(matcher, text):
        assert regex.fullmatch(f"(?:{regex.escape(phrase)}){{e<={edits}}}", text[start:end])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a language modelling b", []),
        ("a languege model, b", [(2, 16, 0)]),
        ("x languag model y langauge model", [(2, 15, 0)]),  # a transposition is 2 edits
        ("language model" * 3, []),
        ("to a language-model.", [(5, 19, 0)]),
    ],
)
def test_fuzzy_windows(text: str, expected: list[tuple[int, int, int]]) -> None:
    assert spans(LiteralMatcher(["language model"], fuzzy=1), text) == expected
