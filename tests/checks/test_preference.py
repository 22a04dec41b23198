"""The ``preference`` check: missing, empty, identical and inverted preference pairs."""

from __future__ import annotations

from typing import Any

import pytest
from annotation_records import broken, record, run_record, text

from guidelint.checks.annotation import inversion
from guidelint.checks.preference import PreferenceCheck
from guidelint.model import Severity

GOOD = "Click Forgot password on the sign-in page; we email you a reset link."
BAD = "I cannot help with passwords."


def pair(chosen: str | None, rejected: str | None) -> Any:
    texts = [text("instruction", "How do I reset my password?", "prompt")]
    if chosen is not None:
        texts.append(text("chosen", chosen))
    if rejected is not None:
        texts.append(text("rejected", rejected))
    return record(*texts)


# (options, chosen, rejected, rules broken on chosen, on rejected, [(kind, side)])
CASES: list[
    tuple[dict[str, Any], str | None, str | None, list[str], list[str], list[tuple[str, str]]]
] = [
    ({}, GOOD, BAD, [], ["refusal"], []),
    ({}, GOOD, BAD, [], [], []),
    ({}, BAD, GOOD, ["refusal"], [], [("inversion", "chosen")]),
    ({}, BAD, GOOD, ["refusal", "refusal"], ["refusal"], [("inversion", "chosen")]),  # more often
    ({}, BAD, GOOD, ["refusal"], ["refusal"], []),  # equally bad
    ({}, BAD, GOOD, ["refusal"], ["refusal", "identity"], []),  # chosen still better
    ({}, BAD, GOOD, ["refusal", "identity"], ["identity"], [("inversion", "chosen")]),
    ({"check_inversion": False}, BAD, GOOD, ["refusal"], [], []),
    ({}, GOOD, GOOD, [], [], [("identical", "chosen")]),
    ({}, GOOD, " " + GOOD.replace(" ", "\n", 2) + "  ", [], [], [("identical", "chosen")]),
    ({}, GOOD, GOOD.lower(), [], [], []),  # case differs: a (weak) preference
    ({"check_identical": False}, GOOD, GOOD, [], [], []),
    ({}, GOOD, "", [], [], [("empty", "rejected")]),
    ({}, "  \n", GOOD, [], [], [("empty", "chosen")]),
    ({}, "", "", [], [], [("empty", "chosen"), ("empty", "rejected")]),  # not "identical"
    ({"check_empty": False}, GOOD, "", [], [], []),
    ({}, GOOD, None, [], [], [("missing", "rejected")]),
    ({}, None, GOOD, [], [], [("missing", "chosen")]),
    ({"check_empty": False}, GOOD, None, [], [], []),
    ({}, None, None, [], [], []),  # not a preference record
]


@pytest.mark.parametrize(
    ("options", "chosen", "rejected", "on_chosen", "on_rejected", "expected"), CASES
)
def test_preference(
    options: dict[str, Any],
    chosen: str | None,
    rejected: str | None,
    on_chosen: list[str],
    on_rejected: list[str],
    expected: list[tuple[str, str]],
) -> None:
    rec = pair(chosen, rejected)
    sides = {t.role: t for t in rec.texts}
    found = [broken(sides["chosen"], rule, span=(i, i + 1)) for i, rule in enumerate(on_chosen)]
    found += [broken(sides["rejected"], rule) for rule in on_rejected]
    findings = run_record("preference", options, rec, found)
    assert [(f.params["kind"], f.params["side"]) for f in findings] == expected


def test_inversion_points_at_the_first_violation_in_the_chosen_text() -> None:
    rec = pair("As an AI, I cannot help with passwords.", GOOD)
    chosen, rejected = rec.texts[1], rec.texts[2]
    found = [
        broken(chosen, "refusal-boilerplate", span=(10, 18)),
        broken(chosen, "ai-identity-disclaimer", span=(0, 8)),
        broken(rejected, "response-length", severity=Severity.WARNING),
    ]
    (finding,) = run_record("preference", {}, rec, found)
    assert finding.text is chosen
    assert (finding.start, finding.end) == (0, 8)
    assert PreferenceCheck.default_message.format(**finding.params) == (
        "preference may be inverted: the chosen response breaks 'refusal-boilerplate' and "
        "'ai-identity-disclaimer', which the rejected one does not"
    )
    assert (finding.params["chosen_count"], finding.params["rejected_count"]) == (2, 0)


def test_warnings_count_only_with_a_lower_breaking_severity() -> None:
    rec = pair(BAD, GOOD)
    found = [broken(rec.texts[1], severity=Severity.WARNING)]
    assert run_record("preference", {}, rec, found) == []
    findings = run_record("preference", {"breaking_severity": "warning"}, rec, found)
    assert [f.params["kind"] for f in findings] == ["inversion"]


def test_conversation_sides_with_several_turns() -> None:
    rec = record(
        text("chosen", "Hello.", "chosen[1].content"),
        text("chosen", BAD, "chosen[3].content"),
        text("rejected", "Hello.", "rejected[1].content"),
        text("rejected", GOOD, "rejected[3].content"),
    )
    found = [broken(rec.texts[1])]
    (finding,) = run_record("preference", {}, rec, found)
    assert finding.text is rec.texts[1]
    assert finding.params["kind"] == "inversion"


def test_messages_for_pairs_that_teach_nothing() -> None:
    (finding,) = run_record("preference", {}, pair(GOOD, GOOD))
    assert finding.params["problem"] == (
        "chosen and rejected responses are identical: the pair teaches no preference"
    )
    (finding,) = run_record("preference", {}, pair(GOOD, None))
    assert finding.params["problem"] == "preference pair has a chosen response but no rejected one"
    (finding,) = run_record("preference", {}, pair(GOOD, " "))
    assert finding.params["problem"] == "the rejected response of the preference pair is empty"


def test_inversion_helper() -> None:
    rec = pair(BAD, GOOD)
    a, b = rec.texts[1], rec.texts[2]
    assert inversion([], [broken(b)]) == []
    assert [v.rule for v in inversion([broken(a, "x"), broken(a, "y")], [broken(b, "x")])] == ["y"]
