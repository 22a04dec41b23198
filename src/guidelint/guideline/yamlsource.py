"""Safe YAML loading that remembers where every node is, for errors with file:line:column.

Only plain data is built (PyYAML's safe composer and scalar constructor: no object
construction). Absurd inputs are refused with a clear error instead of exhausting
memory: documents over :data:`MAX_BYTES`, more than :data:`MAX_NODES` nodes after
alias expansion (the "billion laughs" alias bomb), or nesting deeper than Python's
recursion allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from guidelint.errors import GuidelineError

MAX_BYTES = 2_000_000
#: libyaml's parser when PyYAML was built with it (its wheels are): 16x faster than the
#: pure-Python one (0.4 ms instead of 6.4 ms for customer-support.yaml), same marks.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
#: libyaml recurses on the C stack and crashes on documents nested tens of thousands
#: deep; documents that could nest this deep are parsed by PyYAML's own parser, which
#: raises RecursionError (see test_deep_nesting_is_an_error_not_a_crash).
_FAST_MAX_NESTING = 5_000
MAX_NODES = 200_000
#: Marks the position of a mapping *key* (rather than its value) in a path.
KEY = "<key>"

Path = tuple[Any, ...]
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


@dataclass
class YamlDocument:
    """A loaded YAML document: its data and the 1-based (line, column) of every node."""

    source: str
    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    #: Problems that leave the document readable (a duplicate key: the last one is
    #: kept), for the caller to report with the rest of what is wrong.
    problems: list[GuidelineError] = field(default_factory=list)

    def where(self, path: Path, *, key: bool = False) -> str:
        """``file:line:column`` of the node at ``path`` (or the nearest enclosing one)."""
        probe = (*path, KEY) if key else path
        for end in range(len(probe), -1, -1):
            pos = self.positions.get(probe[:end])
            if pos is not None:
                return f"{self.source}:{pos[0]}:{pos[1]}"
        return self.source


class _Builder:
    def __init__(self, doc: YamlDocument):
        self.doc = doc
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: Path, owner: str | None = None) -> Any:
        """Plain data for ``node``; ``owner`` is the id of the rule it is inside, if any."""
        self.count += 1
        if self.count > MAX_NODES:
            raise GuidelineError(
                f"document has more than {MAX_NODES} nodes once aliases are expanded",
                location=self.doc.where(path),
                hint="a guideline this large is almost certainly an alias bomb; remove the aliases",
            )
        self.doc.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
            raise GuidelineError(
                f"unsupported YAML tag {node.tag!r}",
                location=self._at(node),
                hint="guidelines are plain data: remove the tag",
            )
        if isinstance(node, yaml.MappingNode):
            # Keys merged in with `<<: *anchor` come first; a key written here overrides them.
            explicit = {id(k) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"}
            owner = _rule_id(node) or owner
            self.constructor.flatten_mapping(node)
            result: dict[Any, Any] = {}
            written: set[Any] = set()
            for key_node, value_node in node.value:
                key = self.build(key_node, (*path, KEY, "?"))
                if isinstance(key, (dict, list)):
                    raise GuidelineError(
                        "a mapping key must be a plain value",
                        location=self._at(key_node),
                        hint="write a name or a number before the ':', not a list or a mapping",
                    )
                if key in written and id(key_node) in explicit:
                    rule = f"rule '{owner}': " if owner else ""
                    self.doc.problems.append(
                        GuidelineError(
                            f"{rule}duplicate key '{key}'",
                            location=self._at(key_node),
                            hint=f"keep one '{key}': remove the other or merge the two",
                        )
                    )
                if key in result:  # an override of a merged key: forget the merged positions
                    under = (*path, key)
                    for stale in [p for p in self.doc.positions if p[: len(under)] == under]:
                        del self.doc.positions[stale]
                if id(key_node) in explicit:
                    written.add(key)
                self.doc.positions[(*path, key, KEY)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                result[key] = self.build(value_node, (*path, key), owner)
                if path == () and key == "version" and _is_number(value_node):
                    # (as written: an unquoted 2026.10 is read as the number 2026.1)
                    result[key] = value_node.value
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), owner) for i, item in enumerate(node.value)]
        return self.constructor.construct_object(node, deep=True)

    def _at(self, node: yaml.Node) -> str:
        return f"{self.doc.source}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def _is_number(node: yaml.Node) -> bool:
    """Whether ``node`` is a scalar that YAML reads as a number."""
    return isinstance(node, yaml.ScalarNode) and node.tag in (
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
    )


def _rule_id(node: yaml.MappingNode) -> str | None:
    """The plain ``id:`` of a mapping (a rule), to name it in errors."""
    for key_node, value_node in node.value:
        if key_node.value == "id" and isinstance(value_node, yaml.ScalarNode):
            return str(value_node.value)
    return None


def _nesting_bound(text: str) -> int:
    """At least the nesting depth of the document's collections.

    A nested collection starts with "[", "{", "-" or "?", or on a new line.
    """
    return sum(map(text.count, ("[", "{", "-", "?", "\n")))


def _compose(text: str) -> yaml.Node | None:
    """The node tree of one document; a broken one is parsed again by PyYAML's own
    parser, so that its error names the problem in PyYAML's words."""
    if _FAST_LOADER is not None and _nesting_bound(text) < _FAST_MAX_NESTING:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def load_yaml(text: str, source: str) -> YamlDocument:
    """Parse one YAML document safely, with positions; GuidelineError on any problem."""
    if len(text) > MAX_BYTES:
        raise GuidelineError(
            f"guideline is {len(text)} characters; the limit is {MAX_BYTES}",
            location=source,
            hint="split it into several files joined with `extends`",
        )
    doc = YamlDocument(source=source, data=None)
    try:
        node = _compose(text)
        doc.data = None if node is None else _Builder(doc).build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        location = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        problem = exc.problem or str(exc)
        if problem == "second occurrence" and exc.context:  # a duplicate anchor
            problem = exc.context.removesuffix("; first occurrence")
        raise GuidelineError(
            f"invalid YAML: {problem}", location=location, hint=syntax_hint(exc, text)
        ) from None
    except yaml.YAMLError as exc:
        raise GuidelineError(
            f"invalid YAML: {exc}", location=source, hint="check the file's YAML syntax"
        ) from None
    except RecursionError:
        raise GuidelineError("YAML is nested too deeply", location=source) from None
    return doc


