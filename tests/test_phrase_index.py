"""Prefilters and the phrase index skip a rule only when it cannot match."""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from guidelint.checks.base import Target
from guidelint.checks.matching import deadline_after, iter_led_matches
from guidelint.checks.phrase import PhraseCheck
from guidelint.engine import Linter
from guidelint.guideline import bundled_names
from guidelint.model import Record, Text
from guidelint.text import TextAnalysis, to_plain
from guidelint.text.phrase_index import MERGE_ABOVE, PhraseIndex
from guidelint.text.prefilter import (
    Prefilter,
    PrefilterSet,
    leading_literals,
    literal_prefilter,
    minimal,
    regex_prefilter,
)

TRICKY = [
    "As an AI language model, I cannot browse.",
    "As an Al language model",
    "I’m just a language model.",
    "ſorry İ ı",
    "SORRY!!",
    "I CAN'T HELP WITH THAT",
    "Nimbus  Basic",
    "DO NOT SHARE THIS",
    "being an AI",
    "as of my last update in 2021",
    "\u00a0I am\u00a0an AI",
]


@pytest.mark.parametrize(
    ("source", "flags", "lower", "cased"),
    [
        (r"!{2,}", 0, (), ("!!",)),
        (
            r"I(?:'m| am) (?:just )?an AI",
            regex.IGNORECASE,
            ("i'm an ai", "i am an ai", "i'm just an ai", "i am just an ai"),
            (),
        ),
        (r"I(?:'m| am) (?:just )?\w", regex.IGNORECASE, ("i am ", "i'm "), ()),
        (r"as of my (?:last )?update", regex.IGNORECASE, ("as of my ",), ()),
        (r"^Source: \S+", regex.MULTILINE, (), ("Source: ",)),
        (r"colou?r", 0, (), ("color", "colour")),
    ],
)
def test_anchors_of_a_regex(
    source: str, flags: int, lower: tuple[str, ...], cased: tuple[str, ...]
) -> None:
    prefilter = regex_prefilter(source, flags)
    assert prefilter is not None
    assert (sorted(prefilter.lower), sorted(prefilter.cased)) == (sorted(lower), sorted(cased))


@pytest.mark.parametrize(
    "source",
    [r"(?:foo){e<=1}", r"[[:alpha:]]+x", r"a|", r"\w+", r"(?V1)abc", r"x(?-i:ab)", r"\p{L}abc"],
)
def test_no_prefilter_where_none_is_safe(source: str) -> None:
    prefilter = regex_prefilter(source, regex.IGNORECASE)
    assert prefilter is None or all(len(a) > 1 for a in prefilter.lower + prefilter.cased)
    if "{e<=" in source or "[:" in source or "\\p" in source:
        assert prefilter is None


# Texts of capitals, other letters and white space, where runs and stretches matter.
_CAPS_TEXTS = st.text(alphabet="ABXYZab \t\n-É", max_size=30)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["[A-Z]{2,}", "[A-Z]{3}", "[ \\t]+", " ", "-", r"\b", "[ab]", "X"]),
        min_size=2,
        max_size=6,
    ),
    st.data(),
)
def test_runs_within_a_stretch_never_hide_a_match(pieces: list[str], data: st.DataObject) -> None:
    source = "".join(pieces)
    prefilter = regex_prefilter(source, 0)
    if prefilter is None:
        return
    compiled = re.compile(source)
    matching = st.from_regex(compiled, alphabet=st.characters(codec="utf-8"))
    for text in data.draw(st.lists(matching | _CAPS_TEXTS, min_size=1, max_size=8)):
        if compiled.search(text):
            assert prefilter.may_match(TextAnalysis(text)), (source, text)


