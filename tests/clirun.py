"""Running ``guidelint`` as a user does, for the CLI tests of config, baselines, fixes, …

Every run is ``python -m guidelint`` in a directory of its own, with a clean
environment (no colour forcing, no CI or GitHub variables, no progress line) unless a
test sets them, and never prints a traceback.
"""

from __future__ import annotations

import io
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


#: Set to 1 to run every command in a child process (as CI once did); by default a run
#: that needs nothing of a process of its own runs in this one, which is what keeps the
#: unit suite within its time (a child process pays the interpreter's start and the
#: imports again: about 0.5 s of CPU, 1.4 s where the example guideline loads spaCy).
SUBPROCESS = os.environ.get("GUIDELINT_TEST_SUBPROCESS") == "1"
#: Options whose runs start worker processes or a cluster: always in a child process.
_OWN_PROCESS = ("--jobs", "-j", "--engine", "--ray-address")


def run(
    *args: str,
    cwd: Path,
    stdin: str | bytes | None = None,
    env: dict[str, str] | None = None,
    process: bool = False,
) -> subprocess.CompletedProcess[str]:
    """``python -m guidelint ARGS`` in ``cwd``; stdout and stderr decoded as UTF-8.

    In a child process when asked (``process``), when the test sets environment
    variables, or for ``--jobs``/``--engine`` runs; otherwise ``guidelint.cli.main.main``
    runs in this process with the same environment, directory, standard streams (as
    bytes, decoded as UTF-8) and exit code a child would have.
    """
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    if process or SUBPROCESS or env or any(a.split("=")[0] in _OWN_PROCESS for a in args):
        result = subprocess.run(
            [sys.executable, "-m", "guidelint", *args],
            cwd=cwd,
            input=data,
            capture_output=True,
            env=clean_env(**(env or {})),
            timeout=180,
        )
        code, out, err = result.returncode, result.stdout, result.stderr
    else:
        code, out, err = _in_process(list(args), cwd, data)
    done = subprocess.CompletedProcess(
        [sys.executable, "-m", "guidelint", *args],
        code,
        out.decode("utf-8"),
        err.decode("utf-8"),
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert "internal error" not in done.stderr, done.stderr
    return done


def _in_process(args: list[str], cwd: Path, data: bytes | None) -> tuple[int, bytes, bytes]:
    """``main(args)`` with a child's environment, directory and standard streams."""
    from guidelint.cli.main import main

    out, err = io.BytesIO(), io.BytesIO()
    streams = (
        io.TextIOWrapper(io.BufferedReader(io.BytesIO(data or b"")), encoding="utf-8"),
        io.TextIOWrapper(out, encoding="utf-8", write_through=True),
        io.TextIOWrapper(err, encoding="utf-8", write_through=True),
    )
    saved = (sys.stdin, sys.stdout, sys.stderr)
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.clear()
    os.environ.update(clean_env())
    os.chdir(cwd)
    sys.stdin, sys.stdout, sys.stderr = streams
    try:
        try:
            code = main(args)
        except SystemExit as exc:  # (as a child's exit status)
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        for stream in streams[1:]:
            stream.flush()
        return code, out.getvalue(), err.getvalue()
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


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
