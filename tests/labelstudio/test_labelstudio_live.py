"""guidelint against a real Label Studio server: live check and agreement, pull,
push-config, and serve writing findings back (marker ``labelstudio``)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from lshelpers import ANN, BOB, Annotator, make_project, rating, response, task_data, task_ids
from lsserver import LabelStudioServer, free_port, running

from clirun import clean_env, run
from guidelint.guideline import load_guideline
from guidelint.labelstudio.client import Client
from guidelint.labelstudio.labelconfig import KINDS, label_config
from guidelint.labelstudio.urls import parse_project_url

pytestmark = [pytest.mark.labelstudio]
if importlib.util.find_spec("xdist") is not None:
    # with pytest-xdist (-n auto), the tests of this module share one worker, so the
    # session's server is started once, not once per worker
    pytestmark.append(pytest.mark.xdist_group("labelstudio"))


# The server is started once per test session (see lsserver.py); each test makes its
# own project. Two annotators sign up through the invite link and submit annotations
# with their own tokens. (Fixtures live here: a conftest.py in this folder would take
# the module name `conftest` from tests/conftest.py.)
@pytest.fixture(scope="session")
def ls_server() -> Iterator[LabelStudioServer]:
    with running() as server:
        yield server


@pytest.fixture(scope="session")
def annotators(ls_server: LabelStudioServer) -> tuple[Annotator, Annotator]:
    found = []
    for email in (ANN, BOB):
        user_id, token = ls_server.add_user(email)
        found.append(Annotator(ls_server, email, user_id, token))
    return found[0], found[1]


CONFIG = """<View>
  <Text name="instruction" value="$instruction"/>
  <TextArea name="response" toName="instruction"/>
  <Rating name="quality" toName="instruction" maxRating="5"/>
