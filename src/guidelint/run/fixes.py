"""Apply the fixes of violations to dataset files (``--fix``), or show them (``--diff``).

Only the fixed spans change: in a JSON Lines file, the lines without a fix are copied
byte for byte, and in a fixed line only the raw characters of each fixed span inside
the field's string token are replaced (see :mod:`guidelint.run.json_edit`): key order,
escaping, spacing and line ends (CRLF stays CRLF) are kept. JSON documents (an array
of records, an object holding one, or several top-level values) are edited the same way.

A file is rewritten atomically: the new content goes to a temporary file in the same
directory (hidden, ``.NAME.PID.XXXX.guidelint-tmp``: never a dataset suffix, so never
read as data), which is flushed to disk and then renamed over the original; on any
error the temporary file is removed and the original is untouched. A temporary file
left by a run that was killed (``kill -9``, a power cut) is removed by the next run
that checks or fixes the file (:func:`remove_leftovers`; the run says so). Compressed
files, CSV, TSV and Parquet are not rewritten (their violations stay reported).

Some files are not rewritten at all, with an error that says why and what to do:

* a **read-only** file (no write permission bit set, or not writable by this user):
  read-only is how git-annex, DVC and many teams protect data, so guidelint does not
  override it; make the file writable (``chmod u+w``, ``git annex unlock``, ``dvc
  unprotect``) and run again;
* a file with **other hard links** (DVC's ``hardlink`` cache, a backup): renaming the
  fixed file over it would leave the other names with the old content, and writing in
  place would change the cache copy too; make it a file of its own (``dvc unprotect``,
  or copy it over itself with ``cp --remove-destination``) and run again.

A symbolic link is written through: the file it points to is fixed (the same rules
apply to it) and the link stays a link.

A fix is applied only where the span still holds the text the violation matched, and
not when it overlaps a fix applied before it in the same field. Fixes marked unsafe
(``safe: false``: they may change the meaning) are applied only with ``unsafe=True``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from guidelint.encoding import HEAD_BYTES, Encoding, sniff
from guidelint.errors import InputError
from guidelint.model import Violation
from guidelint.readers.json_position import JsonPositions, skip_ws
from guidelint.run.json_edit import Edit, ascii_style, edit_value, holds
from guidelint.run.leftovers import TEMP_SUFFIX, temp_prefix

_BOM = "\ufeff"
_MAX_MATCH = 80  # the engine shortens longer excerpts; they cannot be compared


def wanted(violation: Violation, *, unsafe: bool) -> bool:
    """Whether ``--fix`` (with ``--unsafe-fixes`` when ``unsafe``) applies this fix."""
    fix = violation.fix
    return fix is not None and (fix.safe or unsafe)


@dataclass
class FixResult:
    """What fixing one file did: the violations fixed, why others were not, the diff."""

    path: str
    fixed: list[Violation] = field(default_factory=list)
    not_fixed: list[Violation] = field(default_factory=list)
    reason: str | None = None
    diff: str = ""


def fix_file(
    path: str, violations: Sequence[Violation], *, write: bool, input_format: str | None = None
) -> FixResult:
    """Apply the fixes of ``violations`` (all in ``path``); rewrite the file if ``write``.

    ``path`` is read as ``input_format`` when given, as when it was checked. The diff
    of the change is in the result either way.
    """
    result = FixResult(path)
    fmt = fixable_format(path, input_format)
    if fmt is None:
        result.not_fixed = list(violations)
        result.reason = (
            "a compressed file cannot be fixed in place: decompress it (gunzip), fix, "
            "compress it again"
            if path.lower().endswith(".gz") and fixable_format(path[:-3], input_format) is not None
            else "only JSON Lines and JSON files can be fixed"
        )
        return result
    encoding = _encoding(path)
    if not encoding.is_plain_utf8 and encoding.codec != "utf-8":
        result.not_fixed = list(violations)
        result.reason = (
            f"only UTF-8 files can be fixed; this one is {encoding.name}: "
            "convert it to UTF-8 first (e.g. iconv), then fix"
        )
        return result
    keys: dict[tuple[int, str, int, int, str], list[Violation]] = {}
    for v in violations:
        assert v.fix is not None
        keys.setdefault((v.line, v.field, v.fix.start, v.fix.end, v.fix.replacement), []).append(v)
    edits: dict[int, list[Edit]] = {}
    owners: dict[int, list[Violation]] = {}
    for group in keys.values():
        first = group[0]
        assert first.fix is not None
        edit = Edit(first.field, first.fix, _expected(first))
        edits.setdefault(first.line, []).append(edit)
        owners[id(edit)] = group
    applied: list[Edit] = []
    ambiguous: list[Edit] = []
    if fmt == "jsonl":
        changes = _jsonl_lines(path, edits, applied)
    else:
        changes = _json_lines(path, edits, applied, ambiguous)
    result.diff = _rewrite(path, changes, write=write)
    if ambiguous:
        result.reason = (
            "several records share their line and the text to fix occurs in more than one "
            "(minified JSON): write one record per line, then fix"
        )
    done = {id(e) for e in applied}
    for edit_id, group in owners.items():
        (result.fixed if edit_id in done else result.not_fixed).extend(group)
    return result


def _encoding(path: str) -> Encoding:
    with open(path, "rb") as stream:
        return sniff(stream.read(HEAD_BYTES))


def fixable_format(path: str, input_format: str | None) -> str | None:
    """``jsonl`` or ``json`` for a file that can be fixed (read as the run read it);
    None for other formats and compressed files."""
    from guidelint.readers import resolve_format

    if path.lower().endswith(".gz"):
        return None
    fmt = resolve_format(path, input_format)
    return fmt if fmt in ("jsonl", "json") else None


def _expected(violation: Violation) -> str | None:
    """The text the violation's span must still hold (a prefix of it, at a line break)."""
    if violation.excerpt is None:
        return None
    match = violation.excerpt[1]
    if len(match) != violation.span[1] - violation.span[0]:
        return None  # (shortened to its two ends: nothing to compare)
    return match if len(match) <= _MAX_MATCH else None


