"""The mypyc-compiled build and the pure-Python code find exactly the same violations.

The installed guidelint (``pip install .``, as CI does) has the modules of
``guidelint.compiled.COMPILED_MODULES`` compiled when a C compiler was there;
``GUIDELINT_PURE_PYTHON=1`` makes the same installation run their ``.py`` sources. Each
golden corpus (every file of ``examples/``, and a slice of the AlpacaEval outputs when
``../shared/data`` has them) is checked in both modes against the example guideline
and every bundled one, and the JSON reports (violations with spans, messages and
fixes, and the summary) must be identical.

An editable install (``pip install -e``, never compiled) has nothing to compare and is
skipped; a regular install built where a C compiler and Python's headers exist must be
compiled, so a build that silently fell back to pure Python fails here.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ALPACA = ROOT.parent / "shared" / "data" / "alpaca_eval" / "outputs.jsonl.gz"
ALPACA_RECORDS = 3000
BUNDLED = sorted(p.stem for p in (ROOT / "rules").glob("*.yaml"))
GUIDELINES = [str(EXAMPLES / "guideline.yaml"), *BUNDLED]


def _env(pure: bool) -> dict[str, str]:
    """The environment of a user's shell: the installed guidelint, not this checkout."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "GUIDELINT_PURE_PYTHON"}}
    env["NO_COLOR"] = "1"
    if pure:
        env["GUIDELINT_PURE_PYTHON"] = "1"
    return env


def _run(args: list[str], cwd: Path, *, pure: bool) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guidelint", *args],
        cwd=cwd,
        env=_env(pure),
        capture_output=True,
        text=True,
        timeout=600,
    )


def _compiler_available() -> bool:
    include = sysconfig.get_path("include")
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(compiler) is not None and (Path(include) / "Python.h").is_file()


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory outside the checkout, so ``src/`` is not on the import path."""
    return tmp_path_factory.mktemp("elsewhere")


@pytest.fixture(scope="module")
def installed(elsewhere: Path) -> str:
    """The ``--version`` line of the installed guidelint; skip when it cannot be compiled."""
    probe = subprocess.run(
        [sys.executable, "-c", "import guidelint; print(guidelint.__file__)"],
        cwd=elsewhere,
        env=_env(pure=False),
        capture_output=True,
        text=True,
        timeout=120,
    )
    location = Path(probe.stdout.strip()).resolve()
    if probe.returncode != 0 or (ROOT / "src") in location.parents:
        pytest.skip("guidelint is not installed, or installed editable (never compiled)")
    version = _run(["--version"], elsewhere, pure=False).stdout.strip()
    if "compiled: mypyc" not in version:
        if _compiler_available():
            pytest.fail(f"a C compiler is here, but the installed guidelint is {version!r}")
        pytest.skip(f"no C compiler: the installed guidelint is {version!r}")
    return version


def _corpora(tmp: Path) -> list[Path]:
    files = sorted(EXAMPLES.glob("*.jsonl"))
    if ALPACA.is_file():
        subset = tmp / "alpaca.jsonl"
        with gzip.open(ALPACA, "rt", encoding="utf-8") as source:
            lines = [line for _, line in zip(range(ALPACA_RECORDS), source, strict=False)]
        subset.write_text("".join(lines), encoding="utf-8")
        files.append(subset)
    return files


def _report(path: Path, guideline: str, cwd: Path, *, pure: bool) -> dict[str, Any]:
    args = ["check", str(path), "--guideline", guideline, "--format", "json", "--no-progress"]
    result = _run([*args, "--jobs", "1"], cwd, pure=pure)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_versions_name_the_mode(installed: str, elsewhere: Path) -> None:
    assert installed.startswith("guidelint ") and installed.endswith("(compiled: mypyc)")
    pure = _run(["--version"], elsewhere, pure=True).stdout.strip()
    assert pure.endswith("(pure Python)")


@pytest.mark.parametrize("guideline", GUIDELINES, ids=lambda g: Path(g).stem)
def test_compiled_and_pure_find_the_same_violations(
    installed: str, elsewhere: Path, tmp_path: Path, guideline: str
) -> None:
    compared = 0
    for corpus in _corpora(tmp_path):
        compiled = _report(corpus, guideline, elsewhere, pure=False)
        pure = _report(corpus, guideline, elsewhere, pure=True)
        assert compiled["violations"] == pure["violations"], f"{corpus.name} with {guideline}"
        assert compiled["summary"] == pure["summary"], f"{corpus.name} with {guideline}"
        compared += len(pure["violations"])
    assert compared > 0  # the corpora really break rules of every guideline


def test_compiled_and_pure_fixes_are_the_same(installed: str, tmp_path: Path) -> None:
    """``--diff`` (every safe fix, as a patch) is byte-identical in both modes."""
    outputs = []
    for pure in (False, True):
        work = tmp_path / ("pure" if pure else "compiled")
        work.mkdir()
        for corpus in _corpora(work):
            if corpus.parent != work:
                shutil.copy(corpus, work / corpus.name)
        args = ["check", ".", "--guideline", "customer-support", "--diff", "--no-progress"]
        result = _run([*args, "--jobs", "1"], work, pure=pure)
        assert "Traceback" not in result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert "@@" in outputs[1]  # there were fixes to compare
