"""``$request``: the kind of request judged from its words (guidelint.request_kind)."""

from __future__ import annotations

import pytest

from guidelint.request_kind import judge_request, request_kind


@pytest.mark.parametrize(
    ("request_text", "kind"),
    [
        # One fact, a definition, a yes/no, one explanation: simple.
        ("What is the capital of Australia?", "simple"),
        ("Why is the sky blue?", "simple"),
        ("Is it safe to eat raw cookie dough?", "simple"),
        # A why-question about several things still asks one explanation.
        ("Why do some people enjoy the sensation of being scared?", "simple"),
        ("Why do many cats knead blankets?", "simple"),
        # ... unless it asks for a list or a comparison.
        ("Why do some people prefer tea? List the main reasons.", "complex"),
        ("Why is Python slower than C? Compare the two.", "complex"),
        # Several things, a procedure, a plan: complex.
        ("Give me some tips for a job interview", "complex"),
        ("How do I install Python on Windows?", "complex"),
        ("What is needed for a self-sufficient home?", "complex"),
        ("What do I need to start a podcast?", "complex"),
        ("How can public transport be improved in small towns?", "complex"),
        ("What is the recommended approach for structuring a Flask app?", "complex"),
        ("What's the best way to learn the guitar?", "complex"),
        ("Describe a road trip from Denver to Santa Fe.", "complex"),
        # Requested text in another voice.
        ("Write a poem about autumn leaves.", "creative"),
    ],
)
def test_judge_request(request_text: str, kind: str) -> None:
    assert judge_request(request_text) == kind


def test_declared_category_wins() -> None:
    assert request_kind({"category": "simple"}, "Give me some tips for a job interview") == "simple"
    assert request_kind({}, None) is None
