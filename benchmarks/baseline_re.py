"""The customer-support rules as a team would write them without guidelint.

A plain script: ``json`` + ``re``, one compiled regex (or a few) per rule, applied
one rule after another to each record, printing one line per violation. It follows
``rules/customer-support.yaml`` (with ``llm-boilerplate``): the banned phrases and
patterns, response length, lists in simple answers, walls of text, a repeated
question, needless apologies, outdated product names, stray whitespace, shouting,
repeated exclamation marks, too-short instructions. It is written to be simple and
reasonable, not slow: regexes compiled once, no needless copies. It does less than
guidelint (no fuzzy matching, no exceptions to phrases, no code-block awareness, a
cruder repeated-question test, no suppressions, spans or fixes).

Usage: ``python benchmarks/baseline_re.py FILE.jsonl [...]``
"""

from __future__ import annotations

import json
import re
import sys

WORD = re.compile(r"\w+(?:['\-]\w+)*")
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def any_of(phrases: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\b", re.IGNORECASE)


AI_IDENTITY = [
    any_of(
        [
            "as an AI language model",
            "as a language model",
            "as a large language model",
            "as an AI model",
            "as an AI assistant",
            "as an artificial intelligence",
        ]
    ),
    re.compile(
        r"I(?:'m| am) (?:just |only |merely |simply )?(?:an? )?(?:AI|artificial intelligence|"
        r"(?:large )?language model|LLM|chatbot)\b(?! (?:company|startup|researcher|engineer|"
        r"expert|course|class|tool)s?\b)",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:being|since I(?:'m| am)) (?:an? )?(?:AI|(?:large )?language model)\b"
        r"(?! (?:company|startup|researcher|engineer)s?\b)",
        re.IGNORECASE,
    ),
]
REFUSAL = any_of(
    [
        "I cannot",
        "I can not",
        "I can't assist with that",
        "I can't help with that",
        "I can't provide",
        "I'm unable to",
        "I am unable to",
        "I'm not able to",
        "I am not able to",
        "I won't be able to",
    ]
)
REFUSAL_OK = re.compile(r"I cannot (?:stress enough|recommend .{1,40} enough|wait)", re.IGNORECASE)
CUTOFF = [
    any_of(
        [
            "my knowledge cutoff",
            "my knowledge cut-off",
            "my training data",
            "my training cutoff",
            "as of my last update",
            "as of my last training",
            "I was trained on",
            "I don't have access to real-time",
            "I do not have access to real-time",
            "I don't have real-time",
            "I do not have real-time",
            "I don't have the ability to browse",
        ]
    ),
    re.compile(
        r"as of my (?:last )?(?:knowledge )?(?:update|cutoff|cut-off) (?:in|of) (?:\w+ )?\d{4}",
        re.IGNORECASE,
    ),
]
APOLOGY = re.compile(
    r"\b(?:sorry|apolog\w*|we regret|I regret|pardon the inconvenience|forgive me)\b",
    re.IGNORECASE,
)
COMPLAINT = re.compile(
    r"\b(?:problem|issue|error|broken|broke|not working|doesn't work|didn't work|won't|fail|"
    r"wrong|incorrect|mistake|complain|refund|frustrat|disappoint|annoy|upset|angry|unhappy|"
    r"charged twice|overcharged|late|delay|missing|lost|never arrived|damaged|defective|"
    r"faulty|crash|bug|glitch|stuck|trouble|can't|cannot|unable)\w*",
    re.IGNORECASE,
)
OUTDATED = re.compile(r"\bNimbus Basic\b", re.IGNORECASE)
SHOUTING = re.compile(r"\b[A-Z]{2,}(?:[ \t]+[A-Z]{2,}){2,}\b")
EXCLAMATION = re.compile(r"!{2,}")
LIST_ITEM = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,3}[.)])\s+\S", re.MULTILINE)
PARAGRAPHS = re.compile(r"\n\s*\n")
FIRST_SENTENCE = re.compile(r"(?<=[.!?:])\s+")
ANNOUNCED = re.compile(r"\b(?:you asked|you want to know|your question|I understand you)\b", re.I)
TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){2,}")
STOP = set(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "and",
        "or",
        "in",
        "on",
        "for",
        "with",
        "how",
        "what",
        "why",
        "is",
        "are",
        "do",
        "does",
        "can",
        "i",
        "you",
        "my",
        "me",
    ]
)


def check(record: dict[str, object], where: str, out: list[str]) -> None:
    instruction = str(record.get("instruction") or "")
    response = str(record.get("response") or record.get("output") or "")
    text = response.translate(QUOTES)

    def report(rule: str, what: str) -> None:
        out.append(f"{where}: {rule}: {what}")

    words = WORD.findall(response)
    if len(words) < 30 or len(words) > 500:
        report("response-length", f"{len(words)} words")
    elif not 100 <= len(words) <= 300:
        report("response-length", f"{len(words)} words (optimal 100-300)")
    if len(WORD.findall(instruction)) < 2:
        report("instruction-too-short", "instruction too short")
    for pattern in AI_IDENTITY:
        for match in pattern.finditer(text):
            report("ai-identity-disclaimer", match.group())
    for match in REFUSAL.finditer(text):
        if not REFUSAL_OK.match(text, match.start()):
            report("refusal-boilerplate", match.group())
    for pattern in CUTOFF:
        for match in pattern.finditer(text):
            report("knowledge-cutoff", match.group())
    if record.get("category") == "simple" and LIST_ITEM.search(response):
        report("no-lists-in-simple-responses", "list in a simple response")
    for paragraph in PARAGRAPHS.split(response):
        if len(WORD.findall(paragraph)) > 150:
            report("no-wall-of-text", "paragraph over 150 words")
    first = FIRST_SENTENCE.split(response.strip(), maxsplit=1)[0]
    asked = {w.lower() for w in WORD.findall(instruction)} - STOP
    said = {w.lower() for w in WORD.findall(first)} - STOP
    if (len(asked) >= 3 and said and len(asked & said) >= 0.75 * len(asked)) or ANNOUNCED.search(
        first
    ):
        report("no-repeated-question", first)
    if not COMPLAINT.search(instruction):
        for match in APOLOGY.finditer(text):
            report("no-inappropriate-apology", match.group())
    for match in OUTDATED.finditer(text):
        report("outdated-product-info", match.group())
    for pattern in (TRAILING, DOUBLE_SPACE, BLANK_LINES):
        for match in pattern.finditer(response):
            report("stray-whitespace", repr(match.group()))
    if response != response.strip():
        report("stray-whitespace", "whitespace around the response")
    for match in SHOUTING.finditer(response):
        report("no-shouting", match.group())
    for match in EXCLAMATION.finditer(text):
        report("no-repeated-exclamation", match.group())


def main(paths: list[str]) -> int:
    out: list[str] = []
    write = sys.stdout.write
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError as exc:
                    write(f"{path}:{number}: invalid-record: {exc}\n")
                    continue
                check(record, f"{path}:{number}", out)
                if out:
                    write("\n".join(out) + "\n")
                    out.clear()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
