"""The ``unreviewed`` check: model drafts kept without a review."""

from __future__ import annotations

from typing import Any

import pytest
from annotation_records import make_check, observe_all, record, run_record, text
from pydantic import ValidationError

from guidelint.checks.annotation import approval
from guidelint.checks.unreviewed import UnreviewedCheck, UnreviewedOptions, reviewer_name

DRAFT = "Open Settings, then Security, and choose Reset password."
EDITED = "Open Settings, then Security, and click Reset password; we email you a link."


def ai(response: str = DRAFT, draft: str = DRAFT, **data: Any) -> Any:
    return record(text("draft", draft), text("response", response), data=data)


# (options, record, [kind])
CASES: list[tuple[dict[str, Any], Any, list[str]]] = [
    ({}, ai(), ["unreviewed"]),
    (
        {},
        ai(response="  Open Settings,  then Security, and\nchoose Reset password. "),
        ["unreviewed"],
    ),
    ({}, ai(response=EDITED), []),  # edited by someone: not the draft
    ({}, ai(reviewer="ana"), []),
    ({}, ai(approved=True), []),
    ({}, ai(approved="yes"), []),
    ({}, ai(reviewer="ana", approved=False), ["not_approved"]),
    ({}, ai(response=EDITED, approved="rejected"), ["not_approved"]),
    ({"flag_not_approved": False}, ai(approved=False), []),
    ({}, ai(reviewer=""), ["unreviewed"]),  # an empty reviewer is no mark
    ({}, ai(approved="maybe"), ["unreviewed"]),  # not a flag: no mark
    ({}, ai(reviewer={"email": "ana@example.com"}), []),
    # nested, configurable fields
    ({"reviewer_field": "review.by"}, ai(review={"by": "ana"}), []),
    ({"reviewer_field": "review.by"}, ai(reviewer="ana"), ["unreviewed"]),
    ({"approved_field": "review.ok"}, ai(review={"ok": False}), ["not_approved"]),
    ({"approved_field": "qa[0].approved"}, ai(qa=[{"approved": 1}]), []),
    # no draft: not AI-assisted, nothing to say
    ({}, record(text("response", DRAFT)), []),
]


@pytest.mark.parametrize(("options", "rec", "expected"), CASES)
def test_unreviewed(options: dict[str, Any], rec: Any, expected: list[str]) -> None:
    findings = run_record("unreviewed", options, rec)
    assert [f.params["kind"] for f in findings] == expected
    for finding in findings:
        assert finding.text is rec.texts[1]


def test_review_metadata_from_the_reader_is_honoured() -> None:
    # Readers (e.g. Label Studio) put review metadata of the annotation in record.meta.
    rec = record(text("draft", DRAFT), text("response", DRAFT), meta={"reviewer": "rita"})
    assert run_record("unreviewed", {}, rec) == []
    rec = record(text("draft", DRAFT), text("response", DRAFT), meta={"approved": False})
    assert [f.params["kind"] for f in run_record("unreviewed", {}, rec)] == ["not_approved"]


def test_messages() -> None:
    (finding,) = run_record("unreviewed", {"reviewer_field": "review.by"}, ai())
    message = UnreviewedCheck.default_message.format(**finding.params)
    assert message == (
        "response is the model draft unchanged and has no review mark (no 'review.by' or "
        "'approved'): have it reviewed, or record the review"
    )
    (finding,) = run_record("unreviewed", {}, ai(reviewer="sam", approved=False))
    assert finding.params["outcome"].startswith("response was turned down by reviewer 'sam'")
    assert (finding.start, finding.end) == (0, len(DRAFT))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        ("Approved", True),
        (" no ", False),
        ("accepted", True),
        ("declined", False),
        (None, None),
        ("maybe", None),
        (2, None),
        ([True], None),
    ],
)
def test_approval(value: object, expected: bool | None) -> None:
    assert approval(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ana", "ana"),
        (7, "7"),
        ({"id": 3, "email": "a@x.org"}, "a@x.org"),
        ({"id": 3}, "3"),
        ("", None),
        (None, None),
        (True, None),
        ([], None),
        ({}, None),
    ],
)
def test_reviewer_name(value: object, expected: str | None) -> None:
    assert reviewer_name(value) == expected


def test_invalid_options() -> None:
    with pytest.raises(ValidationError):
        UnreviewedOptions.model_validate({"reviewer": "x"})


def test_report_review_rate_per_reviewer() -> None:
    check = observe_all(
        make_check("unreviewed"),
        [
            ai(reviewer="rita", approved=True),
            ai(response=EDITED, reviewer="rita", approved=True),
            ai(reviewer="sam", approved=False),
            ai(approved=True),  # approved, nobody named
            ai(),
            ai(response=EDITED),
            record(text("response", DRAFT)),  # no draft: not counted
        ],
    )
    section = check.report()
    assert section is not None
    assert section.title == "Review rate per reviewer (rule test-rule)"
    rows = {row["reviewer"]: row for row in section.rows}
    assert list(rows) == ["(anonymous)", "rita", "sam", "(no review)"]
    assert rows["rita"] == {
        "reviewer": "rita",
        "records": 2,
        "share": round(2 / 6, 4),
        "approved": 2,
        "not_approved": 0,
        "unchanged": 1,
    }
    assert (rows["sam"]["not_approved"], rows["(no review)"]["records"]) == (1, 2)
    assert rows["(no review)"]["unchanged"] == 1
    assert section.notes[0] == "4 of 6 records with a model draft were reviewed (66.7%)."
    assert "1 unreviewed response is the model draft unchanged." in section.notes


def test_no_report_without_drafts() -> None:
    check = observe_all(make_check("unreviewed"), [record(text("response", DRAFT))])
    assert check.report() is None
