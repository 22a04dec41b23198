"""Argilla 2.x exports: records with fields and the responses of several users.

Both shapes Argilla writes are read:

* flattened (``Dataset.records.to_datasets()`` / ``to_list(flatten=True)``, then JSON or
  JSONL): fields at the top level, and per question ``<question>.responses`` (values),
  ``<question>.responses.users`` (user ids) and ``<question>.responses.status``;
  ``<question>.suggestion`` is the model suggestion;
* nested (``to_json`` / ``to_disk``): ``fields``, ``responses`` as
  ``{question: [{value, user_id}]}``, ``suggestions`` as ``{question: {value, score,
  agent}}``, and the record's own ``status`` (``pending``/``completed``: whether enough
  users submitted, not the status of any one response). Argilla 2.x writes no status
  per response here (``RecordResponses.to_dict``), so a draft cannot be told from a
  submitted answer: such responses are read as submitted and the run's notes say how
  many (:data:`NO_STATUS`). A ``status`` in a response, where an export has one, is used.

One record per user, with that user's responses: answers to text questions are
response texts, other answers (ratings, labels, rankings, spans) are labels named after
their question. Without settings in the export a question counts as a text question
when ``fields.argilla`` says so, else when one of its answers is prose (holds a space or
a line break). Only responses whose status is in ``fields.argilla.statuses`` (default
``submitted``; a response without status counts as submitted, with a note) are read: ``discarded``
and ``draft`` ones are skipped and counted, since they are not final. A suggestion for a
text question is a ``draft`` text.

Example (flattened)::

    {"id": "r1", "prompt": "Summarize: ...", "answer.responses": ["A short summary."],
     "answer.responses.users": ["u-1"], "answer.responses.status": ["submitted"],
     "quality.responses": [4], "quality.responses.users": ["u-1"]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from guidelint.errors import RecordError
from guidelint.fields import ArgillaMapping, FieldMapping
from guidelint.model import Record, Text
from guidelint.readers.base import RawRecord, ReadStats
from guidelint.readers.building import as_text, content_key, make_record, record_id, scalar_id
from guidelint.wording import note_forms

_RESPONSES = ".responses"
_SUGGESTION = ".suggestion"
NO_RESPONSES = note_forms("Argilla records without responses", "Argilla record without responses")
#: Argilla 2.x's nested export (``records.to_json``, ``to_disk``, ``Record.to_dict``)
#: writes each response as ``{value, user_id}``: a draft cannot be told from a
#: submitted answer. Such responses are read as submitted, and said so once.
NO_STATUS = note_forms(
    "Argilla responses without a status, read as submitted (Argilla's nested export, "
    "records.to_json, does not write it: drafts cannot be told apart; export with "
    "records.to_list(flatten=True) or to_datasets() to keep statuses)",
    "Argilla response without a status, read as submitted (Argilla's nested export, "
    "records.to_json, does not write it: drafts cannot be told apart; export with "
    "records.to_list(flatten=True) or to_datasets() to keep statuses)",
)


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    value: Any
    user: str
    status: str | None
    field: str


def _column(data: Mapping[str, Any], key: str, number: int) -> Any:
    values = data.get(key)
    return values[number] if isinstance(values, list) and number < len(values) else None


def _answers(data: Mapping[str, Any]) -> list[Answer]:
    """Every response of every user, in the order of the export."""
    answers: list[Answer] = []
    nested = data.get("responses")
    if isinstance(nested, Mapping):
        for question, items in nested.items():
            for number, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, Mapping):
                    where = f"responses.{question}[{number}].value"
                    user = scalar_id(item.get("user_id")) or "unknown"
                    answers.append(
                        Answer(question, item.get("value"), user, item.get("status"), where)
                    )
        return answers
    for key, values in data.items():
        if not (isinstance(key, str) and key.endswith(_RESPONSES) and isinstance(values, list)):
            continue
        question = key[: -len(_RESPONSES)]
        for number, value in enumerate(values):
            user = scalar_id(_column(data, f"{key}.users", number)) or "unknown"
            status = _column(data, f"{key}.status", number)
            answers.append(Answer(question, value, user, status, f"{key}[{number}]"))
    return answers


def _record_fields(data: Mapping[str, Any]) -> tuple[Mapping[str, Any], str]:
    """The record's fields and the prefix of their field paths."""
    fields = data.get("fields")
    if isinstance(fields, Mapping) and isinstance(data.get("responses"), Mapping):
        return fields, "fields."
    return data, ""


