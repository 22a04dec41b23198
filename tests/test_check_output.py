"""Where ``guidelint check`` output goes: ``--output``, ``--format``, GitHub Actions, a
terminal (records grouped, a progress line) or a pipe (one line per violation)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from clirun import clean_env, on_a_terminal, run, write_jsonl
from guidelint.reporters import REPORTERS
from guidelint.run.progress import Progress, progress_wanted

RECORD = {
    "id": "sup-9",
    "annotator": "alice",
    "instruction": "Reset?",
    "response": "As an AI language model, I cannot.",
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "data.jsonl",
        RECORD,
        {"id": "ok", "instruction": "Hi there", "response": "Hello."},
    )


def test_output_file_gets_the_report_and_the_terminal_one_line(tmp_path: Path, data: Path) -> None:
    result = run(
        "check", "data.jsonl", "-g", "llm-boilerplate", "--output", "report.txt", cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stdout == (
        "Checked 2 records in 1 file: 2 violations (2 errors, 0 warnings, 0 infos); "
        "report written to report.txt\n"
    )
    report = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert report.startswith("data.jsonl:1:1: error ai-identity-disclaimer")
    assert "\x1b[" not in report


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("report.sarif", lambda text: json.loads(text)["version"] == "2.1.0"),
        ("report.json", lambda text: json.loads(text)["version"] == 1),
        ("report.xml", lambda text: text.lstrip().startswith("<?xml") or "<testsuite" in text),
        ("report.md", lambda text: "ai-identity-disclaimer" in text and not text.startswith("{")),
    ],
)
def test_output_suffix_implies_the_format(
    tmp_path: Path, data: Path, name: str, check: object
) -> None:
    result = run("check", "data.jsonl", "-g", "llm-boilerplate", "-o", name, cwd=tmp_path)
    assert result.returncode == 1
    assert callable(check) and check((tmp_path / name).read_text(encoding="utf-8"))


def test_format_choices_come_from_the_reporters(tmp_path: Path) -> None:
    result = run("check", "--help", cwd=tmp_path)
    for name in ("text", "json", "sarif", "junit", "github", "json-lines", "markdown"):
        assert name in REPORTERS
        assert name in result.stdout


def test_github_actions_gets_the_github_format(tmp_path: Path, data: Path) -> None:
    result = run(
        "check", "data.jsonl", "-g", "llm-boilerplate", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"}
    )
    assert result.stdout.startswith("::error file=data.jsonl,line=1")
    result = run(
        "check",
        "data.jsonl",
        "-g",
        "llm-boilerplate",
        "--format",
        "text",
        cwd=tmp_path,
        env={"GITHUB_ACTIONS": "true"},
    )
    assert result.stdout.startswith("data.jsonl:1:1: error")


def test_output_to_an_unwritable_place_exits_2(tmp_path: Path, data: Path) -> None:
    result = run("check", "data.jsonl", "-o", "missing-dir/report.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot write the report" in result.stderr


# -- a terminal --------------------------------------------------------------------------------


def test_a_terminal_groups_violations_by_record(tmp_path: Path, data: Path) -> None:
    code, text, stderr = on_a_terminal(
        ["check", "data.jsonl", "-g", "llm-boilerplate", "--color", "never"], tmp_path, clean_env()
    )
    assert code == 1 and b"Traceback" not in stderr
    lines = text.replace("\r\n", "\n").splitlines()
    assert lines[0] == "data.jsonl:1  sup-9 / alice"
    assert lines[1].split()[:3] == ["1:1", "error", "ai-identity-disclaimer"]
    assert lines[2].strip().startswith("response: »As an AI language model«")
    assert lines[3].strip().startswith("why: Responses must not describe themselves")
    assert lines[4].split()[:3] == ["1:26", "error", "refusal-boilerplate"]


def test_a_fix_is_labelled_fixable_only_in_a_file_fix_can_rewrite(tmp_path: Path) -> None:
    """A CSV's fix was labelled "[fixable with --fix]", and --fix then said it cannot."""
    (tmp_path / "g.yaml").write_text(
        "name: g\nrules:\n  - id: terms\n    check: substitution\n    terms: {utilize: use}\n",
        encoding="utf-8",
    )
    write_jsonl(tmp_path / "d.jsonl", {"response": "We utilize it."})
    (tmp_path / "d.csv").write_text("response\nWe utilize it.\n", encoding="utf-8")
    for name, labelled in (("d.jsonl", True), ("d.csv", False)):
        args = ["check", name, "-g", "g.yaml", "--no-config", "--color", "never"]
        code, text, _ = on_a_terminal(args, tmp_path, clean_env())
        assert code == 1 and "use 'use' instead of 'utilize'" in text
        assert ("[fixable with --fix]" in text) is labelled, (name, text)


