"""File-system questions that never raise: a name too long for the file system
(``ENAMETOOLONG``), a loop of symbolic links or a file without permission is an answer
("no such file", or :func:`path_problem`'s reason), not an exception.

``Path.exists()``/``is_file()``/``is_dir()`` raise ``OSError`` for some of these (a
300-character file name ended in "internal error"); ``os.path``'s functions do not.
"""

from __future__ import annotations

import errno
import os

_TOO_LONG_HINT = "shorten the file name (most file systems allow 255 bytes per name)"


def is_file(path: str | os.PathLike[str]) -> bool:
    return os.path.isfile(path)


def is_dir(path: str | os.PathLike[str]) -> bool:
    return os.path.isdir(path)


def exists(path: str | os.PathLike[str]) -> bool:
    return os.path.exists(path)


def path_problem(path: str | os.PathLike[str]) -> tuple[str, str | None] | None:
    """Why ``path`` cannot be looked at, and what to do, or None when it can (it may
    still not exist: ``no such file`` is for the caller to say)."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        hint = _TOO_LONG_HINT if exc.errno == errno.ENAMETOOLONG else None
        return (exc.strerror or str(exc)), hint
    except ValueError as exc:  # (a NUL character in the name)
        return str(exc), "remove the NUL character from the name"
    return None


def os_error_hint(exc: OSError) -> str | None:
    """What to do about an error the file system gave, when there is something to say."""
    if exc.errno == errno.ENAMETOOLONG:
        return _TOO_LONG_HINT
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "check the file's permissions"
    return None
