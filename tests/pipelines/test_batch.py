"""The batch API gives, per row, exactly the record-level violations of ``guidelint check``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pipeline_data import ALPACA, alpaca_records, cli_json, generated_records, per_line, write_jsonl

from guidelint.batch import BatchChecker
from guidelint.errors import UsageError

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")

DATASET_RULES = {"duplicate-instruction", "duplicate-response", "length-distribution"}


def columns(records: list[dict[str, Any]]) -> dict[str, list[Any]]:
    names = list(records[0])
    return {name: [r.get(name) for r in records] for name in names}


def check_in_batches(checker: BatchChecker, records: list[dict[str, Any]], size: int) -> list[Any]:
    rows: list[Any] = []
    for start in range(0, len(records), size):
        out = checker.check(columns(records[start : start + size]))
        rows.extend(out["guidelint_violations"])
    return rows


def assert_same_as_cli(rows: list[Any], report: dict[str, Any], rules: set[str]) -> None:
    expected = per_line(report, rules)
    assert sum(len(v) for v in expected.values()) > 0  # (the comparison compares something)
    for number, found in enumerate(rows, 1):
        assert found == expected.get(number, []), f"row {number}"
    assert set(expected) <= set(range(1, len(rows) + 1))


def test_batches_give_the_cli_violations_on_generated_data(tmp_path: Path) -> None:
    records = generated_records(600)
    write_jsonl(tmp_path / "data.jsonl", records)
    report = cli_json(tmp_path, "data.jsonl", "--guideline", "customer-support")
    rows = check_in_batches(BatchChecker("customer-support"), records, 64)
    assert_same_as_cli(rows, report, set())
    assert any(v["fix"] for row in rows for v in row)  # fixes come through


@pytest.mark.skipif(not ALPACA.is_file(), reason="../shared/data/alpaca_eval is not present")
def test_batches_give_the_cli_violations_on_alpaca_eval(tmp_path: Path) -> None:
    records = alpaca_records(1500)
    write_jsonl(tmp_path / "alpaca.jsonl", records)
    report = cli_json(tmp_path, "alpaca.jsonl", "--guideline", "annotation-types")
    checker = BatchChecker("annotation-types")
    rows = check_in_batches(checker, records, 200)
    assert_same_as_cli(rows, report, DATASET_RULES)
    llm = cli_json(tmp_path, "alpaca.jsonl", "--guideline", "llm-boilerplate")
    assert_same_as_cli(check_in_batches(BatchChecker("llm-boilerplate"), records, 500), llm, set())


def test_dict_arrow_and_pandas_batches_give_the_same_columns() -> None:
    records = generated_records(80)
    checker = BatchChecker("customer-support")
    as_dict = checker.check(columns(records), indices=range(80))
    as_arrow = checker.check(pa.Table.from_pylist(records), indices=range(80))
    as_pandas = checker.check(pd.DataFrame(records), indices=range(80))
    assert as_arrow.column_names == [*records[0], *(f"guidelint_{c}" for c in _COLUMNS)]
    for name in (f"guidelint_{c}" for c in _COLUMNS):
        assert as_arrow[name].to_pylist() == as_dict[name]
        assert as_pandas[name].tolist() == as_dict[name]
    assert as_arrow.schema.field("guidelint_errors").type == pa.int64()
    assert as_arrow.schema.field("guidelint_pass").type == pa.bool_()
    fix_type = as_arrow.schema.field("guidelint_violations").type.value_type.field("fix").type
    assert fix_type == pa.struct(
        [
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("replacement", pa.string()),
            ("safe", pa.bool_()),
        ]
    )
    assert as_dict["id"] == [r["id"] for r in records]  # the batch's own columns are kept


_COLUMNS = ("violations", "errors", "warnings", "infos", "pass")


def test_counts_and_pass_follow_fail_on() -> None:
    batch = {
        "instruction": ["How do I change my plan?", "How do I change my plan?"],
        "response": ["As an AI language model, I cannot say!!!", "Fine!!"],
    }
    on_error = BatchChecker("customer-support").check(batch)
    on_info = BatchChecker("customer-support", fail_on="info").check(batch)
    for row in range(2):
        severities = [v["severity"] for v in on_error["guidelint_violations"][row]]
        assert on_error["guidelint_errors"][row] == severities.count("error")
        assert on_error["guidelint_warnings"][row] == severities.count("warning")
        assert on_error["guidelint_infos"][row] == severities.count("info")
    assert on_error["guidelint_pass"] == [False, True]  # row 2: warnings only
    assert on_error["guidelint_warnings"][1] > 0
    assert on_info["guidelint_pass"] == [False, False]
    with pytest.raises(UsageError, match="fail_on"):
        BatchChecker("customer-support", fail_on="fatal")


def test_field_mapping_select_ignore_and_severity() -> None:
    batch = {"q": ["How do I change my plan?"], "a": ["As an AI language model, I cannot!!!"]}
    checker = BatchChecker(
        "customer-support",
        fields={"instruction": "q", "response": "a"},
        ignore=["refusal-boilerplate"],
        severity={"ai-identity-disclaimer": "warning"},
    )
    found = checker.check(batch)["guidelint_violations"][0]
    rules = {v["rule"]: v for v in found}
    assert "refusal-boilerplate" not in rules
    assert rules["ai-identity-disclaimer"]["severity"] == "warning"
    assert rules["ai-identity-disclaimer"]["field"] == "a"
    only = BatchChecker(
        "customer-support",
        fields={"instruction": "q", "response": "a"},
        select=["no-repeated-exclamation"],
    )
    assert [v["rule"] for v in only.check(batch)["guidelint_violations"][0]] == [
        "no-repeated-exclamation"
    ]


def test_unknown_names_and_levels_are_clear_errors() -> None:
    with pytest.raises(UsageError, match="no rule, tag or check 'ai-identity'"):
        BatchChecker("customer-support", select=["ai-identity"])
    with pytest.raises(UsageError, match="error, warning or info"):
        BatchChecker("customer-support", severity={"ai-identity-disclaimer": "fatal"})


def test_chat_messages_and_preference_pairs_as_the_cli_reads_them(tmp_path: Path) -> None:
    chats = [
        {
            "messages": [
                {"role": "user", "content": "Can I export my data?"},
                {"role": "assistant", "content": "As an AI language model, I cannot!!!"},
                {"role": "user", "content": "Please?"},
                {"role": "assistant", "content": "Yes: Settings, then Data, then Export."},
            ]
        }
    ] * 3
    pairs = [
        {
            "prompt": "Do you offer a student discount?",
            "chosen": "Yes, students get 50% off Nimbus Basic.",
            "rejected": "As an AI language model I cannot say!!!",
        }
    ] * 3
    for name, records in (("chat", chats), ("pairs", pairs)):
        write_jsonl(tmp_path / f"{name}.jsonl", records)
        report = cli_json(tmp_path, f"{name}.jsonl", "--guideline", "customer-support")
        arrow = pa.Table.from_pylist(records)  # (messages: a list of structs)
        out = BatchChecker("customer-support").check(arrow)
        assert_same_as_cli(out["guidelint_violations"].to_pylist(), report, set())
        fields = {v["field"] for row in out["guidelint_violations"].to_pylist() for v in row}
        assert fields & {"messages[1].content", "rejected", "chosen"}


def test_unreadable_rows_are_invalid_records_and_the_others_are_checked() -> None:
    batch = {
        "instruction": ["How do I change my plan?", "Can I export my data?", "Fine?"],
        "response": ["Open Billing, then Plan.", None, "Yes!!!"],
    }
    out = BatchChecker("customer-support").check(batch)
    first, second, third = out["guidelint_violations"]
    assert [v["rule"] for v in second] == ["invalid-record"]
    assert "'response' is null" in second[0]["message"]
    assert out["guidelint_pass"][1] is False
    assert any(v["rule"] == "no-repeated-exclamation" for v in third)
    assert all(v["rule"] != "invalid-record" for v in first + third)


def test_rows_of_no_schema_all_fail_and_the_schema_is_kept_across_batches() -> None:
    checker = BatchChecker("customer-support")
    out = checker.check({"text": ["a", "b"]})
    assert [len(v) for v in out["guidelint_violations"]] == [1, 1]
    assert "no known dataset schema" in out["guidelint_violations"][1][0]["message"]
    assert out["guidelint_pass"] == [False, False]
    checker = BatchChecker("customer-support")
    checker.check({"instruction": ["How do I change my plan?"], "response": ["Open Billing."]})
    later = checker.check({"messages": [[{"role": "user", "content": "hi"}]]})
    message = later["guidelint_violations"][0][0]["message"]
    assert "this file's records are plain (from line 1)" in message  # as in one file


CHAT = [
    {"role": "user", "content": "Can I export my data?"},
    {"role": "assistant", "content": "Yes: open Settings, then Data, then Export."},
]
NO = {"role": "assistant", "content": "No."}
#: Rows whose every value is a list: a batch of map without batched=True.
ROWS_OF_LISTS = [
    {"messages": CHAT},
    {"conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello!"}]},
    {"prompt": CHAT[:1], "chosen": CHAT[1:], "rejected": [NO]},
    {"chosen": CHAT, "rejected": [CHAT[0], NO]},
]


@pytest.mark.parametrize("row", ROWS_OF_LISTS)
def test_a_row_whose_values_are_all_lists_is_one_row(row: dict[str, Any]) -> None:
    """A chat row (messages only) was taken for a batch: every message a row, each an
    invalid-record, and a filter kept them all."""
    checker = BatchChecker("customer-support")
    with pytest.raises(UsageError, match=r"the batch is one row.*one conversation") as info:
        checker.check(row)
    assert "batched=True" in (info.value.hint or "")
    one = checker.check({key: [value] for key, value in row.items()})  # (a batch of it)
    assert all(v["rule"] != "invalid-record" for v in one["guidelint_violations"][0])


def test_a_batch_of_objects_under_a_conversation_key_is_a_batch() -> None:
    mapped = BatchChecker("customer-support", fields={"instruction": "prompt.text"})
    out = mapped.check(
        {
            "prompt": [{"text": "Can I export my data?"}],
            "response": ["Yes: open Settings, then Data, then Export."],
        }
    )
    assert [v["rule"] for v in out["guidelint_violations"][0]] == ["response-length"]


def test_null_keys_of_a_table_of_mixed_rows_read_as_absent_ones(tmp_path: Path) -> None:
    """A `datasets` table of rows of several shapes holds every column in every row,
    null where a row had no such key: a plain row with null `chosen`/`rejected` was
    read as TRL and rejected; the rows are checked as the CLI checks the JSON Lines."""
    answer = "Open Settings, choose Billing, and pick the plan you want!!!"
    records: list[dict[str, Any]] = [
        {"instruction": "How do I change my plan?", "output": answer},
        {"instruction": "And my card?", "output": "As an AI language model, I cannot."},
        {"prompt": "Can I pay yearly?", "chosen": "Yes.", "rejected": "No!!!"},
        {"instruction": "Where are invoices?", "output": answer, "messages": None},
    ]
    write_jsonl(tmp_path / "mixed.jsonl", records)
    report = cli_json(tmp_path, "mixed.jsonl", "--guideline", "customer-support")
    names = list(dict.fromkeys(name for record in records for name in record))
    table = {name: [record.get(name) for record in records] for name in names}
    out = BatchChecker("customer-support").check(table)
    assert_same_as_cli(out["guidelint_violations"], report, set())
    assert [v["rule"] for v in out["guidelint_violations"][2]] == ["invalid-record"]  # (TRL)


def test_locations_use_indices() -> None:
    checker = BatchChecker("customer-support")
    batch = {"instruction": ["hi", "hi"], "response": [None, "ok"]}
    results = checker.check_rows(
        [dict(zip(batch, row, strict=True)) for row in zip(*batch.values(), strict=True)], [41, 42]
    )
    assert results[0].violations[0].line == 42  # (row 41, 0-based)
    assert results[1].violations[0].line == 43
    with pytest.raises(UsageError, match="indices"):
        checker.check_rows([{"response": "x"}], [1, 2])


def test_bad_batches_get_a_clear_error() -> None:
    checker = BatchChecker("customer-support")
    with pytest.raises(UsageError, match="differ in length"):
        checker.check({"instruction": ["a"], "response": ["b", "c"]})
    with pytest.raises(UsageError, match="dict of lists"):
        checker.check([{"response": "x"}])
    assert checker.check({}) == {f"guidelint_{c}": [] for c in _COLUMNS}  # (no rows)


def test_missing_values_of_every_batch_kind_are_null() -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    from guidelint.batch import BatchChecker

    checker = BatchChecker("customer-support", select=["invalid-record"])
    answer = "Open Settings, choose Billing, and pick the plan you want."
    columns = {
        "instruction": ["How do I change it?", None, "How?"],
        "response": [answer, answer, None],
    }

    def messages(out: Any) -> list[list[str]]:
        rows = out["guidelint_violations"]
        rows = rows.to_pylist() if hasattr(rows, "to_pylist") else list(rows)
        return [[v["message"] for v in row] for row in rows]

    expected = messages(checker.check(dict(columns)))
    assert expected == [[], [], ["'response' is null, expected text"]]
    frame = pd.DataFrame(columns)
    for batch in (pa.table(columns), frame, frame.astype("string")):
        assert messages(checker.check(batch)) == expected


def test_a_numpy_batch_arrow_cannot_hold_says_which_batch_format_works() -> None:
    np = pytest.importorskip("numpy")
    pytest.importorskip("pyarrow")
    import guidelint.ray
    from guidelint.errors import UsageError

    checker = guidelint.ray.Checker(guideline="customer-support")
    batch = {
        "instruction": np.array(["How do I reset my password?"] * 2, dtype=object),
        "response": np.array(["Open Settings and tap Reset.", 42], dtype=object),
    }
    with pytest.raises(UsageError, match="numpy batch") as info:
        checker(batch)
    assert "batch_format='pyarrow'" in (info.value.hint or "")
