"""Markdown output: a summary for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

::

    ## ❌ guidelint: 3 errors, 1 warning, 0 infos

    Checked 120 records in 1 file against guideline `customer-support` 2026.1 (fails on error).

    - Note: 1 cancelled annotation skipped

    | Rule | Severity | Count | Description |
    |---|---|---:|---|
    | no-apology | error | 3 | Responses do not apologise for what is not our fault. |

    ### Violations

    | Location | Rule | Severity | Message |
    |---|---|---|---|
    | `data.jsonl:3` response, column 41 | no-apology | error | apology phrase "I'm sorry" |

    <details><summary>12 more violations not shown</summary>
    ... (a table of the hidden violations' count per rule)
    </details>

    ### <each table a check added to the report, e.g. edit sizes per annotator>

The headline says whether the run fails (``❌``) at ``--fail-on`` or passes (``✅``);
the run's notes follow it, as the text report gives them (``1 cancelled annotation
skipped``, ``12 more violations not shown (--max-violations 50)``).
The rule table lists every rule that reported, most frequent first, with its worst
severity seen and the first sentence of its description. The violation table shows the
first 50 violations, errors before warnings before infos (each in the order found);
messages are cut to 200 characters. Tables that checks add to the report (a
:class:`~guidelint.checks.base.ReportSection`) follow, with their notes.

Text from datasets and guidelines is escaped so that it cannot break the page: ``|``,
backticks, ``*``, ``_``, ``[``, ``]``, ``<``, ``>``, ``~``, ``&`` and ``\\`` get a
backslash, line breaks become spaces, and ``@`` is followed by a zero-width space so
that a dataset's ``@name`` does not mention a GitHub user. File paths and the
guideline name are code spans (only ``|`` escaped; a path with backticks gets a
longer fence). The whole report is kept
under GitHub's 65,536-character limit for a comment: violation rows stop early if
needed, and the hidden ones are counted in the ``<details>`` block.
"""

from __future__ import annotations

import re
from collections import Counter

from guidelint.checks.base import ReportSection
from guidelint.model import Severity, Violation
from guidelint.reporters.base import ReportContext, Reporter
from guidelint.reporters.locations import field_location
from guidelint.reporters.summaries import cell_text, first_sentence
from guidelint.summary import Summary
from guidelint.wording import counted

#: Violations listed in the violation table.
LIMIT = 50
#: Characters of a message shown in the violation table.
MESSAGE_WIDTH = 200
#: Characters of the whole report (GitHub's limit for a comment is 65,536).
MAX_CHARS = 60_000
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_ICONS = {True: "❌", False: "✅"}


def escape(text: str) -> str:
    """``text`` as literal Markdown on one line, safe inside a table cell."""
    text = " ".join(text.split())
    return _SPECIAL.sub(r"\\\1", text).replace("@", "@\u200b")