@pytest.mark.parametrize(
    ("text", "maybe"),
    [
        ("ABC XYZ", True),
        ("ABC \t  XYZ and more", True),
        ("ABCXYZ", True),  # two runs of three, as far as a prefilter can tell
        ("ABC, XYZ", False),  # the comma ends the stretch
        ("ABC x XYZ", False),
        ("AB XYZ", False),
        ("ABC\nXYZ", False),
    ],
)
def test_runs_within_one_stretch(text: str, maybe: bool) -> None:
    prefilter = regex_prefilter(r"[A-Z]{3}[ \t]+[A-Z]{3}", 0)
    assert prefilter is not None and prefilter.runs[0][1:] == (3, 2, True)
    assert prefilter.may_match(TextAnalysis(text)) is maybe
    assert bool(re.search(r"[A-Z]{3}[ \t]+[A-Z]{3}", text)) <= maybe


def test_runs_of_capitals() -> None:
    prefilter = regex_prefilter(r"\b[A-Z]{2,}(?:[ \t]+[A-Z]{2,}){2,}\b", 0)
    assert prefilter is not None and prefilter.runs[0][1:] == (2, 3, True)
    assert prefilter.may_match(TextAnalysis("Please DO NOT SHARE it"))
    assert not prefilter.may_match(TextAnalysis("An API and a CSV file"))


# Regexes built from pieces that exercise literals, alternatives, repeats, classes.
_PIECES = st.sampled_from(
    [
        "a",
        "b",
        "ab",
        "I'm ",
        "(?:x|yz)",
        "[ab]",
        "[A-Z]",
        "c?",
        "d+",
        "e{2}",
        "f{1,3}",
        r"\b",
        r"(?!q)",
        ".",
        r"\d",
        "(?:g|)",
        "(?i:h)",
        "[^a]",
        " ",
        "!",
        "-",
        "'",
        "[A-Z]{2,}",
        "[ \\t]+",
        "(?:[ \\t]+[A-Z]{2,}){2,}",
        "(?:[A-D]{2}|X)",
        "[XYZ]{2,3}?",
    ]
)
_TEXTS = st.text(alphabet="abcdefghqxyzABDIMXYZ '!-\u2019İıſ0123456789\n", max_size=40)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=6), st.booleans(), st.lists(_TEXTS, max_size=6))
def test_a_regex_prefilter_never_hides_a_match(
    pieces: list[str], fold: bool, texts: list[str]
) -> None:
    source = "".join(pieces)
    flags = regex.IGNORECASE if fold else 0
    prefilter = regex_prefilter(source, flags)
    if prefilter is None:
        return
    compiled = regex.compile(source, flags)
    for text in texts:
        analysis = TextAnalysis(text)
        if compiled.search(analysis.plain) or compiled.search(text):
            assert prefilter.may_match(analysis), (source, text)


def _led_matches(source: str, flags: int, text: str) -> list[tuple[int, int]] | None:
    """What :func:`iter_led_matches` finds, or None when the pattern has no leads or
    the text cannot be searched for them (as the phrase check decides)."""
    leads = leading_literals(source, flags)
    analysis = TextAnalysis(text)
    if leads is None:
        return None
    haystack = analysis.lower_plain if flags & regex.IGNORECASE else analysis.plain
    if flags & regex.IGNORECASE and not analysis.fold_safe:
        return None
    found = iter_led_matches(
        regex.compile(source, flags),
        analysis.plain,
        haystack,
        leads,
        deadline=deadline_after(5.0),
        timeout=5.0,
        rule_id="r",
        source=source,
    )
    return [m.span() for m in found]


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=6), st.booleans(), st.lists(_TEXTS, max_size=6))
def test_trying_a_regex_at_its_leads_finds_what_a_scan_finds(
    pieces: list[str], fold: bool, texts: list[str]
) -> None:
    source = "".join(pieces)
    flags = regex.IGNORECASE if fold else 0
    compiled = regex.compile(source, flags)
    for text in texts:
        led = _led_matches(source, flags, text)
        if led is not None:
            plain = TextAnalysis(text).plain
            assert led == [m.span() for m in compiled.finditer(plain) if m.end() > m.start()]


