"""Bringing a task's findings up to date on the server: one task, or a whole project.

:class:`TaskSync` fetches the task's current annotations (the JSON export of that one
task, so they are read exactly as from an export file), checks them, and writes the
findings to the task's data when they changed (see :mod:`guidelint.labelstudio.findings`).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from guidelint.engine import Linter
from guidelint.labelstudio.client import Client
from guidelint.labelstudio.findings import (
    FINDINGS_FIELD,
    TaskFindings,
    cleared,
    needs_write,
    task_findings,
)


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What one task's sync did: its findings (None: nothing to say) and whether they
    were written."""

    task: int
    findings: TaskFindings | None
    written: bool


class TaskSync:
    """Checks tasks of one project and writes their findings back."""

    def __init__(self, client: Client, linter: Linter):
        self.client = client
        self.linter = linter
        self._emails: dict[int, str] | None = None
        self._responses: bool | None = None
        self._lock = threading.Lock()
        # (the linter is shared by worker threads: its checks keep no state per call,
        # but the rate counters of recheck are guarded)

    def emails(self, tasks: Sequence[Mapping[str, Any]]) -> dict[int, str]:
        """User id → e-mail, listed again when an annotator is not known yet."""
        known = self._emails
        wanted = {
            a.get("completed_by")
            for t in tasks
            for a in (t.get("annotations") or [])
            if isinstance(a, Mapping) and isinstance(a.get("completed_by"), int)
        }
        if known is None or not wanted <= known.keys():
            known = self._emails = self.client.emails()
        return known

    def responses(self) -> bool:
        """Whether the project's annotators write responses (read once from its config)."""
        if self._responses is None:
            from guidelint.labelstudio.controls import response_areas

            config = str(self.client.project_settings().get("label_config") or "")
            self._responses = bool(response_areas(config, self.linter.fields.labelstudio))
        return self._responses

    def check(self, task: Mapping[str, Any], emails: Mapping[int, str]) -> TaskFindings:
        responses = self.responses()
        with self._lock:
            return task_findings(
                self.linter, self.client.project, task, emails, responses=responses
            )

    def sync_task(self, task_id: int) -> SyncResult:
        """Check the current annotations of one task and write its findings."""
        tasks = self.client.tasks([task_id])
        task = next((t for t in tasks if isinstance(t, dict) and t.get("id") == task_id), None)
        if task is None:  # no annotation left (all deleted): clear old findings
            data = self.client.task_data(task_id)
            findings = cleared(data, task_id)
            if findings is None:
                return SyncResult(task_id, None, False)
        else:
            data = dict(task.get("data") or {})
            findings = self.check(task, self.emails([task]))
        return SyncResult(task_id, findings, self._write(task_id, data, findings))

    def sync_project(self) -> list[SyncResult]:
        """Every task of the project: those with annotations, and those with old findings."""
        tasks = [t for t in self.client.tasks() if isinstance(t, dict)]
        emails = self.emails(tasks)
        results = []
        for task in tasks:
            task_id = int(task.get("id") or 0)
            data = dict(task.get("data") or {})
            findings: TaskFindings | None
            if task.get("annotations"):
                findings = self.check(task, emails)
            elif FINDINGS_FIELD in data:
                findings = cleared(data, task_id)
            else:
                findings = None
            written = findings is not None and self._write(task_id, data, findings)
            results.append(SyncResult(task_id, findings, written))
        return results

    def _write(self, task_id: int, data: dict[str, Any], findings: TaskFindings) -> bool:
        if not needs_write(data, findings):
            return False
        self.client.update_task_data(task_id, {**data, **findings.fields()})
        return True
