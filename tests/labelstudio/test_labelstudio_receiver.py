"""The webhook receiver and its task queue, without a Label Studio server: the secret,
bad payloads, a burst of 200 submissions, retries with backoff, failures that do not
stop it."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from typing import Any

import pytest

from guidelint.errors import UsageError
from guidelint.labelstudio.client import LabelStudioError
from guidelint.labelstudio.webhook import Counters, Receiver, Retry, TaskQueue, tasks_of

SECRET = "a-long-shared-secret-0123456789"
PROJECT = 3


def _post(port: int, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, str]:
    connection = HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", "/", body=body, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.read().decode()
    finally:
        connection.close()


def _payload(task: int, project: int = PROJECT, action: str = "ANNOTATION_CREATED") -> bytes:
    return json.dumps(
        {
            "action": action,
            "annotation": {"id": task * 10, "task": task, "result": []},
            "task": {"id": task, "data": {}},
            "project": {"id": project, "title": "p"},
        }
    ).encode()


class _Work:
    """Records which tasks were worked on and how many ran at once."""

    def __init__(self, delay: float = 0.0, fail: dict[int, int] | None = None):
        self.delay = delay
        self.fail = dict(fail or {})  # task → how many attempts fail first
        self.calls: Counter[int] = Counter()
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self, task: int) -> str:
        with self.lock:
            self.calls[task] += 1
            self.running += 1
            self.most = max(self.most, self.running)
            failing = self.fail.get(task, 0) >= self.calls[task]
        try:
            time.sleep(self.delay)
            if failing:
                raise LabelStudioError(
                    "cannot update task: the server does not answer", location="p", status=None
                )
            return "done"
        finally:
            with self.lock:
                self.running -= 1


def _serve(work: _Work, workers: int = 4, retry: Retry | None = None) -> Iterator[Receiver]:
    tasks = TaskQueue(work, workers=workers, retry=retry or Retry(first_wait=0.01))
    server = Receiver(("127.0.0.1", 0), secret=SECRET, project=PROJECT, tasks=tasks)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        tasks.close()


@pytest.fixture
def work() -> _Work:
    return _Work()


@pytest.fixture
def receiver(work: _Work) -> Iterator[Receiver]:
    yield from _serve(work)


def test_without_the_secret_401_and_no_work(receiver: Receiver, work: _Work) -> None:
    port = receiver.server_address[1]
    assert _post(port, _payload(1))[0] == 401
    assert _post(port, _payload(1), {"X-Guidelint-Secret": SECRET + "x"})[0] == 401
    assert _post(port, _payload(1), {"X-Guidelint-Secret": SECRET[:-1]})[0] == 401
    assert _post(port, _payload(1), {"Authorization": f"Token {SECRET}"})[0] == 401
    assert receiver.tasks.join(timeout=2)
    assert not work.calls and receiver.counters.rejected == 4


def test_bad_payloads_are_logged_and_the_receiver_goes_on(
    receiver: Receiver, work: _Work, caplog: pytest.LogCaptureFixture
) -> None:
    port = receiver.server_address[1]
    headers = {"X-Guidelint-Secret": SECRET}
    with caplog.at_level(logging.INFO, logger="guidelint.labelstudio"):
        assert _post(port, b"{not json", headers)[0] == 400
        assert _post(port, b"[1, 2]", headers)[0] == 400
        assert _post(port, json.dumps({"action": "ANNOTATION_CREATED"}).encode(), headers)[0] == 400
        assert _post(port, _payload(5, project=77), headers)[0] == 404
        assert _post(port, _payload(5, action="PROJECT_UPDATED"), headers)[0] == 200
        assert _post(port, _payload(6), headers)[0] == 202  # a good one still works
    assert receiver.tasks.join(timeout=5)
    assert dict(work.calls) == {6: 1}
    logged = caplog.text
    assert "is not JSON" in logged and "not a Label Studio webhook payload" in logged
    assert "names no task" in logged and "project 77" in logged
    assert SECRET not in logged


def test_a_burst_of_200_submissions_loses_nothing() -> None:
    work = _Work(delay=0.01, fail={n: 1 for n in range(0, 200, 7)})  # some fail once
    for server in _serve(work, workers=4):
        port = server.server_address[1]

        def submit(task: int, port: int = port) -> int:
            return _post(port, _payload(task), {"X-Guidelint-Secret": SECRET})[0]

        with ThreadPoolExecutor(max_workers=32) as pool:
            codes = list(pool.map(submit, range(200)))
        assert codes == [202] * 200
        assert server.tasks.join(timeout=60)
        assert set(work.calls) == set(range(200))
        assert work.most <= 4  # bounded concurrency
        retried = {n for n, count in work.calls.items() if count == 2}
        assert retried == set(range(0, 200, 7))
        assert server.counters.done == 200 and server.counters.failed == 0


def test_a_task_changed_while_checked_is_checked_again() -> None:
    work = _Work(delay=0.3)
    queue = TaskQueue(work, workers=2)
    try:
        queue.put(1)
        time.sleep(0.1)  # (task 1 is being checked now)
        queue.put(1)
        queue.put(1)  # (waiting already: not queued twice)
        assert queue.join(timeout=5)
        assert work.calls[1] == 2
    finally:
        queue.close()


def test_retries_back_off_then_give_up_and_log(caplog: pytest.LogCaptureFixture) -> None:
    waits: list[float] = []
    work = _Work(fail={1: 99})
    queue = TaskQueue(
        work,
        workers=1,
        retry=Retry(attempts=4, first_wait=0.5, factor=2.0),
        sleep=waits.append,
        counters=Counters(),
    )
    try:
        with caplog.at_level(logging.INFO, logger="guidelint.labelstudio"):
            queue.put(1)
            queue.put(2)
            assert queue.join(timeout=5)
    finally:
        queue.close()
    assert waits == [0.5, 1.0, 2.0]
    assert work.calls[1] == 4 and work.calls[2] == 1  # (the receiver went on)
    assert queue.counters.failed == 1 and queue.counters.done == 1
    assert "task 1: findings not written after 4 attempts" in caplog.text


def test_errors_that_retrying_cannot_fix_are_not_retried(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[int] = []

    def refuse(task: int) -> str:
        calls.append(task)
        raise LabelStudioError("Label Studio refused (HTTP 401)", location="p", status=401)

    queue = TaskQueue(refuse, workers=1, sleep=lambda _: None)
    try:
        with caplog.at_level(logging.INFO, logger="guidelint.labelstudio"):
            queue.put(9)
            assert queue.join(timeout=5)
    finally:
        queue.close()
    assert calls == [9] and "HTTP 401" in caplog.text


def test_unexpected_errors_do_not_stop_a_worker() -> None:
    seen: list[int] = []

    def flaky(task: int) -> str:
        seen.append(task)
        if task == 1:
            raise ValueError("boom")
        if task == 2:
            raise UsageError("bad guideline")
        return "ok"

    queue = TaskQueue(flaky, workers=1)
    try:
        for task in (1, 2, 3):
            queue.put(task)
        assert queue.join(timeout=5)
    finally:
        queue.close()
    assert seen == [1, 2, 3] and queue.counters.done == 1 and queue.counters.failed == 2


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"task": {"id": 4}, "project": {"id": 2}}, (2, [4], "")),
        ({"annotation": {"task": 4, "project": 2}}, (2, [4], "")),
        (
            {"annotations": [{"task": 4}, {"task": 5}, {"task": 4}], "project": {"id": 2}},
            (2, [4, 5], ""),
        ),
        ({"annotation": {"id": 1}}, (None, [], "names no task")),
        ({"task": {"id": True}}, (None, [], "names no task")),
        ("text", (None, [], "not a JSON object")),
    ],
)
def test_tasks_of(payload: Any, expected: tuple[Any, Any, str]) -> None:
    project, tasks, error = tasks_of(payload)
    assert (project, tasks) == expected[:2]
    assert expected[2] in error and bool(error) == bool(expected[2])
