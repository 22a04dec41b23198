"""Datasets and page parsing shared by the HTML report tests (with and without a browser)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

#: Texts that would run script or load something if the page did not escape them.
HOSTILE = [
    "<script>window.__pwned = 1; alert('x')</script>",
    '<img src="https://attacker.invalid/x.png" onerror="alert(2)">',
    '"><svg onload="alert(3)"><a href="javascript:alert(4)">x</a>',
    "$\\frac{1}{0}$ and </section></main><style>body{display:none}</style>",
]

GUIDELINE = """\
name: html-report-test
version: "7.3-<b>"
extends: customer-support
rules:
  - id: duplicate-response
    check: duplicates
    roles: [response]
    severity: warning
    description: The same response given to several instructions teaches a canned answer.
  - id: shouting
    check: pattern
    pattern: "!!+"
    severity: info
    max_rate: "10%"
    message: "shouting"
    description: Do not shout.
"""


def check_dataset(folder: Path, records: int = 30) -> tuple[Path, Path]:
    """A dataset with hostile text, two generators, two annotators, duplicates, a rate
    limit broken, and a length spread; and its guideline."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(records):
        hostile = HOSTILE[i % len(HOSTILE)]
        words = " ".join(["word"] * (5 + 13 * i))
        response = f"As an AI language model, I {hostile} think so!!! {words}"
        if i % 7 == 0:
            response = "Same canned answer for everyone, please read the manual."
        lines.append(
            {
                "id": f"item-{i}<i>",
                "instruction": f"Question {i} {hostile}",
                "response": response,
                "generator": ["model-a", '"><b>model-b</b>'][i % 2],
                "annotator": ["ann", "<ben>"][i % 3 == 0],
            }
        )
    data = folder / "data.jsonl"
    data.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    guideline = folder / "guideline.yaml"
    guideline.write_text(GUIDELINE, encoding="utf-8")
    return data, guideline


def agreement_dataset(folder: Path, items: int = 40) -> Path:
    """Long-format labels: 3 annotators rate 1-5 and write responses (some hostile)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(items):
        for k, annotator in enumerate(["ann", "<ben>", "cho"]):
            if annotator == "cho" and i % 4 == 0:
                continue
            rating = 1 + (i + (k if i % 3 else 0)) % 5
            response = (
                f"Thanks for asking. {HOSTILE[i % len(HOSTILE)]} Here is how."
                if k == 1
                else "As an AI language model, I'm sorry, but I can't help with that!"
                if (i + k) % 5 == 0
                else "Open Settings, then Plan, and choose the plan you want."
            )
            rows.append(
                {
                    "id": f"item-{i}",
                    "annotator": annotator,
                    "quality": rating,
                    "instruction": f"How do I change my plan? ({i})",
                    "response": response,
                }
            )
    path = folder / "labels.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


class PageParser(HTMLParser):
    """Collects the tags, attributes and tables of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "table":
            self._table = attributes.get("data-table") or f"table-{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def rows_by_first(table: list[list[str]]) -> dict[str, list[str]]:
    """A table's body rows by their first cell (the header row left out)."""
    return {row[0]: row for row in table[1:]}


def number(value: Any, digits: int = 3) -> str:
    """What the page shows for a JSON number (as :func:`guidelint.reporters.html.page.number`)."""
    from guidelint.reporters.html.page import number as shown

    return shown(value, digits)
