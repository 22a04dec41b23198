"""Take docs/labelstudio-task-findings.png: what an annotator sees in Label Studio.

Starts a real Label Studio server (the tests' cached one, see
tests/labelstudio/lsserver.py), sets a project up with ``guidelint labelstudio
push-config``, lets an annotator submit a response that breaks the guideline, writes
the findings back with ``guidelint labelstudio serve --once``, then opens the task as
the annotator in headless Chromium (Debian's ``chromium``, driven by Playwright) and
takes the screenshot.

    pip install playwright        # the Python package only: no browser download
    apt-get install chromium
    python docs/tools/labelstudio_screenshot.py [--output docs/labelstudio-task-findings.png]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests" / "labelstudio"), str(ROOT / "tests")]

from lshelpers import response, task_ids  # noqa: E402
from lsserver import running  # noqa: E402

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BAD = (
    "As an AI language model, I cannot see your account. I apologize for the inconvenience!! "
    "Please check your settings."
)
PASSWORD = "annotator-pass-123"


def guidelint(*args: str, token: str) -> str:
    env = {"LABEL_STUDIO_API_KEY": token, "PATH": "/usr/bin:/bin"}
    env["PYTHONPATH"] = str(ROOT / "src")
    done = subprocess.run(
        [sys.executable, "-m", "guidelint", *args], capture_output=True, text=True, env=env
    )
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", default=str(ROOT / "docs" / "labelstudio-task-findings.png"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with running() as server:
        made = guidelint(
            "labelstudio",
            "push-config",
            server.url,
            "--guideline",
            "customer-support",
            "--title",
            "Customer support",
            token=server.token,
        )
        url = made.split()[-1]
        project = int(url.rsplit("/", 1)[1])
        with server.client() as http:
            http.post(
                f"/api/projects/{project}/import",
                json=[{"instruction": "I can't find my invoices. Where are they?"}],
            ).raise_for_status()
        task = task_ids(server, project)[0]
        email = "ann@example.com"
        _, token = server.add_user(email, PASSWORD)
        with server.client(token) as http:
            http.post(
                f"/api/tasks/{task}/annotations/", json={"result": [response(BAD)]}
            ).raise_for_status()
        print(guidelint("labelstudio", "serve", "--url", url, "--once", token=server.token))
        with sync_playwright() as play:
            browser = play.chromium.launch(executable_path=args.chromium, args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{server.url}/user/login/")
            page.fill("input[name=email]", email)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto(f"{server.url}/projects/{project}/data?tab=0&task={task}")
            page.wait_for_selector("text=guidelint findings", timeout=60_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=args.output)
            browser.close()
        print(json.dumps({"screenshot": args.output, "task": task, "project": project}))


if __name__ == "__main__":
    main()
