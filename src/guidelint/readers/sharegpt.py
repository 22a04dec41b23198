"""The ShareGPT schema: ``conversations`` of ``{from, value}``.

Speakers ``human``/``gpt``/``system`` and the ``user``/``assistant`` spellings are
read; every ``gpt`` turn is a response whose prompt is the human turn before it. A
top-level ``system`` string is a system text.

Example::

    {"id": "c1", "conversations": [
        {"from": "human", "value": "Who are you?"},
        {"from": "gpt", "value": "I am an assistant."}]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from guidelint.errors import RecordError
from guidelint.fields import FieldMapping
from guidelint.model import Record, Text, Turn
from guidelint.readers.base import RawRecord, ReadStats
from guidelint.readers.building import as_text, make_record
from guidelint.readers.chat import conversation_texts, read_messages


class ShareGPTSchema:
    name = "sharegpt"
    shape = "sharegpt: `conversations` of {from, value}"

    def matches(self, data: Mapping[str, Any], fields: FieldMapping) -> bool:
        return isinstance(data.get("conversations"), list)

    def to_records(
        self, raw: RawRecord, fields: FieldMapping, stats: ReadStats
    ) -> Iterator[Record | RecordError]:
        data = raw.data
        messages = read_messages(
            raw, data["conversations"], "conversations", role_key="from", text_key="value"
        )
        turns, texts = conversation_texts(messages, stats)
        system = data.get("system")
        if system is not None:
            text = as_text(raw, system, "system")
            turns.insert(0, Turn(role="system", text=text, field="system"))
            texts.insert(0, Text(role="system", text=text, field="system"))
        yield make_record(raw, self.name, fields, texts, turns=turns)
