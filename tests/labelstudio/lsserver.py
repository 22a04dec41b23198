"""A real Label Studio server for the tests and benchmarks, on 127.0.0.1.

The server (pip package ``label-studio``, about 1 GB) lives in its own virtualenv,
cached between runs in ``~/.cache/guidelint-test/labelstudio-venv`` (or
``$GUIDELINT_TEST_CACHE/labelstudio-venv``) and installed there on first use. Each
start gets a temporary data directory and a preset admin user and legacy API token
(``LABEL_STUDIO_USERNAME``/``PASSWORD``/``USER_TOKEN``, legacy tokens enabled), no
version check, and webhooks to 127.0.0.1 allowed (``SSRF_PROTECTION_ENABLED=false``).

The first start migrates a new database, which takes a minute or two on a small
machine; a copy of the migrated database (with the admin and its token) is kept in
the cache beside the virtualenv, and later starts begin from a copy of it (about 20 s).

Other users sign up through the organization's invite link, as a team's annotators do,
and get their own token (:meth:`LabelStudioServer.add_user`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The server version the tests are written against (override: GUIDELINT_TEST_LABEL_STUDIO).
VERSION = os.environ.get("GUIDELINT_TEST_LABEL_STUDIO", "label-studio==1.23.2")
ADMIN = "admin@example.com"
START_TIMEOUT = 300.0


def cache_dir() -> Path:
    base = os.environ.get("GUIDELINT_TEST_CACHE")
    return Path(base) if base else Path.home() / ".cache" / "guidelint-test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_venv() -> Path:
    """The ``label-studio`` executable, installing it into the cached venv if needed."""
    venv = cache_dir() / "labelstudio-venv"
    exe = venv / "bin" / "label-studio"
    stamp = venv / ".guidelint-installed"
    cache_dir().mkdir(parents=True, exist_ok=True)
    with open(cache_dir() / "labelstudio-venv.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # (two test runs never install at once)
        if exe.exists() and stamp.exists() and stamp.read_text() == VERSION:
            return exe
        if not (venv / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, VERSION], check=True)
        stamp.write_text(VERSION)
    return exe


@dataclass
class LabelStudioServer:
    url: str
    token: str
    process: subprocess.Popen[bytes]
    data_dir: Path
    log: Path
    users: dict[str, tuple[int, str]] = field(default_factory=dict)  # email → (id, token)
    #: email → a personal access token (a JWT refresh token) of that user
    personal_tokens: dict[str, str] = field(default_factory=dict)

    def client(self, token: str | None = None) -> Any:
        import httpx

        return httpx.Client(
            base_url=self.url,
            headers={"Authorization": f"Token {token or self.token}"},
            timeout=60,
        )

    def add_user(self, email: str, password: str = "annotator-pass-123") -> tuple[int, str]:
        """Sign a user up through the invite link; (user id, API token)."""
        if email in self.users:
            return self.users[email]
        import httpx

        with self.client() as admin:
            invite = admin.get("/api/invite").json()["token"]
        with httpx.Client(base_url=self.url, timeout=60, follow_redirects=False) as browser:
            browser.get("/user/signup/")
            csrf = browser.cookies["csrftoken"]
            answer = browser.post(
                f"/user/signup/?token={invite}",
                data={
                    "csrfmiddlewaretoken": csrf,
                    "email": email,
                    "password": password,
                    "allow_newsletters": "false",
                    "how_find_us": "tests",
                },
                headers={"Referer": f"{self.url}/user/signup/"},
            )
            assert answer.status_code == 302, answer.text[:500]
            token = browser.get("/api/current-user/token").json()["token"]
            user_id = browser.get("/api/current-user/whoami").json()["id"]
            made = browser.post(
                "/api/token/",
                headers={"X-CSRFToken": browser.cookies["csrftoken"], "Referer": f"{self.url}/"},
            )
            if made.status_code in (200, 201):
                self.personal_tokens[email] = str(made.json()["token"])
        self.users[email] = (int(user_id), str(token))
        return self.users[email]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


DATABASE = "label_studio.sqlite3"


def _template() -> Path:
    name = "".join(c if c.isalnum() or c in ".-" else "-" for c in VERSION)
    return cache_dir() / f"labelstudio-template-{name}"


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database (also of one a server is using)."""
    import sqlite3

    with (
        contextlib.closing(sqlite3.connect(source)) as old,
        contextlib.closing(sqlite3.connect(target)) as new,
    ):
        old.backup(new)


def _save_template(data_dir: Path, token: str) -> None:
    template = _template()
    if template.exists():
        return
    staging = Path(tempfile.mkdtemp(prefix="template-", dir=cache_dir()))
    _copy_database(data_dir / DATABASE, staging / DATABASE)
    (staging / "token").write_text(token)
    try:
        staging.rename(template)
    except OSError:  # (another run saved one first)
        shutil.rmtree(staging, ignore_errors=True)


def start(exe: Path | None = None) -> LabelStudioServer:
    """Start a server on a free port with a fresh data directory; wait until it answers."""
    import httpx

    exe = exe or ensure_venv()
    port = free_port()
    data_dir = Path(tempfile.mkdtemp(prefix="guidelint-ls-"))
    template = _template()
    fresh = not (template / "token").exists()
    if fresh:
        token = secrets.token_hex(20)
    else:  # a migrated database with the admin and its token: a start in seconds
        _copy_database(template / DATABASE, data_dir / DATABASE)
        token = (template / "token").read_text().strip()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LABEL_STUDIO", "DJANGO"))}
    env.update(
        LABEL_STUDIO_BASE_DATA_DIR=str(data_dir),
        LABEL_STUDIO_USERNAME=ADMIN,
        LABEL_STUDIO_PASSWORD="admin-pass-123",
        LABEL_STUDIO_USER_TOKEN=token,
        LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true",
        LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK="true",
        SSRF_PROTECTION_ENABLED="false",
        LATEST_VERSION_CHECK="false",
        COLLECT_ANALYTICS="false",
        SENTRY_DSN="",
        FRONTEND_SENTRY_DSN="",
        PYTHONUNBUFFERED="1",
    )
    log = data_dir / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                str(exe),
                "start",
                "--no-browser",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--internal-host",
                "127.0.0.1",
            ],
            cwd=data_dir,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = LabelStudioServer(f"http://127.0.0.1:{port}", token, process, data_dir, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Label Studio exited: {log.read_text()[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            answer = httpx.get(
                f"{server.url}/api/projects",
                headers={"Authorization": f"Token {token}"},
                timeout=5,
            )
            if answer.status_code == 200:
                if fresh:
                    _save_template(data_dir, token)
                return server
        time.sleep(1)
    server.stop()
    raise RuntimeError(
        f"Label Studio did not answer in {START_TIMEOUT:.0f} s: {log.read_text()[-3000:]}"
    )


@contextlib.contextmanager
def running() -> Iterator[LabelStudioServer]:
    server = start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.data_dir, ignore_errors=True)
