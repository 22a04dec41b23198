"""Guidelines: YAML files of rules, loaded safely, merged through ``extends``, validated.

A guideline has ``name``, ``version``, ``description``, ``extends`` (bundled names or
paths relative to the file; later definitions override earlier ones by rule id),
``fields`` (where the instruction and response are in a plain record), ``agreement``
(settings for agreement reports) and ``rules``. See docs/guidelines.md.

Every validation error names ``file:line:column`` of the offending YAML node, the rule
id, and a suggestion for a misspelled key, check name or overridden rule id. All the
errors of a guideline (and the guidelines it extends) are reported together, as
yamllint and ruff do; only a file that cannot be read as a mapping stops the rest.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from guidelint.checks import check_class
from guidelint.checks.base import Check, CheckOptions
from guidelint.encoding import read_text_file
from guidelint.errors import GuidelineError, Problems
from guidelint.fields import FieldMapping
from guidelint.guideline.conditions import VIRTUAL_FIELDS, Condition, When
from guidelint.guideline.schema import (
    GUIDELINE_KEYS,
    RULE_KEYS,
    AgreementSettings,
    Examples,
    GuidelineHead,
    RuleHead,
)
from guidelint.model import Severity
from guidelint.paths import is_file, path_problem

if TYPE_CHECKING:
    from guidelint.guideline.cache import CompiledChecks
    from guidelint.guideline.yamlsource import YamlDocument

__all__ = ["Guideline", "Rule", "bundled_dir", "bundled_names", "load_guideline"]

#: The operators a `when` condition accepts (for suggestions).
CONDITION_OPERATORS = frozenset(f.alias or n for n, f in Condition.model_fields.items())


@dataclass(frozen=True)
class Rule:
    """One validated rule of a guideline."""

    id: str
    check: str
    severity: Severity
    message: str
    description: str
    tags: tuple[str, ...]
    applies_to: tuple[str, ...]
    when: When | None
    examples: Examples
    options: CheckOptions
    max_rate: float | None
    source: str
    #: Whether findings inside quotes / code are reported (see RuleHead).
    in_quotes: bool = False
    in_code: bool = False
    in_fiction: bool = False
    #: Where the rule's examples were written, when that is another file than the rule's
    #: own (``source``): an override that kept the examples of the rule it overrides.
    examples_inherited_from: str | None = None
    #: Then where each example was written: ``(kind, number from 1, file:line:column)``.
    inherited_example_places: tuple[tuple[str, int, str], ...] = ()

    def example_written_at(self, kind: str, number: int) -> str | None:
        """Where an inherited example (``bad`` #2) was written, or None for the rule's own."""
        for place_kind, place_number, where in self.inherited_example_places:
            if (place_kind, place_number) == (kind, number):
                return where
        return self.examples_inherited_from

    @property
    def check_class(self) -> type[Check]:
        return check_class(self.check)


@dataclass(frozen=True)
class Guideline:
    """A loaded guideline: its rules in order, after ``extends`` and overrides."""

    name: str
    version: str
    description: str
    path: str
    rules: tuple[Rule, ...]
    fields: FieldMapping = field(default_factory=FieldMapping)
    agreement: AgreementSettings = field(default_factory=AgreementSettings)
    extends: tuple[str, ...] = ()
    #: The compiled checks of its rules kept from an earlier run (see
    #: :mod:`guidelint.guideline.cache`); None when loaded without the cache.
    compiled: CompiledChecks | None = field(default=None, compare=False, repr=False)

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def bundled_dir() -> Path:
    """Where the bundled guidelines are: inside the wheel, or ``rules/`` in a checkout."""
    inside = Path(__file__).resolve().parents[1] / "rules"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[3] / "rules"


def bundled_names() -> list[str]:
    return sorted(p.stem for p in bundled_dir().glob("*.yaml"))


def _resolve(name_or_path: str, base: Path | None) -> Path:
    candidate = Path(name_or_path)
    if base is not None and not candidate.is_absolute():
        relative = base / candidate
        if is_file(relative):
            return relative
    if candidate.suffix in {".yaml", ".yml"} or "/" in name_or_path or is_file(candidate):
        if is_file(candidate):
            return candidate
        problem = path_problem(candidate)
        if problem is not None:
            raise GuidelineError(
                f"cannot read guideline {name_or_path}: {problem[0]}", hint=problem[1]
            )
        raise GuidelineError(f"guideline file not found: {name_or_path}")
    bundled = bundled_dir() / f"{name_or_path}.yaml"
    if is_file(bundled):
        return bundled
    names = bundled_names()
    close = difflib.get_close_matches(name_or_path, names, n=1)
    raise GuidelineError(
        f"unknown guideline '{name_or_path}' (bundled: {', '.join(names)})",
        hint=f"did you mean '{close[0]}'?" if close else "pass the path of a .yaml file",
    )


@dataclass
class _RawRule:
    """A rule's keys before validation, each remembering the document it came from."""

    values: dict[str, Any]
    origins: dict[str, tuple[YamlDocument, tuple[Any, ...]]]
    #: The keys before an override changed options but not the inherited description
    #: (which may name the old values; see _validate_rule).
    inherited: dict[str, Any] | None = None

    def where(self, loc: tuple[Any, ...], *, key: bool = False) -> str:
        if not loc or loc[0] not in self.origins:
            first = next(iter(self.origins.values()))
            return first[0].where(first[1][:-1])
        doc, path = self.origins[loc[0]]
        return doc.where((*path, *loc[1:]), key=key)


@dataclass
class _Merged:
    head: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    agreement: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, _RawRule] = field(default_factory=dict)
    extends: list[str] = field(default_factory=list)
    #: Every file read: (resolved path, its text), for the cache of compiled guidelines.
    sources: list[tuple[str, str]] = field(default_factory=list)
    #: Every ``extends`` entry: (the name, the folder it was resolved from, the file).
    refs: list[tuple[str, str, str]] = field(default_factory=list)


