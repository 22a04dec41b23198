"""Fixtures for the tests against a real Label Studio server (marker ``labelstudio``).

The server is started once per test session (see ``lsserver.py``); each test makes
its own project. Two annotators sign up through the invite link and submit
annotations through the REST API with their own tokens (see ``lshelpers.py``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lshelpers import ANN, BOB, Annotator
from lsserver import LabelStudioServer, running


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