</View>"""
TASKS = [
    {"instruction": "How do I reset my password?"},
    {"instruction": "Can I change the e-mail address on my account?"},
    {"instruction": "Why was my card charged twice this month?"},
]
GOOD = (
    "You can reset your password from the sign-in page at any time. Click Forgot password, "
    "enter the e-mail address on your account, and we will send you a link that stays valid for "
    "one hour. Open the link, choose a new password of at least twelve characters, and sign in "
    "with it right away. If the message does not arrive within a few minutes, look in your spam "
    "or promotions folder first. You can also ask us to send the link again from the same page. "
    "When your account uses single sign-on through your company, the password is managed by your "
    "company instead, so your IT team can reset it for you."
)
BAD = "As an AI language model, I cannot reset passwords. I apologize for the inconvenience!!"
SECRET = "s3cret-for-the-webhook-0123456789"


def _env(server: LabelStudioServer, **extra: str) -> dict[str, str]:
    return {"LABEL_STUDIO_API_KEY": server.token, **extra}


def _annotated_project(
    server: LabelStudioServer, ann: Annotator, bob: Annotator
) -> tuple[int, list[int]]:
    project = make_project(server, TASKS, CONFIG)
    tasks = task_ids(server, project)
    ann.submit(tasks[0], [response(BAD), rating(2)])
    bob.submit(tasks[0], [response(GOOD), rating(4)])
    ann.submit(tasks[1], [response(GOOD + "  Thanks!!"), rating(5)])
    bob.submit(tasks[1], [response("I cannot help with that."), rating(5)])
    ann.submit(tasks[2], [response(GOOD), rating(3)])
    return project, tasks


def _same(violation: dict[str, Any]) -> tuple[Any, ...]:
    keys = ("rule", "check", "severity", "message", "field", "column", "span", "item_id")
    return tuple(json.dumps(violation[k]) for k in (*keys, "record_key"))


def test_live_check_equals_the_check_of_the_export_file(
    ls_server: LabelStudioServer, annotators: tuple[Annotator, Annotator], tmp_path: Path
) -> None:
    ann, bob = annotators
    project, tasks = _annotated_project(ls_server, ann, bob)
    url = f"{ls_server.url}/projects/{project}"
    env = _env(ls_server)

    pulled = run("labelstudio", "pull", url, "--output", "export.json", cwd=tmp_path, env=env)
    assert pulled.returncode == 0, pulled.stderr
    export = json.loads((tmp_path / "export.json").read_text())
    assert sorted(t["id"] for t in export) == tasks
    # `-o -` is standard output (it wrote a file named "-")
    dashed = run("labelstudio", "pull", url, "-o", "-", cwd=tmp_path, env=env)
    assert dashed.returncode == 0 and not (tmp_path / "-").exists()
    assert json.loads(dashed.stdout) == export and "tasks" in dashed.stderr

    said = run("check", url, cwd=tmp_path, env=env)
    assert "Checked 5 records in 1 project:" in said.stdout, said.stdout
    live = run("check", url, "--format", "json", cwd=tmp_path, env=env)
    offline = run("check", "export.json", "--format", "json", cwd=tmp_path, env=env)
    assert live.returncode == offline.returncode == 1, live.stderr + offline.stderr
    live_report, file_report = json.loads(live.stdout), json.loads(offline.stdout)
    found = live_report["violations"]
    assert found, "the bad responses must be found"
    assert sorted(map(_same, found)) == sorted(map(_same, file_report["violations"]))
    assert {v["rule"] for v in found} >= {"ai-identity-disclaimer", "refusal-boilerplate"}
    assert live_report["summary"]["records"] == file_report["summary"]["records"] == 5

    # located by project URL, task and annotation; annotators by user id, as in the
    # export file (they were e-mails live: one user, two annotators in a combined run)
    by_key = {v["record_key"]: v for v in found}
    first = next(v for v in found if v["rule"] == "ai-identity-disclaimer")
    task, annotation = first["record_key"].split("/")
    assert first["path"] == url and first["line"] == 0
    assert first["locator"] == f"task {task}, annotation {annotation}"
    assert first["annotator"] == str(ann.user_id)
    files_by_key = {v["record_key"]: v["annotator"] for v in file_report["violations"]}
    assert {k: v["annotator"] for k, v in by_key.items()} == files_by_key
    assert set(files_by_key.values()) <= {str(ann.user_id), str(bob.user_id)}

    # a personal access token (a JWT the SDK exchanges) reads the same, from a file
    personal = ls_server.personal_tokens[BOB]
    (tmp_path / "pat").write_text(personal)
    with_pat = run(
        "check",
        url,
        "--format",
        "json",
        "--labelstudio-token-file",
        "pat",
        cwd=tmp_path,
        env={"LABEL_STUDIO_API_KEY": ""},
    )
    assert with_pat.returncode == 1, with_pat.stderr
    assert json.loads(with_pat.stdout)["violations"] == found
    assert personal not in with_pat.stdout + with_pat.stderr

    # SARIF: the project URL as the artifact, task and annotation as a logical location
    sarif = json.loads(run("check", url, "--format", "sarif", cwd=tmp_path, env=env).stdout)
    result = sarif["runs"][0]["results"][0]
    location = result["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == url
    assert "region" not in location["physicalLocation"]
    assert location["logicalLocations"][0]["fullyQualifiedName"].startswith("task ")

    # the text report names the task and annotation under each violation; so do the others
    text = run("check", url, cwd=tmp_path, env=env)
    assert f"task {task}, annotation {annotation}, annotations[0]" in text.stdout
    for fmt in ("json-lines", "junit", "github", "markdown"):
        shown = run("check", url, "--format", fmt, cwd=tmp_path, env=env).stdout
        assert f"task {task}, annotation {annotation}" in shown, fmt
    for output in (live, offline, text, pulled):
        assert ls_server.token not in output.stdout + output.stderr


def test_token_never_shown_and_errors_are_clear(
    ls_server: LabelStudioServer, tmp_path: Path
) -> None:
    url = f"{ls_server.url}/projects/1"
    wrong = "wrong-token-0123456789abcdef"
    refused = run("check", url, cwd=tmp_path, env={"LABEL_STUDIO_API_KEY": wrong})
    assert refused.returncode == 2
    assert "HTTP 401" in refused.stderr and "LABEL_STUDIO_API_KEY" in refused.stderr
    assert wrong not in refused.stdout + refused.stderr

    token_file = tmp_path / "token"
    token_file.write_text(ls_server.token + "\n")
    missing = run(
        "check",
        f"{ls_server.url}/projects/999999",
        "--labelstudio-token-file",
        "token",
        cwd=tmp_path,
        env={"LABEL_STUDIO_API_KEY": ""},
    )
    assert missing.returncode == 2 and "HTTP 404" in missing.stderr
    assert ls_server.token not in missing.stdout + missing.stderr

    down = run(
        "check", f"http://127.0.0.1:{free_port()}/projects/1", cwd=tmp_path, env=_env(ls_server)
    )
    assert down.returncode == 2 and "does not answer" in down.stderr
    assert ls_server.token not in down.stderr


def test_serve_stops_at_start_on_a_wrong_token_or_project(
    ls_server: LabelStudioServer, tmp_path: Path
) -> None:
    # (before, it listened and failed on every webhook after)
    wrong = "wrong-token-0123456789abcdef"
    secret = {"GUIDELINT_WEBHOOK_SECRET": SECRET}
    port = str(free_port())
    refused = run(
        "labelstudio", "serve", "--url", f"{ls_server.url}/projects/1", "--port", port,
        cwd=tmp_path, env={"LABEL_STUDIO_API_KEY": wrong, **secret},
    )  # fmt: skip
    assert refused.returncode == 2 and "HTTP 401" in refused.stderr, refused.stderr
    assert "listening" not in refused.stderr and wrong not in refused.stderr
    missing = run(
        "labelstudio", "serve", "--url", f"{ls_server.url}/projects/999999", "--port", port,
        cwd=tmp_path, env={**_env(ls_server), **secret},
    )  # fmt: skip
    assert missing.returncode == 2 and "HTTP 404" in missing.stderr, missing.stderr
    assert ls_server.token not in missing.stderr and SECRET not in missing.stderr


def test_live_agreement_and_calibrate(
    ls_server: LabelStudioServer, annotators: tuple[Annotator, Annotator], tmp_path: Path
) -> None:
    ann, bob = annotators
    project, _ = _annotated_project(ls_server, ann, bob)
    url = f"{ls_server.url}/projects/{project}"
    env = _env(ls_server)
    assert (
        run("labelstudio", "pull", url, "-o", "export.json", cwd=tmp_path, env=env).returncode == 0
    )

    live = run("agreement", url, "--label", "quality", "--format", "json", cwd=tmp_path, env=env)
    offline = run(
        "agreement", "export.json", "--label", "quality", "--format", "json", cwd=tmp_path, env=env
    )
    assert live.returncode == 0, live.stderr
    live_label = json.loads(live.stdout)["labels"][0]
    file_label = json.loads(offline.stdout)["labels"][0]
    for key in ("counts", "headline"):
        assert live_label[key] == file_label[key]
    for name, statistic in live_label["statistics"].items():  # (pairs name annotators)
        assert statistic["value"] == file_label["statistics"][name]["value"], name
    assert live_label["counts"]["items"] == 3
    # (annotators by user id, as in the export, with their e-mails in a note)
    names = [[a["annotator"] for a in label["annotators"]] for label in (live_label, file_label)]
    assert names[0] == names[1] and set(names[0]) == {str(ann.user_id), str(bob.user_id)}
    assert f"{ann.user_id} = {ANN}" in live.stdout and f"{bob.user_id} = {BOB}" in live.stdout

    sheet = run("calibrate", url, "--label", "quality", "-o", "sheet.md", cwd=tmp_path, env=env)
    assert sheet.returncode == 0, sheet.stderr
    text = (tmp_path / "sheet.md").read_text()
    assert ANN in text and BOB in text
    assert url in text.splitlines()[0]  # (the sheet's title names the project)


def test_push_config_makes_a_project_the_server_accepts(
    ls_server: LabelStudioServer, annotators: tuple[Annotator, Annotator], tmp_path: Path
) -> None:
    env = _env(ls_server)
    made = run(
        "labelstudio",
        "push-config",
        ls_server.url,
        "--guideline",
        "customer-support",
        cwd=tmp_path,
        env=env,
    )
    assert made.returncode == 0, made.stderr
    url = made.stdout.split()[-1]
    project = int(url.rsplit("/", 1)[1])
    empty = run("check", url, cwd=tmp_path, env=env)  # (no tasks yet)
    assert "no records found (has the project no annotations yet?)" in empty.stderr
    expected = run("labelstudio", "config", "customer-support", cwd=tmp_path).stdout
    with ls_server.client() as http:
        settings = http.get(f"/api/projects/{project}/").json()
        assert settings["label_config"].strip() == expected.strip()
        assert "response-length" in settings["expert_instruction"]
        assert settings["show_instruction"] is True
        # tasks without the findings field are accepted (the field is shown, not required)
        imported = http.post(f"/api/projects/{project}/import", json=TASKS[:1])
        assert imported.status_code == 201, imported.text
    # annotations made in it are read back by guidelint
    task = task_ids(ls_server, project)[0]
    annotators[0].submit(task, [response(BAD)])
    checked = run("check", url, "--format", "json", cwd=tmp_path, env=env)
    assert "ai-identity-disclaimer" in {v["rule"] for v in json.loads(checked.stdout)["violations"]}

    # every kind of layout is a config the server accepts
    for kind in KINDS:
        config = label_config(load_guideline("customer-support"), kind)
        with ls_server.client() as http:
            checked = http.post("/api/projects/validate/", json={"label_config": config})
        assert checked.status_code in (200, 204), (kind, checked.text)

    updated = run(
        "labelstudio",
        "push-config",
        url,
        "--guideline",
        "annotation-types",
        "--kind",
        "edit",
        cwd=tmp_path,
        env=env,
    )
    assert updated.returncode == 0, updated.stderr
    assert updated.stdout.startswith("updated project")

    # onto a project whose annotations use other controls: refused, and the hint says why
    rated, _tasks = _annotated_project(ls_server, *annotators)
    refused = run(
        "labelstudio", "push-config", f"{ls_server.url}/projects/{rated}",
        "--guideline", "customer-support", "--kind", "preference", cwd=tmp_path, env=env,
    )  # fmt: skip
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "replaces the project's whole labelling config" in refused.stderr
    assert f"push-config {ls_server.url}" in refused.stderr


def _wait_for(predicate: Any, timeout: float = 30.0) -> float:
    """Seconds until ``predicate()`` holds; fails after ``timeout``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout} s")


