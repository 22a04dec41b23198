"""Reporters, one module per output format; looked up by ``--format`` name."""

from __future__ import annotations

import importlib

from guidelint.reporters.base import ReportContext, Reporter

#: format name → "module:Class"; modules load only when used.
REPORTERS: dict[str, str] = {
    "text": "guidelint.reporters.text:TextReporter",
    "json": "guidelint.reporters.json:JsonReporter",
    "json-lines": "guidelint.reporters.json_lines:JsonLinesReporter",
    "sarif": "guidelint.reporters.sarif:SarifReporter",
    "junit": "guidelint.reporters.junit:JunitReporter",
    "github": "guidelint.reporters.github:GithubReporter",
    "markdown": "guidelint.reporters.markdown:MarkdownReporter",
    "html": "guidelint.reporters.html.check:HtmlReporter",
}

__all__ = ["REPORTERS", "ReportContext", "Reporter", "reporter_class"]


def reporter_class(name: str) -> type[Reporter]:
    module_name, _, class_name = REPORTERS[name].partition(":")
    cls: type[Reporter] = getattr(importlib.import_module(module_name), class_name)
    return cls
