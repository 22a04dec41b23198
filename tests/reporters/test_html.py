"""``--format html`` without a browser: what the page holds, escaping, the numbers against
the JSON report, the bounded sample, the missing extra. (tests/test_html_browser.py
opens the same pages in Chromium.)"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from html_cases import (
    HOSTILE,
    agreement_dataset,
    check_dataset,
    number,
    parse,
    rows_by_first,
)

from clirun import run

pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict, int, Path]:
    """The HTML and JSON reports of one check run (30 records), and its folder."""
    folder = tmp_path_factory.mktemp("checked")
    return (*_check(folder), folder)


def _check(tmp_path: Path, *extra: str, records: int = 30) -> tuple[str, dict, int]:
    data, guideline = check_dataset(tmp_path, records)
    base = ["check", data.name, "--guideline", guideline.name, "--jobs", "1", *extra]
    html = run(*base, "--format", "html", "-o", "report.html", cwd=tmp_path)
    js = run(*base, "--format", "json", "-o", "report.json", cwd=tmp_path)
    assert html.returncode == js.returncode
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    return page, json.loads((tmp_path / "report.json").read_text("utf-8")), html.returncode


def assert_safe(page: str) -> None:
    """No element or attribute from the data: no script, no handler, nothing fetched."""
    parsed = parse(page)
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags
    assert "img" not in tags and "iframe" not in tags and "object" not in tags
    for tag, attributes in parsed.tags:
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in ("src", "href", "xlink:href") and value:
                assert value.startswith(("#", "data:")), (tag, name, value)
    # one style sheet (ours), one svg per chart, nothing else from the data
    assert tags.count("style") == 1
    assert page.count("<svg ") == tags.count("svg")
    assert "window.__pwned" in "".join(parsed.text)  # shown as text, not run


def test_check_page_is_escaped_and_self_contained(checked: tuple[str, dict, int, Path]) -> None:
    page = checked[0]
    assert_safe(page)
    text = "".join(parse(page).text)
    for hostile in HOSTILE[:2]:  # (visible as the text it is, in an excerpt or a message)
        assert hostile[:20] in text
    assert "http://" not in page.replace("http://www.w3.org/", "")
    # a generator's name in the heat map's SVG text, and in its table: escaped both times
    assert page.count("&gt;&lt;b&gt;model-b&lt;/b&gt;") == 2
    assert "<b>model-b" not in page
    # (the only https:// left is the escaped text of the hostile response)
    assert re.findall(r"(?<!&quot;)https://", page) == []


def test_check_page_numbers_match_the_json_report(checked: tuple[str, dict, int, Path]) -> None:
    page, document, code, _ = checked
    summary = document["summary"]
    parsed = parse(page)
    rules = rows_by_first(parsed.tables["rules"])
    assert {rule: int(row[2].replace(",", "")) for rule, row in rules.items()} == summary["by_rule"]
    counts = dict(re.findall(r'data-count="([a-z ]+)"><span class="n">([0-9,]+)<', page))
    assert int(counts["records"]) == summary["records"]
    assert int(counts["violations"]) == summary["violations"]
    for severity in ("error", "warning", "info"):
        assert int(counts[severity]) == summary["by_severity"][severity]
    assert f'data-exit-status="{code}"' in page and code == 1
    # records per rule: the distinct records of the JSON violations
    per_rule: dict[str, set[int]] = {}
    for v in document["violations"]:
        if v["line"]:
            per_rule.setdefault(v["rule"], set()).add(v["line"])
    for rule, lines in per_rule.items():
        assert int(rules[rule][3]) == len(lines), rule
    # the guideline and its version (escaped)
    assert "7.3-&lt;b&gt;" in page


def test_rates_per_file_annotator_and_generator(checked: tuple[str, dict, int, Path]) -> None:
    page, document, _, tmp_path = checked
    records = [json.loads(x) for x in (tmp_path / "data.jsonl").read_text().splitlines()]
    generator = {i + 1: r["generator"] for i, r in enumerate(records)}
    annotator = {i + 1: r["annotator"] for i, r in enumerate(records)}
    parsed = parse(page)
    for kind, of in (("generator", generator), ("annotator", annotator)):
        table = parsed.tables[f"rates-{kind}"]
        header, rows = table[0], rows_by_first(table)
        totals = Counter(of.values())
        for group, row in rows.items():
            assert int(row[1]) == totals[group]
            for rule, cell in zip(header[2:], row[2:], strict=True):
                lines = {
                    v["line"] for v in document["violations"] if v["rule"] == rule and v["line"]
                }
                expected = sum(1 for line in lines if of[line] == group)
                assert cell == f"{expected / totals[group]:.1%} ({expected})", (group, rule)
        assert set(rows) == set(totals)
    files = rows_by_first(parsed.tables["rates-file"])
    assert list(files) == ["data.jsonl"] and files["data.jsonl"][1] == "30"


def test_rates_are_the_same_with_worker_processes(
    checked: tuple[str, dict, int, Path], tmp_path: Path
) -> None:
    one = checked[0]
    two, _, _ = _check(tmp_path, "--jobs", "2")  # (the later --jobs wins)
    for kind in ("generator", "annotator", "file"):
        assert parse(one).tables[f"rates-{kind}"] == parse(two).tables[f"rates-{kind}"]


def test_length_histogram_counts_every_response_and_draws_the_bounds(
    checked: tuple[str, dict, int, Path],
) -> None:
    page, _, _, tmp_path = checked
    parsed = parse(page)
    histogram = parsed.tables["lengths"][1:]
    assert sum(int(row[1]) for row in histogram) == 30
    bounds = rows_by_first(parsed.tables["length-bounds"])
    # customer-support's response-length: min 30, max 500, optimal 100-300 words
    assert set(bounds) == {"min 30", "max 500", "optimal min 100", "optimal max 300"}
    records = [json.loads(x) for x in (tmp_path / "data.jsonl").read_text().splitlines()]
    from guidelint.text import TextAnalysis

    words = [TextAnalysis(r["response"]).word_count for r in records]
    assert int(bounds["min 30"][2]) == sum(1 for w in words if w < 30)
    assert int(bounds["max 500"][3]) == sum(1 for w in words if w > 500)
    svg = page[page.index('data-figure="lengths"') :]
    for name in ("min 30", "max 500", "optimal min 100"):
        assert f">{name}<" in svg[: svg.index("</svg>")]  # the bound is drawn


def test_findings_are_a_bounded_sample_with_the_rest_counted(
    checked: tuple[str, dict, int, Path], tmp_path: Path
) -> None:
    page, document, _ = _check(tmp_path, records=600)
    by_rule = document["summary"]["by_rule"]
    rule = "ai-identity-disclaimer"
    assert by_rule[rule] > 10
    section = page[page.index(f'id="rule-{rule}"') :]
    section = section[: section.index("<h3", 10)]
    assert section.count('class="finding ') == 10
    assert f'data-left-out="{by_rule[rule] - 10}"' in section
    assert "data.jsonl:2:1<" in section  # location (record 1 is the canned answer)
    assert "<mark>As an AI language model</mark>" in section  # excerpt, match marked
    fixes = (
        page[page.index('id="rule-stray-whitespace"') :] if "stray-whitespace" in by_rule else ""
    )
    if fixes:
        assert "Fix (--fix)" in fixes
    # dataset-level: the duplicates and the rate over its limit
    dataset = parse(checked[0]).tables["dataset"]
    rules = {row[0] for row in dataset[1:]}
    assert {"duplicate-response", "shouting"} <= rules
    dataset_level = document["summary"]["by_rule"]["duplicate-response"] + 1  # (+ shouting)
    # every rate over its limit (shouting's), then the first 50 others
    table = parse(page).tables["dataset"]
    assert len(table) == 1 + 1 + 50 and table[1][0] == "shouting"
    assert f'data-left-out="{dataset_level - 51}"' in page
    # 20 times the records (and findings), about the same page
    assert document["summary"]["violations"] > 2000
    assert len(page) < len(checked[0]) * 1.5


def test_without_the_extra_the_command_names_it(tmp_path: Path) -> None:
    data, _guideline = check_dataset(tmp_path)
    labels = agreement_dataset(tmp_path)
    blocked = (
        "import sys; sys.modules['matplotlib'] = None; from guidelint.cli.main import entry;"
        "sys.argv = ['guidelint', *sys.argv[1:]]; entry()"
    )
    import subprocess

    from clirun import clean_env

    for args in (
        ["check", str(data), "--format", "html", "-o", "r.html"],
        ["check", str(data), "-o", "r.html"],  # (implied by the suffix)
        ["agreement", str(labels), "--label", "quality", "--format", "html"],
        ["calibrate", str(labels), "--label", "quality", "--format", "html"],
    ):
        done = subprocess.run(
            [sys.executable, "-c", blocked, *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=clean_env(),
        )
        assert done.returncode == 2, done.stderr
        assert "pip install 'guidelint[report]'" in done.stderr
        assert "Traceback" not in done.stderr
        assert not (tmp_path / "r.html").exists()


def test_agreement_page_numbers_match_the_json_report(tmp_path: Path) -> None:
    labels = agreement_dataset(tmp_path)
    args = ["agreement", labels.name, "--label", "quality", "--bootstrap", "200"]
    run(*args, "--format", "html", "-o", "a.html", cwd=tmp_path)
    js = run(*args, "--format", "json", cwd=tmp_path)
    document = json.loads(js.stdout)
    page = (tmp_path / "a.html").read_text("utf-8")
    assert_safe_agreement(page)
    check_agreement_tables(parse(page).tables, document)


def assert_safe_agreement(page: str) -> None:
    parsed = parse(page)
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags and "img" not in tags
    for _, attributes in parsed.tags:
        assert not any(name.startswith("on") for name in attributes)


def check_agreement_tables(tables: dict[str, list[list[str]]], document: dict) -> None:
    """Every number of the page's tables against the JSON report (shared with the
    browser test, which reads the tables from the rendered page)."""
    label = document["labels"][0]
    overview = rows_by_first(tables["overview"])["quality"]
    assert overview[2] == number(label["headline"]["value"])
    ci = label["statistics"]["krippendorff_alpha"]["ci"]
    assert overview[3] == f"{number(ci[0])} to {number(ci[1])}"
    assert overview[4] == label["headline"]["interpretation"]
    stats = {row[0].replace(" (headline)", ""): row for row in tables["statistics-0"][1:]}
    assert stats["Krippendorff's alpha"][1] == number(
        label["statistics"]["krippendorff_alpha"]["value"]
    )
    assert stats["Fleiss' kappa"][1] == number(label["statistics"]["fleiss_kappa"]["value"])
    pairs = {(row[0], row[1]): row for row in tables["pairs-0"][1:]}
    assert len(pairs) == len(label["pairs"])
    for pair in label["pairs"]:
        row = pairs[(pair["a"], pair["b"])]
        assert row[2] == number(pair["shared_items"])
        assert row[4] == number(pair["value"])
    annotators = rows_by_first(tables["annotators-0"])
    for a in label["annotators"]:
        row = annotators[a["annotator"]]
        assert row[1] == number(a["items"])
        assert row[3] == number(a["mean"]) and row[4] == number(a["bias"])
        rate = a["violation_rate"]
        assert row[9] == ("–" if rate is None else f"{rate:.1%}")
    distribution = rows_by_first(tables["distribution-0"])
    header = tables["distribution-0"][0]
    for a in label["annotators"]:
        row = distribution[a["annotator"]]
        for category, cell in zip(header[1:-1], row[1:-1], strict=True):
            assert cell == number(a["distribution"].get(category, 0)), (a["annotator"], category)
    confusion = tables["confusion-0"]
    best = max(label["pairs"], key=lambda p: (p["shared_items"], p["a"], p["b"]))
    assert sum(int(c) for row in confusion[1:] for c in row[1:]) == best["shared_items"]
    shown = tables["disagreements-0"][1:]
    assert [row[0] for row in shown] == [d["item"] for d in label["disagreements"]["items"]]
    rules = rows_by_first(tables["rule-agreement"])
    for rule in document["guideline_agreement"]["rules"]:
        assert rules[rule["rule"]][3] == number(rule["items_split"])
        assert rules[rule["rule"]][5] == f"{rule['share_split']:.1%}"


def test_calibrate_page_lists_the_items_to_discuss(tmp_path: Path) -> None:
    labels = agreement_dataset(tmp_path)
    done = run(
        "calibrate",
        labels.name,
        "--label",
        "quality",
        "--format",
        "html",
        "-o",
        "cal.html",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "cal.html").read_text("utf-8")
    assert_safe_agreement(page)
    assert 'id="discuss"' in page
    assert "Response by &lt;ben&gt;:" in page
    assert "&lt;script&gt;window.__pwned" in page
    markdown = run("calibrate", labels.name, "--label", "quality", cwd=tmp_path).stdout
    assert markdown.startswith("#")  # (Markdown stays the default)


def test_agreement_output_option_writes_any_format(tmp_path: Path) -> None:
    labels = agreement_dataset(tmp_path)
    done = run(
        "agreement",
        labels.name,
        "--label",
        "quality",
        "--format",
        "json",
        "-o",
        "a.json",
        cwd=tmp_path,
    )
    assert done.returncode == 0 and "wrote a.json" in done.stdout
    assert json.loads((tmp_path / "a.json").read_text("utf-8"))["labels"][0]["name"] == "quality"


def test_generator_rates_of_records_sharing_a_line(tmp_path: Path) -> None:
    """Minified JSON: three records on one line, each counted under its own generator,
    also when a file's violations are held until its end (--diff, as --fix)."""
    records = [
        {
            "id": f"r{i}",
            "instruction": "hi",
            "output": "As an AI language model, no.",
            "generator": f"gen-{i}",
        }
        for i in range(3)
    ]
    (tmp_path / "mini.json").write_text(json.dumps(records), encoding="utf-8")
    run("check", "mini.json", "--diff", "-o", "mini.html", cwd=tmp_path)
    table = parse((tmp_path / "mini.html").read_text("utf-8")).tables["rates-generator"]
    column = table[0].index("ai-identity-disclaimer")
    assert {row[0]: row[column] for row in table[1:]} == {
        f"gen-{i}": "100.0% (1)" for i in range(3)
    }


