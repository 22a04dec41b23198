"""The ``duplicates`` check: exact and near-duplicate texts, reported at every place."""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from annotation_records import make_check, observe_all, record, text
from pydantic import ValidationError

from guidelint.checks import Finding
from guidelint.checks.duplicates import DuplicatesCheck, DuplicatesOptions
from guidelint.checks.minhash import MinHasher, lsh_shape, shingle_hashes
from guidelint.engine import Linter
from guidelint.model import Record, Severity

HOURS = (
    "We are open from 8am to 8pm on weekdays and from 9am to 5pm on Saturdays, Central "
    "European Time. Outside those hours you can still write to us through the help center, "
    "and we answer every message within one business day, starting with the oldest one."
)


def rows(*pairs: tuple[str | None, str]) -> list[Record]:
    """Records at lines 1, 2, ... with an instruction (None: none) and a response."""
    made = []
    for line, (instruction, response) in enumerate(pairs, start=1):
        texts = [] if instruction is None else [text("instruction", instruction)]
        texts.append(text("response", response))
        made.append(record(*texts, line=line, annotator=f"a{line}", meta={"key": f"k{line}"}))
    return made


def run(options: dict[str, Any], records: list[Record]) -> list[Finding]:
    return list(observe_all(make_check("duplicates", options), records).finish())


def places(findings: list[Finding]) -> list[tuple[int, str, str]]:
    return [(f.place.line, f.params["kind"], f.params["first"]) for f in findings if f.place]


# (options, records, [(line, kind, first)])
CASES: list[tuple[dict[str, Any], list[Record], list[tuple[int, str, str]]]] = [
    ({}, rows(("q1", "Answer one."), ("q2", "Answer two.")), []),
    (
        {},
        rows(
            ("q1", "Answer one."), ("q2", "answer  ONE.\n"), ("q3", "Other."), ("q4", "Answer one.")
        ),
        [
            (1, "first", "data.jsonl:1"),
            (2, "duplicate", "data.jsonl:1"),
            (4, "duplicate", "data.jsonl:1"),
        ],
    ),
    ({"case_sensitive": True}, rows(("q1", "Answer one."), ("q2", "answer one.")), []),
    ({}, rows(("q1", "Answer one."), ("q2", "Answer one!")), []),  # punctuation differs
    # instructions are compared only with instructions
    (
        {"roles": ["instruction"]},
        rows(("Same", "a"), ("Same", "b")),
        [(1, "first", "data.jsonl:1"), (2, "duplicate", "data.jsonl:1")],
    ),
    ({"roles": ["instruction"]}, rows(("Same", "x"), ("x", "Same")), []),
    ({"roles": ["instruction"]}, rows((None, "a"), (None, "a")), []),
    # empty and short texts are skipped
    ({}, rows(("q1", ""), ("q2", "  ")), []),
    ({"min_words": 3}, rows(("q1", "Thanks!"), ("q2", "Thanks!")), []),
    (
        {"min_words": 3},
        rows(("q1", "Thank you kindly"), ("q2", "thank you kindly")),
        [(1, "first", "data.jsonl:1"), (2, "duplicate", "data.jsonl:1")],
    ),
]


@pytest.mark.parametrize(("options", "records", "expected"), CASES)
def test_duplicates(
    options: dict[str, Any], records: list[Record], expected: list[tuple[int, str, str]]
) -> None:
    assert places(run(options, records)) == expected


def test_every_place_is_located_and_points_at_the_first() -> None:
    records = rows(("q1", HOURS), ("q2", "Other."), ("q3", HOURS), ("q4", HOURS))
    first, *copies = run({}, records)
    assert first.place is not None
    assert (first.place.path, first.place.line, first.place.field) == ("data.jsonl", 1, "response")
    assert (first.place.role, first.place.annotator, first.place.record_key) == (
        "response",
        "a1",
        "k1",
    )
    assert first.params["problem"] == "response repeated at data.jsonl:3, data.jsonl:4"
    assert first.params["copies"] == 2
    assert [c.params["problem"] for c in copies] == [
        "duplicate of the response at data.jsonl:1"
    ] * 2
    assert [(c.place.line, c.place.annotator) for c in copies if c.place] == [(3, "a3"), (4, "a4")]