def test_serve_writes_findings_back_and_clears_them_after_a_fix(
    ls_server: LabelStudioServer, annotators: tuple[Annotator, Annotator], tmp_path: Path
) -> None:
    ann, bob = annotators
    project = make_project(ls_server, TASKS, CONFIG)
    tasks = task_ids(ls_server, project)
    url = f"{ls_server.url}/projects/{project}"
    port = free_port()
    receiver = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        serve = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "guidelint",
                "labelstudio",
                "serve",
                "--url",
                url,
                "--guideline",
                "customer-support",
                "--port",
                str(port),
                "--register-webhook",
                receiver,
            ],
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=clean_env(LABEL_STUDIO_API_KEY=ls_server.token, GUIDELINT_WEBHOOK_SECRET=SECRET),
        )
    try:
        _wait_for(lambda: "listening on" in log.read_text(), timeout=60)
        # without the secret: 401 and nothing done
        assert httpx.post(receiver, json={"action": "ANNOTATION_CREATED"}).status_code == 401
        wrong = httpx.post(receiver, json={}, headers={"X-Guidelint-Secret": SECRET[:-1] + "x"})
        assert wrong.status_code == 401
        bad = httpx.post(receiver, content=b"{not json", headers={"X-Guidelint-Secret": SECRET})
        assert bad.status_code == 400
        other = httpx.post(
            receiver,
            json={"action": "ANNOTATION_CREATED", "task": {"id": 1}, "project": {"id": 99999}},
            headers={"X-Guidelint-Secret": SECRET},
        )
        assert other.status_code == 404

        annotation = ann.submit(tasks[0], [response(BAD)])
        latency = _wait_for(lambda: task_data(ls_server, tasks[0]).get("guidelint_violations"))
        data = task_data(ls_server, tasks[0])
        assert data["guidelint_violations"] >= 2
        assert "ai-identity-disclaimer" in data["guidelint_findings"]
        assert f"annotation {annotation} by {ANN}" in data["guidelint_findings"]
        assert data["instruction"] == TASKS[0]["instruction"]  # (the task's own data kept)

        bob.submit(tasks[1], [response(GOOD)])
        _wait_for(lambda: "guidelint_findings" in task_data(ls_server, tasks[1]))
        assert task_data(ls_server, tasks[1])["guidelint_violations"] == 0

        ann.update(annotation, [response(GOOD)])  # the fix, resubmitted
        _wait_for(lambda: task_data(ls_server, tasks[0])["guidelint_violations"] == 0)
        assert task_data(ls_server, tasks[0])["guidelint_findings"] == "No guideline violations."
        print(f"submission to finding: {latency:.2f} s")
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    text = log.read_text()
    assert serve.returncode == 0, text
    assert "rejected" in text and "is not JSON" in text and "project 99999" in text
    assert ls_server.token not in text and SECRET not in text
    assert "Traceback" not in text


