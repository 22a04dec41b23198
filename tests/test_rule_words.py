"""A rule without a description is said in words (issue: ``guidelint guide`` showed
annotators raw message templates such as ``{role} has {count} {unit}; {expected}``),
in the guide, ``rules list``, ``rules explain`` and the reports' rule descriptions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clirun import run
from guidelint.checks import REGISTRY
from guidelint.guideline import load_guideline
from guidelint.guideline.guide import render
from guidelint.rule_words import rule_in_words

#: The least options each check takes, for a rule without a description.
MINIMAL = {
    "length": "min: 30\n    optimal: {min: 100, max: 300}",
    "readability": "min: 30",
    "pattern": "pattern: 'TODO'",
    "phrase": "phrases: [as an AI, I cannot]\n    patterns: ['\\bcheers\\b']",
    "substitution": "terms: {Nimbus Basic: Nimbus Starter}",
    "tokens": "patterns: [[{LOWER: as}, {LOWER: an}, {LOWER: ai}]]",
    "structure": "max_list_items: 0\n    max_paragraph_words: 150",
}
TEMPLATE = re.compile(r"\{[a-z_]+\}")


def guideline_of_every_check(directory: Path) -> Path:
    rules = []
    for check in sorted(REGISTRY):
        options = MINIMAL.get(check, "")
        rules.append(f"  - id: r-{check.replace('_', '-')}\n    check: {check}\n    {options}")
    path = directory / "g.yaml"
    path.write_text("name: words\nrules:\n" + "\n".join(rules) + "\n", encoding="utf-8")
    return path


def test_every_check_is_said_in_words(tmp_path: Path) -> None:
    guideline = load_guideline(guideline_of_every_check(tmp_path))
    assert len(guideline.rules) == len(REGISTRY)
    for rule in guideline.rules:
        words = rule_in_words(rule)
        assert not TEMPLATE.search(words), (rule.id, words)
        assert words[0].isupper() and words.endswith("."), (rule.id, words)
        assert f"passes the `{rule.check}` check" not in words, (rule.id, words)
    said = {rule.check: rule_in_words(rule) for rule in guideline.rules}
    assert said["length"] == (
        "The response is at least 30 words, and best between 100 and 300 words."
    )
    assert said["phrase"] == (
        'The response does not contain the phrases "as an AI" or "I cannot" or text matching '
        '"/\\bcheers\\b/".'
    )
    assert said["substitution"] == (
        'The response uses the current terms: "Nimbus Starter" instead of "Nimbus Basic".'
    )
    assert said["structure"] == "The response has no lists and paragraphs of at most 150 words."


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_guide_shows_no_template(tmp_path: Path, fmt: str) -> None:
    guideline = load_guideline(guideline_of_every_check(tmp_path))
    document = render(guideline, fmt)
    assert "{role}" not in document and "{expected}" not in document
    assert not TEMPLATE.search(document.replace("{min: ", ""))
    assert "at least 30 words" in document


def test_a_description_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(
        "rules:\n  - id: r1\n    check: length\n    max: 5\n"
        "    description: |\n      Short answers.\n      Really.\n",
        encoding="utf-8",
    )
    assert rule_in_words(load_guideline(path).rules[0]) == "Short answers. Really."


def test_rules_list_and_explain_say_the_rule(tmp_path: Path) -> None:
    guideline_of_every_check(tmp_path)
    listed = run("rules", "list", "-g", "g.yaml", cwd=tmp_path)
    assert listed.returncode == 0
    assert "r-length" in listed.stdout and "at least 30 words" in listed.stdout
    explained = run("rules", "explain", "r-length", "-g", "g.yaml", cwd=tmp_path)
    assert "(no description)" not in explained.stdout
    assert "The response is at least 30 words" in explained.stdout


def test_sarif_describes_a_rule_without_description(tmp_path: Path) -> None:
    import json

    guideline_of_every_check(tmp_path)
    (tmp_path / "d.jsonl").write_text('{"instruction": "Hi?", "response": "Hi."}\n', "utf-8")
    result = run("check", "d.jsonl", "-g", "g.yaml", "--format", "sarif", cwd=tmp_path)
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    length = next(r for r in rules if r["id"] == "r-length")
    assert length["fullDescription"]["text"].startswith("The response is at least 30 words")


def test_rules_explain_indents_examples_of_several_lines(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text(
        "rules:\n  - id: r1\n    check: phrase\n    phrases: [as an AI]\n"
        "    examples:\n      bad:\n"
        '        - response: "As an AI, I think:\\n- one\\n\\n- two"\n'
        '          explanation: "first\\nsecond"\n',
        encoding="utf-8",
    )
    result = run("rules", "explain", "r1", "-g", "g.yaml", cwd=tmp_path)
    assert result.returncode == 0
    tail = result.stdout.split("bad examples:\n", 1)[1]
    assert tail == (
        "  - As an AI, I think:\n    - one\n\n    - two\n    why: first\n         second\n"
    )
