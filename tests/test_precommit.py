"""The pre-commit hook, end to end: real ``pre-commit`` installing the hook from this checkout.

The hook repository is a git snapshot of this checkout's working tree (committed, so
``repo: <path>`` + ``rev: <sha>`` works in a development tree with uncommitted changes
and in CI's fresh clone alike). pre-commit installs the hook's environment from PyPI
once per test session (``PRE_COMMIT_HOME`` is shared by the tests); that takes about a
minute.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clirun import ROOT, clean_env, git, write_jsonl

pytestmark = pytest.mark.slow

_SNAPSHOT = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "rules", "src")
GOOD = (
    "You can reset your password from the sign-in page: click Forgot password and "
    "follow the link we send to your email address."
)
BAD = "As an AI language model, I cannot reset passwords."


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this checkout as it is now; (path, commit)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit")
    repo = tmp_path_factory.mktemp("hook-repo")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".ruff_cache")
    for name in _SNAPSHOT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=ignore)
        else:
            shutil.copy2(source, repo / name)
    git(repo, "-c", "init.defaultBranch=main", "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "snapshot")
    return repo, git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def pre_commit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = clean_env(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
        PRE_COMMIT_COLOR="never",
    )
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=1200,
    )


@pytest.fixture
def dataset_repo(tmp_path: Path, hook_repo: tuple[Path, str]) -> Path:
    path, rev = hook_repo
    git(tmp_path, "-c", "init.defaultBranch=main", "init", "-q")
    (tmp_path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n      - id: guidelint\n",
        encoding="utf-8",
    )
    (tmp_path / "README.md").write_text("not a dataset\n", encoding="utf-8")
    write_jsonl(
        tmp_path / "data.jsonl",
        {"id": "1", "instruction": "How do I reset my password?", "response": GOOD},
        {"id": "2", "instruction": "Can you reset my password?", "response": BAD},
    )
    git(tmp_path, "add", "-A")
    return tmp_path


def test_hook_fails_on_a_bad_record_and_passes_once_fixed(
    dataset_repo: Path, pre_commit_home: Path
) -> None:
    result = pre_commit(dataset_repo, pre_commit_home, "run", "--files", "data.jsonl", "README.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "guidelint" in result.stdout and "Failed" in result.stdout
    assert "data.jsonl:2:1: error ai-identity-disclaimer" in result.stdout
    assert "README.md" not in result.stdout.split("Failed", 1)[1]  # not a dataset: not passed

    text = (dataset_repo / "data.jsonl").read_text(encoding="utf-8")
    (dataset_repo / "data.jsonl").write_text(text.replace(BAD, GOOD), encoding="utf-8")
    git(dataset_repo, "add", "data.jsonl")
    result = pre_commit(dataset_repo, pre_commit_home, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_try_repo(dataset_repo: Path, pre_commit_home: Path, hook_repo: tuple[Path, str]) -> None:
    path, _ = hook_repo
    result = pre_commit(
        dataset_repo, pre_commit_home, "try-repo", str(path), "guidelint", "--files", "data.jsonl"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ai-identity-disclaimer" in result.stdout


def test_the_hook_manifest_matches_dataset_files() -> None:
    import re

    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "guidelint" and hook["entry"] == "guidelint check"
    assert hook["language"] == "python" and hook["pass_filenames"] is True
    assert hook["require_serial"] is False
    pattern = re.compile(hook["files"])
    for name in ("a.jsonl", "b.ndjson", "c.json", "d.csv", "e.tsv", "f.parquet", "g.jsonl.gz"):
        assert pattern.search(name), name
    for name in ("README.md", "data.jsonl.bak", "x.py"):
        assert not pattern.search(name), name
