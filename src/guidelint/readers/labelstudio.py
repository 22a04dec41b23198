"""Label Studio JSON exports: tasks with ``data`` and ``annotations``.

One record per (task, annotation): the annotations of one task share the item id (the
task id) and each has its annotator (``completed_by``, an id or a user object: named by
the id either way, so a user is one annotator in an export and a live project, with the
object's e-mail in ``meta["annotator_email"]``). A record's line is the line where its
annotation starts in the export. Cancelled annotations (``was_cancelled``) are skipped
and counted, as are tasks without annotations. The instruction comes from the task data
(``fields.labelstudio``; a task with responses and none of its fields is noted), the
results of the annotation give responses and labels (see
:mod:`guidelint.readers.labelstudio_results`), and the model draft an annotator
edited is a ``draft`` text: the annotation's own ``prediction``, else the task's
``predictions``, else a task data field ``draft``/``model_response``/``original``.

Example (the seed's label config: Text ``instruction``, TextArea ``response``,
Rating ``quality``)::

    {"id": 7, "data": {"instruction": "Write a haiku about SQLite."},
     "annotations": [{"id": 12, "completed_by": 3, "was_cancelled": false, "result": [
        {"from_name": "response", "to_name": "instruction", "type": "textarea",
         "value": {"text": ["Small file, whole world..."]}},
        {"from_name": "quality", "to_name": "instruction", "type": "rating",
         "value": {"rating": 4}}]}]}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from guidelint.errors import RecordError
from guidelint.fields import FieldMapping
from guidelint.model import (
    ANNOTATOR_EMAIL,
    READ_ERRORS,
    RESPONSE_ROLES,
    UNREAD_LABELS,
    Record,
    Text,
)
from guidelint.readers.base import RawRecord, ReadStats
from guidelint.readers.building import (
    as_text,
    content_key,
    draft_text,
    json_type,
    make_record,
    person,
    person_email,
    review_meta,
    scalar_id,
)
from guidelint.wording import note_forms

if TYPE_CHECKING:
    from guidelint.readers.labelstudio_results import AnnotationContent

CANCELLED = note_forms("cancelled annotations skipped", "cancelled annotation skipped")
NO_ANNOTATIONS = note_forms("tasks without annotations", "task without annotations")
_AS_COMMENT = (
    "with a text area read as a comment, not checked (named comment, notes, feedback or "
    "remarks; fields.labelstudio.roles can make it a response)"
)
COMMENTS = note_forms(f"annotations {_AS_COMMENT}", f"annotation {_AS_COMMENT}")
ONLY_CANCELLED = note_forms(
    "tasks with only cancelled annotations", "task with only cancelled annotations"
)


class LabelStudioSchema:
    name = "labelstudio"
    shape = "labelstudio: Label Studio tasks with `data` and `annotations`"

    def matches(self, data: Mapping[str, Any], fields: FieldMapping) -> bool:
        return isinstance(data.get("data"), Mapping) and isinstance(data.get("annotations"), list)

    def to_records(
        self, raw: RawRecord, fields: FieldMapping, stats: ReadStats
    ) -> Iterator[Record | RecordError]:
        # (imported with the first task: detecting the schema of other files needs none)
        from guidelint.readers.labelstudio_results import ResultContext, read_results

        task = raw.data
        annotations = task["annotations"]
        if not annotations:
            stats.note(NO_ANNOTATIONS)
            return
        instruction = _instruction(raw, task["data"], fields)
        prompt = instruction.text if instruction is not None else None
        context = ResultContext(raw, task["data"], fields.labelstudio, prompt)
        task_drafts = _task_drafts(task, fields, prompt)
        task_id = scalar_id(task.get("id"))
        task_key = task_id or content_key(task["data"])
        read: list[tuple[int, Mapping[str, Any], AnnotationContent]] = []
        for number, annotation in enumerate(annotations):
            where = f"annotations[{number}]"
            if not isinstance(annotation, Mapping):
                yield raw.error(
                    f"'{where}' holds {json_type(annotation)}, expected an annotation", field=where
                )
                continue
            if annotation.get("was_cancelled") is True:
                stats.note(CANCELLED)
                continue
            read.append(
                (number, annotation, read_results(context, annotation.get("result"), where))
            )
        answered = []
        for _, _, content in read:
            roles = {text.role for text in content.texts}
            if "comment" in roles:  # (counted: a response area so named would go unchecked)
                stats.note(COMMENTS)
            answered.append(not roles.isdisjoint(RESPONSE_ROLES))
        # (an annotation without a response is known from the other annotations of its
        # task, the same whatever else the file holds or how it is split among
        # workers; or, for a live project, from its labelling config)
        others = any(answered)
        if instruction is None and others:  # (once per task, whatever its annotations)
            stats.note(_no_instruction_note(task["data"], fields))
        expected = others or raw.path in stats.responses_expected
        for (number, annotation, content), responds in zip(read, answered, strict=True):
            where = f"annotations[{number}]"
            own_drafts = _prediction_drafts(
                annotation.get("prediction"), f"{where}.prediction", prompt
            )
            texts = [instruction] if instruction is not None else []
            texts += content.texts + (own_drafts or task_drafts)
            texts = [_as_task_text(t, repeated=number != read[0][0]) for t in texts]
            annotation_id = scalar_id(annotation.get("id"))
            meta = review_meta(annotation, fields)
            if annotation_id is not None:
                meta["annotation_id"] = annotation_id
            email = person_email(annotation.get("completed_by"))
            if email is not None:
                meta[ANNOTATOR_EMAIL] = email
            errors = list(content.errors)
            if not responds and expected:
                errors.insert(0, _no_response(raw, where, annotation_id, others))
            if errors:  # (results the record was read without: its own violations)
                meta[READ_ERRORS] = [_read_error(error) for error in errors]
            if content.unread:
                meta[UNREAD_LABELS] = content.unread
            yield make_record(
                raw,
                self.name,
                fields,
                texts,
                item_id=task_id,
                annotator=person(annotation.get("completed_by")),
                labels=content.labels,
                line=raw.line_at(where),
                key=f"{task_key}/{annotation_id or number}",
                meta=meta,
            )
        if not read:
            stats.note(ONLY_CANCELLED)


def _as_task_text(text: Text, repeated: bool) -> Text:
    """``text`` marked as the task's when it is (its data or predictions, not one of
    the annotation's results): each annotation of the task holds it, and what text
    rules find in it is reported once, naming no annotator (see ``Text.task``)."""
    if text.field.startswith("annotations["):
        return text
    return dataclasses.replace(text, task=True, repeated=repeated)


def _read_error(error: RecordError) -> tuple[str, int, int, str]:
    message = error.message + (f" ({error.hint})" if error.hint else "")
    return message, error.line, error.column, error.field


def _no_response(
    raw: RawRecord, where: str, annotation_id: str | None, others: bool
) -> RecordError:
    """The error of an annotation without a response where one is expected: other
    annotations of its task have one (``others``), or its project's config asks."""
    named = f"annotation {annotation_id}" if annotation_id is not None else f"'{where}'"
    why = (
        "other annotations of this task answer in a text area"
        if others
        else "the project's labelling config has a text area for the response"
    )
    return raw.error(
        f"{named} has no response: its results hold no text to check, where {why}",
        field=f"{where}.result",
        hint="was it submitted without writing the response? A TextArea with "
        'required="true" in the labelling config prevents that. Its labels still count '
        "for agreement",
    )


