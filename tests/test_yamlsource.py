"""Safe YAML loading with positions: plain data only, absurd inputs refused quickly."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml

from guidelint.errors import GuidelineError
from guidelint.guideline import yamlsource
from guidelint.guideline.yamlsource import MAX_BYTES, MAX_NODES, load_yaml

ROOT = Path(__file__).resolve().parent.parent
DOC = """\
name: demo
rules:
  - id: r1
    check: phrase
    phrases: [alpha, beta]
"""


@pytest.mark.parametrize(
    ("path", "key", "where"),
    [
        ((), False, "g.yaml:1:1"),
        (("name",), False, "g.yaml:1:7"),
        (("name",), True, "g.yaml:1:1"),
        (("rules",), False, "g.yaml:3:3"),
        (("rules", 0), False, "g.yaml:3:5"),
        (("rules", 0, "check"), False, "g.yaml:4:12"),
        (("rules", 0, "check"), True, "g.yaml:4:5"),
        (("rules", 0, "phrases", 1), False, "g.yaml:5:22"),
        # an unknown path: the nearest enclosing node
        (("rules", 0, "nope"), False, "g.yaml:3:5"),
        (("rules", 0, "nope"), True, "g.yaml:3:5"),
        (("elsewhere", 3), False, "g.yaml:1:1"),
    ],
)
def test_positions(path: tuple[object, ...], key: bool, where: str) -> None:
    doc = load_yaml(DOC, "g.yaml")
    assert doc.data == {
        "name": "demo",
        "rules": [{"id": "r1", "check": "phrase", "phrases": ["alpha", "beta"]}],
    }
    assert doc.where(path, key=key) == where


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("", None),
        ("# only a comment\n", None),
        ("a: 1\nb: [x, y]\nc: {d: true}\n", {"a": 1, "b": ["x", "y"], "c": {"d": True}}),
        ("a: 'quoted'\nb: null\nc: 1.5\n", {"a": "quoted", "b": None, "c": 1.5}),
        # anchors and aliases in moderation are fine
        ("a: &x [1, 2]\nb: *x\n", {"a": [1, 2], "b": [1, 2]}),
        # merge keys: a key written in the mapping overrides the merged one
        (
            "base: &b {severity: warning, tags: [x]}\nr:\n  <<: *b\n  severity: error\n",
            {
                "base": {"severity": "warning", "tags": ["x"]},
                "r": {"severity": "error", "tags": ["x"]},
            },
        ),
        # merging several mappings: the first listed wins (as in the YAML spec)
        ("a: &x {k: 1}\nb: &y {k: 2, j: 3}\nc:\n  <<: [*x, *y]\n", None),
    ],
)
def test_plain_data(text: str, data: object) -> None:
    loaded = load_yaml(text, "g.yaml").data
    assert loaded == (yaml.safe_load(text) if data is None else data)


def test_merge_override_points_at_the_written_value() -> None:
    doc = load_yaml("base: &b {severity: warning}\nr:\n  <<: *b\n  severity: error\n", "g.yaml")
    assert doc.where(("r", "severity")) == "g.yaml:4:13"


# (YAML text, exact error location, words the message must contain)
ERRORS: list[tuple[str, str, str]] = [
    ("a: [1, 2\n", "g.yaml:2:1", "invalid YAML: expected ',' or ']'"),
    ("a: b: c\n", "g.yaml:1:5", "invalid YAML: mapping values are not allowed here"),
    ("a:\n\t- x\n", "g.yaml:2:1", "invalid YAML"),
    ("a: *nowhere\n", "g.yaml:1:4", "invalid YAML: found undefined alias 'nowhere'"),
    (
        "rules: !!python/object:os.system {}\n",
        "g.yaml:1:8",
        "unsupported YAML tag 'tag:yaml.org,2002:python/object:os.system'",
    ),
    (
        'a: !!python/object/apply:os.system ["true"]\n',
        "g.yaml:1:4",
        "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'",
    ),
    (
        "a: !!python/name:os.system ''\n",
        "g.yaml:1:4",
        "could not determine a constructor for the tag 'tag:yaml.org,2002:python/name:os.system'",
    ),
    ("a: !!set {x, y}\n", "g.yaml:1:4", "unsupported YAML tag 'tag:yaml.org,2002:set'"),
    ("a: !custom x\n", "g.yaml:1:4", "could not determine a constructor for the tag '!custom'"),
    ("? [a]\n: b\n", "g.yaml:1:3", "a mapping key must be a plain value"),
]


@pytest.mark.parametrize(
    ("text", "location", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", "g.yaml:3:1", "duplicate key 'a'"),
        ("r:\n  x: 1\n  x: 2\n", "g.yaml:3:3", "duplicate key 'x'"),
        ("a: &x {k: 1}\nc:\n  <<: *x\n  k: 2\n  k: 3\n", "g.yaml:5:3", "duplicate key 'k'"),
    ],
)
def test_a_duplicate_key_is_a_problem_kept_for_the_caller(
    text: str, location: str, message: str
) -> None:
    """The document stays readable (the last value is kept), so the caller reports the
    duplicate with everything else wrong with the file, in one run."""
    doc = load_yaml(text, "g.yaml")
    (problem,) = doc.problems
    assert problem.location == location and message in problem.message
    assert problem.hint


@pytest.mark.parametrize(("text", "location", "message"), ERRORS)
def test_errors_name_file_line_column(text: str, location: str, message: str) -> None:
    with pytest.raises(GuidelineError) as info:
        load_yaml(text, "g.yaml")
    assert info.value.location == location
    assert message in info.value.message
    assert str(info.value).startswith(f"{location}: ")
    assert info.value.hint, "every error says what to do"


# (text, location, hint): a YAML syntax error says what to do about it
SYNTAX_HINTS: list[tuple[str, str, str]] = [
    (
        "name: t\nrules:\n  - id: r1\n    check: phrase\n     phrases: [a]\n",
        "g.yaml:5:13",
        "check the indentation of line 5: the keys of one mapping, and the '-' items of one "
        "list, start in the same column",
    ),
    (
        "rules:\n  - id: r1\n    check: phrase\n   phrases: [a]\n",
        "g.yaml:4:4",
        "check the indentation of line 4: the keys of one mapping, and the '-' items of one "
        "list, start in the same column",
    ),
    (
        "rules:\n  - id: r1\n    message: bad: {match}\n",
        "g.yaml:3:17",
        "the value on line 3 contains ': ': put the value in quotes",
    ),
    (
        "rules:\n  - id r1\n    check: phrase\n",
        "g.yaml:3:10",
        "line 2 has no ':' after its key: write `key: value`",
    ),
    (
        "name: t\nrules\n  - id: r1\n",
        "g.yaml:3:7",
        "line 2 has no ':' after its key: write `key: value`",
    ),
    ("a:\n\t- x\n", "g.yaml:2:1", "indent with spaces, not tabs: replace the tab on line 2"),
    (
        "a: [1, 2\n",
        "g.yaml:2:1",
        "close the '[' opened on line 1, or, if the value is text starting with '[', "
        "put it in quotes",
    ),
    (
        "a: {b: 1\n",
        "g.yaml:2:1",
        "close the '{' opened on line 1, or, if the value is text starting with '{', "
        "put it in quotes",
    ),
    ('a: "abc\nb: c\n', "g.yaml:3:1", "close the quote opened on line 1"),
    (
        "a:\n  m: {x} is bad\n",
        "g.yaml:2:10",
        "a value starting with '{' is a mapping or list in YAML: if the value on line 2 is "
        "text, put it in quotes",
    ),
    (
        "a: 'x'y\n",
        "g.yaml:1:7",
        "a quoted value ends at its closing quote: put the whole value on line 1 in quotes",
    ),
    (
        "a: @x\n",
        "g.yaml:1:4",
        "a value cannot start with '@' in YAML: put the value on line 1 in quotes",
    ),
    (
        "a: *nowhere\n",
        "g.yaml:1:4",
        "define the anchor (&name) before its alias (*name), or quote a value starting with '*'",
    ),
    ("a: &x 1\nb: &x 2\n", "g.yaml:2:4", "give each anchor (&name) its own name"),
]


@pytest.mark.parametrize(("text", "location", "hint"), SYNTAX_HINTS)
def test_syntax_errors_say_what_to_do(text: str, location: str, hint: str) -> None:
    # "invalid YAML: mapping values are not allowed here" used to come without a hint
    with pytest.raises(GuidelineError) as info:
        load_yaml(text, "g.yaml")
    assert (info.value.location, info.value.hint) == (location, hint)


def test_unsafe_tags_never_run_code(tmp_path: Path) -> None:
    marker = f"{tmp_path}/pwned"
    text = f'a: !!python/object/apply:os.system ["touch {marker}"]\n'
    with pytest.raises(GuidelineError):
        load_yaml(text, "g.yaml")
    assert not os.path.exists(marker)


def _billion_laughs(levels: int = 10) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    lines.append(f"rules: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly() -> None:
    text = _billion_laughs()
    assert len(text) < 1000  # tiny on disk, 9**10 nodes once expanded
    started = time.process_time()  # (CPU time: a busy machine does not fail it)
    with pytest.raises(GuidelineError) as info:
        load_yaml(text, "g.yaml")
    assert time.process_time() - started < 10  # expanded: 9**10 nodes, hours
    assert info.value.location == "g.yaml:1:5"
    assert info.value.message == (
        f"document has more than {MAX_NODES} nodes once aliases are expanded"
    )
    assert info.value.hint is not None and "alias bomb" in info.value.hint


def test_enormous_document_is_refused_before_parsing() -> None:
    text = "description: '" + "x" * MAX_BYTES + "'\n"
    started = time.process_time()  # (CPU time: a busy machine does not fail it)
    with pytest.raises(GuidelineError) as info:
        load_yaml(text, "g.yaml")
    assert time.process_time() - started < 5  # refused before parsing, not after
    assert info.value.location == "g.yaml"
    assert info.value.message == f"guideline is {len(text)} characters; the limit is {MAX_BYTES}"
    assert "extends" in (info.value.hint or "")


@pytest.mark.parametrize("depth", [600, 5000, 50_000])
def test_deep_nesting_is_an_error_not_a_crash(depth: int) -> None:
    text = "a: " + "[" * depth + "]" * depth + "\n"
    started = time.process_time()  # (CPU time: a busy machine does not fail it)
    with pytest.raises(GuidelineError) as info:
        load_yaml(text, "g.yaml")
    assert time.process_time() - started < 20  # a guard against a hang, not a benchmark
    assert info.value.location == "g.yaml"
    assert info.value.message == "YAML is nested too deeply"


def test_moderate_nesting_loads() -> None:
    depth = 100
    value = load_yaml("a: " + "[" * depth + "]" * depth + "\n", "g.yaml").data["a"]
    for _ in range(depth - 1):
        assert len(value) == 1
        value = value[0]
    assert value == []


@pytest.mark.parametrize(
    "path", [*sorted((ROOT / "rules").glob("*.yaml")), ROOT / "examples" / "guideline.yaml"]
)
def test_libyaml_and_pyyaml_give_the_same_data_and_positions(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8")
    fast = load_yaml(text, path.name)
    monkeypatch.setattr(yamlsource, "_FAST_LOADER", None)
    slow = load_yaml(text, path.name)
    assert fast.data == slow.data
    assert fast.positions == slow.positions


def test_a_document_that_could_nest_deeply_skips_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[object] = []
    real = yamlsource.yaml.compose
    monkeypatch.setattr(
        yamlsource.yaml, "compose", lambda text, Loader: used.append(Loader) or real(text, Loader)
    )
    load_yaml("a: [1]\n", "g.yaml")
    with pytest.raises(GuidelineError):
        load_yaml("a: " + "[" * 6000 + "]" * 6000 + "\n", "g.yaml")
    assert used == [yamlsource._FAST_LOADER, yamlsource.yaml.SafeLoader]


def test_a_version_written_as_a_number_is_kept_as_written() -> None:
    """`version: 2026.10` was shown as 2026.1 (YAML reads it as a float)."""
    doc = yamlsource.load_yaml("name: g\nversion: 2026.10\nrules: []\n", "g.yaml")
    assert doc.data["version"] == "2026.10"
    assert yamlsource.load_yaml("version: 3\n", "g.yaml").data["version"] == "3"
    nested = yamlsource.load_yaml("rules:\n  - version: 2026.10\n", "g.yaml").data
    assert nested["rules"][0]["version"] == 2026.1  # (only the guideline's own version)
