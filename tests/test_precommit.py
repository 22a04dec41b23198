"""The pre-commit hook, end to end: real ``pre-commit`` installing the hook from this checkout.

The hook repository is a git snapshot of this checkout's working tree (committed, so
it works in a development tree with uncommitted changes and in CI's fresh clone alike),
tagged by the release step (``scripts/release.py``, docs/releasing.md). Each
pre-commit snippet of the documentation is run as written, with the repository URL
replaced by the snapshot's path (and the placeholder commit by the tag's): the README's
``rev: v<version>``, a ``rev:`` pinned to a commit, and ``repo: local``. pre-commit
installs the hook's environment from the package index once per ``rev`` (the tag, and
the commit ``try-repo`` shares); that takes about a minute each. The tests of this
module share one xdist worker (``xdist_group``), so the installs happen once.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from clirun import ROOT, clean_env, git, write_jsonl

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("precommit")]

_SNAPSHOT = (
    "pyproject.toml",
    "hatch_build.py",
    "README.md",
    ".pre-commit-hooks.yaml",
    "rules",
    "src",
    "docs",
    "scripts",
)
GOOD = (
    "You can reset your password from the sign-in page: click Forgot password and "
    "follow the link we send to your email address."
)
BAD = "As an AI language model, I cannot reset passwords."
IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


def project() -> tuple[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]["version"], data["project"]["urls"]["Repository"]


def snippets(path: Path) -> list[str]:
    """The ``yaml`` code blocks of a Markdown file that are a whole pre-commit config."""
    blocks = re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
    return [block for block in blocks if re.search(r"^(# .*\n)*repos:", block, re.M)]


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A git repository holding this checkout as it is now, released by
    ``scripts/release.py``; (path, tag, commit)."""
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
    release = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "release.py"), "--repo", str(repo)],
        capture_output=True,
        text=True,
        env=clean_env(**IDENTITY, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull),
        timeout=60,
    )
    assert release.returncode == 0, release.stdout + release.stderr
    version, _ = project()
    tag = f"v{version}"
    commit = git(repo, "rev-parse", f"{tag}^{{commit}}").strip()
    assert f"tagged {tag} at {commit}" in release.stdout
    return repo, tag, commit


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def pre_commit(
    cwd: Path, home: Path, *args: str, path: str | None = None
) -> subprocess.CompletedProcess[str]:
    extra = {"PATH": path} if path is not None else {}
    env = clean_env(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never", **IDENTITY, **extra)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=1200,
    )


