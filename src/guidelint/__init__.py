"""guidelint: lint LLM fine-tuning datasets against a YAML annotation guideline.

Public API::

    from itertools import chain
    from guidelint import load_guideline, Linter, check_file

    guideline = load_guideline("customer-support")      # a bundled name or a path
    linter = Linter(guideline)
    for violation in chain(linter.check_file("data.jsonl"), linter.finish()):
        print(violation.line, violation.rule, violation.message)

``Linter(guideline)`` compiles the rules once. ``check_file(path)`` yields each
record's violations as it reads them; ``check_record(record)`` checks one
:class:`Record`; ``finish()``, after the last file, yields what needs the whole dataset
(duplicates, a rule's ``max_rate`` verdict); ``summary`` counts it all.
``check_file(path, guideline)`` at the top level does both for one file. (In the
compiled build, ``help(Linter)`` shows no docstrings: mypyc does not keep them.)

Importing guidelint does not import spaCy, textstat, numpy or pyarrow; they load only
when a rule or command needs them.
"""

from __future__ import annotations

import os as _os
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if _os.environ.get("GUIDELINT_PURE_PYTHON"):
    # Run the .py sources of the mypyc-compiled modules (see guidelint.compiled).
    from guidelint import compiled as _compiled

    if _compiled.pure_forced():
        _compiled.install_pure_finder()

__all__ = [
    "Linter",
    "Record",
    "Severity",
    "Violation",
    "__version__",
    "check_file",
    "load_guideline",
]

if TYPE_CHECKING:
    from guidelint.engine import Linter, check_file
    from guidelint.guideline import load_guideline
    from guidelint.model import Record, Severity, Violation


def __getattr__(name: str) -> Any:
    # Lazy attributes keep `import guidelint` cheap for the CLI's fast start.
    if name in {"Linter", "check_file"}:
        from guidelint import engine

        return getattr(engine, name)
    if name == "load_guideline":
        from guidelint.guideline import load_guideline

        return load_guideline
    if name in {"batch", "hf", "ray"}:  # (guidelint.ray imports Ray only when used)
        import importlib

        return importlib.import_module(f"guidelint.{name}")
    if name in {"Record", "Severity", "Violation"}:
        from guidelint import model

        return getattr(model, name)
    raise AttributeError(f"module 'guidelint' has no attribute {name!r}")
