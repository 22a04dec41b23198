"""``$request``: simple, complex or creative requests (guidelint.request_kind)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
        # (one recommendation, LABELLING.md after batch 3: "the recommended approach for
        # structuring a Flask app" is simple; "the best way to X" is a how-to)
        ("What are the recommended approaches for structuring a Flask app?", "complex"),
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


@pytest.mark.parametrize(
    ("request_text", "kind"),
    [
        # A second question or task in the same sentence: not one short answer.
        (
            "How do social media platforms influence news, and what are the implications?",
            "complex",
        ),
        ("How did people learn the earth was round, and why did they think it flat?", "complex"),
        ("Can we find a formula for the primes, and is their distribution random?", "complex"),
        ("Explain gene editing with CRISPR and discuss its ethical implications.", "complex"),
        # ... but one choice, or a question after a condition, is one question.
        ("Do we have a duty to explore space, or should we fix Earth first?", "simple"),
        ("If the endpoints are (2, -2) and (10, 4), what is the length of the segment?", "simple"),
        ("If you found a wallet, what would you do with it?", "simple"),
        ("Explain the process of natural selection and how it leads to adaptation.", "simple"),
        # Ways to reach a goal, things to do, a set of places: several things.
        ("How can governments utilize fiscal policy to combat recessions?", "complex"),
        ("How can L\u2019Hopital\u2019s Rule be used in day to day life?", "complex"),
        ("I'm visiting Okinawa in April. Any recommendation on what to do there?", "complex"),
        ("Which parts of France are best for a walking tour?", "complex"),
        ("What is some cool music from the 1920s?", "complex"),
        ("Hi, can you help me write my memoir?", "complex"),
        ("I am going to make pumpkin pie for the first time. Can you help me?", "complex"),
        # ... a mechanism is one explanation; "which is" is not a set.
        ("How can a fish breathe underwater?", "simple"),
        ("Which is the largest planet in the solar system?", "simple"),
        # One label or one thing: simple.
        ("Categorize the product into Electronics, Computers or Smart Home.", "simple"),
        ("Assess the sentiment of the tweet as Positive, Negative or Neutral.", "simple"),
        ("Suggest an acronym for the repository.", "simple"),
        ("Suggest a short workout routine for the office.", "complex"),
    ],
)
def test_judge_request_beyond_the_tuning_cases(request_text: str, kind: str) -> None:
    assert judge_request(request_text) == kind


def test_the_request_is_judged_only_for_a_response_with_a_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``$request`` costs more than looking for a list: a rule that only limits list
    items asks its gate first, so a response without a list never has its request
    judged (and one with a list still does)."""
    import guidelint.guideline.conditions as conditions_module
    import guidelint.request_kind as request_kind_module
    from guidelint.engine import Linter
    from guidelint.guideline import load_guideline
    from guidelint.model import Record, Text

    judged: list[str] = []
    real = conditions_module.request_kind

    def spy(data: Any, request: str | None) -> Any:
        judged.append(request or "")
        return real(data, request)

    monkeypatch.setattr(conditions_module, "request_kind", spy)
    monkeypatch.setattr(request_kind_module, "_JUDGED", {})  # no request judged yet
    linter = Linter(load_guideline("customer-support"), selection=None)

    def check(instruction: str, response: str) -> list[str]:
        texts = [
            Text(role="instruction", text=instruction, field="instruction"),
            Text(role="response", text=response, field="response", prompt=instruction),
        ]
        record = Record(path="d.jsonl", line=1, index=0, data={}, texts=texts)
        return [v.rule for v in linter.check_record(record)]

    found = check("Why is the sky blue?", "Air scatters blue light most, so the sky looks blue.")
    assert "no-lists-in-simple-responses" not in found
    assert judged == []
    found = check("Why is the sky blue?", "Two reasons:\n\n- Sunlight.\n- Scattering.")
    assert "no-lists-in-simple-responses" in found
    assert judged == ["Why is the sky blue?"]
    # Judged once, the request is looked up before the list is looked for (cheaper).
    assert request_kind_module.known_kind({}, "Why is the sky blue?") == "simple"
    assert request_kind_module.known_kind({"category": "complex"}, "Why?") == "complex"
    assert request_kind_module.known_kind({}, "Never judged?") is None
    found = check("Why is the sky blue?", "Air scatters blue light most.")
    assert "no-lists-in-simple-responses" not in found


