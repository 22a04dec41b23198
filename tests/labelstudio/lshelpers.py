"""Helpers of the tests against a real Label Studio server."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lsserver import LabelStudioServer

from clirun import clean_env

ANN = "ann@example.com"
BOB = "bob@example.com"


@dataclass
class Annotator:
    server: LabelStudioServer
    email: str
    user_id: int
    token: str

    def submit(self, task: int, result: list[dict[str, Any]]) -> int:
        with self.server.client(self.token) as http:
            answer = http.post(f"/api/tasks/{task}/annotations/", json={"result": result})
        assert answer.status_code == 201, answer.text[:500]
        return int(answer.json()["id"])

    def update(self, annotation: int, result: list[dict[str, Any]]) -> None:
        with self.server.client(self.token) as http:
            answer = http.patch(f"/api/annotations/{annotation}/", json={"result": result})
        assert answer.status_code == 200, answer.text[:500]


def response(text: str, name: str = "response", to: str = "instruction") -> dict[str, Any]:
    return {"from_name": name, "to_name": to, "type": "textarea", "value": {"text": [text]}}


def rating(value: int, name: str = "quality", to: str = "instruction") -> dict[str, Any]:
    return {"from_name": name, "to_name": to, "type": "rating", "value": {"rating": value}}


def ls_env(server: LabelStudioServer, **extra: str) -> dict[str, str]:
    """The environment of a guidelint run against ``server``: its admin token."""
    return clean_env(LABEL_STUDIO_API_KEY=server.token, **extra)


def make_project(server: LabelStudioServer, tasks: list[dict[str, Any]], config: str) -> int:
    with server.client() as http:
        made = http.post("/api/projects/", json={"title": "guidelint test", "label_config": config})
        assert made.status_code == 201, made.text[:500]
        project = int(made.json()["id"])
        imported = http.post(f"/api/projects/{project}/import", json=tasks)
        assert imported.status_code == 201, imported.text[:500]
    return project


def task_ids(server: LabelStudioServer, project: int) -> list[int]:
    with server.client() as http:
        answer = http.get("/api/tasks/", params={"project": project, "page_size": 1000})
    body = answer.json()
    tasks = body["tasks"] if isinstance(body, dict) else body
    return sorted(int(t["id"]) for t in tasks)


def task_data(server: LabelStudioServer, task: int) -> dict[str, Any]:
    with server.client() as http:
        return dict(http.get(f"/api/tasks/{task}/").json()["data"])