def load_guideline(name_or_path: str | Path, *, require_rules: bool = True) -> Guideline:
    """Load a bundled guideline by name or a guideline file by path, fully validated.

    A guideline without a rule (none written, none inherited, or every one switched off)
    checks nothing, so it is an error unless ``require_rules`` is false (``guidelint
    agreement`` reads a guideline for its ``agreement`` and ``fields`` settings alone).
    :func:`guidelint.guideline.cache.load_cached` is the same with a cache.
    """
    return load_with_sources(name_or_path, require_rules=require_rules)[0]


def load_with_sources(
    name_or_path: str | Path, *, require_rules: bool = True
) -> tuple[Guideline, _Merged]:
    """:func:`load_guideline`, and what was read to load it (``sources``, ``refs``)."""
    path = _resolve(str(name_or_path), None)
    merged = _Merged()
    problems = Problems()
    doc = _load_into(path, merged, (), problems)
    name = merged.head.get("name") or path.stem
    enabled = [raw for raw in merged.rules.values() if switched_on(raw.values.get("enabled", True))]
    if require_rules and not enabled and not problems:
        raise _no_rules(name, doc, switched_off=bool(merged.rules))
    validated = [_validate_rule(raw, problems) for raw in enabled]
    problems.check(GuidelineError, f"guideline {_display(path)}")
    rules = tuple(rule for rule in validated if rule is not None)
    guideline = Guideline(
        name=name,
        version=str(merged.head.get("version", "")),
        description=merged.head.get("description", ""),
        path=str(path),
        rules=rules,
        fields=FieldMapping.model_validate(merged.fields),
        agreement=AgreementSettings.model_validate(merged.agreement),
        extends=tuple(merged.extends),
    )
    return guideline, merged


_BOOLEAN: TypeAdapter[bool] | None = None


def switched_on(value: Any) -> bool:
    """A rule's ``enabled`` as its schema reads it: YAML's booleans and pydantic's words
    for them (``"false"``, ``"off"``, ``"no"``, ``0`` switch a rule off). A value that is
    no boolean counts as on, so that the rule is validated and the value reported."""
    global _BOOLEAN
    if type(value) is bool:
        return value
    if _BOOLEAN is None:
        _BOOLEAN = TypeAdapter(bool)
    try:
        return _BOOLEAN.validate_python(value)
    except ValidationError:
        return True


