"""One local Ray cluster for the whole session (starting one takes about 10 s)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[tuple[Any, str]]:
    """``(ray, address)``: a local cluster of 2 CPUs on the loopback interface, no
    dashboard; the CLI's ``--ray-address`` connects to the same one. Stopped at the end."""
    ray = pytest.importorskip("ray")
    ray.init(
        address="local",  # (a new cluster, never one already running here)
        num_cpus=2,
        include_dashboard=False,
        _node_ip_address="127.0.0.1",
        log_to_driver=False,
        logging_level=logging.ERROR,
    )
    try:
        ray.data.DataContext.get_current().enable_progress_bars = False
        yield ray, ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()