@pytest.mark.parametrize(
    ("source", "flags", "leads"),
    [
        # (grown until the shortest has 8 characters; shortest first)
        (
            r"\bI(?:'m| am) (?:just|only) an AI",
            regex.IGNORECASE,
            ("i'm just", "i'm only", "i am just", "i am only"),
        ),
        (
            r"(?<!\bact )\bas (?:a|an|your) assistant",
            regex.IGNORECASE,
            ("as a ass", "as an ass", "as your ass"),
        ),
        (r"\bmy (?:knowledge )?cutoff", regex.IGNORECASE, ("my cutof", "my knowledge cutof")),
        (r"Nimbus (?:Basic|Pro)", 0, ("Nimbus Pro", "Nimbus Basic")),  # cased
        (
            r"(?:however,? )?as an AI",
            regex.IGNORECASE,
            ("as an ai", "however as an ai", "however, as an ai"),
        ),
        (r"(?:a|b)c", 0, ("ac", "bc")),
        # a class, a repeat, one character: anything may begin a match, or too much
        (r"[\w-]+ AI", regex.IGNORECASE, None),
        (r"\d+ ways", 0, None),
        (r"x", 0, None),
    ],
)
def test_leading_literals(source: str, flags: int, leads: tuple[str, ...] | None) -> None:
    assert leading_literals(source, flags) == leads


def test_an_inline_case_flag_gets_no_leads() -> None:
    """A case-sensitive rule whose pattern turns case-insensitivity on itself is
    scanned: its leads would be lower-cased and looked for in the text as written."""
    assert leading_literals(r"(?i)as an ai\b", 0) is None
    assert leading_literals(r"(?i)as an ai\b", regex.IGNORECASE) == ("as an ai",)
    options = {"patterns": [r"(?i)as an ai\b"], "case_sensitive": True}
    check = PhraseCheck(PhraseCheck.Options(**options), "r")
    analysis = TextAnalysis("As an AI, I can't.")
    found = list(check._matches(analysis, deadline_after(5.0)))
    assert [(start, end) for start, end, _ in found] == [(0, 8)]


def test_leads_of_the_bundled_patterns_find_what_a_scan_finds(
    alpaca_outputs: Callable[[int], list[str]],
) -> None:
    """Every pattern of the bundled guidelines, on every twentieth AlpacaEval response:
    the led search finds exactly the scan's matches (and most patterns have leads)."""
    import yaml

    from guidelint.guideline import bundled_dir

    texts = alpaca_outputs(20)
    sources = [
        to_plain(pattern)
        for name in bundled_names()
        for rule in yaml.safe_load((bundled_dir() / f"{name}.yaml").read_text())["rules"]
        if rule.get("check") == "phrase"
        for pattern in rule.get("patterns", [])
    ]
    led = [s for s in sources if leading_literals(s, regex.IGNORECASE) is not None]
    assert len(led) >= 0.8 * len(sources) > 30
    found = 0
    analyses = [TextAnalysis(text) for text in texts]
    for source in led:
        compiled = regex.compile(source, regex.IGNORECASE)
        prefilter = regex_prefilter(source, regex.IGNORECASE)
        for analysis in analyses:
            if prefilter is not None and not prefilter.may_match(analysis):
                continue  # (no match: test_a_regex_prefilter_never_hides_a_match)
            text = analysis.text
            spans = _led_matches(source, regex.IGNORECASE, text)
            plain = TextAnalysis(text).plain
            expected = [m.span() for m in compiled.finditer(plain) if m.end() > m.start()]
            assert spans is None or spans == expected, (source, text[:80])
            found += len(expected)
    assert found > 100


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="abc' !", min_size=1, max_size=6), min_size=1, max_size=30), _TEXTS
)
def test_the_merged_search_finds_every_anchor(anchors: list[str], text: str) -> None:
    # Padding past MERGE_ABOVE makes the index use its automaton, not substring tests.
    padding = [f"zz{n}" for n in range(MERGE_ABOVE + 1)]
    for wanted in (anchors, anchors + padding):
        index = PhraseIndex([Prefilter(lower=tuple(wanted))])
        index_many = PhraseIndex([Prefilter(lower=(a,)) for a in wanted])
        lower = (text + "\U0001f600 zz3 \u00e9").lower()  # also past the BMP
        expected = {a for a in wanted if a in lower}
        assert index.present(lower) == expected
        assert index_many.present(lower) == expected


