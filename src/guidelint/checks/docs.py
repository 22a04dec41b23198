"""The user documentation of every check, generated from one source: its module.

A check module's docstring is its documentation, written in one section layout (as
ruff's rule docs are)::

    One-line summary.

    What it does
    ------------
    ...
    Why
    ---
    ...
    Options
    -------
    * ``name``: what the option does (its type and default come from the model)
    ...
    Example
    -------
    ...
    Fix safety
    ----------
    ...

:func:`render` turns it into Markdown for ``docs/checks/NAME.md``, adding the options
table (type and default from the check's ``Options`` model) and what the check
declares on :class:`~guidelint.checks.base.Check` (scope, default roles, the speed
hook, what it reads from the text analysis, the libraries it loads).
``python -m guidelint.checks.docs docs/checks`` writes the pages;
``tests/test_check_docs.py`` fails when the committed pages and the source disagree.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from guidelint.checks import REGISTRY, check_class
from guidelint.checks.base import Check, options_doc

#: The sections of every check's docstring, in this order.
SECTIONS = ("What it does", "Why", "Options", "Example", "Fix safety")
_OPTION = re.compile(r"\* ``(\w+)``(?: \(([^)]*)\))?:? ?(.*)", re.DOTALL)


class DocError(ValueError):
    """A check's docstring does not follow the section layout."""


def docstring(name: str) -> str:
    """The module docstring of check ``name``."""
    module = importlib.import_module(REGISTRY[name].partition(":")[0])
    return (module.__doc__ or "").strip("\n")


def sections(name: str) -> tuple[str, dict[str, str]]:
    """The summary line and the sections of check ``name``'s docstring."""
    lines = docstring(name).splitlines()
    blank = lines.index("") if "" in lines else len(lines)
    summary = " ".join(line.strip() for line in lines[:blank])
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for number, line in enumerate(lines[blank:], start=blank):
        underline = lines[number + 1] if number + 1 < len(lines) else ""
        if underline and set(underline) == {"-"} and len(underline) == len(line):
            if line not in SECTIONS:
                raise DocError(f"check '{name}': unknown section '{line}' (use {SECTIONS})")
            current = found.setdefault(line, [])
            continue
        if set(line) == {"-"} and number > 0 and lines[number - 1] in found:
            continue
        if current is None:
            if line.strip():
                raise DocError(f"check '{name}': text before the first section: {line!r}")
            continue
        current.append(line)
    if tuple(found) != SECTIONS:
        raise DocError(f"check '{name}': sections {tuple(found)}; every check has {SECTIONS}")
    return summary, {key: "\n".join(body).strip("\n") for key, body in found.items()}


def options_described(name: str) -> tuple[dict[str, str], str]:
    """The description of each option in the Options section, and the notes after them."""
    body = sections(name)[1]["Options"]
    items: dict[str, str] = {}
    notes: list[str] = []
    current: str | None = None
    for line in body.splitlines():
        match = _OPTION.fullmatch(line)
        if match is not None:
            current = match.group(1)
            extra, text = match.group(2), match.group(3)
            items[current] = (f"({extra}) " if extra else "") + text
        elif current is not None and line.startswith("  "):
            items[current] += " " + line.strip()
        else:
            current = None
            notes.append(line)
    return items, "\n".join(notes).strip("\n")


def render(name: str) -> str:
    """The Markdown page of check ``name``."""
    cls = check_class(name)
    summary, parts = sections(name)
    described, notes = options_described(name)
    out = [f"# `{name}`", "", _markdown(summary), "", *_glance(cls), ""]
    out += ["## What it does", "", _markdown(parts["What it does"]), ""]
    out += ["## Why", "", _markdown(parts["Why"]), ""]
    out += ["## Options", ""]
    rows = options_doc(cls.Options)
    if rows:
        out += ["| option | type | default | description |", "| --- | --- | --- | --- |"]
        for option, kind, default in rows:
            text = _markdown(described.get(option, "")).replace("\n", " ")
            out.append(f"| `{option}` | {_cell(kind)} | {_code(default)} | {_cell(text)} |")
    else:
        out.append("None.")
    if notes:
        out += ["", _markdown(notes)]
    out += ["", "## Example", "", _markdown(parts["Example"]), ""]
    out += ["## Fix safety", "", _markdown(parts["Fix safety"]), ""]
    return "\n".join(out)


def render_index() -> str:
    """``docs/checks/README.md``: every check, its scope and summary."""
    out = [
        "# Checks",
        "",
        "Every check kind a guideline rule can use (`check: NAME`). Each page has the same",
        "sections: what it does, why, options, an example and fix safety. The pages are",
        "generated from the check modules' docstrings (`python -m guidelint.checks.docs",
        "docs/checks`); `tests/test_check_docs.py` fails when they drift.",
        "",
        "| check | scope | what it does |",
        "| --- | --- | --- |",
    ]
    for name in sorted(REGISTRY):
        summary = _markdown(sections(name)[0])
        out.append(f"| [`{name}`]({name}.md) | {check_class(name).scope} | {_cell(summary)} |")
    return "\n".join(out) + "\n"


def pages() -> dict[str, str]:
    """File name → content of every page of ``docs/checks``."""
    files = {f"{name}.md": render(name) for name in sorted(REGISTRY)}
    files["README.md"] = render_index()
    return files


def _glance(cls: type[Check]) -> list[str]:
    lines = [f"- **Scope:** {cls.scope}"]
    if cls.scope != "dataset":
        roles = ", ".join(f"`{role}`" for role in cls.default_applies_to)
        lines.append(f"- **Looks at:** {roles} texts unless the rule's `applies_to` says otherwise")
    if cls.prefilter is not Check.prefilter:
        lines.append("- **Speed hook:** skipped on texts that cannot match (a prefilter)")
    if cls.analysis:
        lines.append(f"- **Reads from the text analysis:** {', '.join(sorted(cls.analysis))}")
    if cls.requires:
        lines.append(f"- **Loads:** {', '.join(sorted(cls.requires))}")
    if cls.default_message:
        lines.append(f"- **Default message:** {_code(cls.default_message)}")
    return lines


def _markdown(text: str) -> str:
    """reStructuredText as used in the docstrings, as Markdown."""
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        block = line.strip() == ".. code-block:: yaml" or (
            line.endswith("::") and not line.strip().startswith("..")
        )
        if not block:
            out.append(_inline(line))
            index += 1
            continue
        if line.endswith("::") and line.strip() != ".. code-block:: yaml":
            out.append(_inline(line[:-1]))  # "Passing::" → "Passing:"
            out.append("")
        index += 1
        body: list[str] = []
        while index < len(lines) and (not lines[index].strip() or lines[index].startswith(" ")):
            body.append(lines[index])
            index += 1
        while body and not body[-1].strip():
            body.pop()
        while body and not body[0].strip():
            body.pop(0)
        indent = min(len(b) - len(b.lstrip()) for b in body if b.strip()) if body else 0
        out += ["```yaml", *(b[indent:] for b in body), "```"]
        if index < len(lines):
            out.append("")
    return "\n".join(out).strip("\n")


def _inline(line: str) -> str:
    return re.sub(r"``(.+?)``", lambda m: _code(m.group(1)), line)


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m guidelint.checks.docs DIR``: write every page into DIR."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        sys.stderr.write("usage: python -m guidelint.checks.docs DIR\n")
        return 2
    folder = Path(args[0])
    folder.mkdir(parents=True, exist_ok=True)
    for file, text in pages().items():
        (folder / file).write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
