"""``guidelint guide``: the annotator-facing document, in Markdown and in HTML."""

from __future__ import annotations

import re
from pathlib import Path

from clirun import run
from guidelint.guideline import load_guideline
from guidelint.guideline.guide import render

HOSTILE = """\
name: <b>team</b>
version: "1"
description: Rules & "quotes" <script>alert(1)</script>
rules:
  - id: no-tags
    check: phrase
    phrases: ["<img src=x onerror=alert(1)>", "a `tick`"]
    tags: [safety]
    description: Never paste <html> into a response.
    examples:
      bad:
        - response: "Here: <img src=x onerror=alert(1)>"
          explanation: Markup <b>breaks</b> the chat window.
      good:
        - "Plain text & nothing else."
  - id: renamed
    check: substitution
    terms: {Old | Name: New Name}
"""


def test_markdown_of_the_bundled_guideline(tmp_path: Path) -> None:
    result = run("guide", "customer-support", cwd=tmp_path)
    assert result.returncode == 0
    text = result.stdout
    assert text.startswith("# customer-support (1.0)\n")
    for heading in (
        "## Quality criteria",
        "### Tone",
        "### Accuracy",
        "## What must not be in a response",
        "## Examples",
    ):
        assert f"\n{heading}\n" in text
    assert "- `as an AI language model` (ai-identity-disclaimer)" in text
    assert "| Nimbus Basic | Nimbus Starter | outdated-product-info |" in text
    assert "### no-repeated-question" in text
    assert "*Why:* The first sentence only repeats the question." in text
    assert "> Go to Settings and click Reset." in text


def test_html_is_one_escaped_self_contained_page(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text(HOSTILE, encoding="utf-8")
    result = run("guide", "g.yaml", "--format", "html", "-o", "guide.html", cwd=tmp_path)
    assert result.returncode == 0
    page = (tmp_path / "guide.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Markup &lt;b&gt;breaks&lt;/b&gt; the chat window." in page
    assert not re.search(r"(src|href)=\"?(https?:)?//", page)  # nothing loaded from elsewhere
    assert "<td>Old | Name</td><td>New Name</td>" in page


def test_markdown_keeps_table_cells_and_code_spans_intact(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text(HOSTILE, encoding="utf-8")
    text = render(load_guideline(tmp_path / "g.yaml"), "markdown")
    assert "| Old \\| Name | New Name | renamed |" in text
    assert "- `` a `tick` `` (no-tags)" in text
    assert "<script>" not in text and "&lt;script>" in text  # no raw HTML in rendered Markdown
    assert "> Here: &lt;img src=x onerror=alert(1)>" in text


def test_the_configured_guideline_is_the_default(tmp_path: Path) -> None:
    (tmp_path / "guidelint.yaml").write_text("guideline: llm-boilerplate\n", encoding="utf-8")
    result = run("guide", cwd=tmp_path)
    assert result.stdout.startswith("# llm-boilerplate")


def test_unknown_guideline_exits_2(tmp_path: Path) -> None:
    result = run("guide", "no-such-guideline", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown guideline 'no-such-guideline'" in result.stderr


def test_the_guide_shows_the_severities_the_project_configuration_sets(tmp_path: Path) -> None:
    (tmp_path / "guidelint.yaml").write_text(
        "guideline: customer-support\nseverity:\n  response-length: info\n", encoding="utf-8"
    )
    result = run("guide", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "- **response-length** (info):" in result.stdout
    plain = run("guide", "customer-support", cwd=tmp_path.parent)
    assert "- **response-length** (warning):" in plain.stdout