def dataset_repo(directory: Path, config: str) -> Path:
    git(directory, "-c", "init.defaultBranch=main", "init", "-q")
    (directory / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    (directory / "README.md").write_text("not a dataset\n", encoding="utf-8")
    write_jsonl(
        directory / "data.jsonl",
        {"id": "1", "instruction": "How do I reset my password?", "response": GOOD},
        {"id": "2", "instruction": "Can you reset my password?", "response": BAD},
    )
    # A dataset kept as a link into storage git does not track, as git-annex keeps it.
    store = directory / ".git" / "annex" / "objects"
    store.mkdir(parents=True)
    write_jsonl(store / "K1.jsonl", {"id": "3", "instruction": "Hi?", "response": BAD})
    (directory / "annexed.jsonl").symlink_to(os.path.join(".git", "annex", "objects", "K1.jsonl"))
    git(directory, "add", "-A")
    return directory


def assert_hook_blocks(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "guidelint" in result.stdout and "Failed" in result.stdout
    assert "data.jsonl:2:1: error ai-identity-disclaimer" in result.stdout
    assert "annexed.jsonl:1:1: error ai-identity-disclaimer" in result.stdout  # (a link)
    assert "README.md" not in result.stdout.split("Failed", 1)[1]  # not a dataset: not passed


def test_the_readme_snippet_runs_the_released_tag(
    tmp_path: Path, hook_repo: tuple[Path, str, str], pre_commit_home: Path
) -> None:
    path, tag, _ = hook_repo
    _, url = project()
    [snippet] = snippets(ROOT / "README.md")
    assert f"rev: {tag}\n" in snippet and f"repo: {url}\n" in snippet
    repo = dataset_repo(tmp_path, snippet.replace(url, str(path)))
    assert_hook_blocks(
        pre_commit(
            repo, pre_commit_home, "run", "--files", "data.jsonl", "annexed.jsonl", "README.md"
        )
    )
    text = (repo / "data.jsonl").read_text(encoding="utf-8")
    (repo / "data.jsonl").write_text(text.replace(BAD, GOOD), encoding="utf-8")
    write_jsonl(
        repo / "annexed.jsonl",  # (through the link)
        {"id": "3", "instruction": "How do I reset my password?", "response": GOOD},
    )
    git(repo, "add", "data.jsonl")
    result = pre_commit(repo, pre_commit_home, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_the_snippet_pinned_to_a_commit(
    tmp_path: Path, hook_repo: tuple[Path, str, str], pre_commit_home: Path
) -> None:
    path, tag, commit = hook_repo
    _, url = project()
    [snippet] = [s for s in snippets(ROOT / "docs" / "integrations.md") if "frozen:" in s]
    placeholder = re.search(r"rev: ([0-9a-f]{40})  # frozen: (\S+)", snippet)
    assert placeholder is not None and placeholder[2] == tag
    config = snippet.replace(url, str(path)).replace(placeholder[1], commit)
    repo = dataset_repo(tmp_path, config)
    assert_hook_blocks(
        pre_commit(
            repo, pre_commit_home, "run", "--files", "data.jsonl", "annexed.jsonl", "README.md"
        )
    )


def test_the_local_snippet_runs_the_installed_guidelint(
    tmp_path: Path, hook_repo: tuple[Path, str, str], pre_commit_home: Path
) -> None:
    [snippet] = [s for s in snippets(ROOT / "docs" / "integrations.md") if "repo: local" in s]
    repo = dataset_repo(tmp_path, snippet)
    # The environment that commits has guidelint installed: this interpreter's scripts.
    scripts = Path(sys.executable).parent
    if shutil.which("guidelint", path=str(scripts)) is None:
        pytest.skip("guidelint is not installed beside this interpreter")
    search = os.pathsep.join([str(scripts), os.environ.get("PATH", "")])
    result = pre_commit(
        repo,
        pre_commit_home,
        "run",
        "--files",
        "data.jsonl",
        "annexed.jsonl",
        "README.md",
        path=search,
    )
    assert_hook_blocks(result)


def test_try_repo(tmp_path: Path, hook_repo: tuple[Path, str, str], pre_commit_home: Path) -> None:
    path, _, _ = hook_repo
    repo = dataset_repo(tmp_path, "repos: []\n")
    result = pre_commit(
        repo, pre_commit_home, "try-repo", str(path), "guidelint", "--files", "data.jsonl"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ai-identity-disclaimer" in result.stdout


def test_the_release_refuses_a_snippet_that_names_another_tag_or_url(
    tmp_path: Path,
) -> None:
    """``scripts/release.py`` tags only when every snippet names its tag and URL."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    version, url = project()
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text(
        f"```yaml\nrepos:\n  - repo: {url}\n    rev: v0.0.9\n```\n", encoding="utf-8"
    )
    (tmp_path / "docs" / "x.md").write_text(
        f"repos:\n  - repo: https://github.com/someone/guidelint\n    rev: {'a' * 40}\n",
        encoding="utf-8",
    )
    git(tmp_path, "-c", "init.defaultBranch=main", "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "x")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "release.py"), "--repo", str(tmp_path)],
        capture_output=True,
        text=True,
        env=clean_env(**IDENTITY),
        timeout=60,
    )
    assert result.returncode == 1
    assert f"README.md:3: rev v0.0.9 is not this release's tag v{version}" in result.stderr
    assert "docs/x.md:2: repo https://github.com/someone/guidelint is not" in result.stderr
    assert "does not say '# frozen: v" in result.stderr
    assert git(tmp_path, "tag", "--list").strip() == ""


def test_one_repository_url_everywhere() -> None:
    """Every pre-commit snippet and the SARIF fallback name pyproject's Repository URL."""
    _, url = project()
    named = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        named += re.findall(r"repo: ([^\s`),]+)", path.read_text(encoding="utf-8"))
    named += re.findall(r"repo: ([^\s`),]+)", (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert named and set(named) - {"local"} == {url}
    from guidelint.reporters.sarif import INFORMATION_URI

    assert url == INFORMATION_URI


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
    # linked datasets (git-annex, DVC) are passed too: pre-commit's default is plain files
    assert hook["types"] == [] and set(hook["types_or"]) == {"file", "symlink"}
