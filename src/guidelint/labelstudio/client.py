"""The calls guidelint makes to a Label Studio server, through ``label-studio-sdk``.

The SDK is the ``guidelint[labelstudio]`` extra and is imported only when a client is
made. Every failure becomes a :class:`LabelStudioError` that says what was being done,
on which server, and what to do; it never holds the token, a cookie or a header (the
SDK's own exceptions print the response headers, so they are never shown).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from guidelint.errors import InputError, UsageError
from guidelint.labelstudio.auth import redact, token
from guidelint.labelstudio.urls import ProjectURL

if TYPE_CHECKING:
    from label_studio_sdk import LabelStudio

T = TypeVar("T")
#: Seconds one request may take; an export of a large project is given longer.
TIMEOUT = 30.0
EXPORT_TIMEOUT = 600


class LabelStudioError(InputError):
    """A call to the server failed. ``retryable``: trying again later may work (the
    server is down, busy or failing); ``status``: the HTTP status, when there was one."""

    def __init__(
        self, message: str, *, location: str, hint: str | None = None, status: int | None = None
    ):
        super().__init__(redact(message), location=location, hint=hint)
        self.status = status
        self.retryable = status is None or status >= 500 or status == 429


def _sdk() -> type[LabelStudio]:
    try:
        from label_studio_sdk import LabelStudio
    except ImportError:
        raise UsageError(
            "reading from a Label Studio server needs the labelstudio extra",
            hint="pip install 'guidelint[labelstudio]'",
        ) from None
    return LabelStudio


def _detail(body: Any) -> str:
    """What the server said went wrong, from an error response's body."""
    if isinstance(body, dict):
        detail = str(body.get("detail") or "").strip()
        errors = body.get("validation_errors")
        if isinstance(errors, dict) and errors:
            listed = "; ".join(
                f"{k}: {' '.join(map(str, v)) if isinstance(v, list) else v}"
                for k, v in errors.items()
            )
            detail = f"{detail}: {listed}" if detail else listed
        return detail
    text = str(body or "").strip()
    return "" if text.startswith("<") else text[:300]  # (an HTML error page says nothing)


def _origin(exc: Exception) -> str | None:
    """``scheme://host:port`` of the request an httpx error was about, when known."""
    try:
        url = exc.request.url  # type: ignore[attr-defined]
    except (AttributeError, RuntimeError):  # (RuntimeError: no request set)
        return None
    return _origin_of(str(url))