def test_a_text_the_automaton_cannot_take_gets_substring_tests() -> None:
    # A JSON "\ud800" escape decodes to a lone surrogate, which is not UTF-8: the Rust
    # automaton refuses such a text, so the index tests each anchor instead.
    anchors = ["as an ai", "sorry", "i cannot", "regret"]
    index = PhraseIndex([Prefilter(lower=tuple(anchors))])
    assert index._automaton is not None  # (more anchors than MERGE_ABOVE)
    text = "sorry \ud800 as an ai, i cannot"
    assert index.present(text) == {"sorry", "as an ai", "i cannot"}
    assert index.present("fine") == set()


def test_literal_prefilter_needs_ascii() -> None:
    assert literal_prefilter(["café"], lower=True) is None
    assert literal_prefilter(["as an ai", "as an ai model"], lower=True) == Prefilter(
        lower=("as an ai",)
    )


def _findings(linter: Linter, text: str, prompt: str, skip_index: bool) -> list[Any]:
    record = Record(path="x", line=1, index=0, data={}, texts=[])
    response = Text("response", text, "response", prompt=prompt)
    plan = linter._plan("response")
    analysis = TextAnalysis(text)
    skipped = set() if skip_index else plan.index.skipped(analysis)
    found = []
    for position, compiled in enumerate(plan.rules):
        if position in skipped:
            continue
        found += [
            (compiled.rule.id, f.start, f.end)
            for f in compiled.check.check(Target(response, record, analysis))
        ]
    return found


@pytest.mark.parametrize("text", TRICKY)
def test_the_index_changes_no_finding(text: str) -> None:
    linter = Linter("customer-support")
    for prompt in ("How do I reset my password?", "My order is broken"):
        assert _findings(linter, text, prompt, False) == _findings(linter, text, prompt, True)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from([*TRICKY, "plain words", "\n\n- a list\n", "WOW", "!"]), max_size=5)
)
def test_the_index_changes_no_finding_in_mixed_texts(parts: list[str]) -> None:
    linter = _LINTER
    text = " ".join(parts)
    assert _findings(linter, text, "Why?", False) == _findings(linter, text, "Why?", True)


_LINTER = Linter("customer-support")


# -- the anchors chosen are those of the exhaustive walk ----------------------------------------