def _instruction(raw: RawRecord, data: Mapping[str, Any], fields: FieldMapping) -> Text | None:
    mapping = fields.labelstudio
    for name in mapping.instruction:
        value = data.get(name)
        if value is None:
            continue
        text = as_text(raw, value, f"data.{name}")
        extra = data.get(mapping.input) if mapping.input else None
        if extra is not None and as_text(raw, extra, f"data.{mapping.input}"):
            text = f"{text}\n\n{extra}"
        return Text(role="instruction", text=text, field=f"data.{name}")
    return None


def _no_instruction_note(data: Mapping[str, Any], fields: FieldMapping) -> str:
    """The note on a task with responses but none of the instruction fields: the keys
    its data has, and how to name one as the instruction (not guessed: ``text`` is as
    often the thing labelled as the question asked)."""
    keys = [str(key) for key in data]
    shown = ", ".join(f"'{key}'" for key in keys[:6]) + (" …" if len(keys) > 6 else "")
    texts = [str(key) for key, value in data.items() if isinstance(value, str) and value]
    example = texts[0] if texts else "KEY"
    tried = "/".join(fields.labelstudio.instruction) or "none"
    return (
        f"tasks with responses and no instruction field ({tried}), so the rules that compare "
        f"a response with its instruction did not run (data keys: {shown or 'none'}; if one "
        f"is the instruction, name it in the guideline or config: "
        f"fields.labelstudio.instruction: [{example}])"
    )


def _prediction_drafts(prediction: Any, where: str, prompt: str | None) -> list[Text]:
    """The textarea results of one prediction (at ``where``) as draft texts."""
    results = prediction.get("result") if isinstance(prediction, Mapping) else None
    found: list[Text] = []
    for number, item in enumerate(results if isinstance(results, list) else []):
        if not isinstance(item, Mapping) or item.get("type") != "textarea":
            continue
        value = item.get("value")
        lines = value.get("text") if isinstance(value, Mapping) else None
        for line_number, line in enumerate([lines] if isinstance(lines, str) else lines or []):
            if isinstance(line, str):
                at = f"{where}.result[{number}].value.text[{line_number}]"
                found.append(Text(role="draft", text=line, field=at, prompt=prompt))
    return found


def _task_drafts(task: Mapping[str, Any], fields: FieldMapping, prompt: str | None) -> list[Text]:
    """Drafts of the task's predictions, else of a draft field of its data."""
    predictions = task.get("predictions")
    found: list[Text] = []
    for number, prediction in enumerate(predictions if isinstance(predictions, list) else []):
        found += _prediction_drafts(prediction, f"predictions[{number}]", prompt)
    if not found:
        draft = draft_text(task["data"], fields, prompt, prefix="data.")
        found += [draft] if draft is not None else []
    return found
