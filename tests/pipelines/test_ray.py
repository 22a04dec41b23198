"""Ray: ``guidelint check --engine ray`` prints what ``--engine local`` prints, and the
``map_batches`` actor class gives the CLI's violations. One local cluster per session."""

from __future__ import annotations

import gzip
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
    ray_cluster,
    same_as_cli,
    write_jsonl,
)

from clirun import run
from guidelint.errors import UsageError

pytestmark = [pytest.mark.ray, pytest.mark.xdist_group("ray")]
__all__ = ["ray_cluster"]  # (the session's Ray cluster fixture)

pytest.importorskip("ray")
pa = pytest.importorskip("pyarrow")

import guidelint.ray  # noqa: E402

JUDGES = ALPACA.parent / "judges.jsonl.gz"


def both_engines(cwd: Path, address: str, *args: str) -> tuple[Any, Any]:
    local = run("check", *args, "--no-config", cwd=cwd)
    on_ray = run(
        "check", *args, "--no-config", "--engine", "ray", "--ray-address", address, cwd=cwd
    )
    return local, on_ray


def test_engine_ray_prints_what_local_prints(tmp_path: Path, ray_cluster: Any) -> None:
    _ray, address = ray_cluster
    # 12k records, about 2.5 MB: two blocks of ~2 MB; copies of early records near the end.
    records = generated_records(12_000)
    write_jsonl(tmp_path / "data.jsonl", records)
    guideline = ("--guideline", "annotation-types", "--format", "json")
    local, on_ray = both_engines(tmp_path, address, "data.jsonl", *guideline)
    assert on_ray.returncode == local.returncode == 1
    assert on_ray.stdout == local.stdout
    assert on_ray.stderr == local.stderr
    report = json.loads(local.stdout)
    duplicates = [v for v in report["violations"] if v["rule"] == "duplicate-response"]
    assert any(v["line"] > 10_000 and "data.jsonl:1" in v["message"] for v in duplicates)
    assert report["summary"]["sections"]  # the length distribution, reduced once


