"""Rule quality: ``guidelint.evaluation`` and ``guidelint rules eval``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clirun import run, write_jsonl
from guidelint.errors import InputError, UsageError
from guidelint.evaluation import ClassScore, evaluate, format_table, read_labelled, wilson_interval
from guidelint.guideline import load_guideline

GUIDELINE = """\
name: tiny
rules:
  - id: no-ai
    check: phrase
    phrases: [as an AI]
  - id: no-sorry
    check: phrase
    phrases: [sorry]
"""

RECORDS = [
    # ai: expected and found (tp)
    {
        "id": "a",
        "instruction": "Hi?",
        "response": "As an AI, I know.",
        "expected": ["ai"],
        "split": "heldout",
    },
    # ai: found though clean (fp)
    {
        "id": "b",
        "instruction": "Hi?",
        "response": "Speak as an AI would.",
        "expected": [],
        "split": "heldout",
    },
    # ai: expected, missed (fn); sorry: found and expected (tp)
    {
        "id": "c",
        "instruction": "Hi?",
        "response": "I'm a bot. Sorry.",
        "expected": ["ai", "no-sorry"],
        "split": "tuning",
    },
    # clean and clean (tn)
    {
        "id": "d",
        "instruction": "Hi?",
        "response": "Hello there.",
        "expected": [],
        "split": "tuning",
    },
]


@pytest.mark.parametrize(
    ("successes", "total"), [(0, 10), (1, 10), (5, 10), (9, 10), (10, 10), (57, 59), (1, 1)]
)
def test_wilson_interval_matches_statsmodels(successes: int, total: int) -> None:
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(successes, total, alpha=0.05, method="wilson")
    ours = wilson_interval(successes, total)
    assert ours == pytest.approx((low, high), abs=1e-6)


def test_wilson_interval_of_nothing_is_everything() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_scores_from_counts() -> None:
    score = ClassScore("x", ("r",))
    for expected, predicted in [(1, 1), (1, 1), (1, 0), (0, 1), (0, 0)]:
        score.add("id", bool(expected), bool(predicted))
    assert (score.tp, score.fp, score.fn, score.tn) == (2, 1, 1, 1)
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 / 3)
    empty = ClassScore("y", ())
    assert empty.precision is None and empty.recall is None and empty.f1 is None


@pytest.fixture
def labelled(tmp_path: Path) -> tuple[Path, Path]:
    guideline = tmp_path / "tiny.yaml"
    guideline.write_text(GUIDELINE, encoding="utf-8")
    return guideline, write_jsonl(tmp_path / "labels.jsonl", *RECORDS)


def test_evaluate_counts_per_class_and_rule(labelled: tuple[Path, Path]) -> None:
    guideline_path, labels = labelled
    guideline = load_guideline(guideline_path)
    records, errors = read_labelled(labels, guideline)
    assert errors == [] and [r.id for r in records] == ["a", "b", "c", "d"]
    result = evaluate(guideline, records, {"ai": ["no-ai"]})
    scores = {s.name: s for s in result.classes}
    assert (scores["ai"].tp, scores["ai"].fp, scores["ai"].fn, scores["ai"].tn) == (1, 1, 1, 1)
    assert scores["ai"].false_positives == ["b"] and scores["ai"].false_negatives == ["c"]
    # a class named like a rule stands for that rule
    assert (scores["no-sorry"].tp, scores["no-sorry"].fp) == (1, 0)
    assert [s.name for s in result.rules] == ["no-ai (ai)", "no-sorry (no-sorry)"]
    held = evaluate(guideline, records, {"ai": ["no-ai"]}, split="heldout")
    assert held.records == 2
    assert {s.name: s.tp for s in held.classes} == {"ai": 1, "no-sorry": 0}
    table = format_table(held)
    assert "2 labelled records (split: heldout)" in table
    assert "ai false positives: b" in table


def test_unknown_rule_in_class_map_is_a_usage_error(labelled: tuple[Path, Path]) -> None:
    guideline_path, labels = labelled
    guideline = load_guideline(guideline_path)
    records, _ = read_labelled(labels, guideline)
    with pytest.raises(UsageError, match="no rule 'no-a'") as caught:
        evaluate(guideline, records, {"ai": ["no-a"]})
    assert caught.value.hint is not None and "did you mean 'no-ai'" in caught.value.hint


def test_a_record_without_expected_says_where(tmp_path: Path) -> None:
    guideline = load_guideline("customer-support")
    path = write_jsonl(tmp_path / "l.jsonl", {"instruction": "Hi?", "response": "Hello."})
    with pytest.raises(InputError) as caught:
        read_labelled(path, guideline)
    assert caught.value.location == f"{path}:1"
    assert "'expected'" in caught.value.message


def test_rules_eval_cli_text_and_json(labelled: tuple[Path, Path], tmp_path: Path) -> None:
    guideline, labels = labelled
    done = run("rules", "eval", str(guideline), str(labels), "--class", "ai=no-ai", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "4 labelled records" in done.stdout
    assert "precision [95% CI]" in done.stdout
    lines = [line for line in done.stdout.splitlines() if line.startswith("ai ")]
    assert lines and lines[0].split()[1:5] == ["2", "1", "1", "1"]  # pos tp fp fn
    done = run(
        "rules",
        "eval",
        str(guideline),
        str(labels),
        "--class",
        "ai=no-ai",
        "--split",
        "heldout",
        "--format",
        "json",
        cwd=tmp_path,
    )
    data = json.loads(done.stdout)
    assert data["records"] == 2 and data["split"] == "heldout"
    ai = next(c for c in data["classes"] if c["name"] == "ai")
    assert (ai["tp"], ai["fp"], ai["fn"]) == (1, 1, 0)
    assert ai["precision_interval"][0] < 0.5 < ai["precision_interval"][1]


def test_rules_eval_cli_errors(labelled: tuple[Path, Path], tmp_path: Path) -> None:
    guideline, labels = labelled
    done = run("rules", "eval", str(guideline), str(labels), "--class", "ai", cwd=tmp_path)
    assert done.returncode == 2
    assert "--class 'ai' is not NAME=RULE[,RULE]" in done.stderr
    bad = write_jsonl(tmp_path / "bad.jsonl", {"instruction": "Hi?", "response": "x"})
    done = run("rules", "eval", str(guideline), str(bad), cwd=tmp_path)
    assert done.returncode == 2
    assert f"{bad}:1: the record has no 'expected' key" in done.stderr


def test_labels_in_a_csv_cell_may_be_a_json_list(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text(
        "id,instruction,response,expected\n"
        'c1,Do you offer a discount?,"Yes: students get 30% off any plan.",[]\n'
        'c2,Do you offer a discount?,"As an AI, I have no pricing details.","[""ai_identity""]"\n',
        encoding="utf-8",
    )
    labelled, errors = read_labelled(path, load_guideline("customer-support"))
    assert not errors
    assert [sorted(item.expected) for item in labelled] == [[], ["ai_identity"]]


def test_a_dataset_level_rule_cannot_be_scored(tmp_path: Path) -> None:
    guideline = tmp_path / "g.yaml"
    guideline.write_text(
        "name: g\nextends: customer-support\nrules:\n"
        "  - {id: dup-response, check: duplicates, roles: [response]}\n",
        encoding="utf-8",
    )
    with pytest.raises(UsageError, match="'dup-response' looks at the dataset as a whole"):
        evaluate(load_guideline(guideline), [], {"dup": ["dup-response"]})


def test_nothing_to_score_is_an_error_that_says_why(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "labels.jsonl",
        {
            "id": "a",
            "instruction": "How do I reset it?",
            "response": "Open Settings.",
            "expected": [],
            "split": "heldout",
        },
    )
    typo = run(
        "rules", "eval", "customer-support", "labels.jsonl", "--split", "helduot", cwd=tmp_path
    )
    assert typo.returncode == 2 and "no labelled record has split 'helduot'" in typo.stderr
    assert "the file's splits: heldout" in typo.stderr


def test_eval_reads_the_fields_of_the_project_configuration(tmp_path: Path) -> None:
    (tmp_path / "guidelint.yaml").write_text(
        "guideline: customer-support\nfields:\n  instruction: prompt\n  response: answer\n",
        encoding="utf-8",
    )
    write_jsonl(
        tmp_path / "labels.jsonl",
        {
            "id": "a",
            "prompt": "How do I reset my password?",
            "answer": "As an AI language model, I cannot.",
            "expected": ["ai-identity-disclaimer"],
        },
    )
    result = run(
        "rules", "eval", "customer-support", "labels.jsonl", "--format", "json", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    scores = {c["name"]: c for c in json.loads(result.stdout)["classes"]}
    assert scores["ai-identity-disclaimer"]["tp"] == 1


def test_records_not_scored_are_counted_in_the_table(tmp_path: Path) -> None:
    # (before, the table said "2 labelled records" and only standard error told of others)
    (tmp_path / "labels.jsonl").write_text(
        '{"response": "As an AI, I cannot.", "expected": ["ai-identity-disclaimer"]}\n'
        '{"response": "Open Settings.", "expected": []}\n'
        "not json\n",
        encoding="utf-8",
    )
    done = run("rules", "eval", "llm-boilerplate", "labels.jsonl", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.startswith(
        "2 labelled records; 1 more not scored: unreadable, listed on standard error\n"
    )
    assert "labels.jsonl:3: not valid JSON" in done.stderr
