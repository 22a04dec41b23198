"""Shared test helpers: run one check on one text without a guideline file."""

from __future__ import annotations

import atexit
import gzip
import itertools
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from analysis_spy import SPY_WORKS, SpyAnalysis
from guidelint.checks import Finding, Target, check_class
from guidelint.model import Record, Text
from guidelint.text import TextAnalysis

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"

# The cache of compiled guidelines (guidelint.guideline.cache) of every `guidelint
# check` a test runs, here or in a child process: a temporary directory per test
# process, never the user's own cache.
_CACHE = tempfile.mkdtemp(prefix="guidelint-test-cache-")
os.environ["GUIDELINT_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


def make_record(
    response: str = "",
    *,
    instruction: str | None = None,
    role: str = "response",
    data: Mapping[str, Any] | None = None,
) -> Record:
    texts = []
    if instruction is not None:
        texts.append(Text(role="instruction", text=instruction, field="instruction"))
    texts.append(Text(role=role, text=response, field="response", prompt=instruction))
    return Record(path="t.jsonl", line=1, index=0, data=dict(data or {}), texts=texts)


def run_check(
    check: str,
    options: Mapping[str, Any],
    text: str,
    *,
    instruction: str | None = None,
    role: str = "response",
    data: Mapping[str, Any] | None = None,
) -> list[Finding]:
    """Validate ``options`` for ``check`` and run it on ``text``; return the findings.

    The check sees a text analysis that fails the test when the check reads a part of
    it its class does not declare (``Check.analysis``).
    """
    cls = check_class(check)
    instance = cls(cls.Options.model_validate(dict(options)), rule_id="test-rule")
    record = make_record(text, instruction=instruction, role=role, data=data)
    target_text = record.texts[-1]
    analysis = (
        SpyAnalysis(target_text.text, cls.analysis, owner=f"check '{check}'")
        if SPY_WORKS
        else TextAnalysis(target_text.text)  # (compiled: see analysis_spy.SPY_WORKS)
    )
    return list(instance.check(Target(target_text, record, analysis)))


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data`` beside the checkout; skips the test when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture
def alpaca_outputs(shared_data: Path) -> Callable[[int], list[str]]:
    """Every ``step``-th AlpacaEval response text; skips the test when they are absent."""
    path = shared_data / "alpaca_eval" / "outputs.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"{path} is not present")

    def outputs(step: int) -> list[str]:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            return [json.loads(line)["output"] for line in itertools.islice(lines, 0, None, step)]

    return outputs