def test_a_pipe_keeps_one_line_per_violation(tmp_path: Path, data: Path) -> None:
    result = run("check", "data.jsonl", "-g", "llm-boilerplate", "-q", cwd=tmp_path)
    assert result.stdout.splitlines()[0].startswith("data.jsonl:1:1: error ai-identity-disclaimer")
    assert "\r" not in result.stderr  # no progress line on a pipe


def test_progress_line_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GUIDELINT_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert progress_wanted(Terminal())
    assert not progress_wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not progress_wanted(Terminal())


def test_progress_counts_bytes_and_is_throttled(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "d.jsonl", *({"response": "x" * 50} for _ in range(100)))
    stream = io.StringIO()
    progress = Progress(stream, [str(path)], enabled=True, delay=0.0, interval=3600)
    progress.file(str(path))
    for line in range(1, 51):
        progress.record(line)
    assert stream.getvalue().count("\r") == 1  # drawn once, then throttled
    fraction = progress.fraction()
    assert fraction is not None and 0.45 < fraction < 0.55
    assert "50 records" in progress.text(200) and "50%" in progress.text(200)
    progress.done()
    assert stream.getvalue().endswith("\r\x1b[K")
    assert len(progress.text(20)) <= 20


def test_progress_disabled_writes_nothing() -> None:
    stream = io.StringIO()
    progress = Progress(stream, ["-"], enabled=False, delay=0.0)
    progress.file("-")
    progress.record(1)
    progress.done()
    assert stream.getvalue() == ""


def test_records_sharing_a_line_are_named_in_text_and_github_output(tmp_path: Path) -> None:
    records = [
        {"id": "r1", "instruction": "Reset?", "response": "Fine."},
        {"id": "r2", "instruction": "Reset?", "response": "As an AI language model, no."},
        {"instruction": "Reset?", "response": "As an AI language model, no!"},
    ]
    (tmp_path / "min.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "pretty.json").write_text(json.dumps(records, indent=2), encoding="utf-8")
    args = ("check", "-g", "llm-boilerplate", "--select", "ai-identity-disclaimer")

    text = run(*args, "min.json", cwd=tmp_path).stdout.splitlines()
    assert text[1] == "    element 2 (id r2), response: »As an AI language model«, no."
    assert text[3] == "    element 3, response: »As an AI language model«, no!"
    github = run(*args, "min.json", "--format", "github", cwd=tmp_path).stdout
    assert "%0Aelement 2 (id r2), response, column 1: »As an AI language model«" in github
    assert "%0Aelement 3, response, column 1: »As an AI language model«" in github

    # one record per line: the line tells, so no element is named
    pretty = run(*args, "pretty.json", cwd=tmp_path).stdout.splitlines()
    assert pretty[1] == "    response: »As an AI language model«, no."


def test_a_finding_about_the_whole_record_comes_first_on_its_line() -> None:
    """(before, a record-level finding at column 1 followed the fields' findings:
    4:296 was printed before 4:1)"""
    from dataclasses import replace

    from guidelint.model import Severity, Violation
    from guidelint.run.check import in_place_order

    base = Violation(
        path="d.jsonl", line=1, column=1, field="response", span=(0, 1), rule="r",
        check="phrase", severity=Severity.ERROR, message="m",
    )  # fmt: skip
    text_late = replace(base, line=4, field="response", column=296, span=(295, 300))
    text_early = replace(base, line=4, field="response", column=3, span=(2, 5))
    whole = replace(base, line=4, field="", column=1, span=(0, 0), rule="preference-inversion")
    other_line = replace(base, line=2, field="response", column=9, span=(8, 9))
    found = in_place_order([text_late, whole, text_early, other_line])
    assert found == [other_line, whole, text_early, text_late]
