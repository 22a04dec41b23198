"""``--changed-since REV``: only the records on lines changed since a git revision."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from clirun import git, run, violation_lines, write_jsonl
from guidelint.run.changes import ChangedLines, only_changed

BAD = "As an AI language model, I cannot say."
GOOD = "Open Settings, then Billing, and pick the plan you want."


def record(n: int, response: str = GOOD) -> dict[str, str]:
    return {"id": f"r{n}", "instruction": f"Question number {n}?", "response": response}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "-c", "init.defaultBranch=main", "init", "-q")
    write_jsonl(tmp_path / "data.jsonl", *(record(n, BAD if n == 2 else GOOD) for n in range(1, 6)))
    git(tmp_path, "add", "data.jsonl")
    git(tmp_path, "commit", "-q", "-m", "data")
    return tmp_path


def check(repo: Path, *args: str) -> list[str]:
    result = run("check", *args, "-g", "llm-boilerplate", "-q", cwd=repo)
    assert result.returncode in {0, 1}, result.stderr
    return violation_lines(result.stdout)


def test_only_changed_records_are_checked(repo: Path) -> None:
    assert check(repo, "data.jsonl", "--changed-since", "HEAD") == []  # nothing changed
    lines = (repo / "data.jsonl").read_text(encoding="utf-8").splitlines()
    lines[3] = json.dumps(record(4, BAD))  # a changed record
    lines.append(json.dumps(record(6, BAD)))  # an added record
    (repo / "data.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    found = check(repo, "data.jsonl", "--changed-since", "HEAD")

    assert {line.split(":")[1] for line in found} == {"4", "6"}  # line 2 is old, not checked
    assert {line.split(":")[1] for line in check(repo, "data.jsonl")} == {"2", "4", "6"}


def test_summary_counts_only_the_checked_records(repo: Path) -> None:
    path = repo / "data.jsonl"
    path.write_text(
        path.read_text(encoding="utf-8") + json.dumps(record(6)) + "\n", encoding="utf-8"
    )
    result = run(
        "check", "data.jsonl", "--changed-since", "HEAD", "-g", "llm-boilerplate", cwd=repo
    )
    assert "Checked 1 record in 1 file" in result.stdout
    assert result.returncode == 0


def test_an_older_revision_and_untracked_files(repo: Path) -> None:
    path = repo / "data.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] = json.dumps(record(5, BAD))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "second")
    write_jsonl(repo / "new.jsonl", record(1, BAD), record(2, BAD))

    found = check(repo, "data.jsonl", "new.jsonl", "--changed-since", "HEAD~1")

    assert sorted(line.split(":")[0] + ":" + line.split(":")[1] for line in found) == sorted(
        ["data.jsonl:5", "data.jsonl:5", "new.jsonl:1", "new.jsonl:1", "new.jsonl:2", "new.jsonl:2"]
    )


def test_a_record_spanning_lines_is_checked_when_any_of_its_lines_changed(repo: Path) -> None:
    records = [record(1), record(2), record(3)]
    path = repo / "data.json"
    path.write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    git(repo, "add", "data.json")
    git(repo, "commit", "-q", "-m", "json")
    text = path.read_text(encoding="utf-8")
    # change the instruction (not the first line) of the second record only
    path.write_text(
        text.replace('"Question number 2?"', '"As an AI language model?"'), encoding="utf-8"
    )
    result = run(
        "check",
        "data.json",
        "--changed-since",
        "HEAD",
        "-g",
        "llm-boilerplate",
        "--select",
        "ai-identity-disclaimer",
        "--format",
        "json",
        cwd=repo,
    )
    summary = json.loads(result.stdout)["summary"]
    assert summary["records"] == 1


def test_errors_exit_2_with_a_clear_message(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    result = run("check", "data.jsonl", "--changed-since", "no-such-branch", cwd=repo)
    assert result.returncode == 2
    assert "unknown git revision 'no-such-branch'" in result.stderr
    assert result.stdout == ""

    outside = tmp_path_factory.mktemp("not-a-repo")
    write_jsonl(outside / "d.jsonl", record(1))
    result = run("check", "d.jsonl", "--changed-since", "HEAD", cwd=outside)
    assert result.returncode == 2
    assert "needs a git repository" in result.stderr

    result = run("check", "-", "--changed-since", "HEAD", cwd=repo, stdin=json.dumps(record(1)))
    assert result.returncode == 2
    assert "standard input" in result.stderr


# -- the filter ----------------------------------------------------------------------------------


@dataclass
class Item:
    line: int


def test_touches() -> None:
    changed = ChangedLines(ranges=[(3, 4), (10, 10)], deletions=[7])
    assert changed.touches(1, 3)
    assert changed.touches(4, 6)
    assert not changed.touches(5, 6)
    assert changed.touches(6, 8)  # lines deleted after line 7, inside 6..8
    assert not changed.touches(7, 7)  # deleted after the record's last line: not inside it
    assert changed.touches(10, 1 << 62)
    assert ChangedLines().nothing and not ChangedLines(everything=True).nothing


def test_records_span_to_the_next_record_and_share_a_line() -> None:
    items = [Item(1), Item(5), Item(5), Item(9), Item(20)]
    kept = list(only_changed(iter(items), ChangedLines(ranges=[(7, 7)])))
    assert kept == [items[1], items[2]]  # the two records starting at line 5 span 5..8


def test_reading_stops_after_the_last_change() -> None:
    consumed: list[int] = []

    def stream() -> Iterator[Item]:
        for line in range(1, 1_000_000):
            consumed.append(line)
            yield Item(line)

    kept = list(only_changed(stream(), ChangedLines(ranges=[(3, 4)])))
    assert [item.line for item in kept] == [3, 4]
    assert len(consumed) < 10


@pytest.mark.parametrize("task", [0, 1])
def test_a_change_in_a_label_studio_tasks_data_checks_that_tasks_annotations(
    tmp_path: Path, task: int
) -> None:
    # The records of a task start at their annotations' lines, below the task's data:
    # an edited prompt or candidate must still count for them (the first task too).
    from clirun import EXAMPLES

    git(tmp_path, "-c", "init.defaultBranch=main", "init", "-q")
    export = tmp_path / "ranking.json"
    export.write_bytes((EXAMPLES / "ranking-labelstudio.json").read_bytes())
    git(tmp_path, "add", "ranking.json")
    git(tmp_path, "commit", "-q", "-m", "export")
    tasks = json.loads(export.read_text(encoding="utf-8"))
    body = tasks[task]["data"]["answers"][1]["body"]
    assert export.read_text(encoding="utf-8").count(body) == 1
    export.write_text(
        export.read_text(encoding="utf-8").replace(body, "As an AI language model, " + body),
        encoding="utf-8",
    )
    result = run(
        "check", "ranking.json", "--changed-since", "HEAD", "-g", "llm-boilerplate", cwd=tmp_path
    )
    assert result.returncode == 1, result.stdout
    assert "ai-identity-disclaimer" in result.stdout
    full = violation_lines(
        run("check", "ranking.json", "-g", "llm-boilerplate", cwd=tmp_path).stdout
    )
    changed = violation_lines(result.stdout)
    # The edited task's violations (in its data, lines 2-62 or 63-123: the candidates'
    # are reported once, at their own lines; the annotations' at theirs), nothing else.
    first, last = ((2, 62), (63, 123))[task]
    assert changed == [line for line in full if first <= int(line.split(":")[1]) <= last]
    edited = 1 + export.read_text(encoding="utf-8").split(body)[0].count("\n")
    assert f"ranking.json:{edited}:1: error ai-identity-disclaimer" in changed


def test_a_link_is_diffed_as_the_file_it_points_to(repo: Path) -> None:
    (repo / "latest.jsonl").symlink_to("data.jsonl")
    git(repo, "add", "latest.jsonl")
    git(repo, "commit", "-q", "-m", "link")
    lines = (repo / "data.jsonl").read_text(encoding="utf-8").splitlines()
    lines[3] = json.dumps(record(4, BAD))
    (repo / "data.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # the folder walk keeps one name for the file; whichever, line 4 changed
    assert {line.split(":")[1] for line in check(repo, ".", "--changed-since", "HEAD")} == {"4"}
    found = check(repo, "latest.jsonl", "--changed-since", "HEAD")
    assert {line.split(":")[1] for line in found} == {"4"}


def test_a_changed_csv_header_changes_every_row(tmp_path: Path) -> None:
    git(tmp_path, "-c", "init.defaultBranch=main", "init", "-q")
    (tmp_path / "d.csv").write_text(
        'id,instruction,response\n1,How do I change my plan?,"As an AI language model, no."\n',
        encoding="utf-8",
    )
    git(tmp_path, "add", "d.csv")
    git(tmp_path, "commit", "-q", "-m", "data")
    text = (tmp_path / "d.csv").read_text(encoding="utf-8")
    (tmp_path / "d.csv").write_text(text.replace(",response\n", ",answer\n"), encoding="utf-8")
    found = check(tmp_path, "d.csv", "--changed-since", "HEAD")
    assert found and "invalid-record" in found[0]


@pytest.mark.parametrize("committed", [False, True])
def test_a_renamed_file_is_diffed_against_the_file_it_was(repo: Path, committed: bool) -> None:
    """git mv, then one record edited: only that record is checked, staged or committed
    (before, the renamed file was new to git's diff, and checked whole)."""
    git(repo, "mv", "data.jsonl", "data-v2-ü.jsonl")
    path = repo / "data-v2-ü.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = json.dumps(record(4, BAD))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    since = "HEAD"
    if committed:
        git(repo, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qam", "renamed")
        since = "HEAD~1"
    found = check(repo, ".", "--changed-since", since)
    assert {tuple(line.split(":")[:2]) for line in found} == {("data-v2-ü.jsonl", "4")}
