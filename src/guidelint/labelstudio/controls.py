"""What a project's labelling config (XML) says about its annotations.

Only the control tags matter here: the ``TextArea`` tags whose texts guidelint checks
as responses (``fields.labelstudio``), so that an annotation submitted without one is
reported even when no other annotation of the task has a response yet.
"""

from __future__ import annotations

from xml.etree import ElementTree

from guidelint.fields import LabelStudioMapping
from guidelint.model import RESPONSE_ROLES
from guidelint.readers.labelstudio_results import textarea_role


def response_areas(label_config: str, mapping: LabelStudioMapping) -> tuple[str, ...]:
    """The names of the config's ``TextArea`` tags whose texts are responses, in
    document order; empty when there are none or the config is not XML."""
    try:
        root = ElementTree.fromstring(label_config)
    except ElementTree.ParseError:
        return ()
    names = (element.get("name") for element in root.iter("TextArea"))
    return tuple(
        name
        for name in names
        if name and (role := textarea_role(mapping, name)) is not None and role in RESPONSE_ROLES
    )
