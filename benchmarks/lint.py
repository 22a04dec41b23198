"""``guidelint check`` reduced to what the benchmarks time, with ``--jobs``.

Until the command line takes ``--jobs``, ``benchmarks/run.py`` measures the speed-up
of several jobs with this script: it loads the guideline, checks the files through
:class:`guidelint.parallel.ParallelChecker` and prints every violation with the text
reporter, as ``guidelint check -q`` does.

Usage: ``python benchmarks/lint.py --guideline NAME --jobs N FILE...``
"""

from __future__ import annotations

import argparse
import sys

from guidelint.engine import Linter
from guidelint.parallel import ParallelChecker, default_jobs
from guidelint.reporters import ReportContext, reporter_class


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--guideline", default="customer-support")
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args(argv)
    linter = Linter(args.guideline)
    reporter = reporter_class("text")(sys.stdout, quiet=True)
    guideline = linter.guideline
    reporter.start(
        ReportContext(guideline=guideline.name, version=guideline.version, fail_on="error")
    )
    jobs = args.jobs or default_jobs(args.paths)
    with ParallelChecker(linter, jobs) as checker:
        for path in args.paths:
            for _line, found in checker.check_file(path):
                for violation in found:
                    reporter.violation(violation)
    for violation in linter.finish():
        reporter.violation(violation)
    reporter.finish(linter.summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
