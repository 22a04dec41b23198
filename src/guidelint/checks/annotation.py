"""What the annotation checks share: which rules a text breaks, drafts, review flags.

Record-level checks (``minimal_edit``, ``preference``, ``ranking``) are given the
violations the text rules found in the record. :func:`broken_by` picks those that
fall on some texts, at or above a severity, and come from text rules (not from other
record- or dataset-level rules, whose findings are about the record, not the text);
:func:`inversion` says which of them make the text judged better worse than the
other. :func:`same_text` compares texts after collapsing white space, the way
annotators see them; :func:`draft_pairs` pairs model drafts with final responses;
:func:`approval` reads an approved flag however a tool wrote it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from guidelint.errors import GuidelineError
from guidelint.model import TEXT_ROLES, Record, Severity, Text, Violation

_TRUE = frozenset({"true", "yes", "y", "1", "approved", "accepted", "accept", "ok"})
_FALSE = frozenset({"false", "no", "n", "0", "rejected", "reject", "declined", "not approved"})


def known_roles(value: object) -> object:
    """A ``roles`` option: one role or a list, each one of the record text roles."""
    roles = [value] if isinstance(value, str) else value
    for role in roles if isinstance(roles, list | tuple) else ():
        if role not in TEXT_ROLES:
            raise ValueError(f"unknown role '{role}' (known: {', '.join(sorted(TEXT_ROLES))})")
    return roles


def squash(text: str) -> str:
    """``text`` with runs of white space made one space, and no leading/trailing space."""
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """The words of ``text`` as compared between two versions of it: split at white
    space, each accent in one form (a composed "é" and "e" with a combining accent look
    alike, and are the same word)."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text.split()


def same_text(first: str, second: str) -> bool:
    """Whether two texts are equal once white space is collapsed (and accents composed)."""
    return words(first) == words(second)


def is_blank(text: str) -> bool:
    return not text.strip()


def text_span(text: str) -> tuple[int, int]:
    """The span of ``text`` without its leading and trailing white space."""
    stripped = text.strip()
    if not stripped:
        return 0, 0
    start = len(text) - len(text.lstrip())
    return start, start + len(stripped)


@cache
def _is_text_check(check: str) -> bool:
    from guidelint.checks import check_class

    try:
        return check_class(check).scope == "text"
    except GuidelineError:  # built-in engine rules (invalid-record, rule-timeout, ...)
        return False


def on_text(violation: Violation, text: Text) -> bool:
    """Whether ``violation`` was found in ``text`` (same role and field)."""
    return violation.role == text.role and violation.field == text.field


def broken_by(
    found: Iterable[Violation], texts: Sequence[Text], severity: Severity
) -> list[Violation]:
    """The violations of text rules on any of ``texts``, at ``severity`` or worse."""
    return [
        v
        for v in found
        if v.severity.rank >= severity.rank
        and _is_text_check(v.check)
        and any(on_text(v, t) for t in texts)
    ]


def approval(value: Any) -> bool | None:
    """An approved flag as true/false, or None when it is absent or not a flag."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return None


def draft_pairs(record: Record) -> list[tuple[Text, Text]]:
    """(draft, response) pairs: each response with the draft at its position, else the last."""
    drafts = record.texts_with_role("draft")
    if not drafts:
        return []
    responses = record.texts_with_role("response")
    return [(drafts[min(i, len(drafts) - 1)], r) for i, r in enumerate(responses)]


def inversion(better: Sequence[Violation], worse: Sequence[Violation]) -> list[Violation]:
    """The violations of the text judged ``better`` that make it worse than the other.

    Those of rules the ``worse`` text does not break; if there are none, those of rules
    it breaks more often. Empty when the text judged better is indeed no worse.
    """
    theirs = Counter(v.rule for v in worse)
    ours = Counter(v.rule for v in better)
    only_ours = [v for v in better if v.rule not in theirs]
    if only_ours:
        return only_ours
    return [v for v in better if ours[v.rule] > theirs[v.rule]]


def at_violation(violation: Violation, texts: Sequence[Text]) -> Text:
    return next(
        (t for t in texts if t.role == violation.role and t.field == violation.field), texts[0]
    )


def rule_names(rules: Iterable[str], limit: int = 3) -> str:
    """``'a', 'b' and 'c'`` (at most ``limit`` names, then ``and 2 more``)."""
    unique = list(dict.fromkeys(rules))
    shown = [f"'{r}'" for r in unique[:limit]]
    if len(unique) > limit:
        shown.append(f"{len(unique) - limit} more")
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]
