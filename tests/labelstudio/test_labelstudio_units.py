"""The parts of the Label Studio integration that need no server: URLs, the token, the
live source's records, the findings text, the labelling config, and CLI errors."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from clirun import ROOT, run
from guidelint.engine import Linter
from guidelint.errors import UsageError
from guidelint.fields import FieldMapping
from guidelint.guideline import load_guideline
from guidelint.labelstudio import auth
from guidelint.labelstudio.findings import CLEAN, COUNT_FIELD, FINDINGS_FIELD, task_findings
from guidelint.labelstudio.labelconfig import KINDS, kind_of, label_config
from guidelint.labelstudio.live import records_of, task_rows, with_emails
from guidelint.labelstudio.urls import ProjectURL, parse_project_url, server_url
from guidelint.model import Record
from guidelint.readers import read_records
from guidelint.readers.base import ReadStats

EXPORT = ROOT / "tests" / "readers" / "fixtures" / "labelstudio_export.json"
PROJECT = ProjectURL("http://127.0.0.1:8080", 3)
GOOD = (
    "You can reset your password from the sign-in page at any time. Click Forgot password, "
    "enter the e-mail address on your account, and we will send you a link that stays valid for "
    "one hour. Open the link, choose a new password of at least twelve characters, and sign in "
    "with it right away. If the message does not arrive within a few minutes, look in your spam "
    "or promotions folder first. You can also ask us to send the link again from the same page. "
    "When your account uses single sign-on through your company, the password is managed by your "
    "company instead, so your IT team can reset it for you."
)


@pytest.mark.parametrize(
    ("url", "base", "project"),
    [
        ("http://127.0.0.1:8080/projects/3", "http://127.0.0.1:8080", 3),
        ("http://127.0.0.1:8080/projects/3/", "http://127.0.0.1:8080", 3),
        ("http://127.0.0.1:8080/projects/3/data?tab=2&task=7", "http://127.0.0.1:8080", 3),
        (
            "https://tools.example.com/label/projects/12/settings",
            "https://tools.example.com/label",
            12,
        ),
    ],
)
def test_project_urls(url: str, base: str, project: int) -> None:
    assert parse_project_url(url) == ProjectURL(base, project)


def test_urls_that_name_no_project_or_hold_credentials() -> None:
    with pytest.raises(UsageError, match="not a Label Studio project URL"):
        parse_project_url("http://127.0.0.1:8080/tasks/3")
    with pytest.raises(UsageError) as caught:
        server_url("http://admin:hunter2-secret@127.0.0.1:8080/projects/3")
    assert "hunter2" not in str(caught.value)


def test_the_token_comes_from_a_file_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(auth.ENV, "env-token-0123456789")
    auth.use_token_file(None)
    assert auth.token() == "env-token-0123456789"
    file = tmp_path / "token"
    file.write_text("\n  file-token-0123456789 \n")
    auth.use_token_file(file)
    try:
        assert auth.token() == "file-token-0123456789"
        assert auth.redact("refused file-token-0123456789 here") == "refused *** here"
        file.write_text("\n")
        with pytest.raises(UsageError, match="token file is empty"):
            auth.token()
        auth.use_token_file(tmp_path / "absent")
        with pytest.raises(UsageError, match="cannot read the Label Studio token file"):
            auth.token()
    finally:
        auth.use_token_file(None)
    monkeypatch.delenv(auth.ENV)
    with pytest.raises(UsageError, match="LABEL_STUDIO_API_KEY"):
        auth.token()


def test_a_token_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    file = tmp_path / "token"
    file.write_bytes(b"\xef\xbb\xbffile-token-0123456789\r\n")  # as Windows Notepad saves it
    auth.use_token_file(file)
    try:
        assert auth.token() == "file-token-0123456789"
    finally:
        auth.use_token_file(None)


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("abc12345\n123", "a line break (at position 9)"),
        ("abc\u00e9-secret-123", "the character U+00E9 (at position 4)"),
        ("abc secret-123", "the character U+0020 (at position 4)"),
    ],
)
def test_a_token_that_cannot_be_sent_is_said_without_its_characters(
    monkeypatch: pytest.MonkeyPatch, value: str, what: str
) -> None:
    monkeypatch.setenv(auth.ENV, value)
    auth.use_token_file(None)
    with pytest.raises(UsageError) as caught:
        auth.token()
    message = str(caught.value)
    assert f"LABEL_STUDIO_API_KEY holds {what}" in message
    assert "secret" not in message and "abc" not in message


def _export() -> list[dict[str, Any]]:
    return list(json.loads(EXPORT.read_text()))


def test_live_records_equal_the_export_files_records_located_by_task() -> None:
    fields = FieldMapping()
    from_file = [r for r in read_records(str(EXPORT), fields=fields) if isinstance(r, Record)]
    rows = task_rows(PROJECT, _export(), {})
    live = [r for r in records_of(rows, fields=fields, schema=None, stats=ReadStats())]
    records = [r for r in live if isinstance(r, Record)]
    assert [(r.texts, r.labels, r.item_id, r.annotator) for r in records] == [
        (r.texts, r.labels, r.item_id, r.annotator) for r in from_file
    ]
    for record in records:
        assert record.path == str(PROJECT) and record.line == 0
        assert record.meta["locator"] == f"task {record.item_id}, annotation " + str(
            record.meta["annotation_id"]
        )


def test_annotators_by_email_when_the_server_tells() -> None:
    task = {
        "id": 1,
        "data": {},
        "annotations": [{"id": 5, "completed_by": 3}, {"id": 6, "completed_by": 4}],
    }
    shown = with_emails(task, {3: "ann@example.com"})
    assert shown["annotations"][0]["completed_by"] == {"id": 3, "email": "ann@example.com"}
    assert shown["annotations"][1]["completed_by"] == 4
    assert task["annotations"][0]["completed_by"] == 3  # (the export itself is not changed)


def test_an_unreadable_annotation_is_located_by_task_and_annotation() -> None:
    task = {
        "id": 8,
        "data": {"instruction": "Hi"},
        "annotations": [{"id": 31, "completed_by": 1, "result": [{"type": "video", "value": {}}]}],
    }
    items = list(
        records_of(
            task_rows(PROJECT, [task], {}), fields=FieldMapping(), schema=None, stats=ReadStats()
        )
    )
    [record] = items  # (read without the video result, which is its own violation)
    assert isinstance(record, Record)
    found = Linter(load_guideline("customer-support")).check_record(record)
    [violation] = [v for v in found if v.rule == "invalid-record"]
    assert "unknown type 'video'" in violation.message
    assert (violation.locator, violation.annotator) == ("task 8, annotation 31", "1")


def test_findings_name_annotation_and_annotator_and_clear_when_fixed() -> None:
    linter = Linter(load_guideline("customer-support"))
    bad = "As an AI language model, I cannot do that."
    task: dict[str, Any] = {
        "id": 4,
        "data": {"instruction": "Can I get a refund?"},
        "annotations": [
            {
                "id": 40,
                "completed_by": 2,
                "result": [
                    {
                        "from_name": "response",
                        "to_name": "instruction",
                        "type": "textarea",
                        "value": {"text": [bad]},
                    }
                ],
            },
        ],
    }
    found = task_findings(linter, PROJECT, task, {2: "ann@example.com"})
    assert found.count >= 2 and found.annotations == 1
    assert "[error] ai-identity-disclaimer" in found.text
    assert "annotation 40 by ann@example.com" in found.text
    assert found.fields() == {FINDINGS_FIELD: found.text, COUNT_FIELD: found.count}
    task["annotations"][0]["result"][0]["value"]["text"] = [GOOD]
    fixed = task_findings(linter, PROJECT, task, {})
    assert (fixed.count, fixed.text) == (0, CLEAN)


def test_labelling_configs_are_xml_and_use_the_names_guidelint_reads() -> None:
    guideline = load_guideline("customer-support")
    for kind in KINDS:
        config = label_config(guideline, kind)
        root = ET.fromstring(config)
        names = {e.get("name") for e in root.iter() if e.get("name")}
        assert "instruction" in names, kind
        values = [e.get("value") for e in root.iter("Header")]
        assert "$guidelint_findings" in values
        assert all(
            not (e.get("value") or "").startswith("$") or e.get("name") or e.tag == "Header"
            for e in root.iter()
        )
        panel = " ".join(v or "" for v in values)
        assert "ai-identity-disclaimer (error)" in panel
    assert {e.get("name") for e in ET.fromstring(label_config(guideline, "direct")).iter()} >= {
        "response"
    }
    pairwise = ET.fromstring(label_config(guideline, "preference")).find(".//Pairwise")
    assert pairwise is not None and pairwise.get("toName") == "response_a,response_b"


def test_the_kind_comes_from_the_guideline() -> None:
    assert kind_of(load_guideline("customer-support")) == "direct"
    assert kind_of(load_guideline("annotation-types")) == "ranking"


def test_cli_errors(tmp_path: Path) -> None:
    url = "http://127.0.0.1:9/projects/1"
    fix = run("check", url, "--fix", cwd=tmp_path, env={"LABEL_STUDIO_API_KEY": "t" * 20})
    assert fix.returncode == 2 and "pull the export first" in fix.stderr
    secretless = run(
        "labelstudio",
        "serve",
        "--url",
        url,
        cwd=tmp_path,
        env={"LABEL_STUDIO_API_KEY": "t" * 20, "GUIDELINT_WEBHOOK_SECRET": ""},
    )
    assert secretless.returncode == 2 and "GUIDELINT_WEBHOOK_SECRET" in secretless.stderr
    notoken = run(
        "labelstudio", "pull", url, "-o", "x.json", cwd=tmp_path, env={"LABEL_STUDIO_API_KEY": ""}
    )
    assert notoken.returncode == 2 and "no Label Studio API token" in notoken.stderr
    config = run("labelstudio", "config", "customer-support", "--kind", "rating", cwd=tmp_path)
    assert config.returncode == 0 and "<Rating" in config.stdout


def test_serve_stops_at_start_when_the_server_does_not_answer(tmp_path: Path) -> None:
    pytest.importorskip("label_studio_sdk")
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = run(
        "labelstudio", "serve", "--url", f"http://127.0.0.1:{port}/projects/1", "--port", "0",
        cwd=tmp_path,
        env={"LABEL_STUDIO_API_KEY": "t" * 20, "GUIDELINT_WEBHOOK_SECRET": "s" * 20},
    )  # fmt: skip
    assert down.returncode == 2 and "does not answer" in down.stderr, down.stderr
    assert "listening" not in down.stderr


def test_without_the_extra_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from guidelint.labelstudio.client import Client

    monkeypatch.setitem(sys.modules, "label_studio_sdk", None)  # (as if not installed)
    monkeypatch.setenv(auth.ENV, "some-token-0123456789")
    with pytest.raises(UsageError, match=r"pip install 'guidelint\[labelstudio\]'"):
        Client(PROJECT)


def test_response_areas_of_a_labelling_config() -> None:
    from guidelint.fields import LabelStudioMapping
    from guidelint.labelstudio.controls import response_areas

    config = (
        '<View><Text name="instruction" value="$instruction"/>'
        '<TextArea name="response" toName="instruction"/>'
        '<TextArea name="comment" toName="instruction"/>'
        '<Rating name="quality" toName="instruction"/></View>'
    )
    assert response_areas(config, LabelStudioMapping()) == ("response",)  # (a comment box)
    as_response = LabelStudioMapping.model_validate({"roles": {"comment": "response"}})
    assert response_areas(config, as_response) == ("response", "comment")
    drafts = LabelStudioMapping.model_validate({"roles": {"response": "draft", "comment": "draft"}})
    assert response_areas(config, drafts) == ()
    assert response_areas('<View><Rating name="q" toName="t"/></View>', LabelStudioMapping()) == ()
    assert response_areas("not xml <", LabelStudioMapping()) == ()


def test_findings_of_a_task_without_a_response_or_with_every_annotation_skipped() -> None:
    """serve wrote 'No guideline violations.' on both; a project whose config has a
    response text area reports the empty annotation, and a skipped task says so."""
    linter = Linter(load_guideline("customer-support"))
    rated = {"type": "rating", "from_name": "quality", "to_name": "i", "value": {"rating": 5}}
    task: dict[str, Any] = {
        "id": 120,
        "data": {"instruction": "Say hi."},
        "annotations": [{"id": 7, "completed_by": 2, "result": [rated]}],
    }
    found = task_findings(linter, PROJECT, task, {}, responses=True)
    assert found.count == 1 and "[error] invalid-record: annotation 7 has no response" in found.text
    assert task_findings(linter, PROJECT, task, {}).text == CLEAN  # (a ratings project)
    task["annotations"][0]["was_cancelled"] = True
    skipped = task_findings(linter, PROJECT, task, {}, responses=True)
    assert (skipped.count, skipped.annotations) == (0, 0)
    assert skipped.text == "No annotation checked: 1 cancelled annotation skipped."


def test_a_project_to_be_made_is_named_by_its_server() -> None:
    """push-config to a server that is down said 'http://host:8089/projects/0'."""
    from guidelint.labelstudio.urls import ProjectURL

    assert str(ProjectURL("http://127.0.0.1:8089", 0)) == "http://127.0.0.1:8089"
    assert str(ProjectURL("http://127.0.0.1:8089", 7)) == "http://127.0.0.1:8089/projects/7"


def test_a_redirect_to_a_host_that_does_not_answer_names_both(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server that redirects to a sign-in page on another host that is down was said
    'does not answer' itself, though it answered."""
    import socket
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from guidelint.labelstudio.client import Client, LabelStudioError

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]

    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{closed}/login")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("LABEL_STUDIO_API_KEY", "not-a-real-token")
        base = f"http://127.0.0.1:{server.server_address[1]}"
        client = Client(ProjectURL(base, 3))
        with pytest.raises(LabelStudioError) as caught:
            client.tasks()
    finally:
        server.shutdown()
    message = str(caught.value)
    assert f"the server at {base} redirected to http://127.0.0.1:{closed}" in message
    assert "does not answer" in message and "not-a-real-token" not in message
