"""``when:`` conditions: a rule applies only to records whose fields match.

A condition maps a field path to what it must be::

    when:
      category: simple                 # equals
      language: [en, en-US]            # one of
      meta.source: {not_in: [synthetic]}
      $instruction_words: {max: 25}    # computed: words in the instruction
      $response_words: {min: 50}       # computed: words in the text being checked

Operators: ``equals``, ``not``, ``in``, ``not_in``, ``min``, ``max``, ``matches`` (a
regular expression searched in the value, with the ``regex`` module and the time limit
of every user regex: compiled and tried when the guideline loads, at most
:data:`~guidelint.checks.matching.DEFAULT_TIMEOUT` seconds per value; past it,
:class:`ConditionTimeout`), ``exists`` (true/false). All conditions of
a ``when`` must hold. Computed fields start with ``$``: ``$instruction_words``,
``$response_words``, ``$role``, ``$schema``, ``$annotator``, and ``$request``: the
kind of request the text answers, ``simple``, ``complex`` or ``creative`` (a record's
``category`` field when it says so, else judged from the request's words; see
:mod:`guidelint.request_kind`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from guidelint.checks.matching import DEFAULT_TIMEOUT, compile_user_regex
from guidelint.errors import GuidelintError
from guidelint.fields import get_path, split_path
from guidelint.model import Record, Text
from guidelint.request_kind import known_kind, request_kind
from guidelint.text import TextAnalysis


class _Missing:
    """The one "no value" marker. It survives pickling as itself (``is`` comparisons
    hold after a guideline is sent to another process: Ray actors, spawned --jobs
    workers); a bare ``object()`` would come back as a different object, and every
    condition with an unset ``equals``/``not`` would then fail."""

    def __reduce__(self) -> str:
        return "_MISSING"

    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()
#: What a condition is given for a field the record does not have.
MISSING: Any = _MISSING
VIRTUAL_FIELDS = (
    "$instruction_words",
    "$response_words",
    "$role",
    "$schema",
    "$annotator",
    "$request",
)
#: Computed fields that take more than a lookup (see ``When.deferrable``).
_COSTLY_FIELDS = frozenset({"$request", "$instruction_words"})


class Condition(BaseModel):
    """What one field must be. A bare value means ``equals``, a list means ``in``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    equals: Any = _MISSING
    not_: Any = Field(default=_MISSING, alias="not")
    in_: list[Any] | None = Field(default=None, alias="in")
    not_in: list[Any] | None = None
    min: float | None = None
    max: float | None = None
    matches: str | None = None
    exists: bool | None = None

    @field_validator("matches")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            compile_user_regex(value)  # (cached: holds() gets it again)
        return value

    @classmethod
    def parse(cls, raw: Any) -> Condition:
        if isinstance(raw, dict):
            return cls.model_validate(raw)
        if isinstance(raw, list):
            return cls.model_validate({"in": raw})
        return cls.model_validate({"equals": raw})

    def describe(self, name: str) -> str:
        """The condition in words: "category is simple", "source is not one of a, b",
        "$instruction_words is at most 25"."""

        def shown(value: Any) -> str:
            return json.dumps(value) if isinstance(value, bool) or value is None else str(value)

        parts = []
        if self.exists is not None:
            parts.append("is set" if self.exists else "is not set")
        if self.equals is not _MISSING:
            parts.append(f"is {shown(self.equals)}")
        if self.not_ is not _MISSING:
            parts.append(f"is not {shown(self.not_)}")
        if self.in_ is not None:
            parts.append(f"is one of {', '.join(map(shown, self.in_))}")
        if self.not_in is not None:
            parts.append(f"is none of {', '.join(map(shown, self.not_in))}")
        if self.min is not None:
            parts.append(f"is at least {self.min:g}")
        if self.max is not None:
            parts.append(f"is at most {self.max:g}")
        if self.matches is not None:
            parts.append(f"matches /{self.matches}/")
        return f"{name} " + " and ".join(parts) if parts else f"{name} (any value)"

    def holds(self, value: Any) -> bool:
        present = value is not _MISSING and value is not None
        if self.exists is not None and present != self.exists:
            return False
        if self.equals is not _MISSING and not _same(value, self.equals):
            return False
        if self.not_ is not _MISSING and _same(value, self.not_):
            return False
        if self.in_ is not None and not any(_same(value, v) for v in self.in_):
            return False
        if self.not_in is not None and any(_same(value, v) for v in self.not_in):
            return False
        if self.min is not None or self.max is not None:
            number = _number(value)
            if number is None:
                return False
            if self.min is not None and number < self.min:
                return False
            if self.max is not None and number > self.max:
                return False
        return self.matches is None or (present and self._search(str(value)))

    def _search(self, value: str) -> bool:
        assert self.matches is not None
        try:
            found = compile_user_regex(self.matches).search(
                value,
                timeout=DEFAULT_TIMEOUT,
                concurrent=False,  # (see iter_matches)
            )
        except TimeoutError:
            raise ConditionTimeout(self.matches) from None
        except (MemoryError, RecursionError) as exc:
            raise ConditionTimeout(self.matches, failed=type(exc).__name__) from None
        return found is not None