def _origin_of(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{parts.hostname}:{port}"


class Client:
    """One project on one server."""

    def __init__(self, project: ProjectURL, *, sdk: LabelStudio | None = None):
        self.project = project
        if sdk is None:
            sdk = _sdk()(base_url=project.base, api_key=token(), timeout=TIMEOUT, max_retries=0)
        self.sdk = sdk

    # -- errors -----------------------------------------------------------------------------
    def call(self, what: str, run: Callable[[], T]) -> T:
        """``run()``; any failure as a LabelStudioError about ``what``."""
        import httpx
        from label_studio_sdk.core.api_error import ApiError

        where = str(self.project)
        try:
            return run()
        except ApiError as exc:
            status = exc.status_code
            detail = _detail(exc.body)
            hint = None
            if status in (401, 403):
                hint = (
                    "check the API token (LABEL_STUDIO_API_KEY or --labelstudio-token-file): "
                    "it must be the token of a user of this project's organization; with a "
                    "legacy token, legacy tokens must be enabled in the organization settings"
                )
            elif status == 404:
                hint = "check the project id in the URL, and that the token's user can see it"
            raise LabelStudioError(
                f"Label Studio refused to {what} (HTTP {status}{': ' + detail if detail else ''})",
                location=where,
                hint=hint,
                status=status,
            ) from None
        except httpx.HTTPError as exc:
            reason = type(exc).__name__
            base = self.project.base
            target = _origin(exc)
            if target is not None and target != _origin_of(base):
                # (redirected, e.g. to a login page behind a proxy: the first server
                # answered, the one it sent us to did not)
                raise LabelStudioError(
                    f"cannot {what}: the server at {base} redirected to {target}, which does "
                    f"not answer ({reason})",
                    location=where,
                    hint="a redirect to another host is usually a sign-in page of a proxy in "
                    "front of Label Studio: use the address Label Studio itself answers on",
                ) from None
            raise LabelStudioError(
                f"cannot {what}: the server at {base} does not answer ({reason})",
                location=where,
                hint="check that Label Studio is running and the URL is right",
            ) from None
        except json.JSONDecodeError:
            raise LabelStudioError(
                f"cannot {what}: the server's answer is not JSON (is the URL a Label Studio "
                "server?)",
                location=where,
                status=200,
            ) from None

    # -- reading ----------------------------------------------------------------------------
    def export(self, task_ids: list[int] | None = None) -> bytes:
        """The project's JSON export, as Label Studio's Export button gives it.

        Every task (also those without annotations), or the annotated ones of ``task_ids``.
        """
        sdk, pid = self.sdk, self.project.project
        options: Any = {"timeout_in_seconds": EXPORT_TIMEOUT}

        def run() -> bytes:
            if task_ids is None:
                chunks = sdk.projects.exports.download_sync(
                    pid, export_type="JSON", download_all_tasks=True, request_options=options
                )
            else:  # (the server reads `ids[]`; the SDK's `ids` would be ignored)
                only: Any = {
                    **options,
                    "additional_query_parameters": {"ids[]": list(map(str, task_ids))},
                }
                chunks = sdk.projects.exports.download_sync(
                    pid, export_type="JSON", request_options=only
                )
            return b"".join(chunks)

        return self.call(f"export project {pid}", run)

    def tasks(self, task_ids: list[int] | None = None) -> list[dict[str, Any]]:
        """The decoded export (see :meth:`export`)."""
        data = self.export(task_ids)
        try:
            tasks = json.loads(data)
        except ValueError:
            raise LabelStudioError(
                "the project's export is not JSON", location=str(self.project), status=200
            ) from None
        if not isinstance(tasks, list):
            raise LabelStudioError(
                "the project's export is not a list of tasks",
                location=str(self.project),
                status=200,
            )
        return tasks

    def emails(self) -> dict[int, str]:
        """User id → e-mail, for the users the token may list (empty when it may not)."""
        try:
            users = self.call("list users", lambda: self.sdk.users.list())
        except LabelStudioError as exc:
            if exc.status in (401, 403, 404):
                return {}
            raise
        return {int(u.id): str(u.email) for u in users if u.id is not None and u.email}

    def project_settings(self) -> dict[str, Any]:
        """The project's title and labelling config."""
        pid = self.project.project
        found = self.call(f"read project {pid}", lambda: self.sdk.projects.get(pid))
        return {"title": found.title, "label_config": found.label_config}

    def task_data(self, task_id: int) -> dict[str, Any]:
        """The ``data`` of one task."""
        found = self.call(f"read task {task_id}", lambda: self.sdk.tasks.get(str(task_id)))
        return dict(found.data or {})

    # -- writing ----------------------------------------------------------------------------
    def update_task_data(self, task_id: int, data: dict[str, Any]) -> None:
        """Replace the ``data`` of a task."""
        self.call(f"update task {task_id}", lambda: self.sdk.tasks.update(str(task_id), data=data))

    def save_project(self, *, title: str | None, label_config: str, instruction: str) -> int:
        """Update this project (id > 0) or create one (id 0); its id."""
        sdk, pid = self.sdk, self.project.project
        fields: dict[str, Any] = {
            "label_config": label_config,
            "expert_instruction": instruction,
            "show_instruction": True,
        }
        if title:
            fields["title"] = title
        if pid:
            self.call(f"update project {pid}", lambda: sdk.projects.update(pid, **fields))
            return pid
        fields.setdefault("title", "guidelint")
        made = self.call("create a project", lambda: sdk.projects.create(**fields))
        return int(made.id or 0)

    def ensure_webhook(
        self, url: str, headers: dict[str, str], actions: list[str], *, marker: str = ""
    ) -> str:
        """Point a webhook of this project at ``url``: updated when one with that URL
        exists, else when one carries the ``marker`` header (guidelint's own, pointing
        at an earlier receiver: moved, so Label Studio does not keep posting to a
        receiver that is gone), else created. What was done: ``created``, ``updated``
        or ``moved from OLD-URL``. ``headers`` may hold a secret: it is sent to the
        server and nowhere else."""
        sdk, pid = self.sdk, self.project.project
        hooks = self.call("list webhooks", lambda: sdk.webhooks.list(project=str(pid)))
        settings: Any = {
            "url": url,
            "headers": headers,
            "actions": actions,
            "send_payload": True,
            "send_for_all_actions": False,
            "is_active": True,
        }
        ours = [h for h in hooks if h.id is not None and h.project == pid]
        same = [h for h in ours if h.url == url]
        if same:
            hook_id = int(same[0].id or 0)
            self.call("update the webhook", lambda: sdk.webhooks.update(hook_id, **settings))
            return "updated"
        marked = [h for h in ours if marker and marker in (getattr(h, "headers", None) or {})]
        if marked:
            hook_id, old = int(marked[0].id or 0), str(marked[0].url)
            self.call("update the webhook", lambda: sdk.webhooks.update(hook_id, **settings))
            return f"moved from {old}"
        self.call("create a webhook", lambda: sdk.webhooks.create(project=pid, **settings))
        return "created"
