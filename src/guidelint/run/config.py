"""The project configuration: ``guidelint.yaml``, ``.guidelint.yaml`` or ``[tool.guidelint]``.

Found by walking up from the checked files (or the working directory) to the first
directory holding ``guidelint.yaml``, ``.guidelint.yaml`` or a ``pyproject.toml`` with a
``[tool.guidelint]`` table, in that order. Keys: ``guideline``, ``fields``, ``select``,
``ignore``, ``fail_on``, ``min_severity`` and ``max_violations`` (what is shown), ``severity``
(per rule id), ``schema`` and ``per_path`` (glob →
``select``/``ignore``/``severity``/``schema``/``fields`` for the matching files). Every
key is validated when the file loads, and errors name ``file:line:column`` (for TOML,
the line of the table). Command-line flags override the file. The reference is
``docs/integrations.md#configuration``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator

from guidelint.encoding import read_text_file
from guidelint.errors import GuidelintError, Problems, UsageError
from guidelint.paths import is_file
from guidelint.run.globs import glob_match

if TYPE_CHECKING:
    from guidelint.guideline.yamlsource import YamlDocument

CONFIG_NAMES = ("guidelint.yaml", ".guidelint.yaml", "pyproject.toml")
Level = Literal["error", "warning", "info"]


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Level] = Field(default_factory=dict)
    schema_name: str | None = Field(default=None, alias="schema")
    fields: dict[str, Any] = Field(default_factory=dict)

    @field_validator("select", "ignore", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:  # "a, b" → [a, b]
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value


class PathSettings(_Settings):
    """One ``per_path`` entry: overrides for the files its glob matches."""


class ProjectConfig(_Settings):
    """The validated keys of a configuration file."""

    guideline: str | None = None
    fail_on: Level | None = Field(default=None, validation_alias=AliasChoices("fail_on", "fail-on"))
    min_severity: Level | None = Field(
        default=None, validation_alias=AliasChoices("min_severity", "min-severity")
    )
    max_violations: int | None = Field(
        default=None, ge=0, validation_alias=AliasChoices("max_violations", "max-violations")
    )
    per_path: dict[str, PathSettings] = Field(
        default_factory=dict, validation_alias=AliasChoices("per_path", "per-path")
    )
    #: Globs (relative to this file's folder) of files never checked, named or found.
    exclude: list[str] = Field(default_factory=list)

    @field_validator("exclude", mode="before")
    @classmethod
    def _exclude_list(cls, value: Any) -> Any:  # "a, b" → [a, b]
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value


def _defaults() -> ProjectConfig:
    """No file: every default, built without validation (defaults are valid), so that a
    run without a configuration file never builds the validator. The empty containers
    are given: pydantic would otherwise read the signatures of ``list`` and ``dict``."""
    empty: dict[str, Any] = {
        "ignore": [],
        "severity": {},
        "fields": {},
        "per_path": {},
        "exclude": [],
    }
    return ProjectConfig.model_construct(_fields_set=set(), **empty)


@dataclass
class Config:
    """A loaded configuration file (or none: every value empty)."""

    values: ProjectConfig = field(default_factory=lambda: _defaults())
    path: Path | None = None
    doc: YamlDocument | None = None
    #: What is wrong with the file, when loaded with ``deferred=True``: reported together
    #: with the rule names it gives (:meth:`check_names`), all in one run; ``values``
    #: then holds the keys that were right.
    problems: list[GuidelintError] = field(default_factory=list)

    def raise_problems(self) -> None:
        """Raise what loading with ``deferred=True`` found wrong, if anything."""
        found = Problems()
        for problem in self.problems:
            found.add(problem)
        found.check(UsageError, f"configuration {_display(self.path or Path('?'))}")

    @property
    def root(self) -> Path:
        return self.path.parent if self.path is not None else Path.cwd()

    def guideline(self) -> str | None:
        """The guideline: a bundled name, or a path resolved against this file's directory."""
        value = self.values.guideline
        if value is None or not _looks_like_path(value):
            return value
        file = Path(value)
        return str(file if file.is_absolute() else self.root / file)

    def excludes(self, path: str) -> bool:
        """Whether ``exclude`` leaves ``path`` out (globs relative to this file's folder)."""
        if path == "-" or not self.values.exclude:
            return False
        relative = relative_to(path, self.root)
        return relative is not None and any(
            glob_match(glob, relative) for glob in self.values.exclude
        )

    def overrides_for(self, path: str) -> PathSettings | None:
        """The ``per_path`` entries matching ``path``, combined in order (None: no match)."""
        if path == "-" or not self.values.per_path:
            return None
        relative = relative_to(path, self.root)
        matching = [
            entry
            for pattern, entry in self.values.per_path.items()
            if relative is not None and glob_match(pattern, relative)
        ]
        if not matching:
            return None
        merged: dict[str, Any] = {"select": None, "ignore": [], "severity": {}, "fields": {}}
        for entry in matching:
            if entry.select is not None:
                merged["select"] = entry.select
            merged["ignore"] += entry.ignore
            merged["severity"].update(entry.severity)
            if entry.schema_name is not None:
                merged["schema"] = entry.schema_name
            merged["fields"].update(entry.fields)
        return PathSettings.model_validate(merged)

    def check_names(self, rule_ids: set[str], names: set[str]) -> None:
        """UsageError, at the value, for a ``severity`` key that is not a rule id or a
        ``select``/``ignore`` entry that is no rule id, tag or check name."""
        import difflib

        entries: list[tuple[tuple[Any, ...], str, set[str], str]] = []
        scopes: list[tuple[tuple[Any, ...], _Settings]] = [((), self.values)]
        scopes += [(("per_path", glob), entry) for glob, entry in self.values.per_path.items()]
        for prefix, settings in scopes:
            entries += [
                ((*prefix, "severity", k), k, rule_ids, "a rule") for k in settings.severity
            ]
            for key in ("select", "ignore"):
                values = getattr(settings, key) or []
                entries += [
                    ((*prefix, key, i), v, names, "a rule, tag or check")
                    for i, v in enumerate(values)
                ]
        problems = Problems()
        for problem in self.problems:
            problems.add(problem)
        for keys, name, known, what in entries:
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=1)
                problems.add(
                    UsageError(
                        f"configuration: `{keys[-2]}` names '{name}', which is not {what} of "
                        "the guideline",
                        location=self._at(keys),
                        hint=f"did you mean '{close[0]}'?"
                        if close
                        else "see `guidelint rules list`",
                    )
                )
        problems.check(UsageError, "the configuration")

    def _at(self, keys: tuple[Any, ...]) -> str:
        """Where ``keys`` is: a mapping key, a list item, or a comma-separated string."""
        if self.path is None:
            return "<configuration>"
        if self.doc is not None and isinstance(keys[-1], int) and keys not in self.doc.positions:
            return _where(self.doc, self.path, keys[:-1], False)  # "a, b": the string
        return _where(self.doc, self.path, keys, not isinstance(keys[-1], int))