def test_shares_are_of_the_records_checked_not_of_the_invalid_ones(tmp_path: Path) -> None:
    """The headline's records, the per-rule shares and the per-file records count the
    same records, as the JSON report and max_rate do: an unreadable line is an invalid
    record, not one of them."""
    line = '{"instruction": "Do you have a student discount?", "response": "As an AI %s"}'
    (tmp_path / "h.jsonl").write_text(
        "\n".join([line % "language model, yes.", line % "language model, no.", "not json"]),
        encoding="utf-8",
    )
    run("check", "h.jsonl", "--no-config", "--format", "html", "-o", "h.html", cwd=tmp_path)
    js = run("check", "h.jsonl", "--no-config", "--format", "json", cwd=tmp_path)
    summary = json.loads(js.stdout)["summary"]
    assert (summary["records"], summary["invalid_records"]) == (2, 1)
    page = (tmp_path / "h.html").read_text("utf-8")
    counts = dict(re.findall(r'data-count="([a-z ]+)"><span class="n">([0-9,]+)<', page))
    assert (counts["records"], counts["invalid records"]) == ("2", "1")
    parsed = parse(page)
    rules = rows_by_first(parsed.tables["rules"])
    assert rules["ai-identity-disclaimer"][2:5] == ["2", "2", "100.0%"]
    assert rules["invalid-record"][2:5] == ["1", "0", "0.0%"]  # (no record checked)
    files = parsed.tables["rates-file"]
    column = files[0].index("ai-identity-disclaimer")
    assert [files[1][0], files[1][1], files[1][column]] == ["h.jsonl", "2", "100.0% (2)"]
    assert "invalid-record" not in files[0]
    assert "the 1 invalid record (not readable as a record) is not among them" in page