def code(text: str) -> str:
    """``text`` as an inline code span on one line, safe inside a table cell."""
    text = " ".join(text.split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def truncate(text: str, width: int = MESSAGE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def table(columns: list[str], rows: list[list[str]], right: frozenset[int] = frozenset()) -> str:
    """A Markdown table; cells must already be escaped."""
    rule = ["---:" if i in right else "---" for i in range(len(columns))]
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join(rule) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def location(v: Violation) -> str:
    if not v.path:
        return "dataset"
    where = f"{v.path}:{v.line}" if v.line >= 1 else v.path
    inside = field_location(v)
    return code(where) + (f" {escape(inside)}" if inside else "")


def section_markdown(section: ReportSection) -> str:
    """A check's report table as a Markdown table, its notes below."""
    rows = [[escape(cell_text(row.get(col))) for col in section.columns] for row in section.rows]
    parts = [f"### {escape(section.title)}", "", table([escape(c) for c in section.columns], rows)]
    parts.extend(["", *(escape(note) for note in section.notes)] if section.notes else [])
    return "\n".join(parts)


class MarkdownReporter(Reporter):
    name = "markdown"
    limit = LIMIT

    def start(self, context: ReportContext) -> None:
        super().start(context)
        self._kept: dict[Severity, list[Violation]] = {s: [] for s in Severity}
        self._worst: dict[str, Severity] = {}
        self._reasons: dict[str, str] = {}

    def violation(self, violation: Violation) -> None:
        kept = self._kept[violation.severity]
        if len(kept) < self.limit:
            kept.append(violation)
        worst = self._worst.get(violation.rule)
        if worst is None or violation.severity.rank > worst.rank:
            self._worst[violation.rule] = violation.severity
        if violation.reason:
            self._reasons.setdefault(violation.rule, violation.reason)

    def finish(self, summary: Summary) -> None:
        self.stream.write(self.render(summary))

    def render(self, summary: Summary) -> str:
        """The whole report."""
        tail = [section_markdown(section) for section in summary.sections]
        parts = [self._headline(summary)]
        notes = summary.notes()
        if notes:  # (what the text and JSON reports say too: skipped input, caps)
            parts.append(
                "\n".join(f"- Note: {escape(counted(n, note))}" for note, n in notes.items())
            )
        if summary.by_rule:
            parts.append(self._rule_table(summary))
        budget = MAX_CHARS - sum(len(p) + 2 for p in parts + tail) - 1_000
        if summary.violations:
            parts.extend(self._violations(summary, budget))
        parts.extend(tail)
        return "\n\n".join(parts) + "\n"

    def _headline(self, summary: Summary) -> str:
        context = self.context
        worst = summary.worst()
        failing = worst is not None and worst.rank >= Severity(context.fail_on).rank
        counts = ", ".join(
            plural(summary.by_severity.get(s.value, 0), s.value) for s in reversed(Severity)
        )
        checked = (
            f"Checked {plural(summary.records, 'record')} in {summary.sources_text()} "
            f"against guideline {code(context.guideline)} {escape(context.version)} "
            f"(fails on {context.fail_on})."
        )
        if summary.invalid_records:
            checked += f" {plural(summary.invalid_records, 'invalid record')}."
        return f"## {_ICONS[failing]} guidelint: {counts}\n\n{checked}"

    def _rule_table(self, summary: Summary) -> str:
        rows = []
        for rule, count in sorted(summary.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            info = self.context.rules.get(rule, {})
            worst = self._worst.get(rule)
            severity = worst.value if worst is not None else info.get("severity", "")
            description = info.get("description") or self._reasons.get(rule) or ""
            first = first_sentence(description)
            rows.append([escape(rule), severity, str(count), escape(truncate(first))])
        return table(["Rule", "Severity", "Count", "Description"], rows, frozenset({2}))

    def _violations(self, summary: Summary, budget: int) -> list[str]:
        chosen = [v for s in reversed(Severity) for v in self._kept[s]][: self.limit]
        rows: list[list[str]] = []
        used = 0
        for v in chosen:
            row = [location(v), escape(v.rule), v.severity.value, escape(truncate(v.message))]
            used += sum(len(cell) + 3 for cell in row) + 2
            if used > budget:
                break
            rows.append(row)
        parts = ["### Violations", table(["Location", "Rule", "Severity", "Message"], rows)]
        hidden = summary.violations - len(rows)
        if hidden > 0:
            parts.append(self._hidden(summary, rows=len(rows), hidden=hidden, shown=chosen))
        return parts

    def _hidden(self, summary: Summary, *, rows: int, hidden: int, shown: list[Violation]) -> str:
        remaining = Counter(summary.by_rule)
        remaining.subtract(v.rule for v in shown[:rows])
        counts = sorted(
            ((r, n) for r, n in remaining.items() if n > 0), key=lambda kv: (-kv[1], kv[0])
        )
        body = table(
            ["Rule", "Not shown"], [[escape(r), str(n)] for r, n in counts], frozenset({1})
        )
        return (
            f"<details><summary>{plural(hidden, 'more violation')} not shown</summary>\n\n"
            f"{body}\n\nRun `guidelint check` locally, or use `--format json`, "
            "for every violation.\n\n</details>"
        )
