"""``run/own_files.py``: a file the run writes is never a dataset it reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import run, write_jsonl
from guidelint.run.own_files import output_kind, own_output

#: Datasets whose first bytes look a little like a report: none may pass for one.
DATASETS = {
    "log.jsonl": '{"instruction": "Log: 2024-05-01 10:22:31: error disk full", "response": "x"}\n',
    "lint.jsonl": '{"instruction": "Explain: app.py:12:5: error E501 too long", "response": "x"}\n',
    "tool.jsonl": '{"version": 1, "tool": "web_search", "instruction": "q", "response": "a"}\n',
    "guide.jsonl": '{"version": 3, "guideline": "be brief", "instruction": "q", "response": "a"}\n',
    "sv.jsonl": '{"summary": "Two violations.", "violations": ["a", "b"], "instruction": "q"}\n',
    "array.json": '[{"instruction": "q", "response": "a"}]\n',
    "checked.csv": "Checked 3 boxes,answer\nx,y\n",
    "colon.csv": 'text,label\n"at 10:30:15: error found in log",1\n',
    "github.tsv": "::warning title\tresponse\nx\ty\n",
    "notes.md": "# Notes guidelint: x\n",
    "settings.jsonl": '{"version": 2, "guideline": "x", "settings": {"temperature": 1}}\n',
    "agreed.csv": "Agreement: (long, 3 rows),x\n",
}


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_a_dataset_never_passes_for_a_report(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(DATASETS[name], encoding="utf-8")
    assert not own_output(str(path))
    assert output_kind(str(path)) is None


@pytest.mark.parametrize("clean", [False, True])
@pytest.mark.parametrize(
    "fmt", ["text", "github", "markdown", "json", "json-lines", "sarif", "junit"]
)
def test_every_report_format_is_known_as_guidelints_own(
    tmp_path: Path, fmt: str, clean: bool
) -> None:
    response = "Fine." if not clean else "Open Settings and click Reset. " * 8
    write_jsonl(tmp_path / "d.jsonl", {"instruction": "How do I reset it?", "response": response})
    for color in ("never", "always"):
        report = tmp_path / f"r-{color}.out"
        args = ["check", "d.jsonl", "-g", "llm-boilerplate", "--format", fmt, "--color", color]
        run(*args, "-o", str(report), cwd=tmp_path)
        assert report.stat().st_size and own_output(str(report)), (fmt, clean, color)


@pytest.mark.parametrize(
    ("command", "output", "kind"),
    [
        ("agreement", "a.json", "agreement report"),
        ("agreement", "a.txt", "agreement report"),
        ("agreement", "a.html", "report"),
        ("calibrate", "sheet.md", "calibration sheet"),
    ],
)
def test_agreement_reports_and_sheets_are_known_as_guidelints_own(
    tmp_path: Path, command: str, output: str, kind: str
) -> None:
    write_jsonl(
        tmp_path / "r.jsonl",
        {"item": "i1", "annotator": "ann", "quality": 4},
        {"item": "i1", "annotator": "bob", "quality": 3},
    )
    result = run(command, "r.jsonl", "--bootstrap", "0", "-o", output, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert own_output(str(tmp_path / output))
    assert output_kind(str(tmp_path / output)) == kind


def test_an_empty_file_may_be_written(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("")
    assert own_output(str(tmp_path / "empty.jsonl"))
    assert output_kind(str(tmp_path / "empty.jsonl")) is None  # (no report: still read)