def test_the_list_gate_survives_pickling() -> None:
    """Workers (--jobs, Ray) get the guideline pickled: the gate goes with it."""
    import pickle

    from guidelint.guideline import load_guideline

    guideline = load_guideline("customer-support")
    rule = next(r for r in guideline.rules if r.id == "no-lists-in-simple-responses")
    assert rule.when is not None and rule.when.gate is not None
    copy = pickle.loads(pickle.dumps(rule.when))
    assert copy.gate == rule.when.gate
    # A structure rule with other limits has no gate (its check looks at more than lists).
    wall = next(r for r in guideline.rules if r.id == "no-wall-of-text")
    assert wall.when is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1. only one",
        "1. one\n2. two",
        "- a\n- b\n- c",
        "```\n- a\n- b\n```\nafter",
        "- a\n```\n- b\n```\n- c",
        "  ~~~\n* a\n* b\n  ~~~\n* c",
        "Intro:\n\n* first\n\nText.\n\n* second",
        "No list here - just a dash.",
    ],
)
@pytest.mark.parametrize("limit", [0, 1, 2])
def test_the_list_gate_agrees_with_the_list_items(text: str, limit: int) -> None:
    """The gate stops at the first item past the limit; it must say what counting all
    of :attr:`TextAnalysis.list_items` says (items in code blocks do not count)."""
    from guidelint.checks.structure import ListGate
    from guidelint.text import TextAnalysis

    expected = len(TextAnalysis(text).list_items) > limit
    assert ListGate(limit)(TextAnalysis(text)) is expected
    counted = TextAnalysis(text)
    _ = counted.list_items  # already counted: the gate reads it
    assert ListGate(limit)(counted) is expected


