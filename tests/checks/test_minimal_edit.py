"""The ``minimal_edit`` check: drafts accepted unchanged or with minor edits."""

from __future__ import annotations

import time
from typing import Any

import pytest
from annotation_records import broken, make_check, observe_all, record, run_record, text
from pydantic import ValidationError

from guidelint.checks.minimal_edit import (
    Edit,
    MinimalEditCheck,
    MinimalEditOptions,
    edit_size,
    measure_edit,
)
from guidelint.model import Severity

DRAFT = "Open Settings, then Security, and choose Reset password to get a new link."
LONG = " ".join(f"word{i}" for i in range(300))

# (draft, response, distance, similarity)
MEASURES: list[tuple[str, str, int, float]] = [
    ("a b c", "a b c", 0, 1.0),
    ("a  b\nc ", " a b c", 0, 1.0),  # white space only
    ("", "", 0, 1.0),
    ("a b c", "a x c", 1, 2 * 2 / 6),  # one replacement
    ("a b c", "a b c d", 1, 2 * 3 / 7),  # one insertion
    ("a b c d", "a c d", 1, 2 * 3 / 7),  # one deletion
    ("a b c", "A b c", 1, 2 * 2 / 6),  # case counts
    ("a b c.", "a b c!", 1, 2 * 2 / 6),  # punctuation counts
    ("a b", "x y z", 3, 0.0),  # replace 2 with 3: 3 changes
    ("", "a b", 2, 0.0),
    ("a b", "", 2, 0.0),
    # the alignment of unrelated texts is capped at rewriting every word
    ("p a1 a2 a3", "b1 b2 b3 p", 4, 2 * 1 / 8),
]


@pytest.mark.parametrize(("draft", "response", "distance", "similarity"), MEASURES)
def test_measure_edit(draft: str, response: str, distance: int, similarity: float) -> None:
    edit = measure_edit(draft, response)
    assert edit.distance == distance
    assert edit.similarity == pytest.approx(similarity)
    assert (edit.draft_words, edit.response_words) == (len(draft.split()), len(response.split()))


@pytest.mark.parametrize(
    ("edit", "options", "size"),
    [
        (Edit(0, 1.0, 10, 10), {}, "unchanged"),
        (Edit(2, 0.5, 10, 10), {}, "minor"),  # fewer than 3 words changed
        (Edit(3, 0.95, 100, 100), {}, "minor"),  # similarity above 0.9
        (Edit(3, 0.9, 30, 30), {}, "substantial"),  # at the bound: not above
        (Edit(3, 0.5, 10, 10), {}, "substantial"),
        (Edit(2, 0.5, 10, 10), {"min_changed_words": 2}, "substantial"),
        (Edit(5, 0.96, 100, 100), {"max_similarity": 1.0}, "substantial"),
        (Edit(1, 0.5, 2, 2), {"min_changed_words": 0, "max_similarity": 1.0}, "substantial"),
    ],
)
def test_edit_size(edit: Edit, options: dict[str, Any], size: str) -> None:
    assert edit_size(edit, MinimalEditOptions.model_validate(options)) == size


def pair(draft: str, response: str, **kwargs: Any) -> Any:
    return record(text("draft", draft), text("response", response), **kwargs)


# (options, draft, response, with a rule broken on the response?, [(kind, severity)])
CASES: list[tuple[dict[str, Any], str, str, bool, list[tuple[str, Severity | None]]]] = [
    ({}, DRAFT, DRAFT, False, [("unchanged", None)]),
    ({}, DRAFT, DRAFT.replace("new", "fresh"), False, [("minor", None)]),
    ({}, DRAFT, "Use the Forgot password link on the sign-in page instead.", False, []),
    ({}, DRAFT, DRAFT, True, [("poor_accepted", Severity.ERROR)]),
    ({}, DRAFT, DRAFT.replace("new", "fresh"), True, [("poor_accepted", Severity.ERROR)]),
    # a substantial rewrite that still breaks rules is the text rule's business
    ({}, DRAFT, "I cannot help with that, please ask someone else today.", True, []),
    ({"flag_unchanged": False}, DRAFT, DRAFT, False, []),
    ({"flag_minor": False}, DRAFT, DRAFT.replace("new", "fresh"), False, []),
    ({"flag_unchanged": False}, DRAFT, DRAFT, True, [("poor_accepted", Severity.ERROR)]),
    ({"poor_severity": "warning"}, DRAFT, DRAFT, True, [("poor_accepted", Severity.WARNING)]),
    # only violations at breaking_severity or worse count
    ({"breaking_severity": "error"}, DRAFT, DRAFT, False, [("unchanged", None)]),
]


@pytest.mark.parametrize(("options", "draft", "response", "breaks", "expected"), CASES)
def test_minimal_edit(
    options: dict[str, Any],
    draft: str,
    response: str,
    breaks: bool,
    expected: list[tuple[str, Severity | None]],
) -> None:
    rec = pair(draft, response)
    found = [broken(rec.texts[1])] if breaks else []
    findings = run_record("minimal_edit", options, rec, found)
    assert [(f.params["kind"], f.severity) for f in findings] == expected
    for finding in findings:
        assert finding.text is rec.texts[1]  # points at the response
        assert (finding.start, finding.end) == (0, len(response))


def test_message_names_the_broken_rules_and_the_edit() -> None:
    rec = pair(DRAFT, DRAFT.replace("new", "fresh"))
    found = [broken(rec.texts[1], "refusal-boilerplate"), broken(rec.texts[1], "ai-disclaimer")]
    (finding,) = run_record("minimal_edit", {}, rec, found)
    message = MinimalEditCheck.default_message.format(**finding.params)
    assert message == (
        "poor model draft accepted with minor edits: the response still breaks "
        "'refusal-boilerplate' and 'ai-disclaimer' (1 word changed, similarity 92%)"
    )
    assert finding.params["distance"] == 1
    assert finding.params["similarity"] == pytest.approx(24 / 26, abs=0.001)
    assert finding.params["broken_count"] == 2


