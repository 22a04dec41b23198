"""The registry of check kinds: a rule's ``check:`` name → the module that implements it.

Modules are imported only when a guideline uses them, so a guideline without a
``tokens`` rule never imports spaCy and one without ``readability`` never imports
textstat. Each module's docstring is the user documentation of its options.
"""

from __future__ import annotations

import difflib
import importlib

from guidelint.checks.base import Check, CheckOptions, Finding, Place, ReportSection, Target
from guidelint.errors import GuidelineError

#: check name → "module:Class"
REGISTRY: dict[str, str] = {
    "phrase": "guidelint.checks.phrase:PhraseCheck",
    "substitution": "guidelint.checks.substitution:SubstitutionCheck",
    "length": "guidelint.checks.length:LengthCheck",
    "repeated_question": "guidelint.checks.repeated_question:RepeatedQuestionCheck",
    "structure": "guidelint.checks.structure:StructureCheck",
    "apology": "guidelint.checks.apology:ApologyCheck",
    "readability": "guidelint.checks.readability:ReadabilityCheck",
    "pattern": "guidelint.checks.pattern:PatternCheck",
    "tokens": "guidelint.checks.tokens:TokensCheck",
    "whitespace": "guidelint.checks.whitespace:WhitespaceCheck",
    "truncated": "guidelint.checks.truncated:TruncatedCheck",
    "instruction": "guidelint.checks.instruction:InstructionCheck",
    "minimal_edit": "guidelint.checks.minimal_edit:MinimalEditCheck",
    "unreviewed": "guidelint.checks.unreviewed:UnreviewedCheck",
    "preference": "guidelint.checks.preference:PreferenceCheck",
    "ranking": "guidelint.checks.ranking:RankingCheck",
    "duplicates": "guidelint.checks.duplicates:DuplicatesCheck",
    "length_distribution": "guidelint.checks.length_distribution:LengthDistributionCheck",
}

__all__ = [
    "REGISTRY",
    "Check",
    "CheckOptions",
    "Finding",
    "Place",
    "ReportSection",
    "Target",
    "check_class",
]


def check_class(name: str) -> type[Check]:
    """The class implementing check ``name``; a clear error with a suggestion if unknown."""
    try:
        target = REGISTRY[name]
    except KeyError:
        close = difflib.get_close_matches(name, REGISTRY, n=1)
        hint = f"did you mean '{close[0]}'?" if close else None
        known = ", ".join(sorted(REGISTRY))
        raise GuidelineError(f"unknown check '{name}' (known checks: {known})", hint=hint) from None
    module_name, _, class_name = target.partition(":")
    module = importlib.import_module(module_name)
    cls: type[Check] = getattr(module, class_name)
    return cls
