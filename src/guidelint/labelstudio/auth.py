"""The Label Studio API token, and keeping it out of every message.

The token comes from ``--labelstudio-token-file FILE`` (the first non-empty line of
the file) when given, else from the ``LABEL_STUDIO_API_KEY`` environment variable.
Both a legacy token and a personal access token (a JWT refresh token) work; the SDK
tells them apart. Errors name the file or the variable, never the token, and
:func:`redact` removes the token from any text that came back from the network.
"""

from __future__ import annotations

import os
from pathlib import Path

from guidelint.errors import UsageError

ENV = "LABEL_STUDIO_API_KEY"
_state: dict[str, Path | None] = {"file": None}
_known: set[str] = set()


def use_token_file(path: str | Path | None) -> None:
    """Read the token from ``path`` from now on (None: from the environment)."""
    _state["file"] = Path(path) if path is not None else None


def token() -> str:
    """The API token; UsageError when there is none."""
    file = _state["file"]
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8-sig")  # (Notepad writes a byte order mark)
        except OSError as exc:
            raise UsageError(
                f"cannot read the Label Studio token file: {exc.strerror or 'unreadable'}",
                location=str(file),
                hint="check the path given to --labelstudio-token-file",
            ) from None
        except UnicodeDecodeError:
            raise UsageError(
                "the Label Studio token file is not UTF-8 text", location=str(file)
            ) from None
        value = next((line.strip() for line in text.splitlines() if line.strip()), "")
        if not value:
            raise UsageError(
                "the Label Studio token file is empty",
                location=str(file),
                hint="put the API token from Label Studio's Account & Settings page in it",
            )
    else:
        value = os.environ.get(ENV, "").strip()
        if not value:
            raise UsageError(
                "no Label Studio API token",
                hint=f"set {ENV}, or pass --labelstudio-token-file FILE (the token is on "
                "Label Studio's Account & Settings page)",
            )
    where = f"--labelstudio-token-file {file}" if file is not None else ENV
    _check_characters(value, where)
    _known.add(value)
    return value


def _check_characters(value: str, where: str) -> None:
    """A token goes into an HTTP header: printable ASCII without spaces. Anything else
    (a byte order mark, a line break, an accented letter from a paste) is said here,
    by position, never by the token's characters."""
    for position, char in enumerate(value, 1):
        if not ("!" <= char <= "~"):
            what = "a line break" if char in "\r\n" else f"the character U+{ord(char):04X}"
            raise UsageError(
                f"the Label Studio token from {where} holds {what} (at position {position}), "
                "which a token never does",
                hint="copy the token again from Label Studio's Account & Settings page, "
                "on one line, without spaces",
            )


def redact(text: str) -> str:
    """``text`` with every token read so far replaced by ``***`` (a token shorter than
    8 characters is no real token, and would blank out ordinary words)."""
    for secret in _known:
        if len(secret) >= 8:
            text = text.replace(secret, "***")
    return text