def test_first_message_lists_a_few_places() -> None:
    records = rows(*[(f"q{i}", "Same answer.") for i in range(6)])
    first = run({"max_places": 2}, records)[0]
    assert first.params["problem"] == (
        "response repeated at data.jsonl:2, data.jsonl:3 and 3 other places"
    )


def test_near_duplicates() -> None:
    near = HOURS.replace("business day", "working day")
    other = "Open Billing, then Invoices, and click Download next to the month you need."
    records = rows(("q1", HOURS), ("q2", other), ("q3", near), ("q4", HOURS))
    findings = run({"near_duplicates": {"threshold": 0.7}}, records)
    assert places(findings) == [
        (1, "first", "data.jsonl:1"),
        (3, "near_duplicate", "data.jsonl:1"),
        (4, "duplicate", "data.jsonl:1"),
    ]
    assert findings[0].params["problem"] == (
        "response repeated or nearly repeated at data.jsonl:3, data.jsonl:4"
    )
    similarity = findings[1].params["similarity"]
    assert 0.7 <= similarity < 1.0
    assert findings[1].params["problem"] == (
        f"near-duplicate (similarity {similarity:.0%}) of the response at data.jsonl:1"
    )
    # the same texts under a strict threshold: only the exact copy
    assert [k for _, k, _ in places(run({"near_duplicates": {"threshold": 0.99}}, records))] == [
        "first",
        "duplicate",
    ]
    assert [k for _, k, _ in places(run({}, records))] == ["first", "duplicate"]


def test_near_duplicates_are_reproducible() -> None:
    near = HOURS.replace("oldest one", "oldest message")
    records = rows(("q1", HOURS), ("q2", near))
    first = run({"near_duplicates": {"threshold": 0.6, "seed": 7}}, records)
    again = run({"near_duplicates": {"threshold": 0.6, "seed": 7}}, records)
    assert [f.params for f in first] == [f.params for f in again]
    assert first


@pytest.mark.parametrize(
    "options",
    [
        {"roles": ["answer"]},
        {"near_duplicates": {"threshold": 1.5}},
        {"min_words": -1},
        {"near_duplicates": {"num_perm": 2}},
        {"near": {}},
    ],
)
def test_invalid_options(options: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        DuplicatesOptions.model_validate(options)


def test_minhash_estimates_jaccard_similarity() -> None:
    hasher = MinHasher(num_perm=256, threshold=0.5, shingle=2, seed=1)
    a = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
    b = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "x"]  # 8 of 10 bigrams shared: Jaccard 8/10
    estimate = hasher.similarity(hasher.signature(a), hasher.signature(b))
    assert estimate == pytest.approx(8 / 10, abs=0.08)
    assert hasher.similarity(hasher.signature(a), hasher.signature(a)) == 1.0
    assert len(hasher.band_keys(hasher.signature(a))) == hasher.bands


@pytest.mark.parametrize(("num_perm", "threshold"), [(64, 0.9), (128, 0.8), (32, 0.5), (8, 0.99)])
def test_lsh_shape_finds_pairs_at_the_threshold(num_perm: int, threshold: float) -> None:
    bands, rows_per_band = lsh_shape(num_perm, threshold)
    assert bands * rows_per_band <= num_perm
    assert 1 - (1 - threshold**rows_per_band) ** bands >= 0.98