Change = tuple[int, bytes, bytes]  # (line number, old line, new line)


def _jsonl_lines(path: str, edits: dict[int, list[Edit]], applied: list[Edit]) -> Iterator[Change]:
    """Every line of a JSONL file, old and new; only lines with edits are decoded."""
    default_ascii: bool | None = None
    with open(path, "rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if default_ascii is None and (
                number == 1 or raw.find(b"\\u") >= 0 or not raw.isascii()
            ):
                default_ascii = ascii_style(raw.decode("utf-8", "replace"))
            todo = edits.get(number)
            if not todo:
                yield number, raw, raw
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield number, raw, raw
                continue
            start = skip_ws(line, 1 if number == 1 and line.startswith(_BOM) else 0)
            ascii_default = default_ascii if default_ascii is not None else True
            new, done = edit_value(line, start, todo, default_ascii=ascii_default)
            applied.extend(done)
            yield number, raw, new.encode("utf-8")


def _json_lines(
    path: str, edits: dict[int, list[Edit]], applied: list[Edit], ambiguous: list[Edit]
) -> Iterator[Change]:
    """Every line of a JSON document, old and new, after editing its elements.

    ``ambiguous`` gets the edits left out because they could belong to several records.
    """
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    new_text = text
    if text is not None:
        style = ascii_style(text)
        default_ascii = True if style is None else style
        starts = _element_starts(text)
        lines = [text.count("\n", 0, s) + 1 for s in starts]
        # Apply from the last element back, so earlier positions stay valid.
        todo = sorted(edits.items(), reverse=True)
        new_text = text
        for line, group in todo:
            candidates = [s for s, n in zip(starts, lines, strict=True) if n == _owner(lines, line)]
            if len(candidates) == 1:
                new_text, done = edit_value(
                    new_text, candidates[0], group, default_ascii=default_ascii
                )
                applied.extend(done)
                continue
            # Several records start on this line (minified JSON): an edit goes to the one
            # record whose field holds its text there, and to none when several do.
            owners: dict[int, int] = {}
            for edit in group:
                hits = [start for start in candidates if holds(new_text, start, edit)]
                if len(hits) == 1:
                    owners[id(edit)] = hits[0]
                elif hits:
                    ambiguous.append(edit)
            for start in reversed(candidates):
                mine = [e for e in group if owners.get(id(e)) == start]
                if mine:
                    new_text, done = edit_value(new_text, start, mine, default_ascii=default_ascii)
                    applied.extend(done)
    old_lines = data.splitlines(keepends=True)
    new_lines = (
        old_lines if new_text is None else new_text.encode("utf-8").splitlines(keepends=True)
    )
    if len(new_lines) != len(old_lines):  # cannot happen: escapes never add line breaks
        raise InputError("fixing would change the number of lines; nothing written", location=path)
    for number, (old, new) in enumerate(zip(old_lines, new_lines, strict=True), start=1):
        yield number, old, new


def _owner(lines: list[int], line: int) -> int:
    """The start line of the element holding ``line`` (the last one starting at or before it)."""
    found = [n for n in lines if n <= line]
    return found[-1] if found else -1