class ConditionTimeout(GuidelintError):
    """A ``matches`` condition ran past the time limit on one value; the engine reports
    it for the rule (the rule is not applied to that text) and goes on."""

    def __init__(self, pattern: str, *, failed: str = ""):
        what = f"failed ({failed})" if failed else f"ran longer than {DEFAULT_TIMEOUT:g}s"
        super().__init__(
            f"`when` pattern {pattern!r} {what} on one value; the rule was not applied",
            hint="simplify the pattern (nested quantifiers such as (a|aa)+ backtrack "
            "exponentially)",
        )


def _same(value: Any, expected: Any) -> bool:
    """Whether a field's value is the one a condition names: text whatever its case; a
    number or true/false also when written as text (a CSV or TSV cell holds ``3`` and
    ``true`` as text, JSON as a number and a boolean: one guideline, one verdict)."""
    if value is _MISSING:
        return False
    if isinstance(value, str) and isinstance(expected, str):
        return value.casefold() == expected.casefold()
    if isinstance(value, str) or isinstance(expected, str):
        text, other = (value, expected) if isinstance(value, str) else (expected, value)
        if isinstance(other, bool):
            return text.strip().casefold() == ("true" if other else "false")
        if isinstance(other, int | float):
            number = _number(text.strip())
            return number is not None and number == other
    return bool(value == expected)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is _MISSING or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _request(
    record: Record,
    text: Text | None,
    analysis: TextAnalysis | None,
    gate: Callable[[TextAnalysis], bool] | None = None,
) -> Any:
    """``$request`` of a text, kept with its analysis (several rules ask for it).

    With ``gate``: a request neither declared nor judged before is judged only when
    the gate says the check may report the text; else :data:`_MISSING`.
    """
    cache = analysis.__dict__ if analysis is not None else {}
    kind = cache.get("$request", _MISSING)
    if kind is not _MISSING:
        return kind
    prompt = text.prompt if text is not None and text.prompt is not None else record.instruction
    kind = known_kind(record.data, prompt)
    if kind is None:
        if gate is not None and analysis is not None and not gate(analysis):
            return _MISSING
        kind = request_kind(record.data, prompt)
    cache["$request"] = kind
    return kind


def request_of(record: Record, text: Text | None, analysis: TextAnalysis | None) -> Any:
    """``$request`` of a text (``simple``, ``complex``, ``creative``; None without a
    request), as ``when:`` conditions read it and kept with the same analysis."""
    return _request(record, text, analysis)


