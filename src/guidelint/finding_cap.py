"""At most :data:`MAX_FINDINGS` findings of one rule in one record, and ones that count the rest.

A 4 MB response with 307,694 matches of one phrase took 51 s and 326 MB: every match
became a violation, each with its excerpt and message, and every reporter held and
wrote them all. Past the cap, the findings of a rule in a text are counted, not
reported: the first :data:`MAX_FINDINGS` of a record (over all its texts: a chat of many
turns, an instruction and a response) are reported as usual, then one summary finding
per text, at the first one left out, says how many more there were. The fixes of the
findings left out are merged into the summary finding's fix (one replacement of the
span from the first to the last, the text between them kept), so ``--fix`` still
applies every fix in one run.
"""

from __future__ import annotations

from collections.abc import Iterable

from guidelint.checks.base import Finding
from guidelint.model import Fix, Severity, Text
from guidelint.wording import plural

#: Findings of one rule reported one by one in one text.
MAX_FINDINGS = 100
_ORDER = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def capped(
    findings: Iterable[Finding],
    text: Text | None,
    *,
    cap: int = MAX_FINDINGS,
    limit: int | None = None,
) -> list[Finding]:
    """The first ``cap`` of ``findings``, then one finding for the rest (if any).

    ``cap`` is what is left of the record's budget for the rule; ``limit`` (the whole
    budget, ``cap`` when not given) is what the summary finding's message names.
    """
    found = findings if isinstance(findings, list) else list(findings)
    if len(found) <= cap:
        return found
    return [*found[:cap], *_summary(found[cap:], text, cap if limit is None else limit)]


class Budget:
    """What is left of :data:`MAX_FINDINGS` for each rule in one record."""

    __slots__ = ("_used", "limit")

    def __init__(self, limit: int = MAX_FINDINGS) -> None:
        self.limit = limit
        self._used: dict[str, int] = {}

    def left(self, rule_id: str) -> int:
        return max(0, self.limit - self._used.get(rule_id, 0))

    def spend(self, rule_id: str, findings: list[Finding]) -> None:
        """Count ``findings`` (summary findings included) against the rule's budget."""
        if findings:
            self._used[rule_id] = self._used.get(rule_id, 0) + len(findings)


def _summary(left: list[Finding], text: Text | None, cap: int) -> list[Finding]:
    """The finding that stands for ``left`` (and those of them whose fixes cannot be
    merged into its fix: fixes in other texts of the record)."""
    first = left[0]
    target = first.text or text
    fixes = [f.fix for f in left if f.fix is not None and f.text is first.text]
    apart = [f for f in left if f.fix is not None and f.text is not first.text]
    severity = max(
        (f.severity for f in left if f.severity is not None),
        key=_ORDER.__getitem__,
        default=None,
    )
    start, end = first.start, first.end
    fix = None
    if fixes and target is not None:
        fix = _merged(fixes, target.text)
        start, end = fix.start, fix.end
    count = len(left) - len(apart)
    message = (
        f"{plural(count, 'more finding')} of this rule in this text "
        f"(only the first {cap} of a record are reported one by one)"
        + ("; --fix applies the fixes of all of them" if fix is not None else "")
    )
    summary = Finding(
        start,
        end,
        params={**first.params, "count": count},
        fix=fix,
        severity=severity,
        message=message,
        text=first.text,
    )
    return [summary, *apart] if count else apart


def _merged(fixes: list[Fix], text: str) -> Fix:
    """One fix doing what ``fixes`` (in one text) do; overlapping ones are left out."""
    fixes = sorted(fixes, key=lambda f: (f.start, f.end))
    parts: list[str] = []
    start = pos = fixes[0].start
    safe = True
    for fix in fixes:
        if fix.start < pos:
            continue  # (overlaps the one before: applying both is not defined)
        parts.append(text[pos : fix.start])
        parts.append(fix.replacement)
        pos = fix.end
        safe = safe and fix.safe
    return Fix(start, pos, "".join(parts), safe=safe)
