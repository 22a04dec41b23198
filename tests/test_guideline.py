"""Loading guidelines: bundled names, paths, ``extends``, overrides, ``fields``, validation.

Every validation error is asserted with its exact ``file:line:column``, the rule id
where there is one, and the suggestion for a misspelling.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from guidelint.checks import REGISTRY
from guidelint.errors import GuidelineError
from guidelint.guideline import Guideline, bundled_dir, bundled_names, load_guideline
from guidelint.model import Severity
from guidelint.run.rule_examples import run_examples

BUNDLED = ["customer-support", "llm-boilerplate"]
BOILERPLATE_RULES = ["ai-identity-disclaimer", "refusal-boilerplate", "knowledge-cutoff"]
SUPPORT_RULES = [
    *BOILERPLATE_RULES,
    "response-length",
    "no-lists-in-simple-responses",
    "no-wall-of-text",
    "no-repeated-question",
    "no-inappropriate-apology",
    "outdated-product-info",
    "stray-whitespace",
    "no-shouting",
    "no-repeated-exclamation",
    "instruction-too-short",
]


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a fresh directory, so error locations read ``g.yaml:line:column``."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- loading --------------------------------------------------------------------------


def test_bundled_names() -> None:
    assert set(BUNDLED) <= set(bundled_names())
    assert bundled_names() == sorted(bundled_names())
    assert (bundled_dir() / "customer-support.yaml").is_file()


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_by_name_from_any_directory(name: str, here: Path) -> None:
    guideline = load_guideline(name)
    assert isinstance(guideline, Guideline)
    assert guideline.name == name
    assert guideline.version == "1.0"
    assert Path(guideline.path) == bundled_dir() / f"{name}.yaml"
    assert guideline.rules


def test_customer_support_extends_llm_boilerplate(here: Path) -> None:
    guideline = load_guideline("customer-support")
    assert guideline.extends == ("llm-boilerplate",)
    assert [r.id for r in guideline.rules] == SUPPORT_RULES
    length = guideline.rule("response-length")
    assert (length.check, length.severity, length.tags) == ("length", Severity.WARNING, ("length",))
    assert length.applies_to == ("response",)
    assert guideline.rule("instruction-too-short").applies_to == ("instruction",)
    assert guideline.rule("no-lists-in-simple-responses").when is not None
    assert length.description.startswith("Sufficient but not excessive")
    with pytest.raises(KeyError):
        guideline.rule("no-such-rule")


RULE = "rules:\n  - id: banned\n    check: phrase\n    phrases: [alpha]\n"


@pytest.mark.parametrize("name", ["g.yaml", "g.yml"])
def test_by_path(here: Path, name: str) -> None:
    path = write(here, name, "name: mine\nversion: 3\ndescription: d\n" + RULE)
    for ref in (name, str(path), path, f"./{name}"):
        guideline = load_guideline(ref)
        assert (guideline.name, guideline.version, guideline.description) == ("mine", "3", "d")
        assert [r.id for r in guideline.rules] == ["banned"]
        assert guideline.rules[0].source == f"{name}:5:5"


def test_name_defaults_to_file_stem(here: Path) -> None:
    write(here, "team-rules.yaml", RULE)
    assert load_guideline("team-rules.yaml").name == "team-rules"


NO_RULES_HINT = (
    "add rules under `rules:` (see docs/guidelines.md), or start from a bundled guideline "
    "with `extends: customer-support`"
)


@pytest.mark.parametrize(
    ("text", "location", "message", "hint"),
    [
        ("", "g.yaml:1:1", "guideline 'g' has no rules, so it checks nothing", NO_RULES_HINT),
        (
            "name: t\n",
            "g.yaml:1:1",
            "guideline 't' has no rules, so it checks nothing",
            NO_RULES_HINT,
        ),
        (
            "name: t\nrules: []\n",
            "g.yaml:2:8",
            "guideline 't' has no rules, so it checks nothing",
            NO_RULES_HINT,
        ),
        (
            "rules:\n  - id: r1\n    check: phrase\n    phrases: [a]\n    enabled: false\n",
            "g.yaml:2:3",
            "every rule of guideline 'g' is switched off (`enabled: false`), so it checks nothing",
            "switch a rule on with `enabled: true`, or add a rule",
        ),
    ],
    ids=["empty file", "no rules key", "empty rules", "every rule switched off"],
)
def test_a_guideline_without_rules_is_an_error(
    here: Path, text: str, location: str, message: str, hint: str
) -> None:
    # it used to check nothing and report "0 violations"
    write(here, "g.yaml", text)
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    assert (info.value.location, info.value.message, info.value.hint) == (location, message, hint)


def test_a_guideline_without_rules_loads_when_rules_are_not_required(here: Path) -> None:
    write(here, "g.yaml", "agreement:\n  item: task\n")
    guideline = load_guideline("g.yaml", require_rules=False)
    assert guideline.rules == () and guideline.agreement.item == "task"


def test_rules_inherited_through_extends_are_rules(here: Path) -> None:
    write(here, "g.yaml", "extends: llm-boilerplate\nrules: []\n")
    assert [r.id for r in load_guideline("g.yaml").rules] == BOILERPLATE_RULES


def test_rule_defaults(here: Path) -> None:
    write(here, "g.yaml", RULE)
    rule = load_guideline("g.yaml").rules[0]
    assert rule.severity is Severity.ERROR
    assert rule.tags == ()
    assert rule.applies_to == ("response",)
    assert rule.when is None
    assert rule.max_rate is None
    assert rule.description == ""
    assert "{match}" in rule.message  # the check's default message
    assert rule.examples.good == [] and rule.examples.bad == []


@pytest.mark.parametrize(("written", "rate"), [("2%", 0.02), ("0.5%", 0.005), (0.25, 0.25), (0, 0)])
def test_max_rate(here: Path, written: object, rate: float) -> None:
    write(here, "g.yaml", RULE + f"    max_rate: {written}\n")
    assert load_guideline("g.yaml").rules[0].max_rate == pytest.approx(rate)


def test_examples_as_text_or_record(here: Path) -> None:
    write(
        here,
        "g.yaml",
        RULE
        + "    examples:\n"
        + "      bad: [alpha here, {response: alpha, instruction: q, explanation: why}]\n"
        + "      good:\n        - record: {category: simple}\n          response: fine\n",
    )
    examples = load_guideline("g.yaml").rules[0].examples
    assert [e.response for e in examples.bad] == ["alpha here", "alpha"]
    assert examples.bad[1].instruction == "q" and examples.bad[1].explanation == "why"
    assert examples.good[0].record == {"category": "simple"}


# -- unknown guidelines -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "message", "hint"),
    [
        (
            "customer-suport",
            f"unknown guideline 'customer-suport' (bundled: {', '.join(bundled_names())})",
            "did you mean 'customer-support'?",
        ),
        (
            "zzz",
            f"unknown guideline 'zzz' (bundled: {', '.join(bundled_names())})",
            "pass the path of a .yaml file",
        ),
        ("missing.yaml", "guideline file not found: missing.yaml", None),
        ("dir/missing", "guideline file not found: dir/missing", None),
    ],
)
def test_unknown_guideline(here: Path, ref: str, message: str, hint: str | None) -> None:
    with pytest.raises(GuidelineError) as info:
        load_guideline(ref)
    assert info.value.message == message
    assert info.value.hint == hint


def test_unreadable_guideline(here: Path) -> None:
    (here / "g.yaml").write_bytes(b"name: \xff\xfe\n")
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    assert info.value.location == "g.yaml"
    assert info.value.message.startswith("cannot read guideline:")


# -- extends and overrides --------------------------------------------------------------

BASE = """\
name: base
fields:
  instruction: prompt
