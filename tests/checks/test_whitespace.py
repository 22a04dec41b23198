"""The whitespace check: what it finds, where, and the fixes it proposes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_check
from guidelint.checks.whitespace import WhitespaceCheck


def _apply(text: str, findings: list) -> str:  # type: ignore[type-arg]
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        fix = finding.fix
        text = text[: fix.start] + fix.replacement + text[fix.end :]
    return text


@pytest.mark.parametrize(
    ("text", "spans", "fixed"),
    [
        ("Open Settings, then Billing.", [], "Open Settings, then Billing."),
        ("Open Settings,  then Billing.", [(14, 16)], "Open Settings, then Billing."),
        ("Open Settings, then Billing. ", [(28, 29)], "Open Settings, then Billing."),
        ("  Hi there.", [(0, 2)], "Hi there."),
        ("Line one. \nLine two.", [(9, 10)], "Line one.\nLine two."),
        ("Line one.\t\r\nLine two.", [(9, 10)], "Line one.\r\nLine two."),
        ("One.\n\n\n\nTwo.", [(4, 8)], "One.\n\nTwo."),
        ("One.\r\n\r\n\r\nTwo.", [(4, 10)], "One.\r\n\r\nTwo."),
        ("One.\n\nTwo.", [], "One.\n\nTwo."),
        ("- item\n    - nested item", [], "- item\n    - nested item"),
        ("```\nx  =  1   \n```\nDone.", [], "```\nx  =  1   \n```\nDone."),
        ("", [], ""),
        # Trailing spaces or blank lines at the start or end of the response go with its
        # fix: one finding, and one --fix pass leaves nothing.
        ("Hello there. \n", [(12, 14)], "Hello there."),
        ("Hello  \n\n\n\nthere \n", [(5, 7), (7, 11), (16, 18)], "Hello\n\nthere"),
        (" \nHello", [(0, 2)], "Hello"),
        ("\n\n\n\nHello", [(0, 4)], "Hello"),
    ],
)
def test_findings_and_fixes(text: str, spans: list[tuple[int, int]], fixed: str) -> None:
    findings = run_check("whitespace", {}, text)
    assert [(f.start, f.end) for f in findings] == spans
    assert all(f.fix is not None and f.fix.safe for f in findings)
    assert _apply(text, findings) == fixed


def test_options_turn_parts_off() -> None:
    from pydantic import ValidationError

    text = "  Two  spaces. \n\n\n\nEnd "
    off = {"trailing_spaces": False, "repeated_spaces": False, "surrounding": False}
    assert [f.params["what"] for f in run_check("whitespace", off, text)] == [
        "3 blank lines in a row; at most 1 wanted"
    ]
    with pytest.raises(ValidationError, match="the rule checks nothing"):
        WhitespaceCheck.Options.model_validate({**off, "max_blank_lines": None})
    assert len(run_check("whitespace", {"max_blank_lines": 3}, "a\n\n\n\nb")) == 0


def test_message() -> None:
    (finding,) = run_check("whitespace", {}, "a  b")
    assert WhitespaceCheck.default_message.format(**finding.params) == "2 spaces between words"


def test_bad_option() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="max_blank_lines"):
        WhitespaceCheck.Options.model_validate({"max_blank_lines": -1})


# The check as first written (a regex per kind, a Finding per match, then sorting and
# filtering): the fast paths must find exactly what it found.
def _reference(text: str, max_blank_lines: int | None = 1) -> list[tuple[int, int, str, str]]:
    import re

    from guidelint.text import TextAnalysis

    if not text or (" " not in text and "\n" not in text and "\t" not in text):
        return []
    code = TextAnalysis(text).code_blocks
    found: list[tuple[int, int, str, str]] = []
    lead = len(text) - len(text.lstrip())
    if lead:
        found.append((0, lead, "", "whitespace at the start of the response"))
    stripped_end = len(text.rstrip())
    if 0 < stripped_end < len(text):
        found.append((stripped_end, len(text), "", "whitespace at the end of the response"))
    for m in re.finditer(r"[ \t]+(?=\r?\n)", text):
        line_break = (
            m.end() - m.start() >= 2
            and set(m.group()) == {" "}
            and m.start() > 0
            and text[m.start() - 1] not in "\r\n"
            and text[m.end() :].lstrip("\r").removeprefix("\n").split("\n", 1)[0].strip() != ""
        )
        what = (
            "two spaces at the end of a line (a Markdown line break)"
            if line_break
            else "trailing whitespace at the end of a line"
        )
        found.append((m.start(), m.end(), "", what))
    for m in re.finditer(r"(?<=\S)[ ]{2,}(?=\S)", text):
        found.append((m.start(), m.end(), " ", f"{m.end() - m.start()} spaces between words"))
    blank_spans = []
    if max_blank_lines is not None:
        keep = max_blank_lines + 1
        runs = re.compile(r"\n(?:[ \t]*\r?\n){" + str(keep) + ",}")
        for m in runs.finditer(text, 0, stripped_end):
            start = m.start() - 1 if m.start() and text[m.start() - 1] == "\r" else m.start()
            newline = "\r\n" if text[start] == "\r" else "\n"
            blanks = m.group().count("\n") - 1
            blank_spans.append((start, m.end()))
            what = f"{blanks} blank lines in a row; at most {keep - 1} wanted"
            found.append((start, m.end(), newline * keep, what))
    # Markdown's indented code: lines of four spaces or a tab after a blank line that
    # follows text; its runs of spaces are alignment
    aligned = []
    text_seen = after_blank = in_block = False
    offset = 0
    for line in text.split("\n") if max_blank_lines != 0 else ():
        indented = re.match(r"(?: {4}|\t).*\S", line) is not None
        if not line.strip():
            after_blank = text_seen
        elif indented and (after_blank or in_block):
            in_block, after_blank = True, False
            aligned.append((offset, offset + len(line)))
        else:
            in_block = after_blank = False
            text_seen = True
        offset += len(line) + 1
    seen: set[tuple[int, int]] = set()
    kept = []
    for start, end, replacement, what in sorted(found, key=lambda f: (f[0], f[1])):
        span = (start, end)
        if span in seen or any(s <= start < e for s, e in code):
            continue
        if what.endswith("spaces between words") and any(s <= start < e for s, e in aligned):
            continue
        if any(
            s <= start and end <= e and (s, e) != span
            for s, e, _, what in found
            if what.startswith("whitespace at the")
        ):
            continue
        if span not in blank_spans and any(s <= start and end <= e for s, e in blank_spans):
            continue
        seen.add(span)
        kept.append((start, end, replacement, what))
    return kept


_PIECES = [" ", "  ", "\t", "\n", "\r\n", "\r", "a", "b.", "```", "~~~", "\u00a0", "\u2003"]


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=30).map("".join),
    st.sampled_from([None, 0, 1, 2]),
)
def test_same_findings_as_the_reference(text: str, max_blank_lines: int | None) -> None:
    findings = run_check("whitespace", {"max_blank_lines": max_blank_lines}, text)
    got = [
        (f.start, f.end, f.fix.replacement if f.fix else None, f.params["what"]) for f in findings
    ]
    assert got == _reference(text, max_blank_lines)
    assert all(f.params["count"] == f.end - f.start for f in findings)


@settings(max_examples=3000, deadline=None)
@given(
    # (No code fences, which removing white space can make or unmake, and no lone "\r",
    # which is not a line break here but becomes part of "\r\n" when spaces go.)
    st.lists(
        st.sampled_from([p for p in _PIECES if p not in ("```", "~~~", "\r")]), max_size=30
    ).map("".join),
    st.sampled_from([None, 0, 1, 2]),
)
def test_one_fix_pass_leaves_nothing(text: str, max_blank_lines: int | None) -> None:
    options = {"max_blank_lines": max_blank_lines}
    fixed = _apply(text, run_check("whitespace", options, text))
    assert run_check("whitespace", options, fixed) == []


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        # A blank-line run, the trailing spaces inside it go with its fix.
        ("One.\n  \n\t\n\nTwo.", [(4, 11)]),
        # Leading whitespace that is also a run of blank lines: reported once.
        ("\n\n\nTwo.", [(0, 3)]),
        # Blank lines that all hold spaces are blank lines (their trailing spaces go
        # with the run's fix; before, only they were reported, and the run after --fix).
        ("One.\n  \n  \nTwo.", [(4, 11)]),
        ("One.\n  \nTwo.", [(5, 7)]),
        # Trailing spaces before "\r\n" and a tab before "\n", in code and outside.
        ("a \r\nb\t\n```\nc  \n```\nd  e", [(1, 2), (5, 6), (20, 22)]),
        # Three or more spaces; runs next to a tab or a line break are indentation.
        ("a   b\t  c\n  d", [(1, 4)]),
    ],
)
def test_fast_path_edges(text: str, spans: list[tuple[int, int]]) -> None:
    findings = run_check("whitespace", {}, text)
    assert [(f.start, f.end) for f in findings] == spans
    assert [(s, e, r, w) for s, e, r, w in _reference(text)] == [
        (f.start, f.end, f.fix.replacement if f.fix else None, f.params["what"]) for f in findings
    ]


def test_a_markdown_line_break_is_reported_with_an_unsafe_fix() -> None:
    """Two spaces at the end of a line before more text break the line in Markdown
    ("[Your Name]  " over "[Your Title]"): --fix joined the two lines."""
    text = "Best,\n[Your Name]  \n[Your Title]\nEnd.   \n\nLast.\t\n"
    findings = run_check("whitespace", {"surrounding": False}, text)
    shown = [
        (text[f.start : f.end], f.params["what"], f.fix.safe if f.fix else None) for f in findings
    ]
    assert shown == [
        ("  ", "two spaces at the end of a line (a Markdown line break)", False),
        ("   ", "trailing whitespace at the end of a line", True),  # (a blank line follows)
        ("\t", "trailing whitespace at the end of a line", True),
    ]


def test_an_indented_code_block_keeps_its_alignment() -> None:
    """The safe fix turned "TIMEOUT = 30      # seconds" in a four-space indented code
    block into "TIMEOUT = 30 # seconds": alignment in code is content."""
    text = (
        "Put this in config.py:\n\n    TIMEOUT = 30      # seconds\n    RETRIES = 3       # "
        "attempts\n\nThen  restart the app."
    )
    findings = run_check("whitespace", {}, text)
    assert [text[f.start : f.end] for f in findings] == ["  "]  # (the prose's, not the code's)
    # four spaces inside a paragraph are no code block: its line goes on the paragraph
    prose = "Open Settings,\n    then  Billing."
    assert [prose[f.start : f.end] for f in run_check("whitespace", {}, prose)] == ["  "]
