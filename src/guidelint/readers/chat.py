"""Conversations: lists of messages shared by ShareGPT, OpenAI chat and TRL records.

:func:`read_messages` checks and normalizes the messages of one list (roles
``system``/``user``/``assistant``, plus ``tool`` turns, which are kept as turns but
never checked); :func:`conversation_texts` turns them into turns and texts: user
turns are ``instruction`` texts, every trained assistant turn is a response text whose
``prompt`` is the user turn just before it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from guidelint.model import Text, Turn
from guidelint.readers.base import RawRecord, ReadStats
from guidelint.readers.building import as_text, json_type
from guidelint.wording import note_forms

#: Speaker names as written in datasets → the role of the turn.
ROLES = {
    "system": "system",
    "developer": "system",
    "human": "user",
    "user": "user",
    "gpt": "assistant",
    "assistant": "assistant",
    "chatgpt": "assistant",
    "bard": "assistant",
    "bing": "assistant",
    "model": "assistant",
    "tool": "tool",
    "function": "tool",
    "function_call": "tool",
    "observation": "tool",
    "ipython": "tool",
}
UNTRAINED = note_forms(
    "assistant turns with weight 0 not checked", "assistant turn with weight 0 not checked"
)
TOOL_TURNS = note_forms("tool and function turns not checked", "tool or function turn not checked")


@dataclass(frozen=True, slots=True)
class Message:
    role: str
    text: str
    field: str
    trained: bool = True


#: What an assistant turn whose content is null holds instead (a tool call, an API refusal).
_NO_TEXT_NEEDED = ("tool_calls", "function_call", "refusal")


def read_messages(
    raw: RawRecord, messages: Any, path: str, *, role_key: str = "role", text_key: str = "content"
) -> list[Message]:
    """The messages of the list at ``path``; RecordError for a malformed one.

    ``content`` may be a string, null (an assistant turn that only calls tools), or a
    list of parts of which the ``{"type": "text", "text": ...}`` ones are read.
    """
    if not isinstance(messages, list):
        raise raw.error(f"'{path}' holds {json_type(messages)}, expected a list", field=path)
    if not messages:
        raise raw.error(f"'{path}' is an empty list: a conversation with no messages", field=path)
    read: list[Message] = []
    for number, message in enumerate(messages):
        where = f"{path}[{number}]"
        if not isinstance(message, Mapping):
            raise raw.error(
                f"'{where}' holds {json_type(message)}, expected a message", field=where
            )
        speaker = message.get(role_key)
        role = ROLES.get(speaker.lower()) if isinstance(speaker, str) else None
        if role is None:
            known = ", ".join(sorted(ROLES))
            raise raw.error(
                f"'{where}.{role_key}' is {speaker!r}, expected one of {known}",
                field=f"{where}.{role_key}",
            )
        weight = message.get("weight")
        if weight is not None and (type(weight) not in (int, float) or weight not in (0, 1)):
            raise raw.error(
                f"'{where}.weight' is {weight!r}, expected 0 or 1 (a number: 0 leaves the "
                "turn out of training; JSON's 1.0 is 1)",
                field=f"{where}.weight",
            )
        trained = not (role == "assistant" and weight == 0)
        content = message.get(text_key)
        field = f"{where}.{text_key}"
        if content is None and role in {"assistant", "tool"}:
            if role == "assistant" and not any(message.get(k) for k in _NO_TEXT_NEEDED):
                raise raw.error(
                    f"'{field}' is null in an assistant turn that calls no tool: a turn "
                    "with nothing to train on",
                    field=field,
                )
            continue
        if isinstance(content, list):
            read.extend(_parts(raw, content, field, role, trained))
            continue
        read.append(Message(role, as_text(raw, content, field), field, trained))
    return read


def _parts(raw: RawRecord, parts: list[Any], field: str, role: str, trained: bool) -> list[Message]:
    found = []
    for number, part in enumerate(parts):
        if isinstance(part, Mapping) and part.get("type") == "text":
            where = f"{field}[{number}].text"
            found.append(Message(role, as_text(raw, part.get("text"), where), where, trained))
    return found


def conversation_texts(
    messages: Sequence[Message],
    stats: ReadStats,
    *,
    response_role: str = "response",
    context: bool = False,
    prompt: str | None = None,
) -> tuple[list[Turn], list[Text]]:
    """Turns and texts of a conversation.

    ``context=True`` reads the messages as the prompt of a preference pair: their
    assistant turns are turns only (not trained on). ``prompt`` is the user text the
    first assistant turn answers when the conversation does not start with one.
    """
    turns: list[Turn] = []
    texts: list[Text] = []
    last_user = prompt
    for message in messages:
        turns.append(Turn(role=message.role, text=message.text, field=message.field))
        if message.role == "user":
            texts.append(Text(role="instruction", text=message.text, field=message.field))
            last_user = message.text
        elif message.role == "system":
            texts.append(Text(role="system", text=message.text, field=message.field))
        elif message.role == "tool":
            stats.note(TOOL_TURNS)
        elif context:
            continue
        elif not message.trained:
            stats.note(UNTRAINED)
        else:
            texts.append(
                Text(role=response_role, text=message.text, field=message.field, prompt=last_user)
            )
    return turns, texts


def last_user_text(messages: Sequence[Message]) -> str | None:
    for message in reversed(messages):
        if message.role == "user":
            return message.text
    return None
