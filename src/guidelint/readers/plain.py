"""The plain schema: instruction and response fields named by the guideline or the CLI.

Field paths may be nested (``meta.prompt``). An Alpaca-style ``input`` field, when
mapped, is appended to the instruction. A draft field (``draft``, ``model_response``,
``original``) is read as a ``draft`` text for edit-based checks.

Example (``fields: {instruction: prompt, response: answer}``)::

    {"id": "q1", "prompt": "What is 2+2?", "answer": "4."}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from guidelint.errors import RecordError
from guidelint.fields import FieldMapping, get_path, has_path
from guidelint.model import Record, Text
from guidelint.readers.base import RawRecord, ReadStats
from guidelint.readers.building import draft_text, make_record, text_field


class PlainSchema:
    name = "plain"
    shape = "plain: the fields named by `fields:` (default `instruction` and `response`)"

    def matches(self, data: Mapping[str, Any], fields: FieldMapping) -> bool:
        return get_path(data, fields.response) is not None

    def to_records(
        self, raw: RawRecord, fields: FieldMapping, stats: ReadStats
    ) -> Iterator[Record | RecordError]:
        data = raw.data
        response = text_field(raw, data, fields.response, required=True)
        assert response is not None
        instruction = text_field(raw, data, fields.instruction, required=False)
        if instruction is None and has_path(data, fields.instruction):
            # null: an instruction without words, as an empty CSV cell or a Parquet null
            # (checked as such), not a record without one
            instruction = ""
        if instruction is not None and fields.input:
            extra = text_field(raw, data, fields.input, required=False)
            if extra:
                instruction = f"{instruction}\n\n{extra}"
        texts: list[Text] = []
        if instruction is not None:
            texts.append(Text(role="instruction", text=instruction, field=fields.instruction))
        texts.append(
            Text(role="response", text=response, field=fields.response, prompt=instruction)
        )
        draft = draft_text(data, fields, instruction)
        if draft is not None:
            texts.append(draft)
        yield make_record(raw, self.name, fields, texts)
