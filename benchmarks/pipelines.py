"""Pipeline benchmarks, in one run: ``python benchmarks/pipelines.py`` (needs guidelint[ray,hf]).

On 100k and 1M records of the benchmark corpus (AlpacaEval outputs replicated, see
:mod:`corpus`), with the ``customer-support`` guideline, measures:

* ``guidelint check --jobs 2`` (the CLI on this machine's 2 cores);
* ``guidelint check --engine ray --jobs 2`` on a local Ray cluster of 2 CPUs (started
  once by this script, before the clock starts; the CLI connects with --ray-address);
* Hugging Face ``Dataset.map(guidelint.hf.checker(...), batched=True, num_proc=2)`` on
  the dataset read from the JSONL file (the time to read it into Arrow is shown apart);
* the batch API's cost per record against the CLI's own loop (read rows with the
  schema, ``check_record`` each), on the same decoded rows of the AlpacaEval corpus.

Each measure runs in a child process (wall time, CPU time of it and its children, peak
memory of the largest, as in :mod:`measure`). It prints a table and writes it to
``docs/pipelines.md`` between the markers there. ``--quick``: 20k records only.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(HERE.parent / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
)

from measure import Run, machine, machine_table, run  # noqa: E402

DOC = HERE.parent / "docs" / "pipelines.md"
BEGIN, END = "<!-- pipeline benchmark: begin -->", "<!-- pipeline benchmark: end -->"

HF_MAP = """
import sys, time, datasets, guidelint.hf
datasets.disable_progress_bars()
path, cache = sys.argv[1], sys.argv[2]
start = time.perf_counter()
ds = datasets.Dataset.from_json(path, cache_dir=cache)
loaded = time.perf_counter()
out = ds.map(guidelint.hf.checker("customer-support"), batched=True, batch_size=1000,
             num_proc=2, cache_file_name=cache + "/mapped.arrow")
done = time.perf_counter()
print(len(out), sum(out["guidelint_errors"]), round(loaded - start, 2), round(done - loaded, 2))
"""

OVERHEAD = """
import gzip, itertools, json, sys, time
from guidelint.batch import BatchChecker
from guidelint.engine import Linter
from guidelint.readers.base import RawRecord, ReadStats
from guidelint.readers.detect import resolve
path, count = sys.argv[1], int(sys.argv[2])
with open(path, encoding="utf-8") as lines:
    rows = [json.loads(line) for line in itertools.islice(lines, count)]
linter = Linter("customer-support")
batch = BatchChecker("customer-support")

def cli_loop():
    raws = (RawRecord(path, i + 1, i, row) for i, row in enumerate(rows))
    n = 0
    for item in resolve(raws, linter.fields, None, ReadStats()):
        n += len(linter.check_record(item))
    return n

def batch_api():
    n = 0
    for start in range(0, len(rows), 1000):
        part = rows[start:start + 1000]
        columns = {name: [r[name] for r in part] for name in part[0]}
        n += sum(len(v) for v in batch.check(columns)["guidelint_violations"])
    return n

cli_loop(); batch_api()  # warm up (imports, compiled rules, caches)
best = {}
for name, fn in (("cli", cli_loop), ("batch", batch_api)) * 3:
    start = time.process_time(); found = fn(); spent = time.process_time() - start
    best[name] = min(best.get(name, spent), spent)
    best[name + "_found"] = found
print(json.dumps(best))
"""


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "guidelint", "check", "-q", "--no-progress", "--no-config", *args]


def rate(count: int, result: Run) -> str:
    return (
        f"{count / result.wall:,.0f} resp/s ({result.wall:.1f} s, "
        f"{count / result.cpu:,.0f} per CPU-second), peak {result.peak_mb:.0f} MB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20k records only")
    parser.add_argument("--no-write", action="store_true", help="do not update docs")
    args = parser.parse_args()
    counts = [20_000] if args.quick else [100_000, 1_000_000]
    began = time.perf_counter()
    described = machine()  # (with the load average at the start)
    rows: list[tuple[str, str]] = []

    def measured_row(name: str, value: str) -> None:
        rows.append((name, value))
        print(f"| {name} | {value} |", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="guidelint-pipelines-") as tmp:
        folder = Path(tmp)
        made = subprocess.run(
            [sys.executable, str(HERE / "corpus.py"), tmp, *map(str, counts)],
            check=True,
            capture_output=True,
            text=True,
        )
        origin = json.loads(made.stdout)["origin"]
        import ray

        ray.init(
            address="local",
            num_cpus=2,
            include_dashboard=False,
            _node_ip_address="127.0.0.1",
            log_to_driver=False,
            logging_level=logging.ERROR,
        )
        address = ray.get_runtime_context().gcs_address
        try:
            for count in counts:
                data = str(folder / f"r{count}.jsonl")
                local = run(cli(data, "--jobs", "2"))
                measured_row(f"CLI `--jobs 2`, {count:,} records", rate(count, local))
                on_ray = run(cli(data, "--engine", "ray", "--jobs", "2", "--ray-address", address))
                measured_row(
                    f"CLI `--engine ray --jobs 2` (2-CPU local cluster), {count:,} records",
                    rate(count, on_ray)
                    + " (CPU and peak: the driver only; the actors' are the cluster's)",
                )
                cache = folder / f"hf{count}"
                cache.mkdir()
                started = time.perf_counter()
                mapped = subprocess.run(
                    [sys.executable, "-c", HF_MAP, data, str(cache)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                total = time.perf_counter() - started
                _n, _errors, loaded, mapping = mapped.stdout.split()
                measured_row(
                    f"HF `map(num_proc=2)`, {count:,} records",
                    f"{count / float(mapping):,.0f} resp/s (map {float(mapping):.1f} s; "
                    f"reading the JSONL into Arrow {float(loaded):.1f} s; "
                    f"process in all {total:.1f} s)",
                )
                subprocess.run(["rm", "-rf", str(cache)], check=False)
        finally:
            ray.shutdown()
        measured = subprocess.run(
            [sys.executable, "-c", OVERHEAD, str(folder / "corpus.jsonl"), "20000"],
            check=True,
            capture_output=True,
            text=True,
        )
        best = json.loads(measured.stdout)
        assert best["cli_found"] == best["batch_found"], best
        per_cli = best["cli"] / 20_000 * 1e6
        per_batch = best["batch"] / 20_000 * 1e6
        extra = (best["batch"] - best["cli"]) / best["cli"]
        verdict = "pass" if extra <= 0.10 else f"**miss** ({extra:.1%} > 10%)"
        measured_row(
            "batch API vs the CLI's loop, per record (20,000 AlpacaEval rows, CPU time)",
            f"{per_batch:.0f} µs vs {per_cli:.0f} µs: {extra:+.1%} (target <= +10%: {verdict})",
        )
    took = time.perf_counter() - began
    lines = [
        f"Measured with `python benchmarks/pipelines.py{' --quick' if args.quick else ''}` "
        f"(took {took:.0f} s). Corpus: {origin}, replicated; guideline customer-support.",
        "",
        *machine_table(described),
        "| load average at end | {:.2f} {:.2f} {:.2f} |".format(*os.getloadavg()),
        "",
        "| measure | measured |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in rows),
    ]
    table = "\n".join(lines)
    print(table)
    if not args.no_write and DOC.is_file():
        text = DOC.read_text(encoding="utf-8")
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        DOC.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
