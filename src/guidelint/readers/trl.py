"""The TRL dataset schemas (Hugging Face TRL trainers), standard and conversational.

* preference: ``prompt``, ``chosen``, ``rejected`` → an instruction and ``chosen`` /
  ``rejected`` texts;
* implicit prompt: ``chosen`` and ``rejected`` only. For text, the shared leading
  part is the prompt (as TRL's ``extract_prompt`` does); the texts checked are the
  parts after it, and ``record.meta["offsets"]`` gives where they start in their
  fields. For conversations, the prompt is the messages both sides share from the
  start, up to their last assistant turns at most;
* prompt-completion, and unpaired preference (``prompt``, ``completion``, ``label``):
  the completion is a response; a ``label`` (true/false) goes to
  ``record.labels["label"]``.

In conversational form every part is a list of ``{role, content}`` messages.

Example (standard preference)::

    {"prompt": "The sky is", "chosen": " blue.", "rejected": " green."}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from guidelint.errors import RecordError
from guidelint.fields import FieldMapping
from guidelint.model import Record, Text, Turn
from guidelint.readers.base import RawRecord, ReadStats
from guidelint.readers.building import as_text, json_type, make_record
from guidelint.readers.chat import Message, conversation_texts, last_user_text, read_messages

PAIR = (("chosen", "chosen"), ("rejected", "rejected"))
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def shared_prefix(chosen: str, rejected: str) -> int:
    """Length of the prompt both texts start with: their shared start, as TRL's
    ``extract_prompt`` finds it, but ending before a word, not inside one ("Answer: As
    an AI …" and "Answer: Ask support" share "Answer: ", not "Answer: As"), and with
    the white space before the answers (TRL keeps it in the completion: checked there,
    it was "whitespace at the start of the response", and --fix deleted it from both
    texts). Two equal texts share no prompt: they are the same answer twice."""
    if chosen == rejected:
        return 0
    limit = min(len(chosen), len(rejected))
    index = 0
    while index < limit and chosen[index] == rejected[index]:
        index += 1
    # (inside a word both go on with, or one goes on with: back to its start)
    while (
        index > 0
        and _word_char(chosen[index - 1])
        and (_word_char(chosen[index : index + 1]) or _word_char(rejected[index : index + 1]))
    ):
        index -= 1
    while index > 0 and chosen[index - 1] != chosen[index - 1].strip():
        index -= 1  # (the white space before the answers: back to the prompt's end) …
    while index < limit and not chosen[index].strip() and not rejected[index].strip():
        index += 1  # … and forward over what both have: the prompt's own white space
    return index


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class TRLSchema:
    name = "trl"
    shape = "trl: `prompt`/`chosen`/`rejected`, `chosen`/`rejected`, or `prompt`/`completion`"

    def matches(self, data: Mapping[str, Any], fields: FieldMapping) -> bool:
        get = data.get
        return (get("chosen") is not None and get("rejected") is not None) or (
            get("prompt") is not None and get("completion") is not None
        )

    def to_records(
        self, raw: RawRecord, fields: FieldMapping, stats: ReadStats
    ) -> Iterator[Record | RecordError]:
        # A null key counts as absent (a table of mixed shapes has every column in
        # every row): a pair with a null prompt has an implicit one, a prompt and
        # completion with a null pair is no pair. A side given makes it a pair.
        data = raw.data
        meta: dict[str, Any] = {}
        labels: dict[str, Any] = {}
        pair = data.get("chosen") is not None or data.get("rejected") is not None
        if not pair and "completion" in data:
            outputs: tuple[tuple[str, str], ...] = (("completion", "response"),)
        else:
            outputs = PAIR
        if outputs is PAIR and data.get("prompt") is None:
            turns, texts = _implicit(raw, stats, meta)
        else:
            turns, texts, prompt = _prompt(raw, data.get("prompt"), stats)
            for key, role in outputs:
                texts += _answer(raw, data.get(key), key, role, prompt, stats)
            if data.get("label") is not None:
                labels["label"] = _label(raw, data["label"])
        yield make_record(raw, self.name, fields, texts, turns=turns, labels=labels, meta=meta)


def _prompt(
    raw: RawRecord, value: Any, stats: ReadStats
) -> tuple[list[Turn], list[Text], str | None]:
    if isinstance(value, list):
        messages = read_messages(raw, value, "prompt")
        turns, texts = conversation_texts(messages, stats, context=True)
        return turns, texts, last_user_text(messages)
    text = as_text(raw, value, "prompt")
    return [Turn("user", text, "prompt")], [Text("instruction", text, "prompt")], text


def _answer(
    raw: RawRecord, value: Any, key: str, role: str, prompt: str | None, stats: ReadStats
) -> list[Text]:
    if isinstance(value, list):
        messages = read_messages(raw, value, key)
        return conversation_texts(messages, stats, response_role=role, prompt=prompt)[1]
    return [Text(role, as_text(raw, value, key), key, prompt=prompt)]


def _implicit(
    raw: RawRecord, stats: ReadStats, meta: dict[str, Any]
) -> tuple[list[Turn], list[Text]]:
    chosen, rejected = raw.data.get("chosen"), raw.data.get("rejected")
    if isinstance(chosen, list) or isinstance(rejected, list):
        return _implicit_conversation(raw, stats)
    chosen_text = as_text(raw, chosen, "chosen")
    rejected_text = as_text(raw, rejected, "rejected")
    cut = shared_prefix(chosen_text, rejected_text)
    prompt = chosen_text[:cut] or None
    turns: list[Turn] = []
    texts: list[Text] = []
    if prompt is not None:
        turns.append(Turn("user", prompt, "chosen"))
        texts.append(Text("instruction", prompt, "chosen"))
    texts.append(Text("chosen", chosen_text[cut:], "chosen", prompt=prompt, offset=cut))
    texts.append(Text("rejected", rejected_text[cut:], "rejected", prompt=prompt, offset=cut))
    meta["offsets"] = {"chosen": cut, "rejected": cut}
    return turns, texts


def _split_last_answer(raw: RawRecord, messages: list[Message], key: str) -> int:
    for number in range(len(messages) - 1, -1, -1):
        if messages[number].role == "assistant":
            return number
    raise raw.error(f"'{key}' has no assistant message", field=key)


def _implicit_conversation(raw: RawRecord, stats: ReadStats) -> tuple[list[Turn], list[Text]]:
    chosen = read_messages(raw, raw.data.get("chosen"), "chosen")
    rejected = read_messages(raw, raw.data.get("rejected"), "rejected")
    # The prompt is the messages both sides share from the start (as TRL's
    # extract_prompt takes it), up to each side's last answer at most: a pair whose
    # sides differ in an earlier assistant turn differs there, not only at the end.
    last = min(
        _split_last_answer(raw, chosen, "chosen"), _split_last_answer(raw, rejected, "rejected")
    )
    cut = 0
    while cut < last and (chosen[cut].role, chosen[cut].text) == (
        rejected[cut].role,
        rejected[cut].text,
    ):
        cut += 1
    turns, texts = conversation_texts(chosen[:cut], stats, context=True)
    prompt = last_user_text(chosen[:cut])
    for messages, role in ((chosen, "chosen"), (rejected, "rejected")):
        texts += conversation_texts(messages[cut:], stats, response_role=role, prompt=prompt)[1]
    return turns, texts


def _label(raw: RawRecord, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise raw.error(
        f"'label' holds {json_type(value)} {value!r}, expected true or false", field="label"
    )
