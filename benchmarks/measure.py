"""Running one command and measuring it: wall time, CPU time, peak memory.

Each command runs as a child process with its output sent to ``/dev/null``;
``os.wait4`` gives its resource usage, which on Linux includes the processes it
waited for itself (``--jobs`` workers): CPU time adds up, and the peak resident set
size is the largest of any one of them.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

#: Set by :func:`use_installed`: the interpreter whose installed guidelint is measured.
PYTHON_VARIABLE = "GUIDELINT_BENCH_PYTHON"


def use_installed(python: str) -> None:
    """Measure the guidelint installed for ``python`` (e.g. a compiled ``pip install .``)
    instead of this checkout's ``src``, in this process and the benchmarks it starts."""
    os.environ[PYTHON_VARIABLE] = python
    os.environ.pop("PYTHONPATH", None)


def guidelint_python() -> str:
    """The interpreter that runs guidelint: the one of :func:`use_installed`, else this
    one (with this checkout's ``src`` first on ``PYTHONPATH``)."""
    return os.environ.get(PYTHON_VARIABLE) or sys.executable


def guidelint_mode() -> str:
    """What ``guidelint --version`` says of the guidelint measured (its mode: compiled
    or pure Python)."""
    return subprocess.run(
        [guidelint_python(), "-m", "guidelint", "--version"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mb: float
    code: int


def run(command: list[str], *, repeat: int = 1, output: Path | None = None) -> Run:
    """The fastest of ``repeat`` runs (by wall time), and its usage.

    Output goes to ``/dev/null``, or to the file ``output``: GNU grep notices
    ``/dev/null`` and stops at the first match, so it must write to a real file.
    """
    best: Run | None = None
    for _ in range(repeat):
        sink = open(output, "wb") if output else None  # noqa: SIM115
        try:
            start = time.perf_counter()
            process = subprocess.Popen(command, stdout=sink or subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
        finally:
            if sink:
                sink.close()
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
        result = Run(wall, usage.ru_utime + usage.ru_stime, peak, process.returncode)
        if best is None or result.wall < best.wall:
            best = result
    assert best is not None
    return best


def machine() -> list[tuple[str, str]]:
    """What the numbers were measured on."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        cores = os.cpu_count() or 1
    return [
        ("CPU", cpu),
        ("cores available", str(cores)),
        ("RAM", memory),
        ("Python", platform.python_version()),
        ("OS", platform.platform()),
        ("load average at start", " ".join(f"{x:.2f}" for x in os.getloadavg())),
    ]


def machine_table(info: list[tuple[str, str]] | None = None) -> list[str]:
    """The machine table of a results section, as Markdown lines (``info`` as
    :func:`machine` gives it; measured now when not given)."""
    rows = machine() if info is None else info
    return ["| machine | |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)]


def write_section(doc: Path, begin: str, end: str, table: str) -> None:
    """Put ``table`` between the markers ``begin`` and ``end`` of ``doc`` (added at its
    end when absent), keeping everything else of the file."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else ""
    if begin not in text:
        text += f"\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    tail = rest.split(end, 1)[1] if end in rest else ""
    doc.write_text(f"{head}{begin}\n{table}\n{end}{tail}", encoding="utf-8")
