"""The JSON Schema of ``guidelint agreement --format json`` (version 1).

Tests validate every JSON report against :data:`REPORT_SCHEMA`; docs/agreement.md
describes each key. Keys are only added within a version; a key that changes meaning
or goes away raises ``version``.
"""

from __future__ import annotations

from typing import Any

from guidelint.agreement.keys import STATISTICS

__all__ = ["REPORT_SCHEMA"]

_NUMBER_OR_NULL: dict[str, Any] = {"type": ["number", "null"]}
_INTERVAL: dict[str, Any] = {
    "type": ["array", "null"],
    "items": {"type": "number"},
    "minItems": 2,
    "maxItems": 2,
}
_BANDS = {"type": "string"}

#: One statistic: value (null when undefined), interval, band, counts, and its
#: parameters (``level`` for alpha, ``weights`` for Cohen's kappa and AC2).
STATISTIC: dict[str, Any] = {
    "type": "object",
    "required": ["value", "ci", "interpretation", "n_items", "n_raters"],
    "properties": {
        "value": _NUMBER_OR_NULL,
        "ci": _INTERVAL,
        "interpretation": _BANDS,
        "n_items": {"type": "integer"},
        "n_raters": {"type": "integer"},
        "level": {"enum": ["nominal", "ordinal", "interval", "ratio"]},
        "weights": {"enum": ["none", "identity", "linear", "quadratic", "ordinal"]},
        "against": {"type": "string"},
        "note": {"type": "string"},
    },
}

PAIR: dict[str, Any] = {
    "type": "object",
    "required": ["a", "b", "shared_items", "percent_agreement", "statistic", "value", "ci"],
    "properties": {
        "a": {"type": "string"},
        "b": {"type": "string"},
        "shared_items": {"type": "integer"},
        "percent_agreement": _NUMBER_OR_NULL,
        "statistic": {"type": "string"},
        "value": _NUMBER_OR_NULL,
        "ci": _INTERVAL,
    },
}


LABEL: dict[str, Any] = {
    "type": "object",
    "required": [
        "name",
        "kind",
        "level",
        "weights",
        "categories",
        "categories_declared",
        "counts",
        "warnings",
        "notes",
        "dropped",
        "headline",
        "statistics",
        "annotators",
        "pairs",
        "disagreements",
    ],
    "properties": {
        "name": {"type": "string"},
        "kind": {"enum": ["rating", "continuous", "choice", "ranking"]},
        "level": {"enum": ["nominal", "ordinal", "interval", "ratio"]},
        "weights": {"type": ["string", "null"]},
        "categories": {"type": ["array", "null"]},
        "categories_declared": {"type": "boolean"},
        "counts": {
            "type": "object",
            "required": [
                "ratings",
                "items",
                "annotators",
                "items_with_2plus",
                "overlap_rate",
                "overlap_target",
                "overlap_status",
            ],
            "properties": {
                "ratings": {"type": "integer"},
                "items": {"type": "integer"},
                "annotators": {"type": "integer"},
                "items_with_2plus": {"type": "integer"},
                "overlap_rate": _NUMBER_OR_NULL,
                "overlap_target": {"type": "array", "items": {"type": "number"}},
                "overlap_status": {"enum": ["none", "below", "within", "above"]},
            },
        },
        "warnings": {"type": "array", "items": {"type": "string"}},
        "notes": {"type": "array", "items": {"type": "string"}},
        "dropped": {"type": "object", "additionalProperties": {"type": "integer"}},
        "headline": {
            "type": "object",
            "required": ["metric", "value", "interpretation", "passed"],
            "properties": {
                "metric": {"enum": list(STATISTICS)},
                "value": _NUMBER_OR_NULL,
                "interpretation": _BANDS,
                "passed": {"type": ["boolean", "null"]},
            },
        },
        "statistics": {
            "type": "object",
            "required": list(STATISTICS),
            "properties": {key: STATISTIC for key in STATISTICS},
            "additionalProperties": False,
        },
        "annotators": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "annotator",
                    "items",
                    "shared_items",
                    "mean",
                    "bias",
                    "distribution",
                    "vs_others",
                    "match",
                    "deviations",
                    "records",
                    "records_failing",
                    "violation_rate",
                ],
                "properties": {
                    "annotator": {"type": "string"},
                    "items": {"type": "integer"},
                    "shared_items": {"type": "integer"},
                    "mean": _NUMBER_OR_NULL,
                    "bias": _NUMBER_OR_NULL,
                    "distribution": {"type": "object"},
                    "vs_others": STATISTIC,
                    "match": _NUMBER_OR_NULL,
                    "deviations": {"type": "integer"},
                    "records": {"type": ["integer", "null"]},
                    "records_failing": {"type": ["integer", "null"]},
                    "violation_rate": _NUMBER_OR_NULL,
                },
            },
        },
        "pairs": {"type": "array", "items": PAIR},
        "disagreements": {
            "type": "object",
            "required": ["total", "shown", "items"],
            "properties": {
                "total": {"type": "integer"},
                "shown": {"type": "integer"},
                "items": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["item", "spread", "measure", "values"],
                        "properties": {
                            "item": {"type": "string"},
                            "spread": {"type": "number"},
                            "measure": {"enum": ["range", "distinct", "1 - W"]},
                            "values": {"type": "object"},
                        },
                    },
                },
            },
        },
    },
}

RULE: dict[str, Any] = {
    "type": "object",
    "required": [
        "rule",
        "severity",
        "items_compared",
        "items_split",
        "items_all_broken",
        "share_split",
        "broken_by",
        "split_items",
    ],
    "properties": {
        "rule": {"type": "string"},
        "severity": {"enum": ["error", "warning", "info"]},
        "items_compared": {"type": "integer"},
        "items_split": {"type": "integer"},
        "items_all_broken": {"type": "integer"},
        "share_split": {"type": "number"},
        "broken_by": {"type": "object", "additionalProperties": {"type": "integer"}},
        "split_items": {"type": "array", "items": {"type": "string"}},
    },
}

REPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "guidelint agreement report",
    "type": "object",
    "required": [
        "version",
        "guideline",
        "settings",
        "sources",
        "notes",
        "labels",
        "guideline_agreement",
        "passed",
    ],
    "properties": {
        "version": {"const": 1},
        "guideline": {
            "type": ["object", "null"],
            "properties": {"name": {"type": "string"}, "version": {"type": ["string", "null"]}},
        },
        "settings": {
            "type": "object",
            "required": [
                "bootstrap",
                "seed",
                "confidence",
                "metric",
                "bands",
                "overlap_target",
                "min_agreement",
            ],
        },
        "sources": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "mode", "rows"],
                "properties": {"mode": {"enum": ["records", "long", "wide"]}},
            },
        },
        "notes": {"type": "array", "items": {"type": "string"}},
        "labels": {"type": "array", "items": LABEL},
        "guideline_agreement": {
            "type": ["object", "null"],
            "properties": {"rules": {"type": "array", "items": RULE}},
        },
        "passed": {"type": ["boolean", "null"]},
    },
}