def test_importing_the_module_compiles_no_request_pattern() -> None:
    """``import guidelint.request_kind`` happens at every start-up (the `when`
    conditions import it); its patterns cost milliseconds to compile, so they are
    compiled on the first judgement, not at import."""
    import subprocess
    import sys

    script = (
        "import re\n"
        "compiled = []\n"
        "real = re.compile\n"
        "def spy(pattern, flags=0):\n"
        "    compiled.append(pattern)\n"
        "    return real(pattern, flags)\n"
        "re.compile = spy\n"
        "import guidelint.request_kind as kinds\n"
        "sources = {kinds._CREATIVE, kinds._MANY, kinds._PROCEDURE, kinds._SINGLE_TASK}\n"
        "at_import = sum(pattern in sources for pattern in compiled)\n"
        "kind = kinds.judge_request('Why is the sky blue?')\n"
        "print(at_import, sum(pattern in sources for pattern in compiled), kind)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "4", "simple"]


@pytest.mark.parametrize(
    ("request_text", "kind"),
    [
        # A quantity is one fact or one calculation, and so is a word problem.
        ("How many moons does Jupiter have?", "simple"),
        ("How many planets are in the solar system?", "simple"),
        (
            "Tom buys three apples for $2 each and two pears for $3 each. He pays with a "
            "$20 note, and the cashier gives him back some coins and a note. The shop "
            "also charges a bag fee of 10 cents. How much change does Tom get?",
            "simple",
        ),
        # ... but a long request whose question asks for several things is not.
        (
            "I am moving to a new city next month with my two cats and a lot of furniture, "
            "and I have never organised a move before, so I feel a bit lost about where to "
            "start and what to take care of first. What should I do?",
            "complex",
        ),
        # One answer, whether the task comes first, is handed over or follows its input.
        ("Explain photosynthesis to me like I'm five.", "simple"),
        ("Verify the correctness of the given statement.", "simple"),
        ("Decide whether the given email is spam.", "simple"),
        ("You are given a review and you should decide whether it is positive.", "simple"),
        ("Given that f(x) = 2x + 1, find the value of f(3).", "simple"),
        ("It would help if you could suggest a name for my boat.", "simple"),
        ("You will be asked to answer the following quiz question.", "simple"),
        ("Write a short description of the given film.", "simple"),
        ("Give a brief explanation of the given paragraph.", "simple"),
        ("You are given two sentences. Check if they mean the same.", "simple"),
        # ... a few of them, or what a set question asks inside a task, are several.
        ("Please suggest a few books on the given topic.", "complex"),
        ("Given the following code, please tell me what are the libraries it uses.", "complex"),
        ("Suggest a workout routine for the office.", "complex"),
        # The material a request points to is not what it asks for ...
        ("Answer the question based on the information in the article.", "simple"),
        ("Give the headline a category. Pick a category from the list of Sports, Tech.", "simple"),
        ("Does the behavior of other people shape our manners?", "simple"),
        # ... unless it asks for it: a list, an article, a table.
        ("Convert the paragraph into a list of steps.", "complex"),
        ("Give me the list of the largest cities in Europe.", "complex"),
        ("Write an article about the history of tea.", "complex"),
        ("Make a table of the planets and their moons.", "complex"),
    ],
)
def test_judge_request_of_tasks_quantities_and_material(request_text: str, kind: str) -> None:
    assert judge_request(request_text) == kind


@pytest.mark.parametrize(
    ("request_text", "kind"),
    [
        # A question to the assistant itself is one answer; a set question is not.
        ("What are you thinking of right now?", "simple"),
        ("What are we having for dinner, in your opinion?", "simple"),
        ("What are the best books about ancient Rome?", "complex"),
        # A statement to complete with one term, with or without choices.
        ("Tall, thin clouds made of ice crystals are called", "simple"),
        (
            "The process by which plants make food is known as:\n\nA. Osmosis\nB. Photosynthesis",
            "simple",
        ),
        # Uses, the rules of a game, the steps of making a thing, how it might be possible.
        ("How are solar panels used in homes?", "complex"),
        ("Can you explain how the game is played?", "complex"),
        ("How is chess played?", "complex"),
        ("Explain how it might be possible to run a large model on a phone.", "complex"),
        # ... but how one thing works is still one explanation.
        ("How does a fridge keep food cold?", "simple"),
        # An ask that hands over the question that follows: the question decides.
        ("Answer the following question.\n\nWhat is the capital of Peru?", "simple"),
        ("Answer the following question.\n\nHow do I install Python on Windows?", "complex"),
        (
            "Please answer the following question based on the article.\n\n"
            "Law is a system of rules enforced by institutions.\n"
            "What are some common careers for law graduates?",
            "complex",
        ),
    ],
)
def test_judge_request_round_four(request_text: str, kind: str) -> None:
    assert judge_request(request_text) == kind


@pytest.mark.parametrize(
    ("request_text", "kind"),
    [
        # One quantity, with its reasoning asked for: still one answer (LABELLING.md, a
        # calculation worked in steps is simple); steps asked for anything else are not.
        (
            "How many eggs do hens lay in a year? Try to explain your answer. Your "
            "explanation should take the reader through your reasoning step-by-step.",
            "simple",
        ),
        ("How much paint do I need for a room? Show your work.", "simple"),
        ("Give me a step-by-step guide to painting a room.", "complex"),
        ("How many eggs do hens lay? List the breeds that lay most.", "complex"),
        # Code or ingredients the user gives are material, not what is asked for.
        ("Identify the programming language used to write the given code.", "simple"),
        ("Write code that reverses a string.", "complex"),
        ("Provide a name for the dish given the ingredients and instructions.", "simple"),
        ("Provide a few recipes given these ingredients.", "complex"),
        # One task after "… and": "Read the contract and extract the parties."
        ("Take a look at the contract and extract the parties of the agreement from it.", "simple"),
        ("Read the article and list the main arguments.", "complex"),
        # Options to choose from (LABELLING.md, decided after batch 2): not simple.
        ("Help me find a good pair of running shoes.", "complex"),
        ("Where can I buy a mouse base that takes custom covers?", "complex"),
        ("Which running shoe should I buy, the Pegasus or the Ghost?", "simple"),
    ],
)
def test_judge_request_round_five(request_text: str, kind: str) -> None:
    assert judge_request(request_text) == kind


@pytest.mark.parametrize(
    ("request_text", "kind"),
    [
        # LABELLING.md, decided after batch 3: one recommended pattern or approach is
        # one recommendation; "the best way to X" is a how-to; several are several.
        ("what is the recommended pattern for creating games in godot", "simple"),
        ("What is the best approach to learning Spanish vocabulary?", "simple"),
        ("What is the best way to defrost a refrigerator freezer?", "complex"),
        ("What are the best approaches to learning Spanish?", "complex"),
        ("What are the recommended patterns for Godot games?", "complex"),
        # A quiz or a menu asks for several things; one quiz question is one.
        ("what would be a good idea for a quiz about omnichannel marketing", "complex"),
        ("Plan a menu for a dinner party of six.", "complex"),
        ("You will be asked to answer the following quiz question.", "simple"),
        # A contested yes/no question is a yes/no with its reason.
        ("Is it rational to believe things for which there is no evidence?", "simple"),
        # Things to choose, named right after the verb; one to choose is one.
        ("Choose Spotify playlists that match the given mood.", "complex"),
        ("Choose a title for the video.", "simple"),
        ("Select the correct answer from the options below.", "simple"),
        ("Why is YouTube more popular than other video sharing websites?", "simple"),
        # A story told is text in another voice; an itinerary however spelled, an offer
        # of help asked for, suggestions asked for, a data model: several things.
        ("Can you tell my a story about nuclear physics like dr Seuss?", "creative"),
        ("Tell me a joke", "creative"),
        ("Can you tell me about the history of Rome?", "simple"),
        # ... a story or joke asked about is not one asked for.
        ("Tell me the story of how Apple was founded.", "simple"),
        ("Can you tell me about the story of the Titanic?", "simple"),
        ("Tell me what this joke means: why did the chicken cross the road?", "simple"),
        # A quiz or menu asked about is one thing.
        ("What is a quiz?", "simple"),
        ("What is on the menu at the diner?", "simple"),
        ("Give me a sample 5 day itienary for a switzerland holiday", "complex"),
        ("I'm trying to teach myself to have nicer handwriting. Can you help?", "complex"),
        ("I'm planning a housing study. Do you have suggestions for questions?", "complex"),
        ("Can you generate a data model for a test automation tool?", "complex"),
        ("I need the area of a 20 sided die. Can you help me do that?", "simple"),
    ],
)
def test_judge_request_decided_after_batch_three(request_text: str, kind: str) -> None:
    assert judge_request(request_text) == kind


# -- ASCII requests are judged lower-cased, without IGNORECASE ------------------------------------

_PATTERN_NAMES = (
    "creative",
    "many",
    "why",
    "why_many",
    "code",
    "procedure",
    "question_start",
    "single_task",
    "quantity",
    "material",
)
_REQUEST_WORDS = [
    "Write",
    "a",
    "POEM",
    "Story",
    "about",
    "the",
    "WHY",
    "How",
    "What",
    "which",
    "Are",
    "is",
    "there",
    "any",
    "ways",
    "to",
    "Compare",
    "list",
    "Pretend",
    "you",
    "ARE",
    "AI",
    "language",
    "Model,",
    "explain",
    "Describe",
    "Given",
    "That",
    "find",
    "12",
    "Top",
    "3",
    "Tips",
    "and",
    "then",
    "Discuss",
    "based",
    "on",
    "THE",
    "article",
    "Code",
    "Python",
    "script",
    "function",
    "e-mail",
    "Email",
    "can",
    "Could",
    "you",
    "Help",
    "me",
    "out?",
    "hi,",
    "Hello.",
    "?",
    "!",
    ".",
    ",",
    "-",
    "'",
    "\n",
    "\n\n",
    "Kelvin",
    "K",
    "s",
]


def test_the_request_patterns_name_no_capital() -> None:
    """Every pattern takes the fast path for ASCII requests (a capital in a pattern would
    quietly send it back to IGNORECASE)."""
    from guidelint import request_kind

    for name in _PATTERN_NAMES:
        source = getattr(request_kind, "_" + name.upper())
        assert request_kind.lowercase_only(source), name
    assert not request_kind.lowercase_only(r"\bAI\b")
    assert request_kind.lowercase_only(r"\bai\S+\W\B\u2019")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_REQUEST_WORDS), max_size=14), st.sampled_from(["", " ", "?"]))
