"""Ctrl-C with worker processes ends the run quietly with exit 130, as with one job
(issue: ``--jobs 2`` printed ``Process ForkPoolWorker-1:`` and a traceback)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clirun import clean_env, run

WORDS = ["account", "billing", "plan", "settings", "password"]
WORDS += ["email", "support", "team", "order", "refund"]


def big_dataset(path: Path, records: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(records):
            words = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(220))
            record = {
                "id": str(i),
                "instruction": f"How do I change my plan {i}?",
                "response": f"Sorry!! {words}.  As an AI language model, I think so.",
            }
            out.write(json.dumps(record) + "\n")


def children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("delay", [0.5, 2.0])
def test_ctrl_c_with_workers_exits_130_quietly(tmp_path: Path, delay: float) -> None:
    data = tmp_path / "big.jsonl"
    big_dataset(data, 30_000)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "guidelint",
            "check",
            "--no-progress",
            "--jobs",
            "2",
            "-q",
            "--no-config",
            str(data),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=clean_env(),
        start_new_session=True,  # (its own process group, as a terminal's job)
    )
    try:
        deadline = time.monotonic() + 120
        while not children(process.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert children(process.pid), "no worker process started"
        time.sleep(delay)  # (the workers are checking batches)
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole group
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, err.decode()
    assert err.decode() == "guidelint: interrupted\n"


def test_the_next_run_removes_what_a_killed_fix_left(tmp_path: Path) -> None:
    """kill -9 during --fix leaves the temporary file (nothing can remove it then); the
    next run removes it and says so."""
    data = tmp_path / "big.jsonl"
    with open(data, "w", encoding="utf-8") as out:
        for i in range(40_000):
            out.write(json.dumps({"id": str(i), "response": f"Use Nimbus Basic {i}."}) + "\n")
    (tmp_path / "g.yaml").write_text(
        "rules:\n  - id: plan\n    check: substitution\n"
        "    terms: {Nimbus Basic: Nimbus Starter}\n",
        encoding="utf-8",
    )
    before = data.read_bytes()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "guidelint",
            "check",
            "--no-progress",
            "--jobs",
            "1",
            "-q",
            "--no-config",
            "-g",
            "g.yaml",
            "--fix",
            "big.jsonl",
        ],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=clean_env(),
    )
    try:
        deadline = time.monotonic() + 300
        temporary: list[Path] = []
        while not temporary and process.poll() is None and time.monotonic() < deadline:
            temporary = list(tmp_path.glob(".big.jsonl.*.guidelint-tmp"))
            time.sleep(0.005)
        process.kill()  # kill -9, while the fixed file is being written
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if not temporary:
        pytest.skip("the fix finished before it could be killed")
    assert data.read_bytes() == before  # the original is untouched
    left = list(tmp_path.glob(".big.jsonl.*.guidelint-tmp"))
    assert left, "kill -9 leaves the temporary file"
    result = run(
        "check", "big.jsonl", "-g", "g.yaml", "--no-config", "--max-violations", "0", cwd=tmp_path
    )
    assert f"temporary file of an interrupted --fix removed: {left[0]}" in result.stdout
    assert not list(tmp_path.glob("*.guidelint-tmp")) and not list(tmp_path.glob(".*tmp"))
