"""How ``--engine ray`` joins or starts a cluster (no Ray needed: a stand-in records it)."""

from __future__ import annotations

from typing import Any

import pytest

from guidelint.pipelines import ray_engine


class _FakeRay:
    def __init__(self) -> None:
        self.address: Any = "not called"

    def is_initialized(self) -> bool:
        return False

    def init(self, address: Any = None, **options: Any) -> None:
        self.address = address


@pytest.mark.parametrize(
    ("given", "env", "expected"),
    [
        (None, None, "local"),  # a new cluster, whatever a stale `ray start` file names
        (None, "10.0.0.5:6379", None),  # RAY_ADDRESS: Ray reads it itself
        ("ray://10.0.0.5:10001", None, "ray://10.0.0.5:10001"),
    ],
)
def test_no_address_starts_a_new_local_cluster(
    monkeypatch: pytest.MonkeyPatch, given: str | None, env: str | None, expected: str | None
) -> None:
    fake = _FakeRay()
    monkeypatch.setattr(ray_engine, "import_ray", lambda: fake)
    monkeypatch.setattr(ray_engine, "_reachable", lambda address: None)
    if env is None:
        monkeypatch.delenv("RAY_ADDRESS", raising=False)
    else:
        monkeypatch.setenv("RAY_ADDRESS", env)
    ray_engine.connect(given)
    assert fake.address == expected
