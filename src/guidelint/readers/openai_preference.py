"""The OpenAI preference fine-tuning schema (DPO).

``input.messages`` is the conversation so far (its assistant turns are context, not
trained on); ``preferred_output`` and ``non_preferred_output`` are lists of assistant
messages, read as ``chosen`` and ``rejected`` texts answering the last user turn.
The record's turns are the input conversation only.

Example::

    {"input": {"messages": [{"role": "user", "content": "Hi"}]},
     "preferred_output": [{"role": "assistant", "content": "Hello! How can I help?"}],
     "non_preferred_output": [{"role": "assistant", "content": "What."}]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from guidelint.errors import RecordError
from guidelint.fields import FieldMapping, get_path
from guidelint.model import Record
from guidelint.readers.base import RawRecord, ReadStats
from guidelint.readers.building import make_record
from guidelint.readers.chat import conversation_texts, last_user_text, read_messages

OUTPUTS = (("preferred_output", "chosen"), ("non_preferred_output", "rejected"))


class OpenAIPreferenceSchema:
    name = "openai-preference"
    shape = "openai-preference: `input.messages`, `preferred_output`, `non_preferred_output`"

    def matches(self, data: Mapping[str, Any], fields: FieldMapping) -> bool:
        return (
            data.get("preferred_output") is not None
            and data.get("non_preferred_output") is not None
        )

    def to_records(
        self, raw: RawRecord, fields: FieldMapping, stats: ReadStats
    ) -> Iterator[Record | RecordError]:
        data = raw.data
        context = read_messages(raw, get_path(data, "input.messages"), "input.messages")
        turns, texts = conversation_texts(context, stats, context=True)
        prompt = last_user_text(context)
        for key, role in OUTPUTS:
            answer = read_messages(raw, data[key], key)
            texts += conversation_texts(answer, stats, response_role=role, prompt=prompt)[1]
        yield make_record(raw, self.name, fields, texts, turns=turns)
