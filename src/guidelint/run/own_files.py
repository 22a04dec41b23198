"""Files a run writes (its report, its baseline, an agreement report or sheet) that are
also files it reads: never a dataset overwritten.

Opening ``--output`` truncates the file. When it names one of the files to check, the
dataset would be gone before it is read (and ``guidelint check`` would then skip it as
"this run's report"). A run's own file among its inputs is normal in one case: a report
or baseline written by an earlier run, passed back by a folder walk or a pre-commit
hook (``distinct_paths`` leaves it out of the check, and it is rewritten). So a file
that is one of the inputs may be written only when it is empty or recognisably
guidelint's own output (:func:`own_output`); otherwise the run stops before anything is
opened for writing.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable

from guidelint.errors import UsageError

#: How much of a file is read to tell whether guidelint wrote it.
SNIFF_BYTES = 1 << 16
#: The first keys of guidelint's JSON report and baseline, and of a SARIF log by it.
_JSON_HEAD_RE = re.compile(
    r'\A\s*\{\s*"version":\s*\d+,\s*"(?:guideline|tool)":'
    r'|\A\s*\{\s*"\$schema":\s*"[^"]*sarif[^"]*",\s*"version":\s*"[^"]*",\s*"runs":\s*\[\s*\{'
    r'\s*"tool":\s*\{\s*"driver":\s*\{\s*"name":\s*"guidelint"'
)
#: The first line of the other report formats: JUnit XML, Markdown, HTML, GitHub.
_OTHER_HEAD_RE = re.compile(
    r'\A<\?xml[^>]*>\s*<testsuites name="guidelint"'
    r"|\A#+ \S+ guidelint:"
    r"|\A<!DOCTYPE html>.{0,2000}guidelint"
    r"|\A::(?:error|warning|notice) ",
    re.DOTALL,
)
#: A text report: a violation line ("path:3:1: error rule message") or its headline.
_TEXT_HEAD_RE = re.compile(r"\A(?:[^\n]*:\d+:\d+: (?:error|warning|info) \S|Checked \d)")


def own_output(path: str) -> bool:
    """Whether ``path`` is empty or a report or baseline that guidelint wrote."""
    try:
        with open(path, "rb") as file:
            head = file.read(SNIFF_BYTES)
    except OSError:
        return True  # (nothing readable to lose; opening it for writing says what is wrong)
    text = head.decode("utf-8", "replace").lstrip("\ufeff")
    if not text.strip():
        return True
    if _JSON_HEAD_RE.match(text) or _OTHER_HEAD_RE.match(text) or _TEXT_HEAD_RE.match(text):
        return True
    first = text.split("\n", 1)[0]
    try:  # a JSON Lines report: its first line is a violation
        value = json.loads(first)
    except ValueError:
        return False
    from guidelint.readers.detect import guidelint_output

    return guidelint_output(value) == "report"


def refuse_overwriting_inputs(targets: dict[str, str], inputs: Iterable[str]) -> None:
    """Stop when a file to write (``targets``: path → what it is, such as
    ``"--output"``) is one of ``inputs`` and holds something guidelint did not write."""
    named = {_identity(path): path for path in targets if path and path != "-"}
    if not named:
        return
    for path in inputs:
        key = _identity(path)
        if key in named and os.path.isfile(path) and not own_output(path):
            target = named[key]
            raise UsageError(
                f"{targets[target]} {target} is also a file to read, and not a report or "
                "baseline that guidelint wrote: writing it would destroy it before it is read",
                location=target,
                hint="write the report or baseline to another file (outside the dataset "
                "folders), or leave this file out of the files to read",
            )


def _identity(path: str) -> str:
    if path == "-" or path.startswith(("http://", "https://")):
        return path
    return os.path.realpath(path)