def test_a_capped_run_counts_every_violation_and_samples_the_most_severe(
    checked: tuple[str, dict, int, Path], tmp_path: Path
) -> None:
    """--max-violations decides what is shown only at the end: the tables still count
    every violation, in the order found; the findings shown are the most severe."""
    page, document, _, _ = checked
    capped, capped_document, _ = _check(tmp_path, "--max-violations", "3")
    for name in ("rules", "rates-file", "rates-annotator", "rates-generator"):
        assert parse(capped).tables[name] == parse(page).tables[name], name
    shown = capped_document["violations"]
    assert len(shown) == 3 and {v["severity"] for v in shown} == {"error"}
    findings = re.findall(r'<div class="finding ([a-z]+)">', capped)
    assert sorted(findings) == ["error"] * 3
    assert document["summary"] == capped_document["summary"] | {
        "notes": document["summary"]["notes"]
    }


def _luminance(color: str) -> float:
    """WCAG relative luminance of ``#rrggbb`` (what is left of a colour in greyscale)."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def test_severity_colours_are_the_terminals_and_differ_in_greyscale() -> None:
    from itertools import pairwise

    from guidelint.reporters.html.page import SEVERITY_COLORS, SEVERITY_HATCH, STYLE

    # the terminal's hues: red errors, yellow warnings, cyan infos
    r, g, b = (int(SEVERITY_COLORS["error"][i : i + 2], 16) for i in (1, 3, 5))
    assert r > 2 * g and r > 2 * b
    r, g, b = (int(SEVERITY_COLORS["warning"][i : i + 2], 16) for i in (1, 3, 5))
    assert r > 2 * b and g > 2 * b
    r, g, b = (int(SEVERITY_COLORS["info"][i : i + 2], 16) for i in (1, 3, 5))
    assert g > 1.3 * r and b > 1.3 * r
    shades = sorted(_luminance(c) for c in SEVERITY_COLORS.values())
    assert all(high - low >= 0.15 for low, high in pairwise(shades))
    assert len(set(SEVERITY_HATCH.values())) == 3  # (bars differ by hatching too)
    for severity, color in SEVERITY_COLORS.items():  # badges use the same colours
        assert f".sev-{severity}{{background:{color}" in STYLE


def test_a_fix_to_white_space_is_said_in_words() -> None:
    """A fix that leaves one space showed 'replace with <code> </code>': invisible."""
    from guidelint.model import Fix, Severity, Violation
    from guidelint.reporters.html.check import _finding

    def finding(replacement: str) -> str:
        fix = Fix(85, 88, replacement, safe=True)
        violation = Violation(
            path="d.jsonl", line=1, column=86, field="response", span=(85, 88),
            rule="stray-whitespace", check="whitespace", severity=Severity.INFO,
            message="3 spaces between words", fix=fix,
        )  # fmt: skip
        return _finding(violation)

    assert "Fix (--fix): replace with one space at characters 85–88" in finding(" ")
    assert "replace with 2 line breaks" in finding("\n\n")
    assert "replace with <code>Nimbus</code>" in finding("Nimbus")
    assert "delete the text" in finding("")
