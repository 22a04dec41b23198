"""Hugging Face datasets: map/filter with num_proc and streaming, save_to_disk folders read by
``guidelint check``, agreement over ratings in a dataset."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pipeline_data import (
    ALPACA,
    alpaca_records,
    cli_agreement,
    cli_json,
    generated_records,
    judge_rows,
    per_line,
    same_as_cli,
    write_jsonl,
)

from clirun import run
from guidelint.errors import UsageError

datasets = pytest.importorskip("datasets")

import guidelint.hf  # noqa: E402

JUDGES = ALPACA.parent / "judges.jsonl.gz"


@pytest.fixture(autouse=True)
def _quiet() -> None:
    datasets.disable_progress_bars()


def expected_rows(report: dict[str, Any], count: int) -> list[list[dict[str, Any]]]:
    found = per_line(report, set())
    assert found  # (the comparison compares something)
    return [found.get(number, []) for number in range(1, count + 1)]


def test_map_with_num_proc_gives_the_cli_violations(tmp_path: Path) -> None:
    records = generated_records(400)
    write_jsonl(tmp_path / "data.jsonl", records)
    expected = expected_rows(cli_json(tmp_path, "data.jsonl"), len(records))
    dataset = datasets.Dataset.from_list(records)
    checked = dataset.map(
        guidelint.hf.checker("customer-support"), batched=True, batch_size=50, num_proc=2
    )
    assert checked["guidelint_violations"] == expected
    assert checked.column_names[: len(records[0])] == list(records[0])
    errors = [sum(v["severity"] == "error" for v in row) for row in expected]
    assert checked["guidelint_errors"] == errors
    assert checked["guidelint_pass"] == [e == 0 for e in errors]
    # A first batch without any fix does not make the column null-typed for the rest.
    fix = checked.features["guidelint_violations"].feature["fix"]
    assert fix["replacement"] == datasets.Value("string")


def test_with_indices_locates_rows_in_the_dataset() -> None:
    dataset = datasets.Dataset.from_list([{"instruction": "hi", "response": "ok"}] * 5)
    checker = guidelint.hf.checker("customer-support")
    out = dataset.map(checker, batched=True, batch_size=2, with_indices=True)
    assert len(out) == 5
    rows = checker.batch_checker().check_rows([dataset[4]], [4])
    assert {v.line for v in rows[0].violations} == {5}


@pytest.mark.parametrize("step", ["map", "filter"])
def test_a_step_without_batched_says_so(step: str) -> None:
    dataset = datasets.Dataset.from_list([{"instruction": "abcdefghij", "response": "As an AI l"}])
    function = guidelint.hf.checker() if step == "map" else guidelint.hf.passes()
    with pytest.raises(UsageError, match="the batch is one row") as info:
        getattr(dataset, step)(function)
    assert "batched=True" in (info.value.hint or "")


CHAT = [
    {"role": "user", "content": "Do you offer a student discount?"},
    {"role": "assistant", "content": "As an AI language model, I cannot say."},
]


@pytest.mark.parametrize("step", ["map", "filter"])
@pytest.mark.parametrize(
    "row",
    [
        {"messages": CHAT},  # (a chat dataset: every column a list)
        {"prompt": CHAT[:1], "chosen": CHAT[1:], "rejected": [CHAT[1]]},  # (TRL, conversational)
    ],
)
def test_a_step_without_batched_on_conversations_says_so(step: str, row: dict[str, Any]) -> None:
    """A row whose every column is a list was taken for a batch: filter kept every row,
    map gave each an invalid-record "no known dataset schema matches"."""
    dataset = datasets.Dataset.from_list([row, row])
    function = guidelint.hf.checker() if step == "map" else guidelint.hf.passes()
    with pytest.raises(UsageError, match="the batch is one row") as info:
        getattr(dataset, step)(function)
    assert "batched=True" in (info.value.hint or "")
    assert len(dataset.filter(guidelint.hf.passes(), batched=True)) == 0  # (the disclaimer)


def test_checking_a_checked_dataset_again_replaces_its_columns() -> None:
    dataset = datasets.Dataset.from_list(
        [{"instruction": "Say hi to me", "response": "As an AI language model, hi."}]
    )
    checker = guidelint.hf.checker("customer-support")
    once = dataset.map(checker, batched=True)
    twice = once.map(checker, batched=True)
    assert twice.column_names == once.column_names
    assert twice[0]["guidelint_errors"] == once[0]["guidelint_errors"] >= 1


def test_filter_keeps_the_passing_rows(tmp_path: Path) -> None:
    records = generated_records(200)
    dataset = datasets.Dataset.from_list(records)
    kept = dataset.filter(guidelint.hf.passes("customer-support"), batched=True, num_proc=2)
    checked = dataset.map(guidelint.hf.checker("customer-support"), batched=True)
    passing = [r["id"] for r in checked if r["guidelint_pass"]]
    assert kept["id"] == passing
    assert 0 < len(kept) < len(records)
    warnings = dataset.filter(
        guidelint.hf.passes("customer-support", fail_on="warning"), batched=True
    )
    assert len(warnings) < len(kept)


def test_streaming_iterable_dataset() -> None:
    records = generated_records(120)
    plain = datasets.Dataset.from_list(records)
    checked = plain.map(guidelint.hf.checker("customer-support"), batched=True)
    stream = plain.to_iterable_dataset(num_shards=2).map(
        guidelint.hf.checker("customer-support"), batched=True, batch_size=16
    )
    assert [r["guidelint_violations"] for r in stream] == checked["guidelint_violations"]
    typed = plain.to_iterable_dataset().map(
        guidelint.hf.checker("customer-support"),
        batched=True,
        features=guidelint.hf.features(plain),
    )
    assert sum(r["guidelint_errors"] for r in typed) == sum(checked["guidelint_errors"])


def test_check_reads_a_save_to_disk_folder_as_the_same_records(tmp_path: Path) -> None:
    records = generated_records(300)
    write_jsonl(tmp_path / "data.jsonl", records)
    datasets.Dataset.from_list(records).save_to_disk(str(tmp_path / "saved"), num_shards=3)
    assert len(list((tmp_path / "saved").glob("*.arrow"))) == 3
    from_jsonl = run("check", "data.jsonl", "--no-config", "--statistics", cwd=tmp_path)
    from_folder = run("check", "saved", "--no-config", "--statistics", cwd=tmp_path)
    assert from_folder.returncode == from_jsonl.returncode == 1
    assert from_folder.stdout == from_jsonl.stdout.replace("data.jsonl", "saved")
    assert "dataset_info" not in from_folder.stdout + from_folder.stderr
    assert "state.json" not in from_folder.stdout + from_folder.stderr


def test_check_reads_a_dataset_dict_folder_split_by_split(tmp_path: Path) -> None:
    records = generated_records(120)
    split = datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_list(records[:80]),
            "test": datasets.Dataset.from_list(records[80:]),
        }
    )
    split.save_to_disk(str(tmp_path / "dd"))
    write_jsonl(tmp_path / "test.jsonl", records[80:])
    report = cli_json(tmp_path, "dd")
    paths = {v["path"] for v in report["violations"]}
    assert paths == {str(Path("dd") / "test"), str(Path("dd") / "train")}
    assert report["summary"]["files"] == 2
    assert report["summary"]["records"] == 120
    test_only = [
        (v["line"], v["rule"], v["message"])
        for v in report["violations"]
        if v["path"] == str(Path("dd") / "test")
    ]
    direct = cli_json(tmp_path, "test.jsonl")
    assert test_only == [(v["line"], v["rule"], v["message"]) for v in direct["violations"]]
    # a split named directly, and the folder found inside a larger walk
    assert cli_json(tmp_path, "dd/test")["violations"] == [
        {**v, "path": "dd/test"} for v in direct["violations"]
    ]
    (tmp_path / "more").mkdir()
    write_jsonl(tmp_path / "more" / "extra.jsonl", records[:3])
    split.save_to_disk(str(tmp_path / "more" / "dd"))
    walked = cli_json(tmp_path, "more")
    assert walked["summary"]["files"] == 3


@pytest.mark.skipif(not ALPACA.is_file(), reason="../shared/data/alpaca_eval is not present")
def test_alpaca_eval_folder_and_map(tmp_path: Path) -> None:
    records = alpaca_records(800)
    write_jsonl(tmp_path / "alpaca.jsonl", records)
    dataset = datasets.Dataset.from_list(records)
    dataset.save_to_disk(str(tmp_path / "alpaca"))
    args = ("--guideline", "llm-boilerplate")
    from_jsonl = run("check", "alpaca.jsonl", "--no-config", *args, cwd=tmp_path)
    from_folder = run("check", "alpaca", "--no-config", *args, cwd=tmp_path)
    assert from_folder.stdout == from_jsonl.stdout.replace("alpaca.jsonl", "alpaca")
    report = cli_json(tmp_path, "alpaca.jsonl", *args)
    checked = dataset.map(guidelint.hf.checker("llm-boilerplate"), batched=True, num_proc=2)
    assert checked["guidelint_violations"] == expected_rows(report, len(records))


def test_a_damaged_folder_gets_a_clear_error(tmp_path: Path) -> None:
    datasets.Dataset.from_list(generated_records(10)).save_to_disk(str(tmp_path / "saved"))
    arrow = next((tmp_path / "saved").glob("*.arrow"))
    arrow.write_bytes(arrow.read_bytes()[:100])
    result = run("check", "saved", "--no-config", cwd=tmp_path)
    assert result.returncode == 1
    assert "invalid-record" in result.stdout
    assert "cannot read the rows of data-00000-of-00001.arrow" in result.stdout
    (tmp_path / "saved" / "state.json").write_text("{", encoding="utf-8")
    result = run("check", "saved", "--no-config", cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot read state.json" in result.stderr


@pytest.mark.skipif(not JUDGES.is_file(), reason="../shared/data/alpaca_eval is not present")
def test_agreement_over_a_dataset_is_the_command_lines(tmp_path: Path) -> None:
    """The same ratings give the same statistics as ``guidelint agreement``: judges'
    fractional preferences are continuous (interval alpha; the statistics of
    categories do not apply), rounded ones an ordinal rating. The pipelines compared
    them as nominal categories whatever they were (alpha 0.050 against 0.118)."""
    rows = judge_rows()
    dataset = datasets.Dataset.from_list(rows)
    for value, args in (("preference", ()), ("rounded", ())):
        cli = cli_agreement(tmp_path, rows, value, *args)
        for source in (dataset, dataset.to_iterable_dataset()):
            found = guidelint.hf.agreement(source, annotator="judge", value=value)
            same_as_cli(found, cli)
    continuous = guidelint.hf.agreement(dataset, annotator="judge", value="preference")
    assert continuous["krippendorff_alpha"].value is not None
    assert continuous["fleiss_kappa"].note.startswith("not applicable: the values are continuous")
    declared = guidelint.hf.agreement(
        dataset, annotator="judge", value="rounded", categories=[0, 1, 2], level="nominal"
    )
    same_as_cli(declared, cli_agreement(tmp_path, rows, "rounded", "--categories", "0,1,2",
                                        "--level", "nominal"))  # fmt: skip
    with pytest.raises(UsageError, match="no column 'annotator'"):
        guidelint.hf.agreement(dataset)


def test_a_save_to_disk_folders_metadata_named_alone_checks_its_dataset(tmp_path: Path) -> None:
    # (what a pre-commit hook passes when a save_to_disk folder changed: its JSON files)
    row = {"instruction": "How do I reset it?", "response": "As an AI language model, no."}
    datasets.Dataset.from_list([row]).save_to_disk(str(tmp_path / "sd"))
    datasets.DatasetDict({"train": datasets.Dataset.from_list([row])}).save_to_disk(
        str(tmp_path / "dd")
    )
    names = ["sd/state.json", "sd/dataset_info.json", "dd/dataset_dict.json"]
    result = run("check", *names, "dd/train/state.json", "--format", "json", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert report["summary"]["files"] == 2 and report["summary"]["records"] == 2
    assert report["summary"]["invalid_records"] == 0
    assert {v["path"] for v in report["violations"]} == {"sd", str(Path("dd", "train"))}


def test_one_checker_mapped_over_the_splits_of_a_dataset_dict_reads_each_split() -> None:
    plain = datasets.Dataset.from_list([{"instruction": "How do I reset it?", "response": "ok"}])
    chat = datasets.Dataset.from_list(
        [
            {
                "messages": [
                    {"role": "user", "content": "Where is my order?"},
                    {"role": "assistant", "content": "As an AI language model, I cannot see it."},
                ]
            }
        ]
    )
    splits = datasets.DatasetDict({"train": plain, "test": chat})
    out = splits.map(guidelint.hf.checker("customer-support"), batched=True)
    rules = {v["rule"] for v in out["test"][0]["guidelint_violations"]}
    assert "invalid-record" not in rules and "ai-identity-disclaimer" in rules


def test_cohen_kappa_asked_for_with_three_annotators_is_lights_as_in_the_cli(
    tmp_path: Path,
) -> None:
    """It was left out silently: ``statistics=["cohen_kappa"]`` returned ``{}``."""
    rows = [
        {"item": item, "judge": judge, "rating": rating}
        for item, ratings in enumerate([(1, 2, 1), (1, 1, 1), (2, 2, 1), (3, 3, 2)])
        for judge, rating in zip("abc", ratings, strict=True)
    ]
    found = guidelint.hf.agreement(
        datasets.Dataset.from_list(rows), annotator="judge", value="rating",
        statistics=["cohen_kappa"],
    )  # fmt: skip
    assert list(found) == ["cohen_kappa"]
    assert found["cohen_kappa"].name == "light_kappa"
    same_as_cli(found, cli_agreement(tmp_path, rows, "rating"))