def syntax_hint(exc: yaml.MarkedYAMLError, text: str) -> str:
    """What to do about a YAML syntax error, from PyYAML's problem and the lines around it."""
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    lines = text.splitlines()
    number = mark.line + 1 if mark else 0
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    opened = exc.context_mark.line + 1 if exc.context_mark else number
    if "'\\t'" in problem:
        return f"indent with spaces, not tabs: replace the tab on line {number}"
    if "that cannot start any token" in problem:
        char = problem.split("'")[1] if problem.count("'") >= 2 else "it"
        return (
            f"a value cannot start with '{char}' in YAML: put the value on line {number} in quotes"
        )
    if "quoted scalar" in context:
        return f"close the quote opened on line {opened}"
    if "while parsing a flow" in context:
        if "mapping" in context or "'}'" in problem:
            bracket = "'{'"
        elif "sequence" in context or "']'" in problem:
            bracket = "'['"
        else:
            bracket = "'[' or '{'"
        where = f" opened on line {opened}" if opened != number else ""
        return (
            f"close the {bracket}{where}, or, if the value is text starting with {bracket}, "
            "put it in quotes"
        )
    if "constructor for the tag" in problem:
        return "guidelines are plain data: remove the tag"
    if "undefined alias" in problem:
        return (
            "define the anchor (&name) before its alias (*name), or quote a value starting with '*'"
        )
    if "duplicate anchor" in context:
        return "give each anchor (&name) its own name"
    if mark is None:
        return "check the file's YAML syntax"
    before = line[: mark.column]
    if problem == "mapping values are not allowed here" and ": " in before:
        return f"the value on line {number} contains ': ': put the value in quotes"
    if ": " in before and before.index(": ") + 2 < mark.column:
        value = before.split(": ", 1)[1].lstrip()
        if value[:1] in {"{", "["}:
            return (
                f"a value starting with '{value[0]}' is a mapping or list in YAML: if the "
                f"value on line {number} is text, put it in quotes"
            )
        if value[:1] in {"'", '"'}:
            return (
                f"a quoted value ends at its closing quote: put the whole value on line "
                f"{number} in quotes"
            )
    if problem.startswith(
        ("mapping values", "expected <block end>", "did not find expected", "could not find")
    ):
        return _indentation_hint(lines, number)
    return (
        f"check line {number}: indent with spaces, and quote a value that contains ': ' or "
        "' #', or starts with '{', '[', '*', '&', '!', '@' or '`'"
    )


def _indentation_hint(lines: list[str], number: int) -> str:
    """The hint for a key or item out of place on line ``number``."""
    above = next(
        (n for n in range(min(number, len(lines) + 1) - 1, 0, -1) if _content(lines[n - 1])),
        0,
    )
    if above:
        previous = lines[above - 1].strip().removeprefix("- ")
        if ":" not in previous and not previous.startswith(("-", "[", "{")):
            return f"line {above} has no ':' after its key: write `key: value`"
    return (
        f"check the indentation of line {number}: the keys of one mapping, and the '-' "
        "items of one list, start in the same column"
    )


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")
