"""``--delimiter``: naming a CSV or TSV file's delimiter when its header cannot tell (#18,
item 1: "detect the delimiter, or --delimiter")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reader_helpers import read, write

from guidelint.cli.main import main
from guidelint.errors import UsageError
from guidelint.readers.delimited import parse_delimiter

# A semicolon file whose header has a comma outside quotes: the header alone says comma.
SEMICOLONS = (
    "instruction;response;notes, if any\n"
    "What is two plus two?;Four, of course.;\n"
    "Name a colour.;Blue; or green.;checked\n"
)


def test_detection_alone_reads_such_a_file_wrongly(tmp_path: Path) -> None:
    result = read(write(tmp_path, "d.csv", SEMICOLONS), fields=None)
    assert not result.records
    [cells] = [e for e in result.errors if "the header has 2" in e.message]
    assert "--delimiter" in (cells.hint or "")


def test_a_named_delimiter_reads_every_row(tmp_path: Path) -> None:
    result = read(write(tmp_path, "d.csv", SEMICOLONS), delimiter=";")
    assert [r.data["response"] for r in result.records] == ["Four, of course."]
    [error] = result.errors  # row 3's fourth cell is said, not dropped
    assert (error.line, error.message) == (3, "row has 4 cells, the header has 3")


def test_tab_in_a_csv_file_and_pipe_in_a_tsv_file(tmp_path: Path) -> None:
    tabbed = write(tmp_path, "t.csv", "instruction\tresponse\nQ, one?\tA, one.\n")
    assert [r.data["response"] for r in read(tabbed, delimiter="\t").records] == ["A, one."]
    piped = write(tmp_path, "p.tsv", "instruction|response\nQ\tone?|A one.\n")
    assert [r.data["instruction"] for r in read(piped, delimiter="|").records] == ["Q\tone?"]


@pytest.mark.parametrize(
    ("given", "char"),
    [(";", ";"), ("tab", "\t"), ("\\t", "\t"), ("TAB", "\t"), ("semicolon", ";"), ("pipe", "|")],
)
def test_delimiter_names(given: str, char: str) -> None:
    assert parse_delimiter(given) == char


@pytest.mark.parametrize("given", ['"', "\n", ";;", ""])
def test_not_a_delimiter(given: str) -> None:
    with pytest.raises(UsageError, match="is not a delimiter"):
        parse_delimiter(given)


def test_a_delimiter_for_a_jsonl_file_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path, "d.jsonl", '{"instruction": "Q?", "response": "A."}\n')
    with pytest.raises(UsageError, match="--delimiter applies to CSV and TSV files"):
        read(path, delimiter=";")


def _check(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict]:
    path = write(tmp_path, "d.csv", SEMICOLONS)
    code = main(["check", str(path), "--no-config", "--no-progress", "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_check_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, report = _check(tmp_path, capsys, "--delimiter", "semicolon")
    assert report["summary"]["records"] == 1
    bad = [v for v in report["violations"] if v["rule"] == "invalid-record"]
    assert [v["line"] for v in bad] == [3]


def test_bad_delimiter_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "d.csv", SEMICOLONS)
    assert main(["check", str(path), "--no-config", "--delimiter", "ab"]) == 2
    assert "--delimiter 'ab' is not a delimiter" in capsys.readouterr().err


def test_agreement_reads_with_the_delimiter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = ["item;annotator;label"] + [
        f"i{i};{a};{'yes' if (i + (a == 'b' and i % 4 == 0)) % 2 else 'no'}"
        for i in range(12)
        for a in ("a", "b")
    ]
    path = write(tmp_path, "r.txt", "\n".join(rows) + "\n")
    code = main(
        ["agreement", str(path), "--input-format", "csv", "--delimiter", ";", "--format", "json"]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["sources"][0]["rows"] == 24
    assert [a["annotator"] for a in report["labels"][0]["annotators"]] == ["a", "b"]
