"""``guidelint agreement`` as a user runs it: text and JSON, exit codes, bad flags."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from clirun import run, write_jsonl
from guidelint.agreement.render.schema import REPORT_SCHEMA

#: item x (ann, bob, eve) ratings on 1-5; None = not rated.
RATINGS = [
    (4, 4, 5),
    (2, 3, None),
    (5, 5, 5),
    (1, 2, 2),
    (3, None, 4),
    (4, 2, 4),
    (None, 1, None),
    (5, 4, None),
]


def long_file(
    tmp_path: Path, rows: list[tuple[Any, ...]] = RATINGS, name: str = "labels.jsonl"
) -> Path:
    records = [
        {"item": f"i{k}", "annotator": annotator, "quality": value}
        for k, row in enumerate(rows)
        for annotator, value in zip(("ann", "bob", "eve"), row, strict=False)
        if value is not None
    ]
    return write_jsonl(tmp_path / name, *records)


def agreement(tmp_path: Path, *args: str) -> Any:
    return run("agreement", "--bootstrap", "100", *args, cwd=tmp_path)


def test_text_report(tmp_path: Path) -> None:
    path = long_file(tmp_path)
    result = agreement(tmp_path, str(path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "(long, 19 rows)" in out
    assert "Label 'quality': rating, ordinal level, quadratic weights" in out
    assert "19 ratings of 8 items by 3 annotators; 7 items (87.5%) have 2+ annotators" in out
    assert "krippendorff_alpha" in out and "headline" in out
    assert "Disagreements: 6 of 7 shared items" in out
    assert "i5    2" in out  # the widest disagreement first


def test_json_report(tmp_path: Path) -> None:
    path = long_file(tmp_path)
    result = agreement(tmp_path, str(path), "--format", "json", "--categories", "1,2,3,4,5")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    jsonschema.validate(document, REPORT_SCHEMA)
    (label,) = document["labels"]
    assert label["counts"]["items_with_2plus"] == 7
    assert label["categories"] == [1, 2, 3, 4, 5] and label["categories_declared"]
    alpha = label["statistics"]["krippendorff_alpha"]
    assert alpha["level"] == "ordinal" and alpha["ci"][0] <= alpha["value"] <= alpha["ci"][1]
    assert label["statistics"]["cohen_kappa"]["weights"] == "quadratic"
    assert label["headline"] == {
        "metric": "krippendorff_alpha",
        "value": alpha["value"],
        "interpretation": alpha["interpretation"],
        "passed": None,
    }
    assert document["settings"]["bootstrap"] == 100 and document["passed"] is None


def test_json_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    path = long_file(tmp_path)
    first = agreement(tmp_path, str(path), "--format", "json", "--seed", "3").stdout
    assert agreement(tmp_path, str(path), "--format", "json", "--seed", "3").stdout == first


@pytest.mark.parametrize(("minimum", "code"), [("0.1", 0), ("0.95", 1)])
def test_min_agreement(tmp_path: Path, minimum: str, code: int) -> None:
    path = long_file(tmp_path)
    result = agreement(tmp_path, str(path), "--min-agreement", minimum)
    assert result.returncode == code
    assert ("FAIL: 'quality' krippendorff_alpha" in result.stdout) == (code == 1)


def test_min_agreement_with_another_metric(tmp_path: Path) -> None:
    path = long_file(tmp_path)
    result = agreement(
        tmp_path,
        str(path),
        "--metric",
        "percent_agreement",
        "--min-agreement",
        "0.5",
        "--format",
        "json",
    )
    document = json.loads(result.stdout)
    assert document["labels"][0]["headline"]["metric"] == "percent_agreement"
    assert result.returncode == (0 if document["passed"] else 1)


def test_one_annotator_is_explained_and_exits_0(tmp_path: Path) -> None:
    path = long_file(tmp_path, [(4,), (5,), (3,)])
    result = agreement(tmp_path, str(path))
    assert result.returncode == 0
    assert "no item has two or more annotators (one annotator)" in result.stdout
    assert "undefined" in result.stdout
    strict = agreement(tmp_path, str(path), "--min-agreement", "0.4")
    assert strict.returncode == 1 and "undefined < 0.4" in strict.stdout


def test_everything_missing(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "empty.jsonl",
        {"item": 1, "annotator": "a", "quality": None},
        {"item": 1, "annotator": "b", "quality": ""},
    )
    result = agreement(tmp_path, str(path), "--label", "quality")
    assert result.returncode == 0
    assert "there are no ratings" in result.stdout and "2 empty values" in result.stdout


def test_records_without_labels(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "plain.jsonl", {"instruction": "Hi?", "response": "Hello there."})
    result = agreement(tmp_path, str(path), "--no-lint")
    assert result.returncode == 0
    assert "No labels found" in result.stdout


def test_wide_file(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("id,ann,bob,comment\n1,yes,yes,x\n2,no,yes,y\n3,no,no,z\n", encoding="utf-8")
    result = agreement(
        tmp_path,
        str(path),
        "--wide",
        "--item",
        "id",
        "--annotators",
        "ann,bob",
        "--label",
        "helpful",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    (label,) = json.loads(result.stdout)["labels"]
    assert label["name"] == "helpful" and label["kind"] == "choice" and label["level"] == "nominal"
    assert label["counts"]["items_with_2plus"] == 3
    assert label["statistics"]["percent_agreement"]["value"] == pytest.approx(2 / 3)


def test_missing_values_and_annotator_filter(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "judges.jsonl",
        {"item": "a", "judge": "g", "preference": 1},
        {"item": "a", "judge": "h", "preference": 0},
        {"item": "a", "judge": "w", "preference": 1.7},
        {"item": "b", "judge": "g", "preference": 2},
        {"item": "b", "judge": "h", "preference": 2},
    )
    result = agreement(
        tmp_path,
        str(path),
        "--annotator",
        "judge",
        "--missing",
        "0",
        "--annotators",
        "g,h",
        "--format",
        "json",
    )
    document = json.loads(result.stdout)
    (label,) = document["labels"]
    assert label["dropped"] == {"values 0 declared missing": 1}
    assert label["counts"]["ratings"] == 3 and label["counts"]["annotators"] == 2
    assert "annotators left out (--annotators): w" in document["notes"]


def verdict_file(tmp_path: Path) -> Path:
    rows = [("bad", "ok", "ok"), ("good", "good", "ok"), ("ok", "bad", "ok"), ("good",) * 3]
    return write_jsonl(
        tmp_path / "verdicts.jsonl",
        *[
            {"item": k, "annotator": annotator, "verdict": value}
            for k, row in enumerate(rows)
            for annotator, value in zip(("ann", "bob", "eve"), row, strict=True)
        ],
    )


def test_ordinal_level_on_text_needs_the_declared_order(tmp_path: Path) -> None:
    path = verdict_file(tmp_path)
    result = agreement(tmp_path, str(path), "--level", "ordinal")
    assert result.returncode == 0, result.stderr
    assert "note: order of text categories unknown" in result.stdout
    assert "declare the order, lowest first, with --categories" in result.stdout
    strict = agreement(tmp_path, str(path), "--level", "ordinal", "--min-agreement", "0")
    assert strict.returncode == 1 and "krippendorff_alpha undefined" in strict.stdout
    declared = agreement(
        tmp_path, str(path), "--level", "ordinal", "--categories", "bad,ok,good", "--format", "json"
    )
    (label,) = json.loads(declared.stdout)["labels"]
    assert label["categories"] == ["bad", "ok", "good"] and label["headline"]["value"] is not None


def test_unknown_annotators_are_a_usage_error(tmp_path: Path) -> None:
    path = long_file(tmp_path)
    result = agreement(tmp_path, str(path), "--annotators", "ann,nine")
    assert result.returncode == 2 and result.stdout == ""
    assert "--annotators: no annotator 'nine' in the data" in result.stderr
    assert "annotators found: ann, bob, eve" in result.stderr


def test_infinite_values_are_a_located_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "inf.csv"
    path.write_text("item,annotator,s\na,x,1\na,y,inf\nb,x,2\nb,y,2\n", encoding="utf-8")
    result = agreement(tmp_path, str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert f"{path}:3: label 's' of item 'a' by 'y' is 'inf', not a finite number" in result.stderr
    assert "--missing inf" in result.stderr and "RuntimeWarning" not in result.stderr
    huge = tmp_path / "huge.csv"
    huge.write_text("item,annotator,s\na,x,1\na,y,1e308\nb,x,2\nb,y,2\n", encoding="utf-8")
    result = agreement(tmp_path, str(huge))
    assert result.returncode == 0 and result.stderr == ""
    assert "scale 1, 2, 1e+308 (observed" in result.stdout


def test_guideline_agreement_settings(tmp_path: Path) -> None:
    guideline = tmp_path / "g.yaml"
    guideline.write_text(
        "name: team\nagreement:\n  item: task\n  annotator: who\n  label: score\n"
        "  overlap_target: [0.05, 0.5]\n"
        "  bands: {poor: -1, fair: 0.2, fine: 0.5}\n"
        "  labels:\n    score: {categories: [1, 2, 3], level: interval}\nrules: []\n",
        encoding="utf-8",
    )
    path = write_jsonl(
        tmp_path / "l.jsonl",
        *[
            {"task": t, "who": w, "score": s, "note": "x"}
            for t, w, s in [(1, "a", 1), (1, "b", 2), (2, "a", 3), (2, "b", 3)]
        ],
    )
    result = agreement(tmp_path, str(path), "-g", str(guideline), "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    (label,) = document["labels"]
    assert label["level"] == "interval" and label["categories"] == [1, 2, 3]
    assert document["settings"]["bands"] == {"poor": None, "fair": 0.2, "fine": 0.5}
    assert label["headline"]["interpretation"] in {"poor", "fair", "fine"}
    assert label["counts"]["overlap_status"] == "above" and document["guideline"]["name"] == "team"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--level", "fancy"], "invalid choice: 'fancy'"),
        (["--bootstrap", "-1"], "--bootstrap takes 0 (no intervals) or at least 40 resamples"),
        (["--bootstrap", "1"], "--bootstrap takes 0 (no intervals) or at least 40 resamples"),
        (["--seed", "-1"], "--seed takes a number ≥ 0, not -1"),
        (["--min-agreement", "2"], "--min-agreement takes a value between -1 and 1"),
        (["--min-agreement", "high"], "invalid float value: 'high'"),
        (["--metric", "alpha"], "invalid choice: 'alpha'"),
        (["--label", "qualty"], "no column 'qualty'"),
        (["--item", "nosuch"], "no column 'nosuch'"),
        (["--annotator", "who"], "no column 'who'"),
        (["--categories", "1,2,3"], "not on the declared scale 1, 2, 3: 4, 5"),
        (["--categories", "bad,good"], "text categories"),
        (["--top", "-3"], "--top takes a number"),
    ],
)
def test_bad_flags_exit_2_with_a_message(tmp_path: Path, args: list[str], message: str) -> None:
    path = long_file(tmp_path)
    result = agreement(tmp_path, str(path), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_unknown_layout_and_missing_file(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "x.jsonl", {"a": 1, "b": 2})
    result = agreement(tmp_path, str(path))
    assert result.returncode == 2 and "cannot tell where the labels are" in result.stderr
    assert "--item KEY --annotator KEY --label KEY" in result.stderr
    missing = agreement(tmp_path, "nope.jsonl")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    unreadable = tmp_path / "labels.csv"
    unreadable.write_text("item,annotator,quality\ni1,ann,4\n", encoding="utf-8")
    wrong = agreement(tmp_path, str(unreadable), "--input-format", "jsonl")
    assert wrong.returncode == 2 and wrong.stdout == ""
    assert f"{unreadable}:1: none of its 2 row(s) could be read" in wrong.stderr


def test_labelstudio_export_with_responses(tmp_path: Path) -> None:
    from test_cli_calibrate import labelstudio_export

    path = labelstudio_export(tmp_path)
    result = agreement(tmp_path, str(path), "--categories", "1,2,3,4,5")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "(records, 6 rows)" in out
    assert "records with errors" in out
    assert "Guideline agreement: 2 items with responses by 2+ annotators" in out
    assert "ai-identity-disclaimer" in out


def test_real_judges_file(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "alpaca_eval" / "judges.jsonl.gz"
    result = run(
        "agreement",
        str(path),
        "--annotator",
        "judge",
        "--label",
        "preference",
        "--missing",
        "0",
        "--bootstrap",
        "200",
        "--format",
        "json",
        "--min-agreement",
        "0.4",
        cwd=tmp_path,
    )
    assert result.returncode == 1  # the judges agree poorly
    document = json.loads(result.stdout)
    jsonschema.validate(document, REPORT_SCHEMA)
    (label,) = document["labels"]
    assert label["counts"] == {
        "ratings": 10439,
        "items": 3220,
        "annotators": 4,
        "items_with_2plus": 3220,
        "overlap_rate": 1.0,
        "overlap_target": [0.1, 0.2],
        "overlap_status": "above",
    }
    assert label["kind"] == "continuous"
    assert label["headline"]["value"] == pytest.approx(0.117691, abs=1e-6)
    low, high = label["statistics"]["krippendorff_alpha"]["ci"]
    assert low < 0.117691 < high and document["passed"] is False


def test_real_labelstudio_export(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "labelstudio" / "support_batch_export.json"
    result = run("agreement", str(path), "--bootstrap", "0", cwd=tmp_path)
    assert result.returncode == 0
    out = result.stdout
    assert "50 ratings of 39 items by 4 annotators; 8 items (20.5%) have 2+ annotators" in out
    assert "krippendorff_alpha  -0.229" in out
    assert "Disagreements: 8 of 8 shared items" in out


def test_huge_values_print_short_and_an_unnamed_version_leaves_no_space(tmp_path: Path) -> None:
    data = tmp_path / "huge.csv"
    data.write_text(
        "item,annotator,quality\nq1,a,1e308\nq1,b,-1e308\nq2,a,3\nq2,b,4\nq3,a,2\nq3,b,2\n",
        encoding="utf-8",
    )
    for command in ("agreement", "calibrate"):
        result = run(command, str(data), "--bootstrap", "0", cwd=tmp_path)
        assert result.returncode in {0, 1}, result.stderr
        assert not re.search(r"\d{20}", result.stdout), result.stdout
    (tmp_path / "g.yaml").write_text("name: ag\nagreement: {}\n", encoding="utf-8")
    named = run("agreement", str(data), "-g", "g.yaml", "--bootstrap", "0", cwd=tmp_path)
    assert "(guideline ag)" in named.stdout


def test_agreement_runs_blas_on_one_thread_unless_told() -> None:
    """The statistics' tall, narrow matrix products gain nothing from BLAS threads and
    lose much on a busy machine: the command sets one thread before numpy loads, and
    leaves a thread count the environment gives alone."""
    import subprocess
    import sys

    code = (
        "import os, sys\n"
        "from guidelint.cli.agreement import BLAS_THREADS, one_blas_thread\n"
        "assert 'numpy' not in sys.modules\n"
        "one_blas_thread()\n"
        "print([os.environ.get(n) for n in BLAS_THREADS])\n"
    )
    env = {
        k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "['1', '1']", out.stderr
    env["OPENBLAS_NUM_THREADS"] = "2"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "['2', '1']", out.stderr


@pytest.mark.parametrize("command", ["agreement", "calibrate"])
def test_the_report_never_overwrites_a_label_file(tmp_path: Path, command: str) -> None:
    path = long_file(tmp_path)
    before = path.read_bytes()
    result = run(command, str(path), "--label", "quality", "-o", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert "is also a file to read" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_the_output_suffix_picks_the_format(tmp_path: Path) -> None:
    path = long_file(tmp_path)
    result = agreement(tmp_path, str(path), "--label", "quality", "-o", "report.json")
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "report.json").read_text())["labels"]
    result = agreement(tmp_path, str(path), "--label", "quality", "-o", "report.txt")
    assert (tmp_path / "report.txt").read_text().startswith("Agreement")
    given = agreement(tmp_path, str(path), "--format", "text", "-o", "forced.json")
    assert given.returncode == 0 and not (tmp_path / "forced.json").read_text().startswith("{")


def test_dataset_rows_with_an_item_id_beside_their_own_id(tmp_path: Path) -> None:
    """One row per annotation, ``id`` the row's and ``item_id`` the item's: the items are
    compared (before, ``id`` was taken for the item, so no item had two annotators)."""
    verdicts = {"x/0": ("ok", "bad"), "x/1": ("ok", "ok"), "x/2": ("bad", "bad")}
    rows = [
        {
            "id": f"{item}#{who}",
            "item_id": item,
            "annotator": who,
            "instruction": "How do I reset my password?",
            "response": "Open Settings, choose Security, then click Reset password.",
            "verdict": verdict,
        }
        for item, pair in verdicts.items()
        for who, verdict in zip(("alice", "bob"), pair, strict=True)
    ]
    write_jsonl(tmp_path / "double.jsonl", *rows)
    result = agreement(tmp_path, "double.jsonl", "--label", "verdict", "--format", "json")
    assert result.returncode == 0, result.stderr
    (label,) = json.loads(result.stdout)["labels"]
    assert label["counts"]["items"] == 3 and label["counts"]["items_with_2plus"] == 3
    # percent agreement is not chance-corrected: no band of the kappa scale
    assert label["statistics"]["percent_agreement"]["interpretation"] == "raw"
    assert label["statistics"]["percent_agreement"]["value"] == pytest.approx(2 / 3)


def test_no_shared_item_says_how_to_name_the_item_field(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "single.jsonl",
        {"item": "a", "annotator": "ann", "quality": 1},
        {"item": "b", "annotator": "bob", "quality": 2},
    )
    result = agreement(tmp_path, "single.jsonl", "--label", "quality")
    assert "no item has two or more annotators" in result.stdout + result.stderr
    assert "--item KEY" in result.stdout + result.stderr


def test_agreement_on_a_flattened_label_studio_export_says_what_to_export(
    tmp_path: Path,
) -> None:
    """A CSV export's ratings are JSON text ('[{"rating":4}]'): they were compared as
    text categories with exit 0, or refused as off the declared scale."""
    path = tmp_path / "export.csv"
    path.write_text(
        "annotation_id,annotator,id,instruction,quality,response,created_at\n"
        '1,"2",1,"Capital?","[{""rating"":4}]","Paris.",2026-12-07\n'
        '2,"3",1,"Capital?","[{""rating"":2}]","Paris.",2026-12-07\n',
        encoding="utf-8",
    )
    for extra in ((), ("--categories", "1,2,3,4,5")):
        result = run("agreement", str(path), "--label", "quality", *extra, cwd=tmp_path)
        assert result.returncode == 2
        assert "Label Studio export flattened to one row per annotation" in result.stderr
        assert "Export → JSON" in result.stderr and "none of its" not in result.stderr


def test_unknown_annotators_are_named_before_the_label_they_leave_empty(tmp_path: Path) -> None:
    """--annotators with names not in the data said "no label 'quality' in the data"
    (labels found: quality) when --label was given too."""
    path = write_jsonl(
        tmp_path / "r.jsonl",
        {"item": "i1", "annotator": "ann", "quality": 4},
        {"item": "i1", "annotator": "bob", "quality": 3},
    )
    result = run(
        "agreement", str(path), "--label", "quality", "--annotators", "ann@example.com",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert "--annotators: no annotator 'ann@example.com' in the data" in result.stderr
    assert "annotators found: ann, bob" in result.stderr


def test_output_dash_is_standard_output(tmp_path: Path) -> None:
    """`-o -` wrote a file named '-' (check, agreement): it is standard output."""
    path = write_jsonl(
        tmp_path / "r.jsonl",
        {"item": "i1", "annotator": "ann", "quality": 4},
        {"item": "i1", "annotator": "bob", "quality": 3},
    )
    agreed = run("agreement", str(path), "--format", "json", "-o", "-", cwd=tmp_path)
    assert agreed.returncode == 0 and json.loads(agreed.stdout)["labels"]
    checked = run("check", str(path), "--format", "json", "-o", "-", cwd=tmp_path)
    assert checked.returncode in (0, 1) and "summary" in json.loads(checked.stdout)
    assert not (tmp_path / "-").exists()


def test_a_record_read_with_a_problem_is_not_said_unreadable(tmp_path: Path) -> None:
    """An annotation without a response (its rating counts) was listed among the rows
    that 'could not be read'."""

    def rating(value: int) -> dict[str, Any]:
        return {
            "from_name": "quality",
            "to_name": "i",
            "type": "rating",
            "value": {"rating": value},
        }

    written = {
        "from_name": "response",
        "to_name": "i",
        "type": "textarea",
        "value": {"text": ["Hi!"]},
    }
    task = {
        "id": 7,
        "data": {"instruction": "Say hi."},
        "annotations": [
            {"id": 1, "completed_by": 3, "result": [rating(5)]},
            {"id": 2, "completed_by": 4, "result": [written, rating(4)]},
        ],
    }
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    result = run("agreement", str(path), "--label", "quality", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "could not be read" not in result.stdout
    assert "1 record read with a problem (its labels count" in result.stdout
    assert "2 ratings of 1 item" in result.stdout


def test_a_baseline_is_never_written_to_standard_output(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", {"instruction": "Hi?", "response": "Hello."})
    result = run("check", str(path), "--write-baseline", "-", cwd=tmp_path)
    assert result.returncode == 2 and "--write-baseline needs a file name" in result.stderr
    assert not (tmp_path / "-").exists()


def test_partial_rankings_are_not_read_as_sets_of_choices(tmp_path: Path) -> None:
    """One partial ranking made the label a set of choices, and two opposite orders of
    the same candidates agreed. Now the values ask for --kind; as a ranking, the item
    without two complete rankings is left out of W with a note."""
    rows = [
        ("p1", "a", ["x", "y", "z"]),
        ("p1", "b", ["x", "y"]),
        ("p2", "a", ["u", "v", "w"]),
        ("p2", "b", ["w", "v", "u"]),
        ("p3", "a", ["m", "n", "o"]),
        ("p3", "b", ["m", "n", "o"]),
    ]
    path = write_jsonl(
        tmp_path / "r.jsonl", *({"item": i, "annotator": a, "ranking": r} for i, a, r in rows)
    )
    refused = run("agreement", str(path), "--bootstrap", "0", cwd=tmp_path)
    assert refused.returncode == 2
    assert "may be rankings or sets of choices" in refused.stderr
    assert "--kind ranking" in refused.stderr and "--kind choice" in refused.stderr
    ranked = run(
        "agreement",
        str(path),
        "--bootstrap",
        "0",
        "--kind",
        "ranking",
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert ranked.returncode == 0, ranked.stderr
    (label,) = json.loads(ranked.stdout)["labels"]
    w = label["statistics"]["kendall_w"]
    assert w["value"] == pytest.approx(0.5) and w["n_items"] == 2
    assert "1 item(s) left out" in w["note"]


def test_labels_and_names_differing_only_in_case_or_spaces_are_named(tmp_path: Path) -> None:
    """'good ' and 'good' are one choice (white space around text is no part of it);
    'Good' and 'good' stay two, and so do the annotators ' ann' and 'ann', each with a
    note: it looked like disagreement (kappa 0) without a word."""
    path = write_jsonl(
        tmp_path / "r.jsonl",
        {"item": "1", "annotator": "ann", "label": "Good"},
        {"item": "1", "annotator": "bob", "label": "good "},
        {"item": "2", "annotator": "ann", "label": "good"},
        {"item": "2", "annotator": "bob", "label": "good"},
        {"item": "3", "annotator": " ann", "label": "bad"},
        {"item": " 3", "annotator": "bob", "label": "bad"},
    )
    result = run("agreement", str(path), "--bootstrap", "0", "--format", "json", cwd=tmp_path)
    document = json.loads(result.stdout)
    (label,) = document["labels"]
    assert label["categories"] == ["Good", "bad", "good"]
    notes = " | ".join(label["notes"] + document["notes"])
    assert "are different choices: 'Good' / 'good'" in notes
    assert "annotators whose names differ only in case or white space" in notes
    assert "' ann' / 'ann'" in notes and "' 3' / '3'" in notes


def labels_folder(tmp_path: Path) -> Path:
    """A folder ``d`` holding one file of two items each two annotators rated."""
    folder = tmp_path / "d"
    folder.mkdir()
    write_jsonl(
        folder / "r.jsonl",
        {"item": "i1", "annotator": "ann", "quality": 4},
        {"item": "i1", "annotator": "bob", "quality": 3},
        {"item": "i2", "annotator": "ann", "quality": 2},
        {"item": "i2", "annotator": "bob", "quality": 2},
    )
    return folder


def test_a_second_report_into_the_labels_folder_rewrites_the_first(tmp_path: Path) -> None:
    """`agreement d -o d/agreement.json` ran once: the second run read its own earlier
    report as labels and refused to overwrite it ("not a report guidelint wrote")."""
    folder = labels_folder(tmp_path)
    for _ in range(2):
        result = run("agreement", "d", "-o", "d/agreement.json", "--bootstrap", "0", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    document = json.loads((folder / "agreement.json").read_text(encoding="utf-8"))
    assert [s["path"] for s in document["sources"]] == [str(Path("d") / "r.jsonl")]
    assert (
        "file skipped as this run's report, not a dataset: d/agreement.json" in (document["notes"])
    )


def test_a_csv_label_column_is_inferred_and_whole_float_ids_are_integers(
    tmp_path: Path,
) -> None:
    """A CSV's only numeric column was not taken as the label (its cells are text), as
    the same JSON Lines file's was; and item 4.0 (pandas writes an id column with a gap
    in it so) was another item than 4."""
    (tmp_path / "r.csv").write_text(
        "item,annotator,note,score\n1,ann,ok,4\n1,bob,fine,3\n2,ann,ok,2\n2,bob,hm,2\n",
        encoding="utf-8",
    )
    result = run("agreement", "r.csv", "--bootstrap", "0", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert [label["name"] for label in document["labels"]] == ["score"]
    ids = write_jsonl(
        tmp_path / "ids.jsonl",
        {"item": 4.0, "annotator": "a", "s": 1},
        {"item": 4, "annotator": "b", "s": 1},
        {"item": 5, "annotator": "a", "s": 2},
        {"item": 5.0, "annotator": "b", "s": 3},
    )
    shown = run("agreement", str(ids), "--bootstrap", "0", "--format", "json", cwd=tmp_path)
    counts = json.loads(shown.stdout)["labels"][0]["counts"]
    assert (counts["items"], counts["items_with_2plus"]) == (2, 2)


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        ("overlap_target: [0.3, 0.1]", "overlap_target is [low, high] with 0 <= low <= high"),
        (
            "bands: {low: null, moderate: 0.8, good: 0.6, excellent: 0.9}",
            "'moderate' (0.8) comes before 'good' (0.6)",
        ),
    ],
)
def test_the_guidelines_agreement_settings_are_checked(
    tmp_path: Path, settings: str, error: str
) -> None:
    """A reversed overlap target and unordered bands were taken as written ("above the
    target 30%-10%", 0.747 banded "good" under moderate: 0.8)."""
    (tmp_path / "g.yaml").write_text(f"name: g\nagreement:\n  {settings}\n", encoding="utf-8")
    path = write_jsonl(
        tmp_path / "r.jsonl",
        {"item": "i1", "annotator": "ann", "quality": 4},
        {"item": "i1", "annotator": "bob", "quality": 3},
    )
    result = run("agreement", str(path), "-g", "g.yaml", "--bootstrap", "0", cwd=tmp_path)
    assert result.returncode == 2 and error in result.stderr, result.stderr


def test_custom_bounds_of_the_standard_bands_keep_the_advice(tmp_path: Path) -> None:
    """The JSON report writes the lowest band's bound as null; a guideline may too, and
    the bands' advice line stays when only their bounds change."""
    (tmp_path / "g.yaml").write_text(
        "name: g\nagreement:\n  bands: {low: null, moderate: 0.3, good: 0.5, excellent: 0.7}\n",
        encoding="utf-8",
    )
    path = write_jsonl(
        tmp_path / "r.jsonl",
        *(
            {"item": f"i{k}", "annotator": who, "quality": k % 5 + 1}
            for k in range(6)
            for who in ("ann", "bob")
        ),
    )
    result = run("agreement", str(path), "-g", "g.yaml", "--bootstrap", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "→ agreement is excellent" in result.stdout


def test_an_agreement_report_in_a_folder_is_named_as_such(tmp_path: Path) -> None:
    """An agreement report left among label (or dataset) files was "no item and
    annotator columns (they have 'path', 'mode', 'rows')" and "no known dataset schema";
    both commands now say what it is: found in a folder, it is skipped with a note (it
    was an error that stopped the next run), named on the command line an error."""
    folder = labels_folder(tmp_path)
    written = run("agreement", "d", "-o", "agreement.json", "--bootstrap", "0", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    (tmp_path / "agreement.json").rename(folder / "agreement.json")
    skipped = "file skipped as a guidelint agreement report, not a dataset: d/agreement.json"
    again = run("agreement", "d", "--bootstrap", "0", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"note: {skipped}" in again.stdout and "(long, 4 rows)" in again.stdout
    checked = run("check", "d", "--no-config", cwd=tmp_path)
    assert f"Note: 1 {skipped}" in checked.stdout
    assert "d/agreement.json:" not in checked.stdout  # (r.jsonl is no dataset: reported)
    named = run("agreement", "d/r.jsonl", "d/agreement.json", "--bootstrap", "0", cwd=tmp_path)
    assert named.returncode == 2
    assert "this file is a guidelint agreement report, not labels" in named.stderr
    checked = run("check", "d/agreement.json", "--no-config", "-q", cwd=tmp_path)
    assert "this file is a guidelint agreement report, not a dataset" in checked.stdout


def test_a_report_written_into_the_folder_read_does_not_break_the_next_run(
    tmp_path: Path,
) -> None:
    """`agreement dd -o dd/report.json` wrote its report among the labels; the next
    `agreement dd` stopped (exit 2) on it and `check dd` called it an invalid record."""
    folder = tmp_path / "dd"
    folder.mkdir()
    quality = {"from_name": "quality", "to_name": "instruction", "type": "rating"}
    written = {"from_name": "response", "to_name": "instruction", "type": "textarea"}
    annotations = [
        {
            "id": who,
            "completed_by": who,
            "result": [
                {**written, "value": {"text": ["Open Settings, then Billing, then Plan."]}},
                {**quality, "value": {"rating": rating}},
            ],
        }
        for who, rating in ((1, 4), (2, 3))
    ]
    task = {"id": 1, "data": {"instruction": "How do I change my plan?"}}
    (folder / "batch.json").write_text(json.dumps([{**task, "annotations": annotations}]))
    written = run("agreement", "dd", "-o", "dd/report.json", "--bootstrap", "0", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    skipped = "file skipped as a guidelint agreement report, not a dataset: dd/report.json"
    again = run("agreement", "dd", "--bootstrap", "0", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert skipped in again.stdout and "2 ratings of 1 item" in again.stdout
    checked = run("check", "dd", "--no-config", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert skipped in checked.stdout and "invalid-record" not in checked.stdout


def test_an_email_given_to_annotators_is_answered_with_the_users_id(tmp_path: Path) -> None:
    """Label Studio users are named by id (an export's `completed_by: 8` and a live
    project's `{"id": 8, "email": ...}` are one annotator): an e-mail in --annotators
    is named with its id."""
    rating = {"from_name": "quality", "to_name": "instruction", "type": "rating"}
    tasks = [
        {
            "id": task,
            "data": {"instruction": f"Question {task}?"},
            "annotations": [
                {"id": 10 * task + n, "completed_by": who, "result": [{**rating, "value": v}]}
                for n, (who, v) in enumerate(
                    [(7, {"rating": 4}), ({"id": 8, "email": "bob@example.com"}, {"rating": 2})]
                )
            ],
        }
        for task in (1, 2)
    ]
    (tmp_path / "export.json").write_text(json.dumps(tasks), encoding="utf-8")
    result = run("agreement", "export.json", "--annotators", "7,bob@example.com", cwd=tmp_path)
    assert result.returncode == 2
    assert "Label Studio annotators are named by user id: 8 for bob@example.com" in result.stderr