def test_serve_once_writes_every_task(
    ls_server: LabelStudioServer,
    annotators: tuple[Annotator, Annotator],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ann, bob = annotators
    project, tasks = _annotated_project(ls_server, ann, bob)
    url = f"{ls_server.url}/projects/{project}"
    # a webhook's task is fetched alone, not with the project's other annotated tasks
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", ls_server.token)
    client = Client(parse_project_url(url))
    assert [t["id"] for t in client.tasks([tasks[1]])] == [tasks[1]]
    assert sorted(t["id"] for t in client.tasks()) == tasks
    done = run(
        "labelstudio",
        "serve",
        "--url",
        url,
        "--guideline",
        "customer-support",
        "--once",
        cwd=tmp_path,
        env=_env(ls_server),
    )
    assert done.returncode == 0, done.stderr
    assert "5 annotation(s) of 3 task(s)" in done.stdout
    counts = [task_data(ls_server, t)["guidelint_violations"] for t in tasks]
    assert counts[0] > 0 and counts[1] > 0
    assert counts[2] == 0
    # a reviewer's data-manager filter "guidelint_violations > 0" lists the flagged tasks
    flagged = {
        "filter": "filter:tasks:data.guidelint_violations",
        "operator": "greater",
        "type": "Number",
        "value": 0,
    }
    with ls_server.client() as http:
        view = http.post(
            "/api/dm/views/",
            json={
                "project": project,
                "data": {"filters": {"conjunction": "and", "items": [flagged]}},
            },
        )
        assert view.status_code == 201, view.text
        listed = http.get("/api/tasks/", params={"view": view.json()["id"], "project": project})
    assert sorted(t["id"] for t in listed.json()["tasks"]) == tasks[:2]
    again = run(
        "labelstudio",
        "serve",
        "--url",
        url,
        "--guideline",
        "customer-support",
        "--once",
        cwd=tmp_path,
        env=_env(ls_server),
    )
    assert "findings written to 0 task(s)" in again.stdout  # (nothing changed: nothing written)


def test_a_webhook_registered_again_for_another_receiver_is_moved(
    ls_server: LabelStudioServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve --register-webhook to a new address created a second webhook and left the
    first posting to a receiver that was gone: guidelint's own webhook (its secret
    header) is moved; another tool's webhook is left alone."""
    project = make_project(ls_server, TASKS, CONFIG)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", ls_server.token)
    client = Client(parse_project_url(f"{ls_server.url}/projects/{project}"))
    actions = ["ANNOTATION_CREATED"]
    other = client.ensure_webhook("http://127.0.0.1:9/other/", {"X-Other": "1"}, actions)
    assert other == "created"
    marker = "X-Guidelint-Secret"
    first = client.ensure_webhook(
        "http://127.0.0.1:9091/", {marker: SECRET}, actions, marker=marker
    )
    again = client.ensure_webhook(
        "http://127.0.0.1:9091/", {marker: SECRET}, actions, marker=marker
    )
    moved = client.ensure_webhook(
        "http://127.0.0.1:9093/", {marker: SECRET}, actions, marker=marker
    )
    assert (first, again, moved) == ("created", "updated", "moved from http://127.0.0.1:9091/")
    hooks = client.sdk.webhooks.list(project=str(project))
    assert sorted(h.url for h in hooks if h.project == project) == [
        "http://127.0.0.1:9/other/",
        "http://127.0.0.1:9093/",
    ]