def test_shingle_hashes() -> None:
    assert len(shingle_hashes(["a", "b"], 5)) == 1  # shorter than a shingle: one
    assert len(shingle_hashes(list("abcd"), 3)) == 2
    assert len(shingle_hashes(list("abab"), 2)) == 2  # "a b" twice: a set
    # order matters, and the last word moves the hash as much as the first
    assert set(shingle_hashes(list("ab"), 2)) != set(shingle_hashes(list("ba"), 2))
    assert set(shingle_hashes(list("abc"), 3)) & set(shingle_hashes(list("abd"), 3)) == set()
    assert shingle_hashes(list("abcdef"), 3).max() < 2**32


def test_memory_does_not_keep_records() -> None:
    """About 200 bytes per distinct text, however long the texts are."""
    check = make_check("duplicates", {"roles": ["response"]})
    filler = "word " * 300
    tracemalloc.start()
    for line in range(1, 2001):
        check.observe(record(text("response", f"{filler} {line}"), line=line), ())
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert current / 2000 < 400


def guideline(tmp_path: Path, rules: str) -> Path:
    path = tmp_path / "g.yaml"
    path.write_text(f"name: g\nrules:\n{rules}", encoding="utf-8")
    return path


def test_max_rate_tolerates_rare_duplicates(tmp_path: Path) -> None:
    """A dataset rule with max_rate: each duplicate is info, the rate decides the outcome."""
    rules = (
        "  - id: duplicate-response\n    check: duplicates\n    severity: error\n"
        "    max_rate: '{rate}'\n"
    )
    records = rows(*[(f"q{i}", "Same." if i < 2 else f"Answer {i}.") for i in range(10)])
    for rate, failing in (("20%", False), ("10%", True)):
        linter = Linter(guideline(tmp_path, rules.format(rate=rate)))
        for rec in records:
            linter.check_record(rec)
        found = list(linter.finish())
        per_record = [v for v in found if v.line > 0]
        assert [(v.line, v.severity) for v in per_record] == [
            (1, Severity.INFO),
            (2, Severity.INFO),
        ]
        rate_violations = [v for v in found if v.line == 0]
        assert bool(rate_violations) is failing
        if failing:
            assert rate_violations[0].severity is Severity.ERROR
            assert rate_violations[0].message == (
                "2 of 10 records (20.0%) break 'duplicate-response'; at most 10.0% allowed"
            )
        assert (linter.summary.worst() is Severity.ERROR) is failing


def test_max_rate_of_a_text_rule(tmp_path: Path) -> None:
    rules = (
        "  - id: no-sorry\n    check: phrase\n    phrases: [sorry]\n    severity: error\n"
        "    max_rate: 10%\n"
    )
    linter = Linter(guideline(tmp_path, rules))
    records = rows(*[(f"q{i}", "Sorry, no." if i < 2 else "Yes.") for i in range(10)])
    per_record = [v for rec in records for v in linter.check_record(rec)]
    assert [v.severity for v in per_record] == [Severity.INFO, Severity.INFO]
    (rate,) = linter.finish()
    assert rate.severity is Severity.ERROR
    assert "2 of 10 records (20.0%) break 'no-sorry'" in rate.message


def test_dataset_check_reports_no_section() -> None:
    assert isinstance(make_check("duplicates"), DuplicatesCheck)
    assert make_check("duplicates").report() is None


