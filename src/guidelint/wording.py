"""Counts in messages: "1 record", "2 records"."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` and ``noun``, or its plural (``nouns``, else ``noun`` + "s") unless one."""
    return f"{count} {noun}" if count == 1 else f"{count} {nouns or noun + 's'}"


#: Notes written in the plural ("cancelled annotations skipped") → their singular.
_SINGULAR: dict[str, str] = {}
#: Plural nouns a note may start with, and their singular.
_LEADING = {
    "values ": "value ",
    "rows ": "row ",
    "records ": "record ",
    "tasks ": "task ",
    "annotations ": "annotation ",
}


def note_forms(many: str, one: str) -> str:
    """Register the singular of a note; ``many``, to use as the note's constant."""
    _SINGULAR[many] = one
    return many


def counted(count: int, note: str) -> str:
    """``"1 cancelled annotation skipped"``, ``"3 cancelled annotations skipped"``: a
    note in the plural, with its count, in the singular for one."""
    if count != 1:
        return f"{count} {note}"
    one = _SINGULAR.get(note)
    if one is None:
        one = next(
            (
                single + note[len(lead) :]
                for lead, single in _LEADING.items()
                if note.startswith(lead)
            ),
            note,
        )
    return f"1 {one}"
