"""Findings written back to Label Studio tasks, where annotators and reviewers see them.

The open-source server offers three places a program can write to a task: a
*prediction*, a *comment*, and the task's *data*. guidelint writes two data fields:

* ``guidelint_findings`` — the findings as text, one line per violation, naming the
  annotation and annotator; the labelling config made by ``guidelint labelstudio
  config`` shows it above the task (``<Text name="guidelint_findings" ...>``);
* ``guidelint_violations`` — how many violations the task's annotations have, a number
  the data manager shows as a column and can filter and sort on (``> 0``).

Why not the others: a prediction is what a model proposes, and Label Studio copies it
into a new annotation as a pre-annotation (the findings would end up in the annotation
itself), and guidelint reads predictions as model drafts; comments are a feature of
the Enterprise edition. Task data needs nothing but the REST API, and the export keeps
it (guidelint does not read these two fields as texts to check).

Each write covers the whole task: every current annotation is checked again, so a
corrected and resubmitted annotation clears its old findings, and a repeated or
out-of-order webhook writes the same thing. A task whose findings did not change is
not written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from guidelint.engine import Linter
from guidelint.errors import RecordError
from guidelint.labelstudio.live import records_of, task_rows
from guidelint.labelstudio.urls import ProjectURL
from guidelint.model import ANNOTATOR_EMAIL, Record, Severity, Violation
from guidelint.readers.base import ReadStats

FINDINGS_FIELD = "guidelint_findings"
COUNT_FIELD = "guidelint_violations"
#: What the findings field says when the annotations break no rule.
CLEAN = "No guideline violations."
#: What it says when no annotation was checked (every one was skipped).
NOTHING_CHECKED = "No annotation checked"
_EXCERPT = 60


@dataclass(frozen=True, slots=True)
class TaskFindings:
    """What guidelint found in the current annotations of one task."""

    task: int
    text: str
    count: int
    annotations: int

    def fields(self) -> dict[str, Any]:
        return {FINDINGS_FIELD: self.text, COUNT_FIELD: self.count}


def _line(v: Violation, who: Mapping[str, str | None]) -> str:
    if v.record_key:
        annotation = v.record_key.rpartition("/")[2]
        by = who.get(annotation)
        place = f"annotation {annotation}" + (f" by {by}" if by else "")
    else:  # (an annotation that could not be read)
        place = v.locator or "task"
    where = v.role or v.field or "record"
    if v.excerpt is not None and v.excerpt[1]:
        match = v.excerpt[1]
        match = match if len(match) <= _EXCERPT else match[: _EXCERPT - 1] + "…"
        where += f": “{match}”"
    return f"[{v.severity.value}] {v.rule}: {v.message} ({place}, {where})"


def task_findings(
    linter: Linter,
    project: ProjectURL,
    task: Mapping[str, Any],
    emails: Mapping[int, str],
    *,
    responses: bool = False,
) -> TaskFindings:
    """Check every annotation of one exported task; the findings to write back.

    ``responses``: the project's annotators write responses (its labelling config has
    a text area checked as one), so an annotation without one is reported."""
    violations: list[Violation] = []
    who: dict[str, str | None] = {}
    annotations = 0
    rows = task_rows(project, [dict(task)], emails)
    task_id = int(task.get("id") or 0)
    stats = ReadStats(responses_expected={str(project)} if responses else set())
    for item in records_of(rows, fields=linter.fields, schema=None, stats=stats):
        if isinstance(item, RecordError):
            violations.append(_unreadable(item, project, task_id))
            continue
        annotations += 1
        # (an annotator is named by user id; the task shows the e-mail when known)
        who[str(item.meta.get("annotation_id"))] = item.meta.get(ANNOTATOR_EMAIL, item.annotator)
        violations.extend(_checked(linter, item))
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    violations.sort(key=lambda v: (order[v.severity], v.record_key or "", v.span, v.rule))
    lines = [_line(v, who) for v in violations]
    if lines:
        return TaskFindings(task_id, "\n".join(lines), len(lines), annotations)
    if not annotations and stats.notes:  # (every annotation skipped: nothing was checked)
        return TaskFindings(task_id, f"{NOTHING_CHECKED}: {stats.summary()[0]}.", 0, 0)
    return TaskFindings(task_id, CLEAN, 0, annotations)


def _checked(linter: Linter, record: Record) -> Sequence[Violation]:
    return linter.recheck(record)


def _unreadable(error: RecordError, project: ProjectURL, task: int) -> Violation:
    return Violation(
        path=str(project),
        line=0,
        column=1,
        field=error.field,
        span=(0, 0),
        rule="invalid-record",
        check="invalid-record",
        severity=Severity.ERROR,
        message=error.message,
        locator=error.locator or f"task {task}",
    )


def needs_write(data: Mapping[str, Any], findings: TaskFindings) -> bool:
    """Whether the task's data does not hold these findings yet."""
    return data.get(FINDINGS_FIELD) != findings.text or data.get(COUNT_FIELD) != findings.count


def cleared(data: Mapping[str, Any], task: int) -> TaskFindings | None:
    """The findings of a task that has no annotation left, when old ones must go."""
    if data.get(COUNT_FIELD) in (None, 0) and data.get(FINDINGS_FIELD) in (None, CLEAN):
        return None
    return TaskFindings(task, CLEAN, 0, 0)