@functools.cache
def _pure_prefilter() -> Any:
    """guidelint.text.prefilter loaded again from its source file, as pure Python: the
    oracle subclasses its walk, which a compiled (mypyc) class would refuse. The module
    under test stays the one installed (compiled in CI)."""
    from guidelint.text import prefilter

    source = Path(prefilter.__file__ or "").with_name("prefilter.py")
    spec = importlib.util.spec_from_file_location("_prefilter_oracle", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


def _exhaustive_best(candidates: Any) -> tuple[str, ...] | None:
    """The choice of anchors as first written: every candidate weighed, min() over all."""
    minimal = _pure_prefilter().minimal

    usable = [minimal(c) for c in candidates if c and all(len(s) > 1 and s.isascii() for s in c)]
    if not usable:
        return None
    return min(
        usable,
        key=lambda c: (min(map(len, c)) < 3, -min(*map(len, c), 8), len(c), -min(map(len, c))),
    )


def _exhaustive_anchors(source: str, flags: int) -> tuple[str, ...] | None:
    """The anchors of ``source`` from every window of exact parts, none left out and no
    list cut short (the oracle of the pruned walk in guidelint.text.prefilter)."""
    module = _pure_prefilter()

    class Exhaustive(module._Walk):  # type: ignore[name-defined,misc]
        def sequence(self, items: list[tuple[Any, Any]]) -> Any:
            info = super().sequence(items)  # (its exact strings, runs and alphabet)
            infos = [self.node(op, av) for op, av in items]
            required = [r for part in infos for r in part.required]
            for i in range(len(infos)):
                window: Any = module._EMPTY
                for part in infos[i:]:
                    if part.exact is None or window is None:
                        break
                    window = module._product(window, part.exact)
                    if window is not None and "" not in window:
                        required.append(window)
            return module._Info(info.exact, tuple(required), info.runs, info.chars, info.alphabet)

        def _branch(self, alternatives: list[Any]) -> Any:
            info = super()._branch(alternatives)
            limit = module.MAX_ALTERNATIVES
            required: frozenset[str] | None = frozenset()
            for alt in alternatives:
                best = _exhaustive_best(alt.required)
                if required is None or best is None or len(required) + len(best) > limit:
                    required = None
                else:
                    required = required | frozenset(best)
            kept = (required,) if required else ()
            return module._Info(info.exact, kept, (), None, info.alphabet)

    parsed = module._sre_parse.parse(source, flags & module._PARSE_FLAGS)
    fold = bool(parsed.state.flags & re.IGNORECASE)
    return _exhaustive_best(Exhaustive(fold).sequence(list(parsed)).required)


def _bundled_regexes() -> list[str]:
    from guidelint.guideline import load_guideline

    sources: list[str] = []
    for name in ("customer-support", "llm-boilerplate", "annotation-types"):
        for rule in load_guideline(name).rules:
            for key in ("patterns", "pattern", "exceptions"):
                value = getattr(rule.options, key, None)
                values = [value] if isinstance(value, str) else list(value or ())
                sources += [v for v in values if isinstance(v, str)]
    return sorted(set(sources))


@pytest.mark.parametrize("fold", [False, True])
def test_the_pruned_walk_chooses_the_anchors_of_the_exhaustive_one(fold: bool) -> None:
    sources = _bundled_regexes()
    assert len(sources) > 30  # (the bundled phrase rules' regexes are there to compare)
    flags = regex.IGNORECASE if fold else 0
    for source in sources:
        prefilter = regex_prefilter(source, flags)
        if prefilter is None or prefilter.runs:
            continue
        anchors = prefilter.lower or prefilter.cased
        expected = _exhaustive_anchors(source, flags)
        assert expected is not None, source
        assert sorted(anchors) == sorted(expected), source


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=8), st.booleans())
def test_the_pruned_walk_agrees_on_generated_regexes(pieces: list[str], fold: bool) -> None:
    source = "".join(pieces)
    flags = regex.IGNORECASE if fold else 0
    prefilter = regex_prefilter(source, flags)
    if prefilter is None or prefilter.runs:
        return
    expected = _exhaustive_anchors(source, flags)
    assert expected is not None
    assert sorted(prefilter.lower or prefilter.cased) == sorted(expected), source


# -- the patterns of one phrase rule, gated from what the index found ----------------------------

_GATE_ANCHORS = ["i am ", "i'm ", "ai", "as an ai", "as an ai la", "model", "!!", "xyz"]
_GATE_PREFILTERS = st.one_of(
    st.none(),
    st.builds(
        Prefilter,
        lower=st.lists(st.sampled_from(_GATE_ANCHORS), min_size=1, max_size=3).map(tuple),
        cased=st.sampled_from([(), ("AI",), ("!!",)]),
    ),
)
_GATE_TEXTS = st.lists(
    st.sampled_from(["I am", "I'm", " an AI", "As an AI language model", "mOdel", "!!", "İ", "x"]),
    max_size=6,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_GATE_PREFILTERS, max_size=6), _GATE_TEXTS, st.booleans(), st.booleans())