def _suggestions(data: Mapping[str, Any]) -> dict[str, tuple[Any, str]]:
    nested = data.get("suggestions")
    if isinstance(nested, Mapping):
        return {
            q: (s.get("value"), f"suggestions.{q}.value")
            for q, s in nested.items()
            if isinstance(s, Mapping)
        }
    return {
        k[: -len(_SUGGESTION)]: (v, k)
        for k, v in data.items()
        if isinstance(k, str) and k.endswith(_SUGGESTION)
    }


def _text_questions(answers: list[Answer], mapping: ArgillaMapping) -> set[str]:
    roles, labels = dict(mapping.roles), dict(mapping.labels)
    found = set()
    for answer in answers:
        question = answer.question
        if question in roles:
            found.add(question)
        elif question in labels:
            continue
        elif mapping.response:
            if question in mapping.response:
                found.add(question)
        elif isinstance(answer.value, str) and any(c in answer.value.strip() for c in " \n"):
            found.add(question)
    return found


class ArgillaSchema:
    name = "argilla"
    shape = "argilla: Argilla 2.x records with `<question>.responses` or `fields` + `responses`"

    def matches(self, data: Mapping[str, Any], fields: FieldMapping) -> bool:
        if isinstance(data.get("fields"), Mapping) and isinstance(data.get("responses"), Mapping):
            return True
        return any(isinstance(k, str) and k.endswith(_RESPONSES) for k in data)

    def to_records(
        self, raw: RawRecord, fields: FieldMapping, stats: ReadStats
    ) -> Iterator[Record | RecordError]:
        data = raw.data
        mapping = fields.argilla
        answers = _answers(data)
        if not answers:
            stats.note(NO_RESPONSES)
            return
        shared = _shared_texts(raw, data, mapping)
        prompt = next((t.text for t in shared if t.role == "instruction"), None)
        text_questions = _text_questions(answers, mapping)
        drafts = [
            Text(role="draft", text=value, field=where, prompt=prompt)
            for question, (value, where) in _suggestions(data).items()
            if question in text_questions and isinstance(value, str)
        ]
        users: dict[str, list[Answer]] = {}
        for answer in answers:
            status = answer.status
            if status is None:  # (the nested export does not write it)
                stats.note(NO_STATUS)
                status = "submitted"
            if status in mapping.statuses:
                users.setdefault(answer.user, []).append(answer)
            else:
                stats.note(f"Argilla responses with status '{status}' skipped")
        base_key = record_id(data, fields) or content_key(data)
        roles, labels = dict(mapping.roles), dict(mapping.labels)
        for user, own in users.items():
            texts = list(shared)
            record_labels: dict[str, Any] = {}
            for answer in own:
                if answer.question in text_questions:
                    text = as_text(raw, answer.value, answer.field)
                    role = roles.get(answer.question, "response")
                    texts.append(Text(role=role, text=text, field=answer.field, prompt=prompt))
                else:
                    record_labels[labels.get(answer.question, answer.question)] = answer.value
            yield make_record(
                raw,
                self.name,
                fields,
                texts + drafts,
                annotator=user,
                labels=record_labels,
                key=f"{base_key}/{user}",
            )


def _shared_texts(raw: RawRecord, data: Mapping[str, Any], mapping: ArgillaMapping) -> list[Text]:
    """The instruction and the fields given a role: the same for every user."""
    record_fields, prefix = _record_fields(data)
    texts: list[Text] = []
    for name in mapping.instruction:
        value = record_fields.get(name)
        if value is not None:
            text = as_text(raw, value, prefix + name)
            texts.append(Text(role="instruction", text=text, field=prefix + name))
            break
    for name, role in mapping.roles:
        value = record_fields.get(name)
        if value is not None and not name.endswith(_RESPONSES):
            texts.append(
                Text(role=role, text=as_text(raw, value, prefix + name), field=prefix + name)
            )
    return texts
