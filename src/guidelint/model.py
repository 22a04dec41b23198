"""The nouns of guidelint: records read from datasets, and violations found in them.

A **record** is one item of a dataset after reading: where it came from, its item id
and annotator when known, its turns (role + text), the responses to check (each with
a role such as ``response``, ``chosen``, ``rejected``, ``draft``) and its labels.
A **violation** is one finding, immutable, with an exact location.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from guidelint.frozen import frozen


class Severity(enum.Enum):
    """How bad a violation is; ordered ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def __str__(self) -> str:
        return self.value


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}

#: Roles of texts that are trained on and checked by response rules by default.
RESPONSE_ROLES = frozenset({"response", "chosen", "rejected", "candidate"})
#: Every role a text in a record can have (``comment``: a note beside the work, such
#: as a reviewer's comment box in Label Studio: not trained on, checked only by rules
#: that name it in ``applies_to``).
TEXT_ROLES = RESPONSE_ROLES | {"instruction", "draft", "system", "comment"}
#: ``Record.meta`` key of the problems a record was read with, without the values that
#: hold them (a Label Studio result of an unknown type, an annotation without a
#: response): each ``(message, line, column, field)``. They are the record's
#: ``invalid-record`` violations, charged to its annotator like any other.
READ_ERRORS = "read_errors"
#: ``Record.meta`` key of the labels whose value a record was read without (a rating
#: that is no number, a ranking that ranks no candidates), one of its ``READ_ERRORS``
#: each: agreement counts them as left out under the label, not as labels that count.
UNREAD_LABELS = "unread_labels"
#: ``Record.meta`` key of the e-mail of the record's annotator, when its user object
#: gives one (a Label Studio user, named by its id: see ``readers.building.person``).
ANNOTATOR_EMAIL = "annotator_email"


@frozen
class Fix:
    """A replacement of ``text[start:end]`` (offsets into the field's text)."""

    start: int
    end: int
    replacement: str
    safe: bool = True

    def __reduce__(self) -> tuple[type[Fix], tuple[int, int, str, bool]]:
        # As for Violation (with --jobs): the dataclass's own __getstate__/__setstate__
        # call fields() for every fix, about one per record with the whitespace rule.
        return (Fix, (self.start, self.end, self.replacement, self.safe))


@frozen
class Text:
    """One piece of text in a record that rules can look at.

    ``role`` is one of :data:`TEXT_ROLES`. ``field`` is the path of the field that
    holds the text inside the record (``messages[3].content``). ``prompt`` is, for a
    response, the user text it answers (the instruction, or in a chat the user turn
    just before it). ``rank`` is the position given by a ranking (1 = best).
    ``offset`` is where ``text`` starts inside the field's value (0 unless the text
    is a part of the field); violations report columns and spans in the field.
    """

    role: str
    text: str
    field: str
    prompt: str | None = None
    rank: int | None = None
    trained: bool = True
    #: Where ``text`` starts inside the field's value, when it is only part of it
    #: (TRL's implicit-prompt form checks the answer after the shared prompt).
    offset: int = 0
    #: For a text joined from several fields (Alpaca's instruction, then its ``input``),
    #: each field as (where it starts in ``text``, its name, its length), ``field``
    #: first. A finding within one is reported, and fixed, in that field; one across
    #: two is reported in ``field``, without a fix.
    parts: tuple[tuple[int, str, int], ...] = ()
    #: The text is the task's, the same in each annotation of it (a Label Studio task's
    #: data or predictions: the instruction, the candidates ranked, the two sides
    #: compared): what text rules find in it names no annotator.
    task: bool = False
    #: A task's text that an earlier record of the same task holds too: it is still
    #: checked (record rules weigh what its candidates break) but what text rules find
    #: in it is reported once, with the first record.
    repeated: bool = False


@frozen
class Turn:
    """One message of a conversation, as read (``system``, ``user``, ``assistant``)."""

    role: str
    text: str
    field: str


@dataclass(slots=True)
class Record:
    """One dataset item after reading, whatever format and schema it came from.

    ``line`` is 1-based: the JSONL line, the line where a JSON element or Label
    Studio annotation starts, or the CSV row. ``index`` is the 0-based position of
    the record in its source. ``data`` is the record as read (used by ``when``
    conditions and suppressions). ``texts`` lists what rules can check: the
    instruction(s), the responses, drafts.
    """

    path: str
    line: int
    index: int
    data: Mapping[str, Any]
    texts: list[Text]
    item_id: str | None = None
    annotator: str | None = None
    schema: str = "plain"
    turns: list[Turn] = field(default_factory=list)
    labels: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def instruction(self) -> str | None:
        """The first instruction text, if the record has one."""
        for text in self.texts:
            if text.role == "instruction":
                return text.text
        return None

    def responses(self) -> list[Text]:
        """The texts that are trained on (response, chosen, rejected, candidates)."""
        return [t for t in self.texts if t.role in RESPONSE_ROLES]

    def texts_with_role(self, role: str) -> list[Text]:
        return [t for t in self.texts if t.role == role]


@frozen
class Violation:
    """One finding. ``column`` is 1-based inside the field's text (0 for a whole record).

    ``span`` is ``(start, end)`` character offsets into that text. ``record_key``
    identifies the record stably (its id, else a hash of its content) for baselines.
    """

    path: str
    line: int
    column: int
    field: str
    span: tuple[int, int]
    rule: str
    check: str
    severity: Severity
    message: str
    fix: Fix | None = None
    role: str | None = None
    item_id: str | None = None
    annotator: str | None = None
    record_key: str | None = None
    #: (before, match, after) on the match's line, for reporters to mark the match.
    excerpt: tuple[str, str, str] | None = None
    reason: str | None = None
    #: Which value of a JSON document the record is (``element 3 (id sup-017)``), set
    #: only when its line does not tell (several records on one line: minified JSON).
    locator: str | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule)

    def __reduce__(self) -> tuple[type[Violation], tuple[Any, ...]]:
        # Violations cross processes with --jobs: a tuple of the fields pickles and
        # unpickles in a third of the time the dataclass's __getstate__ takes.
        return (Violation, _violation_fields(self))


_violation_fields = attrgetter(*(f.name for f in fields(Violation)))


def column_of(offset: int) -> int:
    """The 1-based column reported for a 0-based character offset into a field."""
    return offset + 1
