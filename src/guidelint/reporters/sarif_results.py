"""One SARIF result (see :mod:`guidelint.reporters.sarif` for what it holds): as a
dictionary (:func:`result`, the reference) and as the text the log holds, written from
templates (:class:`ResultJson`, the same bytes as ``json_line_entry(result(...), 4)``:
each result on a line of its own).

A result's shape (which of its optional parts it has) picks a template made once by
``json.dumps`` from a skeleton of :func:`result`'s layout whose values are slot markers
(:mod:`guidelint.reporters.fragments`); a result then encodes its values alone. A file's
``artifactLocation`` is worked out once per file.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import quote

from guidelint.model import Severity, Violation
from guidelint.reporters.fragments import Template, plain_place, slot, string
from guidelint.reporters.locations import field_location, file_column, relative_path

SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: What a result is indented by in the log (``runs[0].results[i]``).
DEPTH = 4
#: (By the severity's value: an enum member's own hash is a Python-level call.)
_LEVELS_JSON = {severity.value: string(level) for severity, level in LEVELS.items()}
_BOOLEANS = {True: "true", False: "false"}
_STDIN = frozenset({"-", "<stdin>"})


def artifact_uri(path: str) -> str:
    """A relative URI reference for a ``/``-separated relative path.

    Spaces, ``%``, ``:`` (which would make ``a:b.jsonl`` a URI scheme) and non-ASCII
    characters are percent-encoded.
    """
    return quote(path, safe="/@!$&'()*+,;=-._~")


def result(v: Violation, rule_index: int, root: str | None) -> dict[str, Any]:
    """One SARIF ``result``."""
    data: dict[str, Any] = {
        "ruleId": v.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[v.severity],
        "message": {"text": message_text(v)},
    }
    place = artifact_place(v.path, root)
    if place is not None:
        location: dict[str, Any] = {"uri": place[0]}
        if place[1]:
            location["uriBaseId"] = SRCROOT
        physical: dict[str, Any] = {"artifactLocation": location}
        if v.line >= 1:
            region: dict[str, Any] = {"startLine": v.line}
            column = file_column(v)
            if column is not None:
                region["startColumn"] = column
            physical["region"] = region
        data["locations"] = [{"physicalLocation": physical}]
    if v.locator:  # the record's place when no line tells it (task 7, annotation 12)
        logical = {"fullyQualifiedName": v.locator, "kind": "element"}
        data.setdefault("locations", [{}])[0]["logicalLocations"] = [logical]
    if v.record_key:
        data["partialFingerprints"] = {"guidelint/v1": fingerprint(v)}
    data["properties"] = _properties(v)
    return data


def fingerprint(v: Violation) -> str:
    """What identifies a finding across runs: its rule, record, field and span."""
    key = f"{v.rule}\0{v.record_key}\0{v.field}\0{v.span[0]}\0{v.span[1]}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def artifact_place(path: str, root: str | None) -> tuple[str, bool] | None:
    """A result's ``artifactLocation`` for ``path``: its ``uri``, and whether it is
    relative to ``%SRCROOT%`` (``None``: no file)."""
    relative = relative_path(path, root)
    if relative is None:
        return None
    if relative.startswith(("http://", "https://")):  # a live Label Studio project
        return relative, False
    if os.path.isabs(relative):
        return Path(relative).as_uri(), False
    return artifact_uri(relative), True


def message_text(v: Violation) -> str:
    where = field_location(v)
    return f"{v.message} ({where})" if where else v.message


def _properties(v: Violation) -> dict[str, Any]:
    properties: dict[str, Any] = {"check": v.check, "field": v.field, "span": list(v.span)}
    if v.field:
        properties["fieldColumn"] = v.column
    optional = {
        "role": v.role,
        "recordKey": v.record_key,
        "itemId": v.item_id,
        "annotator": v.annotator,
    }
    properties.update({key: value for key, value in optional.items() if value is not None})
    if v.path in ("-", "<stdin>"):
        properties["path"] = v.path
    if v.locator:
        properties["locator"] = v.locator
    if v.fix is not None:
        properties["fix"] = {
            "start": v.fix.start,
            "end": v.fix.end,
            "replacement": v.fix.replacement,
            "safe": v.fix.safe,
        }
    return properties


#: Which optional parts a result has: where it is (``None``: no file; else whether its
#: uri is relative to ``%SRCROOT%``), a region, a start column, a locator, a
#: fingerprint, a field (``fieldColumn``), ``role``, ``recordKey``, ``itemId``,
#: ``annotator``, a ``path`` property (standard input), a fix.
Shape = tuple[bool | None, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool]


def skeleton(shape: Shape) -> dict[str, Any]:
    """:func:`result`'s layout for a result of ``shape``, its values slot markers
    (numbered in the order :meth:`ResultJson.text` lists them)."""
    based, region, column, locator, fingerprint_, field, role, key, item, annotator, stdin, fix = (
        shape
    )
    numbers = count()

    def mark() -> str:
        return slot(next(numbers))

    data: dict[str, Any] = {
        "ruleId": mark(),
        "ruleIndex": mark(),
        "level": mark(),
        "message": {"text": mark()},
    }
    if based is not None:
        location: dict[str, Any] = {"uri": mark()}
        if based:
            location["uriBaseId"] = SRCROOT
        physical: dict[str, Any] = {"artifactLocation": location}
        if region:
            physical["region"] = {"startLine": mark()}
            if column:
                physical["region"]["startColumn"] = mark()
        data["locations"] = [{"physicalLocation": physical}]
    if locator:
        place = {"fullyQualifiedName": mark(), "kind": "element"}
        data.setdefault("locations", [{}])[0]["logicalLocations"] = [place]
    if fingerprint_:
        data["partialFingerprints"] = {"guidelint/v1": mark()}
    properties: dict[str, Any] = {"check": mark(), "field": mark(), "span": [mark(), mark()]}
    if field:
        properties["fieldColumn"] = mark()
    for present, name in ((role, "role"), (key, "recordKey"), (item, "itemId")):
        if present:
            properties[name] = mark()
    if annotator:
        properties["annotator"] = mark()
    if stdin:
        properties["path"] = mark()
    if locator:
        properties["locator"] = mark()
    if fix:
        properties["fix"] = {"start": mark(), "end": mark(), "replacement": mark(), "safe": mark()}
    data["properties"] = properties
    return data


class ResultJson:
    """Results as ``reference(v, rule_index)`` writes them, from templates.

    ``place`` gives a file's ``artifactLocation`` (as :func:`artifact_place` does); it is asked
    once per file. A violation with a value the model does not have (not a string, an
    integer or ``None`` where the model says so) is left to ``reference``.
    """

    def __init__(
        self,
        reference: Callable[[Violation, int], str],
        place: Callable[[str], tuple[str, bool] | None],
    ):
        self._reference = reference
        self._place = place
        self._places: dict[str, tuple[str, bool] | None] = {}
        self._templates: dict[Shape, Template] = {}

    def text(self, v: Violation, rule_index: int) -> str:
        line, column, span, fix, path = v.line, v.column, v.span, v.fix, v.path
        if type(path) is not str or not plain_place(v):
            return self._reference(v, rule_index)
        places = self._places
        if path in places:
            place = places[path]
        else:
            place = places[path] = self._place(path)
        field, logical, key = v.field, v.locator, v.record_key
        try:
            values: list[Any] = [
                string(v.rule),
                rule_index,
                _LEVELS_JSON[v.severity._value_],
                string(message_text(v)),
            ]
            add = values.append
            region = start_column = False
            if place is not None:
                add(string(place[0]))
                region = line >= 1
                if region:
                    add(line)
                    start_column = not field and column >= 1  # (file_column)
                    if start_column:
                        add(column)
            if logical:
                add(string(logical))
            if key:
                add(f'"{fingerprint(v)}"')
            values += (string(v.check), string(field), span[0], span[1])
            if field:
                add(column)
            role, item, annotator = v.role, v.item_id, v.annotator
            if role is not None:
                add(string(role))
            if key is not None:
                add(string(key))
            if item is not None:
                add(string(item))
            if annotator is not None:
                add(string(annotator))
            stdin = path in _STDIN
            if stdin:
                add(string(path))
            if logical:
                add(string(logical))
            if fix is not None:
                values += (fix.start, fix.end, string(fix.replacement), _BOOLEANS[fix.safe])
        except (TypeError, KeyError, AttributeError):  # (a value of another type than the model's)
            return self._reference(v, rule_index)
        shape: Shape = (
            None if place is None else place[1],
            region,
            start_column,
            bool(logical),
            bool(key),
            bool(field),
            role is not None,
            key is not None,
            item is not None,
            annotator is not None,
            stdin,
            fix is not None,
        )
        template = self._templates.get(shape)
        if template is None:
            template = self._templates[shape] = Template.one_line(skeleton(shape), DEPTH)
        return template.fill(values)
