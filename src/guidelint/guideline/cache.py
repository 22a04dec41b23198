"""The cache of compiled guidelines: validate a guideline once, reuse its compiled rules.

Loading a guideline (YAML parsing, validation) and compiling its rules (regular
expressions, the literal anchors of every phrase-like rule) cost more than checking a
100-record file. :func:`load_cached` keeps the result in the user's cache directory
and loads it again instead while nothing it was made from has changed:

* **What is kept.** The validated :class:`~guidelint.guideline.Guideline` and, per rule,
  its compiled check, each pickled separately (a run unpickles only the rules it
  selects; a rule compiled for the first time is added to the entry).
* **Where.** ``GUIDELINT_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/guidelint``, else
  ``~/.cache/guidelint`` (``%LOCALAPPDATA%\\guidelint\\Cache`` on Windows,
  ``~/Library/Caches/guidelint`` on macOS). ``GUIDELINT_NO_CACHE=1`` or
  ``guidelint check --no-cache`` turn it off.
* **The key.** The entry's file name is a hash of what it was loaded with (the name or
  path given, the working directory, which rule file names are relative to),
  guidelint's version and a fingerprint of its installed code (every file's size and
  modification time), compiled or pure mode, and the Python version. Inside, the entry
  lists every guideline file read (the one given and those it ``extends``) with a hash
  of its text, every ``extends`` entry with the file it resolved to, and the version
  of every package whose objects the pickles hold (pydantic, regex, ...): an entry is
  used only when all of them are still the same. The project configuration is not
  part of it: it selects rules and sets severities and fields after compilation.
* **Safety.** Pickles run code when loaded, so an entry is read only when the file is
  owned by the current user and not writable by anyone else (the cache directory is
  created private): the same trust as the user's own files. Its contents are checked
  against a SHA-256 in its header first: a truncated or corrupt entry, one from
  another version, or one that does not unpickle is ignored and written again, never
  an error. Nothing is written when the directory cannot be created or written.
* **Races.** An entry is written to a temporary file in the same directory and moved
  into place (:func:`os.replace`): two processes writing at once leave one whole entry,
  and a reader sees the old one or the new one.
* **Size.** At most :data:`MAX_ENTRIES` entries: the least recently used are removed
  when one is written (a hit marks its entry used).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guidelint import __version__

if TYPE_CHECKING:
    from guidelint.checks.base import Check
    from guidelint.guideline import Guideline, Rule

#: The environment variable naming the cache directory.
DIR_ENV = "GUIDELINT_CACHE_DIR"
#: Set to 1 to turn the cache off (as ``--no-cache`` does).
OFF_ENV = "GUIDELINT_NO_CACHE"
#: Entries kept; the least recently used go first.
MAX_ENTRIES = 64
#: A temporary file older than this is a leftover of a killed writer.
STALE_TEMP_SECONDS = 3600
#: The first bytes of an entry; raise the number when the layout of an entry changes.
MAGIC = b"guidelint-guideline-cache 1\n"
SUFFIX = ".pickle"
_DIGEST = 32  # bytes of SHA-256


def cache_off() -> bool:
    """Whether ``GUIDELINT_NO_CACHE`` turns the cache off."""
    return os.environ.get(OFF_ENV, "").strip().lower() not in {"", "0", "false", "no"}


def cache_dir() -> Path:
    """Where the entries are (the directory need not exist yet)."""
    given = os.environ.get(DIR_ENV)
    if given:
        return Path(given).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "guidelint" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "guidelint"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base_dir = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base_dir / "guidelint"


def load_cached(
    name_or_path: str | Path, *, require_rules: bool = True, directory: Path | None = None
) -> Guideline:
    """:func:`~guidelint.guideline.load_guideline`, through the cache in ``directory``
    (default :func:`cache_dir`). The guideline returned carries its compiled checks
    (``Guideline.compiled``) for :class:`~guidelint.engine.Linter`.

    Errors in the guideline are raised as by ``load_guideline`` (they are not cached).
    """
    from guidelint.guideline import _resolve, load_guideline

    path = _resolve(str(name_or_path), None)
    try:
        folder = directory if directory is not None else cache_dir()
        entry = folder / (_key(str(name_or_path)) + SUFFIX)
    except (OSError, RuntimeError):  # no home directory, a working directory removed
        return load_guideline(name_or_path, require_rules=require_rules)
    found = _read(entry)
    if found is not None:
        guideline = _guideline_of(found, path)
        # One entry serves `check` (rules required) and `agreement` (a guideline of
        # settings only will do); one without rules is loaded again where rules are
        # required, which raises the error loading gives.
        if guideline is not None and (guideline.rules or not require_rules):
            _touch(entry)
            store = CompiledChecks(dict(found["checks"]), entry=entry, found=found)
            return replace(guideline, compiled=store)
    return _load_and_keep(name_or_path, require_rules, entry)


@dataclass(eq=False)
class CompiledChecks:
    """The pickled compiled check of each rule, kept for the next run.

    :meth:`check` gives a rule's check: unpickled when kept, else compiled (and kept).
    :meth:`save` writes the entry again when checks were added. Pickled along with
    its guideline (to ``--jobs`` workers), it carries the pickles but never writes.
    """

    pickles: dict[str, bytes]
    entry: Path | None = None
    #: The entry as read (or as built): written back with the new pickles.
    found: dict[str, Any] = field(default_factory=dict)
    added: bool = False

    def check(self, rule: Rule) -> Check:
        """A new instance of ``rule``'s compiled check."""
        cls = rule.check_class
        kept = self.pickles.get(rule.id)
        if kept is not None:
            try:
                check = pickle.loads(kept)
            except Exception:  # (a class changed in a way the key did not see)
                del self.pickles[rule.id]
            else:
                if type(check) is cls:
                    return check
                del self.pickles[rule.id]
        check = cls(rule.options, rule.id)
        if self.entry is not None:
            dumped = _dump(check)
            if dumped is not None:
                self.pickles[rule.id], modules = dumped
                self.found.setdefault("packages", {}).update(_versions(modules))
                self.added = True
        return check

    def save(self) -> None:
        """Write the entry when :meth:`check` added checks to it (quietly: a cache that
        cannot be written is no cache)."""
        if not self.added or self.entry is None:
            return
        self.added = False
        _write(self.entry, {**self.found, "checks": dict(self.pickles)})

    def __getstate__(self) -> dict[str, Any]:
        return {"pickles": self.pickles, "entry": None, "found": {}, "added": False}


