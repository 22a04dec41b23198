"""The annotator-facing guideline document, rendered from the guideline YAML.

``guidelint guide GUIDELINE`` turns the rules into what an annotator reads: the
guideline's title and description, the quality criteria (rule descriptions grouped by
their first tag), what must not be in a response (banned phrases and patterns,
outdated terms and their replacements) and every good and bad example with its
explanation. Markdown, or HTML as one self-contained page (no scripts, no external
resources; every piece of text is escaped).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from guidelint.guideline import Guideline, Rule
from guidelint.guideline.schema import Example
from guidelint.rule_words import rule_in_words

FORMATS = ("markdown", "html")


@dataclass
class Guide:
    """The content of the document, before it is rendered."""

    title: str
    version: str
    description: str
    extends: tuple[str, ...]
    criteria: dict[str, list[Rule]] = field(default_factory=dict)
    phrases: list[tuple[str, str]] = field(default_factory=list)  # (phrase, rule id)
    patterns: list[tuple[str, str]] = field(default_factory=list)  # (regex, rule id)
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # (old, new, rule id)
    examples: list[Rule] = field(default_factory=list)


def build_guide(guideline: Guideline) -> Guide:
    guide = Guide(
        guideline.name, guideline.version, guideline.description.strip(), guideline.extends
    )
    for rule in guideline.rules:
        group = rule.tags[0] if rule.tags else "general"
        guide.criteria.setdefault(group, []).append(rule)
        described = rule.check_class.describe(rule.options)  # (each check says what it bans)
        guide.phrases += [(p, rule.id) for p in described.phrases]
        guide.patterns += [(p, rule.id) for p in described.patterns]
        guide.terms += [(old, new, rule.id) for old, new in described.terms]
        if rule.examples.good or rule.examples.bad:
            guide.examples.append(rule)
    return guide


def render(guideline: Guideline, fmt: str = "markdown") -> str:
    """The guideline document as Markdown or HTML."""
    guide = build_guide(guideline)
    return _html(guide) if fmt == "html" else _markdown(guide)


# -- Markdown ---------------------------------------------------------------------------
def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _text(text: str) -> str:
    """Prose for Markdown: Markdown stays Markdown, but no raw HTML gets through."""
    return text.replace("<", "&lt;")


def _quote(text: str) -> list[str]:
    return [f"> {_text(line)}".rstrip() for line in text.splitlines() or [""]]


def _md_example(example: Example) -> list[str]:
    lines: list[str] = []
    if example.record:
        fields = ", ".join(f"{k}: {v}" for k, v in example.record.items())
        lines.append(f"*Record:* {_code(fields)}  ")
    if example.instruction is not None:
        lines.append("*Instruction:*")
        lines += _quote(example.instruction)
        lines.append("")
    if example.response is not None:
        if example.instruction is not None:
            lines.append("*Response:*")
        lines += _quote(example.response)
    if example.explanation:
        lines += ["", f"*Why:* {_text(example.explanation.strip())}"]
    return [*lines, ""]


def _markdown(guide: Guide) -> str:
    out = [f"# {_text(guide.title)}" + (f" ({_text(guide.version)})" if guide.version else ""), ""]
    if guide.description:
        out += [_text(guide.description), ""]
    if guide.extends:
        out += [f"Builds on: {', '.join(guide.extends)}.", ""]
    out += ["## Quality criteria", ""]
    for group, rules in guide.criteria.items():
        out += [f"### {_text(group.replace('-', ' ').replace('_', ' ').capitalize())}", ""]
        for rule in rules:
            text = rule_in_words(rule)
            out.append(f"- **{rule.id}** ({rule.severity.value}): {_text(text)}")
        out.append("")
    if guide.phrases or guide.patterns or guide.terms:
        out += ["## What must not be in a response", ""]
    if guide.phrases:
        out += ["Phrases:", ""]
        out += [f"- {_code(p)} ({rule})" for p, rule in guide.phrases]
        out.append("")
    if guide.terms:
        out += [
            "Outdated or wrong terms:",
            "",
            "| Instead of | Write | Rule |",
            "| --- | --- | --- |",
        ]
        out += [f"| {_cell(old)} | {_cell(new)} | {rule} |" for old, new, rule in guide.terms]
        out.append("")
    if guide.patterns:
        out += ["Patterns (regular expressions):", ""]
        out += [f"- {_code(p)} ({rule})" for p, rule in guide.patterns]
        out.append("")
    if guide.examples:
        out += ["## Examples", ""]
    for rule in guide.examples:
        out += [f"### {rule.id}", ""]
        for kind, examples in (("Good", rule.examples.good), ("Bad", rule.examples.bad)):
            for number, example in enumerate(examples, start=1):
                out += [f"**{kind} example {number}**", ""]
                out += _md_example(example)
    return "\n".join(out).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    return _text(text).replace("|", "\\|")


# -- HTML ----------------------------------------------------------------------------------
_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1,h2,h3{line-height:1.2}code{background:#f3f3f3;padding:0 .2em;border-radius:3px}
blockquote{margin:.5em 0;padding:.3em .8em;border-left:4px solid #ccc;white-space:pre-wrap}
.good blockquote{border-color:#2a8a2a}.bad blockquote{border-color:#c0392b}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.3em .6em;text-align:left}
.sev{font-size:.85em;color:#666}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_example(kind: str, number: int, example: Example) -> list[str]:
    out = [f'<div class="{kind.lower()}"><h4>{kind} example {number}</h4>']
    if example.record:
        fields = ", ".join(f"{k}: {v}" for k, v in example.record.items())
        out.append(f"<p><em>Record:</em> <code>{_e(fields)}</code></p>")
    if example.instruction is not None:
        out.append(
            f"<p><em>Instruction:</em></p><blockquote>{_e(example.instruction)}</blockquote>"
        )
    if example.response is not None:
        out.append(f"<p><em>Response:</em></p><blockquote>{_e(example.response)}</blockquote>")
    if example.explanation:
        out.append(f"<p><em>Why:</em> {_e(example.explanation.strip())}</p>")
    return [*out, "</div>"]


def _html(guide: Guide) -> str:
    title = guide.title + (f" ({guide.version})" if guide.version else "")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
    ]
    if guide.description:
        out.append(f"<p>{_e(guide.description)}</p>")
    if guide.extends:
        out.append(f"<p>Builds on: {_e(', '.join(guide.extends))}.</p>")
    out.append("<h2>Quality criteria</h2>")
    for group, rules in guide.criteria.items():
        out.append(f"<h3>{_e(group.replace('-', ' ').replace('_', ' ').capitalize())}</h3><ul>")
        for rule in rules:
            text = rule_in_words(rule)
            out.append(
                f'<li><strong>{_e(rule.id)}</strong> <span class="sev">({_e(rule.severity.value)})'
                f"</span>: {_e(text)}</li>"
            )
        out.append("</ul>")
    if guide.phrases or guide.patterns or guide.terms:
        out.append("<h2>What must not be in a response</h2>")
    if guide.phrases:
        out.append("<p>Phrases:</p><ul>")
        out += [f"<li><code>{_e(p)}</code> ({_e(rule)})</li>" for p, rule in guide.phrases]
        out.append("</ul>")
    if guide.terms:
        out.append("<p>Outdated or wrong terms:</p><table><tr><th>Instead of</th><th>Write</th>")
        out.append("<th>Rule</th></tr>")
        out += [
            f"<tr><td>{_e(old)}</td><td>{_e(new)}</td><td>{_e(rule)}</td></tr>"
            for old, new, rule in guide.terms
        ]
        out.append("</table>")
    if guide.patterns:
        out.append("<p>Patterns (regular expressions):</p><ul>")
        out += [f"<li><code>{_e(p)}</code> ({_e(rule)})</li>" for p, rule in guide.patterns]
        out.append("</ul>")
    if guide.examples:
        out.append("<h2>Examples</h2>")
    for rule in guide.examples:
        out.append(f'<section id="{_e(rule.id)}"><h3>{_e(rule.id)}</h3>')
        for kind, examples in (("Good", rule.examples.good), ("Bad", rule.examples.bad)):
            for number, example in enumerate(examples, start=1):
                out += _html_example(kind, number, example)
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
