"""Label Studio JSON exports: one record per annotation, located where it starts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader_helpers import FIXTURES, read, write

from guidelint.fields import FieldMapping
from guidelint.model import READ_ERRORS, UNREAD_LABELS, Record
from guidelint.readers import read_records
from guidelint.readers.base import ReadStats

EXPORT = FIXTURES / "labelstudio_export.json"


def test_one_record_per_annotation_at_its_line() -> None:
    result = read(EXPORT)
    assert [(r.line, r.item_id, r.annotator) for r in result.records] == [
        (10, "1", "1"),
        (51, "1", "3"),  # completed_by as a user object: named by its id
        (133, "3", "1"),
    ]
    emails = [r.meta.get("annotator_email") for r in result.records]
    assert emails == [None, "carol@example.com", None]
    assert [r.meta["key"] for r in result.records] == ["1/11", "1/13", "3/31"]
    assert {r.schema for r in result.records} == {"labelstudio"}


def test_cancelled_annotations_and_tasks_without_annotations_are_counted() -> None:
    stats = read(EXPORT).stats
    assert stats.notes["cancelled annotations skipped"] == 1
    assert stats.notes["tasks without annotations"] == 1
    assert stats.schemas == {"labelstudio": 3}


def test_instruction_response_labels_and_draft() -> None:
    first = read(EXPORT).records[0]
    assert [(t.role, t.field, t.text) for t in first.texts] == [
        ("instruction", "data.instruction", "Summarize the ticket.\n\nMy order is late."),
        ("response", "annotations[0].result[0].value.text[0]", "The customer's order is late."),
        ("draft", "predictions[0].result[0].value.text[0]", "Draft: the order is late."),
    ]
    assert first.texts[1].prompt == "Summarize the ticket.\n\nMy order is late."
    assert first.labels == {"quality": 4, "tone": "neutral"}
    assert first.meta["annotation_id"] == "11"
    assert first.meta["field_lines"]["annotations[0].result[0].value.text[0]"] == 21


def test_unknown_result_type_is_located_and_the_rest_is_read() -> None:
    result = read(EXPORT)
    assert result.errors == []
    [error] = result.problems  # (the record was read without it: its own violation)
    assert (error.line, error.field) == (59, "annotations[2].result[0]")
    assert "unknown type 'rectanglelabels'" in error.message
    second = result.records[1]
    assert second.labels == {"quality": 2}
    assert second.responses()[0].field == "annotations[2].result[1].value.text[0]"


def test_ranker_and_pairwise() -> None:
    third = read(EXPORT).records[2]
    assert third.labels == {"rank": ["b", "a"], "pw": "right"}
    assert [(t.role, t.field, t.text, t.rank) for t in third.texts[1:]] == [
        ("candidate", "data.items[0].body", "Answer A.", 2),
        ("candidate", "data.items[1].body", "Answer B.", 1),
        ("chosen", "data.text2", "Right answer.", None),
        ("rejected", "data.text1", "Left answer.", None),
    ]
    assert third.texts[0] == third.texts[0].__class__(
        "instruction", "Which answer is best?", "data.prompt", task=True
    )
    # (the task's texts, not the annotation's: reported once, with its first annotation)
    assert all(t.task and not t.repeated for t in third.texts)


def _task(results: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "id": 9,
        "data": {"instruction": "Q", "model_response": "draft text"},
        "annotations": [{"id": 1, "completed_by": 5, "result": results, **extra}],
    }


def textarea(name: str, *lines: str) -> dict[str, Any]:
    return {
        "from_name": name,
        "to_name": "instruction",
        "type": "textarea",
        "value": {"text": list(lines)},
    }


def test_mapping_of_controls_to_roles_and_labels(tmp_path: Path) -> None:
    results = [
        textarea("answer", "A1", "A2"),
        textarea("comment", "looks fine"),
        textarea("orig", "O"),
    ]
    path = write(tmp_path, "t.json", json.dumps([_task(results)]))
    fields = FieldMapping.model_validate(
        {
            "labelstudio": {
                "response": ["answer"],
                "roles": {"orig": "draft"},
                "labels": {"comment": "note"},
            }
        }
    )
    record = read(path, fields=fields).records[0]
    assert [(t.role, t.field) for t in record.texts] == [
        ("instruction", "data.instruction"),
        ("response", "annotations[0].result[0].value.text[0]"),
        ("response", "annotations[0].result[0].value.text[1]"),
        ("draft", "annotations[0].result[2].value.text[0]"),
        ("draft", "data.model_response"),
    ]
    assert record.labels == {"note": "looks fine"}


def test_default_mapping_checks_every_textarea_and_reads_task_draft(tmp_path: Path) -> None:
    path = write(
        tmp_path, "t.json", json.dumps([_task([textarea("answer", "A"), textarea("other", "B")])])
    )
    record = read(path).records[0]
    assert [t.role for t in record.texts] == ["instruction", "response", "response", "draft"]
    assert record.texts[-1].field == "data.model_response"


def test_annotation_prediction_is_the_draft_it_edited(tmp_path: Path) -> None:
    own = {"result": [textarea("answer", "prefilled")]}
    path = write(tmp_path, "t.json", json.dumps([_task([textarea("answer", "A")], prediction=own)]))
    record = read(path).records[0]
    assert record.texts[-1].field == "annotations[0].prediction.result[0].value.text[0]"
    assert record.texts[-1].text == "prefilled"


def test_bad_results_do_not_lose_the_annotation(tmp_path: Path) -> None:
    results = [
        {"from_name": "quality", "type": "rating", "value": {"rating": "five"}},
        {"type": "relation", "from_id": "a", "to_id": "b"},
        textarea("answer", "ok"),
        {"from_name": "answer2", "type": "textarea", "value": {"text": [3]}},
    ]
    path = write(tmp_path, "t.json", json.dumps([_task(results)], indent=1))
    result = read(path)
    assert [r.responses()[0].text for r in result.records] == ["ok"]
    assert [e.field for e in result.problems] == [
        "annotations[0].result[0].value",
        "annotations[0].result[1]",
        "annotations[0].result[3].value.text[0]",
    ]


def test_a_rating_written_as_text_says_what_became_of_it(tmp_path: Path) -> None:
    """``{"rating": "4"}`` was "rating result holds a string", naming neither the value
    nor what was done with it, and the rating was left out of agreement though the
    note said its labels count. A text that reads as a number is that number (the
    error stays: Label Studio writes numbers); other text is left out, and said so."""
    for value, label, done in [
        ("4", {"quality": 4}, 'rating result holds the text "4": read as the number 4 ('),
        (" 2.5", {"quality": 2.5}, "read as the number 2.5 ("),
        (
            "four",
            {},
            "rating result holds the text \"four\": no number, so 'quality' is left out of "
            "agreement for this annotation (",
        ),
        (None, {}, "rating result holds null: no number, so 'quality' is left out"),
    ]:
        results = [{"from_name": "quality", "type": "rating", "value": {"rating": value}}]
        result = read(write(tmp_path, "t.json", json.dumps([_task(results)])))
        [record] = result.records
        assert record.labels == label, value
        [problem] = result.problems
        assert problem.field == "annotations[0].result[0].value"
        assert done in problem.message, value
        assert record.meta.get(UNREAD_LABELS) == (None if label else ["quality"])


def test_a_user_object_and_a_bare_id_name_one_annotator(tmp_path: Path) -> None:
    """``completed_by: 8`` in one task and ``{"id": 8, "email": ...}`` in another (an
    export and a live pull, whose users get their e-mail) were two annotators."""
    task = _task([textarea("answer", "A")])
    other = {**task, "id": 10}
    other["annotations"] = [{**task["annotations"][0], "completed_by": {"id": 5, "email": "b@x"}}]
    result = read(write(tmp_path, "t.json", json.dumps([task, other])))
    assert [r.annotator for r in result.records] == ["5", "5"]
    assert [r.meta.get("annotator_email") for r in result.records] == [None, "b@x"]


def test_a_task_without_an_instruction_field_is_noted_once(tmp_path: Path) -> None:
    """``data.text`` (many templates' ``$text``) is no instruction field: the rules that
    compare a response with its instruction did not run, without a word. It is not
    guessed (``text`` is often the thing labelled), but noted once per task, with the
    keys the data has and how to name one."""
    two = [
        {"id": n, "completed_by": n, "result": [textarea("answer", "Open Settings.")]}
        for n in (1, 2)
    ]
    asked = {"id": 1, "data": {"text": "Support hours?", "n": 3}, "annotations": two}
    rated = {"id": 2, "data": {"text": "Q"}, "annotations": [
        {"id": 3, "completed_by": 1, "result": [rating(4)]}]}  # fmt: skip
    result = read(write(tmp_path, "t.json", json.dumps([asked, rated])))
    [(note, count)] = result.stats.notes.items()
    assert count == 1  # (one task, two annotations; the task of a rating alone has none)
    assert note.startswith(
        "tasks with responses and no instruction field (instruction/prompt/question/query), "
        "so the rules that compare a response with its instruction did not run (data keys: "
        "'text', 'n'; if one is the instruction, name it in the guideline or config: "
        "fields.labelstudio.instruction: [text])"
    )
    fields = FieldMapping.model_validate({"labelstudio": {"instruction": ["text"]}})
    mapped = read(tmp_path / "t.json", fields=fields)
    assert not mapped.stats.notes
    assert mapped.records[0].instruction == "Support hours?"


def test_tasks_with_only_cancelled_annotations(tmp_path: Path) -> None:
    task = _task([textarea("answer", "A")], was_cancelled=True)
    result = read(write(tmp_path, "t.json", json.dumps([task])))
    assert not result.records
    assert result.stats.notes == {
        "cancelled annotations skipped": 1,
        "tasks with only cancelled annotations": 1,
    }


def test_label_studio_tasks_in_jsonl(tmp_path: Path) -> None:
    path = write(tmp_path, "t.jsonl", json.dumps(_task([textarea("answer", "A")])) + "\n")
    record = read(path).records[0]
    assert (record.line, record.item_id, record.annotator) == (1, "9", "5")


def rating(value: int) -> dict[str, Any]:
    return {
        "from_name": "quality",
        "to_name": "instruction",
        "type": "rating",
        "value": {"rating": value},
    }


def test_an_annotation_without_a_response_is_reported_where_others_have_one(
    tmp_path: Path,
) -> None:
    """A rating-only annotation in a task whose other annotators wrote responses was
    read as a record with nothing to check: 0 violations, exit 0. It is an
    invalid-record error now (its labels still count). It is known from its own task
    only, so the verdict does not hang on other tasks, other files or --jobs; a live
    project asks its labelling config (tests/labelstudio)."""
    answered = {"id": 1, "completed_by": 5, "result": [textarea("response", "Hello."), rating(4)]}
    empty = {"id": 2, "completed_by": 6, "result": [rating(5)]}
    later = {"id": 3, "data": {"instruction": "Q2"}, "annotations": [{**empty, "id": 4}]}
    task = {"id": 9, "data": {"instruction": "Q"}, "annotations": [empty, answered]}
    result = read(write(tmp_path, "t.json", json.dumps([task, later], indent=1)))
    assert [(r.meta["annotation_id"], r.labels) for r in result.records] == [
        ("2", {"quality": 5}),
        ("1", {"quality": 4}),
        ("4", {"quality": 5}),
    ]
    assert result.errors == []
    assert [(e.field, e.line) for e in result.problems] == [("annotations[0].result", 11)]
    assert result.problems[0].message.startswith(
        "annotation 2 has no response: its results hold no text to check, where other "
        "annotations of this task answer in a text area ("
    )
    assert "required" in result.problems[0].message
    assert READ_ERRORS not in result.records[1].meta
    expected = ReadStats(responses_expected={str(tmp_path / "t.json")})
    configured = list(read_records(str(tmp_path / "t.json"), stats=expected))
    missing = [r for r in configured if isinstance(r, Record) and READ_ERRORS in r.meta]
    assert len(missing) == 2  # (task 3 too)


def test_a_project_of_ratings_alone_has_no_response_to_miss(tmp_path: Path) -> None:
    tasks = [
        {"id": n, "data": {"instruction": "Q", "response": "R"}, "annotations": [
            {"id": n, "completed_by": 5, "result": [rating(3)]}]}
        for n in range(3)
    ]  # fmt: skip
    result = read(write(tmp_path, "t.json", json.dumps(tasks)))
    assert len(result.records) == 3 and not result.errors


MIN_ROWS = [
    {"instruction": "Capital of France?", "id": 1, "response": {"text": ["Paris.", "As an AI, I"]},
     "quality": [{"rating": 4}], "verdict": "accept", "annotator": 2, "annotation_id": 1,
     "created_at": "2026-12-07T20:09:53Z", "updated_at": "2026-12-07T20:09:53Z", "lead_time": 3.5},
    {"instruction": "Capital of France?", "id": 1, "response": "Paris is the capital.",
     "quality": [{"rating": 2}], "verdict": "revise", "annotator": 3, "annotation_id": 2,
     "created_at": "2026-12-07T20:10:00Z", "updated_at": "2026-12-07T20:10:00Z", "lead_time": 2.0},
]  # fmt: skip
CSV_ROWS = (
    "annotation_id,annotator,id,instruction,quality,response\n"
    '1,"2",1,"Capital?","[{""rating"":4}]","{""text"":[""Paris."",""As an AI, I think so.""]}"\n'
    '2,"3",1,"Capital?","[{""rating"":2}]","Paris is the capital of France."\n'
)


def test_a_flattened_export_is_refused_with_what_to_do(tmp_path: Path) -> None:
    """JSON-MIN, CSV and TSV exports hold each control's value beside the task data
    (a rating as [{"rating": 4}], two lines of a text area as {"text": [...]}): read as
    plain records, the rating was text and the text area was checked as JSON. One error
    at the first row says what the file is and what to export instead."""
    for name, body in (
        ("min.json", json.dumps(MIN_ROWS)),
        ("min.jsonl", "".join(json.dumps(r) + "\n" for r in MIN_ROWS)),
        ("export.csv", CSV_ROWS),  # (no times: known by its values' shapes)
    ):
        result = read(write(tmp_path, name, body))
        assert not result.records, name
        (error,) = result.errors
        assert "Label Studio export flattened to one row per annotation" in error.message
        assert "Export → JSON" in (error.hint or "") and "--schema plain" in (error.hint or "")
    forced = read(write(tmp_path, "forced.csv", CSV_ROWS), schema="plain")
    assert len(forced.records) == 2 and not forced.errors


def test_rows_that_only_share_the_ids_are_not_taken_for_an_export(tmp_path: Path) -> None:
    """An annotation table of one's own, with the ids and times an export has but plain
    values, is read (it was refused whole)."""
    row = {"id": 1, "annotation_id": 11, "annotator": "alice", "created_at": "2024-05-01",
           "instruction": "How do I reset my password?", "response": "Go to Settings.",
           "quality": 4}  # fmt: skip
    result = read(write(tmp_path, "plain.jsonl", json.dumps(row) + "\n"))
    assert len(result.records) == 1 and not result.errors


def test_a_text_area_named_as_a_note_is_a_comment_not_a_response(tmp_path: Path) -> None:
    """A reviewer's comment box ('needs rating') was checked as a response: 'response
    has 2 words; at least 30 required'. Named as a note, it is a comment."""
    results = [
        textarea("response", "Paris is the capital."),
        textarea("reviewer_comment", "needs rating"),
        textarea("notes", "ok"),
    ]
    record = read(write(tmp_path, "t.json", json.dumps([_task(results)]))).records[0]
    assert [(t.role, t.text) for t in record.texts[1:4]] == [
        ("response", "Paris is the capital."),
        ("comment", "needs rating"),
        ("comment", "ok"),
    ]
    assert [t.text for t in record.responses()] == ["Paris is the capital."]
    assert any("read as a comment, not checked" in note for note in read(
        write(tmp_path, "t3.json", json.dumps([_task(results)]))).stats.notes)  # fmt: skip
    named = FieldMapping.model_validate({"labelstudio": {"roles": {"notes": "response"}}})
    again = read(write(tmp_path, "t2.json", json.dumps([_task(results)])), fields=named).records[0]
    assert [t.role for t in again.texts[1:4]] == ["response", "comment", "response"]


def _ranked_task(tmp_path: Path, order: list[str]) -> Any:
    task = {
        "id": 4,
        "data": {
            "prompt": "Which answer is best?",
            "items": [{"id": i, "body": f"Answer {i}."} for i in ("a", "b", "c")],
        },
        "annotations": [
            {
                "id": 40,
                "completed_by": 1,
                "result": [
                    {
                        "type": "ranker",
                        "from_name": "rank",
                        "to_name": "items",
                        "value": {"ranker": {"rank": order}},
                    }
                ],
            }
        ],
    }
    return read(write(tmp_path, "export.json", json.dumps([task], indent=1)))


def test_a_ranking_naming_a_candidate_twice_is_an_error_not_a_rank_out_of_range(
    tmp_path: Path,
) -> None:
    # (read as positions, c was ranked 4th of 3 and the ranking check said so)
    result = _ranked_task(tmp_path, ["a", "a", "b", "c"])
    [record] = result.records
    assert [t.rank for t in record.texts_with_role("candidate")] == [1, 2, 3]
    assert "rank" not in record.labels  # (no ranking to compare in agreement)
    [error] = result.problems
    assert error.field == "annotations[0].result[0].value.ranker"
    assert error.message.startswith(
        "the ranking 'rank' names 'a' twice, so it is no ranking of the 3 candidates in "
        "data.items ('a', 'b', 'c') ("
    )
    assert "left out of agreement" in error.message


def test_a_ranking_naming_no_candidate_is_an_error_and_the_rest_keep_their_order(
    tmp_path: Path,
) -> None:
    result = _ranked_task(tmp_path, ["b", "zzz", "a"])
    [record] = result.records
    assert [t.rank for t in record.texts_with_role("candidate")] == [2, 1, None]
    [error] = result.problems
    assert "names 'zzz', which is no candidate" in error.message
    assert _ranked_task(tmp_path, ["c", "a", "b"]).problems == []
