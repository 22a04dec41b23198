"""guidelint against a real Label Studio server: how fast annotators see findings, and
how long a 10,000-task project takes to check live.

    python benchmarks/labelstudio.py [--tasks 10000] [--submissions 30]

Starts the tests' Label Studio server (cached virtualenv, see
tests/labelstudio/lsserver.py; the first run installs it), then measures

1. **submission to finding**: ``guidelint labelstudio serve`` runs with its webhook
   registered; an annotator submits a response that breaks the guideline (``POST
   /api/tasks/{id}/annotations/``, one at a time), and the task's data is polled every
   20 ms until ``guidelint_violations`` appears. The time counts from the start of the
   POST (Label Studio sends the webhook before it answers the POST) to the first poll
   that sees the findings; so it includes up to 20 ms of polling;
2. **a 10,000-task project checked live**: 10,000 tasks with one annotation each are
   imported (not timed), then ``guidelint check URL`` runs as a user would (wall time,
   start-up included), next to ``labelstudio pull`` and ``check`` of the pulled file,
   which split the time into fetching the export and checking it.

Prints a Markdown table; docs/labelstudio.md holds the last results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "labelstudio"), str(ROOT / "tests")]

from lshelpers import make_project, response, task_ids  # noqa: E402
from lsserver import LabelStudioServer, free_port, running  # noqa: E402

CONFIG = """<View>
  <Text name="instruction" value="$instruction"/>
  <TextArea name="response" toName="instruction"/>
</View>"""
BAD = "As an AI language model, I cannot see your account. Please check your settings!!"
SECRET = "benchmark-secret-0123456789abcdef"
RESPONSES = [
    "You can download every invoice from Billing, then Invoices, in your account settings.",
    "As an AI language model, I cannot see your account. Please check your settings!!",
    "Open the app, tap your name, and choose Devices to sign out of a lost phone. " * 3,
    "I apologize for the inconvenience. Your plan renews on the first of every month.",
]


def _env(server: LabelStudioServer, **extra: str) -> dict[str, str]:
    env = dict(os.environ, LABEL_STUDIO_API_KEY=server.token, **extra)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return env


def _guidelint(server: LabelStudioServer, *args: str, cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "guidelint", *args],
        cwd=cwd,
        env=_env(server),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    return time.perf_counter() - start


def latency(server: LabelStudioServer, submissions: int, work: Path) -> list[float]:
    import httpx

    project = make_project(
        server, [{"instruction": f"Question {n}?"} for n in range(submissions)], CONFIG
    )
    tasks = task_ids(server, project)
    _, token = server.add_user("bench@example.com")
    port = free_port()
    log = work / "serve.log"
    with open(log, "w") as out:
        serve = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "guidelint",
                "labelstudio",
                "serve",
                "--url",
                f"{server.url}/projects/{project}",
                "--port",
                str(port),
                "--register-webhook",
                f"http://127.0.0.1:{port}",
            ],
            cwd=work,
            env=_env(server, GUIDELINT_WEBHOOK_SECRET=SECRET),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    times: list[float] = []
    try:
        while "listening on" not in log.read_text():
            time.sleep(0.1)
        with server.client(token) as annotator, server.client() as reader:
            for task in tasks:
                start = time.perf_counter()
                answer = annotator.post(
                    f"/api/tasks/{task}/annotations/", json={"result": [response(BAD)]}
                )
                answer.raise_for_status()
                while (
                    not reader.get(f"/api/tasks/{task}/").json()["data"].get("guidelint_violations")
                ):
                    if time.perf_counter() - start > 30:
                        raise SystemExit(f"no findings on task {task} after 30 s")
                    time.sleep(0.02)
                times.append(time.perf_counter() - start)
    except httpx.HTTPError as exc:
        raise SystemExit(f"server error: {exc}") from None
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    return times


def big_project(server: LabelStudioServer, count: int, work: Path) -> dict[str, float]:
    tasks = [
        {
            "data": {"instruction": f"Customer question number {n}: where are my invoices?"},
            "annotations": [{"result": [response(RESPONSES[n % len(RESPONSES)])]}],
        }
        for n in range(count)
    ]
    with server.client() as http:
        made = http.post("/api/projects/", json={"title": "benchmark", "label_config": CONFIG})
        project = int(made.json()["id"])
        start = time.perf_counter()
        for at in range(0, count, 2000):
            http.post(
                f"/api/projects/{project}/import", json=tasks[at : at + 2000], timeout=600
            ).raise_for_status()
        imported = time.perf_counter() - start
    url = f"{server.url}/projects/{project}"
    return {
        "import": imported,
        "check live": _guidelint(server, "check", url, "--no-progress", cwd=work),
        "pull": _guidelint(server, "labelstudio", "pull", url, "-o", "export.json", cwd=work),
        "check file": _guidelint(server, "check", "export.json", "--no-progress", cwd=work),
        "size": (work / "export.json").stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--submissions", type=int, default=30)
    args = parser.parse_args()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp, running() as server:
        work = Path(tmp)
        times = latency(server, args.submissions, work)
        big = big_project(server, args.tasks, work)
    times.sort()
    p90 = times[max(0, int(len(times) * 0.9) - 1)]
    print(
        f"Measured with `python benchmarks/labelstudio.py --tasks {args.tasks} "
        f"--submissions {args.submissions}` (Label Studio from tests/labelstudio/lsserver.py, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, load average at start "
        f"{' '.join(f'{x:.2f}' for x in load)}).\n"
    )
    print("| measure | target | measured |")
    print("|---|---|---|")
    print(
        f"| submission to finding visible ({len(times)} submissions) | < 2 s | median "
        f"{statistics.median(times):.2f} s, p90 {p90:.2f} s, max {times[-1]:.2f} s |"
    )
    print(
        f"| `guidelint check URL`, {args.tasks:,} tasks with one annotation each | | "
        f"{big['check live']:.1f} s |"
    )
    print(
        f"| of which: `labelstudio pull` (the export, {big['size']:.1f} MB) | | "
        f"{big['pull']:.1f} s |"
    )
    print(f"| of which: `check` of the pulled file | | {big['check file']:.1f} s |")
    print(
        f"| (importing the {args.tasks:,} tasks, not part of the check) | | {big['import']:.1f} s |"
    )
    print(json.dumps({"latency": times, **big}), file=sys.stderr)


if __name__ == "__main__":
    main()
