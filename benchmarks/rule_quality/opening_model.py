"""A learned reading of the opening, measured out of fold on the tuning part.

    python benchmarks/rule_quality/opening_model.py            # needs scikit-learn

The restated-question rule (`no-repeated-question`) was written while reading the
tuning part, so its score there (in sample) overstates it: 0.87 / 0.78 on the tuning
part against 0.845 / 0.693 on the held-out part. This script asks what a plain
learned model of the opening reaches where it is scored only on responses it was not
fitted to: a logistic regression over the words and word pairs of the response's
opening (its first line, at most two sentences, 40 words), each word that also occurs
in the request replaced by one marker, plus a few shape figures (length, shared and
new words, purity, a colon, a list after it, the request's length). It is trained on
four fifths of the tuning part and scored on the fifth, five times round, and that for
five different cuts of the folds (salted hashes of the ids); the table is the mean.
Then the one comparison where neither the rule nor the model was fitted to the
responses scored: the judge fold of ``rule_quality_cv.py``, the model trained on the
design folds (docs/rule-quality.md, "Ninth round").

Only ``split == tuning`` rows are read; held-out texts, labels and ids are never
loaded. Nothing here ships: it measures, before a round builds anything, whether a
learned model of the opening reads restatements better than the hand-written rule.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parents[1] / "src"))

import rule_quality as rq  # noqa: E402
from rule_quality_cv import JUDGE, load_tuning  # noqa: E402
from rule_quality_cv import fold_of as judge_fold  # noqa: E402

from guidelint.engine import Linter  # noqa: E402

CLASS = "restated_question"
RULE = "no-repeated-question"
SALTS = ("a:", "b:", "c:", "d:", "e:")
THRESHOLDS = (0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
#: The inverse regularisation strength, the best of 0.2 / 0.5 / 1 / 2 in the round
#: that wrote this script (out of fold, as below).
STRENGTH = 0.2
_WORD = re.compile(r"[a-z0-9']+")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")
_LIST_LINE = re.compile(r"\n\s*(?:\d+[.)]|[-*\u2022])\s")
_STOP_TEXT = (
    "a an the of to and or in on for with is are be can i you your my me it this that "
    "what how why which do does some any about as at by from"
)
_STOP = frozenset(_STOP_TEXT.split())


def opening_features(instruction: str, response: str) -> str:
    """The opening's words and shape figures, as space-separated feature names."""
    request = set(_WORD.findall(instruction.lower())) - _STOP
    text = response.lower().strip()
    first = text.split("\n", 1)[0]
    sentences = _SENTENCE_END.split(first)
    words = _WORD.findall(" ".join(sentences[:2]))[:40]
    shared = {word for word in words if word in request}
    new = {word for word in words if word not in request and word not in _STOP}
    first_new = {w for w in _WORD.findall(sentences[0]) if w not in request and w not in _STOP}
    features = ["S" if word in request else "w_" + word for word in words]
    features += [f"p{i}_" + ("S" if w in request else w) for i, w in enumerate(words[:3])]
    purity = len(shared) / max(1, len(shared) + len(new))
    features += [
        f"len{min(len(words) // 5, 8)}",
        f"sh{min(len(shared), 6)}",
        f"new{min(len(new) // 2, 8)}",
        f"n1new{min(len(first_new), 8)}",
        f"pur{int(purity * 5)}",
        "colon" if first.rstrip().endswith(":") else "nocolon",
        f"ns{min(len(sentences), 4)}",
        "list_after" if _LIST_LINE.search(text[:600]) else "nolist",
        f"qlen{min(len(_WORD.findall(instruction.lower())) // 5, 6)}",
        "qmark" if "?" in instruction else "noq",
    ]
    return " ".join(features)


def fold(item_id: str, salt: str) -> int:
    return int.from_bytes(hashlib.sha256((salt + item_id).encode()).digest()[:4], "big") % 5


def main() -> int:
    try:
        import numpy as np
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        print("needs scikit-learn (pip install scikit-learn)", file=sys.stderr)
        return 1
    tuning = load_tuning()
    if tuning is None:
        return 1
    rows, items, labelled, guideline = tuning
    linter = Linter(guideline)
    by_id = {row["id"]: row for row in rows}
    ids = [item.id for item in labelled]
    truth = np.array([CLASS in rq.expected_of(by_id[i]) for i in ids])
    rule = np.array(
        [any(v.rule == RULE for v in linter.check_record(item.record)) for item in labelled]
    )
    docs = [opening_features(items[i].instruction, items[i].response) for i in ids]
    matrix = CountVectorizer(
        token_pattern=r"\S+", ngram_range=(1, 2), min_df=2, binary=True
    ).fit_transform(docs)

    def score(fired: np.ndarray) -> tuple[float, float]:
        tp = int((fired & truth).sum())
        fp = int((fired & ~truth).sum())
        fn = int((~fired & truth).sum())
        return tp / max(1, tp + fp), tp / max(1, tp + fn)

    runs = []
    for salt in SALTS:
        folds = np.array([fold(i, salt) for i in ids])
        probability = np.zeros(len(ids))
        for k in range(5):
            train = folds != k
            model = LogisticRegression(C=STRENGTH, max_iter=3000)
            model.fit(matrix[train], truth[train])
            probability[~train] = model.predict_proba(matrix[~train])[:, 1]
        runs.append(probability)
    # The one comparison where neither was fitted to the responses scored: the judge
    # fold of rule_quality_cv.py (never read while writing the rule), the model trained
    # on the design folds.
    judge = np.array([judge_fold(i) == JUDGE for i in ids])
    model = LogisticRegression(C=STRENGTH, max_iter=3000).fit(matrix[~judge], truth[~judge])
    on_judge = model.predict_proba(matrix)[:, 1]

    def judged(fired: np.ndarray) -> str:
        tp = int((fired & truth & judge).sum())
        fp = int((fired & ~truth & judge).sum())
        fn = int((~fired & truth & judge).sum())
        return f"P {tp / max(1, tp + fp):.3f} R {tp / max(1, tp + fn):.3f} ({tp} tp {fp} fp)"

    print(f"tuning part: {len(ids)} responses, {int(truth.sum())} restated questions")
    print(f"{RULE}, in sample (written on these):  P {score(rule)[0]:.3f} R {score(rule)[1]:.3f}")
    print("learned opening model, out of fold (mean of 5 cuts):")
    for threshold in THRESHOLDS:
        scores = np.mean([score(p >= threshold) for p in runs], axis=0)
        print(f"  threshold {threshold:.2f}{'':21}P {scores[0]:.3f} R {scores[1]:.3f}")
    print(f"judge fold ({int((truth & judge).sum())} restated questions), model on the others:")
    print(f"  {RULE}{'':16}{judged(rule)}")
    for threshold in THRESHOLDS:
        print(
            f"  model at {threshold:.2f}: {judged(on_judge >= threshold)}"
            f"; rule or model: {judged(rule | (on_judge >= threshold))}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