def _no_rules(name: str, doc: YamlDocument, *, switched_off: bool) -> GuidelineError:
    """The error for a guideline without an enabled rule, at its `rules` (or its start)."""
    has_rules = isinstance(doc.data, dict) and "rules" in doc.data
    where = doc.where(("rules",) if has_rules else ())
    if where == doc.source:  # an empty document has no positions
        where += ":1:1"
    if switched_off:
        return GuidelineError(
            f"every rule of guideline '{name}' is switched off (`enabled: false`), so it "
            "checks nothing",
            location=where,
            hint="switch a rule on with `enabled: true`, or add a rule",
        )
    return GuidelineError(
        f"guideline '{name}' has no rules, so it checks nothing",
        location=where,
        hint="add rules under `rules:` (see docs/guidelines.md), or start from a bundled "
        "guideline with `extends: customer-support`",
    )


def _load_into(
    path: Path, merged: _Merged, chain: tuple[Path, ...], problems: Problems
) -> YamlDocument:
    """Merge the guideline at ``path`` and those it extends into ``merged``; its document.

    What is wrong in it is added to ``problems`` (an ``extends`` that closes a cycle
    too); a file that is no mapping of keys (unreadable, not YAML) raises at once.
    """
    resolved = path.resolve()  # (a cycle is stopped where `extends` would close it, below)
    try:
        text = read_text_file(path)
    except OSError as exc:
        raise GuidelineError(
            f"cannot read guideline: {exc.strerror or exc}", location=str(path)
        ) from None
    except ValueError as exc:
        raise GuidelineError(
            f"cannot read guideline: {exc}",
            location=str(path),
            hint="save it as UTF-8 (or UTF-16 with a byte order mark) text",
        ) from None
    merged.sources.append((str(resolved), text))
    from guidelint.guideline.yamlsource import load_yaml  # (PyYAML: not for a cached guideline)

    doc = load_yaml(text, _display(path))
    for problem in doc.problems:  # (a duplicate key: reported with the rest)
        problems.add(problem)
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise GuidelineError(
            "a guideline must be a mapping (name, rules, …)", location=doc.where(())
        )
    # Top-level keys starting with "x-" are the file's own (as in Compose files): a
    # place for YAML anchors shared by several rules (x-common: &shared ...).
    own = {k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("x-"))}
    _reject_unknown(own, GUIDELINE_KEYS, doc, (), what="guideline key", problems=problems)
    try:
        extends = GuidelineHead.model_validate(data).extends
    except ValidationError as exc:
        problems.add(_translate(exc, lambda loc, key: doc.where(loc, key=key), rule_id=None))
        raw_extends = data.get("extends")
        raw_extends = [raw_extends] if isinstance(raw_extends, str) else raw_extends
        extends = (
            [p for p in raw_extends if isinstance(p, str)] if isinstance(raw_extends, list) else []
        )
    for i, parent in enumerate(extends):
        try:
            parent_path = _resolve(parent, path.parent)
        except GuidelineError as exc:
            exc.location = exc.location or doc.where(("extends", i))
            problems.add(exc)
            continue
        looped = parent_path.resolve()
        if looped in (*chain, resolved):  # (said at this `extends`, where the cycle closes)
            cycle = " -> ".join(p.name for p in (*chain, resolved, looped))
            where = doc.where(("extends", i)) if isinstance(data.get("extends"), list) else None
            problems.add(
                GuidelineError(
                    f"`extends` forms a cycle: {cycle}",
                    location=where or doc.where(("extends",)),
                    hint="remove one of the `extends` that lead back to this file",
                )
            )
            continue
        merged.refs.append((parent, str(path.parent), str(parent_path)))
        with problems.gather():
            _load_into(parent_path, merged, (*chain, resolved), problems)
        merged.extends.append(parent)
    merged.head.update({k: data[k] for k in ("name", "version", "description") if k in data})
    for section, model in (("fields", FieldMapping), ("agreement", AgreementSettings)):
        value = data.get(section)
        if value is None:
            continue
        if not isinstance(value, dict):
            continue  # (said by the head's validation)
        known = frozenset(model.model_fields)
        _reject_unknown(value, known, doc, (section,), what=f"{section} key", problems=problems)
        try:
            model.model_validate({k: v for k, v in value.items() if k in known})
        except ValidationError as exc:
            problems.add(
                _translate(
                    exc, lambda loc, key, s=section: doc.where((s, *loc), key=key), rule_id=None
                )
            )
            continue
        getattr(merged, section).update(value)
    rules = data.get("rules") or []
    if not isinstance(rules, list):
        rules = []  # (said by the head's validation)
    first_of: dict[str, int] = {}  # rule id -> index of its rule in this file
    for index, raw in enumerate(rules):
        rule_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(rule_id, str):
            if rule_id in first_of:
                problems.add(_duplicate_id(rule_id, first_of[rule_id], index, doc))
                continue
            first_of[rule_id] = index
        with problems.gather():
            _merge_rule(raw, index, doc, merged)
    return doc


