"""The counted stand-ins for ``np.unique`` in coding give what ``np.unique`` gives."""

from __future__ import annotations

import numpy as np
import pytest

from guidelint.agreement.coding import _distinct, _first_index


@pytest.mark.parametrize("seed", range(50))
def test_counted_distinct_and_first_index_are_np_unique(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 60))
    codes = rng.integers(0, size, int(rng.integers(0, 400))).astype(np.int32)
    found, first = np.unique(codes, return_index=True)
    counted, counted_first = _first_index(codes, size)
    assert counted.tolist() == found.tolist()
    assert counted_first.tolist() == first.tolist()
    assert _distinct(codes, size).tolist() == np.unique(codes).tolist()
