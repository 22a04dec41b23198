"""``$request``: simple, complex or creative requests (guidelint.request_kind)."""

from __future__ import annotations

import pytest

from guidelint.request_kind import judge_request, request_kind


@pytest.mark.parametrize(
    ("request_text", "kind"),
    [
        ("What is the capital of Australia?", "simple"),
        ("Why is the sky blue?", "simple"),
        ("Is it safe to eat raw cookie dough?", "simple"),
        ("Whats the largest star in our galaxy?", "simple"),
        ("How did US states get their names?", "simple"),
        ("Translate 'good evening' into French.", "simple"),
        ("If I found a dollar bill, would it be illegal to keep it?", "simple"),
        ("Give me some tips for a job interview", "complex"),
        ("What are some ways to save money on groceries?", "complex"),
        ("How do I install Python on Windows?", "complex"),
        ("Write a Python function that reverses a list.", "complex"),
        ("Compare React and Vue.", "complex"),
        ("What if the Internet had been invented during the Renaissance?", "complex"),
        ("Are there any weird Christmas traditions?", "complex"),
        ("What is X? How is it made? Why does it matter?", "complex"),
        ("Write a poem about autumn leaves.", "creative"),
        ("Draft an apology email to a customer about a late order.", "creative"),
        ("Pretend you are a pirate and greet me.", "creative"),
        ("Play the role of a dating coach.", "creative"),
        ("", "complex"),
    ],
)
def test_judge_request(request_text: str, kind: str) -> None:
    assert judge_request(request_text) == kind


def test_a_declared_category_wins() -> None:
    assert request_kind({"category": "Simple"}, "Give me ten ideas.") == "simple"
    assert request_kind({"data": {"category": "complex"}}, "Why?") == "complex"
    assert request_kind({"category": "billing"}, "Why is the sky blue?") == "simple"
    assert request_kind({}, None) is None


def test_request_in_when_conditions() -> None:
    from guidelint.engine import Linter
    from guidelint.guideline import load_guideline
    from guidelint.model import Record, Text

    linter = Linter(load_guideline("customer-support"))

    def lists(instruction: str, data: dict[str, str] | None = None) -> int:
        response = "Here is what to know:\n\n- one thing\n- another thing\n- a third"
        texts = [
            Text(role="instruction", text=instruction, field="instruction"),
            Text(role="response", text=response, field="response", prompt=instruction),
        ]
        record = Record(path="d.jsonl", line=1, index=0, data=data or {}, texts=texts)
        found = linter.check_record(record)
        return sum(v.rule == "no-lists-in-simple-responses" for v in found)

    assert lists("Why is the sky blue?") == 1  # one finding for the whole list
    assert lists("What are some ways to relax?") == 0
    assert lists("What are some ways to relax?", {"category": "simple"}) == 1


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
def test_judge_request_of_the_tuning_cases(request_text: str, kind: str) -> None:
    assert judge_request(request_text) == kind


def test_a_declared_category_wins_over_the_words() -> None:
    assert request_kind({"category": "simple"}, "Give me some tips for a job interview") == "simple"
    assert request_kind({}, None) is None
