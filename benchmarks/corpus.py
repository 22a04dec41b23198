"""The benchmark corpus: AlpacaEval outputs when present, else a look-alike, replicated.

``../shared/data/alpaca_eval/outputs.jsonl.gz`` (35,419 responses of 44 models to
805 instructions; fields ``instruction`` and ``output``, about 1.8 KB per response) is
read when it exists (``GUIDELINT_BENCH_DATA`` names another file). Otherwise a corpus
is generated with the same length distribution (log-normal, median 1.5 KB), made of
English-like sentences with some lists, paragraphs and boilerplate phrases, so a
fresh clone can run the benchmarks too.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALPACA = ROOT.parent / "shared" / "data" / "alpaca_eval" / "outputs.jsonl.gz"
_WORDS = [
    "account",
    "billing",
    "plan",
    "settings",
    "password",
    "email",
    "support",
    "team",
    "order",
    "refund",
    "invoice",
    "the",
    "a",
    "to",
    "and",
    "of",
    "you",
    "your",
    "we",
    "can",
    "is",
    "it",
    "for",
    "on",
    "with",
    "this",
    "that",
    "be",
    "are",
    "as",
    "will",
    "by",
    "open",
    "choose",
    "select",
    "click",
    "change",
    "update",
    "reset",
    "review",
    "contact",
    "send",
    "receive",
    "help",
]
_EXTRAS = [
    "As an AI language model, I cannot browse the web.",
    "I'm sorry for the confusion.",
    "Please DO NOT SHARE your password!!",
    "Your Nimbus Basic plan includes 100 GB.",
    "As of my last update in 2023, prices changed.",
]


def source_records() -> tuple[list[dict[str, str]], str]:
    """The base records and a sentence saying where they come from."""
    path = Path(os.environ.get("GUIDELINT_BENCH_DATA", ALPACA))
    if path.is_file():
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            records = [json.loads(line) for line in lines if line.strip()]
        base = [{"instruction": r["instruction"], "output": r["output"]} for r in records]
        return base, f"AlpacaEval outputs ({len(base):,} responses, {path.name})"
    return _generated(35_419), "generated look-alike corpus (35,419 responses; AlpacaEval absent)"


def _generated(count: int) -> list[dict[str, str]]:
    rng = random.Random(0)
    records = []
    for _ in range(count):
        length = int(rng.lognormvariate(7.3, 0.6))
        parts: list[str] = []
        size = 0
        while size < length:
            if rng.random() < 0.08:
                piece = "\n\n" + "\n".join(f"{i}. {_sentence(rng, 8)}" for i in range(1, 5))
            elif rng.random() < 0.15:
                piece = "\n\n" + _sentence(rng, 15)
            elif rng.random() < 0.02:
                piece = " " + rng.choice(_EXTRAS)
            else:
                piece = " " + _sentence(rng, rng.randint(6, 25))
            parts.append(piece)
            size += len(piece)
        question = _sentence(rng, rng.randint(4, 20))[:-1] + "?"
        records.append({"instruction": question, "output": "".join(parts).strip()})
    return records


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[:1].upper() + text[1:] + "."


def write_replicated(base: list[dict[str, str]], count: int, path: Path) -> int:
    """Write ``count`` records cycling through ``base`` (each with its own id); bytes written."""
    size = 0
    with open(path, "w", encoding="utf-8") as out:
        for i in range(count):
            record = base[i % len(base)]
            line = json.dumps({"id": f"r{i}", **record}, ensure_ascii=False) + "\n"
            out.write(line)
            size += len(line.encode("utf-8"))
    return size


def main(argv: list[str]) -> int:
    """``corpus.py DIR COUNT...``: write ``DIR/corpus.jsonl`` and ``DIR/r{COUNT}.jsonl``.

    Prints JSON: the origin, the corpus size, and the bytes of each file. (A separate
    process, so the benchmark runner stays small: a child's peak memory as the system
    reports it starts from its parent's.)
    """
    folder, counts = Path(argv[0]), [int(c) for c in argv[1:]]
    base, origin = source_records()
    sizes = {"corpus": write_replicated(base, len(base), folder / "corpus.jsonl")}
    for count in counts:
        sizes[str(count)] = write_replicated(base, count, folder / f"r{count}.jsonl")
    print(json.dumps({"origin": origin, "records": len(base), "sizes": sizes}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
