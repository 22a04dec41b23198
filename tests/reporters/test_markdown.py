"""Markdown summary: counts, tables, escaping, truncation, and the hidden rest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from reporter_cases import render, sample_section, sample_violations, summary_of, violation

from clirun import run
from guidelint.model import Severity, Violation
from guidelint.reporters.markdown import LIMIT, MESSAGE_WIDTH, code, escape, truncate

ESCAPES = [
    ("plain words", "plain words"),
    ("a | b", "a \\| b"),
    ("use `rm -rf`", "use \\`rm -rf\\`"),
    ("*bold* _it_ ~del~", "\\*bold\\* \\_it\\_ \\~del\\~"),
    ("[link](http://x)", "\\[link\\](http://x)"),
    ("<details>", "\\<details\\>"),
    ("a & b \\ c", "a \\& b \\\\ c"),
    ("two\nlines\r\nhere", "two lines here"),
    ("ask @octocat", "ask @\u200boctocat"),
]


@pytest.mark.parametrize(("text", "expected"), ESCAPES)
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("data/train_v2.jsonl:3", "`data/train_v2.jsonl:3`"),
        ("a|b.jsonl", "`a\\|b.jsonl`"),
        ("odd`name.jsonl", "`` odd`name.jsonl ``"),
        ("x``y", "``` x``y ```"),
    ],
)
def test_code(text: str, expected: str) -> None:
    assert code(text) == expected


def test_truncate() -> None:
    assert truncate("short") == "short"
    long = "word " * 100
    cut = truncate(long)
    assert len(cut) <= MESSAGE_WIDTH and cut.endswith("…")


def report(found: list[Violation] | None = None, **changes: Any) -> str:
    violations = sample_violations() if found is None else found
    summary = summary_of(violations)
    summary.sections.append(sample_section())
    return render("markdown", violations, summary, **changes)


def test_headline_and_rule_table() -> None:
    text = report()
    assert text.startswith("## ❌ guidelint: 2 errors, 1 warning, 1 info\n")
    assert "Checked 10 records in 2 files against guideline `customer-support` 1.0" in text
    assert "| Rule | Severity | Count | Description |\n|---|---|---:|---|" in text
    assert "| no-apology | error | 1 | Responses do not apologise. |" in text
    # Worst severity seen for the rule; described by the guideline.
    assert "| response-length | warning | 2 | Responses stay between 50 and 300 words. |" in text
    # Not in the guideline's rules: no description, no crash.
    assert "| invalid-record | error | 1 |  |" in text


def test_passing_run_has_a_check_mark() -> None:
    assert report([violation(severity=Severity.WARNING)]).startswith("## ✅ guidelint:")
    assert report([]).startswith("## ✅ guidelint: 0 errors, 0 warnings, 0 infos")


def test_violation_table_escapes_and_orders_errors_first() -> None:
    nasty = violation(message="pipe | tick ` <b>bold</b>\nnext line", severity=Severity.WARNING)
    text = report([nasty, violation(path="dir/a_b.jsonl")])
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert rows[0].startswith("| `dir/a_b.jsonl:3` response, column 41 | no-apology | error |")
    assert rows[1].endswith("| pipe \\| tick \\` \\<b\\>bold\\</b\\> next line |")


def test_long_messages_are_truncated() -> None:
    text = report([violation(message="x" * 1000)])
    row = next(line for line in text.splitlines() if line.startswith("| `"))
    assert "x" * (MESSAGE_WIDTH - 1) + "…" in row
    assert "x" * MESSAGE_WIDTH not in row


def test_the_rest_is_counted_in_details() -> None:
    found = [violation(line=i + 1) for i in range(LIMIT + 7)]
    found += [violation(line=1, rule="other", severity=Severity.INFO)]
    text = report(found)
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == LIMIT
    assert "<details><summary>8 more violations not shown</summary>" in text
    assert "| no-apology | 7 |" in text
    assert "| other | 1 |" in text
    assert text.index("</details>") > text.index("<details>")


def test_no_details_when_everything_is_shown() -> None:
    assert "<details>" not in report()


def test_sections_are_tables() -> None:
    text = report()
    assert "### Edit sizes by annotator" in text
    assert "| annotator | records | share |" in text
    assert "| ann\\|1 | 4 | 25.0% |" in text
    assert "| b | 2 | - |" in text
    assert "Shares are of edited records." in text


def test_stays_under_the_comment_limit() -> None:
    found = [violation(line=i + 1, message="m" * 400, path="p" * 300) for i in range(LIMIT)]
    assert len(report(found)) < 65_536


def test_the_runs_notes_follow_the_headline() -> None:
    from guidelint.readers.labelstudio import CANCELLED, NO_ANNOTATIONS

    found = sample_violations()
    summary = summary_of(found)
    summary.read_stats.note(CANCELLED)
    summary.read_stats.note(NO_ANNOTATIONS, 2)
    text = render("markdown", found, summary)
    assert (
        "(fails on error).\n\n"
        "- Note: 1 cancelled annotation skipped\n"
        "- Note: 2 tasks without annotations\n\n| Rule |"
    ) in text
    assert "Note:" not in render("markdown", found)


def test_a_label_studio_exports_notes_are_in_every_report(tmp_path: Path) -> None:
    """The notes of the text, JSON and HTML reports are in the Markdown one too."""
    answer = "Our support team answers every day. " * 4

    def annotation(number: int, cancelled: bool = False) -> dict[str, Any]:
        text = {"type": "textarea", "from_name": "response", "to_name": "instruction"}
        return {
            "id": number,
            "completed_by": number,
            "was_cancelled": cancelled,
            "result": [{**text, "value": {"text": [answer]}}],
        }

    tasks = [
        {"id": 1, "data": {"instruction": "When?"}, "annotations": [annotation(1)]},
        {
            "id": 2,
            "data": {"instruction": "Why?"},
            "annotations": [annotation(2), annotation(3, cancelled=True)],
        },
        {"id": 3, "data": {"instruction": "Who?"}, "annotations": []},
    ]
    (tmp_path / "export.json").write_text(json.dumps(tasks), encoding="utf-8")
    args = ("check", "export.json", "--no-config", "--format")
    notes = json.loads(run(*args, "json", cwd=tmp_path).stdout)["summary"]["notes"]
    assert notes == {"cancelled annotations skipped": 1, "tasks without annotations": 1}
    markdown = run(*args, "markdown", cwd=tmp_path).stdout
    text = run("check", "export.json", "--no-config", cwd=tmp_path).stdout
    for note in ("1 cancelled annotation skipped", "1 task without annotations"):
        assert f"Note: {note}" in text
        assert f"- Note: {note}\n" in markdown
