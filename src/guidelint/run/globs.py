"""Glob patterns for paths, as in ``.gitignore`` and ruff's ``per-file-ignores``.

``*`` matches within one path segment, ``**`` across segments, ``?`` one character,
``[abc]``/``[!abc]`` one of (not) these. A pattern without ``/`` matches the file name
in any directory; a pattern ending in ``/`` matches everything below that directory.
"""

from __future__ import annotations

import re
from functools import lru_cache


def glob_match(pattern: str, path: str) -> bool:
    """Whether a relative, /-separated ``path`` matches ``pattern``."""
    if "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern
    return _glob_regex(pattern).fullmatch(path) is not None


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    parts: list[str] = []
    i = 0
    pattern = pattern.removeprefix("./")
    if pattern.endswith("/"):
        pattern += "**"
    while i < len(pattern):
        if pattern.startswith("**/", i):
            parts.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            parts.append(".*")
            i += 2
        elif pattern[i] == "*":
            parts.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            parts.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end].replace("\\", "\\\\")
            parts.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = end + 1
        else:
            parts.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(parts))