def _element_starts(text: str) -> list[int]:
    """Where each record of a JSON document starts (like :mod:`guidelint.readers.json_doc`)."""
    from guidelint.readers.json_doc import _records_list

    pos = skip_ws(text, 1 if text.startswith(_BOM) else 0)
    if pos >= len(text):
        return []
    holder = pos if text[pos] == "[" else (_records_list(text, pos) if text[pos] == "{" else None)
    starts: list[int] = []
    if holder is not None:
        positions = JsonPositions(text, holder, 1)
        while (found := positions.position(f"[{len(starts)}]")) is not None:
            starts.append(found)
        return starts
    decoder = json.JSONDecoder()
    while pos < len(text):
        starts.append(pos)
        try:
            _, end = decoder.raw_decode(text, pos)
        except ValueError:
            break
        pos = skip_ws(text, end)
    return starts


def writable(path: str) -> None:
    """InputError when ``--fix`` must not rewrite ``path`` (read-only, hard-linked)."""
    target = os.path.realpath(path)
    try:
        info = os.stat(target)
    except OSError as exc:
        raise InputError(
            f"cannot write the fixed file: {exc.strerror or exc}", location=path
        ) from None
    where = path if target == os.path.abspath(path) else f"{path} (-> {target})"
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise InputError(
            "the file is read-only: not fixed (its violations are reported)",
            location=where,
            hint="read-only is how git-annex, DVC and many teams protect data; make it "
            "writable (chmod u+w, git annex unlock, dvc unprotect) and run again",
        )
    if info.st_nlink > 1:
        others = info.st_nlink - 1
        raise InputError(
            f"the file has {others} other hard link{'s' if others > 1 else ''}: not fixed "
            "(its violations are reported)",
            location=where,
            hint="a new file would leave the other names with the old content, and writing "
            "in place would change them too (a DVC cache?); make it a file of its own "
            "(dvc unprotect, or cp --remove-destination FILE FILE.copy && mv FILE.copy "
            "FILE) and run again",
        )


def _rewrite(path: str, changes: Iterator[Change], *, write: bool) -> str:
    """Consume ``changes``: write the new lines (atomically) when ``write``; the diff."""
    hunks: list[Change] = []
    if not write:
        hunks = [c for c in changes if c[1] != c[2]]
        return unified_diff(path, hunks)
    # Write through a symbolic link (git-annex, DVC): the file it points to is fixed and
    # the link stays a link.
    writable(path)
    target = os.path.realpath(path)
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed or removed below
            "wb",
            dir=os.path.dirname(target),
            prefix=f"{temp_prefix(target)}{os.getpid()}.",
            suffix=TEMP_SUFFIX,
            delete=False,
        )
    except OSError as exc:
        raise InputError(
            f"cannot write the fixed file: {exc.strerror or exc}",
            location=path,
            hint="the folder must be writable: the fixed file is written beside it, then "
            "moved over it",
        ) from None
    try:
        with handle:
            for change in changes:
                handle.write(change[2])
                if change[1] != change[2]:
                    hunks.append(change)
            handle.flush()
            os.fsync(handle.fileno())
        if hunks:
            os.chmod(handle.name, os.stat(target).st_mode & 0o7777)
            os.replace(handle.name, target)
    except BaseException as exc:
        Path(handle.name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(
                f"cannot write the fixed file: {exc.strerror or exc}", location=path
            ) from None
        raise
    Path(handle.name).unlink(missing_ok=True)  # nothing changed: the original stays
    return unified_diff(path, hunks)


def unified_diff(path: str, changes: Sequence[Change]) -> str:
    """A unified diff without context lines (``patch`` applies it) of changed lines."""
    if not changes:
        return ""
    name = path.replace(os.sep, "/").removeprefix("./")
    out = [f"--- a/{name}\n", f"+++ b/{name}\n"]
    i = 0
    while i < len(changes):
        j = i
        while j + 1 < len(changes) and changes[j + 1][0] == changes[j][0] + 1:
            j += 1
        run = changes[i : j + 1]
        count = len(run)
        out.append(f"@@ -{run[0][0]},{count} +{run[0][0]},{count} @@\n")
        out += [_diff_line("-", old) for _, old, _ in run]
        out += [_diff_line("+", new) for _, _, new in run]
        i = j + 1
    return "".join(out)


def _diff_line(sign: str, line: bytes) -> str:
    text = line.decode("utf-8", "replace")
    if text.endswith("\n"):
        return sign + text
    return sign + text + "\n\\ No newline at end of file\n"
