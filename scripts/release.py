"""Tag a release: ``python scripts/release.py`` (see docs/releasing.md).

Creates the annotated git tag ``v<version>`` (the version in ``pyproject.toml``) on the
current commit, the tag the pre-commit snippets of the README and the docs name
(``rev: v<version>``), after checking that:

* the working tree has no uncommitted changes (the tag must name what was tested);
* every ``rev:`` of a ``repo:`` snippet in README.md, docs/*.md and
  .pre-commit-hooks.yaml names this version's tag (or, pinned to a commit, says
  ``# frozen: v<version>``), and every snippet names the one repository URL of
  ``pyproject.toml`` (``[project.urls] Repository``);
* the tag does not exist yet.

It prints the commit the tag names (for ``rev:`` pinned to a commit) and the command
that publishes the tag; it never pushes. ``--check`` checks without tagging;
``--repo DIR`` works on another checkout (the tests tag a snapshot of this one).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: A ``repo:`` line of a pre-commit snippet, and the ``rev:`` line after it.
_SNIPPET = re.compile(r"repo:\s*(?P<repo>\S+)[^\n]*\n\s*#?\s*rev:\s*(?P<rev>\S+)(?P<rest>[^\n]*)")


def project(root: Path) -> tuple[str, str]:
    """The version and the repository URL in ``pyproject.toml``."""
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]["version"], data["project"]["urls"]["Repository"]


def snippet_files(root: Path) -> list[Path]:
    return [
        root / "README.md",
        *sorted((root / "docs").glob("*.md")),
        root / ".pre-commit-hooks.yaml",
    ]


def problems(root: Path) -> list[str]:
    """What stands in the way of tagging ``root`` (empty: ready)."""
    version, url = project(root)
    tag = f"v{version}"
    found = []
    for path in snippet_files(root):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for match in _SNIPPET.finditer(text):
            repo, rev, rest = match["repo"], match["rev"], match["rest"]
            line = text.count("\n", 0, match.start()) + 1
            where = f"{path.relative_to(root)}:{line}"
            if repo != url:
                found.append(f"{where}: repo {repo} is not the project's repository {url}")
            pinned = re.fullmatch(r"[0-9a-f]{40}", rev) is not None
            if pinned and f"frozen: {tag}" not in rest:
                found.append(f"{where}: rev {rev} (a commit) does not say '# frozen: {tag}'")
            elif not pinned and rev != tag:
                found.append(f"{where}: rev {rev} is not this release's tag {tag}")
    status = _git(root, "status", "--porcelain", "--untracked-files=no")
    if status.strip():
        found.append("the working tree has uncommitted changes: commit them first")
    if _git(root, "tag", "--list", tag).strip():
        found.append(f"tag {tag} exists already: bump the version in pyproject.toml")
    return found


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return result.stdout


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=ROOT, help="the checkout to tag")
    parser.add_argument("--check", action="store_true", help="check only; do not tag")
    args = parser.parse_args(argv)
    root = args.repo.resolve()
    version, _ = project(root)
    tag = f"v{version}"
    found = problems(root)
    for problem in found:
        print(f"release: {problem}", file=sys.stderr)
    if found:
        return 1
    if args.check:
        print(f"release: ready to tag {tag}")
        return 0
    _git(root, "tag", "-a", tag, "-m", f"guidelint {version}")
    commit = _git(root, "rev-parse", f"{tag}^{{commit}}").strip()
    print(f"tagged {tag} at {commit}")
    print(f"publish it: git push origin {tag}")
    print(f"pin it in a pre-commit configuration: rev: {commit}  # frozen: {tag}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
