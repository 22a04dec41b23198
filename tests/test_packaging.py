"""The wheel ships the bundled guidelines, and an installed guidelint finds them by name
from any directory (not only from a checkout, where ``rules/`` sits beside ``src/``)."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]  # (one wheel build)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    if importlib.util.find_spec("hatchling") is not None:
        # (without mypy or a C compiler here, hatch_build.py builds a pure-Python wheel)
        command = [
            *(sys.executable, "-m", "build", "--wheel", "--no-isolation"),
            *("--skip-dependency-check", "--outdir", str(out)),
        ]
    else:  # pip builds in an isolated environment with the backend pyproject.toml names
        command = [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", str(out), "-q"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    [built] = list(out.glob("guidelint-*.whl"))
    return built


def test_wheel_contains_the_bundled_guidelines(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "guidelint/rules/customer-support.yaml" in names
    assert "guidelint/rules/llm-boilerplate.yaml" in names
    for name in BUNDLED:
        assert f"guidelint/rules/{name}" in names
    assert "guidelint/__init__.py" in names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "guidelint = guidelint.cli.main:entry" in text


def test_wheel_contains_the_compiled_modules(wheel: Path) -> None:
    """With mypy and a C compiler at hand, the wheel holds each module of
    ``COMPILED_MODULES`` compiled, beside its ``.py`` source, and a platform tag."""
    from guidelint.compiled import COMPILED_MODULES

    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    headers = Path(sysconfig.get_path("include")) / "Python.h"
    can_compile = shutil.which(compiler) and headers.is_file()
    if not can_compile:
        pytest.skip("no C compiler or Python headers: the wheel is pure Python")
    if importlib.util.find_spec("hatchling") is not None and not importlib.util.find_spec("mypyc"):
        pytest.skip("mypy is not installed for the --no-isolation build")
    names = set(zipfile.ZipFile(wheel).namelist())
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    for module in COMPILED_MODULES:
        stem = module.replace(".", "/")
        assert f"{stem}{suffix}" in names, module
        assert f"{stem}.py" in names, module
    assert any(n.endswith(f"__mypyc{suffix}") and "/" not in n for n in names)
    assert "-py3-none-any" not in wheel.name


def test_wheel_bundled_guidelines_match_the_checkout(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    for name in BUNDLED:
        assert archive.read(f"guidelint/rules/{name}") == (ROOT / "rules" / name).read_bytes()


def test_unpacked_wheel_loads_bundled_guidelines_from_another_directory(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "data.jsonl").write_text(
        json.dumps({"response": "As an AI language model, I cannot help."}) + "\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("FORCE_COLOR", None)
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import guidelint, guidelint.guideline as g; "
            "print(guidelint.__file__); print(g.bundled_dir()); print(g.bundled_names()); "
            "print(len(g.load_guideline('customer-support').rules))",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr
    module_file, rules_dir, names, count = probe.stdout.splitlines()
    assert Path(module_file).is_relative_to(site)  # the wheel's copy, not the checkout
    assert Path(rules_dir) == site / "guidelint" / "rules"
    assert {"customer-support", "llm-boilerplate"} <= set(ast.literal_eval(names))
    assert int(count) > 3
    check = subprocess.run(
        [sys.executable, "-m", "guidelint", "check", "data.jsonl", "-g", "llm-boilerplate", "-q"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in check.stderr
    assert check.returncode == 1
    assert [line.split(" ")[2] for line in check.stdout.splitlines()] == [
        "ai-identity-disclaimer",
        "refusal-boilerplate",
    ]


def test_without_a_c_compiler_the_wheel_is_pure_python(tmp_path: Path) -> None:
    """A compiler that fails (``CC=/bin/false``): the build warns and goes on, and the
    wheel is the pure-Python one, every module a ``.py``."""
    env = {**os.environ, "CC": "/bin/false"}
    if importlib.util.find_spec("hatchling") is not None:
        command = [
            *(sys.executable, "-m", "build", "--wheel", "--no-isolation"),
            *("--skip-dependency-check", "--outdir", str(tmp_path)),
        ]
    else:
        command = [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", str(tmp_path)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    [built] = list(tmp_path.glob("guidelint-*.whl"))
    assert built.name.endswith("-py3-none-any.whl")
    names = zipfile.ZipFile(built).namelist()
    assert not [n for n in names if n.endswith((".so", ".pyd"))]
    assert "guidelint/text/__init__.py" in names and "guidelint/text/wordchars.py" in names