def find_config(start: Path) -> Path | None:
    """The first configuration file in ``start`` or one of its parents."""
    directory = start.resolve()
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not is_file(candidate):
                continue
            if name == "pyproject.toml" and _tool_table(candidate) is None:
                continue
            return candidate
    return None


def discover(paths: list[str], *, deferred: bool = False) -> Config:
    """The configuration governing ``paths``: searched from their common directory."""
    paths = [p for p in paths if not p.startswith(("http://", "https://"))]  # (live projects)
    dirs = [os.path.abspath(p if os.path.isdir(p) else os.path.dirname(p) or ".") for p in paths]
    dirs = [d for d, p in zip(dirs, paths, strict=True) if p != "-"]
    try:
        start = Path(os.path.commonpath(dirs)) if dirs else Path.cwd()
    except ValueError:  # different drives
        start = Path.cwd()
    found = find_config(start)
    return load_config(found, deferred=deferred) if found is not None else Config()


def load_config(path: Path, *, deferred: bool = False) -> Config:
    """Load and validate one configuration file. ``deferred``: what is wrong with its
    values is kept in ``problems`` (see :meth:`Config.check_names`), not raised now."""
    if path.name == "pyproject.toml":
        table = _tool_table(path)
        if table is None:
            raise UsageError("pyproject.toml has no [tool.guidelint] table", location=str(path))
        values, problems = _validate(table, None, path)
        return _loaded(Config(values, path, None, problems), deferred)
    try:
        text = read_text_file(path)
    except OSError as exc:
        raise UsageError(
            f"cannot read configuration: {exc.strerror or exc}", location=str(path)
        ) from None
    except ValueError as exc:
        raise UsageError(f"cannot read configuration: {exc}", location=str(path)) from None
    from guidelint.guideline.yamlsource import load_yaml

    try:
        doc = load_yaml(text, _display(path))
    except GuidelintError as exc:
        raise UsageError(exc.message, location=exc.location, hint=exc.hint) from None
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise UsageError(
            "a configuration must be a mapping (guideline, select, …)", location=doc.where(())
        )
    values, problems = _validate(data, doc, path)
    duplicates = [UsageError(p.message, location=p.location, hint=p.hint) for p in doc.problems]
    return _loaded(Config(values, path, doc, duplicates + problems), deferred)


