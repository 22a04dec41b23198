"""``guidelint init``: a commented starter configuration and a starter guideline."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

CONFIG = """\
# guidelint project configuration. `guidelint check` finds this file by walking up
# from the files it checks; command-line flags override every key.
# Reference: docs/integrations.md#configuration

# The guideline: a bundled name (customer-support, llm-boilerplate) or a path
# relative to this file.
guideline: guideline.yaml

# Where the texts are in a plain record (the guideline's `fields:`, overridden).
# fields:
#   instruction: prompt
#   response: answer

# Only these rules (ids, tags or check names), and rules to skip.
# select: [accuracy, tone]
# ignore: [no-shouting]

# The lowest severity that fails the run (exit 1): error, warning or info.
fail_on: error

# Severity overrides per rule id.
severity:
  response-length: info

# The dataset schema (plain, alpaca, sharegpt, openai-chat, labelstudio, ...);
# detected per file when not set.
# schema: plain

# Overrides for some files: glob (relative to this file) -> settings.
# per_path:
#   "drafts/**":
#     ignore: [response-length]
#     severity: {house-no-internal-jargon: info}
"""

GUIDELINE = """\
# A starter guideline: the bundled customer-support rules plus two house rules.
# Check its examples with:  guidelint rules test guideline.yaml
# Render it for annotators: guidelint guide guideline.yaml --format html -o guide.html
name: my-team
version: "0.1"
description: >
  Responses of our support assistant: the customer-support guideline, plus our own
  product names and wording.
extends: customer-support

rules:
  # Override one key of an inherited rule by its id.
  - id: response-length
    optimal_severity: info

  # Outdated product names, with a fix (`guidelint check --fix` rewrites them).
  - id: house-product-names
    check: substitution
    severity: error
    tags: [accuracy]
    message: 'old product name "{match}": write "{suggestion}"'
    description: Use the current product names; the old ones confuse customers.
    terms:
      Acme Cloud Classic: Acme Cloud
      e-mail: email
    examples:
      bad:
        - response: "Your Acme Cloud Classic plan includes 50 GB."
          explanation: The Classic plan was renamed.
      good:
        - "Your Acme Cloud plan includes 50 GB."

  # Phrases annotators must not leave in a response.
  - id: house-no-internal-jargon
    check: phrase
    severity: warning
    tags: [tone]
    message: 'internal jargon "{match}": say it the way a customer would'
    description: Customers do not know our internal ticket and team names.
    phrases:
      - tier 2
      - L2 queue
      - escalation matrix
    examples:
      bad:
        - response: "I have moved your ticket to the L2 queue."
          explanation: '"L2 queue" means nothing to a customer.'
      good:
        - "I have passed your question to our billing specialists."
"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "init",
        help="write a starter guidelint.yaml and guideline.yaml",
        description="Write a commented starter configuration (guidelint.yaml) and a starter "
        "guideline (guideline.yaml) that extends customer-support.",
    )
    parser.add_argument(
        "directory", nargs="?", default=".", help="where to write them (default: .)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite existing files")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from guidelint.errors import UsageError

    folder = Path(args.directory)
    if not os.path.isdir(folder):
        raise UsageError("no such directory", location=str(folder))
    files = {folder / "guidelint.yaml": CONFIG, folder / "guideline.yaml": GUIDELINE}
    existing = [str(path) for path in files if os.path.exists(path)]
    if existing and not args.force:
        raise UsageError(
            f"{' and '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; "
            "nothing written",
            hint="pass --force to overwrite",
        )
    for path, text in files.items():
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write: {exc}", location=str(path)) from None
        sys.stdout.write(f"wrote {path}\n")
    sys.stdout.write(
        "next: guidelint rules test guideline.yaml, then guidelint check YOUR_DATA.jsonl\n"
    )
    return 0
