"""A Label Studio labelling config (XML) made from a guideline.

One layout per kind of annotation, named as in docs/annotation-types.md:

=============  ===========================================================================
``direct``     the annotator writes the response to the task's instruction (TextArea)
``edit``       the annotator improves a model draft (task field ``draft``), pre-filled
``preference`` the annotator picks the better of two responses (Pairwise)
``ranking``    the annotator orders candidate responses, best first (List and Ranker)
``rating``     the annotator rates a given response (Rating ``quality``)
=============  ===========================================================================

The kind is taken from the guideline when not given: a rule tagged (or a check named)
``ranking``, ``preference``, ``edit-based``/``minimal_edit`` decides; else ``direct``.
Every layout has, above the task, the guideline's rules in a collapsible panel (the
annotator instructions) and the findings guidelint writes back
(``$guidelint_findings``, see :mod:`guidelint.labelstudio.findings`), shown by a
``Header`` without a ``name``, so that Label Studio does not require the field in
tasks imported before guidelint wrote it. The names match what guidelint reads from
the export (the guideline's ``fields.labelstudio``).
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from guidelint.errors import UsageError
from guidelint.guideline import Guideline
from guidelint.labelstudio.findings import FINDINGS_FIELD

KINDS = ("direct", "edit", "preference", "ranking", "rating")
_HINTS = {
    "ranking": ("ranking",),
    "preference": ("preference",),
    "edit": ("edit-based", "minimal_edit", "edit"),
}


def kind_of(guideline: Guideline) -> str:
    """The kind of annotation a guideline is for (see the module docstring)."""
    names = {rule.check for rule in guideline.rules} | {
        tag for rule in guideline.rules for tag in rule.tags
    }
    for kind in ("ranking", "preference", "edit"):
        if names & set(_HINTS[kind]):
            return kind
    return "direct"


def _attr(value: str) -> str:
    return quoteattr(" ".join(value.split()))


def _rules_panel(guideline: Guideline) -> list[str]:
    title = f"Guideline: {guideline.name}" + (f" {guideline.version}" if guideline.version else "")
    lines = [
        "  <Collapse>",
        f"    <Panel value={_attr(f'{title} ({len(guideline.rules)} rules)')}>",
        '      <View style="max-height: 240px; overflow-y: auto">',
    ]
    for rule in guideline.rules:
        text = " ".join(rule.description.split()) or rule.message
        line = f"{rule.id} ({rule.severity.value}): {text}"
        lines.append(f'        <Header size="6" underline="false" value={_attr(line)}/>')
    lines += ["      </View>", "    </Panel>", "  </Collapse>"]
    return lines


def _findings_panel() -> list[str]:
    return [
        '  <View style="background: #fff7e6; border-left: 4px solid #f59e0b; '
        'padding: 6px 12px; margin: 8px 0; white-space: pre-wrap">',
        '    <Header size="5" value="guidelint findings"/>',
        f'    <Header size="6" underline="false" value="${FINDINGS_FIELD}"/>',
        "  </View>",
    ]


def label_config(guideline: Guideline, kind: str | None = None) -> str:
    """The labelling config for ``guideline`` and annotation ``kind`` (default: the
    guideline's own, see :func:`kind_of`)."""
    kind = kind or kind_of(guideline)
    if kind not in KINDS:
        raise UsageError(f"unknown annotation kind {kind!r}", hint=f"use one of {', '.join(KINDS)}")
    mapping = guideline.fields.labelstudio
    instruction = mapping.instruction[0] if mapping.instruction else "instruction"
    response = mapping.response[0] if mapping.response else "response"
    body: list[str] = [
        '  <Header value="Instruction"/>',
        f'  <Text name="{instruction}" value="${instruction}"/>',
    ]
    if kind == "direct":
        body += [
            '  <Header value="Your response"/>',
            f'  <TextArea name="{response}" toName="{instruction}" rows="10" editable="true" '
            'maxSubmissions="1" required="true"/>',
        ]
    elif kind == "edit":
        body += [
            '  <Header value="Model draft: improve it"/>',
            '  <Text name="draft" value="$draft"/>',
            f'  <TextArea name="{response}" toName="{instruction}" value="$draft" rows="10" '
            'editable="true" maxSubmissions="1" required="true"/>',
        ]
    elif kind == "preference":
        body += [
            '  <Header value="Which response is better?"/>',
            '  <Text name="response_a" value="$response_a"/>',
            '  <Text name="response_b" value="$response_b"/>',
            '  <Pairwise name="preference" toName="response_a,response_b" required="true"/>',
        ]
    elif kind == "ranking":
        candidates = mapping.candidates or "candidates"
        body += [
            '  <Header value="Order the responses, best first"/>',
            f'  <List name="{candidates}" value="${candidates}" title="Responses"/>',
            f'  <Ranker name="rank" toName="{candidates}"/>',
        ]
    else:  # rating
        body += [
            '  <Header value="Response"/>',
            f'  <Text name="{response}_shown" value="${response}"/>',
            '  <Header value="How well does it follow the guideline?"/>',
            f'  <Rating name="quality" toName="{instruction}" maxRating="5" required="true"/>',
        ]
    safe_name = guideline.name.replace("--", "-")  # ("--" would end the comment)
    lines = [
        "<View>",
        f"  <!-- made by guidelint from the guideline {safe_name}: {kind} annotation -->",
        *_rules_panel(guideline),
        *_findings_panel(),
        *body,
        "</View>",
    ]
    return "\n".join(lines) + "\n"
