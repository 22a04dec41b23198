"""Agreement on the guideline itself: rules that annotators apply differently.

Where two or more annotators wrote a response to the same item, each response
passes or breaks each rule. A rule that the responses to one item split on (some
break it, some pass) is applied differently by the annotators; a rule with a high
share of split items is one to clarify in the guideline or in a calibration session.
Rules no compared response broke are not listed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from guidelint.agreement.sources.collect import ResponseInfo

__all__ = ["GuidelineAgreement", "RuleSplit", "guideline_agreement"]


@dataclass(frozen=True)
class RuleSplit:
    """One rule over the items with responses from two or more annotators."""

    rule: str
    severity: str
    #: Items compared (responses by 2+ annotators).
    compared: int
    #: Items where some responses break the rule and others pass it.
    split: int
    #: Items where every response breaks it.
    all_broken: int
    #: Per annotator: split items where their response broke the rule.
    broken_by: dict[str, int] = field(default_factory=dict)
    #: The split items, in reading order.
    items: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        """Share of compared items the annotators split on."""
        return self.split / self.compared if self.compared else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "items_compared": self.compared,
            "items_split": self.split,
            "items_all_broken": self.all_broken,
            "share_split": round(self.share, 6),
            "broken_by": dict(self.broken_by),
            "split_items": list(self.items),
        }


@dataclass(frozen=True)
class GuidelineAgreement:
    """Rules over items with responses from two or more annotators, most split first."""

    items: int
    annotators: int
    responses: int
    rules: tuple[RuleSplit, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "items_compared": self.items,
            "annotators": self.annotators,
            "responses": self.responses,
            "rules": [rule.to_dict() for rule in self.rules],
        }


def guideline_agreement(
    responses: Mapping[tuple[str, str], ResponseInfo],
) -> GuidelineAgreement | None:
    """Per rule, the items annotators' responses split on; None when no item has
    responses from two or more annotators."""
    per_item: dict[str, list[ResponseInfo]] = {}
    for (item, _), info in responses.items():
        per_item.setdefault(item, []).append(info)
    compared = {item: infos for item, infos in per_item.items() if len(infos) >= 2}
    if not compared:
        return None
    severity: dict[str, str] = {}
    for infos in compared.values():
        for info in infos:
            for rule, (level, _) in info.broken.items():
                severity.setdefault(rule, level)
    rows = []
    for rule in severity:
        split_items: list[str] = []
        all_broken = 0
        broken_by: Counter[str] = Counter()
        for item, infos in compared.items():
            broke = [info.annotator for info in infos if rule in info.broken]
            if len(broke) == len(infos):
                all_broken += 1
            elif broke:
                split_items.append(item)
                broken_by.update(broke)
        rows.append(
            RuleSplit(
                rule,
                severity[rule],
                len(compared),
                len(split_items),
                all_broken,
                dict(sorted(broken_by.items(), key=lambda kv: (-kv[1], kv[0]))),
                tuple(split_items),
            )
        )
    rows.sort(key=lambda r: (-r.split, -r.all_broken, r.rule))
    annotators = {info.annotator for infos in compared.values() for info in infos}
    return GuidelineAgreement(
        len(compared),
        len(annotators),
        sum(len(infos) for infos in compared.values()),
        tuple(rows),
    )