def test_engine_ray_on_gzip_parquet_and_several_files(tmp_path: Path, ray_cluster: Any) -> None:
    _ray, address = ray_cluster
    records = generated_records(5_000, seed=3)  # parquet: blocks of 2,000 rows
    pa.parquet.write_table(pa.Table.from_pylist(records), tmp_path / "data.parquet")
    with gzip.open(tmp_path / "more.jsonl.gz", "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(r) + "\n" for r in generated_records(3_000, seed=4))
        out.write("{not json\n")
    write_jsonl(tmp_path / "small.jsonl", records[:5])
    args = ("data.parquet", "more.jsonl.gz", "small.jsonl", "--guideline", "annotation-types")
    local, on_ray = both_engines(tmp_path, address, *args, "--statistics")
    assert on_ray.returncode == local.returncode == 1
    assert on_ray.stdout == local.stdout
    assert "invalid-record" in local.stdout
    assert "more.jsonl.gz:1:1" in local.stdout  # a duplicate across files, found by the reduce


@pytest.mark.skipif(not ALPACA.is_file(), reason="../shared/data/alpaca_eval is not present")
def test_engine_ray_on_alpaca_eval(tmp_path: Path, ray_cluster: Any) -> None:
    _ray, address = ray_cluster
    write_jsonl(tmp_path / "alpaca.jsonl", alpaca_records(5_000))  # about 10 MB: 5 blocks
    args = ("alpaca.jsonl", "--guideline", "annotation-types", "--format", "json")
    local, on_ray = both_engines(tmp_path, address, *args)
    assert on_ray.stdout == local.stdout
    violations = json.loads(local.stdout)["violations"]
    assert any(v["rule"] == "duplicate-instruction" and v["line"] > 0 for v in violations)
    assert any(v["rule"] == "duplicate-instruction" and v["line"] == 0 for v in violations)


def test_map_batches_checker_gives_the_cli_violations(tmp_path: Path, ray_cluster: Any) -> None:
    ray, _address = ray_cluster
    records = generated_records(900, seed=5)
    write_jsonl(tmp_path / "data.jsonl", records)
    expected = per_line(cli_json(tmp_path, "data.jsonl"), set())
    for batch_format in ("pyarrow", "pandas", "numpy"):
        dataset = ray.data.from_items(records, override_num_blocks=4)
        checked = dataset.map_batches(
            guidelint.ray.Checker,
            fn_constructor_kwargs={"guideline": "customer-support"},
            concurrency=1,
            batch_size=100,
            batch_format=batch_format,
        )
        rows = {row["id"]: row for row in checked.take_all()}
        for number, record in enumerate(records, 1):
            row = rows[record["id"]]
            assert row["guidelint_violations"] == expected.get(number, []), batch_format
            errors = sum(v["severity"] == "error" for v in expected.get(number, []))
            assert row["guidelint_errors"] == errors
            assert row["guidelint_pass"] == (errors == 0)


CHAT = [
    {"role": "user", "content": "Do you offer a student discount?"},
    {"role": "assistant", "content": "As an AI language model, I cannot say."},
]


def test_the_checker_given_one_row_says_to_use_map_batches() -> None:
    checker = guidelint.ray.Checker("customer-support")
    for row in ({"messages": CHAT}, {"instruction": "Hi?", "response": "Hello."}):
        with pytest.raises(UsageError, match="the batch is one row") as info:
            checker(row)
        assert "ds.map_batches(guidelint.ray.Checker" in (info.value.hint or "")


def test_ray_map_instead_of_map_batches_says_so(ray_cluster: Any) -> None:
    """``ds.map(Checker)`` on chat rows failed with Ray's "Standalone Python objects are
    not allowed", which does not say what to do."""
    ray, _address = ray_cluster
    dataset = ray.data.from_items([{"messages": CHAT}] * 2).map(
        guidelint.ray.Checker, fn_constructor_kwargs={"guideline": "customer-support"},
        concurrency=1,
    )  # fmt: skip
    with pytest.raises(Exception, match=r"map_batches\(guidelint\.ray\.Checker") as info:
        dataset.take_all()
    assert "Standalone Python objects" not in str(info.value)


@pytest.mark.skipif(not ALPACA.is_file(), reason="../shared/data/alpaca_eval is not present")
def test_map_batches_on_alpaca_eval_json(tmp_path: Path, ray_cluster: Any) -> None:
    ray, _address = ray_cluster
    records = alpaca_records(1_000)
    write_jsonl(tmp_path / "alpaca.jsonl", records)
    expected = per_line(cli_json(tmp_path, "alpaca.jsonl", "--guideline", "llm-boilerplate"), set())
    checked = ray.data.read_json(str(tmp_path / "alpaca.jsonl")).map_batches(
        guidelint.ray.Checker,
        fn_constructor_kwargs={"guideline": "llm-boilerplate"},
        concurrency=1,
        batch_format="pyarrow",
    )
    by_id = {row["id"]: row["guidelint_violations"] for row in checked.take_all()}
    assert [by_id[r["id"]] for r in records] == [
        expected.get(n, []) for n in range(1, len(records) + 1)
    ]


@pytest.mark.skipif(not JUDGES.is_file(), reason="../shared/data/alpaca_eval is not present")
def test_agreement_over_a_ray_dataset_is_the_command_lines(
    ray_cluster: Any, tmp_path: Path
) -> None:
    ray, _address = ray_cluster
    rows = judge_rows()
    for value in ("preference", "rounded"):
        found = guidelint.ray.agreement(
            ray.data.from_items(rows, override_num_blocks=4), annotator="judge", value=value
        )
        same_as_cli(found, cli_agreement(tmp_path, rows, value))


def test_bad_ray_options_are_clear_errors(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "data.jsonl", generated_records(3))
    result = run("check", "data.jsonl", "--ray-address", "127.0.0.1:1", cwd=tmp_path)
    assert result.returncode == 2
    assert "--ray-address goes with --engine ray" in result.stderr
    import socket

    with socket.socket() as free:  # a port nobody listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    result = run(
        "check", "data.jsonl", "--engine", "ray", "--ray-address", f"127.0.0.1:{port}", cwd=tmp_path
    )
    assert result.returncode == 2
    assert f"cannot connect to the Ray cluster at 127.0.0.1:{port}" in result.stderr
    result = run("check", "data.jsonl", "--engine", "ray", "--ray-address", "nowhere", cwd=tmp_path)
    assert result.returncode == 2
    assert "--ray-address takes host:port" in result.stderr
    result = run("check", "--stdin-text", "--engine", "ray", cwd=tmp_path, stdin="Hello")
    assert result.returncode == 2
    assert "not with --stdin-text" in result.stderr