def test_folded_patterns_match_where_ignorecase_ones_do(words: list[str], end: str) -> None:
    from guidelint import request_kind

    text = " ".join(words) + end
    as_written, folded = request_kind._Patterns(), request_kind._Patterns(folded=True)
    for name in _PATTERN_NAMES:
        expected = [m.span() for m in getattr(as_written, name).finditer(text)]
        assert [m.span() for m in getattr(folded, name).finditer(text.lower())] == expected, name
    assert request_kind._judge(text) == request_kind._judge(text, fold=False)


def test_folding_changes_no_judgement_of_the_alpacaeval_instructions() -> None:
    import gzip
    import json
    from pathlib import Path

    from guidelint import request_kind

    path = Path(__file__).resolve().parents[2] / "shared/data/alpaca_eval/outputs.jsonl.gz"
    if not path.exists():
        pytest.skip(f"no AlpacaEval outputs at {path}")
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        requests = list(dict.fromkeys(json.loads(line)["instruction"] for line in lines))
    assert len(requests) == 805
    folded = [request_kind._judge(r) for r in requests]
    assert folded == [request_kind._judge(r, fold=False) for r in requests]
    assert set(folded) == {"simple", "complex", "creative"}


#: Words with letters beyond ASCII: accents, Greek, Cyrillic, the Kelvin sign, the
#: long s, dotless and dotted i (the last three are what folding must leave alone).
_WIDE_WORDS = [
    "Café",
    "ÉCRIRE",
    "naïve",
    "Ωmega",
    "ПРИВЕТ",
    "\u212aelvin",  # Kelvin sign: lower-cases to an ASCII k, as re matches it
    "Li\u017ft",  # long s: re matches it to s ignoring case, str.lower keeps it
    "L\u0131st",  # dotless i
    "\u0130stanbul",  # dotted capital I: two characters lower-cased
    "Straße",
    "ﬁle",
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_REQUEST_WORDS + _WIDE_WORDS), max_size=14),
    st.sampled_from(["", " ", "?"]),
)
def test_folding_a_request_beyond_ascii_changes_no_match(words: list[str], end: str) -> None:
    from guidelint import request_kind

    text = " ".join(words) + end
    assert request_kind._judge(text) == request_kind._judge(text, fold=False)
    if not request_kind.foldable(text):
        assert any(c in text for c in "\u0130\u0131\u017f")
        return
    as_written, folded = request_kind._Patterns(), request_kind._Patterns(folded=True)
    for name in _PATTERN_NAMES:
        expected = [m.span() for m in getattr(as_written, name).finditer(text)]
        assert [m.span() for m in getattr(folded, name).finditer(text.lower())] == expected, name


def test_only_three_characters_stop_folding() -> None:
    from guidelint import request_kind

    assert request_kind.foldable("Écris une liste de cafés, s'il te plaît")
    assert request_kind.foldable("\u212aelvin")  # lower-cases to k, as re matches it
    for char in "\u0130\u0131\u017f":
        assert not request_kind.foldable(f"List{char}")
