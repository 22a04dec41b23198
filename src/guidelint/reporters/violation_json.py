"""A violation as the JSON and JSON Lines reports write it (:func:`violation_dict`),
serialised from templates (:mod:`guidelint.reporters.fragments`).

The templates are made from :func:`violation_dict` itself, given a violation whose
values are slot markers, so the keys, their order and the layout are those of
``json.dumps(violation_dict(v), ...)``; a violation with a value that is not plain
(not a string, integer, ``None`` where the model has those) is serialised the
straightforward way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from guidelint.model import Fix, Severity, Violation
from guidelint.reporters.fragments import Template, encode, optional, plain_place, slot, string
from guidelint.reporters.summaries import violation_dict

#: Slots before the optional ``locator`` and ``fix``.
_FIXED = 14
#: (By the severity's value: an enum member's own hash is a Python-level call.)
_SEVERITIES = {s.value: encode(s.value) for s in Severity}


class _Marked:
    """A severity stand-in whose value is a slot marker."""

    def __init__(self, value: str):
        self.value = value


def skeleton(*, locator: bool, fix: bool) -> dict[str, Any]:
    """:func:`violation_dict` of a violation whose values are slot markers."""
    marked: dict[str, Any] = {
        name: slot(i)
        for i, name in enumerate(
            ("path", "line", "column", "field", "span0", "span1", "rule", "check")
        )
    }
    marked["span"] = (marked.pop("span0"), marked.pop("span1"))
    marked["severity"] = _Marked(slot(8))
    for i, name in enumerate(("message", "role", "item_id", "annotator", "record_key"), 9):
        marked[name] = slot(i)
    after = _FIXED
    if locator:
        marked["locator"] = slot(after)
        after += 1
    if fix:
        marked["fix"] = Fix(*(slot(after + i) for i in range(4)))  # type: ignore[arg-type]
    return violation_dict(Violation(**marked))


class ViolationJson:
    """Writes violations as ``reference(violation_dict(v))`` does, from templates."""

    def __init__(self, make: Callable[[Any], Template], reference: Callable[[Any], str]):
        self._templates = {
            (locator, fix): make(skeleton(locator=locator, fix=fix))
            for locator in (False, True)
            for fix in (False, True)
        }
        self._reference = reference

    def text(self, v: Violation) -> str:
        line, column, span = v.line, v.column, v.span
        fix = v.fix
        if not plain_place(v):
            return self._reference(violation_dict(v))
        try:
            values: list[Any] = [
                string(v.path),
                line,
                column,
                string(v.field),
                span[0],
                span[1],
                string(v.rule),
                string(v.check),
                _SEVERITIES[v.severity._value_],
                string(v.message),
                optional(v.role),
                optional(v.item_id),
                optional(v.annotator),
                optional(v.record_key),
            ]
            locator = v.locator
            if locator:
                values.append(string(locator))
            if fix is not None:
                values += (
                    fix.start,
                    fix.end,
                    string(fix.replacement),
                    "true" if fix.safe else "false",
                )
        except (TypeError, KeyError, AttributeError):  # (a value of another type than the model's)
            return self._reference(violation_dict(v))
        return self._templates[bool(locator), fix is not None].fill(values)
