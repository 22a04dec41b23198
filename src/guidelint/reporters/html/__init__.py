"""HTML reports: one self-contained page a person opens in a browser, offline.

``guidelint check --format html``, ``guidelint agreement --format html`` and
``guidelint calibrate --format html`` write one file with its styles inline and its
charts as inline SVG drawn by matplotlib's SVG backend (see docs/reports.md for why
matplotlib): no script, no font, no image and no request to any host. Every chart has
a table with the same numbers next to it. Text from datasets is escaped everywhere.

matplotlib is the optional extra ``guidelint[report]``; it is imported only when a
report is written as HTML (:func:`require_plotting` says which extra to install).
"""

from __future__ import annotations

from guidelint.errors import UsageError

#: What to install for HTML reports.
EXTRA = "guidelint[report]"


def require_plotting() -> None:
    """Raise a UsageError naming the extra when matplotlib is not installed (found
    without importing it: the charts import it only once the run is over)."""
    import importlib.util

    try:
        found = importlib.util.find_spec("matplotlib") is not None
    except (ImportError, ValueError):  # (a broken or blocked installation)
        found = False
    if not found:
        raise UsageError(
            "--format html draws its charts with matplotlib, which is not installed",
            hint=f"install the report extra: pip install '{EXTRA}'",
        ) from None
