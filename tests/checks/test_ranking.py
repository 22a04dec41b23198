"""The ``ranking`` check: complete, well-numbered rankings whose best candidate is best."""

from __future__ import annotations

from typing import Any

import pytest
from annotation_records import broken, record, run_record, text

from guidelint.checks.ranking import RankingCheck, RankingOptions, is_order


def ranking(*ranks: int | None) -> Any:
    texts = [text("instruction", "How do I reset my password?", "prompt")]
    for number, rank in enumerate(ranks):
        texts.append(
            text("candidate", f"Answer number {number}.", f"data.items[{number}].body", rank=rank)
        )
    return record(*texts)


# (options, ranks, [(kind, index of the candidate pointed at)])
CASES: list[tuple[dict[str, Any], tuple[int | None, ...], list[tuple[str, int]]]] = [
    ({}, (1, 2, 3), []),
    ({}, (3, 1, 2), []),
    ({}, (1, 2), []),
    ({}, (1,), [("too_few", 0)]),
    ({"min_candidates": 1}, (1,), []),
    ({"min_candidates": 4}, (1, 2, 3), [("too_few", 0)]),
    ({}, (1, None, 2), [("unranked", 1)]),
    ({}, (None, None), [("unranked", 0)]),
    ({}, (1, 1, 2), [("tie", 1)]),
    ({}, (2, 1, 1), [("tie", 2)]),
    ({}, (1, 2, 4), [("out_of_range", 2)]),
    ({}, (0, 1, 2), [("out_of_range", 0)]),
    ({"allow_ties": True}, (1, 1, 2), []),  # dense
    ({"allow_ties": True}, (1, 1, 3), []),  # competition
    ({"allow_ties": True}, (1, 1, 1), []),
    ({"allow_ties": True}, (1, 3, 3), [("gap", 0)]),
    ({"allow_ties": True}, (2, 2, 3), [("gap", 0)]),
    ({"allow_ties": True}, (1, 2, 4), [("out_of_range", 2)]),
]


@pytest.mark.parametrize(("options", "ranks", "expected"), CASES)
def test_ranking_order(
    options: dict[str, Any], ranks: tuple[int | None, ...], expected: list[tuple[str, int]]
) -> None:
    rec = ranking(*ranks)
    candidates = rec.texts[1:]
    findings = run_record("ranking", options, rec)
    assert [(f.params["kind"], candidates.index(f.text)) for f in findings] == expected


def test_no_candidates_no_findings() -> None:
    assert run_record("ranking", {}, record(text("response", "An answer."))) == []


@pytest.mark.parametrize(
    ("ranks", "ties", "valid"),
    [
        ((1, 2, 3), False, True),
        ((), False, True),
        ((1, 1), False, False),
        ((1, 1), True, True),
        ((1, 2, 2, 4), True, True),
        ((1, 2, 2, 3), True, True),
        ((1, 3), True, False),
    ],
)
def test_is_order(ranks: tuple[int, ...], ties: bool, valid: bool) -> None:
    assert is_order(ranks, ties) is valid


# (ranks, candidates breaking rules as {index: [rules]}, expected (kind, index, lower_rank))
TOP: list[tuple[tuple[int, ...], dict[int, list[str]], list[tuple[str, int, int]]]] = [
    ((1, 2, 3), {}, []),
    ((1, 2, 3), {0: ["refusal"]}, [("top_breaks", 0, 2)]),
    ((2, 1, 3), {1: ["refusal"]}, [("top_breaks", 1, 2)]),
    ((1, 2, 3), {0: ["refusal"], 1: ["refusal"]}, [("top_breaks", 0, 3)]),  # 3 passes
    ((1, 2, 3), {0: ["refusal"], 1: ["refusal"], 2: ["refusal"]}, []),  # all equally bad
    (
        (1, 2, 3),
        {0: ["refusal", "refusal"], 1: ["refusal"], 2: ["refusal"]},
        [("top_breaks", 0, 2)],
    ),
    ((1, 2, 3), {1: ["refusal"]}, []),  # only a lower one breaks rules
]


@pytest.mark.parametrize(("ranks", "breaking", "expected"), TOP)
def test_top_ranked_candidate_breaks_rules_a_lower_one_passes(
    ranks: tuple[int, ...], breaking: dict[int, list[str]], expected: list[tuple[str, int, int]]
) -> None:
    rec = ranking(*ranks)
    candidates = rec.texts[1:]
    found = [broken(candidates[i], rule) for i, rules in breaking.items() for rule in rules]
    findings = run_record("ranking", {}, rec, found)
    got = [(f.params["kind"], candidates.index(f.text), f.params["lower_rank"]) for f in findings]
    assert got == expected
    assert run_record("ranking", {"check_top": False}, rec, found) == []


def test_tied_top_candidates_are_each_checked() -> None:
    rec = ranking(1, 1, 3)
    candidates = rec.texts[1:]
    found = [broken(candidates[0]), broken(candidates[1])]
    findings = run_record("ranking", {"allow_ties": True}, rec, found)
    assert [candidates.index(f.text) for f in findings] == [0, 1]


def test_messages() -> None:
    (finding,) = run_record("ranking", {}, ranking(1, 1, 2))
    assert RankingCheck.default_message.format(**finding.params) == (
        "rank 1 is given to 2 candidates: ties are not allowed (set allow_ties: true to allow them)"
    )
    assert finding.params["ranks"] == "1, 1, 2"
    (finding,) = run_record("ranking", {}, ranking(1, None, None))
    assert finding.params["problem"] == "2 of 3 candidates have no rank: rank every candidate"
    assert finding.params["ranks"] == "1, -, -"
    (finding,) = run_record("ranking", {"allow_ties": True}, ranking(2, 2, 3))
    assert finding.params["problem"] == (
        "ranks 2, 2, 3 skip rank 1: rank the 3 candidates 1 to 3 without gaps"
    )
    rec = ranking(1, 2)
    found = [broken(rec.texts[1], "ai-identity-disclaimer", span=(7, 13))]
    (finding,) = run_record("ranking", {}, rec, found)
    assert finding.params["problem"] == (
        "the top-ranked candidate breaks 'ai-identity-disclaimer', which the candidate ranked 2 "
        "passes: the ranking may be inverted"
    )
    assert (finding.start, finding.end) == (7, 13)


def test_options_validated() -> None:
    with pytest.raises(ValueError, match="min_candidates"):
        RankingOptions.model_validate({"min_candidates": 0})


def test_messages_count_one_candidate() -> None:
    (finding,) = run_record("ranking", {"min_candidates": 1}, ranking(None))
    assert finding.params["problem"] == "1 of 1 candidate has no rank: rank every candidate"
    (finding,) = run_record("ranking", {"min_candidates": 1}, ranking(2))
    assert finding.params["problem"] == "rank 2 is outside 1-1: rank the 1 candidate 1 to 1"
