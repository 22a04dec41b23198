"""The ``readability`` check: textstat formulas, bounds, and running with no network."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import types
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import run_check
from guidelint.checks import readability
from guidelint.checks.readability import ReadabilityCheck

# 36 words, 6 sentences, 60 syllables: "idea" has 3 in the CMU dictionary (pyphen,
# textstat's fallback, says 1, which would give 36 syllables and a reading ease of 116).
IDEAS = " ".join(["The idea was a good idea."] * 6)
FRE = 59.7  # 206.835 - 1.015 * 36/6 - 84.6 * 60/36
FKG = 6.4  # 0.39 * 36/6 + 11.8 * 60/36 - 15.59
SMOG = 11.2  # 1.043 * sqrt(30 * 12/6) + 3.1291: twelve words of 3+ syllables

# (options, text, expected message or None)
CASES: list[tuple[dict[str, Any], str, str | None]] = [
    ({"min": 50}, IDEAS, None),
    ({"min": FRE}, IDEAS, None),  # exactly at the bound (the rounded value is compared)
    ({"max": FRE}, IDEAS, None),
    ({"min": 59.8}, IDEAS, "Flesch reading ease is 59.7; at least 59.8 expected"),
    ({"min": 60, "max": 100}, IDEAS, "Flesch reading ease is 59.7; at least 60 expected"),
    (
        {"metric": "flesch_kincaid_grade", "max": 6},
        IDEAS,
        "Flesch-Kincaid grade is 6.4; at most 6 expected",
    ),
    ({"metric": "smog_index", "max": 11}, IDEAS, "SMOG index is 11.2; at most 11 expected"),
    (
        {"metric": "text_standard", "max": 0.5},
        IDEAS,
        "consensus grade is 1.0; at most 0.5 expected",
    ),
    # Too short to score: skipped, whatever the bounds.
    ({"max": 0}, "The idea was a good idea.", None),
    (
        {"max": 0, "min_words": 6},
        "The idea was a good idea.",
        "Flesch reading ease is 59.7; at most 0 expected",
    ),
    ({"max": 0, "min_words": 0}, "", None),
    ({"max": 0}, "   \n", None),
    # Code blocks are not scored (nor counted) unless asked.
    ({"max": 0, "min_words": 30}, "The idea.\n```\n" + "x = y\n" * 40 + "```", None),
    (
        {"max": 0, "min_words": 30, "include_code": True},
        "The idea.\n```\n" + "x = y\n" * 40 + "```",
        "Flesch reading ease is 36.9; at most 0 expected",
    ),
]


@pytest.mark.parametrize(("options", "text", "message"), CASES)
def test_readability(options: dict[str, Any], text: str, message: str | None) -> None:
    findings = run_check("readability", options, text)
    if message is None:
        assert findings == []
        return
    (finding,) = findings
    assert ReadabilityCheck.default_message.format(**finding.params) == message


def test_params_and_span() -> None:
    text = f"\n{IDEAS}  \n"
    (finding,) = run_check(
        "readability", {"metric": "flesch_kincaid_grade", "min": 8, "max": 12}, text
    )
    assert text[finding.start : finding.end] == IDEAS
    assert dict(finding.params) == {
        "metric": "flesch_kincaid_grade",
        "label": "Flesch-Kincaid grade",
        "value": FKG,
        "min": 8,
        "max": 12,
        "bound": 8,
        "kind": "too_low",
        "expected": "at least 8 expected",
    }


@pytest.mark.parametrize("metric", sorted(readability.LABELS))
def test_every_metric_is_a_number(metric: str) -> None:
    assert isinstance(readability.score(metric, IDEAS), float)


def test_textstat_counts_syllables_with_the_packaged_dictionary() -> None:
    """Fails loudly if textstat stops looking its dictionary up where we replace it."""
    textstat = readability.load_textstat()
    counter = sys.modules[readability._SYLLABLE_MODULE]
    assert counter.get_cmudict is readability.offline_cmudict
    assert textstat.syllable_count("idea area readable") == 9
    assert readability.pronunciations() is readability.pronunciations()  # loaded once


def test_load_textstat_refuses_a_syllable_counter_it_cannot_redirect(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    changed = types.ModuleType(readability._SYLLABLE_MODULE)
    changed.count_syllables = lambda text, lang: len(text)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, readability._SYLLABLE_MODULE, changed)
    with pytest.raises(RuntimeError, match="no longer counts syllables through"):
        readability.load_textstat.__wrapped__()


def _run_python(code: str, tmp_path: Path) -> str:
    """Run ``code`` in a fresh interpreter with no network and no NLTK data."""
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    env = {**os.environ, "NLTK_DATA": str(empty), "HOME": str(tmp_path)}
    prelude = textwrap.dedent(
        """
        import socket

        def _no_network(*args, **kwargs):
            raise OSError("network access attempted")

        socket.socket.connect = _no_network
        socket.socket.connect_ex = _no_network
        socket.create_connection = _no_network
        socket.getaddrinfo = _no_network
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_runs_offline_without_nltk_data(tmp_path: Path) -> None:
    code = f"""
        import json, time
        import nltk

        def _refuse(*args, **kwargs):
            raise RuntimeError("NLTK data was looked up or downloaded")

        nltk.download = _refuse
        nltk.data.find = _refuse

        from guidelint.checks.readability import ReadabilityCheck
        from guidelint.checks.base import Target
        from guidelint.model import Record, Text
        from guidelint.text import TextAnalysis

        text = Text(role="response", text={IDEAS!r}, field="response")
        record = Record(path="t", line=1, index=0, data={{}}, texts=[text])
        values = {{}}
        started = time.perf_counter()
        for metric in ("flesch_reading_ease", "flesch_kincaid_grade", "smog_index"):
            options = ReadabilityCheck.Options(metric=metric, max=-1000)
            check = ReadabilityCheck(options)
            (finding,) = check.check(Target(text, record, TextAnalysis(text.text)))
            values[metric] = finding.params["value"]
        values["seconds"] = time.perf_counter() - started
        print(json.dumps(values))
    """
    values = json.loads(_run_python(code, tmp_path))
    assert values["flesch_reading_ease"] == FRE
    assert values["flesch_kincaid_grade"] == FKG
    assert values["smog_index"] == SMOG
    assert values["seconds"] < 30  # textstat import + dictionary load, about 2 s


def test_importing_the_module_does_not_import_textstat(tmp_path: Path) -> None:
    code = """
        import sys
        import guidelint.checks.readability
        heavy = [m for m in ("textstat", "nltk", "cmudict", "pyphen") if m in sys.modules]
        print(",".join(heavy))
    """
    assert _run_python(code, tmp_path).strip() == ""
    assert ReadabilityCheck.requires == frozenset({"textstat"})


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({}, "set min, max or both"),
        ({"min": 12, "max": 6}, "min (12.0) is greater than max (6.0)"),
        ({"metric": "flesch", "min": 1}, "'flesch_reading_ease', 'flesch_kincaid_grade'"),
        ({"min": 1, "min_words": -5}, "greater than or equal to 0"),
        ({"min": "easy"}, "valid number"),
        ({"min": 1, "lang": "de"}, "Extra inputs are not permitted"),
    ],
)
def test_invalid_options(options: dict[str, Any], error: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(error)):
        ReadabilityCheck.Options.model_validate(options)