def test_warnings_and_other_records_checks_do_not_count_as_breaking() -> None:
    rec = pair(DRAFT, DRAFT)
    response = rec.texts[1]
    found = [
        broken(response, severity=Severity.WARNING),
        broken(response, "preference-pair", check="preference"),  # a record-level rule
        broken(rec.texts[0]),  # on the draft, not the response
    ]
    (finding,) = run_record("minimal_edit", {}, rec, found)
    assert finding.params["kind"] == "unchanged"
    (finding,) = run_record("minimal_edit", {"breaking_severity": "warning"}, rec, found)
    assert finding.params["kind"] == "poor_accepted"


@pytest.mark.parametrize(
    ("approved", "breaks", "expected"),
    [
        (True, False, []),
        ("yes", False, []),
        (False, False, ["unchanged"]),
        (True, True, ["poor_accepted"]),
    ],
)
def test_approved_records_are_exempt_unless_poor(
    approved: object, breaks: bool, expected: list[str]
) -> None:
    rec = pair(DRAFT, DRAFT, meta={"approved": approved})
    found = [broken(rec.texts[1])] if breaks else []
    assert [f.params["kind"] for f in run_record("minimal_edit", {}, rec, found)] == expected
    kinds = run_record("minimal_edit", {"exempt_approved": False}, rec, found)
    assert [f.params["kind"] for f in kinds] == (["poor_accepted"] if breaks else ["unchanged"])


def test_records_without_draft_or_response_are_skipped() -> None:
    assert run_record("minimal_edit", {}, record(text("response", DRAFT))) == []
    assert run_record("minimal_edit", {}, record(text("draft", DRAFT))) == []


def test_each_response_pairs_with_the_draft_at_its_position() -> None:
    rec = record(
        text("draft", "a b c d e f", "d0"),
        text("response", "a b c d e f", "r0"),
        text("draft", "g h i j k l", "d1"),
        text("response", "totally new words here now", "r1"),
        text("response", "g h i j k l", "r2"),  # paired with the last draft
    )
    findings = run_record("minimal_edit", {}, rec)
    assert [(f.text.field if f.text else None) for f in findings] == ["r0", "r2"]


@pytest.mark.parametrize(
    "options",
    [{"max_similarity": 1.5}, {"min_changed_words": -1}, {"poor_severity": "fatal"}, {"nope": 1}],
)
def test_invalid_options(options: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        MinimalEditOptions.model_validate(options)


def test_report_per_annotator() -> None:
    check = make_check("minimal_edit")
    ana_poor = pair(DRAFT, DRAFT, annotator="ana")
    records = [
        (ana_poor, [broken(ana_poor.texts[1])]),
        pair(DRAFT, DRAFT.replace("new", "fresh"), annotator="ana"),
        pair(DRAFT, "Something else entirely, written from scratch by hand.", annotator="ben"),
        pair(DRAFT, DRAFT),  # no annotator
        record(text("response", "no draft here"), annotator="ben"),  # not counted
    ]
    for item in records:
        rec, found = item if isinstance(item, tuple) else (item, [])
        list(check.check_record(rec, found))  # as the engine does: check, then observe
        check.observe(rec, found)
    section = check.report()
    assert section is not None
    assert section.title == "Edit sizes per annotator (rule test-rule)"
    rows = {row["annotator"]: row for row in section.rows}
    assert list(rows) == ["(unknown)", "ana", "ben", "(all)"]
    ana = rows["ana"]
    assert (ana["drafts"], ana["unchanged"], ana["minor"], ana["substantial"]) == (2, 1, 1, 0)
    assert (ana["accepted_breaking"], ana["accepted_breaking_share"]) == (1, 0.5)
    assert rows["ben"]["accepted_breaking_share"] is None  # nothing accepted
    assert rows["(all)"]["drafts"] == 4
    assert set(section.columns) == set(ana)


def test_no_report_without_drafts() -> None:
    check = observe_all(make_check("minimal_edit"), [record(text("response", "x"))])
    assert check.report() is None


def test_word_edit_distance_is_fast_on_long_responses() -> None:
    draft = LONG
    response = " ".join(w if i % 7 else "changed" for i, w in enumerate(draft.split()))
    began = time.perf_counter()
    for _ in range(100):
        edit = measure_edit(draft, response)
    elapsed = time.perf_counter() - began
    assert edit.distance == 43
    assert elapsed < 2.0  # about 1 ms per 300-word pair


def test_report_note_counts_one_word() -> None:
    check = make_check("minimal_edit", {"min_changed_words": 1})
    check.observe(pair(DRAFT, DRAFT, annotator="ana"), [])
    section = check.report()
    assert section is not None
    assert section.notes[0].startswith(
        "unchanged: the same words as the draft; minor: fewer "
        "than 1 word changed or similarity above 90%"
    )


def test_a_composed_and_a_decomposed_accent_are_no_edit() -> None:
    """ "Café" written with a composed é and with e + a combining accent look alike: the
    draft was "accepted with minor edits" and escaped the unreviewed rule."""
    from guidelint.checks.annotation import same_text
    from guidelint.checks.minimal_edit import measure_edit

    composed, decomposed = "Caf\u00e9 au lait.", "Cafe\u0301 au lait."
    assert measure_edit(composed, decomposed).distance == 0
    assert same_text(composed, decomposed)
