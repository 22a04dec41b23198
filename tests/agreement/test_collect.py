"""Gathering labels: records, long-format rows and wide rows, and reading label files."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from guidelint.agreement.sources.collect import (
    DUPLICATE,
    EMPTY,
    EMPTY_LIST,
    MESSAGES_KEPT,
    NO_ANNOTATOR,
    NO_VALUE,
    NOT_COMPARABLE,
    UNREADABLE_VALUE,
    LabelCollector,
    same_value,
)
from guidelint.agreement.sources.files import SourceOptions, read_sources
from guidelint.engine import Linter
from guidelint.errors import InputError, UsageError
from guidelint.guideline import load_guideline
from guidelint.model import Record, Severity, Text, Violation


def record(
    item: str | None,
    annotator: str | None,
    labels: dict[str, Any] | None = None,
    *,
    response: str | None = None,
    data: dict[str, Any] | None = None,
) -> Record:
    texts = [Text("instruction", "Question?", "instruction")]
    if response is not None:
        texts.append(Text("response", response, "response", prompt="Question?"))
    return Record(
        path="t.jsonl",
        line=1,
        index=0,
        data=data or {},
        texts=texts,
        item_id=item,
        annotator=annotator,
        labels=labels or {},
    )


def violation(rule: str, severity: Severity = Severity.ERROR) -> Violation:
    return Violation("t.jsonl", 1, 1, "response", (0, 1), rule, "phrase", severity, f"{rule}!")


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


# -- records ---------------------------------------------------------------------------------
def test_records_give_item_annotator_and_labels() -> None:
    collector = LabelCollector()
    collector.add_record(record("t1", "ann", {"quality": 4, "safe": "yes"}))
    collector.add_record(record("t1", "bob", {"quality": 5}))
    collector.add_record(record("t2", "ann", {"quality": 3}))
    assert collector.label_names() == ["quality", "safe"]
    quality = collector.labels["quality"]
    assert quality.values == {("t1", "ann"): 4, ("t1", "bob"): 5, ("t2", "ann"): 3}
    assert quality.items() == ["t1", "t2"]
    assert quality.annotators() == ["ann", "bob"]
    assert quality.items_with_overlap() == 1
    assert collector.has_overlap()
    assert collector.labels["safe"].items_with_overlap() == 0


def test_a_named_label_is_read_from_the_records_own_field() -> None:
    collector = LabelCollector(labels=["quality"])
    collector.add_record(record("t1", "ann", data={"quality": 2, "other": 1}))
    collector.add_record(record("t1", "bob", {"quality": 3, "ignored": 1}))
    assert collector.label_names() == ["quality"]
    assert collector.labels["quality"].values == {("t1", "ann"): 2, ("t1", "bob"): 3}
    assert collector.seen["ignored"] == 1


def test_records_without_annotator_are_counted_not_compared() -> None:
    collector = LabelCollector()
    collector.add_record(record("t1", None, {"quality": 4}))
    collector.add_record(record("t1", None, {}))
    assert collector.labels == {}
    assert collector.notes[NO_ANNOTATOR] == 1


def test_responses_keep_the_rules_they_broke() -> None:
    collector = LabelCollector(keep_texts=True)
    found = [violation("no-sorry", Severity.WARNING), violation("no-sorry"), violation("x")]
    collector.add_record(record("t1", "ann", {"q": 1}, response="Sorry!"), found)
    info = collector.responses[("t1", "ann")]
    assert info.broken == {"no-sorry": ("warning", "no-sorry!"), "x": ("error", "x!")}
    assert info.responses == ["Sorry!"]
    assert info.instruction == "Question?"
    quiet = LabelCollector(keep_responses=False)
    quiet.add_record(record("t1", "ann", {"q": 1}, response="Sorry!"), found)
    assert quiet.responses == {}


def test_every_message_of_a_rule_is_kept_up_to_a_few_and_the_rest_counted() -> None:
    def said(rule: str, message: str) -> Violation:
        return Violation(
            "t.jsonl", 1, 1, "response", (0, 1), rule, "phrase", Severity.ERROR, message
        )

    collector = LabelCollector()
    found = [said("refusal", "I cannot"), said("x", "x!"), said("refusal", "I can't")]
    found += [said("sorry", f"sorry {n}") for n in range(MESSAGES_KEPT + 2)]
    collector.add_record(record("t1", "ann", {"q": 1}, response="No."), found)
    info = collector.responses[("t1", "ann")]
    # what rule agreement reads is as it was: the rule, its severity, the first message
    assert info.broken == {
        "refusal": ("error", "I cannot"),
        "x": ("error", "x!"),
        "sorry": ("error", "sorry 0"),
    }
    assert info.messages_of("refusal") == (["I cannot", "I can't"], 0)
    assert info.messages_of("x") == (["x!"], 0)
    assert info.messages_of("sorry") == ([f"sorry {n}" for n in range(MESSAGES_KEPT)], 2)
    assert info.found == {"refusal": 2, "x": 1, "sorry": MESSAGES_KEPT + 2}


def test_texts_are_kept_only_when_asked() -> None:
    collector = LabelCollector()
    collector.add_record(record("t1", "ann", {"q": 1}, response="Hi"), [violation("x")])
    info = collector.responses[("t1", "ann")]
    assert info.responses == [] and info.instruction is None and "x" in info.broken


# -- values ----------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [None, "", "  ", math.nan])
def test_empty_values_are_dropped_and_counted(value: Any) -> None:
    collector = LabelCollector()
    collector.add("i", "a", "q", value)
    assert collector.labels["q"].values == {}
    assert collector.labels["q"].dropped == {EMPTY: 1}


def test_declared_missing_values_compare_as_numbers() -> None:
    collector = LabelCollector(missing={"*": [0]})
    for k, value in enumerate([0, 0.0, "0", 1, 1.5]):
        collector.add(f"i{k}", "a", "pref", value)
    label = collector.labels["pref"]
    assert list(label.values.values()) == [1, 1.5]
    assert label.dropped == {"values 0 declared missing": 3}


def test_missing_values_per_label() -> None:
    collector = LabelCollector(missing={"quality": ["n/a"]})
    collector.add("i", "a", "quality", "n/a")
    collector.add("i", "a", "other", "n/a")
    assert collector.labels["quality"].values == {}
    assert collector.labels["other"].values == {("i", "a"): "n/a"}


def test_a_second_value_replaces_the_first_and_is_counted() -> None:
    collector = LabelCollector()
    collector.add("i", "a", "q", 1)
    collector.add("j", "a", "q", 2)
    collector.add("i", "a", "q", 3)
    label = collector.labels["q"]
    assert list(label.values.items()) == [(("j", "a"), 2), (("i", "a"), 3)]
    assert label.dropped == {DUPLICATE: 1}


def test_lists_become_tuples_and_objects_are_not_compared() -> None:
    collector = LabelCollector()
    collector.add("i", "a", "rank", ["x", "y"])
    collector.add("i", "b", "rank", {"bucket": ["x"]})
    collector.add("i", "c", "rank", [{"id": 1}])
    label = collector.labels["rank"]
    assert label.values == {("i", "a"): ("x", "y")}
    assert label.dropped == {NOT_COMPARABLE: 2}


def test_an_empty_list_is_no_answer_and_is_counted() -> None:
    # (a Label Studio choices result with no option chosen: {"choices": []})
    collector = LabelCollector()
    collector.add("i", "a", "topic", [])
    collector.add("i", "b", "topic", ["billing"])
    label = collector.labels["topic"]
    assert label.values == {("i", "b"): ("billing",)}
    assert label.dropped == {EMPTY_LIST: 1}


def test_only_the_annotators_asked_for() -> None:
    collector = LabelCollector(annotators={"a"})
    collector.add("i", "a", "q", 1)
    collector.add("i", "b", "q", 2)
    assert collector.labels["q"].values == {("i", "a"): 1}
    assert collector.skipped_annotators == {"b": 1}
    assert collector.unknown_annotators() == []
    asked = LabelCollector(annotators={"a", "z"})
    asked.add_record(record("i", "a", {"q": 1}))
    assert asked.unknown_annotators() == ["z"]


def test_same_value() -> None:
    assert same_value(0, "0") and same_value(1.0, 1) and not same_value("a", "b")
    assert same_value("yes", "yes") and not same_value(1, "one")


# -- long and wide rows ------------------------------------------------------------------------
def test_long_rows() -> None:
    collector = LabelCollector()
    rows = [
        {"item": 1, "judge": "g", "pref": 1, "q": 3},
        {"item": 1, "judge": "h", "pref": 2, "q": None},
        {"item": None, "judge": "h", "pref": 2},
        {"item": 2, "pref": 2},
    ]
    for row in rows:
        collector.add_long_row(
            row, item_key="item", annotator_key="judge", label_keys=["pref", "q"]
        )
    assert collector.labels["pref"].values == {("1", "g"): 1, ("1", "h"): 2}
    assert collector.labels["q"].values == {("1", "g"): 3}
    assert collector.labels["q"].dropped == {EMPTY: 1}
    assert collector.notes == {"rows without an item id (not compared)": 1, NO_ANNOTATOR: 1}


def test_wide_rows() -> None:
    collector = LabelCollector()
    collector.add_wide_row(
        {"id": "x", "ann": 1, "bob": 2, "eve": ""},
        item="x",
        columns=["ann", "bob", "eve"],
        label="q",
    )
    assert collector.labels["q"].values == {("x", "ann"): 1, ("x", "bob"): 2}
    assert collector.labels["q"].dropped == {EMPTY: 1}


# -- reading files ---------------------------------------------------------------------------
def test_read_long_jsonl_guesses_the_only_numeric_column(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "judges.jsonl",
        [
            {"item": "a", "judge": "g", "preference": 1, "model": "m"},
            {"item": "a", "judge": "h", "preference": 2, "model": "m"},
            {"item": "b", "judge": "g", "preference": 1.5, "model": "m"},
        ],
    )
    collector = LabelCollector()
    options = SourceOptions(annotator="judge", keys_given=True)
    sources, notes = read_sources([str(path)], options, collector)
    assert [(s.mode, s.rows) for s in sources] == [("long", 3)]
    assert "label column: 'preference'" in notes[0]
    assert collector.labels["preference"].values == {("a", "g"): 1, ("a", "h"): 2, ("b", "g"): 1.5}


def test_read_long_asks_for_the_label_when_ambiguous(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "l.jsonl", [{"item": "a", "annotator": "g", "x": 1, "y": 2}])
    with pytest.raises(UsageError, match="--label") as info:
        read_sources([str(path)], SourceOptions(), LabelCollector())
    assert "'x', 'y'" in str(info.value)


def test_read_wide_csv(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("item,ann,bob,notes\n1,4,5,x\n2,3,,y\n", encoding="utf-8")
    collector = LabelCollector()
    options = SourceOptions(wide=True, columns=("ann", "bob"), labels=("quality",))
    sources, _ = read_sources([str(path)], options, collector)
    assert [(s.mode, s.rows) for s in sources] == [("wide", 2)]
    values = collector.labels["quality"].values
    assert values == {("1", "ann"): "4", ("1", "bob"): "5", ("2", "ann"): "3"}


def test_read_wide_without_item_column_names_items_by_row(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("ann,bob\n4,5\n", encoding="utf-8")
    collector = LabelCollector()
    _, notes = read_sources([str(path)], SourceOptions(wide=True), collector)
    assert collector.labels["label"].values == {("row 2", "ann"): "4", ("row 2", "bob"): "5"}
    assert any("items are named by their row" in n for n in notes)


def test_read_wide_unknown_column(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("item,ann\n1,4\n", encoding="utf-8")
    with pytest.raises(UsageError, match="no column 'zed'"):
        read_sources([str(path)], SourceOptions(wide=True, columns=("zed",)), LabelCollector())


def test_wide_is_refused_for_records(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps([labelstudio_task(1, "Hi?", {1: 4, 2: 5})]), encoding="utf-8")
    with pytest.raises(UsageError, match="--wide is for a table of items × annotators") as info:
        read_sources([str(path)], SourceOptions(wide=True), LabelCollector())
    assert "labelstudio schema" in str(info.value) and "leave out --wide" in str(info.value)
    nested = write_jsonl(tmp_path / "n.jsonl", [{"item": 1, "meta": {"a": 1}, "ann": 4}])
    with pytest.raises(UsageError, match="nested fields \\('meta'\\)"):
        read_sources([str(nested)], SourceOptions(wide=True), LabelCollector())


def test_layout_that_cannot_be_told(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "x.jsonl", [{"a": 1, "b": 2}])
    with pytest.raises(UsageError, match="cannot tell where the labels are"):
        read_sources([str(path)], SourceOptions(), LabelCollector())


def test_a_file_of_which_no_row_can_be_read_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("not json\n{broken\n", encoding="utf-8")
    with pytest.raises(InputError, match="none of its 2 row") as info:
        read_sources([str(path)], SourceOptions(), LabelCollector())
    assert info.value.location == f"{path}:1" and "--input-format" in (info.value.hint or "")
    csv = tmp_path / "long.csv"
    csv.write_text("item,annotator,q\na,x,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="because of --input-format"):
        read_sources([str(csv)], SourceOptions(input_format="jsonl"), LabelCollector())


def test_rows_that_cannot_be_read_are_located(tmp_path: Path) -> None:
    path = tmp_path / "part.jsonl"
    rows = ['{"item": 1, "annotator": "a", "q": 1}', "not json", '{"item": 1, "annotator": "b"}']
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    sources, notes = read_sources([str(path)], SourceOptions(), LabelCollector())
    assert sources[0].rows == 2
    assert any(f"{path}:2: not valid JSON" in note for note in notes)


def test_read_plain_records_with_a_label_field_and_lint(tmp_path: Path) -> None:
    guide = tmp_path / "g.yaml"
    guide.write_text(
        "name: t\nrules:\n  - id: no-sorry\n    check: phrase\n    phrases: [sorry]\n",
        encoding="utf-8",
    )
    path = write_jsonl(
        tmp_path / "r.jsonl",
        [
            {
                "id": "q1",
                "annotator": "ann",
                "instruction": "Hi?",
                "response": "Sorry, no.",
                "quality": 2,
            },
            {
                "id": "q1",
                "annotator": "bob",
                "instruction": "Hi?",
                "response": "Yes.",
                "quality": 4,
            },
            {
                "id": "q2",
                "annotator": "ann",
                "instruction": "Ok?",
                "response": "Fine.",
                "quality": 5,
            },
        ],
    )
    collector = LabelCollector(labels=["quality"])
    linter = Linter(load_guideline(guide))
    sources, _ = read_sources(
        [str(path)], SourceOptions(labels=("quality",)), collector, linter=linter
    )
    assert [(s.mode, s.rows) for s in sources] == [("records", 3)]
    assert collector.labels["quality"].values == {
        ("q1", "ann"): 2,
        ("q1", "bob"): 4,
        ("q2", "ann"): 5,
    }
    assert set(collector.responses[("q1", "ann")].broken) == {"no-sorry"}
    assert collector.responses[("q1", "bob")].broken == {}
    assert linter.summary.annotator_records == {"ann": 2, "bob": 1}
    assert linter.summary.annotator_failing == {"ann": 1}


def test_plain_records_with_an_item_column_are_grouped_by_it(tmp_path: Path) -> None:
    """Two items answering one prompt stay two items: the item column names them (it
    was ignored, each record's item a hash of its instruction, and a disagreement on
    one of them vanished into "repeated ratings")."""
    rows = [
        {"item": item, "annotator": who, "instruction": prompt, "response": "R.", "quality": q}
        for item, prompt, ratings in (
            ("r1", "Where is my order?", (5, 5)),
            ("r2", "Where is my order?", (1, 1)),
            ("r3", "Can I get a refund?", (3, 4)),
        )
        for who, q in zip(("ann", "bob"), ratings, strict=True)
    ]
    path = write_jsonl(tmp_path / "r.jsonl", rows)
    collector = LabelCollector(labels=["quality"])
    sources, notes = read_sources([str(path)], SourceOptions(labels=("quality",)), collector)
    assert [(s.mode, s.rows) for s in sources] == [("records", 6)]
    assert "item: the 'item' column" in notes
    assert collector.labels["quality"].values == {
        (item, who): q
        for row in rows
        for item, who, q in [(row["item"], row["annotator"], row["quality"])]
    }


def test_read_labelstudio_export(tmp_path: Path) -> None:
    tasks = [
        {
            "id": 7,
            "data": {"instruction": "Rate this."},
            "annotations": [
                {
                    "id": 1,
                    "completed_by": 3,
                    "result": [
                        {
                            "from_name": "quality",
                            "to_name": "instruction",
                            "type": "rating",
                            "value": {"rating": 4},
                        }
                    ],
                },
                {
                    "id": 2,
                    "completed_by": {"id": 5, "email": "eve@x.org"},
                    "result": [
                        {
                            "from_name": "quality",
                            "to_name": "instruction",
                            "type": "rating",
                            "value": {"rating": 2},
                        }
                    ],
                },
                {"id": 3, "completed_by": 9, "was_cancelled": True, "result": []},
            ],
        }
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    collector = LabelCollector()
    sources, notes = read_sources([str(path)], SourceOptions(), collector)
    assert [(s.mode, s.rows) for s in sources] == [("records", 2)]
    # (a user object is named by its id, as a bare id is; its e-mail is in a note)
    assert collector.labels["quality"].values == {("7", "3"): 4, ("7", "5"): 2}
    assert "1 cancelled annotation skipped" in notes
    assert "Label Studio annotators are named by user id; their e-mails: 5 = eve@x.org" in notes


def labelstudio_task(task: int, instruction: str, ratings: dict[int, int]) -> dict[str, Any]:
    return {
        "id": task,
        "data": {"instruction": instruction},
        "annotations": [
            {
                "id": 100 * task + who,
                "completed_by": who,
                "result": [
                    {
                        "from_name": "quality",
                        "to_name": "instruction",
                        "type": "rating",
                        "value": {"rating": rating},
                    }
                ],
            }
            for who, rating in ratings.items()
        ],
    }


def test_the_same_id_for_different_instructions_stays_apart(tmp_path: Path) -> None:
    first = tmp_path / "a.json"
    first.write_text(json.dumps([labelstudio_task(1, "Write a haiku.", {1: 4, 2: 5})]))
    second = tmp_path / "b.json"
    second.write_text(json.dumps([labelstudio_task(1, "Support hours?", {1: 2, 3: 3})]))
    collector = LabelCollector()
    _, notes = read_sources([str(first), str(second)], SourceOptions(), collector)
    assert collector.labels["quality"].values == {
        ("1", "1"): 4,
        ("1", "2"): 5,
        ("1 (b.json)", "1"): 2,
        ("1 (b.json)", "3"): 3,
    }
    assert collector.labels["quality"].dropped == {}
    assert any("1 item id(s) name different instructions (1)" in n for n in notes)


def test_files_split_per_annotator_meet_on_the_item_id(tmp_path: Path) -> None:
    rows = {"ann": 4, "bob": 2}
    paths = [
        write_jsonl(
            tmp_path / f"{who}.jsonl",
            [{"id": "q1", "annotator": who, "instruction": "Hi? ", "response": "x", "q": v}],
        )
        for who, v in rows.items()
    ]
    paths[1].write_text(paths[1].read_text().replace("Hi? ", " Hi?"), encoding="utf-8")
    collector = LabelCollector(labels=["q"])
    _, notes = read_sources([str(p) for p in paths], SourceOptions(labels=("q",)), collector)
    assert collector.labels["q"].values == {("q1", "ann"): 4, ("q1", "bob"): 2}
    assert not any("different instructions" in n for n in notes)


def test_annotations_without_the_label_are_counted_per_label(tmp_path: Path) -> None:
    task = labelstudio_task(1, "Hi?", {1: 4, 2: 5})
    task["annotations"].append({"id": 9, "completed_by": 3, "result": []})
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    collector = LabelCollector()
    read_sources([str(path)], SourceOptions(), collector)
    collector.count_records_without_values()
    collector.count_records_without_values()  # counting again changes nothing
    assert collector.labels["quality"].dropped == {f"{NO_VALUE} (by 3 ×1)": 1}


def test_collecting_does_not_import_numpy() -> None:
    code = (
        "import sys\n"
        "from guidelint.agreement.check_section import CheckAgreement\n"
        "from guidelint.model import Record\n"
        "c = CheckAgreement()\n"
        "c.observe(Record('p', 1, 0, {}, [], item_id='i', annotator='a', labels={'q': 1}))\n"
        "c.observe(Record('p', 2, 1, {}, [], item_id='j', annotator='b', labels={'q': 1}))\n"
        "assert c.section() is None\n"
        "print('numpy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def labelstudio_file(tmp_path: Path, annotations: dict[Any, dict[str, Any]]) -> str:
    """A Label Studio export of task 1 whose annotators (``completed_by``) each give one
    result, ``{"type": ..., "value": ...}``, for the control ``label``."""
    task = {
        "id": 1,
        "data": {"instruction": "How do I change my plan?"},
        "annotations": [
            {
                "id": number,
                "completed_by": who,
                "result": [{"from_name": "label", "to_name": "instruction", **result}],
            }
            for number, (who, result) in enumerate(annotations.items())
        ],
    }
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    return str(path)


def test_an_empty_choice_is_counted_where_it_is_left_out(tmp_path: Path) -> None:
    """``{"choices": []}`` was left out without a word (JSON ``dropped`` was ``{}``)."""
    path = labelstudio_file(
        tmp_path,
        {
            1: {"type": "choices", "value": {"choices": []}},
            2: {"type": "choices", "value": {"choices": ["billing"]}},
        },
    )
    collector = LabelCollector()
    read_sources([path], SourceOptions(), collector)
    collector.count_records_without_values()
    assert collector.labels["label"].values == {("1", "2"): "billing"}
    assert collector.labels["label"].dropped == {EMPTY_LIST: 1}


def rating(value: Any) -> dict[str, Any]:
    return {"type": "rating", "value": {"rating": value}}


def test_a_rating_read_with_a_problem_is_said_to_count_only_when_it_does(
    tmp_path: Path,
) -> None:
    """A rating written as text was left out of agreement while a note said "its labels
    count". Text that reads as a number counts (the note is true); other text is left
    out, counted under its label, and the note says a value was left out."""
    collector = LabelCollector()
    path = labelstudio_file(tmp_path, {1: rating(4), 2: rating("4")})
    _, notes = read_sources([path], SourceOptions(), collector)
    assert collector.labels["label"].values == {("1", "1"): 4, ("1", "2"): 4}
    assert "1 record read with a problem (its labels count; guidelint check lists it)" in notes

    collector = LabelCollector()
    path = labelstudio_file(tmp_path, {1: rating(4), 2: rating("four")})
    _, notes = read_sources([path], SourceOptions(), collector)
    collector.count_records_without_values()
    assert collector.labels["label"].values == {("1", "1"): 4}
    assert collector.labels["label"].dropped == {UNREADABLE_VALUE: 1}  # (not twice)
    assert not any("its labels count" in note for note in notes)
    assert (
        "1 record read with a problem that left a label's value out (counted under the "
        "label; guidelint check lists it)" in notes
    )


def test_a_user_given_by_id_and_by_object_is_one_annotator(tmp_path: Path) -> None:
    """Annotator 8 as ``8`` on one task and ``{"id": 8, "email": ...}`` on another was
    two annotators ("8" and the e-mail), and Cohen's kappa undefined."""
    tasks = [labelstudio_task(1, "Hi?", {7: 4, 8: 2}), labelstudio_task(2, "Bye?", {7: 5, 8: 3})]
    tasks[1]["annotations"][1]["completed_by"] = {"id": 8, "email": "bob@example.com"}
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    collector = LabelCollector()
    _, notes = read_sources([str(path)], SourceOptions(), collector)
    assert collector.annotators_seen == {"7", "8"}
    assert collector.labels["quality"].values == {
        ("1", "7"): 4,
        ("1", "8"): 2,
        ("2", "7"): 5,
        ("2", "8"): 3,
    }
    assert "Label Studio annotators are named by user id; their e-mails: 8 = bob@example.com" in (
        notes
    )