def _duplicate_id(rule_id: str, first: int, again: int, doc: YamlDocument) -> GuidelineError:
    """Two rules of one file with the same id: the second would silently replace the first."""
    line = doc.positions.get(("rules", first, "id"), (0, 0))[0]
    return GuidelineError(
        f"rule id '{rule_id}' is already used at line {line}",
        location=doc.where(("rules", again, "id")),
        hint="give each rule its own id, or merge the two rules into one",
    )


def _merge_rule(raw: Any, index: int, doc: YamlDocument, merged: _Merged) -> None:
    path = ("rules", index)
    if not isinstance(raw, dict):
        raise GuidelineError(
            "a rule must be a mapping with `id` and `check`", location=doc.where(path)
        )
    rule_id = raw.get("id")
    if not isinstance(rule_id, str):
        raise GuidelineError(
            "rule has no `id`", location=doc.where(path), hint="add `id: my-rule-name`"
        )
    origins = {key: (doc, (*path, key)) for key in raw}
    existing = merged.rules.get(rule_id)
    if existing is not None and "check" not in raw:
        if "description" in raw:
            existing.inherited = None
        elif existing.inherited is None and any(key not in RULE_KEYS for key in raw):
            existing.inherited = dict(existing.values)  # (see _validate_rule)
        existing.values.update(raw)  # an override of some keys of an inherited rule
        existing.origins.update(origins)
        return
    if existing is None and "check" not in raw and switched_on(raw.get("enabled", True)):
        close = difflib.get_close_matches(rule_id, list(merged.rules), n=1)
        raise GuidelineError(
            f"rule '{rule_id}' has no `check` and overrides no inherited rule",
            location=doc.where((*path, "id")),
            hint=f"did you mean '{close[0]}' (an inherited rule)? or add `check: phrase` "
            "(or another check) for a rule of its own"
            if close
            else "add `check: phrase` (or another check), or fix the id of the rule to override",
        )
    merged.rules.pop(rule_id, None)
    merged.rules[rule_id] = _RawRule(values=dict(raw), origins=origins)


