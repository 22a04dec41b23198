"""The same instruction or response more than once in a dataset.

What it does
------------
A dataset-level check: every text of the ``roles`` named is normalised (white space
collapsed, case folded unless ``case_sensitive``) and hashed; a text whose hash was
seen before, for the same role, is a **duplicate**. Each duplicate is reported at its
own place ("duplicate of the response at data.jsonl:12"), and the first occurrence
at its place too ("response repeated at data.jsonl:40 and data.jsonl:55"), so every
copy can be found and fixed. Texts with fewer than ``min_words`` words are skipped.
A place names the record's element where its line does not tell it from others
(``data.json:1 [element 3 (id r2)]`` in a minified JSON document, where every record
is on line 1); a rule's ``max_rate`` counts records, not lines.

Several annotations of one item by different annotators (the same item id of their
own: the annotators of a Label Studio task, rows with an ``item_id`` and an
``annotator``, the double-annotated 10-20% that agreement is measured on) share the
item's instruction and candidates by design: those are not copies of each other. The
same record twice (appended again, overlapping shards) is a copy, and so are records
without an id of their own (their item is named after their instruction, so every copy
would be "the same item"). A ``response`` is the annotator's own and is compared
whatever its item.

With ``near_duplicates`` set, texts that are not exact copies but share most of their
word ``shingle``-grams (Jaccard similarity of the shingle sets at least
``threshold``) are reported too ("near-duplicate (similarity 93%) of the response at
data.jsonl:12"). Similarity is estimated with MinHash (``num_perm`` hash functions
drawn from a fixed ``seed``, so runs are reproducible) and candidates are found with
locality-sensitive hashing (bands chosen so a pair at the threshold is found with at
least 98% probability; more similar pairs more often). A near-duplicate points at the
first text it resembles, past other annotations of its own item.

Memory: the check keeps hashes, not records. Each distinct text costs one hash-table
entry (an 8-byte hash and its row number) and a row in compact arrays (line, path,
field, role and annotator ids: 20 bytes) plus references to the record's key and
item id: about 190 bytes per distinct text. Near-duplicate detection adds a
signature of ``num_perm`` 4-byte values and one table entry per LSH band (about
700 bytes per text with the defaults). Copies found are kept with their places.

Why
---
Duplicated responses weight a few examples more than the rest and can leak between
training and evaluation splits; near-duplicates are templated answers a model will learn
to repeat.

Options
-------
* ``roles``: the text roles compared (``instruction``,
  ``response``, ``chosen``, ...); each role is compared with itself only.
* ``min_words``: shorter texts are not compared (empty texts never).
* ``case_sensitive``: whether case differences make texts differ.
* ``near_duplicates``: ``{threshold: 0.9, shingle: 5, num_perm: 64,
  seed: 1}``.
* ``max_places``: places listed in the first occurrence's message.

Message params: ``problem`` (the sentence), ``kind`` (``first``, ``duplicate``,
``near_duplicate``), ``role``, ``first`` ("data.jsonl:12"), ``copies`` (how many
other occurrences, for ``first``), ``similarity`` (0-1).

Example
-------
The rule::

    - id: duplicate-response
      check: duplicates
      roles: [response]
      severity: warning
      near_duplicates: {threshold: 0.9}

Passing: every response differs. Failing (line 7 repeats line 2 with other white
space and case): "duplicate of the response at data.jsonl:2" at line 7, "response
repeated at data.jsonl:7" at line 2.

Fix safety
----------
No fix: what to write instead needs a person. ``--fix`` leaves these violations as they
are.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pydantic import Field, NonNegativeInt, PositiveInt, field_validator

from guidelint.checks.annotation import known_roles
from guidelint.checks.base import Check, CheckOptions, Finding, Place
from guidelint.checks.minhash import MinHasher
from guidelint.fields import item_is_derived, record_key
from guidelint.model import Record, Violation
from guidelint.wording import plural


class NearDuplicates(CheckOptions):
    threshold: float = Field(default=0.9, gt=0.0, le=1.0)
    shingle: PositiveInt = 5
    num_perm: int = Field(default=64, ge=8, le=1024)
    seed: int = 1


class DuplicatesOptions(CheckOptions):
    roles: tuple[str, ...] = ("response",)
    min_words: NonNegativeInt = 1
    case_sensitive: bool = False
    near_duplicates: NearDuplicates | None = None
    max_places: PositiveInt = 3

    _known_roles = field_validator("roles", mode="before")(known_roles)


@dataclass(frozen=True, slots=True)
class _Copy:
    place: Place
    similarity: float | None  # None: an exact copy


class _Interned:
    """Strings stored once, referred to by a small id."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.values: list[str] = []

    def id(self, value: str) -> int:
        found = self.ids.get(value)
        if found is None:
            found = self.ids[value] = len(self.values)
            self.values.append(value)
        return found


