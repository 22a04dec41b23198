"""The OpenAI chat fine-tuning schema: ``messages`` of ``{role, content}``.

Every assistant turn is a response whose prompt is the user turn before it, except
assistant turns with ``"weight": 0``: they are not trained on, so they are not
checked (and counted in the read statistics). ``content`` may also be a list of parts
(``{"type": "text", "text": ...}``); tool turns are kept as turns, never checked.

Example::

    {"messages": [
        {"role": "system", "content": "You are a support agent."},
        {"role": "user", "content": "Where is my order?"},
        {"role": "assistant", "content": "Let me check.", "weight": 0},
        {"role": "user", "content": "Thanks."},
        {"role": "assistant", "content": "It ships today."}]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from guidelint.errors import RecordError
from guidelint.fields import FieldMapping
from guidelint.model import Record
from guidelint.readers.base import RawRecord, ReadStats
from guidelint.readers.building import make_record
from guidelint.readers.chat import conversation_texts, read_messages


class OpenAIChatSchema:
    name = "openai-chat"
    shape = "openai-chat: `messages` of {role, content}"

    def matches(self, data: Mapping[str, Any], fields: FieldMapping) -> bool:
        return isinstance(data.get("messages"), list)

    def to_records(
        self, raw: RawRecord, fields: FieldMapping, stats: ReadStats
    ) -> Iterator[Record | RecordError]:
        messages = read_messages(raw, raw.data["messages"], "messages")
        turns, texts = conversation_texts(messages, stats)
        yield make_record(raw, self.name, fields, texts, turns=turns)
