"""``--write-baseline`` and ``--baseline``: adopt guidelint on data that already has violations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clirun import run, violation_lines, write_jsonl
from guidelint.errors import UsageError
from guidelint.run.baseline import VERSION, load_baseline

TWICE = "I cannot do that. I cannot say more."
THRICE = TWICE + " I cannot."


def check(cwd: Path, *args: str) -> tuple[int, str]:
    result = run("check", "data.jsonl", "-g", "llm-boilerplate", *args, cwd=cwd)
    assert result.returncode in {0, 1}, result.stderr
    return result.returncode, result.stdout


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "data.jsonl",
        {"id": "a", "response": TWICE},
        {"id": "b", "response": "As an AI language model, hello."},
        {"response": "No id here: I cannot help."},
    )


def test_the_baseline_message_counts_one_entry(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "one.jsonl", {"id": "a", "response": "As an AI language model, hi."})
    result = run(
        "check", "one.jsonl", "-g", "llm-boilerplate", "--write-baseline", "b.json", cwd=tmp_path
    )
    assert "wrote baseline b.json: 1 entry (1 violation)" in result.stderr


def test_the_baseline_file(tmp_path: Path, data: Path) -> None:
    result = run(
        "check", "data.jsonl", "-g", "llm-boilerplate", "--write-baseline", "b.json", cwd=tmp_path
    )
    assert result.returncode == 0  # writing a baseline accepts today's violations
    assert "wrote baseline b.json: 3 entries (4 violations)" in result.stderr
    document = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert document["version"] == VERSION == 1
    assert document["tool"] == "guidelint"
    assert document["guideline"]["name"] == "llm-boilerplate"
    entries = document["entries"]
    assert entries == sorted(entries, key=lambda e: (e["path"], e["record"], e["rule"]))
    assert {
        "path": "data.jsonl",
        "record": "a",
        "rule": "refusal-boilerplate",
        "count": 2,
    } in entries
    no_id = [e for e in entries if e["record"] not in {"a", "b"}]
    assert len(no_id) == 1 and len(no_id[0]["record"]) == 16  # a content hash


def test_only_new_violations_are_reported(tmp_path: Path, data: Path) -> None:
    run("check", "data.jsonl", "-g", "llm-boilerplate", "--write-baseline", "b.json", cwd=tmp_path)
    code, out = check(tmp_path, "--baseline", "b.json")
    assert code == 0
    assert violation_lines(out) == []
    assert "Checked 3 records in 1 file: 0 violations" in out
    assert "Note: 4 violations already in the baseline not shown" in out

    records = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    records[0]["response"] = THRICE  # 2 violations of the rule before, 3 now: 1 new
    records.append({"id": "c", "response": "I'm unable to help."})
    write_jsonl(data, *reversed(records))  # moved lines do not make old violations new

    code, out = check(tmp_path, "--baseline", "b.json", "-q")
    assert code == 1
    lines = violation_lines(out)
    assert len(lines) == 2
    assert all(line.endswith("refusal-boilerplate") for line in lines)
    assert sorted(line.split(":")[1] for line in lines) == ["1", "4"]  # record c, record a


def test_entries_that_no_longer_occur_are_listed(tmp_path: Path, data: Path) -> None:
    run("check", "data.jsonl", "-g", "llm-boilerplate", "--write-baseline", "b.json", cwd=tmp_path)
    write_jsonl(
        data, {"id": "a", "response": "I cannot do that."}, {"id": "b", "response": "Hello."}
    )
    code, out = check(tmp_path, "--baseline", "b.json")
    assert code == 0
    note = next(line for line in out.splitlines() if "no longer occur" in line)
    assert note.startswith(
        "Note: 3 baseline entries no longer occur: data.jsonl a refusal-boilerplate"
    )
    assert "data.jsonl b ai-identity-disclaimer" in note
    result = run(
        "check",
        "data.jsonl",
        "-g",
        "llm-boilerplate",
        "--baseline",
        "b.json",
        "--format",
        "json",
        cwd=tmp_path,
    )
    notes = json.loads(result.stdout)["summary"]["notes"]
    assert any(note.startswith("baseline entries no longer occur") for note in notes)


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path: Path, data: Path) -> None:
    (tmp_path / "ci").mkdir()
    run(
        "check",
        "data.jsonl",
        "-g",
        "llm-boilerplate",
        "--write-baseline",
        "ci/b.json",
        cwd=tmp_path,
    )
    entries = json.loads((tmp_path / "ci" / "b.json").read_text(encoding="utf-8"))["entries"]
    assert {e["path"] for e in entries} == {"../data.jsonl"}
    result = run(
        "check",
        "../data.jsonl",
        "-g",
        "llm-boilerplate",
        "--baseline",
        "b.json",
        cwd=tmp_path / "ci",
    )
    assert result.returncode == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline file not found"),
        ("not json", "cannot read the baseline"),
        ('{"version": 2, "entries": []}', "not a guidelint baseline of version 1"),
        ('{"version": 1, "entries": [{"path": "x"}]}', "entry 0 needs path, record, rule"),
    ],
)
def test_bad_baseline_files_exit_2(
    tmp_path: Path, data: Path, content: str | None, message: str
) -> None:
    if content is not None:
        (tmp_path / "b.json").write_text(content, encoding="utf-8")
    result = run("check", "data.jsonl", "--baseline", "b.json", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""
    with pytest.raises(UsageError):
        load_baseline(tmp_path / "b.json")


def test_a_partial_run_cannot_write_a_baseline(tmp_path: Path, data: Path) -> None:
    result = run(
        "check", "data.jsonl", "--write-baseline", "b.json", "--changed-since", "HEAD", cwd=tmp_path
    )
    assert result.returncode == 2
    assert "--write-baseline records a whole run" in result.stderr
    assert not (tmp_path / "b.json").exists()


def test_a_baseline_behind_a_symbolic_link_stays_a_link(tmp_path: Path, data: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "real-baseline.json").write_text("{}", encoding="utf-8")
    link = tmp_path / "guidelint-baseline.json"
    link.symlink_to(store / "real-baseline.json")
    result = run("check", data.name, "--write-baseline", link.name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    written = json.loads((store / "real-baseline.json").read_text(encoding="utf-8"))
    assert written["tool"] == "guidelint" and written["entries"]
    assert sorted(p.name for p in store.iterdir()) == ["real-baseline.json"]


@pytest.mark.parametrize("count", [-5, 0, "2", 1.5])
def test_a_baseline_count_below_1_or_not_a_number_is_refused(tmp_path: Path, count: object) -> None:
    path = tmp_path / "b.json"
    entry = {"path": "d.jsonl", "record": "r1", "rule": "r", "count": count}
    path.write_text(json.dumps({"version": VERSION, "tool": "guidelint", "entries": [entry]}))
    with pytest.raises(UsageError, match="a count of 1 or more") as info:
        load_baseline(path)
    assert "--write-baseline" in (info.value.hint or "")


def test_a_baseline_that_is_not_json_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text("not json")
    with pytest.raises(UsageError, match="cannot read the baseline") as info:
        load_baseline(path)
    assert "--write-baseline" in (info.value.hint or "")


def test_a_baseline_matches_data_reached_through_a_linked_folder(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    record = {"id": "r1", "instruction": "Which plan?", "response": "As an AI language model, hi."}
    write_jsonl(tmp_path / "data" / "x.jsonl", record)
    written = run("check", "data/x.jsonl", "--write-baseline", "b.json", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    (tmp_path / "link").symlink_to(tmp_path / "data", target_is_directory=True)
    again = run("check", "link/x.jsonl", "--baseline", "b.json", cwd=tmp_path)
    assert again.returncode == 0 and "already in the baseline not shown" in again.stdout


@pytest.mark.parametrize("with_id", [False, True])
def test_fix_with_a_baseline_matches_a_rewritten_record_as_it_was(
    tmp_path: Path, with_id: bool
) -> None:
    response = (
        "As an AI language model, I would say Nimbus Basic suits most small families well, "
        "because it is cheap, simple, and has enough storage for photos and documents."
    )
    record = {"instruction": "Which plan is best?", "response": response}
    if with_id:
        record = {"id": "r1", **record}
    write_jsonl(tmp_path / "d.jsonl", record)
    options = ["--no-config", "-g", "customer-support"]
    assert (
        run("check", "d.jsonl", *options, "--write-baseline", "b.json", cwd=tmp_path).returncode
        == 0
    )
    fixed = run("check", "d.jsonl", *options, "--baseline", "b.json", "--fix", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout
    assert (
        "violation fixed" in fixed.stdout
        and "ai-identity-disclaimer" not in fixed.stdout.split("Note")[0]
    )
    assert ("has no id: its key" in fixed.stdout) is not with_id


def test_fix_with_a_baseline_tells_apart_records_that_share_a_line(tmp_path: Path) -> None:
    records = [
        {
            "instruction": "How do I reset my password?",
            "response": "Go to Settings, choose Security and press Reset password. You will get "
            "an e-mail with a link; open it within an hour and pick a new password.  ",
        },
        {
            "instruction": "How do I close my account?",
            "response": "Open Settings, choose Account and press Close account. We keep your "
            "data for thirty days in case you change your mind, then delete it.  ",
        },
    ]
    (tmp_path / "a.json").write_text(json.dumps(records), encoding="utf-8")  # one line
    options = ["--no-config", "--select", "response-length,stray-whitespace"]
    written = run("check", "a.json", *options, "--write-baseline", "b.json", cwd=tmp_path)
    assert written.returncode == 0
    fixed = run("check", "a.json", *options, "--baseline", "b.json", "--fix", cwd=tmp_path)
    assert fixed.returncode == 0 and "2 violations fixed" in fixed.stdout, fixed.stdout
    assert "2 records --fix rewrote have no id" in fixed.stdout
    gone = fixed.stdout.partition("no longer occur")[2].split("\n")[0]
    assert "response-length" not in gone and "stray-whitespace" in gone


def test_entries_of_files_that_no_longer_exist_are_noted(tmp_path: Path, data: Path) -> None:
    """A renamed or deleted file's entries could never be seen to stop occurring: a
    note says they are left, and which files (before, they stayed silently)."""
    run("check", "data.jsonl", "-g", "llm-boilerplate", "--write-baseline", "b.json", cwd=tmp_path)
    data.rename(tmp_path / "renamed.jsonl")
    write_jsonl(tmp_path / "other.jsonl", {"id": "z", "response": "Hello."})
    result = run(
        "check", "other.jsonl", "-g", "llm-boilerplate", "--baseline", "b.json", cwd=tmp_path
    )
    assert result.returncode == 0
    assert (
        "Note: 4 baseline entries of files that no longer exist (data.jsonl; renamed or "
        "deleted)" in result.stdout
    )


def test_a_rate_verdict_is_filed_the_same_whatever_the_order_of_files(tmp_path: Path) -> None:
    """A rule's max_rate verdict was filed under the first file named, so a baseline
    written for `a b` failed for `b a` (pre-commit passes files in any order)."""
    (tmp_path / "g.yaml").write_text(
        "name: g\nfields: {response: output}\nrules:\n  - id: rate\n    check: phrase\n"
        "    phrases: [foo]\n    max_rate: 50%\n",
        encoding="utf-8",
    )
    write_jsonl(tmp_path / "a.jsonl", {"output": "foo"}, {"output": "foo"})
    write_jsonl(tmp_path / "b.jsonl", {"output": "foo"}, {"output": "fine"})
    common = ("-g", "g.yaml", "--no-config")
    both = ("a.jsonl", "b.jsonl")
    written = run("check", *both, *common, "--write-baseline", "b.json", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    for order in (("a.jsonl", "b.jsonl"), ("b.jsonl", "a.jsonl")):
        again = run("check", *order, *common, "--baseline", "b.json", cwd=tmp_path)
        assert again.returncode == 0, again.stdout + again.stderr
        assert "no longer occurs" not in again.stdout + again.stderr
    shown = run("check", "b.jsonl", "a.jsonl", *common, cwd=tmp_path).stdout
    assert "a.jsonl:0:0: error rate 3 of 4 records" in shown
