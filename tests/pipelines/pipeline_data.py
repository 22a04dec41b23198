"""Data and comparisons shared by the pipeline tests (batch API, Hugging Face, Ray).

The reference is always the CLI: ``guidelint check --format json`` on the same records
written as a file. Its violations are grouped per line (= row) and compared with what
the batch API or the engines give.
"""

from __future__ import annotations

import gzip
import itertools
import json
import logging
import random
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clirun import run

ROOT = Path(__file__).resolve().parent.parent.parent
ALPACA = ROOT.parent / "shared" / "data" / "alpaca_eval" / "outputs.jsonl.gz"

_GOOD = [
    "Thanks for reaching out. You can change your plan from the billing page, and the "
    "new price applies from the next invoice. {n} Let us know if anything is unclear.",
    "Yes. Exports are available on every plan: open Settings, choose Data, then Export. "
    "The file arrives by email within a few minutes (request {n}).",
]
_BAD = [
    "As an AI language model, I cannot help with that. Sorry!!! Try Nimbus Basic. {n}",
    "I'm sorry, but I can't do that.  Please upgrade to Nimbus Basic  now. {n}",
    "ok {n}",
]
_INSTRUCTIONS = [
    "How do I change my plan?",
    "Can I export my data?",
    "Do you offer a student discount?",
    "hi",
]


def generated_records(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Customer-support records: good and bad responses, with exact duplicates spread
    far apart (so that with blocks, copies fall in different blocks)."""
    rng = random.Random(seed)
    records = []
    for n in range(count):
        template = rng.choice(_BAD) if rng.random() < 0.4 else rng.choice(_GOOD)
        record = {
            "id": f"r{n}",
            "category": rng.choice(["billing", "export", "simple"]),
            "instruction": rng.choice(_INSTRUCTIONS),
            "response": template.format(n=n),
        }
        records.append(record)
    for n in range(0, count - 1, max(1, count // 7)):  # copies across the whole file
        copy = dict(records[n])
        copy["id"] = f"copy{n}"
        records[count - 1 - n // 3] = copy
    return records


def alpaca_records(count: int) -> list[dict[str, Any]]:
    """The first ``count`` AlpacaEval outputs (id, instruction, output, ...)."""
    with gzip.open(ALPACA, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in itertools.islice(lines, count)]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def cli_json(cwd: Path, *args: str) -> dict[str, Any]:
    """The JSON report of ``guidelint check ARGS`` (exit 0 or 1)."""
    result = run("check", *args, "--format", "json", "--no-config", cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def judge_rows(count: int = 4000) -> list[dict[str, Any]]:
    """The first ``count`` AlpacaEval judgements: (item, judge, preference) rows, and a
    copy of each with the preference rounded (1 or 2: an ordinal rating)."""
    judges = ROOT.parent / "shared" / "data" / "alpaca_eval" / "judges.jsonl.gz"
    with gzip.open(judges, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in itertools.islice(lines, count)]
    return [
        {"item": r["item"], "judge": r["judge"], "preference": r["preference"],
         "rounded": round(r["preference"])}
        for r in rows
    ]  # fmt: skip


def cli_agreement(cwd: Path, rows: list[dict[str, Any]], value: str, *args: str) -> dict[str, Any]:
    """``guidelint agreement`` on ``rows`` (no bootstrap): statistic → (value, note)."""
    path = write_jsonl(cwd / f"ratings-{value}.jsonl", rows)
    result = run(
        "agreement", str(path), "--annotator", "judge", "--label", value, "--bootstrap", "0",
        "--format", "json", *args, cwd=cwd,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (label,) = json.loads(result.stdout)["labels"]
    return {k: (v["value"], v.get("note")) for k, v in label["statistics"].items()}


def same_as_cli(found: dict[str, Any], cli: dict[str, Any]) -> None:
    """Every statistic a pipeline returned is the command line's (values to the 6
    decimals its JSON report gives, and the same note)."""
    assert found and set(found) <= set(cli)
    for name, statistic in found.items():
        value = None if statistic.value is None else round(statistic.value, 6)
        assert (value, statistic.note) == cli[name], name


def row_view(violation: dict[str, Any]) -> dict[str, Any]:
    """A violation of the JSON report as the batch API's ``violations`` column has it."""
    return {
        "rule": violation["rule"],
        "severity": violation["severity"],
        "message": violation["message"],
        "field": violation["field"],
        "column": violation["column"],
        "span": violation["span"],
        "fix": violation.get("fix"),
    }


def per_line(report: dict[str, Any], dataset_rules: set[str]) -> dict[int, list[dict[str, Any]]]:
    """The record-level violations of a JSON report, per line (dataset-level left out)."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for violation in report["violations"]:
        if violation["rule"] in dataset_rules or violation["line"] == 0:
            continue
        found[violation["line"]].append(row_view(violation))
    return found


# One local Ray cluster for the whole session (starting one takes about 10 s). (Here,
# not in a conftest.py: tests import the top-level conftest by name.)
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
