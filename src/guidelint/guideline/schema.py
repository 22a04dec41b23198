"""The pydantic schema of a guideline file's keys (the rule options belong to each check)."""

from __future__ import annotations

import difflib
import re
import string
import unicodedata
from itertools import pairwise
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from guidelint.model import TEXT_ROLES

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Roles `applies_to` accepts: text roles, chat roles, and `all`.
APPLIES_TO = TEXT_ROLES | {"user", "assistant", "all"}


class Example(BaseModel):
    """A good or bad example: a text, or a small record."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    response: str | None = None
    instruction: str | None = None
    #: Why the example is good or bad (shown by `rules explain` and `guide`).
    explanation: str | None = None
    #: Other fields of the record (for `when` conditions), or a whole record for
    #: record-level checks (chosen/rejected pairs, drafts).
    record: dict[str, Any] | None = None


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    good: list[Example] = Field(default_factory=list)
    bad: list[Example] = Field(default_factory=list)

    @field_validator("good", "bad", mode="before")
    @classmethod
    def _texts(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"response": v} if isinstance(v, str) else v for v in value]
        return value


def _parse_rate(value: Any) -> Any:
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1]) / 100
        except ValueError:
            raise ValueError(f"'{value}' is not a percentage like '2%'") from None
    return value


_SEVERITIES = ("error", "warning", "info")
#: Names people give the roles, mapped to guidelint's (for "did you mean").
_ROLE_SYNONYMS = {
    "answer": "response",
    "output": "response",
    "completion": "response",
    "reply": "response",
    "prompt": "instruction",
    "question": "instruction",
    "input": "instruction",
}


class RuleHead(BaseModel):
    """The keys every rule has, whatever its check."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str
    check: str
    severity: Literal["error", "warning", "info"] = "error"
    message: str | None = None
    description: str | None = None
    tags: list[str] = Field(default_factory=list)
    applies_to: list[str] | None = None
    when: dict[str, Any] | None = None
    examples: Examples = Field(default_factory=Examples)
    enabled: bool = True
    #: Fail only when more than this share of records breaks the rule ("2%" or 0.02).
    max_rate: float | None = None
    #: Report findings inside quoted speech and block quotes (off: they are not the
    #: response's own voice), and inside code blocks and inline code.
    in_quotes: bool = False
    in_code: bool = False
    #: Report findings in the body of requested fiction (a story, a letter, a role to
    #: play: ``$request`` is ``creative``) too; off: only its first and last paragraphs,
    #: where the assistant speaks, count.
    in_fiction: bool = False

    @field_validator("id")
    @classmethod
    def _kebab(cls, value: str) -> str:
        if not _ID_RE.match(value):
            # ("kein-büro" → "kein-buro": letters without their accents, not dropped)
            plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
            suggestion = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
            raise ValueError(f"rule id '{value}' must be kebab-case, e.g. '{suggestion}'")
        return value

    @field_validator("message")
    @classmethod
    def _template(cls, value: str | None) -> str | None:
        if value is not None:
            _check_template(value)
        return value

    @field_validator("applies_to", mode="before")
    @classmethod
    def _roles(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        for role in value or []:
            if role not in APPLIES_TO:
                known = sorted(APPLIES_TO)
                close = [_ROLE_SYNONYMS[role]] if role in _ROLE_SYNONYMS else []
                close = close or difflib.get_close_matches(str(role), known, n=1)
                near = f"did you mean '{close[0]}'? " if close else ""
                raise ValueError(f"unknown role '{role}' ({near}known: {', '.join(known)})")
        return value

    @field_validator("severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> Any:
        if not isinstance(value, str) or value in _SEVERITIES:
            return value
        if value.strip().lower() in _SEVERITIES:
            return value.strip().lower()  # ("Error", "WARNING": the same severity)
        close = difflib.get_close_matches(value.strip().lower(), _SEVERITIES, n=1, cutoff=0.5)
        near = f"did you mean '{close[0]}'? " if close else ""
        raise ValueError(f"unknown severity '{value}' ({near}one of error, warning, info)")

    @field_validator("max_rate", mode="before")
    @classmethod
    def _rate(cls, value: Any) -> Any:
        value = _parse_rate(value)
        if isinstance(value, (int, float)) and not 0 <= value <= 1:
            raise ValueError("max_rate must be between 0% and 100%")
        return value


RULE_KEYS = frozenset(RuleHead.model_fields)


def _check_template(template: str) -> None:
    """A message template names its parameters (``{match}``, ``{count:,}``); a field by
    position (``{0}``, ``{}``), an attribute or index (``{match.x}``, ``{a[0]}``) or a
    lone brace would leave the whole message as written, so it is an error."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise ValueError(
            f"message {template!r} is not a valid template ({exc}); write {{{{ and }}}} for "
            "a literal brace"
        ) from None
    for name in fields:
        if not name or name.isdigit():
            raise ValueError(
                f"message {template!r}: a parameter is named, e.g. {{match}}, not "
                f"{{{name}}}; write {{{{ and }}}} for a literal brace"
            )
        if not name.isidentifier():
            raise ValueError(
                f"message {template!r}: {{{name}}} is not a parameter name (no attributes "
                "or indexes); the parameters of each check are in docs/checks"
            )


class AgreementSettings(BaseModel):
    """The guideline's ``agreement:`` section: bands, overlap target, label scales."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    #: Lower bound of each interpretation band, in increasing order (the lowest may be
    #: null: no lower bound, as the JSON report writes it).
    bands: dict[str, float] = Field(
        default_factory=lambda: {
            "low": float("-inf"),
            "moderate": 0.4,
            "good": 0.6,
            "excellent": 0.8,
        }
    )
    #: The share of items that should have 2+ annotators: [low, high].
    overlap_target: tuple[float, float] = (0.10, 0.20)
    #: Per label: `{level: ordinal, categories: [1, 2, 3, 4, 5]}`.
    labels: dict[str, dict[str, Any]] = Field(default_factory=dict)
    #: Long-format keys.
    item: str = "item"
    annotator: str = "annotator"
    label: str | None = None

    @field_validator("bands", mode="before")
    @classmethod
    def _bands_increase(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        bands = {k: float("-inf") if v is None else v for k, v in value.items()}
        numbers = [(k, v) for k, v in bands.items() if isinstance(v, int | float)]
        for (a, low), (b, high) in pairwise(numbers):
            if not low < high:
                raise ValueError(
                    f"bands must increase in the order written, from the lowest band up: "
                    f"'{a}' ({low:g}) comes before '{b}' ({high:g})"
                )
        return bands

    @field_validator("overlap_target")
    @classmethod
    def _overlap_in_order(cls, value: tuple[float, float]) -> tuple[float, float]:
        low, high = value
        if not 0 <= low <= high <= 1:
            raise ValueError(
                f"overlap_target is [low, high] with 0 <= low <= high <= 1, not [{low:g}, {high:g}]"
            )
        return value


class GuidelineHead(BaseModel):
    """The top-level keys of a guideline file."""

    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)

    name: str | None = None
    version: str | int | float | None = None
    description: str | None = None
    extends: list[str] = Field(default_factory=list)
    fields: dict[str, Any] | None = None
    agreement: dict[str, Any] | None = None
    rules: list[Any] = Field(default_factory=list)

    @field_validator("extends", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


GUIDELINE_KEYS = frozenset(GuidelineHead.model_fields)
