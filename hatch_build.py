"""Hatchling build hook: compile guidelint's hot modules with mypyc when it can.

A wheel (``pip install .``, ``python -m build``) gets the modules named in
``src/guidelint/compiled.py`` (``COMPILED_MODULES``, the one list) compiled with mypyc,
next to their ``.py`` sources, and a platform tag. When that fails for any reason (no C
compiler, no Python headers, mypyc missing or refusing a module) the build warns once
and goes on as pure Python: the same code, installed as plain modules, and a
``py3-none-any`` wheel. ``GUIDELINT_PURE_PYTHON=1`` skips the compilation; editable
installs (``pip install -e``) never compile, so a developer's edits take effect at once.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ROOT = Path(__file__).resolve().parent
SRC = ROOT / "src"
PURE_ENV = "GUIDELINT_PURE_PYTHON"
# mypyc comes with mypy; it drives the C compiler through setuptools.
BUILD_DEPENDENCIES = ["mypy>=1.10", "setuptools>=68"]

_SETUP = """
from setuptools import setup
from mypyc.build import mypycify

setup(
    name="guidelint-compiled",
    ext_modules=mypycify(
        ["--ignore-missing-imports", "--follow-imports=silent", *{paths!r}],
        opt_level="3",
        target_dir="c",
    ),
)
"""


def compiled_modules() -> list[str]:
    """``COMPILED_MODULES`` of ``src/guidelint/compiled.py``, read without importing it."""
    tree = ast.parse((SRC / "guidelint" / "compiled.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "COMPILED_MODULES"
            and node.value is not None
        ):
            return list(ast.literal_eval(node.value))
    raise RuntimeError("src/guidelint/compiled.py defines no COMPILED_MODULES")


def pure_forced() -> bool:
    return os.environ.get(PURE_ENV, "").strip().lower() not in {"", "0", "false", "no"}


def compile_modules(modules: list[str], work: Path) -> dict[str, str]:
    """Compile ``modules`` in ``work``; map each built file to its path in the wheel."""
    tree = work / "src"
    shutil.copytree(SRC, tree, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))
    paths = [module.replace(".", "/") + ".py" for module in modules]
    (tree / "setup.py").write_text(_SETUP.format(paths=paths), encoding="utf-8")
    built = work / "lib"
    command = [
        sys.executable,
        "setup.py",
        "build_ext",
        "--build-lib",
        str(built),
        "--build-temp",
        str(work / "temp"),
    ]
    result = subprocess.run(
        command, cwd=tree, capture_output=True, text=True, check=False, timeout=1800
    )
    if result.returncode != 0:
        last = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise RuntimeError("\n".join(last) or f"exit status {result.returncode}")
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    files = {str(path): path.relative_to(built).as_posix() for path in built.rglob(f"*{suffix}")}
    expected = {module.replace(".", "/") + suffix for module in modules}
    missing = expected - set(files.values())
    if missing:
        raise RuntimeError(f"mypyc built no {', '.join(sorted(missing))}")
    return files


class MypycBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def dependencies(self) -> list[str]:
        return [] if pure_forced() else list(BUILD_DEPENDENCIES)

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable" or pure_forced():
            return
        work = Path(tempfile.mkdtemp(prefix="guidelint-mypyc-"))
        self._work = work
        try:
            files = compile_modules(compiled_modules(), work)
        except Exception as error:  # any failure: the pure-Python wheel, same code
            self.app.display_warning(
                f"guidelint: mypyc compilation unavailable, installing pure Python ({error})"
            )
            return
        build_data["force_include"].update(files)
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
