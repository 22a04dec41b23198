"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

One log with one run::

    {"$schema": ".../sarif-schema-2.1.0.json", "version": "2.1.0",
     "runs": [{"tool": {"driver": {"name": "guidelint", "version", "informationUri",
                                   "rules": [{"id", "shortDescription", "fullDescription"?,
                                              "defaultConfiguration": {"level"},
                                              "helpUri"?, "properties"?: {"check", "tags"}}]}},
               "columnKind": "unicodeCodePoints",
               "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///…/"}},
               "invocations": [{"executionSuccessful": true,
                                "toolExecutionNotifications"?: [...]}],
               "properties": {"guideline": {"name", "version", "path"?}, "summary": {...}},
               "results": [...]}]}

``tool.driver.rules`` lists the guideline's rules as the run was given them (each with
its description and default level), then any other rule that reported (such as
``invalid-record``), in the order first seen. Each result has ``ruleId`` and
``ruleIndex`` into that list, ``level`` (``error``, ``warning``, or ``note`` for
``info``), ``message.text``, and one location: ``artifactLocation.uri`` relative to
``%SRCROOT%`` (the report's root, by default the current directory) and a ``region``
with ``startLine``. Findings that belong to no file or line (a dataset-wide rate, a
record from standard input) have no location or no region.

Coordinates. SARIF regions address the file's text. A violation inside a field has a
line of the file but its column and span are offsets *in the field's decoded text*:
JSON escapes (``\\n``, ``\\"``, ``\\u00e9``) and everything before the field on the
line shift the file's columns. So ``startColumn`` is written only when the column is a
column of the file's line (a violation without a field, such as an unreadable
record); otherwise the region is the whole line and the result's ``properties`` hold
the exact place: ``field``, ``fieldColumn`` (1-based), ``span`` (``[start, end]``,
0-based, end exclusive), ``recordKey``, ``itemId``, ``annotator``, ``role`` and
``check``. For the same reason a suggested fix is never written as a SARIF ``fixes``
entry (its ``artifactChanges`` would replace the wrong characters of the file); it
is in ``properties.fix`` as ``{"start", "end", "replacement", "safe"}``, offsets into
the field's text, like the JSON report's ``fix``.

A record whose line does not tell where it is (several records on one line of a
minified JSON file, or a task of a live Label Studio project, whose ``uri`` is the
project URL and which has no region) has a ``logicalLocations`` entry whose
``fullyQualifiedName`` is its locator (``element 3 (id 17)``, ``task 7, annotation
12``), also in ``properties.locator``.

The summary's notes (``3 more violations not shown (--max-violations 5)``, ``1 task
without annotations``) are also the invocation's ``toolExecutionNotifications``, each
``{"level": "note", "message": {"text": ...}}``, where SARIF viewers show them: a
report capped by ``--max-violations`` says that it is.

Results that carry a record key also have ``partialFingerprints["guidelint/v1"]``, so
that a viewer tracks a finding across runs even when records move to other lines.
"""

from __future__ import annotations

import importlib.metadata
import os
from pathlib import Path
from typing import Any

import guidelint
from guidelint.model import Severity, Violation
from guidelint.reporters.base import ReportContext, Reporter
from guidelint.reporters.sarif_results import (
    LEVELS,
    SRCROOT,
    ResultJson,
    artifact_place,
    artifact_uri,
    fingerprint,
    result,
)
from guidelint.reporters.spool import PLACEHOLDER, Spool, json_line_entry, write_json_document
from guidelint.reporters.summaries import first_sentence, summary_dict
from guidelint.summary import Summary
from guidelint.wording import counted

__all__ = [
    "LEVELS",
    "SRCROOT",
    "SarifReporter",
    "artifact_uri",
    "fingerprint",
    "information_uri",
    "result",
    "rule_descriptor",
]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
#: Used when the installed package's metadata names no homepage.
INFORMATION_URI = "https://example.invalid/guidelint"


def rule_descriptor(rule_id: str, info: dict[str, str], seen: Violation | None) -> dict[str, Any]:
    """A ``reportingDescriptor`` for one rule, from the run's rules or a violation."""
    description = (info.get("description") or "").strip()
    if not description and seen is not None and seen.reason:
        description = seen.reason.strip()
    check = info.get("check") or (seen.check if seen is not None else "")
    short = first_sentence(description) or (
        f"{rule_id} ({check} check)" if check and check != rule_id else rule_id
    )
    severity = info.get("severity") or (seen.severity.value if seen is not None else "warning")
    descriptor: dict[str, Any] = {"id": rule_id, "shortDescription": {"text": short}}
    if description:
        descriptor["fullDescription"] = {"text": description}
    level = _severity(severity)
    descriptor["defaultConfiguration"] = {"level": LEVELS[level] if level else "warning"}
    if info.get("help_uri"):
        descriptor["helpUri"] = info["help_uri"]
    properties: dict[str, Any] = {}
    if check:
        properties["check"] = check
    tags = [t.strip() for t in (info.get("tags") or "").split(",") if t.strip()]
    if tags:
        properties["tags"] = tags
    if properties:
        descriptor["properties"] = properties
    return descriptor


