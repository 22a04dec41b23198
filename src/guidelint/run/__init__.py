"""The run machinery: a check run driven by typed options, without the command line.

Public API::

    from guidelint.run import CheckOptions, Collect, run_check

    found = Collect()
    result = run_check(CheckOptions(paths=["data.jsonl"], baseline="baseline.json"), found)
    print(result.exit_code, len(found.violations))

``guidelint check`` parses its arguments into :class:`CheckOptions` and calls the same
run. Names load lazily: importing this package loads neither the engine nor readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "CheckOptions",
    "CheckResult",
    "CheckRun",
    "Collect",
    "Reporter",
    "SingleText",
    "run_check",
]

if TYPE_CHECKING:
    from guidelint.run.check import CheckRun, run_check
    from guidelint.run.collect import Collect
    from guidelint.run.options import CheckOptions, CheckResult, Reporter, SingleText

_WHERE = {
    "CheckOptions": "guidelint.run.options",
    "CheckResult": "guidelint.run.options",
    "Reporter": "guidelint.run.options",
    "SingleText": "guidelint.run.options",
    "CheckRun": "guidelint.run.check",
    "run_check": "guidelint.run.check",
    "Collect": "guidelint.run.collect",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'guidelint.run' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
