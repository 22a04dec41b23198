"""A rule in words, for people: what ``guidelint guide`` and reports say of a rule that
has no ``description``.

A rule's ``message`` is a template for one finding (``{role} has {count} {unit};
{expected}``) and means nothing before a finding fills it, so it is never shown as the
rule. :func:`rule_in_words` says the rule from its check and options instead: "The
response is at least 30 words; 100-300 words is best."
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from guidelint.guideline import Rule

#: How many listed values (phrases, terms) a sentence names before "and N more".
SHOWN = 5


def rule_in_words(rule: Rule) -> str:
    """The rule's description, or a sentence saying what it checks; with its ``when``,
    so that annotators are not told a rule is stricter than it is."""
    description = " ".join(rule.description.split())
    text = description or options_in_words(rule.check, rule.options, rule.applies_to)
    if rule.when is not None:
        text += f" (Only when {rule.when.describe()}.)"
    return text


def options_in_words(check: str, options: Any, applies_to: Sequence[str]) -> str:
    """A sentence saying what a rule of ``check`` with ``options`` checks."""
    say = _SAYINGS.get(check)
    subject = _subject(applies_to)
    if say is None:
        return f"{subject.capitalize()} passes the `{check}` check."
    return say(options, subject)


def _subject(roles: Sequence[str]) -> str:
    names = [r for r in roles if r != "all"] or ["text"]
    return "the " + _either(names) if len(names) > 1 else f"the {names[0]}"


def _either(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" or {items[-1]}"


def _listed(items: Sequence[str]) -> str:
    quoted = [f'"{item}"' for item in items[:SHOWN]]
    more = len(items) - SHOWN
    if more > 0:
        return ", ".join(quoted) + f" and {more} more"
    return _either(quoted)


def _get(options: Any, name: str) -> Any:
    return getattr(options, name, None)


def _phrase(o: Any, subject: str) -> str:
    parts = []
    if _get(o, "phrases"):
        parts.append(f"the phrases {_listed(o.phrases)}")
    if _get(o, "patterns"):
        parts.append(f"text matching {_listed([f'/{p}/' for p in o.patterns])}")
    what = " or ".join(parts) or "the listed phrases"
    return f"{subject.capitalize()} does not contain {what}."


def _substitution(o: Any, subject: str) -> str:
    terms = [f'"{new}" instead of "{old}"' for old, new in dict(o.terms).items()]
    shown = ", ".join(terms[:SHOWN]) + (
        f" and {len(terms) - SHOWN} more" if len(terms) > SHOWN else ""
    )
    return f"{subject.capitalize()} uses the current terms: {shown}."


def _bounds(low: Any, high: Any, unit: str) -> str:
    if low is not None and high is not None:
        return f"between {_num(low)} and {_num(high)} {unit}"
    if low is not None:
        return f"at least {_num(low)} {unit}"
    return f"at most {_num(high)} {unit}"


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _length(o: Any, subject: str) -> str:
    unit = _get(o, "unit") or "words"
    parts = []
    if o.min is not None or o.max is not None:
        parts.append(f"{subject.capitalize()} is {_bounds(o.min, o.max, unit)}")
    optimal = _get(o, "optimal")
    if optimal is not None:
        best = _bounds(optimal.min, optimal.max, unit)
        parts.append(f"best {best}" if parts else f"{subject.capitalize()} is best {best}")
    return ", and ".join(parts) + "."


def _pattern(o: Any, subject: str) -> str:
    if o.mode == "require":
        return f"{subject.capitalize()} matches /{o.pattern}/."
    return f"{subject.capitalize()} does not match /{o.pattern}/."


def _structure(o: Any, subject: str) -> str:
    parts = []
    if o.max_list_items is not None:
        parts.append(
            "no lists" if o.max_list_items == 0 else f"at most {o.max_list_items} list items"
        )
    if o.max_headings is not None:
        parts.append("no headings" if o.max_headings == 0 else f"at most {o.max_headings} headings")
    if not o.allow_code_blocks:
        parts.append("no code blocks")
    if o.min_paragraphs is not None or o.max_paragraphs is not None:
        parts.append(_bounds(o.min_paragraphs, o.max_paragraphs, "paragraphs"))
    if o.max_paragraph_words is not None:
        parts.append(f"paragraphs of at most {o.max_paragraph_words} words")
    if not parts:
        return f"{subject.capitalize()} is well structured."
    return f"{subject.capitalize()} has {_either(parts).replace(' or ', ' and ')}."


def _readability(o: Any, subject: str) -> str:
    metric = str(o.metric).replace("_", " ")
    score = _bounds(o.min, o.max, "").strip()
    return f"The {metric} score of {subject} is {score} (texts of {o.min_words} words or more)."


def _whitespace(o: Any, subject: str) -> str:
    parts = []
    if o.trailing_spaces:
        parts.append("no trailing spaces")
    if o.repeated_spaces:
        parts.append("no runs of spaces between words")
    if o.max_blank_lines is not None:
        lines = "blank line" if o.max_blank_lines == 1 else "blank lines"
        parts.append(f"at most {o.max_blank_lines} {lines} in a row")
    if o.surrounding:
        parts.append("no whitespace at the start or end")
    return f"{subject.capitalize()} has {', '.join(parts) or 'tidy whitespace'}."


def _instruction(o: Any, subject: str) -> str:
    parts = []
    if o.require:
        parts.append("every record has an instruction")
    if o.placeholders:
        parts.append(f"it is not a placeholder such as {_listed(list(o.placeholders))}")
    if o.flag_copied:
        parts.append("the response does not copy it")
    return (" and ".join(parts) or "the instruction is usable").capitalize() + "."


def _fixed(text: str) -> Callable[[Any, str], str]:
    return lambda _options, subject: text.replace("{subject}", subject)


_SAYINGS: dict[str, Callable[[Any, str], str]] = {
    "phrase": _phrase,
    "substitution": _substitution,
    "length": _length,
    "pattern": _pattern,
    "structure": _structure,
    "readability": _readability,
    "whitespace": _whitespace,
    "instruction": _instruction,
    "tokens": _fixed("{subject} does not contain the listed word sequences (spaCy patterns)."),
    "truncated": _fixed("{subject} ends with a finished sentence, not cut off mid-way."),
    "apology": _fixed("{subject} does not apologise unless the user reported a problem."),
    "repeated_question": _fixed(
        "{subject} does not restate the user's question before answering it."
    ),
    "duplicates": _fixed("No text of the dataset appears twice."),
    "length_distribution": _fixed(
        "A table of how long the dataset's texts are (reports no violations)."
    ),
    "minimal_edit": _fixed(
        "An annotator's edit of a model draft changes enough of it, and not everything."
    ),
    "unreviewed": _fixed(
        "A response that is the model's draft unchanged carries a review mark (a reviewer "
        "or an approval)."
    ),
    "preference": _fixed(
        "A preference pair has both sides, not empty and not the same, and the chosen side "
        "does not break more of the guideline's rules than the rejected one."
    ),
    "ranking": _fixed(
        "A ranking gives every candidate a rank, with no gaps (and no ties unless allowed), "
        "and its best-ranked candidate does not break more rules than the others."
    ),
}


def _capitalized(say: Callable[[Any, str], str]) -> Callable[[Any, str], str]:
    def sentence(options: Any, subject: str) -> str:
        text = say(options, subject)
        return text[:1].upper() + text[1:]

    return sentence


_SAYINGS = {name: _capitalized(say) for name, say in _SAYINGS.items()}