def test_records_sharing_a_line_are_told_apart(tmp_path: Path) -> None:
    """A minified JSON document holds every record on line 1: the rate counted records by
    line, so 4 of 10 duplicates counted as 1 and the max_rate verdict (and exit 1) was
    lost; the places said 'd.json:1, d.json:1'. Records are told apart by their key,
    and each place names its element."""
    import json

    rows_ = [
        {"id": f"r{i}", "instruction": "Reset my password?" if i < 4 else f"Question {i}?",
         "response": f"Answer {i}."}
        for i in range(10)
    ]  # fmt: skip
    rules = (
        "  - id: duplicate-instruction\n    check: duplicates\n    roles: [instruction]\n"
        "    severity: error\n    max_rate: 10%\n"
    )
    verdicts = {}
    for name, body in (
        ("d.json", json.dumps(rows_)),
        ("d.jsonl", "".join(json.dumps(r) + "\n" for r in rows_)),
    ):
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        linter = Linter(guideline(tmp_path, rules))
        list(linter.check_file(path))
        found = list(linter.finish())
        verdicts[name] = [v.message for v in found if v.line == 0]
        if name == "d.json":
            first = found[0]
            assert first.locator == "element 1 (id r0)"
            assert first.message.startswith(
                f"instruction repeated at {path}:1 [element 2 (id r1)], {path}:1 [element 3"
            )
    assert (
        verdicts["d.json"]
        == verdicts["d.jsonl"]
        == ["4 of 10 records (40.0%) break 'duplicate-instruction'; at most 10.0% allowed"]
    )


def test_annotations_of_one_item_share_its_instruction_not_its_response() -> None:
    """Several annotators doing one item (how agreement is measured) repeat its
    instruction by design: not a copy. Their responses are their own, and compared."""

    def annotation(line: int, item: str, instruction: str, response: str) -> Record:
        texts = [text("instruction", instruction), text("response", response)]
        made = record(*texts, line=line, annotator=f"a{line}", meta={"key": f"k{line}"})
        made.item_id = item
        return made

    records = [
        annotation(1, "t1", "Same question?", "Mine."),
        annotation(2, "t1", "Same question?", "Mine."),
        annotation(3, "t2", "Same question?", "Other."),
    ]
    # the same record twice (same id, same annotator or none): a copy, not an overlap
    again = [
        annotation(1, "p1", "Same question?", "A."),
        annotation(2, "p1", "Same question?", "B."),
    ]
    again[1].annotator = again[0].annotator
    assert places(run({"roles": ["instruction"]}, again)) == [
        (1, "first", "data.jsonl:1"),
        (2, "duplicate", "data.jsonl:1"),
    ]
    for unnamed in again:
        unnamed.annotator = None
    assert len(places(run({"roles": ["instruction"]}, again))) == 2
    both = {"roles": ["instruction", "response"]}
    assert places(run(both, records)) == [
        (1, "first", "data.jsonl:1"),
        (3, "duplicate", "data.jsonl:1"),  # another item: a copy
        (1, "first", "data.jsonl:1"),
        (2, "duplicate", "data.jsonl:1"),  # the same response twice: compared
    ]


def test_a_near_duplicate_of_another_item_is_found_past_its_own_item() -> None:
    """A text near both another annotation of its own item (not a copy, by design) and a
    text of another item (a copy) is reported against the other item, even when its own
    item's text is the first it resembles."""
    words = [f"w{i}" for i in range(40)]
    own, between, other = words[0:20], words[6:26], words[12:32]

    def annotation(line: int, item: str, instruction: list[str]) -> Record:
        made = record(
            text("instruction", " ".join(instruction)),
            line=line,
            annotator=f"a{line}",
            meta={"key": f"k{line}"},
        )
        made.item_id = item
        return made

    options = {"roles": ["instruction"], "near_duplicates": {"threshold": 0.5, "shingle": 1}}
    hasher = MinHasher(num_perm=64, threshold=0.5, shingle=1, seed=1)
    similarity = {
        name: hasher.similarity(hasher.signature(between), hasher.signature(text_words))
        for name, text_words in (("own", own), ("other", other))
    }
    # (the scenario: the text resembles both, and the two do not resemble each other)
    assert similarity["own"] >= 0.5 and similarity["other"] >= 0.5
    assert hasher.similarity(hasher.signature(own), hasher.signature(other)) < 0.5
    records = [annotation(1, "t1", own), annotation(2, "t2", other), annotation(3, "t1", between)]
    assert places(run(options, records)) == [
        (2, "first", "data.jsonl:2"),
        (3, "near_duplicate", "data.jsonl:2"),
    ]
