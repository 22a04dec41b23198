"""Files a run leaves out: ``--exclude``, the configuration's ``exclude``, and what git
ignores in a walked folder (named files are always read unless excluded)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from clirun import run, write_jsonl

BAD = {"instruction": "How do I reset my password?", "response": "As an AI, I cannot."}


def _files(result: str) -> set[str]:
    return {line.split(":", 1)[0] for line in result.splitlines() if ": error " in line}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ("data/a.jsonl", "data/keep/b.jsonl", "data/scratch/c.jsonl"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        write_jsonl(tmp_path / name, BAD)
    return tmp_path


def test_exclude_on_the_command_line_and_in_the_configuration(tree: Path) -> None:
    result = run("check", "data", "--no-config", "--exclude", "data/keep/**", cwd=tree)
    assert _files(result.stdout) == {"data/a.jsonl", "data/scratch/c.jsonl"}
    assert "Note: 1 file left out by exclude" in result.stdout
    # a glob without a slash matches the name in any folder; named files are left out too
    result = run("check", "data/a.jsonl", "data/keep/b.jsonl", "--no-config",
                 "--exclude", "b.jsonl,nothing.csv", cwd=tree)  # fmt: skip
    assert _files(result.stdout) == {"data/a.jsonl"}
    # the configuration's globs are relative to its own folder
    (tree / "data" / "guidelint.yaml").write_text("exclude: [scratch/**]\n", encoding="utf-8")
    result = run("check", "data", cwd=tree)
    assert _files(result.stdout) == {"data/a.jsonl", "data/keep/b.jsonl"}
    (tree / "data" / "guidelint.yaml").write_text("exclude: scratch/\n", encoding="utf-8")
    assert _files(run("check", "data", cwd=tree).stdout) == {"data/a.jsonl", "data/keep/b.jsonl"}
    (tree / "data" / "guidelint.yaml").write_text("exclude: 3\n", encoding="utf-8")
    wrong = run("check", "data", cwd=tree)
    assert wrong.returncode == 2 and "guidelint.yaml:1:10: configuration: `exclude`" in wrong.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_walked_folder_leaves_out_what_git_ignores(tree: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tree, check=True)
    (tree / ".gitignore").write_text("data/scratch/\n", encoding="utf-8")
    result = run("check", "data", "--no-config", cwd=tree)
    assert _files(result.stdout) == {"data/a.jsonl", "data/keep/b.jsonl"}
    # a file named on the command line is read though git ignores it
    result = run("check", "data/scratch/c.jsonl", "--no-config", cwd=tree)
    assert _files(result.stdout) == {"data/scratch/c.jsonl"}
    # a tracked file is never ignored
    subprocess.run(["git", "add", "-f", "data/scratch/c.jsonl"], cwd=tree, check=True)
    result = run("check", "data", "--no-config", cwd=tree)
    assert _files(result.stdout) == {"data/a.jsonl", "data/keep/b.jsonl", "data/scratch/c.jsonl"}


def test_outside_a_repository_nothing_is_ignored(tree: Path) -> None:
    (tree / ".gitignore").write_text("data/scratch/\n", encoding="utf-8")  # (no repository)
    result = run("check", "data", "--no-config", cwd=tree)
    assert _files(result.stdout) == {"data/a.jsonl", "data/keep/b.jsonl", "data/scratch/c.jsonl"}


def test_a_linked_dataset_is_excluded_by_its_own_path(tree: Path) -> None:
    """A git-annex or DVC link is matched by where it is, not by where it points (a
    review found it checked though excluded)."""
    store = tree / "store"
    store.mkdir()
    write_jsonl(store / "blob", BAD)
    (tree / "data" / "linked.jsonl").symlink_to(Path("..") / "store" / "blob")
    result = run("check", "data/linked.jsonl", "data/a.jsonl", "--no-config",
                 "--exclude", "data/*", cwd=tree)  # fmt: skip
    assert _files(result.stdout) == set()
    assert "Note: 2 files left out by exclude" in result.stdout
    (tree / "guidelint.yaml").write_text('exclude: ["data/*"]\n', encoding="utf-8")
    result = run("check", "data/linked.jsonl", cwd=tree)
    assert _files(result.stdout) == set()
