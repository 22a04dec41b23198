"""A live Label Studio project as a source of records.

The project's JSON export is fetched through the API (the same document the Export
button gives) and read by the Label Studio schema, task by task, so a live project
gives the same records as its export file: the same texts, labels, field paths and
columns, hence the same violations. Two things differ, because a server has no file:

* the record's ``path`` is the project URL and its ``line`` is 0 (no line); its place
  is the *locator* ``task 7, annotation 12`` (every output format shows it; see
  docs/labelstudio.md), and an unreadable annotation is located the same way;
* the raw tasks get ``completed_by`` as the user, ``{"id": 3, "email": ...}``, when the
  server lists its users (the export holds the id): the annotator is still named by the
  id, as in an export file, and the e-mail is shown beside it where known.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from guidelint.errors import RecordError
from guidelint.fields import FieldMapping
from guidelint.labelstudio.urls import ProjectURL, parse_project_url
from guidelint.model import Record
from guidelint.readers.base import RawRecord, ReadStats
from guidelint.readers.building import scalar_id
from guidelint.readers.detect import convert, schema_named


def with_emails(task: Any, emails: Mapping[int, str]) -> Any:
    """``task`` with each annotation's numeric ``completed_by`` given as the user
    (``{"id": 3, "email": "ann@example.com"}``) when its e-mail is known."""
    if not emails or not isinstance(task, dict) or not isinstance(task.get("annotations"), list):
        return task
    annotations = []
    for annotation in task["annotations"]:
        who = annotation.get("completed_by") if isinstance(annotation, dict) else None
        if isinstance(who, int) and not isinstance(who, bool) and who in emails:
            annotation = {**annotation, "completed_by": {"id": who, "email": emails[who]}}
        annotations.append(annotation)
    return {**task, "annotations": annotations}


def task_rows(
    project: ProjectURL, tasks: list[Any], emails: Mapping[int, str]
) -> Iterator[RawRecord]:
    """The tasks of an export as raw records (line 0: a server has no lines)."""
    for index, task in enumerate(tasks):
        yield RawRecord(path=str(project), line=0, index=index, data=with_emails(task, emails))


def project_rows(url: str) -> list[RawRecord]:
    """The tasks of the project at ``url``, fetched now, as raw records."""
    return project_source(url)[0]


def project_source(url: str) -> tuple[list[RawRecord], str]:
    """The tasks of the project at ``url`` as raw records, and its labelling config."""
    from guidelint.labelstudio.client import Client

    project = parse_project_url(url)
    client = Client(project)
    tasks = client.tasks()
    config = str(client.project_settings().get("label_config") or "")
    return list(task_rows(project, tasks, client.emails())), config


def locator(task: Any, annotation: Any) -> str:
    """``task 7, annotation 12`` (or only the task when the annotation is not known)."""
    where = f"task {task}"
    return f"{where}, annotation {annotation}" if annotation is not None else where


def records_of(
    rows: Iterable[RawRecord],
    *,
    fields: FieldMapping,
    schema: str | None,
    stats: ReadStats,
) -> Iterator[Record | RecordError]:
    """Records of raw tasks, each located by task and annotation, numbered in order."""
    chosen = schema_named(schema or "labelstudio") or schema_named("labelstudio")
    assert chosen is not None
    index = 0
    for raw in rows:
        data = raw.data if isinstance(raw.data, Mapping) else {}
        task_id = scalar_id(data.get("id"))
        annotations = data.get("annotations")
        for item in convert(chosen, raw, fields, stats):
            if isinstance(item, Record):
                item.index = index
                index += 1
                item.meta["locator"] = locator(task_id, item.meta.get("annotation_id"))
            else:
                item.locator = locator(task_id, _annotation_of(item.field, annotations))
            yield item


def _annotation_of(field: str, annotations: Any) -> Any:
    """The id of the annotation a field path (``annotations[1].result[0]``) is inside."""
    if not field.startswith("annotations[") or not isinstance(annotations, list):
        return None
    number = field[len("annotations[") :].partition("]")[0]
    if not number.isdigit() or int(number) >= len(annotations):
        return None
    annotation = annotations[int(number)]
    return annotation.get("id") if isinstance(annotation, Mapping) else None


def read_project(
    url: str, *, fields: FieldMapping, schema: str | None, stats: ReadStats
) -> Iterator[Record | RecordError]:
    """Every record of the live project at ``url`` (see the module docstring).

    The export is fetched when this is called: a server that cannot be reached is a
    LabelStudioError then, not part-way through the records."""
    from guidelint.labelstudio.controls import response_areas

    rows, config = project_source(url)
    if response_areas(config, fields.labelstudio):  # (an annotation without one is reported)
        stats.responses_expected.add(str(parse_project_url(url)))
    return records_of(rows, fields=fields, schema=schema, stats=stats)