class When:
    """All conditions of one rule's ``when:``, evaluated against a record and a text.

    ``gate``, given by the rule's check (``when_gate``), says from the text alone whether
    the check can find anything in it ("has the response a list at all?"). It is asked
    before ``$request`` when the request is neither declared nor judged before, so a
    request is judged only for texts the check could report: judging a new request
    costs more than looking for a list, looking up a known one less.
    """

    def __init__(
        self,
        conditions: dict[str, Condition],
        gate: Callable[[TextAnalysis], bool] | None = None,
    ):
        self.conditions = conditions
        self.gate = gate
        # Top-level keys (no dots or indexes) are read with dict.get, not get_path.
        self._keys = frozenset(
            name for name in conditions if name not in VIRTUAL_FIELDS and split_path(name) == [name]
        )
        #: Whether the engine may judge this ``when`` after the rule's check, and only
        #: when the check found something: it asks for a field that takes work to
        #: compute (the kind of request, the words of the instruction) and cannot fail
        #: (no ``matches`` pattern, which may time out). See ``Check.cheap``.
        self.deferrable = bool(_COSTLY_FIELDS.intersection(conditions)) and all(
            cond.matches is None for cond in conditions.values()
        )
        #: Whether ``$request`` is the only costly field asked for (see :meth:`known_now`).
        self._request_only = _COSTLY_FIELDS.intersection(conditions) == {"$request"}

    def __eq__(self, other: object) -> bool:
        # (by value: a guideline from the cache equals the same guideline loaded afresh)
        return isinstance(other, When) and self.conditions == other.conditions

    def describe(self) -> str:
        """Every condition in words, joined: "category is simple and dataset is not koala"."""
        return " and ".join(c.describe(name) for name, c in self.conditions.items())

    def __hash__(self) -> int:
        return hash(tuple(self.conditions))

    def known_now(self, record: Record, text: Text, analysis: TextAnalysis) -> bool:
        """Whether judging this ``when`` now costs no work: every costly field it asks
        for is already known for this text (for ``$request``: declared by the record,
        judged before, or kept with the analysis; the kind found is kept there).

        The engine then judges a deferrable ``when`` before the check instead of after
        it: the same violations (it cannot fail), and a rule whose ``when`` does not
        hold is not checked at all.
        """
        if not self._request_only:
            return False
        cache = analysis.__dict__
        if "$request" in cache:
            return True
        prompt = text.prompt if text.prompt is not None else record.instruction
        kind = known_kind(record.data, prompt)
        if kind is None:
            return False
        cache["$request"] = kind
        return True

    def holds(self, record: Record, text: Text | None, analysis: TextAnalysis | None) -> bool:
        for name, cond in self.conditions.items():
            data = record.data
            if name == "$request":
                value = _request(record, text, analysis, self.gate)
                if value is _MISSING:
                    return False  # nothing for the check to find: the request is not judged
            elif name in self._keys and type(data) is dict:
                value = data.get(name, _MISSING)
                if value is _MISSING and isinstance(task_data := data.get("data"), dict):
                    value = get_path(task_data, name, _MISSING)  # as _value does
            else:
                value = self._value(name, record, text, analysis)
            if not cond.holds(value):
                return False
        return True

    @staticmethod
    def _value(name: str, record: Record, text: Text | None, analysis: TextAnalysis | None) -> Any:
        if name == "$instruction_words":
            prompt = (
                text.prompt if text is not None and text.prompt is not None else record.instruction
            )
            return None if prompt is None else TextAnalysis(prompt).word_count
        if name == "$response_words":
            return None if analysis is None else analysis.word_count
        if name == "$role":
            return None if text is None else text.role
        if name == "$schema":
            return record.schema
        if name == "$request":
            return _request(record, text, analysis)
        if name == "$annotator":
            return record.annotator
        value = get_path(record.data, name, _MISSING)
        if value is _MISSING and isinstance(record.data, dict):
            task_data = record.data.get("data")  # Label Studio keeps task fields under `data`
            if isinstance(task_data, dict):
                value = get_path(task_data, name, _MISSING)
        return value
