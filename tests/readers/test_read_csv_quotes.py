"""CSV quotes that span lines, text after a closing quote, and the delimiter (#18, item 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reader_helpers import read, write


def rows(tmp_path: Path, content: str, name: str = "d.csv") -> tuple[list[tuple[int, str]], list]:
    result = read(write(tmp_path, name, content))
    return [(r.line, r.texts[-1].text) for r in result.records], result.errors


def test_a_quote_closed_on_the_next_line_does_not_merge_two_rows(tmp_path: Path) -> None:
    content = (
        "instruction,response\n"
        '"Unclosed quote,here is text\n'
        '"Fine question here?",Fine answer\n'
        "What is two plus two?,Four.\n"
    )
    records, errors = rows(tmp_path, content)
    assert records == [(3, "Fine answer"), (4, "Four.")]
    [error] = errors
    assert (error.line, error.column) == (2, 1)
    assert "quoted cell opened at line 2, column 1 ('instruction') runs on to line 3" in (
        error.message
    )
    assert "the lines after line 2 are read as rows again" in error.message
    assert "quote" in (error.hint or "") and "delimiter" not in (error.hint or "")


def test_a_quote_closed_lines_later_with_the_wrong_cell_count(tmp_path: Path) -> None:
    content = (
        "instruction,response\n"
        'What is it?,"It is open\n'
        "What is two plus two?,Four.\n"
        'Why is the "sky" blue?,Rayleigh scattering.\n'
        "Is this the last one?,Yes.\n"
    )
    records, errors = rows(tmp_path, content)
    assert records == [(3, "Four."), (4, "Rayleigh scattering."), (5, "Yes.")]
    [error] = errors
    assert (error.line, error.column) == (2, 13)
    assert "lines 2-4 were read as one row of 3 cells (the header has 2)" in error.message


def test_a_sound_multiline_cell_is_one_record(tmp_path: Path) -> None:
    content = 'instruction,response\nQ1,"two\nlines, ""quoted"""\nQ2,a\n'
    records, errors = rows(tmp_path, content)
    assert not errors
    assert records == [(2, 'two\nlines, "quoted"'), (4, "a")]


def test_text_after_a_closing_quote_is_an_error_at_the_quote(tmp_path: Path) -> None:
    content = 'instruction,response\n"What is it?" she said,It is a thing.\nQ2,a\n'
    records, errors = rows(tmp_path, content)
    assert records == [(3, "a")]
    [error] = errors
    assert (error.line, error.column) == (2, 13)
    assert "text follows the closing quote of 'instruction'" in error.message


def test_semicolon_csv_is_read_with_its_delimiter(tmp_path: Path) -> None:
    content = "instruction;response\nWhat is it?;It is a thing, really.\nSum, please?;Four.\n"
    records, errors = rows(tmp_path, content)
    assert not errors
    assert records == [(2, "It is a thing, really."), (3, "Four.")]


def test_the_wrong_cell_count_names_the_delimiter(tmp_path: Path) -> None:
    _, errors = rows(tmp_path, "instruction;response\nA;b;c\n")
    [error] = errors
    assert error.message == "row has 3 cells, the header has 2"
    assert "semicolons" in (error.hint or "")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("instruction,response\n", ","),
        ("instruction;response\n", ";"),
        ('"a;b",c\n', ","),
        ('"a,b";c\n', ";"),
        ("a|b|c\n", "|"),
        ("single\n", ","),
        ("a\tb\tc;d\n", "\t"),
        ("a\tb;c\n", ";"),  # (a tie: the semicolon, then the tab, then |)
    ],
)
def test_detect_delimiter(line: str, expected: str) -> None:
    from guidelint.readers.delimited import detect_delimiter

    assert detect_delimiter(line, ",") == expected


def test_tsv_is_not_detected(tmp_path: Path) -> None:
    records, errors = rows(tmp_path, "instruction\tresponse\nA;b\tc;d\n", "d.tsv")
    assert not errors and records == [(2, "c;d")]


def test_a_column_named_twice_is_said_once(tmp_path: Path) -> None:
    records, errors = rows(tmp_path, "instruction,response,response\nQ,first,second\nR,a,b\n")
    assert records == [(2, "second"), (3, "b")]
    [error] = errors
    assert error.line == 1
    assert error.message.startswith("the header names 'response' (columns 2, 3) more than once")