def _validate_rule(raw: _RawRule, problems: Problems) -> Rule | None:
    """The rule, or None with what is wrong with it added to ``problems`` (all of it)."""
    values = raw.values
    rule_id = values["id"]
    if "check" not in values:
        problems.add(GuidelineError(f"rule '{rule_id}' has no `check`", location=raw.where(())))
        return None
    head_values = {k: v for k, v in values.items() if k in RULE_KEYS}
    option_values = {k: v for k, v in values.items() if k not in RULE_KEYS}
    found = len(problems.errors)
    head = None
    try:
        head = RuleHead.model_validate(head_values)
    except ValidationError as exc:
        problems.add(_translate(exc, raw.where, rule_id=rule_id, model=RuleHead))
    try:
        cls = check_class(str(values["check"]))
    except GuidelineError as exc:
        problems.add(
            GuidelineError(
                f"rule '{rule_id}': {exc.message}", location=raw.where(("check",)), hint=exc.hint
            )
        )
        return None
    options = None
    try:
        options = cls.Options.model_validate(option_values)
    except ValidationError as exc:
        known = set(cls.Options.model_fields) | {
            f.alias for f in cls.Options.model_fields.values() if f.alias
        }
        problems.add(
            _translate(exc, raw.where, rule_id=rule_id, known=known | RULE_KEYS, model=cls.Options)
        )
    when = None
    # (the conditions are validated also when another key of the rule is wrong: every
    # problem of a guideline is reported in one run)
    when_values = head.when if head is not None else values.get("when")
    if isinstance(when_values, dict) and when_values:
        conditions = {}
        for name, cond in when_values.items():
            if str(name).startswith("$") and name not in VIRTUAL_FIELDS:
                close = difflib.get_close_matches(str(name), VIRTUAL_FIELDS, n=1)
                known_fields = ", ".join(VIRTUAL_FIELDS)
                problems.add(
                    GuidelineError(
                        f"rule '{rule_id}': unknown computed field '{name}' in `when`",
                        location=raw.where(("when", name), key=True),
                        hint=f"did you mean '{close[0]}'?" if close else f"known: {known_fields}",
                    )
                )
                continue
            try:
                conditions[name] = Condition.parse(cond)
            except ValidationError as exc:
                problems.add(
                    _translate(
                        exc,
                        lambda loc, key, n=name: raw.where(("when", n, *loc), key=key),
                        rule_id=rule_id,
                        known=CONDITION_OPERATORS,
                        what="`when` operator",
                    )
                )
        gate = getattr(cls, "when_gate", None)
        when = When(conditions, gate=gate(options) if gate is not None and options else None)
    if head is None or options is None or len(problems.errors) > found:
        return None
    description = (head.description or "").strip()
    applies_to = tuple(head.applies_to or cls.default_applies_to)
    if description and raw.inherited is not None:
        description = _still_true(description, raw.inherited, cls, options, applies_to)
    inherited = _inherited_from(raw, "examples")
    return Rule(
        id=rule_id,
        check=str(values["check"]),
        severity=Severity(head.severity),
        message=head.message or cls.default_message,
        description=description,
        tags=tuple(head.tags),
        applies_to=applies_to,
        when=when,
        examples=head.examples,
        options=options,
        max_rate=head.max_rate,
        source=raw.where(()),
        in_quotes=head.in_quotes,
        in_code=head.in_code,
        in_fiction=head.in_fiction,
        examples_inherited_from=inherited,
        inherited_example_places=()
        if inherited is None
        else tuple(
            (kind, number, raw.where(("examples", kind, number - 1)))
            for kind in ("good", "bad")
            for number in range(1, len(getattr(head.examples, kind)) + 1)
        ),
    )


def _inherited_from(raw: _RawRule, key: str) -> str | None:
    """Where ``key`` of a rule was written, when in another file than its ``id``."""
    origin, own = raw.origins.get(key), raw.origins.get("id")
    if origin is None or own is None or origin[0] is own[0]:
        return None
    return raw.where((key,))


def _still_true(
    description: str,
    inherited: dict[str, Any],
    cls: Any,
    options: CheckOptions,
    applies_to: tuple[str, ...],
) -> str:
    """The inherited ``description``, or "" when an override's options changed what the
    rule says ("100-300 words" after `optimal: [80, 250]`): the guide and reports then say
    the rule from its options (rule_words). Options that change nothing it says
    (`optimal_severity`) keep it."""
    from guidelint.rule_words import options_in_words

    try:
        before = cls.Options.model_validate(
            {k: v for k, v in inherited.items() if k not in RULE_KEYS}
        )
    except ValidationError:
        return ""
    check = str(inherited.get("check", ""))
    same = options_in_words(check, before, applies_to) == options_in_words(
        check, options, applies_to
    )
    return description if same else ""


def closest(name: str, candidates: list[str]) -> str | None:
    """The known name ``name`` most likely means: a near spelling (``max_rates`` →
    ``max_rate``), else one of its parts that is a known name (``min_words`` → ``min``),
    else the closest spelling (``phrses`` → ``phrases``)."""
    near = difflib.get_close_matches(name, candidates, n=1, cutoff=0.8)
    if near:  # a near spelling first ("max_rates" → "max_rate")
        return near[0]
    parts = [part for part in re.split(r"[_\-\s]+", name) if part]
    for part in parts if len(parts) > 1 else ():
        if part in candidates:
            return part
    close = difflib.get_close_matches(name, candidates, n=1)
    return close[0] if close else None


def _reject_unknown(
    data: dict[str, Any],
    known: frozenset[str],
    doc: YamlDocument,
    path: tuple[Any, ...],
    what: str,
    problems: Problems,
) -> None:
    for key in data:
        if key not in known:
            close = closest(str(key), sorted(known))
            problems.add(
                GuidelineError(
                    f"unknown {what} '{key}'",
                    location=doc.where((*path, key), key=True),
                    hint=f"did you mean '{close}'?"
                    if close
                    else f"known: {', '.join(sorted(known))}",
                )
            )


