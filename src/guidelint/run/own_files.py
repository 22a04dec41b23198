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
from guidelint.run.paths import file_identity

#: How much of a file's start (and end) is read to tell whether guidelint wrote it.
SNIFF_BYTES = 1 << 16
_TAIL_BYTES = 1 << 12
#: The JSON report and the baseline as guidelint indents them (their first keys), and a
#: SARIF log whose tool is guidelint.
_JSON_REPORT_RE = re.compile(
    r'\A\s*\{\s*"version":\s*\d+,\s*"guideline":\s*\{\s*"name":'
    r'[^\n]*\n(?:[^\n]*\n){0,8}\s*"summary":\s*\{\s*"files":'
)
_BASELINE_RE = re.compile(r'\A\s*\{\s*"version":\s*\d+,\s*"tool":\s*"guidelint",')
#: The JSON report of ``guidelint agreement`` (its guideline, then its settings).
_AGREEMENT_JSON_RE = re.compile(
    r'\A\s*\{\s*"version":\s*\d+,\s*"guideline":[^\n]*\n(?:[^\n]*\n){0,8}?'
    r'\s*"settings":\s*\{\s*"bootstrap":'
)
#: The text report of ``guidelint agreement`` (its sources: mode and rows), and the
#: calibration sheet of ``guidelint calibrate``.
_AGREEMENT_TEXT_RE = re.compile(
    r"\AAgreement: [^\n]*\((?:long|wide|records), \d[\d,]* rows?\)\n"
    r"(?:note: |\nLabel '|\nNo labels)"
    r"|\A# Calibration: [^\n]*\n\n- `[^`\n]+`: \d[\d,]* annotators?, "
)
_SARIF_RE = re.compile(
    r'\A\s*\{\s*"\$schema":\s*"[^"]*sarif[^"]*",\s*"version":\s*"[^"]*",\s*"runs":\s*\[\s*\{'
    r'\s*"tool":\s*\{\s*"driver":\s*\{\s*"name":\s*"guidelint"'
)
#: The start of the other report formats: JUnit XML, Markdown, HTML.
_OTHER_HEAD_RE = re.compile(
    r'\A<\?xml[^>]*>\s*<testsuites name="guidelint"'
    r"|\A## \S+ guidelint: \d[\d,]* errors?, \d[\d,]* warnings?, "
    r"|\A<!DOCTYPE html>.{0,2000}guidelint",
    re.DOTALL,
)
#: The first line of a text or GitHub report: a violation, or the summary of none.
_TEXT_HEAD_RE = re.compile(
    r"\A\n?(?:[^\n]*:\d+:\d+: (?:error|warning|info) [a-z0-9]+(?:-[a-z0-9]+)* "
    r"|::(?:error|warning|notice) |Checked \d)"
)
#: The summary a text or GitHub report ends with.
_SUMMARY_RE = re.compile(r"(?m)^Checked \d[\d,]* records? in \d[\d,]* (?:files?|projects?)\b")
_ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")
#: The keys of a violation in a JSON Lines report, and of its summary line.
_VIOLATION_KEYS = frozenset({"path", "line", "column", "rule", "check", "severity", "message"})
_SUMMARY_KEYS = frozenset({"files", "records", "violations"})


def own_output(path: str) -> bool:
    """Whether ``path`` is empty or a report or baseline that guidelint wrote (told by
    its first bytes, and for a text report by the summary it ends with: a dataset must
    never pass for one)."""
    try:
        head, tail = _sniff(path)
    except OSError:
        return True  # (nothing readable to lose; opening it for writing says what is wrong)
    return not head.strip() or _kind(head, tail) is not None


def output_kind(path: str) -> str | None:
    """What guidelint output ``path`` is (``"report"``, ``"baseline"``, ``"agreement
    report"``, ``"calibration sheet"``), as :func:`own_output` tells it; None for any
    other file, an empty one, or one that cannot be read."""
    try:
        head, tail = _sniff(path)
    except OSError:
        return None
    return _kind(head, tail)


def _sniff(path: str) -> tuple[str, str]:
    """The start of ``path`` (without a byte order mark) and its end, as text."""
    with open(path, "rb") as file:
        head = file.read(SNIFF_BYTES)
        size = file.seek(0, os.SEEK_END)
        file.seek(max(0, size - _TAIL_BYTES))
        tail = file.read()
    return head.decode("utf-8", "replace").lstrip("\ufeff"), tail.decode("utf-8", "replace")


def _kind(text: str, tail: str) -> str | None:
    if _BASELINE_RE.match(text):
        return "baseline"
    if any(p.match(text) for p in (_JSON_REPORT_RE, _SARIF_RE, _OTHER_HEAD_RE)):
        return "report"
    if _AGREEMENT_JSON_RE.match(text):
        return "agreement report"
    if _AGREEMENT_TEXT_RE.match(text):
        return "calibration sheet" if text.startswith("# Calibration") else "agreement report"
    plain = _ANSI_RE.sub("", text)
    if plain[:1] not in ("{", "[") and _TEXT_HEAD_RE.match(plain):
        ending = _ANSI_RE.sub("", tail)
        return "report" if _SUMMARY_RE.search(ending) is not None else None
    try:  # a JSON Lines report: a violation per line, then its summary (alone when clean)
        value = json.loads(text.split("\n", 1)[0])
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    if _VIOLATION_KEYS.issubset(value):
        return "report"
    summary = value.get("summary")
    if set(value) != {"summary"} or not isinstance(summary, dict):
        return None
    return "report" if _SUMMARY_KEYS.issubset(summary) else None


def refuse_overwriting_inputs(targets: dict[str, str], inputs: Iterable[str]) -> None:
    """Stop when a file to write (``targets``: path → what it is, such as
    ``"--output"``) is one of ``inputs`` and holds something guidelint did not write."""
    named = {file_identity(path): path for path in targets if path and path != "-"}
    if not named:
        return
    for path in inputs:
        key = file_identity(path)
        if key in named and os.path.isfile(path) and not own_output(path):
            target = named[key]
            raise UsageError(
                f"{targets[target]} {target} is also a file to read, and not a report or "
                "baseline that guidelint wrote: writing it would destroy it before it is read",
                location=target,
                hint="write the report or baseline to another file (outside the dataset "
                "folders), or leave this file out of the files to read",
            )
