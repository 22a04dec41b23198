"""The Alpaca schema: ``instruction``, optional ``input``, and ``output``.

The instruction shown to checks is ``instruction + "\\n\\n" + input`` when ``input`` is
not empty (a finding within the input is reported, and fixed, in ``input``); ``output``
is the response. An optional ``system`` string is a system text.

Example::

    {"instruction": "Translate to French.", "input": "Good morning", "output": "Bonjour"}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from guidelint.errors import RecordError
from guidelint.fields import FieldMapping
from guidelint.model import Record, Text
from guidelint.readers.base import RawRecord, ReadStats
from guidelint.readers.building import as_text, draft_text, make_record


class AlpacaSchema:
    name = "alpaca"
    shape = "alpaca: `instruction`, `input` (optional), `output`"

    def matches(self, data: Mapping[str, Any], fields: FieldMapping) -> bool:
        return data.get("instruction") is not None and data.get("output") is not None

    def to_records(
        self, raw: RawRecord, fields: FieldMapping, stats: ReadStats
    ) -> Iterator[Record | RecordError]:
        data = raw.data
        instruction = as_text(raw, data["instruction"], "instruction")
        extra = data.get("input")
        parts: tuple[tuple[int, str, int], ...] = ()
        if extra is not None and (context := as_text(raw, extra, "input")):
            parts = (
                (0, "instruction", len(instruction)),
                (len(instruction) + 2, "input", len(context)),
            )
            instruction = f"{instruction}\n\n{context}"
        output = as_text(raw, data["output"], "output")
        texts: list[Text] = []
        system = data.get("system")
        if system is not None:
            texts.append(Text(role="system", text=as_text(raw, system, "system"), field="system"))
        texts.append(Text(role="instruction", text=instruction, field="instruction", parts=parts))
        texts.append(Text(role="response", text=output, field="output", prompt=instruction))
        draft = draft_text(data, fields, instruction)
        if draft is not None:
            texts.append(draft)
        yield make_record(raw, self.name, fields, texts)
