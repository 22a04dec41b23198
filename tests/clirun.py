"""Running ``guidelint`` as a user does, for the CLI tests of config, baselines, fixes, …

Every run is ``python -m guidelint`` in a directory of its own, with a clean
environment (no colour forcing, no CI or GitHub variables, no progress line) unless a
test sets them, and never prints a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
_DROP = {
    "NO_COLOR",
    "FORCE_COLOR",
    "GUIDELINT_DEBUG",
    "CI",
    "GITHUB_ACTIONS",
    "GITHUB_STEP_SUMMARY",
}


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without colour, CI and git variables, and with this checkout's
    ``src`` first on ``PYTHONPATH``: the tests run the code beside them, not another
    installed copy (a relative ``PYTHONPATH=src`` is lost in the run's own directory)."""
    env = {k: v for k, v in os.environ.items() if k not in _DROP and not k.startswith("GIT_")}
    paths = [str(ROOT / "src"), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env.update(extra)
    return env


def run(
    *args: str,
    cwd: Path,
    stdin: str | bytes | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m guidelint ARGS`` in ``cwd``; stdout and stderr decoded as UTF-8."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    result = subprocess.run(
        [sys.executable, "-m", "guidelint", *args],
        cwd=cwd,
        input=data,
        capture_output=True,
        env=clean_env(**(env or {})),
        timeout=180,
    )
    done = subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8"),
        result.stderr.decode("utf-8"),
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert "internal error" not in done.stderr, done.stderr
    return done


def write_jsonl(path: Path, *records: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def violation_lines(stdout: str) -> list[str]:
    """The ``path:line:col: severity rule`` part of each violation line of a text report."""
    found = []
    for line in stdout.splitlines():
        head = line.split(" ")
        if len(head) >= 3 and head[0].count(":") >= 3 and head[0].endswith(":"):
            found.append(" ".join(head[:3]))
    return found


def git(cwd: Path, *args: str) -> str:
    env = clean_env(
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=True
    )
    return result.stdout


def on_a_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, bytes]:
    """Run with standard output on a pseudo-terminal; (exit code, terminal text, stderr)."""
    import pytest

    pty = pytest.importorskip("pty")
    parent, child = pty.openpty()
    try:
        process = subprocess.run(
            [sys.executable, "-m", "guidelint", *args],
            cwd=cwd,
            stdout=child,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
        )
        os.close(child)
        chunks = []
        while True:
            try:
                chunk = os.read(parent, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(parent)
    return process.returncode, b"".join(chunks).decode("utf-8"), process.stderr
