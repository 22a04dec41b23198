"""Label Studio project URLs: ``http://127.0.0.1:8080/projects/3`` and the like.

A project URL is the server's base URL (which may have a path prefix when the server
is behind a proxy) followed by ``/projects/<id>``; whatever follows (``/data``,
``?tab=2``) is ignored, so a URL copied from the browser works. Credentials in a URL
(``http://user:secret@host``) are refused without repeating them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from guidelint.errors import UsageError

_PROJECT = re.compile(r"^(?P<prefix>.*?)/projects/(?P<id>[0-9]+)(?:/[^?#]*)?$")


def is_url(text: str) -> bool:
    """Whether ``text`` is an http(s) URL (a place on a server, not a file)."""
    return text.startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class ProjectURL:
    """A project on a Label Studio server."""

    base: str  # the server: scheme, host, port and any path prefix, no trailing slash
    project: int

    def __str__(self) -> str:
        # (project 0: none yet, one is to be made on the server)
        return f"{self.base}/projects/{self.project}" if self.project else self.base

    def task_url(self, task: int | str) -> str:
        """Where the task opens in Label Studio's data manager."""
        return f"{self.base}/projects/{self.project}/data?task={task}"


def server_url(text: str) -> str:
    """A server's base URL (``http://host:8080``), checked; UsageError otherwise."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            "not a Label Studio server URL",
            hint="give it as http://HOST:PORT (e.g. the address you open in the browser)",
        )
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            "the Label Studio URL holds a user name or password",
            hint="leave credentials out of the URL; the API token is read from "
            "LABEL_STUDIO_API_KEY or --labelstudio-token-file",
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/")


def parse_project_url(text: str) -> ProjectURL:
    """The project a URL names; UsageError when it names none."""
    base = server_url(text)
    parts = urlsplit(base)
    match = _PROJECT.match(parts.path)
    if match is None:
        raise UsageError(
            f"not a Label Studio project URL: {base}",
            hint="give the project's address, e.g. http://127.0.0.1:8080/projects/3",
        )
    prefix = f"{parts.scheme}://{parts.netloc}{match.group('prefix')}".rstrip("/")
    return ProjectURL(prefix, int(match.group("id")))
