"""Draw the rule-quality evaluation sample from ``../shared/data`` (fixed seed).

    python benchmarks/rule_quality/sample.py            # prints the sample's ids
    python benchmarks/rule_quality/sample.py --sheets DIR --shards 3
                                                         # reading sheets for labellers
    python benchmarks/rule_quality/sample.py --batch 2  # the second batch (see BATCHES)
    python benchmarks/rule_quality/sample.py --second-reading --sheets DIR --shards 2
                                                         # responses read a second time

Half of the sample is uniform (the same number of responses from each of the 44
AlpacaEval generators, some ShareGPT turns, every Label Studio annotation); the other
half comes from responses that contain a cue of one class (AI self-reference, refusal,
apology, a lead-in that may restate the request, a list in answer to a short question,
and the contexts where rules cry wolf: quotes, stories, role-play, code, third-person
text about AI products), the same number per class, so that rare classes have enough
positives. The cues only choose what gets read; the labels come from reading
(LABELLING.md). The draw is fixed by ``SEED``: rerunning it gives the same ids.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import rq_corpus as corpus

SEED = 20261206
PER_GENERATOR = 8
SHAREGPT = 24
PER_CUE_CLASS = 66


@dataclass(frozen=True)
class Batch:
    """One draw of the sample: its seed and how many responses of each stratum."""

    seed: int
    per_generator: int
    sharegpt: int
    labelstudio: bool
    #: Responses drawn per cue class (classes not named: none).
    per_cue: dict[str, int]


#: The mix of batch 3, drawn again for batch 4 with another seed.
_THIRD = Batch(
    20261208,
    2,
    12,
    False,
    {
        "ai_identity": 24,
        "apology": 8,
        "hard_negative": 16,
        "list_simple": 90,
        "refusal": 24,
        "restated": 90,
    },
)

#: Batch 1 (828 responses, labelled 2026-12-06) and batch 2 (350 responses, drawn
#: 2026-12-07 from what batch 1 left, labelled before any rule was changed against them):
#: more positives for the classes whose held-out figures had the widest intervals (lists
#: in simple answers, restated questions) and a new uniform part.
#: Batch 3 (drawn 2026-12-07 from what batches 1 and 2 left, labelled under the
#: decisions LABELLING.md took after batch 2, before any rule was changed against it):
#: again mostly lists after short questions and possibly-restating openings.
#: Batch 4 (drawn 2026-12-07 from what batches 1 to 3 left, labelled under the
#: decisions LABELLING.md took after batch 3, before any rule was changed against it):
#: the same mix as batch 3.
BATCHES = {
    1: Batch(
        SEED,
        PER_GENERATOR,
        SHAREGPT,
        True,
        dict.fromkeys(
            ["ai_identity", "apology", "hard_negative", "list_simple", "refusal", "restated"],
            PER_CUE_CLASS,
        ),
    ),
    2: Batch(
        20261207,
        3,
        12,
        False,
        {
            "ai_identity": 30,
            "apology": 10,
            "hard_negative": 16,
            "list_simple": 60,
            "refusal": 30,
            "restated": 60,
        },
    ),
    3: _THIRD,
    4: replace(_THIRD, seed=20261210),
}

_WORD = re.compile(r"[a-z0-9']+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "be",
        "was",
        "were",
        "what",
        "how",
        "why",
        "who",
        "when",
        "where",
        "which",
        "can",
        "could",
        "would",
        "should",
        "do",
        "does",
        "did",
        "i",
        "you",
        "me",
        "my",
        "your",
        "it",
        "this",
        "that",
        "with",
        "as",
        "at",
        "by",
        "from",
        "some",
        "any",
        "please",
        "tell",
        "give",
        "write",
        "make",
        "about",
    ]
)
_QUESTION_START = re.compile(
    r"^\s*(?:what|how|is|are|can|why|who|when|where|does|do|should|which|was|will)\b", re.I
)
_LIST_LINE = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+\S", re.M)

CUES: dict[str, re.Pattern[str]] = {
    "ai_identity": re.compile(
        r"\b(?:AI\b|language model|an assistant|virtual assistant|personal (?:opinions|"
        r"experiences?|feelings|preferences|beliefs)|my (?:training|knowledge)|OpenAI|"
        r"I (?:do not|don't) have (?:personal|feelings|emotions|opinions|the ability))",
        re.I,
    ),
    "refusal": re.compile(
        r"\b(?:I can(?:'|’|no)t|I can not|I(?:'|’)m unable|I am unable|not able to|"
        r"I won(?:'|’)t|I will not|I must decline|not appropriate|against my)",
        re.I,
    ),
    "apology": re.compile(r"\b(?:sorry|apologi[sz]e|apologies|regret)", re.I),
    "hard_negative": re.compile(
        r"(?:[\"“][^\"”\n]{0,80}\b(?:I can(?:'|’|no)t|sorry|as an AI)[^\"”\n]{0,80}[\"”]|"
        r"\bonce upon a time\b|\b(?:ChatGPT|GPT-[34]|Claude|Bard)\b|```|"
        r"^(?:[A-Z][a-z]+|Me|You):\s)",
        re.I | re.M,
    ),
}


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def _first_sentence(text: str) -> str:
    head = text.strip().split("\n", 1)[0]
    match = re.search(r"[.!?:](?:\s|$)", head)
    return head[: match.end()] if match else head


def cue_classes(item: corpus.Item) -> list[str]:
    """The classes whose cue the item's response shows (what may be drawn for them)."""
    found = [name for name, cue in CUES.items() if cue.search(item.response)]
    asked = _content_words(item.instruction)
    opening = _content_words(_first_sentence(item.response))
    if asked and len(asked & opening) >= max(2, len(asked) // 2):
        found.append("restated")
    short_question = _QUESTION_START.match(item.instruction) and len(item.instruction.split()) <= 15
    if short_question and len(_LIST_LINE.findall(item.response)) >= 2:
        found.append("list_simple")
    return found


@cache
def draw(batch: int = 1) -> tuple[tuple[str, str], ...]:
    """(id, stratum) pairs of one batch of the sample, in a fixed order; a batch after
    the first leaves out the ids of those before it (each batch is drawn once a run)."""
    spec = BATCHES[batch]
    earlier = {item_id for number in BATCHES if number < batch for item_id, _ in draw(number)}
    rng = random.Random(spec.seed)
    by_generator: dict[str, list[corpus.Item]] = defaultdict(list)
    by_cue: dict[str, list[corpus.Item]] = defaultdict(list)
    for item in corpus.iter_alpaca():
        if item.id in earlier:
            continue
        by_generator[item.generator or ""].append(item)
        for name in cue_classes(item):
            by_cue[name].append(item)
    chosen: dict[str, str] = {}
    for generator in sorted(by_generator):
        for item in rng.sample(by_generator[generator], spec.per_generator):
            chosen[item.id] = "uniform"
    sharegpt = [item for item in corpus.iter_sharegpt() if item.id not in earlier]
    for item in rng.sample(sharegpt, min(spec.sharegpt, len(sharegpt))):
        chosen[item.id] = "uniform"
    if spec.labelstudio:
        for item in corpus.iter_labelstudio():
            chosen[item.id] = "uniform"
    for name in sorted(by_cue):
        pool = [item for item in by_cue[name] if item.id not in chosen]
        for item in rng.sample(pool, min(spec.per_cue.get(name, 0), len(pool))):
            chosen[item.id] = f"cue:{name}"
    return tuple(chosen.items())


def draw_all() -> list[tuple[str, str, int]]:
    """(id, stratum, batch) of every batch, in order."""
    return [(item_id, stratum, batch) for batch in BATCHES for item_id, stratum in draw(batch)]


def _write_sheets(
    folder: Path, shards: int, sample: tuple[tuple[str, str], ...], seed: int
) -> None:
    items = corpus.load({item_id for item_id, _ in sample})
    order = [item_id for item_id, _ in sample]
    random.Random(seed + 1).shuffle(order)  # labellers do not see the strata
    folder.mkdir(parents=True, exist_ok=True)
    for shard in range(shards):
        lines: list[str] = []
        for n, item_id in enumerate(order[shard::shards], 1):
            item = items[item_id]
            lines.append(f"=== ITEM {n} id={item_id}")
            if item.data:
                extra = {k: v for k, v in item.data.items() if k != "instruction"}
                if extra:
                    lines.append(f"--- task fields: {extra}")
            lines.append("--- INSTRUCTION")
            lines.append(item.instruction)
            lines.append("--- RESPONSE")
            lines.append(item.response)
            lines.append("")
        (folder / f"shard_{shard}.txt").write_text("\n".join(lines), encoding="utf-8")
        print(f"{folder / f'shard_{shard}.txt'}: {len(order[shard::shards])} items")


#: The second reading: responses of every batch read again, by readers who see neither
#: the first reading nor the rules, to measure how far two readers agree
#: (``reader_agreement.py``).
SECOND_READING_SEED = 20261209
SECOND_READING_SIZE = 160


def second_reading() -> tuple[tuple[str, str], ...]:
    """(id, stratum) of the responses read a second time: a fixed random draw."""
    everything = [(item_id, stratum) for item_id, stratum, _ in draw_all()]
    return tuple(random.Random(SECOND_READING_SEED).sample(everything, SECOND_READING_SIZE))


def write_sheets(folder: Path, shards: int, batch: int | None = 1) -> None:
    """Reading sheets (texts included) for labellers, outside the repository; batch
    None: the second reading."""
    sample = second_reading() if batch is None else draw(batch)
    seed = SECOND_READING_SEED if batch is None else BATCHES[batch].seed
    _write_sheets(folder, shards, sample, seed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sheets", type=Path, help="write reading sheets to this folder")
    parser.add_argument("--shards", type=int, default=1)
    parser.add_argument("--batch", type=int, choices=sorted(BATCHES), default=1)
    parser.add_argument(
        "--second-reading", action="store_true", help="the responses read a second time"
    )
    args = parser.parse_args()
    if not corpus.available():
        print("../shared/data is not present: nothing to sample", file=sys.stderr)
        return 1
    if args.sheets:
        write_sheets(args.sheets, args.shards, None if args.second_reading else args.batch)
        return 0
    chosen = second_reading() if args.second_reading else draw(args.batch)
    for item_id, stratum in chosen:
        print(f"{item_id}\t{stratum}\t{corpus.split_of(item_id)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