def _severity(value: str) -> Severity | None:
    try:
        return Severity(value)
    except ValueError:
        return None


def information_uri() -> str:
    """The project's homepage, from the installed package's metadata."""
    try:
        urls: list[str] = importlib.metadata.metadata("guidelint").get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() == "homepage" and url.strip():
            return url.strip()
    return INFORMATION_URI


def _root_uri(root: str | None) -> str:
    uri = Path(os.path.abspath(root if root is not None else os.getcwd())).as_uri()
    return uri if uri.endswith("/") else uri + "/"


class SarifReporter(Reporter):
    """Each result is serialised when found and kept in a :class:`Spool` (a temporary
    file); what the log needs from all of them (the rules that reported, in the order
    first seen) is one violation per rule."""

    name = "sarif"

    def start(self, context: ReportContext) -> None:
        super().start(context)
        self._spool = Spool()
        self._index = {rule_id: i for i, rule_id in enumerate(context.rules)}
        self._first_seen: dict[str, Violation] = {}
        root = context.root
        self._results = ResultJson(
            lambda v, index: json_line_entry(result(v, index, root), 4),
            lambda path: artifact_place(path, root),
        )

    def violation(self, violation: Violation) -> None:
        rule = violation.rule
        if rule not in self._first_seen:
            self._first_seen[rule] = violation
            self._index.setdefault(rule, len(self._index))
        separator = ",\n" if self._spool.count else ""
        self._spool.write(separator + self._results.text(violation, self._index[rule]))

    def finish(self, summary: Summary) -> None:
        try:
            write_json_document(self.stream, self.log(summary), self._spool, key_depth=3)
        finally:
            self._spool.close()

    def log(self, summary: Summary) -> dict[str, Any]:
        """The SARIF log, its ``results`` a placeholder for the spooled ones."""
        context = self.context
        first_seen = self._first_seen
        rules = [
            rule_descriptor(rule_id, context.rules.get(rule_id, {}), first_seen.get(rule_id))
            for rule_id in self._index
        ]
        guideline: dict[str, str] = {"name": context.guideline, "version": context.version}
        if context.guideline_path:
            guideline["path"] = context.guideline_path
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "guidelint",
                    "version": context.tool_version or guidelint.__version__,
                    "informationUri": information_uri(),
                    "rules": rules,
                }
            },
            "invocations": [_invocation(summary)],
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {SRCROOT: {"uri": _root_uri(context.root)}},
            "results": PLACEHOLDER,
            "properties": {"guideline": guideline, "summary": summary_dict(summary)},
        }
        return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _invocation(summary: Summary) -> dict[str, Any]:
    """The run's one invocation, with the summary's notes as notifications."""
    invocation: dict[str, Any] = {"executionSuccessful": True}
    notes = summary.notes()
    if notes:
        invocation["toolExecutionNotifications"] = [
            {"level": "note", "message": {"text": counted(n, note)}} for note, n in notes.items()
        ]
    return invocation
