"""One ``resolve_format``: ``check``, ``agreement`` and ``--fix`` read a file as the same
format (they used to decide it in three places, and disagreed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clirun import run, write_jsonl
from guidelint.errors import InputError, UsageError
from guidelint.readers import resolve_format


@pytest.mark.parametrize(
    ("path", "input_format", "expected"),
    [
        ("d.jsonl", None, "jsonl"),
        ("d.NDJSON", None, "jsonl"),
        ("d.json.gz", None, "json"),
        ("d.tsv", None, "tsv"),
        ("-", None, "jsonl"),
        ("-", "csv", "csv"),
        ("d.txt", "ndjson", "jsonl"),
        ("d.txt", ".JSONL", "jsonl"),
        ("d.txt", "tab", "tsv"),
        ("d.json", "jsonl", "jsonl"),  # the option wins over the name
    ],
)
def test_resolve_format(path: str, input_format: str | None, expected: str) -> None:
    assert resolve_format(path, input_format) == expected


def test_unknown_names_and_suffixes_are_clear_errors() -> None:
    with pytest.raises(UsageError, match="unknown input format 'yaml'"):
        resolve_format("d.txt", "yaml")
    with pytest.raises(InputError, match="unknown dataset format"):
        resolve_format("d.txt")


def test_agreement_takes_the_format_aliases_check_takes(tmp_path: Path) -> None:
    records = [
        {"item": f"i{k}", "annotator": who, "quality": (k + n) % 5 + 1}
        for k in range(6)
        for n, who in enumerate(("ann", "bob"))
    ]
    data = write_jsonl(tmp_path / "d.txt", *records)
    agreement = run("agreement", str(data), "--input-format", "ndjson", cwd=tmp_path)
    assert agreement.returncode == 0, agreement.stderr
    assert "12 ratings of 6 items by 2 annotators" in agreement.stdout
    check = run("check", str(data), "--input-format", "ndjson", "-q", cwd=tmp_path)
    assert "unknown input format" not in check.stderr


def test_fix_reads_the_file_as_input_format_says(tmp_path: Path) -> None:
    (tmp_path / "guideline.yaml").write_text(
        "name: fixes\nrules:\n  - id: plan-names\n    check: substitution\n"
        "    terms: {Nimbus Basic: Nimbus Starter}\n",
        encoding="utf-8",
    )
    record = {"instruction": "Which plan?", "response": "Take Nimbus Basic today."}
    data = tmp_path / "f.txt"
    data.write_text(json.dumps(record) + "\n", encoding="utf-8")

    result = run(
        "check", "f.txt", "-g", "guideline.yaml", "--input-format", "jsonl", "--fix", cwd=tmp_path
    )

    assert "can be fixed" not in result.stdout + result.stderr
    assert "Note: 1 violation fixed" in result.stdout
    assert json.loads(data.read_text(encoding="utf-8"))["response"] == "Take Nimbus Starter today."
    assert result.returncode == 0


def test_compressed_and_tabular_files_are_still_not_fixed(tmp_path: Path) -> None:
    from guidelint.run.fixes import fixable_format as _format

    assert _format("d.jsonl.gz", None) is None
    assert _format("d.csv", None) is None
    assert _format("d.txt", "csv") is None
    assert _format("d.txt", "ndjson") == "jsonl"