#: What pydantic adds to an error's location for each member of a union type.
_UNION_TAG = re.compile(r"^(str|int|float|bool|list|dict|none|.*\[.*\]|function-.*)$")


def _translate(
    exc: ValidationError,
    where: Any,
    *,
    rule_id: str | None,
    known: set[str] | frozenset[str] | None = None,
    what: str | None = None,
    model: type[BaseModel] | None = None,
) -> GuidelineError:
    """Every pydantic error as a GuidelineError at its YAML node, with a suggestion
    (one error standing for several when there are several).

    ``known`` are the keys of the top-level mapping; a misspelled key deeper down (an
    example's ``respnse``, ``optimal: {mn: 1}``) is compared with the keys of the part
    of ``model`` it is in. A key reported as missing because it was misspelled is said
    once (as the misspelling), and a value that fits no member of a union once.
    """
    translated: list[GuidelineError] = []
    seen: set[tuple[Any, ...]] = set()
    errors = exc.errors()
    misspelled = [e for e in errors if e["type"] == "extra_forbidden"]
    for error in misspelled + [e for e in errors if e["type"] != "extra_forbidden"]:
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and _UNION_TAG.match(p)))
        if loc in seen:
            continue
        seen.add(loc)
        one = _translate_one(
            error, loc, where, rule_id=rule_id, known=known, what=what, model=model
        )
        if (
            error["type"] == "missing"
            and misspelled
            and any(str(loc[-1]) in (m.hint or "") for m in translated)
        ):
            continue  # (the misspelling was said)
        translated.append(one)
    if len(translated) == 1:
        return translated[0]
    return GuidelineError(f"{len(translated)} errors", errors=translated)


def _translate_one(
    error: Any,
    loc: tuple[Any, ...],
    where: Any,
    *,
    rule_id: str | None,
    known: set[str] | frozenset[str] | None,
    what: str | None,
    model: type[BaseModel] | None,
) -> GuidelineError:
    prefix = f"rule '{rule_id}': " if rule_id else ""
    if error["type"] == "extra_forbidden":
        name = str(loc[-1])
        nested = _keys_at(model, loc[:-1]) if model is not None and len(loc) > 1 else None
        if nested is not None:
            known, what = nested, "key"
        candidates = sorted(known) if known else []
        close = closest(name, candidates)
        what = what or ("option" if known else "key")
        hint = (
            f"did you mean '{close}'?"
            if close
            else (f"known {what}s: {', '.join(candidates)}" if candidates else None)
        )
        return GuidelineError(
            f"{prefix}unknown {what} '{name}'", location=where(loc, key=True), hint=hint
        )
    field_name = ".".join(str(p) for p in loc)
    message = error["msg"].removeprefix("Value error, ")
    label = f"`{field_name}`: " if field_name else ""
    hint = None
    if error["type"] == "model_type":  # ("a valid dictionary or instance of OptimalRange")
        keys = _keys_at(model, loc) if model is not None else None
        message = "Input should be a mapping of keys to values"
        if keys:
            example = ", ".join(f"{key}: …" for key in sorted(keys))
            hint = f"write it as {{{example}}} (keys: {', '.join(sorted(keys))})"
    return GuidelineError(f"{prefix}{label}{message}", location=where(loc, key=False), hint=hint)


def _keys_at(model: Any, path: tuple[Any, ...]) -> frozenset[str] | None:
    """The keys the mapping at ``path`` inside ``model`` takes, when it is a model."""
    for step in path:
        model = _unwrap(model)
        if isinstance(step, int):  # an item of a list
            args = typing.get_args(model)
            model = args[0] if args else None
        elif isinstance(model, type) and issubclass(model, BaseModel):
            fields = model.model_fields
            match = fields.get(step) or next((f for f in fields.values() if f.alias == step), None)
            if match is None:
                return None
            model = match.annotation
        else:
            return None
    model = _unwrap(model)
    if isinstance(model, type) and issubclass(model, BaseModel):
        fields = model.model_fields
        return frozenset(fields) | {f.alias for f in fields.values() if f.alias}
    return None


def _unwrap(annotation: Any) -> Any:
    """``X`` for ``X | None`` and ``Annotated[X, ...]``."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            others = [a for a in args if a is not type(None)]
            if len(others) != 1:
                return annotation
            annotation = others[0]
        else:
            return annotation


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