def _loaded(config: Config, deferred: bool) -> Config:
    if not deferred:
        config.raise_problems()
    return config


def _validate(
    data: dict[str, Any], doc: YamlDocument | None, path: Path
) -> tuple[ProjectConfig, list[GuidelintError]]:
    """The configuration's values, and what is wrong with them: the values hold the keys
    that were right (a wrong one is left out, so that the rest can still be checked)."""
    from guidelint.fields import FieldMapping
    from guidelint.readers.detect import schema_named

    problems = Problems()
    try:
        config = ProjectConfig.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            problems.add(_located(error, (), doc, path, _keys(ProjectConfig)))
        wrong = {error["loc"][0] for error in exc.errors() if error["loc"]}
        try:
            config = ProjectConfig.model_validate({k: v for k, v in data.items() if k not in wrong})
        except ValidationError:
            problems.check(UsageError, f"configuration {_display(path)}")
            raise AssertionError("unreachable") from None
    entries: list[tuple[tuple[Any, ...], _Settings]] = [((), config)]
    entries += [(("per_path", glob), entry) for glob, entry in config.per_path.items()]
    for prefix, settings in entries:
        try:
            FieldMapping.model_validate(settings.fields)
        except ValidationError as exc:
            known = sorted({f.alias or n for n, f in FieldMapping.model_fields.items()})
            for error in exc.errors():
                problems.add(_located(error, (*prefix, "fields"), doc, path, known))
        if settings.schema_name is not None:
            try:
                schema_named(settings.schema_name)
            except UsageError as exc:
                where = _where(doc, path, (*prefix, "schema"), False)
                problems.add(
                    UsageError(f"configuration: {exc.message}", location=where, hint=exc.hint)
                )
    return config, problems.errors


def _keys(model: type[BaseModel]) -> list[str]:
    return sorted({f.alias or n for n, f in model.model_fields.items()})


def _located(
    error: Any,
    prefix: tuple[Any, ...],
    doc: YamlDocument | None,
    path: Path,
    known: list[str],
) -> UsageError:
    """One pydantic error, at its key, with a suggestion for a misspelled key."""
    import difflib

    loc = (*prefix, *error["loc"])
    name = ".".join(str(p) for p in loc)
    if error["type"] == "extra_forbidden":
        if len(loc) > 2 and loc[0] == "per_path":
            known = _keys(PathSettings)
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        return UsageError(
            f"configuration: unknown key '{name}'",
            location=_where(doc, path, loc, True),
            hint=f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}",
        )
    message = error["msg"].removeprefix("Value error, ")
    return UsageError(f"configuration: `{name}`: {message}", location=_where(doc, path, loc, False))


def _where(doc: YamlDocument | None, path: Path, loc: tuple[Any, ...], key: bool) -> str:
    if doc is not None:
        return doc.where(loc, key=key)
    line = _table_line(path)
    where = f"{_display(path)}:{line}" if line else _display(path)
    return f"{where} (tool.guidelint.{'.'.join(str(p) for p in loc)})"


def _tool_table(path: Path) -> dict[str, Any] | None:
    import tomllib

    try:
        data = tomllib.loads(read_text_file(path))
    except (OSError, ValueError) as exc:  # (tomllib.TOMLDecodeError is a ValueError)
        raise UsageError(f"cannot read pyproject.toml: {exc}", location=str(path)) from None
    table = data.get("tool", {}).get("guidelint")
    return table if isinstance(table, dict) else None


def _table_line(path: Path) -> int | None:
    try:
        lines = read_text_file(path).splitlines()
    except (OSError, ValueError):
        return None
    return next(
        (n for n, line in enumerate(lines, 1) if line.strip().startswith("[tool.guidelint")), None
    )


def _looks_like_path(value: str) -> bool:
    return "/" in value or os.sep in value or value.endswith((".yaml", ".yml"))


def relative_to(path: str, root: Path) -> str | None:
    """``path`` relative to ``root``, /-separated, as written: a link is matched by its
    own name (a git-annex or DVC dataset), not by where it points; through the real
    folders when only they relate the two (a root reached through a linked folder)."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        pass
    try:
        return (
            Path(os.path.realpath(os.path.dirname(os.path.abspath(path))), Path(path).name)
            .relative_to(root.resolve())
            .as_posix()
        )
    except ValueError:
        return None


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