# -- the key ---------------------------------------------------------------------------------


def _key(name: str) -> str:
    from guidelint import compiled

    parts = [
        MAGIC.decode(),
        __version__,
        _code_fingerprint(),
        compiled.mode(),
        sys.version,
        sys.implementation.cache_tag or "",
        os.getcwd(),
        name,
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:40]


_fingerprint: str | None = None


def _code_fingerprint() -> str:
    """guidelint's own code as it is installed: every file's path, size and time.

    A checkout keeps its version number while its code changes; compiled checks
    pickled by older code must not be used by newer code.
    """
    global _fingerprint
    if _fingerprint is None:
        _fingerprint = fingerprint_of(Path(__file__).resolve().parents[1])
    return _fingerprint


def fingerprint_of(package: Path) -> str:
    """A hash of the path, size and modification time of every file under ``package``
    (its modules, and data files such as the readability check's dictionary)."""
    digest = hashlib.sha256()
    for entry in sorted(_code_files(str(package)), key=lambda e: e.path):
        stat = entry.stat()
        digest.update(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _code_files(folder: str) -> Iterator[os.DirEntry[str]]:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    yield from _code_files(entry.path)
            elif not entry.name.endswith((".pyc", ".pyo")):
                yield entry


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# -- reading ---------------------------------------------------------------------------------


def _read(entry: Path) -> dict[str, Any] | None:
    """The entry's contents, or None when it is absent, not ours, or damaged."""
    try:
        # (not through a symbolic link: someone else's link to a file of the user's)
        handle = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with open(handle, "rb") as file:
            if not _trusted(os.fstat(file.fileno())):
                return None
            data = file.read()
    except OSError:
        return None
    head = len(MAGIC)
    if data[:head] != MAGIC or len(data) < head + _DIGEST:
        return None
    digest, payload = data[head : head + _DIGEST], data[head + _DIGEST :]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        found = pickle.loads(payload)
    except Exception:
        return None
    wanted = {"sources": list, "refs": list, "packages": dict, "guideline": bytes, "checks": dict}
    if not isinstance(found, dict) or any(
        not isinstance(found.get(k), t) for k, t in wanted.items()
    ):
        return None
    return found


def _trusted(stat: os.stat_result) -> bool:
    """Whether a file is the user's own and writable by no one else."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: the per-user cache folder is private to the user
        return True
    return stat.st_uid == getuid() and not stat.st_mode & 0o022


def _guideline_of(found: dict[str, Any], path: Path) -> Guideline | None:
    """The cached guideline when everything it was made from is unchanged, else None."""
    from guidelint.encoding import read_text_file
    from guidelint.errors import GuidelineError
    from guidelint.guideline import Guideline, _resolve

    try:
        for name, version in found["packages"].items():
            if _version_of(name) != version:
                return None
        if found["sources"][0][0] != str(path.resolve()):
            return None
        for source, digest in found["sources"]:
            if _text_hash(read_text_file(Path(source))) != digest:
                return None
        for name, base, resolved in found["refs"]:
            if str(_resolve(name, Path(base))) != resolved:
                return None
        guideline = pickle.loads(found["guideline"])
    except (OSError, ValueError, GuidelineError):
        return None  # a file gone or unreadable: loading it says so
    except Exception:
        return None  # (a class changed in a way the key did not see)
    return guideline if isinstance(guideline, Guideline) else None


def _version_of(name: str) -> str | None:
    import importlib

    try:
        module = importlib.import_module(name)
    except Exception:
        return None
    return str(getattr(module, "__version__", getattr(module, "VERSION", "")))


# -- writing ---------------------------------------------------------------------------------


def _load_and_keep(name_or_path: str | Path, require_rules: bool, entry: Path) -> Guideline:
    """Load the guideline from its files and start its entry (written once the engine
    has compiled its checks, by :meth:`CompiledChecks.save`)."""
    from guidelint.guideline import load_with_sources

    guideline, merged = load_with_sources(name_or_path, require_rules=require_rules)
    dumped = _dump(guideline)
    if dumped is None:
        return guideline
    pickled, modules = dumped
    found = {
        "sources": [(source, _text_hash(text)) for source, text in merged.sources],
        "refs": list(merged.refs),
        "packages": _versions(modules),
        "guideline": pickled,
        "checks": {},
    }
    store = CompiledChecks({}, entry=entry, found=found, added=True)
    return replace(guideline, compiled=store)


class _Pickler(pickle.Pickler):
    """A pickler that notes the module of every class and function it meets."""

    def __init__(self, file: io.BytesIO):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.modules: set[str] = set()

    def reducer_override(self, obj: Any) -> Any:
        cls = obj if isinstance(obj, type) else type(obj)
        for base in getattr(cls, "__mro__", (cls,)):  # (pydantic's BaseModel, too)
            module = getattr(base, "__module__", None)
            if isinstance(module, str):
                self.modules.add(module)
        if not isinstance(obj, type):
            module = getattr(obj, "__module__", None)  # a function
            if isinstance(module, str):
                self.modules.add(module)
        return NotImplemented


def _dump(obj: object) -> tuple[bytes, set[str]] | None:
    """``obj`` pickled, and the modules its classes come from; None if it does not pickle,
    or does not unpickle into an object of its class (which would make every later run
    compile it again and rewrite the entry)."""
    buffer = io.BytesIO()
    pickler = _Pickler(buffer)
    try:
        pickler.dump(obj)
        pickled = buffer.getvalue()
        if type(pickle.loads(pickled)) is not type(obj):
            return None
    except Exception:
        return None
    return pickled, pickler.modules


def _versions(modules: set[str]) -> dict[str, str | None]:
    """The version of each third-party package among ``modules`` (guidelint's own
    code and the standard library are covered by the key)."""
    tops = {m.partition(".")[0] for m in modules}
    ours = {"guidelint", "builtins", "__main__"} | set(sys.stdlib_module_names)
    return {top: _version_of(top) for top in sorted(tops - ours)}


def _write(entry: Path, found: dict[str, Any]) -> None:
    import tempfile

    try:
        payload = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
        folder = entry.parent
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=folder)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(temp, entry)
        except BaseException:
            with _quiet():
                os.unlink(temp)
            raise
        _prune(folder, keep=entry)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return  # read-only or full cache directory, a check that does not pickle


def _touch(entry: Path) -> None:
    with _quiet():
        os.utime(entry)


def _prune(folder: Path, *, keep: Path) -> None:
    """Remove the least recently used entries beyond :data:`MAX_ENTRIES`, and
    temporary files left by killed writers."""
    now = time.time()
    entries: list[tuple[float, Path]] = []
    with os.scandir(folder) as found:
        for item in found:
            if not item.name.endswith(SUFFIX):
                continue
            with _quiet():
                mtime = item.stat().st_mtime
                if item.name.startswith(".tmp-"):
                    if now - mtime > STALE_TEMP_SECONDS:
                        os.unlink(item.path)
                elif item.path != str(keep):
                    entries.append((mtime, Path(item.path)))
    entries.sort(reverse=True)
    for _, old in entries[MAX_ENTRIES - 1 :]:
        with _quiet():
            old.unlink()


def _quiet() -> contextlib.suppress:
    """Ignore an OSError (a file another process removed first, a read-only folder)."""
    return contextlib.suppress(OSError)