rules:
  - id: r-one
    check: phrase
    phrases: [alpha]
    severity: warning
    tags: [t1]
    message: "one: {match}"
  - id: r-two
    check: phrase
    phrases: [beta]
  - id: r-three
    check: length
    min: 3
    max: 10
"""


def test_extends_relative_path_and_bundled_name(here: Path) -> None:
    write(here, "base/base.yaml", BASE)
    write(here, "team/child.yaml", "name: child\nextends: [../base/base.yaml, llm-boilerplate]\n")
    guideline = load_guideline("team/child.yaml")
    assert guideline.name == "child"
    assert guideline.extends == ("../base/base.yaml", "llm-boilerplate")
    assert [r.id for r in guideline.rules] == ["r-one", "r-two", "r-three", *BOILERPLATE_RULES]
    # the relative path is resolved from the extending file, not from the working directory
    elsewhere = here / "elsewhere"
    elsewhere.mkdir()
    assert load_guideline(here / "team" / "child.yaml").rules == guideline.rules


def test_extends_one_name_as_a_string(here: Path) -> None:
    write(here, "g.yaml", "extends: llm-boilerplate\n")
    guideline = load_guideline("g.yaml")
    assert guideline.extends == ("llm-boilerplate",)
    assert guideline.name == "llm-boilerplate"  # inherited when not set here
    assert [r.id for r in guideline.rules] == BOILERPLATE_RULES


def test_extends_chain(here: Path) -> None:
    write(here, "a.yaml", "name: a\nextends: customer-support\n")
    write(here, "b.yaml", "name: b\nextends: a.yaml\n" + RULE)
    assert [r.id for r in load_guideline("b.yaml").rules] == [*SUPPORT_RULES, "banned"]


def test_override_some_keys_of_an_inherited_rule(here: Path) -> None:
    write(here, "base.yaml", BASE)
    write(
        here,
        "g.yaml",
        "extends: base.yaml\nrules:\n"
        "  - id: r-one\n    severity: error\n    phrases: [gamma]\n"
        "  - id: r-three\n    max: 20\n",
    )
    guideline = load_guideline("g.yaml")
    assert [r.id for r in guideline.rules] == ["r-one", "r-two", "r-three"]  # order kept
    one = guideline.rule("r-one")
    assert one.check == "phrase"
    assert one.severity is Severity.ERROR  # overridden
    assert one.options.phrases == ["gamma"]  # type: ignore[attr-defined]
    assert one.tags == ("t1",)  # inherited
    assert one.message == "one: {match}"  # inherited
    three = guideline.rule("r-three")
    assert (three.options.min, three.options.max) == (3, 20)  # type: ignore[attr-defined]


def test_override_replaces_a_rule_entirely_with_check(here: Path) -> None:
    write(here, "base.yaml", BASE)
    write(
        here,
        "g.yaml",
        "extends: base.yaml\nrules:\n  - id: r-one\n    check: pattern\n    pattern: 'x+'\n",
    )
    guideline = load_guideline("g.yaml")
    one = guideline.rule("r-one")
    assert one.check == "pattern"
    assert one.severity is Severity.ERROR  # not inherited
    assert one.tags == ()
    assert one.message != "one: {match}"  # the pattern check's default message
    assert one.source == "g.yaml:3:5"
    # a replaced rule moves to where it is defined again
    assert [r.id for r in guideline.rules] == ["r-two", "r-three", "r-one"]


def test_two_rules_of_one_file_may_not_share_an_id(here: Path) -> None:
    # the second rule used to replace the first silently
    write(
        here,
        "g.yaml",
        "name: t\nrules:\n  - id: r1\n    check: phrase\n    phrases: [alpha]\n"
        "  - id: r1\n    check: phrase\n    phrases: [beta]\n",
    )
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    error = info.value
    assert (error.location, error.message) == (
        "g.yaml:6:9",
        "rule id 'r1' is already used at line 3",
    )
    assert error.hint == "give each rule its own id, or merge the two rules into one"


def test_one_file_overrides_an_inherited_rule_once(here: Path) -> None:
    write(here, "base.yaml", BASE)
    write(
        here,
        "g.yaml",
        "extends: base.yaml\nrules:\n  - id: r-one\n    severity: info\n"
        "  - id: r-one\n    tags: [t2]\n",
    )
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    assert (info.value.location, info.value.message) == (
        "g.yaml:5:9",
        "rule id 'r-one' is already used at line 3",
    )
    write(here, "g.yaml", "extends: base.yaml\nrules:\n  - id: r-one\n    severity: info\n")
    assert load_guideline("g.yaml").rule("r-one").severity is Severity.INFO


def test_later_extends_override_earlier(here: Path) -> None:
    write(here, "base.yaml", BASE)
    write(here, "other.yaml", "rules:\n  - id: r-two\n    severity: info\n")
    write(here, "g.yaml", "extends: [base.yaml, other.yaml]\n")
    assert load_guideline("g.yaml").rule("r-two").severity is Severity.INFO


def test_other_extends_may_not_override_before_the_rule_exists(here: Path) -> None:
    write(here, "base.yaml", BASE)
    write(here, "other.yaml", "rules:\n  - id: r-two\n    severity: info\n")
    write(here, "g.yaml", "extends: [other.yaml, base.yaml]\n")
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    assert info.value.location == "other.yaml:2:9"
    assert info.value.message == "rule 'r-two' has no `check` and overrides no inherited rule"


@pytest.mark.parametrize(
    "override",
    [
        "  - id: knowledge-cutoff\n    enabled: false\n",
        # switched off with other keys too; the rule's other keys are not validated
        "  - id: knowledge-cutoff\n    enabled: false\n    severity: info\n",
        # words the schema reads as false switch it off too, not only YAML's false
        '  - id: knowledge-cutoff\n    enabled: "false"\n',
        '  - id: knowledge-cutoff\n    enabled: "off"\n',
        "  - id: knowledge-cutoff\n    enabled: 0\n",
    ],
)
def test_enabled_false_switches_a_rule_off(here: Path, override: str) -> None:
    write(here, "g.yaml", "extends: llm-boilerplate\nrules:\n" + override)
    assert [r.id for r in load_guideline("g.yaml").rules] == BOILERPLATE_RULES[:2]


def test_enabled_that_is_no_boolean_is_reported(here: Path) -> None:
    write(
        here,
        "g.yaml",
        'extends: llm-boilerplate\nrules:\n  - id: knowledge-cutoff\n    enabled: "maybe"\n',
    )
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    assert "`enabled`: Input should be a valid boolean" in str(info.value)


def test_enabled_false_on_a_new_rule_and_switching_back_on(here: Path) -> None:
    write(
        here,
        "off.yaml",
        "extends: llm-boilerplate\nrules:\n  - id: knowledge-cutoff\n"
        "    enabled: false\n  - id: not-inherited\n    enabled: false\n",
    )
    assert [r.id for r in load_guideline("off.yaml").rules] == BOILERPLATE_RULES[:2]
    write(
        here, "on.yaml", "extends: off.yaml\nrules:\n  - id: knowledge-cutoff\n    enabled: true\n"
    )
    assert [r.id for r in load_guideline("on.yaml").rules] == BOILERPLATE_RULES


def test_override_error_points_at_the_overriding_file(here: Path) -> None:
    write(here, "base.yaml", BASE)
    write(here, "g.yaml", "extends: base.yaml\nrules:\n  - id: r-three\n    mx: 3\n")
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    assert info.value.location == "g.yaml:4:5"
    assert info.value.message == "rule 'r-three': unknown option 'mx'"
    assert info.value.hint == "did you mean 'max'?"


@pytest.mark.parametrize(
    ("files", "start", "message", "location"),
    [
        (
            {"g.yaml": "extends: g.yaml\n"},
            "g.yaml",
            "`extends` forms a cycle: g.yaml -> g.yaml",
            "g.yaml:1:10",
        ),
        (
            {"a.yaml": "extends: b.yaml\n", "b.yaml": "name: b\nextends: [a.yaml]\n"},
            "a.yaml",
            "`extends` forms a cycle: a.yaml -> b.yaml -> a.yaml",
            "b.yaml:2:11",
        ),
        (
            {
                "a.yaml": "extends: b.yaml\n",
                "b.yaml": "extends: c.yaml\n",
                "c.yaml": "extends: b.yaml",
            },
            "a.yaml",
            "`extends` forms a cycle: a.yaml -> b.yaml -> c.yaml -> b.yaml",
            "c.yaml:1:10",
        ),
    ],
)
def test_extends_cycle(
    here: Path, files: dict[str, str], start: str, message: str, location: str
) -> None:
    """A cycle is said at the `extends` that closes it (it was said without a line)."""
    for name, text in files.items():
        write(here, name, text)
    started = time.process_time()  # (CPU time: a busy machine does not fail it)
    with pytest.raises(GuidelineError) as info:
        load_guideline(start)
    assert time.process_time() - started < 10  # a cycle followed would never end
    assert info.value.message == message
    assert info.value.location == location


def test_diamond_extends_is_not_a_cycle(here: Path) -> None:
    write(here, "base.yaml", BASE)
    write(here, "left.yaml", "extends: base.yaml\n")
    write(here, "right.yaml", "extends: base.yaml\n")
    write(here, "g.yaml", "extends: [left.yaml, right.yaml]\n")
    assert [r.id for r in load_guideline("g.yaml").rules] == ["r-one", "r-two", "r-three"]


def test_fields_merge(here: Path) -> None:
    write(here, "base.yaml", BASE)
    write(here, "g.yaml", "extends: base.yaml\nfields:\n  response: answer.text\n")
    fields = load_guideline("g.yaml").fields
    assert (fields.instruction, fields.response) == ("prompt", "answer.text")
    write(here, "h.yaml", "extends: g.yaml\nfields:\n  instruction: question\n")
    fields = load_guideline("h.yaml").fields
    assert (fields.instruction, fields.response) == ("question", "answer.text")
    assert load_guideline("base.yaml").fields.response == "response"  # the default


def test_agreement_settings_merge(here: Path) -> None:
    write(here, "base.yaml", "agreement:\n  item: task\n  annotator: rater\n")
    write(here, "g.yaml", "extends: base.yaml\nagreement:\n  annotator: labeller\n")
    agreement = load_guideline("g.yaml", require_rules=False).agreement
    assert (agreement.item, agreement.annotator) == ("task", "labeller")


# -- validation errors ------------------------------------------------------------------

R = "rules:\n  - id: r1\n"  # rule r1 starts at line 2, column 5

# (id, guideline text, exact location, exact message, hint or None)
ERRORS: list[tuple[str, str, str, str, str | None]] = [
    (
        "unknown top-level key",
        "name: x\nrulez: []\n",
        "g.yaml:2:1",
        "unknown guideline key 'rulez'",
        "did you mean 'rules'?",
    ),
    (
        "unknown top-level key, nothing close",
        "zzz: 1\n",
        "g.yaml:1:1",
        "unknown guideline key 'zzz'",
        "known: agreement, description, extends, fields, name, rules, version",
    ),
    (
        "guideline not a mapping",
        "- a\n- b\n",
        "g.yaml:1:1",
        "a guideline must be a mapping (name, rules, …)",
        None,
    ),
    (
        "rules not a list",
        "rules: {a: 1}\n",
        "g.yaml:1:8",
        "`rules`: Input should be a valid list",
        None,
    ),
    (
        "extends not a list",
        "extends: {a: 1}\n",
        "g.yaml:1:10",
        "`extends`: Input should be a valid list",
        None,
    ),
    (
        "unknown fields key",
        "fields:\n  instructoin: x\n",
        "g.yaml:2:3",
        "unknown fields key 'instructoin'",
        "did you mean 'instruction'?",
    ),
    (
        "fields not a mapping",
        "fields: [a]\n",
        "g.yaml:1:9",
        "`fields`: Input should be a valid dictionary",
        None,
    ),
    (
        "unknown agreement key",
        "agreement:\n  annotatr: a\n",
        "g.yaml:2:3",
        "unknown agreement key 'annotatr'",
        "did you mean 'annotator'?",
    ),
    (
        "rule not a mapping",
        "rules:\n  - 5\n",
        "g.yaml:2:5",
        "a rule must be a mapping with `id` and `check`",
        None,
    ),
    (
        "rule without id",
        "rules:\n  - check: phrase\n",
        "g.yaml:2:5",
        "rule has no `id`",
        "add `id: my-rule-name`",
    ),
    (
        "rule without check",
        R + "    phrases: [a]\n",
        "g.yaml:2:9",
        "rule 'r1' has no `check` and overrides no inherited rule",
        "add `check: phrase` (or another check), or fix the id of the rule to override",
    ),
    (
        "misspelled check option",
        R + "    check: phrase\n    phrasess: [a]\n",
        "g.yaml:4:5",
        "rule 'r1': unknown option 'phrasess'",
        "did you mean 'phrases'?",
    ),
    (
        "misspelled rule key",
        R + "    check: phrase\n    phrases: [a]\n    severty: error\n",
        "g.yaml:5:5",
        "rule 'r1': unknown option 'severty'",
        "did you mean 'severity'?",
    ),
    (
        "misspelled required option",
        R + "    check: pattern\n    patern: 'x'\n",
        "g.yaml:4:5",
        "rule 'r1': unknown option 'patern'",
        "did you mean 'pattern'?",
    ),
    (
        "missing required option",
        R + "    check: pattern\n",
        "g.yaml:2:5",
        "rule 'r1': `pattern`: Field required",
        None,
    ),
    (
        "unknown check",
        R + "    check: phrse\n    phrases: [a]\n",
        "g.yaml:3:12",
        f"rule 'r1': unknown check 'phrse' (known checks: {', '.join(sorted(REGISTRY))})",
        "did you mean 'phrase'?",
    ),
    (
        "wrong type",
        R + "    check: length\n    min: many\n",
        "g.yaml:4:10",
        "rule 'r1': `min`: Input should be a valid integer, unable to parse string as an integer",
        None,
    ),
    (
        "wrong type of a rule key",
        R + "    check: phrase\n    phrases: [a]\n    tags: 5\n",
        "g.yaml:5:11",
        "rule 'r1': `tags`: Input should be a valid list",
        None,
    ),
    (
        "bad severity",
        R + "    check: phrase\n    phrases: [a]\n    severity: fatal\n",
        "g.yaml:5:15",
        "rule 'r1': `severity`: unknown severity 'fatal' (one of error, warning, info)",
        None,
    ),
    (
        "non-kebab id",
        "rules:\n  - id: My_Rule\n    check: phrase\n    phrases: [a]\n",
        "g.yaml:2:9",
        "rule 'My_Rule': `id`: rule id 'My_Rule' must be kebab-case, e.g. 'my-rule'",
        None,
    ),
    (
        "duplicate YAML key",
        R + "    check: phrase\n    phrases: [a]\n    phrases: [b]\n",
        "g.yaml:5:5",
        "rule 'r1': duplicate key 'phrases'",
        "keep one 'phrases': remove the other or merge the two",
    ),
    (
        "duplicate YAML key inside a rule's when",
        R + "    check: phrase\n    phrases: [a]\n"
        "    when:\n      category: a\n      category: b\n",
        "g.yaml:7:7",
        "rule 'r1': duplicate key 'category'",
        "keep one 'category': remove the other or merge the two",
    ),
    (
        "duplicate YAML key outside rules",
        "name: a\nname: b\n",
        "g.yaml:2:1",
        "duplicate key 'name'",
        "keep one 'name': remove the other or merge the two",
    ),
    (
        "bad when operator",
        R + "    check: phrase\n    phrases: [a]\n    when:\n      category: {equal: simple}\n",
        "g.yaml:6:18",
        "rule 'r1': unknown `when` operator 'equal'",
        "did you mean 'equals'?",
    ),
    (
        "bad when regex",
        R + "    check: phrase\n    phrases: [a]\n    when:\n      category: {matches: '('}\n",
        "g.yaml:6:27",
        "rule 'r1': `matches`: pattern '(' is not a valid regular expression: missing ) at "
        "position 1",
        None,
    ),
    (
        "unknown computed field in when",
        R + "    check: phrase\n    phrases: [a]\n    when:\n      $instruction_word: {max: 3}\n",
        "g.yaml:6:7",
        "rule 'r1': unknown computed field '$instruction_word' in `when`",
        "did you mean '$instruction_words'?",
    ),
    (
        "when not a mapping",
        R + "    check: phrase\n    phrases: [a]\n    when: simple\n",
        "g.yaml:5:11",
        "rule 'r1': `when`: Input should be a valid dictionary",
        None,
    ),
    (
        "bad applies_to role",
        R + "    check: phrase\n    phrases: [a]\n    applies_to: [robot]\n",
        "g.yaml:5:17",
        "rule 'r1': `applies_to`: unknown role 'robot' (known: all, assistant, candidate, "
        "chosen, comment, draft, instruction, rejected, response, system, user)",
        None,
    ),
    (
        "invalid regex in a phrase pattern",
        R + "    check: phrase\n    patterns: ['(unclosed']\n",
        "g.yaml:2:5",
        "rule 'r1': patterns entry '(unclosed' is not a valid regular expression: "
        "missing ) at position 9",
        None,
    ),
    (
        "invalid regex in a pattern rule",
        R + "    check: pattern\n    pattern: '(a'\n",
        "g.yaml:4:14",
        "rule 'r1': `pattern`: pattern '(a' is not a valid regular expression: missing ) at "
        "position 2",
        None,
    ),
    (
        "max_rate above 100%",
        R + "    check: phrase\n    phrases: [a]\n    max_rate: 150%\n",
        "g.yaml:5:15",
        "rule 'r1': `max_rate`: max_rate must be between 0% and 100%",
        None,
    ),
    (
        "max_rate not a percentage",
        R + "    check: phrase\n    phrases: [a]\n    max_rate: lots%\n",
        "g.yaml:5:15",
        "rule 'r1': `max_rate`: 'lots%' is not a percentage like '2%'",
        None,
    ),
    (
        "max_rate negative",
        R + "    check: phrase\n    phrases: [a]\n    max_rate: -0.1\n",
        "g.yaml:5:15",
        "rule 'r1': `max_rate`: max_rate must be between 0% and 100%",
        None,
    ),
    (
        "unknown example key",
        R + "    check: phrase\n    phrases: [a]\n"
        "    examples:\n      good:\n        - respnse: x\n",
        "g.yaml:7:11",
        "rule 'r1': unknown key 'respnse'",
        "did you mean 'response'?",
    ),
    (
        "unknown examples key",
        R + "    check: phrase\n    phrases: [a]\n    examples:\n      goood: [x]\n",
        "g.yaml:6:7",
        "rule 'r1': unknown key 'goood'",
        "did you mean 'good'?",
    ),
    (
        "unknown key of a nested option",
        R + "    check: length\n    optimal: {mn: 3}\n",
        "g.yaml:4:15",
        "rule 'r1': unknown key 'mn'",
        "did you mean 'min'?",
    ),
    (
        "unknown key of a nested option, nothing close",
        R + "    check: duplicates\n    near_duplicates: {zzz: 1}\n",
        "g.yaml:4:23",
        "rule 'r1': unknown key 'zzz'",
        "known keys: num_perm, seed, shingle, threshold",
    ),
    (
        "invalid YAML syntax",
        R + "    check: [phrase\n",
        "g.yaml:4:1",
        "invalid YAML: expected ',' or ']', but got '<stream end>'",
        "close the '[' opened on line 3, or, if the value is text starting with '[', put it "
        "in quotes",
    ),
    (
        "unsafe tag",
        "rules: !!python/object:os.system {}\n",
        "g.yaml:1:8",
        "unsupported YAML tag 'tag:yaml.org,2002:python/object:os.system'",
        "guidelines are plain data: remove the tag",
    ),
    (
        "unknown bundled guideline in extends",
        "name: x\nextends: [llm-boilerplate, customer-suport]\n",
        "g.yaml:2:28",
        f"unknown guideline 'customer-suport' (bundled: {', '.join(bundled_names())})",
        "did you mean 'customer-support'?",
    ),
    (
        "missing file in extends",
        "extends: missing.yaml\n",
        "g.yaml:1:10",
        "guideline file not found: missing.yaml",
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "location", "message", "hint"),
    [pytest.param(*case[1:], id=case[0]) for case in ERRORS],
)
def test_validation_errors(
    here: Path, text: str, location: str, message: str, hint: str | None
) -> None:
    write(here, "g.yaml", text)
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    error = info.value
    assert (error.location, error.message, error.hint) == (location, message, hint)
    shown = str(error)
    assert shown.startswith(f"{location}: {message}")
    if hint:
        assert shown.endswith(f"\n  hint: {hint}")
    if "id: r1" in text and not message.startswith("invalid YAML"):
        assert "rule 'r1'" in message


def test_error_in_a_bundled_guideline_extended_by_path_names_the_child(here: Path) -> None:
    write(here, "base.yaml", BASE)
    write(here, "g.yaml", "extends: base.yaml\nrules:\n  - id: r-two\n    check: phrse\n")
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    assert info.value.location == "g.yaml:4:12"
    assert info.value.message.startswith("rule 'r-two': unknown check 'phrse'")


def test_alias_bomb_is_refused_quickly(here: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    write(here, "g.yaml", "\n".join(lines) + "\nrules: *a9\n")
    started = time.process_time()  # (CPU time: a busy machine does not fail it)
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    assert time.process_time() - started < 10  # expanded, it is 3.4 billion nodes: hours
    assert info.value.location == "g.yaml:1:5"
    assert "nodes once aliases are expanded" in info.value.message


def test_enormous_guideline_is_refused(here: Path) -> None:
    write(here, "g.yaml", "description: '" + "x" * 2_100_000 + "'\n")
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    assert info.value.location == "g.yaml"
    assert info.value.message == "guideline is 2100016 characters; the limit is 2000000"


def test_deep_nesting_is_refused(here: Path) -> None:
    write(here, "g.yaml", R + "    check: phrase\n    phrases: " + "[" * 3000 + "]" * 3000 + "\n")
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    assert (info.value.location, info.value.message) == ("g.yaml", "YAML is nested too deeply")


# -- the documentation's complete example ------------------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs" / "guidelines.md"


def test_complete_example_in_the_docs_loads_and_its_examples_pass(here: Path) -> None:
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"## A complete example\n\n```yaml\n(.*?)```", text, re.S)
    assert block is not None
    write(here, "guideline.yaml", block.group(1))
    guideline = load_guideline("guideline.yaml")
    assert guideline.name == "nimbus-support"
    assert "no-repeated-exclamation" not in [r.id for r in guideline.rules]
    rule = guideline.rule("no-competitor-names")
    assert (rule.severity, rule.max_rate, rule.tags) == (Severity.WARNING, 0.01, ("tone", "legal"))
    assert guideline.rule("response-length").options.optimal_severity is Severity.WARNING  # type: ignore[attr-defined]
    assert (guideline.fields.instruction, guideline.fields.response) == ("prompt", "answer.text")
    failed = [(r.rule, r.kind, r.index) for r in run_examples(guideline) if not r.passed]
    assert failed == []


@pytest.mark.parametrize(
    ("rule", "meant"),
    [
        ("check: length\n    min_words: 3", "min"),
        ("check: length\n    max-chars: 3", "max"),
        ("check: phrase\n    phrses: [a]", "phrases"),
        ("check: length\n    max: 3\n    max_rates: 2%", "max_rate"),
    ],
)
def test_an_unknown_option_suggests_the_one_meant(here: Path, rule: str, meant: str) -> None:
    write(here, "g.yaml", f"name: g\nrules:\n  - id: r\n    {rule}\n")
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    assert f"did you mean '{meant}'?" in str(info.value)


def test_a_list_where_a_mapping_goes_says_which_keys(here: Path) -> None:
    write(here, "g.yaml", "name: g\nrules:\n  - id: r\n    check: length\n    optimal: [20, 300]\n")
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    assert "`optimal`: Input should be a mapping of keys to values" in str(info.value)
    assert "OptimalRange" not in str(info.value)
    assert info.value.hint == "write it as {max: …, min: …} (keys: max, min)"


def test_an_override_of_options_drops_the_inherited_description(here: Path) -> None:
    """The inherited description names the old values ("100-300 words"): after new
    options the guide says the rule from them, unless the override describes it."""
    from guidelint.rule_words import rule_in_words

    write(
        here,
        "base.yaml",
        "name: base\nrules:\n"
        "  - id: long\n    check: length\n    min: 30\n    description: At least 30 words.\n"
        "  - id: sev\n    check: length\n    min: 30\n    description: At least 30 words.\n"
        "  - id: own\n    check: length\n    min: 30\n    description: At least 30 words.\n"
        "  - id: same\n    check: length\n    min: 30\n    description: At least 30 words.\n",
    )
    write(
        here,
        "g.yaml",
        "extends: base.yaml\nrules:\n"
        "  - id: long\n    min: 40\n"
        "  - id: sev\n    severity: error\n"
        "  - id: own\n    min: 40\n    description: At least 40 words, please.\n"
        "  - id: same\n    optimal_severity: warning\n",
    )
    guideline = load_guideline("g.yaml")
    assert rule_in_words(guideline.rule("long")) == "The response is at least 40 words."
    assert rule_in_words(guideline.rule("sev")) == "At least 30 words."  # (no new options)
    assert rule_in_words(guideline.rule("own")) == "At least 40 words, please."
    # an option that changes nothing the rule says keeps the description
    assert rule_in_words(guideline.rule("same")) == "At least 30 words."


def test_every_problem_of_a_guideline_in_one_run(here: Path) -> None:
    """A duplicate key, a wrong severity and the `when` conditions of the same rule, and
    the other rules: all reported together (before, a duplicate key hid the rest, and a
    wrong severity hid the rule's `when`)."""
    write(
        here,
        "g.yaml",
        "name: t\nrules:\n"
        "  - id: r1\n    check: phrase\n    phrases: [a]\n    phrases: [b]\n"
        "    severity: Fatal\n"
        "    when: {instruction: {matches: '(unclosed'}, $response_word: {min: 1}}\n"
        "  - id: r2\n    check: lenght\n",
    )
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    found = [(e.location, e.message) for e in info.value.errors]
    assert found == [
        ("g.yaml:6:5", "rule 'r1': duplicate key 'phrases'"),
        (
            "g.yaml:7:15",
            "rule 'r1': `severity`: unknown severity 'Fatal' (one of error, warning, info)",
        ),
        (
            "g.yaml:8:35",
            "rule 'r1': `matches`: pattern '(unclosed' is not a valid regular expression: "
            "missing ) at position 9",
        ),
        ("g.yaml:8:49", "rule 'r1': unknown computed field '$response_word' in `when`"),
        ("g.yaml:10:12", found[4][1]),
    ]
    assert "unknown check 'lenght'" in found[4][1]


def test_top_level_x_keys_hold_anchors_shared_by_rules(here: Path) -> None:
    write(
        here,
        "g.yaml",
        "name: t\nx-shared: &shared\n  severity: warning\n  applies_to: [response]\n"
        "rules:\n  - id: no-sorry\n    check: phrase\n    phrases: [sorry]\n    <<: *shared\n",
    )
    rule = load_guideline("g.yaml").rule("no-sorry")
    assert rule.severity is Severity.WARNING and rule.applies_to == ("response",)
    # other unknown top-level keys are still errors
    write(here, "h.yaml", "name: t\ncommon: 1\nrules:\n  - id: r\n    check: length\n    min: 1\n")
    with pytest.raises(GuidelineError, match="unknown guideline key 'common'"):
        load_guideline("h.yaml")


def test_severity_in_any_case_and_near_misses(tmp_path: Path) -> None:
    """`severity: Error` is the error severity; `warn` and a role named `answer` get a
    'did you mean' (they got none, and `answer` was offered 'user')."""
    path = tmp_path / "g.yaml"
    path.write_text(
        "name: g\nrules:\n  - id: a\n    check: phrase\n    phrases: [x]\n    severity: Error\n",
        encoding="utf-8",
    )
    assert load_guideline(path).rule("a").severity.value == "error"
    path.write_text(
        "name: g\nrules:\n  - id: a\n    check: phrase\n    phrases: [x]\n    severity: warn\n"
        "    applies_to: answer\n",
        encoding="utf-8",
    )
    with pytest.raises(GuidelineError) as info:
        load_guideline(path)
    messages = [e.message for e in info.value.errors]
    assert "did you mean 'warning'?" in messages[0]
    assert "unknown role 'answer' (did you mean 'response'?" in messages[1]
