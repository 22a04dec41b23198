"""What kind of request a response answers: ``simple``, ``complex`` or ``creative``.

Rules read it as the computed field ``$request`` in ``when:`` conditions::

    when: {$request: simple}             # lists in simple answers
    when: {$request: {not: creative}}    # apologies, refusals: not in requested fiction

* ``creative``: the user asked for text in another voice: a story, poem, song, letter,
  e-mail, speech, dialogue or script (also "tell me a story"), or a role to play
  ("pretend you are a pirate", "play the part of …"). What the response says there
  is the requested content, not the assistant talking.
* ``simple``: a question one or two short paragraphs answer fully: a fact, a
  definition, a yes/no with its reason, one explanation ("Why is the sky blue?"), a
  quantity ("How many moons does Jupiter have?", a word problem that ends in one, also
  with its reasoning asked for step by step), one
  task with one answer ("Decide whether the email is spam", "Explain X to me like I'm
  five", "Write a short description of …"), also when the
  task is handed over ("You should decide whether …") or follows its input ("Given
  that f(x) = …, find f(2)").
* ``complex``: everything else: requests for several things (lists, ideas, ways, tips,
  steps, examples, a comparison, options to choose from: "Help me find a good saw",
  "Where can I buy X?", "Do you have suggestions?", "Can you help?" after a goal, a
  quiz, a menu, an itinerary however spelled), procedures ("How do I install …", "What is the best
  approach to …", "How can X be improved?"), what something takes ("What is needed
  for …"), plans, trips, recipes, code, long writing.

A why-question asks one explanation even when it names several things ("Why do some
people enjoy being scared?"); only an explicit list, comparison or set of reasons
makes it complex.

The material a request points to is not what it asks for: "answer based on the
article", "pick a category from the list", "the behavior of other people", "you are
given two questions" ask for one answer; "write an article", "into a list" ask for
the thing itself. So is what the user hands over: "the given code", "given the
ingredients and instructions".

A record that says it (a ``category`` field, or a Label Studio task field of that
name, holding ``simple``, ``complex`` or ``creative``) is taken at its word; otherwise
the kind is judged from the request's words. The judgement is a documented heuristic
measured on labelled data (docs/rule-quality.md), not a model.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from guidelint.text.wordchars import lower

RequestKind = Literal["simple", "complex", "creative"]
KINDS: tuple[RequestKind, ...] = ("simple", "complex", "creative")

_CREATIVE = (
    r"\b(?:write|compose|draft|create|generate|craft|pen|come up with|make up|give me)\b"
    r"[^.?!\n]{0,60}?\b(?:story|stories|poem|poems|poetry|haiku|limerick|sonnet|song|songs|lyrics|"
    r"rap|verses?|script|screenplay|skit|dialogue|dialog|conversation|monologue|letter|e-?mail|"
    r"speech|toast|eulogy|tweet|fable|fairy tale|tale|novel|chapter|scene|joke|jokes|riddle|"
    r"apology|invitation|announcement|cover letter|message|note to|card)\b"
    # "Can you tell me a story about nuclear physics like Dr Seuss?"
    r"|\btell (?:me|us|my|him|her|them) (?:a|an|another|some)(?: [\w-]+){0,3}? (?:story|stories|"
    r"joke|jokes|poem|riddle|tale|fable)\b"
    r"|\b(?:pretend (?:to be|you(?:'re| are)|that)|imagine (?:you(?:'re| are)|that you)|"
    r"act (?:as|like) (?:a|an|my|the)|"
    r"(?:play|take on|assume) (?:the )?(?:role|part|persona|character)s? of|"
    r"role-?play|in the (?:voice|persona|character) of|"
    r"from the (?:perspective|point of view) of (?:a|an)|"
    r"as an? (?!ai\b|language model\b|assistant\b)[a-z-]+(?: [a-z-]+)?, "
    r"(?:how|what|why|describe|explain|tell|write))"
)
_PLURAL_ASK = (
    r"ideas|ways|tips|examples|options|steps|suggestions|recommendations|strategies|methods|"
    r"techniques|places|books|movies|films|songs|names|types|kinds|features|reasons|factors|"
    r"benefits|advantages|disadvantages|differences|alternatives|activities|questions|words|"
    r"topics|points|things|items|resources|tools|apps|games|foods|dishes|recipes|products|"
    r"companies|people|countries|cities|destinations|gifts|hobbies|exercises|habits|skills|"
    r"signs|symptoms|causes|uses|facts|ingredients|components|elements|characteristics|"
    r"synonyms|antonyms|responsibilities|parameters|stats|bugs|errors|mistakes|estimates|"
    r"sentences|phrases|titles|music|artists|bands|albums|shows|series|courses|playlists|"
    r"podcasts|channels"
)
#: A request for several things, a comparison, a plan or a long piece.
_MANY = (
    r"\b(?:list|lists|brainstorm|outline|itinerary|schedule|plan|trip|route|recipe|compare|comparison|"
    r"versus|vs\.?|pros and cons|step-by-step|guide|tutorial|summari[sz]e|summary|essay|article|"
    r"blog post|report|table|chart|rank|ranking|design|differences? between)\b"
    # a quiz, a menu asked for: several things (LABELLING.md); "What is a quiz?", "the
    # following quiz question", "What is on the menu?" ask one
    r"|\b(?:make|create|write|design|plan|prepare|give|generate|build|put together|ideas? "
    r"for)\b[^.?!\n]{0,30}\b(?:quiz|quizzes|questionnaire|menu)\b(?! questions?\b)"
    # (not the material: "the behavior of other people", "you are given two questions")
    r"|(?<!\bof )(?<!given )\b(?:some|any|all|a few|several|list of|top \d+|\d+|two|three|"
    r"four|five|six|seven|"
    r"eight|nine|ten|different|other|more|good|best|main|key|common|popular|famous|important|"
    r"various) "
    r"(?:[\w-]+ ){0,2}(?:" + _PLURAL_ASK + r")\b"
    r"|^(?:(?:can|could|would) you (?:please )?)?(?:find|identify|fix|give|name|describe|"
    r"explain|suggest|recommend|provide|classify|list)\b[^.?!]{0,40}?\b(?:" + _PLURAL_ASK + r")\b"
    # "Choose Spotify playlists that match …" (the things chosen, named right after)
    r"|^choose (?:[\w-]+ ){0,2}(?:" + _PLURAL_ASK + r")\b"
    r"|^(?:what|how) (?:would|will|might)\b.*\b(?:look|be like|happen|change)\b"
    r"|^(?:what|which) (?:are|were)\b(?! (?:you|we)\b)"  # ("What are you thinking of?": one)
    # ... also asked inside a task: "please tell me what are the technologies involved"
    r"|\b(?:tell me|list|name|explain|describe) (?:what|which) (?:are|were)\b"
    r"|^(?:what|which) (?:[\w-]+ ){0,2}[\w-]+s (?:are|were|do|does|did|have|has|should|"
    r"can|could|would|will|is)\b"
    r"|^(?:are|is) there (?:any|some|many)\b|^what if\b|\bway to\b|\bways to\b|\bhow to\b"
    # What it takes: "What is needed for X?", "What do I need to X?"
    r"|\bwhat (?:is|are|would be|will be) (?:needed|required|necessary)\b"
    r"|\bwhat (?:do|does|would|will) (?:i|you|we|one|it) (?:need|require)\b"
    # Ways in the passive: "How can cryptocurrencies be improved?"
    r"|^how (?:can|could|should|would|might|do|does) [\w'\u2019 -]{1,60}? be [a-z]+(?:ed|en)\b"
    # Uses in the passive: "How are carbon fibers used in buildings?"; how a game is
    # played or a thing made (its rules, its steps); how something might be possible.
    r"|^how (?:is|are) [\w'\u2019 -]{1,60}? used\b"
    r"|\bhow (?:(?:the |a |an |this |that )?[\w-]+ (?:is|are)|(?:is|are) (?:the |a |an )?"
    r"[\w-]+) (?:played|made|produced|manufactured|built|cooked|prepared)\b"
    r"|\bhow (?:it )?(?:might|could|would) be possible to\b"
    # Ways to reach a goal: "How can governments utilize fiscal policy to …?" (not a
    # mechanism: "How can a fish breathe underwater?" is one explanation).
    r"|^how (?:can|could|should|might) (?:[\w'\u2019-]+ ){1,4}(?:use|utilize|leverage|improve|"
    r"reduce|prevent|increase|promote|combat|achieve|ensure|address|overcome|encourage|"
    r"support|protect|boost|enhance|minimi[sz]e|maximi[sz]e|mitigate|tackle)\b"
    # Options to choose from (LABELLING.md): "Help me find a good saw", "Where can I
    # buy X?"
    r"|^(?:(?:can|could) you |please )?help me (?:find|choose|pick)\b"
    r"|^where (?:can|could|should|do) (?:i|we|one) (?:buy|find|get|order)\b"
    # Things to do or see: "Any recommendation on what to do while I'm there?"
    r"|\bwhat to (?:do|see|eat|visit|bring|pack|buy|wear|read|watch|cook|expect)\b"
    # A set: "Which parts of France …?", "Which countries …?"
    r"|^which (?!(?:was|has|does|is|goes|causes|makes|means)\b)[\w-]{2,}s\b"
    # A second question or task in the same sentence: "How do X influence Y, and what
    # are the implications?", "Explain CRISPR and discuss its applications."
    # ("A, or should B?" is one choice; "If A, what is B?" one question.)
    r"|\band\s+(?:how|what|why|which|who|where|when) (?:are|is|can|could|should|would|will|"
    r"do|does|did|was|were|might|must)\b"
    r"|,\s+and\s+(?:is|are|was|were|do|does|did|can|could|should|would|will)\s+\w+"
    r"|\band (?:then )?(?:discuss|describe|list|compare|give|provide|suggest|"
    r"analy[sz]e|evaluate|outline|propose|recommend)\b"
    # Long writing by the user's own hand: "Can you help me write my memoir?"
    r"|\b(?:write|draft)\b[^.?!\n]{0,40}\b(?:memoir|book|essay|thesis|paper|proposal|"
    r"resume|cv|biography|business plan|curriculum|syllabus)\b"
    r"|^(?:hi,? |hello,? )?(?:[^.?!]*[.!] )?(?:can|could|would) you help(?: me)?(?: out)?\?"
    # Suggestions asked for: "… do you have suggestions?"
    r"|\b(?:do|can|could|would) you (?:have|give|suggest|recommend|offer)(?: me| us)? "
    r"(?:any |some )?(?:suggestions|ideas|recommendations|tips)\b"
    # An itinerary, however spelled ("a 5 day itienary")
    r"|\biti\w{0,4}ary\b"
)
#: A request for several things in a why-question is about them, not for them: "Why do
#: some people enjoy being scared?" asks one explanation. Only these words count there.
_WHY = r"^(?:(?:can|could) you (?:please )?(?:explain|tell me) )?why\b"
_WHY_MANY = (
    r"\b(?:list|lists|brainstorm|outline|compare|comparison|versus|vs\.?|pros and cons|"
    r"essay|article|report|table|summari[sz]e|summary|(?:several|some|all the|main|top \d+|\d+|"
    r"two|three|four|five) reasons)\b"
)
#: Asking for code to be written (a question about code is not).
_CODE = (
    r"\b(?:write|create|generate|implement|build|code|program|develop|refactor|optimi[sz]e|"
    r"debug)\b[^.?!\n]{0,50}(?<!given )(?<!provided )(?<!following )(?<!above )\b(?:code|script|"
    r"function|program|class|query|regex|algorithm|app|application|website|component|bot|"
    r"data model|schema)\b"
    r"|```"
)
#: A how-to or a procedure. "What is the recommended pattern / the best approach for
#: X?" asks for one recommendation and is not one (LABELLING.md, decided after batch
#: 3); "What is the best way to X?" is a how-to, "the best approaches" several.
_PROCEDURE = (
    r"^(?:how (?:do|can|should|would|could) (?:i|you|we|one)(?! say\b)|how to|"
    r"what(?:'s| is| are) the (?:best |recommended |right |proper |correct |easiest |fastest )?"
    r"(?:way|ways|steps|approaches|patterns|method|methods|process|procedure|strategies|"
    r"practices?))\b"
)
_QUESTION_START = (
    r"^(?:what|what's|whats|who|who's|when|where|why|which|whose|how|is|are|was|were|can|"
    r"could|does|do|did|should|would|will|has|have|if)\b"
)
#: Single-answer tasks: classify this, translate that, find the word, define it.
_SINGLE_TASK = (
    # The task may be handed over ("You should decide whether …", "… and are required to
    # convert it into Ruby", "Please translate …", "It would help if you could suggest
    # …") or follow what it works on ("Given that f(x) = …, find …", "On the basis of
    # the subject, determine whether …").
    r"^(?:[^.?!]*?\b(?:you (?:should|need to|must|have to|will need to|could|can)|(?:are|is|be) "
    r"(?:required|asked) to|please|and) |[^.?!]*?, )?"
    r"(?:classify|convert|translate|predict|find|retrieve|extract|identify|correct|fix|rewrite|"
    r"paraphrase|rephrase|answer|calculate|compute|solve|determine|choose|select|name|define|"
    r"spell|verify|prove|decide|estimate|check (?:if|whether)|describe (?:a|an|the|what|how|why)|"
    r"explain|assess|categori[sz]e|rate|label|detect|guess|"
    r"(?:invent|suggest|recommend|propose|pick|provide) "
    r"(?:a|an|one)\b(?! (?:few|couple|number|handful|variety|range|selection|collection)\b"
    r"| (?:[\w-]+ )?(?:routine|plan|schedule|itinerary|program|workout|list|set|series|menu|"
    r"curriculum|strategy|solution|script|code)\b)|"
    # A short piece: "Write a short description of …", "Give a brief explanation of …"
    r"(?:write|give|provide) (?:me )?(?:a|an) (?:short|brief|concise|one-sentence|one-paragraph)\b|"
    r"give (?:me )?(?:a|an|the|one)|tell me)\b"
)
#: The material a request points to, not what it asks for: "based on the information in
#: the article", "pick a category from the list", "according to the guide". Left out
#: before looking for a request of several things ("in a table", "into a list" ask).
_MATERIAL = (
    r"\b(?:in|on|from|of|at|about|within|according to|based on) (?:the|this|that|these|"
    r"those|my|your|our|his|her|their|given|provided|following|above)(?: [\w-]+)? "
    r"(?:article|table|chart|report|summary|guide|list|essay|blog post|plan|recipe|trip|"
    r"route|schedule|itinerary|outline|tutorial|design)s?\b"
    # "Provide a name for the dish given the ingredients and instructions."
    r"|\bgiven (?:the|these|this|those|its|their)(?: [\w-]+){1,3}"
)
#: An ask that only hands over a question that follows ("Answer the following question.",
#: "Please answer the following question based on the article."): the question asked is
#: the last line of what follows.
_HANDED_OVER = r"^(?:please )?answer the following question\b[^.?!\n]*[.:]?$"
#: A statement to complete with one term: "Antennas that transmit … are called".
_BLANK = r"\b(?:is|are|was|were) (?:called|known as|named|termed|referred to as)\W*$"
_MAX_SIMPLE_WORDS = 40
#: A question for one quantity: "How many eggs do I have left?", "How much did she
#: spend?", "What is the total profit?"; one fact or one calculation.
_QUANTITY = (
    r"^(?:so,? |then,? )?(?:how (?:many|much|long|far|old|often)\b|what (?:is|was|will be) "
    r"the (?:total|sum|average|mean|probability|percentage|result|value)\b)"
)
#: Asking for the reasoning behind one answer ("Try to explain your answer. Your
#: explanation should take the reader through your reasoning step-by-step."): the
#: answer is still one quantity (LABELLING.md: a calculation worked in steps is simple).
_REASONING = (
    r"^(?:(?:please|try to|also) )*(?:explain|show|justify) (?:your|the) (?:answer|reasoning|"
    r"work|working|steps)\b|^your (?:explanation|answer|reasoning) should\b"
    r"|\bthrough your reasoning\b"
)


#: An escape (``\\b``, ``\\S``) in a pattern's source, skipped when looking for capitals.
_ESCAPE_RE = re.compile(r"\\.")


def lowercase_only(source: str) -> bool:
    """Whether ``source`` names no capital letter (outside escapes such as ``\\S``).

    Then, for a text that :func:`foldable` accepts, the pattern with ``IGNORECASE``
    matches the text exactly where the pattern without it matches the lower-cased text:
    every letter of the text meets only lower-case ASCII literals and classes, which
    the letter matches ignoring case exactly when its lower-case form does.
    """
    return source.isascii() and not any(c.isupper() for c in _ESCAPE_RE.sub("", source))


#: The characters ``re`` matches to an ASCII letter ignoring case although their lower
#: case is another (``re._casefix``: ı and ſ to i and s; İ lower-cases to two characters).
_FOLD_UNSAFE_RE = re.compile("[\u0130\u0131\u017f]")


def foldable(text: str) -> bool:
    """Whether ``text`` may be judged lower-cased with the folded patterns: ASCII, or
    without the three characters whose case ``re`` and ``str.lower`` see differently
    (every other character ``re`` matches to an ASCII letter ignoring case lower-cases
    to it, and lower-casing changes no character's length or word-ness but İ's)."""
    return text.isascii() or _FOLD_UNSAFE_RE.search(text) is None


class _Patterns:
    """The request patterns, compiled together on the first judgement: compiling them
    takes milliseconds that a start-up without ``$request`` should not pay.

    ``folded``: for lower-cased requests (:func:`foldable`). A pattern that names no capital is then
    compiled without ``IGNORECASE``, which ``re`` runs 1.5 to 2.3 times as fast on the
    AlpacaEval instructions, with the same matches (see :func:`lowercase_only`).
    """

    def __init__(self, folded: bool = False) -> None:
        def compiled(source: str) -> re.Pattern[str]:
            if folded and lowercase_only(source):
                return re.compile(source)
            return re.compile(source, re.IGNORECASE)

        self.creative = compiled(_CREATIVE)
        self.many = compiled(_MANY)
        self.why = compiled(_WHY)
        self.why_many = compiled(_WHY_MANY)
        self.code = compiled(_CODE)
        self.procedure = compiled(_PROCEDURE)
        self.question_start = compiled(_QUESTION_START)
        self.single_task = compiled(_SINGLE_TASK)
        self.quantity = compiled(_QUANTITY)
        self.reasoning = compiled(_REASONING)
        self.blank = compiled(_BLANK)
        self.handed_over = compiled(_HANDED_OVER)
        self.material = compiled(_MATERIAL)
        self.word = re.compile(r"\w+")
        self.sentence_end = re.compile(r"(?<=[.?!])\s+")


#: The patterns for requests as written and for lower-cased ones (by ``folded``).
_compiled: dict[bool, _Patterns] = {}


def _patterns(folded: bool = False) -> _Patterns:
    found = _compiled.get(folded)
    if found is None:
        found = _compiled[folded] = _Patterns(folded)
    return found


def declared_kind(data: Mapping[str, Any]) -> RequestKind | None:
    """The kind a record declares in its ``category`` field (or Label Studio task data)."""
    value = data.get("category")
    if value is None and isinstance(task := data.get("data"), Mapping):
        value = task.get("category")
    if isinstance(value, str):
        lowered = lower(value.strip())
        for kind in KINDS:
            if lowered == kind:
                return kind
    return None


#: Requests judged already (datasets repeat them: AlpacaEval has 805 instructions, each
#: answered by 44 models); emptied when full.
_JUDGED: dict[str, RequestKind] = {}
_MAX_JUDGED = 4096


def judge_request(request: str) -> RequestKind:
    """The kind of a request, judged from its words (see the module docs).

    The ask is the request's first paragraph (what follows is usually the material to
    work on: a text to classify, a review, code); a request whose ask has several
    questions, or asks for several things, a procedure, code or a plan, is complex.
    """
    kind = _JUDGED.get(request)
    if kind is None:
        if len(_JUDGED) >= _MAX_JUDGED:
            _JUDGED.clear()
        kind = _JUDGED[request] = _judge(request)
    return kind


def _judge(request: str, *, fold: bool = True) -> RequestKind:
    """The kind of ``request``; ``fold=False`` judges it as written, with IGNORECASE
    patterns (the tests compare the two)."""
    text = request.strip()
    if not text:
        return "complex"
    # A request is judged lower-cased, with patterns that need no IGNORECASE (the same
    # matches, faster; see _Patterns), unless it holds İ, ı or ſ. Only counts and
    # yes/no answers are taken from the text below, never its characters.
    folded = fold and foldable(text)
    if folded:
        text = lower(text)
    patterns = _patterns(folded)
    if patterns.creative.search(text):
        return "creative"
    ask, _, rest = text.partition("\n\n")
    ask = ask.strip()
    if rest.strip() and patterns.handed_over.match(ask):
        ask = rest.strip().splitlines()[-1].strip()
    if ask.count("?") > 1:
        return "complex"
    sentences = [part.strip() for part in patterns.sentence_end.split(ask) if part.strip()]
    if len(patterns.word.findall(ask)) > _MAX_SIMPLE_WORDS and not (
        # A word problem: a long set-up, then one question for a quantity; or one task
        # first, then what it should be like ("Choose a title for the video. A title …").
        sentences
        and (patterns.quantity.match(sentences[-1]) or patterns.single_task.match(sentences[0]))
    ):
        return "complex"
    if patterns.code.search(ask):
        return "complex"
    if len(sentences) > 1 and patterns.quantity.match(sentences[0]):
        # "How many X? Explain your answer step by step.": the reasoning of one quantity
        sentences = [sentences[0]] + [s for s in sentences[1:] if not patterns.reasoning.search(s)]
    if patterns.why.match(ask):
        many = patterns.why_many
        if any(many.search(part) for part in sentences) or ask.count("?") > 1:
            return "complex"
        return "simple"
    material = patterns.material
    if any(patterns.many.search(material.sub(" ", part)) for part in sentences):
        return "complex"
    if any(patterns.procedure.match(part) for part in sentences):
        return "complex"
    if any(patterns.question_start.match(part) for part in sentences) or ask.endswith("?"):
        return "simple"
    if patterns.blank.search(ask):
        return "simple"
    if any(patterns.single_task.match(part) for part in sentences):
        return "simple"
    return "complex"


def known_kind(data: Mapping[str, Any], request: str | None) -> RequestKind | None:
    """The kind when it costs nothing: declared by the record, or judged before."""
    mapping = type(data) is dict or isinstance(data, Mapping)  # (the ABC test is slower)
    declared = declared_kind(data) if mapping else None
    if declared is not None or request is None:
        return declared
    return _JUDGED.get(request)


def request_kind(data: Mapping[str, Any], request: str | None) -> RequestKind | None:
    """The record's declared kind, else the request's judged kind; None without either."""
    declared = declared_kind(data) if isinstance(data, Mapping) else None
    if declared is not None:
        return declared
    return None if request is None else judge_request(request)