class DuplicatesCheck(Check):
    """Report texts that occur more than once, at every place they occur."""

    Options = DuplicatesOptions
    default_message = "{problem}"
    scope = "dataset"

    def __init__(self, options: CheckOptions, rule_id: str = ""):
        super().__init__(options, rule_id)
        assert isinstance(options, DuplicatesOptions)
        self._opts = options
        self._rows: dict[int, int] = {}  # hash of (role, normalised text) → row
        self._strings = _Interned()
        self._line = array("I")
        self._path = array("I")
        self._field = array("I")
        self._role = array("I")
        self._annotator = array("I")
        self._keys: list[str | None] = []
        self._items: list[str | None] = []
        self._locators: list[str | None] = []
        self._copies: dict[int, list[_Copy]] = {}
        near = options.near_duplicates
        self._hasher = (
            MinHasher(near.num_perm, near.threshold, near.shingle, near.seed) if near else None
        )
        self._signatures = array("I")
        self._bands: dict[int, int] = {}

    def observe(self, record: Record, found: Sequence[Violation]) -> None:
        roles = self._opts.roles
        for text in record.texts:
            if text.role not in roles:
                continue
            words = text.text.split() if self._opts.case_sensitive else text.text.casefold().split()
            if not words or len(words) < self._opts.min_words:
                continue
            self._see(record, text.role, text.field, words)

    def _see(self, record: Record, role: str, field: str, words: list[str]) -> None:
        digest = hashlib.blake2b(f"{role}\0{' '.join(words)}".encode(), digest_size=8).digest()
        key = int.from_bytes(digest, "little")
        row = self._rows.get(key)
        if row is not None:
            if not self._same_item(row, record, role):
                copy = _Copy(self._place(record, role, field), None)
                self._copies.setdefault(row, []).append(copy)
            return
        row = self._rows[key] = len(self._line)
        self._store(record, role, field)
        if self._hasher is None:
            return
        signature = self._hasher.signature(words)
        hasher, signatures, role_id = self._hasher, self._signatures, self._role[row]
        size = hasher.num_perm
        best: tuple[int, float] | None = None  # (the first text it resembles)
        band_keys = hasher.band_keys(signature, salt=role_id)
        for band_key in band_keys:
            other = self._bands.get(band_key)
            if other is None or (best is not None and other >= best[0]):
                continue
            similarity = hasher.similarity(signature, signatures[other * size : (other + 1) * size])
            # (another annotation of its own item is no copy: looked past, to the next)
            if similarity >= hasher.threshold and not self._same_item(other, record, role):
                best = (other, similarity)
        signatures.extend(signature)
        if best is not None:
            copy = _Copy(self._place(record, role, field), best[1])
            self._copies.setdefault(best[0], []).append(copy)
            return
        for band_key in band_keys:
            self._bands.setdefault(band_key, row)

    def _same_item(self, row: int, record: Record, role: str) -> bool:
        """Whether ``record`` is another annotation of the item the text at ``row`` came
        from, and the text is the item's own (its instruction, its candidates): several
        annotators doing one item is how agreement is measured, not a copy. A response
        is the annotator's own, and compared whatever its item. The two must be by two
        named annotators: the same record twice (appended again, overlapping shards) is
        a copy, whatever its id."""
        item, annotator = record.item_id, record.annotator
        if role == "response" or item is None or not annotator or self._items[row] != item:
            return False
        first = self._strings.values[self._annotator[row]]
        return bool(first) and first != annotator and not item_is_derived(record)

    def _store(self, record: Record, role: str, field: str) -> None:
        strings = self._strings
        self._line.append(record.line)
        self._path.append(strings.id(record.path))
        self._field.append(strings.id(field))
        self._role.append(strings.id(role))
        self._annotator.append(strings.id(record.annotator or ""))
        self._keys.append(record_key(record))
        self._items.append(record.item_id)
        locator = record.meta.get("locator")
        self._locators.append(locator if isinstance(locator, str) else None)

    def _place(self, record: Record, role: str, field: str) -> Place:
        locator = record.meta.get("locator")
        return Place(
            path=record.path,
            line=record.line,
            field=field,
            role=role,
            item_id=record.item_id,
            annotator=record.annotator,
            record_key=record_key(record),
            locator=locator if isinstance(locator, str) else None,
        )

    def _row_place(self, row: int) -> Place:
        values = self._strings.values
        return Place(
            path=values[self._path[row]],
            line=self._line[row],
            field=values[self._field[row]],
            role=values[self._role[row]],
            item_id=self._items[row],
            annotator=values[self._annotator[row]] or None,
            record_key=self._keys[row],
            locator=self._locators[row],
        )

    def finish(self) -> Iterator[Finding]:
        for row in sorted(self._copies):
            first = self._row_place(row)
            copies = self._copies[row]
            role = first.role or "text"
            at_first = first.where()
            shown = [c.place.where() for c in copies[: self._opts.max_places]]
            more = len(copies) - len(shown)
            places = ", ".join(shown) + (f" and {plural(more, 'other place')}" if more else "")
            exact = {c.similarity is None for c in copies}
            how = (
                "repeated or nearly repeated"
                if len(exact) == 2
                else ("repeated" if exact == {True} else "nearly repeated")
            )
            problem = f"{role} {how} at {places}"
            yield Finding(
                params={
                    "problem": problem,
                    "kind": "first",
                    "role": role,
                    "first": at_first,
                    "copies": len(copies),
                    "similarity": None,
                },
                place=first,
            )
            for copy in copies:
                if copy.similarity is None:
                    problem = f"duplicate of the {role} at {at_first}"
                    kind = "duplicate"
                else:
                    problem = (
                        f"near-duplicate (similarity {copy.similarity:.0%}) of the {role} at "
                        f"{at_first}"
                    )
                    kind = "near_duplicate"
                params = {
                    "problem": problem,
                    "kind": kind,
                    "role": role,
                    "first": at_first,
                    "copies": len(copies),
                    "similarity": copy.similarity,
                }
                yield Finding(params=params, place=copy.place)
