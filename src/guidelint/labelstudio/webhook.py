"""The webhook receiver of ``guidelint labelstudio serve``.

Label Studio POSTs a JSON payload for each annotation created or updated
(``{"action": "ANNOTATION_CREATED", "annotation": {...}, "task": {...}, "project": {...}}``).
The receiver

* answers 401 and does nothing else unless the request carries the shared secret in
  the :data:`SECRET_HEADER` header (set on the webhook in Label Studio), compared in
  constant time;
* answers 400 for a body that is not a webhook payload, 404 for another project's
  webhook, 200 for actions it does not act on — each logged with what to do;
* otherwise queues the task and answers 202 at once: Label Studio (without a job
  queue) sends webhooks from the request that saved the annotation, so the annotator
  waits for this answer.

A fixed number of worker threads take tasks from the queue (bounded concurrency). A
task already waiting is not queued twice, and a task that changes while it is being
checked is checked again afterwards, so a burst loses nothing and each task ends with
the findings of its latest annotations. A call that fails because the server is down,
busy or failing is retried with exponential backoff; when the retries are used up the
failure is logged and the receiver goes on. Nothing logged holds the token or the
secret.
"""

from __future__ import annotations

import hmac
import json
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from guidelint.errors import GuidelintError
from guidelint.labelstudio.client import LabelStudioError

SECRET_HEADER = "X-Guidelint-Secret"
#: The actions that change a task's annotations.
ACTIONS = frozenset({"ANNOTATION_CREATED", "ANNOTATION_UPDATED", "ANNOTATIONS_CREATED"})
ANNOTATIONS_DELETED = "ANNOTATIONS_DELETED"
MAX_BODY = 16 * 1024 * 1024

log = logging.getLogger("guidelint.labelstudio")


@dataclass
class Retry:
    """How often and how long to wait before trying a failed call again."""

    attempts: int = 6
    first_wait: float = 0.5
    factor: float = 2.0
    max_wait: float = 30.0

    def waits(self) -> list[float]:
        return [
            min(self.first_wait * self.factor**n, self.max_wait) for n in range(self.attempts - 1)
        ]


@dataclass
class Counters:
    """What the receiver did, for its log and for tests."""

    received: int = 0
    rejected: int = 0
    bad: int = 0
    queued: int = 0
    done: int = 0
    failed: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)