def test_a_prefilter_set_answers_as_each_prefilter(
    prefilters: list[Prefilter | None], text: str, indexed: bool, partial: bool
) -> None:
    """PrefilterSet.possible, from the anchors the index noted or without them, is the
    exhaustive test of every prefilter on its own."""
    exhaustive = [
        i for i, p in enumerate(prefilters) if p is None or p.may_match(TextAnalysis(text))
    ]
    analysis = TextAnalysis(text)
    if indexed:  # the index searched every anchor (or, partial, only some of them)
        searched = [a for p in prefilters if p is not None for a in p.lower]
        PhraseIndex(
            [Prefilter(lower=tuple(searched[: len(searched) // 2 if partial else None]))]
            if searched
            else []
        ).skipped(analysis)
    gate = PrefilterSet(prefilters)
    assert gate.possible(analysis) == exhaustive
    assert gate.possible(analysis) == exhaustive  # (the covered set remembered)


def test_the_literal_prefilter_holds_every_anchor_finditer_asks_about() -> None:
    """The fuzzy pieces ("as an ai lan") and the exact literals are searched by the index,
    so the phrase rules make no substring test of their own (and skip the same texts)."""
    linter = Linter("llm-boilerplate")
    for compiled in linter._plan("response").rules:
        check = compiled.check
        if not isinstance(check, PhraseCheck) or not check.literals:
            continue
        prefilter = check.literals.prefilter()
        assert prefilter is not None
        asked = set(check.literals.anchors)
        assert asked <= set(prefilter.lower)
        minimal_only = literal_prefilter(check.literals.anchors, lower=True)
        assert minimal_only is not None
        for text in [*TRICKY, "as an ai lan", "nguage model", "I can not"]:
            analysis = TextAnalysis(text)
            assert prefilter.may_match(analysis) == minimal_only.may_match(analysis)


def _corpus_records(limit: int) -> list[dict[str, Any]]:
    path = (
        Path(__file__).resolve().parents[2] / "shared" / "data" / "alpaca_eval" / "outputs.jsonl.gz"
    )
    if not path.exists():
        pytest.skip(f"no AlpacaEval outputs at {path}")
    import gzip
    import json

    found = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number % 29 == 0:  # every generator, many prompts
                found.append(json.loads(line))
                if len(found) >= limit:
                    break
    return found


class _EveryPattern:
    """In place of a phrase rule's PrefilterSet: every pattern may match."""

    def __init__(self, check: PhraseCheck):
        self.count = len(check.regexes)

    def possible(self, analysis: TextAnalysis) -> list[int]:
        return list(range(self.count))


@pytest.mark.parametrize("guideline", ["customer-support", "llm-boilerplate"])
def test_the_fast_paths_change_no_finding_on_real_responses(
    guideline: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On real responses: the index and the per-pattern gates find what running every
    pattern of every rule on every text finds."""
    linter = Linter(guideline)
    records = _corpus_records(500)
    fast = [_findings(linter, r["output"], r["instruction"], False) for r in records]
    for compiled in linter._plan("response").rules:
        if isinstance(compiled.check, PhraseCheck):
            monkeypatch.setattr(compiled.check, "_regex_gate", _EveryPattern(compiled.check))
    exhaustive = [_findings(linter, r["output"], r["instruction"], True) for r in records]
    assert fast == exhaustive
    assert sum(map(len, fast)) > 20  # (the sample holds findings to compare)


def _minimal_as_first_written(anchors: list[str]) -> set[str]:
    kept: list[str] = []
    for anchor in sorted(set(anchors), key=len):
        if not any(k in anchor for k in kept):
            kept.append(anchor)
    return set(kept)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="abc ", min_size=1, max_size=6), max_size=40))
def test_minimal_keeps_the_anchors_no_other_is_inside(anchors: list[str]) -> None:
    # (set lookups of substrings now, rather than each kept anchor searched for: a list
    # of 20,000 phrases took 25 s to load, now about 1 s)
    found = minimal(anchors)
    assert set(found) == _minimal_as_first_written(anchors)
    assert [len(a) for a in found] == sorted(len(a) for a in found)
