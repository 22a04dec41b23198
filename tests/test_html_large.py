"""The HTML check report of the 35k-record AlpacaEval corpus: under 2 MB, and memory that
stays flat (skipped without ``../shared/data``).

Peak memory is each run's own ``ru_maxrss`` (one job, one process). The HTML report
loads matplotlib once (a constant ~50 MB, see docs/reports.md), so the test compares
growth: from every 7th record (5,060, the same generators and rules, so the same
charts) to all 35,419, the HTML run's peak may grow no more than the JSON run's (which
holds every violation until the end).
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clirun import clean_env
from conftest import SHARED_DATA

CORPUS = SHARED_DATA / "alpaca_eval" / "outputs.jsonl.gz"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.exists(), reason=f"no {CORPUS} (the shared data)"),
]

_RUN = """
import resource, sys
from guidelint.cli.main import entry
sys.argv = ["guidelint", *sys.argv[1:]]
try:
    entry()
finally:
    print("MAXRSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _peak_mb(args: list[str], cwd: Path) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    line = next(x for x in done.stderr.splitlines() if x.startswith("MAXRSS"))
    return int(line.split()[1]) / 1024


def test_35k_corpus_report_is_small_and_memory_stays_flat(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    # every 7th record: a seventh of the records, the same generators and rules (so the
    # same charts: what they cost does not depend on the number of records)
    small = tmp_path / "every7th.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as src, small.open("w") as dst:
        dst.writelines(line for n, line in enumerate(src) if n % 7 == 0)
    peaks: dict[tuple[str, str], float] = {}
    for name, path in (("all", CORPUS), ("5k", small)):
        for fmt in ("json", "html"):
            out = tmp_path / f"{name}.{fmt}"
            args = ["check", str(path), "--jobs", "1", "--format", fmt, "-o", str(out)]
            peaks[(name, fmt)] = _peak_mb(args, tmp_path)
    page = (tmp_path / "all.html").read_text("utf-8")
    assert len(page.encode("utf-8")) < 2_000_000
    assert 'data-count="records"><span class="n">35,419<' in page
    assert "left out" in page  # (the sample is bounded and says so)
    html_growth = peaks[("all", "html")] - peaks[("5k", "html")]
    json_growth = peaks[("all", "json")] - peaks[("5k", "json")]
    # (5 MB of slack for the allocator: on a machine short of memory a run's resident
    # peak can come out a few MB lower than it would be)
    assert html_growth <= json_growth + 5, f"peak MB by (records, format): {peaks}"
