"""``guidelint calibrate``: the statistics and the Markdown discussion sheet."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from clirun import run

GUIDELINE = """\
name: team
version: "3"
agreement:
  labels:
    quality: {categories: [1, 2, 3, 4, 5]}
rules:
  - id: no-ai-disclaimer
    check: phrase
    severity: error
    message: 'AI disclaimer "{match}"'
    phrases: [as an AI language model]
  - id: no-sorry
    check: phrase
    severity: warning
    message: 'apology "{match}"'
    phrases: [sorry]
"""

GOOD = "You can reset it from the sign-in page: click Forgot password and follow the link."
BAD = "As an AI language model, I cannot reset passwords. Sorry!"


def _annotation(number: int, who: Any, quality: int, text: str) -> dict[str, Any]:
    return {
        "id": number,
        "completed_by": who,
        "was_cancelled": False,
        "result": [
            {
                "from_name": "response",
                "to_name": "instruction",
                "type": "textarea",
                "value": {"text": [text]},
            },
            {
                "from_name": "quality",
                "to_name": "instruction",
                "type": "rating",
                "value": {"rating": quality},
            },
        ],
    }


def labelstudio_export(folder: Path) -> Path:
    """Four tasks: two done by ann and bob (one disagreement), one each by one of them."""
    tasks = [
        {
            "id": 1,
            "data": {"instruction": "How do I reset my password?"},
            "annotations": [_annotation(1, "ann", 5, GOOD), _annotation(2, "bob", 2, BAD)],
        },
        {
            "id": 2,
            "data": {"instruction": "Can I use Nimbus on Linux?"},
            "annotations": [
                _annotation(3, "ann", 4, "Yes: the desktop app runs on Ubuntu, Debian and Fedora."),
                _annotation(
                    4, "bob", 4, "Yes, there are .deb and .rpm packages on the Downloads page."
                ),
            ],
        },
        {
            "id": 3,
            "data": {"instruction": "Where is my invoice?"},
            "annotations": [_annotation(5, "ann", 3, "Invoices are under Settings, then Billing.")],
        },
        {
            "id": 4,
            "data": {"instruction": "How big can a file be?"},
            "annotations": [_annotation(6, "bob", 4, "Up to 50 GB per file.")],
        },
    ]
    path = folder / "batch.json"
    path.write_text(json.dumps(tasks, indent=1), encoding="utf-8")
    return path


def guideline(folder: Path) -> Path:
    path = folder / "team.yaml"
    path.write_text(GUIDELINE, encoding="utf-8")
    return path


def test_sheet_on_stdout(tmp_path: Path) -> None:
    export, team = labelstudio_export(tmp_path), guideline(tmp_path)
    result = run("calibrate", str(export), "-g", str(team), "--bootstrap", "50", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    sheet = result.stdout
    assert sheet.startswith("# Calibration: batch.json\n")
    assert "Guideline: **team** 3" in sheet
    assert "- `quality`: 2 annotators, 2 of 4 items labelled by two or more" in sheet
    assert "- `quality`: 2 item(s) with a single annotator are not compared" in sheet
    # agreement under 0.5 is called out
    assert "**Agreement on `quality` is under 0.5**" in sheet
    assert "Teams that have not calibrated typically stay under 0.5 on complex tasks" in sheet
    assert "| **Krippendorff's alpha (ordinal)** |" in sheet
    assert "### Each annotator against the group" in sheet
    assert "| ann | 3 (2) | 4.00 | +1.50 | −0.50 | 1 of 2 | 0 of 3 |" in sheet
    assert "| bob | 3 (2) | 3.33 | −1.50 | −0.50 | 1 of 2 | 1 of 3 |" in sheet
    # the rule bob's response breaks and ann's does not
    assert "## Rules the annotators apply differently" in sheet
    assert "| `no-ai-disclaimer` | error | 1 of 2 | bob (1) |" in sheet
    # the item to discuss, with both labels, responses and the broken rules
    assert "### 1. Item 1 — quality 2–5" in sheet
    assert "> How do I reset my password?" in sheet
    assert "| ann | 5 | – |" in sheet
    assert "| bob | 2 | `no-ai-disclaimer` (error), `no-sorry` (warning) |" in sheet
    assert f"> {BAD}" in sheet and f"> {GOOD}" in sheet
    assert '- `no-ai-disclaimer` (error): AI disclaimer "As an AI language model"' in sheet
    assert "**Decision:**" in sheet
    assert "## Items everyone labelled alike\n\n2 (quality 4)" in sheet
    assert sheet.index("### 1. Item 1") < sheet.index("## Items everyone labelled alike")


def test_sheet_to_a_file(tmp_path: Path) -> None:
    export, team = labelstudio_export(tmp_path), guideline(tmp_path)
    out = tmp_path / "sheet.md"
    result = run("calibrate", str(export), "-g", str(team), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("# Calibration: batch.json")
    assert "quality: krippendorff_alpha" in result.stdout
    assert f"wrote {out}: 1 item(s) to discuss" in result.stdout


def test_min_agreement_and_bad_output(tmp_path: Path) -> None:
    export, team = labelstudio_export(tmp_path), guideline(tmp_path)
    result = run(
        "calibrate",
        str(export),
        "-g",
        str(team),
        "--min-agreement",
        "0.6",
        "-o",
        str(tmp_path / "s.md"),
        cwd=tmp_path,
    )
    assert result.returncode == 1 and "FAIL: 'quality'" in result.stdout
    blocked = run(
        "calibrate", str(export), "-g", str(team), "-o", str(tmp_path / "no" / "s.md"), cwd=tmp_path
    )
    assert blocked.returncode == 2 and "cannot write the sheet" in blocked.stderr


def test_one_annotator_batch(tmp_path: Path) -> None:
    tasks = [
        {"id": 1, "data": {"instruction": "Hi?"}, "annotations": [_annotation(1, "ann", 4, GOOD)]}
    ]
    path = tmp_path / "one.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    result = run("calibrate", str(path), "-g", str(guideline(tmp_path)), cwd=tmp_path)
    assert result.returncode == 0
    assert "could not be computed" in result.stdout
    # (no item is shared: that annotators agree on every shared one would say nothing)
    assert "Annotators agree" not in result.stdout
    assert (
        "No item was labelled by two or more annotators: nothing to compare or discuss."
        in result.stdout
    )


@pytest.mark.parametrize("output", ["", "sheet.md", "sheet.html"])
def test_a_batch_without_labels_says_only_that(tmp_path: Path, output: str) -> None:
    if output.endswith(".html"):
        pytest.importorskip("matplotlib")
    (tmp_path / "empty.json").write_text("[]\n", encoding="utf-8")
    args = ("calibrate", "empty.json", *(("-o", output) if output else ()))
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 0  # (degenerate data: exit 0, as `agreement` gives)
    sheet = (tmp_path / output).read_text("utf-8") if output else result.stdout
    assert "No labels" in sheet and "nothing to compare" in sheet
    assert "agree on" not in sheet.lower()
    assert run(*args, "--min-agreement", "0.5", cwd=tmp_path).returncode == 1


def test_real_support_batch(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "labelstudio" / "support_batch_export.json"
    out = tmp_path / "sheet.md"
    result = run("calibrate", str(path), "--categories", "1,2,3,4,5", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    sheet = out.read_text(encoding="utf-8")
    assert "- `quality`: 4 annotators, 8 of 39 items labelled by two or more" in sheet
    assert "**Agreement on `quality` is under 0.5**: Krippendorff's alpha is −0.23" in sheet
    assert "### 1. Item 22 — quality 2–5" in sheet
    assert "> I'm locked out of my account." in sheet
    assert sheet.count("**Decision:**") == len(
        [line for line in sheet.splitlines() if line.startswith("### ") and "Item" in line]
    )
    assert "wrote" in result.stdout and "8 disagreed on" in result.stdout
    # annotator 1 gave 4 on task 8, where the others gave 5 and 3: the median, not a match
    # with any of them, and the column says so
    assert "| same as the others' median |" in sheet and "same value as the others" not in sheet
    assert "| 1 | 12 (5) | 4.33 | +0.60 | −0.29 | 1 of 5 | 2 of 12 |" in sheet
    # every message `check` gives a response, not the first of each rule: item 22 by 3
    # breaks refusal-boilerplate twice, item 1 by 4 apologises three times
    assert (
        "- `refusal-boilerplate` (error), 2 times:\n"
        '  - refusal boilerplate "I don\'t have the ability to": say what can be done instead\n'
        '  - refusal boilerplate "I cannot help": say what can be done instead\n'
    ) in sheet
    assert "| 3 | 2 | `ai-identity-disclaimer` (error), `refusal-boilerplate` (error) ×2, " in sheet
    assert (
        "- `no-inappropriate-apology` (warning), 3 times:\n"
        "  - apology 'sorry for any inconvenience' though the user reported no problem\n"
        "  - apology 'apologies' though the user reported no problem\n"
        "  - apology 'sorry' though the user reported no problem\n"
    ) in sheet


def test_real_support_batch_as_html_lists_every_message(shared_data: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    path = shared_data / "labelstudio" / "support_batch_export.json"
    page = tmp_path / "sheet.html"
    args = ("calibrate", str(path), "--categories", "1,2,3,4,5", "-o", str(page))
    assert run(*args, cwd=tmp_path).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert "refusal-boilerplate (error) ×2" in html
    assert (
        "<li>refusal boilerplate &quot;I don&#x27;t have the ability to&quot;: say what can be "
        "done instead</li><li>refusal boilerplate &quot;I cannot help&quot;: say what can be "
        "done instead</li>"
    ) in html
    assert "apology &#x27;apologies&#x27; though the user reported no problem" in html


def test_real_two_annotators(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "labelstudio" / "export_two_annotators.json"
    result = run("calibrate", str(path), "--bootstrap", "0", cwd=tmp_path)
    assert result.returncode == 0
    sheet = result.stdout
    assert "### 1. Item 1 — quality 3–5" in sheet and "### 2. Item 3 — quality 3–5" in sheet
    assert "> admin answer 1" in sheet and "> annotator2 answer 1" in sheet
    assert "## Items everyone labelled alike\n\n2 (quality 4)" in sheet


def test_counts_of_one_item_are_singular(tmp_path: Path) -> None:
    task = {
        "id": 1,
        "data": {"instruction": "How do I reset my password?"},
        "annotations": [_annotation(1, "ann", 5, GOOD), _annotation(2, "bob", 4, BAD)],
    }
    (tmp_path / "one.json").write_text(json.dumps([task]), encoding="utf-8")
    team = guideline(tmp_path)
    result = run("calibrate", "one.json", "-g", str(team), "--bootstrap", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "- `quality`: 2 annotators, 1 of 1 item labelled by two or more" in result.stdout
    result = run("agreement", "one.json", "-g", str(team), "--bootstrap", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Guideline agreement: 1 item with responses by 2+ annotators" in result.stdout


def test_unweighted_kappa_is_called_unweighted(tmp_path: Path) -> None:
    rows = [
        {"item": f"i{k}", "annotator": who, "verdict": verdict}
        for k, pair in enumerate([("ok", "bad"), ("ok", "ok"), ("bad", "bad")])
        for who, verdict in zip(("ann", "bob"), pair, strict=True)
    ]
    (tmp_path / "labels.jsonl").write_text(
        "".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8"
    )
    result = run(
        "calibrate", "labels.jsonl", "--label", "verdict", "--bootstrap", "0", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "| Cohen's kappa (unweighted) |" in result.stdout  # (was "(none)")
    assert re.search(r"\| Percent agreement \| [0-9.]+ \| [^|]* \| raw \|", result.stdout)
