"""Counts in messages: "1 record", "2 records"."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` and ``noun``, or its plural (``nouns``, else ``noun`` + "s") unless one."""
    return f"{count} {noun}" if count == 1 else f"{count} {nouns or noun + 's'}"