class TaskQueue:
    """Task ids waiting to be checked, each at most once, worked on by ``workers`` threads."""

    def __init__(
        self,
        work: Callable[[int], str],
        *,
        workers: int = 4,
        retry: Retry | None = None,
        counters: Counters | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.work = work
        self.retry = retry or Retry()
        self.counters = counters or Counters()
        self._sleep = sleep
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._lock = threading.Lock()
        self._waiting: set[int] = set()
        self._running: set[int] = set()
        self._again: set[int] = set()
        self._idle = threading.Condition(self._lock)
        self._threads = [
            threading.Thread(target=self._run, name=f"guidelint-worker-{n}", daemon=True)
            for n in range(max(1, workers))
        ]
        for thread in self._threads:
            thread.start()

    def put(self, task: int) -> None:
        with self._lock:
            if task in self._waiting:
                return  # (already waiting: it is read when its turn comes)
            if task in self._running:
                self._again.add(task)  # (changed while being checked: check again after)
                return
            self._waiting.add(task)
        self.counters.add("queued")
        self._queue.put(task)

    def join(self, timeout: float | None = None) -> bool:
        """Wait until nothing is waiting or running; False on timeout."""
        end = None if timeout is None else time.monotonic() + timeout
        with self._idle:
            while self._waiting or self._running:
                left = None if end is None else end - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def close(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            task = self._queue.get()
            if task is None:
                return
            with self._lock:
                self._waiting.discard(task)
                self._running.add(task)
            try:
                self._attempt(task)
            finally:
                with self._lock:
                    self._running.discard(task)
                    again = task in self._again
                    self._again.discard(task)
                    if again:
                        self._waiting.add(task)
                        self._queue.put(task)
                    self._idle.notify_all()

    def _attempt(self, task: int) -> None:
        waits = self.retry.waits()
        for attempt in range(len(waits) + 1):
            try:
                outcome = self.work(task)
            except LabelStudioError as exc:
                if exc.retryable and attempt < len(waits):
                    log.warning(
                        "task %s: %s; trying again in %.1f s", task, exc.message, waits[attempt]
                    )
                    self._sleep(waits[attempt])
                    continue
                self.counters.add("failed")
                tries = f" after {attempt + 1} attempts" if attempt else ""
                log.error("task %s: findings not written%s: %s", task, tries, _one_line(exc))
                return
            except GuidelintError as exc:
                self.counters.add("failed")
                log.error("task %s: findings not written: %s", task, _one_line(exc))
                return
            except Exception as exc:  # never let one task stop a worker
                self.counters.add("failed")
                log.error("task %s: findings not written: %s: %s", task, type(exc).__name__, exc)
                return
            self.counters.add("done")
            log.info("task %s: %s", task, outcome)
            return


def _one_line(exc: GuidelintError) -> str:
    return str(exc).replace("\n  hint: ", " (") + (")" if exc.hint else "")


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def tasks_of(payload: Any) -> tuple[int | None, list[int], str]:
    """(project id, task ids, error) of a webhook payload; error is empty when usable.

    One annotation (``annotation`` and ``task``) or several (``annotations``, each with
    its ``task``: annotations imported or created in bulk)."""
    if not isinstance(payload, dict):
        return None, [], "the body is not a JSON object"
    task, annotation = payload.get("task"), payload.get("annotation")
    holders = [h for h in (task, annotation) if isinstance(h, dict)]
    many = payload.get("annotations")
    holders += [a for a in many if isinstance(a, dict)] if isinstance(many, list) else []
    project = payload.get("project")
    project_id = _int(project.get("id")) if isinstance(project, dict) else None
    for holder in holders:
        project_id = project_id if project_id is not None else _int(holder.get("project"))
    found: list[int] = []
    if isinstance(task, dict) and _int(task.get("id")) is not None:
        found.append(task["id"])
    for holder in holders:
        if holder is not task:
            own = holder.get("task")
            number = _int(own.get("id")) if isinstance(own, dict) else _int(own)
            if number is not None and number not in found:
                found.append(number)
    if not found:
        return (
            project_id,
            [],
            ("the payload names no task (is 'Send payload' switched on for the webhook?)"),
        )
    return project_id, found, ""


class Receiver(ThreadingHTTPServer):
    """The HTTP server: checks the secret, reads the payload, queues the task."""

    daemon_threads = True
    #: The listen backlog: a burst of webhooks must not find the door shut (the
    #: default of 5 resets connections when Label Studio sends many at once).
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], *, secret: str, project: int, tasks: TaskQueue):
        super().__init__(address, _Handler)
        self.secret = secret.encode("utf-8")
        self.project = project
        self.tasks = tasks
        self.counters = tasks.counters

    def accept(self, action: Any, payload: Any) -> tuple[HTTPStatus, str]:
        """What to answer a payload that carried the secret (and queue its task)."""
        if not isinstance(payload, dict) or not isinstance(action, str):
            self.counters.add("bad")
            log.error("webhook ignored: the body is not a Label Studio webhook payload")
            return HTTPStatus.BAD_REQUEST, "not a Label Studio webhook payload"
        if action not in ACTIONS:
            return HTTPStatus.OK, f"{action}: nothing to do"
        project, tasks, error = tasks_of(payload)
        if error:
            self.counters.add("bad")
            log.error("webhook %s ignored: %s", action, error)
            return HTTPStatus.BAD_REQUEST, error
        if project is not None and project != self.project:
            self.counters.add("bad")
            log.error(
                "webhook %s for project %s ignored: this receiver serves project %s "
                "(remove the webhook from that project, or run a receiver for it)",
                action,
                project,
                self.project,
            )
            return HTTPStatus.NOT_FOUND, f"unknown project {project}"
        for task in tasks:
            self.tasks.put(task)
        return HTTPStatus.ACCEPTED, f"task {', '.join(map(str, tasks))} queued"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def _answer(self, status: HTTPStatus, text: str) -> None:
        body = (text + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path.rstrip("/") in ("", "/health"):
            self._answer(HTTPStatus.OK, "guidelint webhook receiver")
        else:
            self._answer(HTTPStatus.NOT_FOUND, "not found")

    def do_POST(self) -> None:
        server = self.server
        server.counters.add("received")
        given = self.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, server.secret):
            server.counters.add("rejected")
            log.warning(
                "webhook from %s rejected: no or wrong %s header",
                self.client_address[0],
                SECRET_HEADER,
            )
            self.close_connection = True
            self._answer(HTTPStatus.UNAUTHORIZED, "unauthorized")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            server.counters.add("bad")
            log.error("webhook ignored: body of %s bytes", length)
            self.close_connection = True
            self._answer(HTTPStatus.BAD_REQUEST, "a JSON body is required")
            return
        raw = self.rfile.read(length)
        try:
            payload = json.loads(raw)
        except ValueError:
            server.counters.add("bad")
            log.error("webhook ignored: the body is not JSON")
            self._answer(HTTPStatus.BAD_REQUEST, "the body is not JSON")
            return
        action = payload.get("action") if isinstance(payload, dict) else None
        status, text = server.accept(action, payload)
        self._answer(status, text)
