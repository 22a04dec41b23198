"""Which of guidelint's modules a wheel compiles with mypyc, and which mode is running.

``pip install .`` compiles the modules in :data:`COMPILED_MODULES` with mypyc when it
can (``hatch_build.py`` at the top of the source tree reads this list; it is the only
place that names them) and installs the pure-Python code alone when it cannot, or when
``GUIDELINT_PURE_PYTHON=1`` is set at build time. Both are the same code: the compiled
module and its ``.py`` source are installed side by side, and Python imports the
compiled one.

``GUIDELINT_PURE_PYTHON=1`` at run time makes an installed compiled package run its
``.py`` sources instead (the test comparing the two modes uses it), and
``guidelint --version`` says which mode is active.

A module listed here must be one mypyc compiles: strictly typed, no pydantic models, no
dynamic features (see docs/benchmarks.md, "Compiled hot paths"). Move or add a module
by editing this tuple alone.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from pathlib import Path
from types import ModuleType

#: Dotted names of the modules compiled with mypyc (the per-text analysis, the helpers
#: of the hottest checks, the summary, the JSON Lines readers, the engine's loop over
#: records and rules, and the run that drives it), in dependency order.
COMPILED_MODULES: tuple[str, ...] = (
    "guidelint.text.wordchars",
    "guidelint.text.analysis",
    "guidelint.text.prefilter",
    "guidelint.text.phrase_index",
    "guidelint.request_kind",
    "guidelint.checks.question_words",
    "guidelint.checks.restatement",
    "guidelint.checks.matching",
    "guidelint.finding_cap",
    "guidelint.summary",
    "guidelint.readers.building",
    "guidelint.readers.alpaca",
    "guidelint.readers.jsonl",
    "guidelint.readers.detect",
    "guidelint.engine",
    "guidelint.run.parallel",
    "guidelint.run.check",
)

#: Set to 1 (at build time or at run time) for pure Python.
PURE_ENV = "GUIDELINT_PURE_PYTHON"


def pure_forced() -> bool:
    """Whether ``GUIDELINT_PURE_PYTHON`` asks for pure Python."""
    return os.environ.get(PURE_ENV, "").strip().lower() not in {"", "0", "false", "no"}


class PureFinder:
    """Imports the ``.py`` source of a compiled module instead of its extension."""

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name not in COMPILED_MODULES:
            return None
        leaf = name.rpartition(".")[2] + ".py"
        for entry in path if path is not None else sys.path:
            source = Path(entry) / leaf
            if source.is_file():
                return importlib.util.spec_from_file_location(name, source)
        return None


def install_pure_finder() -> None:
    """Run the ``.py`` sources of the compiled modules (once per interpreter)."""
    if not any(isinstance(finder, PureFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, PureFinder())


def mode() -> str:
    """``"compiled: mypyc"`` when the compiled modules are the ones imported, else
    ``"pure Python"``."""
    spec = importlib.util.find_spec(COMPILED_MODULES[0])
    origin = spec.origin if spec is not None else None
    if origin and origin.endswith(tuple(EXTENSION_SUFFIXES)):
        return "compiled: mypyc"
    return "pure Python"
