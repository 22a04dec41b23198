"""How the opening of a response restates the user's message: the helpers of the
``repeated_question`` check (see that module for what it reports and why).

Kept apart from the check, whose options are pydantic models, so that mypyc can compile
it (``guidelint.compiled``): this is the Python most of the check's time is spent in.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Literal

from guidelint.checks.question_words import (
    FOLDS,
    Message,
    analysed_message,
    content_words,
    in_code_block,
    is_title,
    pieces,
)
from guidelint.lazy_pattern import LazyPattern
from guidelint.text import TextAnalysis, to_plain

Kind = Literal["echo", "restatement", "announced", "lead-in", "filler"]
_WORD_CHAR_RE = LazyPattern(r"\w")
#: Phrases that announce a restatement ("|" separates them).
_CUES_TEXT = (
    "you asked|you've asked|you have asked|you are asking|you're asking|you want to know|"
    "you wanted to know|you would like to know|you'd like to know|you're wondering|"
    "you are wondering|your question|the question of|the question is|I understand you|"
    "I understand that you|you're looking to|you are looking to|you're interested in|"
    "you are interested in|glad you asked|glad you're interested|the question asks"
)
#: A lead-in announces what follows ("Here are some tips for X:", "To roast a pig at
#: home, you'll need:"): a sentence or line that ends with a colon and has a word of
#: such a frame, or one that starts with "here is/are", "below is".
_LEAD_IN_START_RE = LazyPattern(
    r"(?:here(?:'s| is| are)|below (?:is|are)|the following (?:is|are))\b"
)
#: A lead-in after a clause: "As an AI, I have no opinions, but here are some ways to X:".
_LATE_HERE_RE = LazyPattern(
    # (not "…, and here's why:")
    r"(?:,|\bbut|\bhowever,?|\bso|\band)\s+(?:here(?:'s| is| are)\b(?! why\b)"
    # "As an AI, I can't read minds, but there are several signs that X:"
    r"|there (?:are|is) (?:several|many|some|a few|various|numerous|a number of)\b)"
)
#: "I'd be happy to help you implement X.", "Sure, I can help you create X."
_OFFER_RE = LazyPattern(
    r"(?:i'd|i would|i'll|i will|i can|i am|i'm|let me|let's|let us|what i can do is)"
    r" (?:be )?(?:happy |glad |"
    r"delighted )?(?:to )?(?:help|explore|provide|play|create|write|implement|give|share|walk|"
    r"assist|dive|break|go over|look at|outline|discuss|tell you|suggest|recommend)\b"
)
#: An offer that goes on to an answer: "I can tell you that …" (within the first
#: :data:`_OFFER_SPAN` characters of the offer).
_TELLS_THAT_RE = LazyPattern(r"\btell you that\b")
_OFFER_SPAN = 40
#: Interjections before an opening: "Sure! ", "Yes, ", "Of course, ", "OK, ".
_INTERJECTION_RE = LazyPattern(
    r"^(?:(?:sure|certainly|of course|absolutely|okay|ok|yes|no|well|great|alright|hello|hi)"
    r"(?:\s+thing)?[!,.]?\s+)+"
)
#: A filler that goes on to give reasons or examples adds information.
_INFORMATIVE_RE = LazyPattern(
    r"\b(?:due to|because|since|including|such as|especially|for example|e\.g\.|like|namely|"
    r"based on|as it|as they|given that|whereas|thanks to)\b"
)
#: A pleasantry before the opening says nothing of the request, so the sentence after it
#: is the opening: praise of the question ("A classic request!", "What a fascinating
#: question about crystals!", "Great question!") or an offer to help with "that"
#: ("Sure, I'd be happy to help with that!"). LABELLING.md: "Great question!" alone is
#: no restatement; "Sure! Here is a poem about autumn leaves:" is one.
_PLEASANTRY_RE = LazyPattern(
    r"(?:(?:oh|ah|wow|ooh|well),?\s+)?(?:(?:what|such|that's|that is|this is|it's|it is)\s+)?"
    r"(?:an?\s+)?(?:[\w'-]+,?\s+){0,4}(?:question|request|query|inquiry|topic|prompt|one|"
    r"challenge|task|thought experiment|concern)"
    r"(?:\s+(?:about|on|regarding|for)\s+[^!?.]{1,60})?!"
    r"|(?:i'd|i would|i'll|i will|i can|i'm|i am)(?:\s+(?:definitely|certainly|gladly|"
    r"absolutely))?(?:\s+be)?(?:\s+(?:more than|so|very))?\s+(?:happy|glad|delighted|here)\s+"
    r"to\s+(?:help|assist)(?:\s+you)?(?:\s+(?:with|on)\s+(?:that|this|it|your (?:question|"
    r"request|query)))?[!.]"
    r"|(?:i|we)\s+(?:can|could)\s+(?:definitely\s+|certainly\s+)?help(?:\s+you)?\s+with\s+"
    r"(?:that|this)[!.]"
)


#: Thanks for the question say nothing of it either: "Thank you for your question.",
#: "Thanks for asking!" (not thanks for what the user told: "Thank you for sharing …"),
#: nor does announcing an answer ("Here is my response to the instruction:").
_THANKS_RE = LazyPattern(
    r"(?:(?:hello|hi|hey)[!,.]?\s+)?(?:thank you|thanks)(?: so much| very much)? for "
    r"(?:(?:your|the|this|such an?) (?:\w+ )?(?:question|request|query|inquiry)|asking|"
    r"reaching out)[!.]"
    # an announcement of nothing but an answer: "Here is my response to the instruction:"
    r"|here(?:'s| is) my (?:response|answer|reply)(?: to (?:the|your|this) (?:instruction|"
    r"question|request|prompt|query))?:"
)


#: A disclaimer, apology or warning that opens a response does not begin the answer
#: (LABELLING.md, decided after batch 3): "As an AI, I don't have opinions.", "I'm
#: sorry, but I can't browse the internet.", "Warning: …". The sentence after it is the
#: opening; a refusal in the request's words is not a restatement either.
_DISCLAIMER_RE = LazyPattern(
    r"(?:(?:unfortunately|sadly|honestly),?\s+)?(?:(?:i'm|i am) (?:so |very |truly )?sorry|"
    r"i (?:sincerely )?apologi[sz]e|my apologies|sorry,|"
    r"as an? (?:ai|artificial intelligence|(?:large |ai |text-based ai |text-based )?"
    r"language model|(?:ai |virtual |digital |text-based )?assistant|text-based ai)\b|"
    r"i (?:cannot|can't|can not|am unable|'m unable|am not able|'m not able|don't have|"
    r"do not have|won't be able|will not be able)\b|"
    r"(?:warning|disclaimer|caution|please note|note):)"
)
#: What the assistant cannot do, anywhere in a sentence after a disclaimer: "Without the
#: details of the original piece, I am unable to provide a useful summary." carries it on.
_UNABLE_RE = LazyPattern(
    r"\bi (?:cannot|can't|can not|am unable|'m unable|am not able|'m not able|won't be able|"
    r"will not be able|(?:sincerely )?apologi[sz]e)\b"
)
#: The shapes an opening after a disclaimer is judged by.
_LEAD_IN_SHAPES = ("here", "late", "lead-in", "offer", "label")
#: The most disclaimer sentences passed over before an opening.
_MAX_DISCLAIMERS = 3
#: "As an AI language model, I can provide …": the clause is passed over and the rest
#: of the sentence judged (LABELLING.md: a disclaimer inside the opening sentence).
_DISCLAIMER_CLAUSE_RE = LazyPattern(
    r"(?:(?:however|but|so),?\s+)?as an? (?:ai|artificial intelligence|(?:large |ai )?"
    r"language model|(?:ai |virtual |digital )?assistant)(?:\s+[\w-]+){0,3}?,\s+(?=i\b)"
)
#: What the assistant offers to do after a disclaimer: "However, I can provide you with
#: a list of …", "I can tell you why …". Not "I can tell you that …", which goes on to
#: an answer, nor an offer to help with another task ("I can help you find …").
_OFFER_INSTEAD_RE = LazyPattern(
    r"(?:(?:however|but|that said|instead|still|so),?\s+)?"
    r"(?:i can|i'll|i will|i could|i'd|i would|i am able to|i'm able to|what i can do is(?: to)?)"
    r" (?:be happy to |gladly )?(?:provide|give|tell|share|suggest|offer|outline|"
    r"list|explain|describe|walk|recommend|discuss)\b(?! you that\b| that\b)"
)
#: Request words that name no subject, in such an offer: "However, I can give you general
#: information based on my knowledge" offers nothing the request named.
_GENERIC_OBJECT_WORDS = frozenset(
    content_words(["information", "general", "knowledge", "help", "idea", "question", "answer"])
)
#: A connective that carries on after a disclaimer: "However, I can give you …".
_CONNECTIVE_RE = LazyPattern(r"(?:however|but|that said|nevertheless|instead|still),?\s+")


#: A request for a piece of writing: its opening sentence is the piece (LABELLING.md,
#: decided after batch 3), only a lead-in before it ("Here is an essay on X:") is judged.
_REQUESTED_TEXT_RE = LazyPattern(
    r"\b(?:write|compose|draft|create|generate|prepare|produce)\b[^.?!\n]{0,40}?"
    r"\b(?:essay|article|blog post|post|description|analysis|report|review|summary|bio|"
    r"biography|paragraph|introduction|speech|letter|statement|proposal|press release|"
    r"newsletter|caption|advertisement|ad copy|\d+ words)\b"
    r"|\bneed (?:about |around )?\d+[- ]words?\b"
)


@functools.lru_cache(maxsize=1024)
def asks_for_text(message_text: str) -> bool:
    """Whether the request (lower-cased) asks for a piece of writing (remembered per
    request: datasets answer each request many times)."""
    return _REQUESTED_TEXT_RE.search(message_text) is not None


def opening_parts(lower: str, start: int, end: int) -> tuple[int, int]:
    """Where the words of ``lower[start:end]`` begin past leading interjections ("Sure,
    "), and where they begin past an "As an AI, " clause after those (the same place
    when there is none)."""
    sentence = lower[start:end]
    words = start + len(sentence) - len(sentence.lstrip())
    interjection = _INTERJECTION_RE.match(lower[words:end])
    if interjection is not None:
        words += interjection.end()
    clause = _DISCLAIMER_CLAUSE_RE.match(lower, words, end)
    return words, clause.end() if clause else words


def is_disclaimer(
    lower: str, start: int, end: int, words: int, after_clause: int, after: bool = False
) -> bool:
    """Whether ``lower[start:end]`` is a disclaimer, an apology or a warning that does
    not go on to a lead-in of its own (``words``, ``after_clause``: its
    :func:`opening_parts`; ``after``: whether one was passed over just before, which a
    sentence saying what the assistant cannot do carries on)."""
    # "As an AI, I can suggest …" is judged, "As an AI, I cannot …" is not; nor is "As an
    # AI, I have no opinions, but here are some X:", which goes on to a lead-in
    return (
        (
            _DISCLAIMER_RE.match(lower, after_clause, end) is not None
            or (after and _UNABLE_RE.search(lower, after_clause, end) is not None)
        )
        and lower[end - 1 : end] != ":"
        and _LATE_HERE_RE.search(lower, words, end) is None
    )


def is_pleasantry(lower: str, start: int, end: int) -> bool:
    """Whether ``lower[start:end]`` is only praise of the request, thanks for it or an
    offer to help."""
    sentence = lower[start:end].strip()
    if _THANKS_RE.fullmatch(sentence):
        return True
    if (
        not sentence.endswith("!")
        and len(sentence) > 20
        and "help" not in sentence
        and "assist" not in sentence
    ):
        return False  # praise ends with "!"; an offer names help
    if _INTERJECTION_RE.match(sentence + " "):  # (it ends in white space)
        rest = _INTERJECTION_RE.sub("", sentence + " ").strip()
        if not rest:  # "Of course!", "Sure.", but not "Yes." or "No.": they answer
            return _ANSWER_START_RE.match(sentence) is None
        sentence = rest
    return _PLEASANTRY_RE.fullmatch(sentence) is not None


#: An opening that only tells the user what they want, in other words: "I understand
#: you're looking to add some excitement to your evenings.", "It sounds like you want
#: to …". Announced, with or without the request's words ("I understand you're upset"
#: is empathy, not a request, and passes).
_PARAPHRASE_RE = LazyPattern(
    r"(?:(?:i|we) (?:understand|see|gather|hear)(?: that)?|it (?:sounds|seems)(?: like| that)?|"
    r"so,?) you(?:'re| are)? (?:(?:really|currently|simply|just)\s+)?(?:looking (?:to|for)|"
    r"want(?:ing)? to|would like to|'d like to|wish to|hoping to|trying to (?:find|learn|"
    r"figure out|understand|decide|get|make|improve|add)|interested in|curious about|"
    r"wondering (?:about|how|what|why|whether|if)|seeking|asking (?:about|how|what|for))\b"
    r"[^.!?:]*[.!]$"
)
#: A lead-in that says no, or that it is (im)possible, already answers: "Unfortunately,
#: it's not possible to cook an egg with sunlight alone, for several reasons:".
_ANSWERS_RE = LazyPattern(
    r"\b(?:not|never|cannot|can't|isn't|aren't|won't|doesn't|don't|no longer|impossible|"
    r"unlikely)\b"
)
_MIN_LEAD_IN_PURITY = 0.5
_LEAD_IN_WORDS = frozenset(
    [
        "here",
        "below",
        "following",
        "follows",
        "let's",
        "let",
        "i'll",
        "i",
        "you",
        "you'll",
        "we",
        "we'll",
        "these",
        "this",
        "is",
        "are",
        "can",
        "will",
        "would",
        "need",
        "should",
        "consider",
        "include",
    ]
)
_LEAD_IN_MIN_WORDS = 3
#: A colon line without a frame word needs this many words to be a lead-in, not a title.
_LABEL_MIN_WORDS = 5
_LOWER_WORD_RE = LazyPattern(r"[a-z0-9]+(?:'[a-z]+)?")
#: A source named only by generic words ("According to various studies and surveys,
#: the five most common causes of stress are:") is no source of its own (LABELLING.md:
#: generic category words are not content).
_GENERIC_SOURCE_TEXT = (
    "various many several some numerous multiple recent scientific studies study research "
    "researchers surveys survey experts data statistics sources reports and or"
)
_GENERIC_SOURCE_WORDS = frozenset(_GENERIC_SOURCE_TEXT.split())
#: Filler: an opening that only says the request is hard, has many answers, or would
#: have had an impact ("There are many ways to X.", "X can be challenging.").
#: Each shape of filler with the words one of which it needs: only the shapes whose
#: words the sentence has are searched (one big alternation scanned every sentence).
_FILLER_BRANCHES: tuple[tuple[frozenset[str], str], ...] = (
    (
        frozenset(
            [
                "challenging",
                "complex",
                "difficult",
                "multifaceted",
                "nuanced",
                "tricky",
                "subjective",
                "complicated",
                "significant",
                "great",
                "fascinating",
                "daunting",
                "intricate",
                "broad",
                "vast",
                "personal",
                "important",
            ]
        ),
        r"\b(?:can be|is|are|be|seems?|remains?|was) (?:(?:a|an|quite|very|often|rather|"
        r"incredibly|immensely|highly|truly|both|complex and|deeply|inherently)\s+)*"
        r"(?:challenging|complex|difficult|multifaceted|nuanced|tricky|subjective|complicated|"
        r"significant (?:undertaking|choice|decision)|great way|fascinating|daunting|intricate|"
        r"broad|vast|personal (?:choice|decision|preference)|important (?:decision|choice|"
        r"question))\b",
    ),
    (
        frozenset(["depend", "depends"]),
        r"\bdepends? (?:on|upon) (?:a |an |the )?(?:variety|number|range|host|multitude|several|"
        r"many|various|numerous|different|individual|your|personal|a few)\b",
    ),
    (
        frozenset(["involves", "requires", "takes"]),
        r"\b(?:involves|requires|takes) (?:several|many|a number of|various|careful|"
        r"a combination|multiple)\b",
    ),
    (
        frozenset(["difficult", "hard", "impossible", "challenging"]),
        r"\b(?:difficult|hard|impossible|challenging) to (?:predict|say|answer|determine|know|"
        r"estimate|pinpoint)\b",
    ),
    (
        frozenset(["there"]),
        r"^there (?:are|is) (?:many|several|a number of|a variety of|various|numerous|plenty of|"
        r"countless|lots of|a wide (?:range|variety|array) of|a few|some|a lot of|certain|"
        r"different|multiple)\b"
        r"|\bthere can be (?:several|many|a few|various)\b",
    ),
    (
        frozenset(["would", "could", "might"]),
        r"\b(?:would|could|might) (?:likely )?have (?:had )?(?:a |an )?(?:profound|significant|"
        r"major|huge|big|lasting|far-reaching|dramatic|enormous) (?:impact|effect|influence|"
        r"consequences|changes)\b"
        r"|\bwould (?:likely |probably )?have continued to\b"
        # "If the Beatles had never formed, the music landscape would likely have been
        # significantly altered.": only that the answer would differ
        r"|\b(?:would|could|might) (?:likely |probably )?have been (?:(?:very|vastly|"
        r"significantly|drastically|dramatically|profoundly|markedly|radically|"
        r"fundamentally|substantially|quite|much)\s+)+(?:different|altered|changed)\b"
        r"|\b(?:would|could|might) (?:likely )?(?:lead to|result in|bring about) (?:a |an )?"
        r"(?:profound|significant|major|huge|dramatic|fundamental|radical) (?:shift|change|"
        r"transformation)\b",
    ),
    (
        frozenset(
            [
                "effective",
                "essential",
                "popular",
                "common",
                "easy",
                "simple",
                "great",
                "good",
                "excellent",
                "fun",
                "rewarding",
            ]
        ),
        r"\b(?:is|are|can be) (?:an? )?(?:effective|essential|popular|common|easy|simple|great|"
        r"good|excellent|fun|rewarding) (?:way|step|part|process|task|tool)\b",
    ),
    (
        frozenset(["multifaceted", "multi", "faceted", "fronts", "ways", "taken"]),
        r"\bmulti-?faceted\b|\bon many fronts\b|\bin (?:many|several|various) ways\b"
        r"|\b(?:have|has) taken (?:steps|measures)\b",
    ),
    (
        # "Making bubble solution is easy and …", "Cleaning a showerhead is a breeze":
        # the request is easy, said before any step of it.
        frozenset(["easy", "simple", "straightforward", "breeze", "snap"]),
        r"\b(?:is|are|can be) (?:(?:quite|very|relatively|fairly|surprisingly|actually|pretty|"
        r"super|incredibly|really)\s+)?(?:easy|simple|straightforward|a breeze|a snap)"
        r"(?: (?:to do|process|task)\b| and (?:requires|needs|takes|only|can|quick|fun|"
        r"simple|easy|straightforward|inexpensive|cheap)\b|[,.!])",
    ),
    (
        # "You can dry out a wide variety of herbs.", "There are a variety of herbs that …"
        frozenset(["variety", "range", "array", "plethora", "multitude", "host"]),
        # Only as the claim itself, not in a description ("a dish made with a variety of
        # spices", "an engine that lets you create a wide variety of games").
        r"^there (?:are|is) (?:a |an )?(?:(?:wide|broad|great|vast|huge|whole)\s+)?(?:variety|"
        r"range|array|plethora|multitude|host) of\b"
        r"|^(?:you|we|one) (?:can|could|may) (?:[\w-]+ ){1,2}(?:a |an )(?:wide|broad|great|vast|"
        r"huge|whole) (?:variety|range|array) of\b",
    ),
    (
        # "The meaning of life is a philosophical question that has been debated …": it
        # says only that the request is a question.
        frozenset(["question", "questions", "topic", "subject", "debate", "mystery"]),
        r"\b(?:is|remains) (?:a|an|one of the) (?:[\w-]+ ){0,3}(?:question|questions|topic|"
        r"subject|debate|mystery)\b(?! of\b)",
    ),
    (
        frozenset(["consist", "consists", "made"]),
        r"\b(?:consists?|made up) of (?:several|many|various|a few|multiple)\b",
    ),
    (
        frozenset(
            [
                "many",
                "several",
                "various",
                "numerous",
                "few",
                "number",
                "multiple",
                "myriad",
                "combination",
            ]
        ),
        # (one word may qualify the noun: "for several compelling reasons")
        r"\b(?:many|several|various|numerous|a few|a number of|multiple|a myriad of|"
        r"a combination of) (?:[a-z-]+ )?(?:ways|"
        r"reasons|factors|components|steps|options|things|aspects|considerations|issues|"
        r"fronts|features|meanings|signs|benefits|strategies|methods|techniques|types|kinds|"
        r"theories|possibilities|challenges|causes|uses|changes|consequences|implications|"
        r"effects|outcomes|scenarios)\b",
    ),
    (
        frozenset(["essential", "crucial", "important", "key", "vital"]),
        r"\bis (?:essential|crucial|important|key|vital) (?:for|to|in)\b",
    ),
)
_FILLER_PATTERNS = tuple((words, LazyPattern(source)) for words, source in _FILLER_BRANCHES)
#: All of them in one.
_FILLER_RE = LazyPattern("|".join(f"(?:{source})" for _, source in _FILLER_BRANCHES))
#: Every filler holds one of these words (a cheap test before the patterns).
_FILLER_WORDS = frozenset().union(*(words for words, _ in _FILLER_BRANCHES))


def is_filler(sentence: str, words: list[str]) -> bool:
    """Whether ``sentence`` (lower-cased, its words ``words``) has the shape of a filler."""
    found = _FILLER_WORDS.intersection(words)
    return bool(found) and any(
        not found.isdisjoint(anchors) and pattern.search(sentence) is not None
        for anchors, pattern in _FILLER_PATTERNS
    )


_FILLER_MIN_SHARED = 2
#: A request this short may have only one or two content words.
_SHORT_REQUEST_CHARS = 80
#: Words that evaluate or frame without stating a fact ("a rewarding and enjoyable
#: experience", "an essential skill", "a crucial element", "a meaningful and personal
#: ritual"): LABELLING.md decides they are not content. An opening whose words are the
#: request's and these only says the request is worth answering (a filler), and they do
#: not count against the purity of a lead-in line's first sentences.
_VAGUE_TEXT = (
    "rewarding enjoyable fun easy simple valuable essential critical crucial vital important "
    "importance utmost meaningful significant beautiful engaging effective popular great "
    "wonderful delightful satisfying challenging complex complicated difficult tricky "
    "fascinating interesting exciting useful helpful powerful excellent good perfect ideal "
    "incredible amazing fantastic relaxing refreshing unique personal compelling "
    "profound deeply truly incredibly highly relatively fairly quite really overall "
    "way experience process task activity skill element aspect journey practice approach "
    "endeavor endeavour undertaking adventure topic subject matter question issue thing "
    "several various numerous many variety range different multiple few "
    # generic category words (LABELLING.md, decided after batch 3): "various factors",
    # "technological, societal and economic factors", "a range of benefits"
    "factor reason benefit advantage consideration combination number host array wide "
    "key main major general technological societal social economic cultural "
    "environmental financial political emotional physical mental psychological individual "
    "logistical"
)
_VAGUE_WORDS = frozenset(filter(None, map(FOLDS.__getitem__, _VAGUE_TEXT.split())))
#: The verb of a vague filler: "X is / can be / makes / involves …".
_VAGUE_VERB_RE = LazyPattern(
    r"\b(?:is|are|can be|could be|has been|have been|remains?|seems?|becomes?|involves?|"
    r"requires?|offers?|makes?|provides?)\b"
)


def is_vague(words: list[str], message_text: str, any_vague: bool = False) -> bool:
    """Whether every content word of ``words`` is the request's or vague, with one vague
    (``any_vague``: or with none)."""
    vague = any_vague
    for word in content_words(words):
        if word in _VAGUE_WORDS:
            vague = True
        elif word not in message_text and word != "not":
            return False
    return vague


#: An offer after a filler: "X is a complex task, but I'll provide an informed speculation
#: based on current trends." (what the offer is based on is no reason for the filler).
_BUT_OFFER_RE = LazyPattern(
    r",? (?:but|however,?) (?:i'll|i will|i can|let's|let me|we'll|we can)\b"
)


def gives_reasons(sentence: str, message_text: str) -> bool:
    """Whether ``sentence`` (lower-cased) goes on to give reasons or examples ("because
    …", "including …", "due to …") that are more than the request's words and generic
    ones ("including cultural, social and individual factors": LABELLING.md)."""
    informative = _INFORMATIVE_RE.search(sentence)
    if informative is None or _BUT_OFFER_RE.search(sentence, 0, informative.start()):
        return False
    return not is_vague(_LOWER_WORD_RE.findall(sentence, informative.end()), message_text, True)


#: An exclamation that only echoes the topic: "The eternal struggle of cat owners!"
_EXCLAIM_MAX_WORDS = 10
_EXCLAIM_START_RE = LazyPattern(r"(?:a|an|the|ah|oh|ahh?,|what a|what an)\b")
_PERSONAL_RE = LazyPattern(r"\b(?:i|i'm|i've|we|my|our)\b")
#: A quoted term in an opening: 'One word for it is "distress."'.
_QUOTED_RE = LazyPattern('["\u201c]([^"\u201c\u201d\n]{1,80})["\u201d]')
DEFAULT_RESTATEMENT_CUES: tuple[str, ...] = tuple(_CUES_TEXT.split("|"))


def quotes_new_term(text: str, wanted: set[str]) -> bool:
    """Whether ``text`` quotes words that are not among the message's content words
    ``wanted``: an answer or a name of its own ('One word for it is "distress."', 'The new
    language that we'll call "NumLet" …')."""
    if '"' not in text and "\u201c" not in text:
        return False
    for quoted in _QUOTED_RE.findall(text):
        for word in content_words(_LOWER_WORD_RE.findall(quoted.lower())):
            if word not in wanted:
                return True
    return False


class Settings:
    """What a ``repeated_question`` rule's options set for the analysis of an opening
    (see the check's options for each)."""

    def __init__(
        self,
        *,
        similarity: float,
        overlap: float,
        purity: float,
        cue_overlap: float,
        min_question_words: int,
        opening_sentences: int,
        skip_titles: bool,
        report: tuple[str, ...],
        lead_in_words: int,
    ):
        self.similarity, self.overlap, self.purity = similarity, overlap, purity
        self.cue_overlap, self.min_question_words = cue_overlap, min_question_words
        self.opening_sentences, self.skip_titles = opening_sentences, skip_titles
        self.report, self.lead_in_words = report, lead_in_words


class Cues:
    """The phrases that announce a restatement, found in lower-cased plain text."""

    def __init__(self, phrases: tuple[str, ...]):
        cues = [words for words in (to_plain(c).lower().split() for c in phrases) if words]
        alternatives = [r"\s+".join(map(re.escape, words)) for words in cues]
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)") if cues else None
        )
        # The longest word of each cue: a match holds one (a cheap test before the search).
        words = dict.fromkeys(max(words, key=len) for words in cues)
        self.words = re.compile("|".join(map(re.escape, words)))

    def found(self, lower: str, start: int, end: int) -> bool:
        """Whether ``lower[start:end]`` holds a cue."""
        if self.pattern is None or self.words.search(lower, start, end) is None:
            return False
        return self.pattern.search(lower, start, end) is not None


class Opening:
    """How much one opening sentence of a response resembles the user's message.

    ``cued`` and ``maybe_pure`` (what :func:`may_be_pure` says) are measured first, by
    :func:`openings`; ``purity``, ``overlap`` and ``similarity`` on first use, after
    ``maybe_pure`` and ``similarity_bound`` show they could matter (each measured once:
    a negative value stands for "not yet").
    """

    def __init__(
        self,
        start: int,
        end: int,
        cued: bool,
        maybe_pure: bool,
        words: list[str],
        found: list[str],
        message: Message,
        framing: Framing | None = None,
        text: str = "",
        after_disclaimer: bool = False,
        message_text: str = "",
    ):
        self.start, self.end, self.cued, self.maybe_pure = start, end, cued, maybe_pure
        self.framing = framing
        self.after_disclaimer = after_disclaimer
        self._words, self._found, self._message = words, found, message
        self._text, self._message_text = text, message_text
        self._shared = -1
        self._purity = self._overlap = self._similarity = self._similarity_bound = -1.0

    @property
    def computes(self) -> bool:
        """Whether the opening works something out ("12 - 2 - 5 = 5"): an answer."""
        return "=" in self._text

    @property
    def quotes_an_answer(self) -> bool:
        """Whether the opening quotes words the message does not hold: the answer
        ('One word for people reacting to unpleasant events is "distress."')."""
        return quotes_new_term(self._text, self._message.wanted)

    @property
    def paraphrases(self) -> bool:
        """Whether the opening only says, in its own words, what the user wants."""
        sentence = _INTERJECTION_RE.sub("", self._text.strip().lower())
        return _PARAPHRASE_RE.match(sentence.replace("\u2019", "'")) is not None

    @property
    def fills(self) -> bool:
        """Whether the opening has the shape of a filler ("There are a few reasons why
        X:"), giving no reason or example."""
        sentence = _INTERJECTION_RE.sub("", self._text.strip().lower())
        return (
            not gives_reasons(sentence, self._message_text)
            and is_filler(sentence, _LOWER_WORD_RE.findall(sentence))
            and not _ALIAS_RE.search(sentence)
        )

    @property
    def new_number(self) -> bool:
        """Whether the opening holds a number the request does not: "To calculate the tip,
        multiply $47.50 by 0.14:" works something out."""
        message_text = self._message_text
        return any(word[0].isdigit() and word not in message_text for word in self._found)

    @property
    def glosses(self) -> bool:
        """Whether the opening glosses a name in words the request does not hold (see
        :func:`glosses`)."""
        return glosses(self._text, self._message_text)

    @property
    def shared_late(self) -> int:
        """How many distinct content words of the message a lead-in after a clause holds,
        from its "here are" on when the clause is a disclaimer (passed over): "I don't have
        personal experience with working from home, but here are some tips that might
        help:" names nothing the request asked. ("To make escargot, here is a recipe:"
        is judged whole.)"""
        lower = _INTERJECTION_RE.sub("", self._text.strip().lower())
        late = _LATE_HERE_RE.search(lower)
        if late is None or _DISCLAIMER_RE.match(lower, 0, late.start()) is None:
            return self.shared
        words = content_words(_LOWER_WORD_RE.findall(lower, late.start()))
        return len(self._message.wanted.intersection(words))

    @property
    def shared(self) -> int:
        """How many distinct content words of the message the opening holds."""
        if self._shared < 0:
            self._shared = len(self._message.wanted.intersection(self._found))
        return self._shared

    @property
    def offers_the_request(self) -> bool:
        """Whether, after a disclaimer, the opening offers what the request asked in its
        words ("However, I can provide you with some tips on how to look after the
        children:"): a lead-in, however few of its words are the request's. Not when
        it answers ("I can tell you that …"), offers another task ("I can help you find
        resources …"), or names the subject by an alias, nor when the only words it
        shares name no subject ("general information based on my knowledge")."""
        if not self.after_disclaimer:
            return False
        lower = self._text.lower()
        return (
            _OFFER_INSTEAD_RE.match(lower) is not None
            and _AIM_OR_ALIAS_RE.search(lower) is None
            and any(
                word not in _GENERIC_OBJECT_WORDS
                for word in self._message.wanted.intersection(self._found)
            )
        )

    @property
    def purity(self) -> float:
        """The share of the opening's content words that come from the message."""
        if self._purity < 0:
            wanted = self._message.wanted
            self._purity = sum(w in wanted for w in self._found) / len(self._found)
        return self._purity

    @property
    def overlap(self) -> float:
        """The largest share of a topic's content words the opening holds."""
        if self._overlap < 0:
            found = self._found
            self._overlap = max(
                len(t.intersection(found)) / len(t) if t else 0.0 for t in self._message.topics
            )
        return self._overlap

    @property
    def similarity(self) -> float:
        """The best word-sequence similarity with an asking part of the message."""
        if self._similarity < 0:
            matcher = difflib.SequenceMatcher(None, b=self._words, autojunk=False)  # indexed once
            best = 0.0
            for q in self._message.asked:
                matcher.set_seq1(q)
                best = max(best, matcher.ratio())
            self._similarity = best
        return self._similarity

    @property
    def similarity_bound(self) -> float:
        """At least :attr:`similarity`: matched words are at most the words in common.

        The words of an asking part that occur in the opening at all, fewer or as many,
        are counted first: usually they already show that the part cannot raise it.
        """
        if self._similarity_bound < 0:
            words = self._words
            bound = 0.0
            counts: Counter[str] | None = None
            for q in self._message.asked:
                total = len(q) + len(words)
                if 2.0 * min(len(q), len(words)) / total <= bound:
                    continue
                counts = counts if counts is not None else Counter(words)
                shared = [w for w in q if w in counts]
                if 2.0 * len(shared) / total <= bound:
                    continue
                left = dict(counts)
                common = 0
                for word in shared:  # each of the opening's words matched once
                    if left[word]:
                        left[word] -= 1
                        common += 1
                bound = max(bound, 2.0 * common / total)
            self._similarity_bound = bound
        return self._similarity_bound


def may_be_pure(found: list[str], message_text: str, purity: float) -> bool:
    """Whether an upper bound of the purity reaches ``purity``.

    The bound is the share of content words that occur in the message's lower-cased
    text: a content word from the message is a stem of one of its words, or a negation
    ("not") from "n't". It is given up as soon as the words missing put it below.
    """
    total = len(found)
    missing = 0
    for word in found:
        if word not in message_text and word != "not":
            missing += 1
            if (total - missing) / total < purity:
                return False
    return True


Framing = Literal["here", "late", "lead-in", "label", "title", "offer", "filler", "exclaim"]


def framing(
    lower: str, start: int, end: int, shared: int, message_text: str = ""
) -> Framing | None:
    """How an opening is shaped, when it may be a lead-in or a filler (see the module docs).

    ``shared`` bounds how many content words the opening has from the request: the
    shapes that need one (or two) are not looked for without. A negation in a colon
    lead-in answers, unless ``message_text`` (the request, lower-cased) holds one too
    ("Why can't banks …?"): then the lead-in echoes it.
    """
    if shared < 1:
        return None
    sentence = lower[start:end]
    if _INTERJECTION_RE.match(sentence):
        sentence = _INTERJECTION_RE.sub("", sentence)
    if _CONNECTIVE_RE.match(sentence):
        sentence = _CONNECTIVE_RE.sub("", sentence, count=1)
    if not sentence or sentence[0] in "#*`|>[":
        return None  # a heading, a bold label, code, a table, a quote, a link
    # (The words are split only on the paths that count them.)
    if _LEAD_IN_START_RE.match(sentence):
        return "here" if len(_LOWER_WORD_RE.findall(sentence)) >= _LEAD_IN_MIN_WORDS else None
    if _OFFER_RE.match(sentence):
        # ("I can tell you that ChatGPT is a language model": an answer follows)
        return None if _TELLS_THAT_RE.search(sentence, 0, _OFFER_SPAN) else "offer"
    if sentence.endswith(":"):
        if sentence.startswith("according to "):
            # names its source ("According to the 2022 QS rankings, here are …"), unless
            # the source is the request's own text ("According to the contract, …")
            source = [
                word
                for word in _LOWER_WORD_RE.findall(sentence[13:].partition(",")[0])
                if word not in ("the", "this", "that", "your", "given", "provided")
            ]
            if not source or (
                (len(source) > 2 or not all(w in message_text for w in source))
                and not _GENERIC_SOURCE_WORDS.issuperset(source)
            ):
                return None
        if _LATE_HERE_RE.search(sentence):
            return "late"  # "…, but here are some X:": judged from "here" on
        words = _LOWER_WORD_RE.findall(sentence)
        if len(words) < _LEAD_IN_MIN_WORDS or (
            _ANSWERS_RE.search(sentence) and not _ANSWERS_RE.search(message_text)
        ):
            return None  # "Unfortunately, it's not possible to X, for several reasons:"
        if _LEAD_IN_WORDS.intersection(words):
            return "lead-in"
        # A few words and a colon, with no frame word, title what follows ("Recipe for
        # Opor Ayam:", "Project Plan Example:"): a heading, not a lead-in (LABELLING.md).
        return "label" if len(words) >= _LABEL_MIN_WORDS else "title"
    exclaims = sentence.endswith(("!", "?"))
    # One shared word makes a filler only in a request of one or two content words (half
    # of them: "There are a variety of herbs that can be dried." after "What are some
    # herbs I can dry out?"), which a long request does not have.
    few = shared >= _FILLER_MIN_SHARED or len(message_text) <= _SHORT_REQUEST_CHARS
    if not few and not exclaims:
        return None
    words = _LOWER_WORD_RE.findall(sentence)
    if (
        exclaims
        and len(words) <= _EXCLAIM_MAX_WORDS
        and _EXCLAIM_START_RE.match(sentence)
        and not _PERSONAL_RE.search(sentence)
    ):
        return "exclaim"
    if not few:
        return None
    if gives_reasons(sentence, message_text):
        return None
    if (
        is_filler(sentence, words)
        or (
            _VAGUE_VERB_RE.search(sentence) is not None
            and not _PERSONAL_RE.search(sentence)  # "I am excited to announce …": requested text
            and is_vague(words, message_text)
        )
    ) and not _ALIAS_RE.search(sentence):  # "X, also known as Y, varies": an alias is content
        return "filler"
    return None


def is_symbols(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has no word but a symbol such as an emoji."""
    piece = text[start:end]
    return _WORD_CHAR_RE.search(piece) is None and any(
        unicodedata.category(char) == "So" for char in piece
    )


def openings(
    analysis: TextAnalysis,
    prompt_text: str,
    settings: Settings,
    cues: Cues,
    spans: Iterable[tuple[int, int]] | None = None,
) -> Iterator[Opening]:
    """The opening sentences of the response that may repeat the user's message.

    Sentences without content words ("Sure!") and, with ``skip_titles``, title lines
    do not count as openings; a sentence that is all the response says is not measured.
    An opening neither cued nor within the purity bound (most are) cannot be reported
    and is not yielded; the message is looked at no further than that needs.
    ``analysis``: the response's; ``prompt_text``: the message it answers; ``spans``:
    the response's :func:`pieces`, when already at hand.
    """
    message_text = to_plain(prompt_text).lower()
    text = analysis.text
    seen = passed = 0
    message: Message | None = None
    for start, end in pieces(analysis) if spans is None else spans:
        if (settings.skip_titles and is_title(text, start, end)) or in_code_block(analysis, start):
            if seen == 0 and is_symbols(text, start, end):
                return  # "🐱😼💕" after "Use emojis to convey …": the answer has begun
            continue  # (tested before the words: a title's are not needed)
        words = analysis.words_between(start, end)
        found = content_words(words)
        if not found:
            continue
        lower = analysis.lower_plain
        if (
            seen == 0
            and (
                lower[end - 1 : end] in ("!", ".")
                or (lower[end - 1 : end] == ":" and lower.startswith("here", start))
            )
            and is_pleasantry(lower, start, end)
        ):
            continue  # "A classic request! Here's …": the next sentence opens
        judged = start  # (past a leading "As an AI, " clause: reported whole, judged after)
        if seen == 0:
            words_at, after_clause = opening_parts(lower, start, end)
            if passed < _MAX_DISCLAIMERS and is_disclaimer(
                lower, start, end, words_at, after_clause, passed > 0
            ):
                passed += 1
                continue  # "As an AI, I can't browse. However, here are …": the next opens
            if after_clause != words_at:
                judged = after_clause
                words = analysis.words_between(judged, end)
                found = content_words(words)
                if not found:
                    continue
        seen += 1
        if _WORD_CHAR_RE.search(text, end) is None:  # no word after it: the whole answer
            break
        cued = cues.found(lower, judged, end)
        maybe_pure = may_be_pure(found, message_text, settings.purity)
        shared = len({word for word in found if word in message_text})
        shaped = framing(lower, judged, end, shared, message_text)
        if (passed or asks_for_text(message_text)) and shaped not in _LEAD_IN_SHAPES:
            # after a disclaimer only a lead-in restates: what else follows one
            # explains it ("Colour perception is subjective, …"); the first sentence of
            # an essay or article the user asked for is that text (LABELLING.md)
            cued = maybe_pure = False
            shaped = None
        if cued or maybe_pure or shaped:
            message = message or analysed_message(prompt_text, settings.min_question_words)
            if message is None:  # too short to compare
                return
            yield Opening(
                start,
                end,
                cued,
                maybe_pure,
                words,
                found,
                message,
                shaped,
                text[judged:end],
                after_disclaimer=passed > 0 or judged != start,
                message_text=message_text,
            )
        if seen >= settings.opening_sentences:
            break


def kind_of(opening: Opening, settings: Settings) -> Kind | None:
    """What kind of repetition the opening is, among those reported; None if fine."""
    if opening.framing == "title":
        return None  # "Recipe for Opor Ayam:": a title, even in the request's words
    pure = opening.maybe_pure and opening.purity >= settings.purity and not opening.quotes_an_answer
    if not pure and not opening.cued and opening.framing is None:
        return None
    report = settings.report
    kinds: list[Kind] = []
    if (
        pure
        and "echo" in report
        and opening.similarity_bound >= settings.similarity
        and opening.similarity >= settings.similarity
    ):
        kinds.append("echo")
    if pure and opening.overlap >= settings.overlap and not opening.computes:
        kinds.append("restatement")
    if opening.cued and (opening.overlap >= settings.cue_overlap or opening.paraphrases):
        kinds.append("announced")
    shape = opening.framing
    if (
        (shape == "here" and opening.shared >= settings.lead_in_words)
        or (shape == "late" and opening.shared_late >= settings.lead_in_words)
        or (shape == "offer" and opening.offers_the_request)
    ):
        kinds.append("lead-in")
    elif shape in ("lead-in", "offer") and opening.shared >= max(
        settings.lead_in_words, 2 if shape == "offer" else 1
    ):
        if opening.purity >= _MIN_LEAD_IN_PURITY and not opening.new_number:
            kinds.append("lead-in")
    elif (
        shape == "label"
        and opening.shared >= 2
        and opening.purity >= _MIN_LEAD_IN_PURITY
        and not opening.new_number
    ):
        kinds.append("lead-in")
    elif (
        shape == "filler"
        and (opening.shared >= _FILLER_MIN_SHARED or opening.overlap >= settings.cue_overlap)
    ) or (shape == "exclaim" and opening.shared >= 1):
        kinds.append("filler")
    if (
        shape in ("lead-in", "label")
        and "lead-in" not in kinds
        and (opening.shared >= _FILLER_MIN_SHARED or opening.overlap >= settings.cue_overlap)
        and opening.fills
    ):
        # a colon lead-in in a filler's shape: "There are a few reasons why turkeys became
        # associated with Thanksgiving in the U.S.:"
        kinds.append("filler")
    kind = next((kind for kind in kinds if kind in report), None)
    if kind is not None and opening.glosses:
        return None  # "Certified Public Accountant (CPA)" after "CPA": a gloss is content
    return kind


#: The announcing end of a lead-in line: "… Here are some examples:", "… include:".
_LINE_LEAD_RE = LazyPattern(
    r"(?:\bhere(?:'s| is| are)\b|\bbelow (?:is|are)\b|\bthe following\b|\binclude:$)"
)
#: A plain yes or no answers the request: "No, the crane could not lift Mount Everest."
_ANSWER_START_RE = LazyPattern(r"(?:yes|no)\b")
_SENTENCE_BREAK_RE = LazyPattern(r"[.!?][\"')\]*]*\s")
#: A lead-in line holds at most this many sentences (the last one announcing).
_LINE_MAX_PIECES = 3
#: Words before an announcing sentence that may name the request on its own.
_LINE_MAX_PREFIX_WORDS = 8
_LATE_LEAD_START_RE = LazyPattern(r"(?:here(?:'s| is| are)|below (?:is|are))\b(?! why\b)")
#: A digit, or a capitalised word inside a sentence (a name): the sentences state facts.
_FACT_RE = LazyPattern(r"\d|(?<=[a-z,;] )[A-Z][a-z]")
_LINE_MIN_SHARED = 2
_LINE_MIN_PURITY = 0.4
_NAME_RE = LazyPattern(r"[A-Za-z][\w-]*")


def states_fact(text: str, start: int, end: int, message_text: str) -> bool:
    """Whether ``text[start:end]`` holds a digit or a name the request (``message_text``,
    lower-cased) does not: "Python and JavaScript are two popular programming
    languages." names only what was asked about."""
    for found in _FACT_RE.finditer(text, start, end):
        name = _NAME_RE.match(text, found.start())  # (None for a digit)
        if name is None or name.group().lower() not in message_text:
            return True
    return False


def _may_be_lead_in_line(text: str, skip_titles: bool) -> bool:
    """Whether the first line of words (past titles) ends with a colon and announces."""
    position, size = 0, len(text)
    while position < size:
        end = text.find("\n", position)
        end = size if end < 0 else end
        line = text[position:end].strip()
        if line:
            if line.startswith(("```", "~~~")):
                return False
            start = text.index(line[0], position)
            if not (skip_titles and is_title(text, start, start + len(line))):
                return (
                    line.endswith(":")
                    and _SENTENCE_BREAK_RE.search(line) is not None  # two sentences or more
                    and _LINE_LEAD_RE.search(line.lower()) is not None
                )
        position = end + 1
    return False


def lead_in_line(
    analysis: TextAnalysis,
    prompt_text: str,
    settings: Settings,
    spans: Iterable[tuple[int, int]] | None = None,
) -> tuple[int, int] | None:
    """The opening line when it is a lead-in of a few sentences that ends with a colon.

    "Many famous actors began their careers on Broadway. Here are some of them:": the
    labelling guide judges the first line when it ends with a colon, so sentences
    before an announcing "Here are …:" that hold the request's content words (at least
    two, and a share of :data:`_LINE_MIN_PURITY` of their own) restate it.
    """
    text = analysis.text
    if ":" not in text or not _may_be_lead_in_line(text, settings.skip_titles):
        return None
    first: tuple[int, int] | None = None
    parts: list[tuple[int, int]] = []
    line_end = -1
    for start, end in pieces(analysis) if spans is None else spans:
        if first is None:
            if (settings.skip_titles and is_title(text, start, end)) or in_code_block(
                analysis, start
            ):
                continue
            first = (start, end)
            line_end = text.find("\n", start)
            if line_end < 0:
                return None  # one line: the whole answer
        if start >= line_end:
            break
        parts.append((start, end))
        if len(parts) > _LINE_MAX_PIECES:
            return None
    if first is None or len(parts) < 2 or not text.endswith(":", 0, parts[-1][1]):
        return None
    lower = analysis.lower_plain
    last_start, last_end = parts[-1]
    if _LINE_LEAD_RE.search(lower, last_start, last_end) is None:
        return None
    while len(parts) > 2 and _DISCLAIMER_RE.match(lower, *parts[0]):
        # "I'm so sorry to hear that. Losing a pet is never easy. Here are some ways you
        # can comfort your friend:": an apology or disclaimer is passed over (LABELLING.md)
        del parts[0]
        first = parts[0]
    if "`" in text[first[0] : last_start]:
        return None  # inline code names a command, a function: information
    before = lower[first[0] : last_start]
    if _INFORMATIVE_RE.search(before) or (
        _ANSWER_START_RE.match(before) and not _FILLER_RE.search(before)
    ):
        return None  # gives reasons or examples, or answers yes or no
    found = content_words(analysis.words_between(first[0], last_start))
    message = analysed_message(prompt_text, settings.min_question_words)
    if message is None:
        return None
    wanted = message.wanted
    if len(found) >= _LINE_MIN_SHARED and not _ALIAS_RE.search(before):
        shared = len(wanted.intersection(found))
        # (vague words are no content: they neither add to nor take from the purity)
        counted = [w for w in found if w in wanted or w not in _VAGUE_WORDS]
        purity = sum(w in wanted for w in counted) / len(counted) if counted else 0.0
        if shared >= _LINE_MIN_SHARED and purity >= _LINE_MIN_PURITY:
            return _unless_named(text, first[0], last_start, last_end, message)
    # "Of course! Here's a recipe for chocolate chip cookies:", "Exciting! Here are some
    # names for a friendly Telegram group:": the announcing sentence names the request
    # itself, after a few words that state no fact (no digit, no name). Or after a
    # sentence that only praises the request's subject: "Conflict resolution is an
    # essential skill in the workplace that helps teams work together. Here are some of
    # the most effective strategies for conflict resolution in the workplace:".
    if not _LATE_LEAD_START_RE.match(lower, last_start) or states_fact(
        text, first[0], last_start, message.prompt.lower_plain
    ):
        return None
    short = (
        len(found) <= _LINE_MAX_PREFIX_WORDS  # (content words: at most the words)
        and len(analysis.words_between(first[0], last_start)) <= _LINE_MAX_PREFIX_WORDS
    )
    if not short and not praises_subject(found, wanted, before):
        return None
    announced = content_words(analysis.words_between(last_start, last_end))
    if (
        announced
        and len(wanted.intersection(announced)) >= _LINE_MIN_SHARED
        and sum(w in wanted for w in announced) / len(announced) >= _MIN_LEAD_IN_PURITY
    ):
        return _unless_named(text, first[0], last_start, last_end, message)
    return None


def _unless_named(
    text: str, start: int, last_start: int, end: int, message: Message
) -> tuple[int, int] | None:
    """The lead-in line ``text[start:end]`` (its announcing sentence from
    ``last_start``), unless it glosses a name ("You can check your drive with the CHKDSK
    (Check Disk) tool. Here are the steps:") or, before it announces, quotes a term of its
    own ('The new language that we'll call "NumLet" … Here's how it works:'): content."""
    if glosses(text[start:end], message.prompt.lower_plain) or quotes_new_term(
        text[start:last_start], message.wanted
    ):
        return None
    return start, end


#: How many of its first content words name the request's subject in a praising
#: sentence ("Conflict resolution is an essential skill …").
_SUBJECT_WORDS = 2


#: What such a sentence may not do: give an aim ("for building awareness", "looking
#: to …"), an alias ("often referred to as off-grid homes"): content (LABELLING.md).
_AIM_OR_ALIAS_RE = LazyPattern(
    r"\bfor (?:[a-z]+ )?[a-z]+ing\b|\b(?:looking|aiming|seeking|in order) to\b|"
    r"\b(?:referred to|known|also called|called)\b"
)


_ALIAS_RE = LazyPattern(r"\b(?:referred to as|(?:also |often |commonly )?known as|also called)\b")
#: A name with its abbreviation in brackets, or the other way round: "Certified Public
#: Accountant (CPA)", "CHKDSK (Check Disk)" (group 1 or 2 is the name spelled out).
_ACRONYM_RE = LazyPattern(
    r"\b([A-Z][\w-]*(?:\s+(?:[A-Z&][\w-]*|of|and|for|the|to|in|on))*)\s+\([A-Z][A-Za-z]*[A-Z]s?\)"
    r"|\b[A-Z][A-Z0-9]+s?\s+\(([A-Z][\w-]*(?:\s+[A-Za-z&][\w-]*)*)\)"
)


#: A name glossed by an apposition: "Here's a recipe for Mine Frite, a popular Mauritian
#: street food:" (what the gloss says runs to the end of the clause).
_APPOSITION_RE = LazyPattern(
    r"\b[A-Z][\w'-]*, (?:a|an) (?!(?:[\w-]+ )*?(?:is|are|should|must|can|will|would|may|"
    r"needs?)\b)([^,;:.!?]+)"
)


def glosses(text: str, message_text: str) -> bool:
    """Whether ``text`` glosses a name with words the request (``message_text``,
    lower-cased) does not hold, by an apposition ("Mine Frite, a popular Mauritian street
    food") or by spelling out an abbreviation (:func:`spells_out`): LABELLING.md decides
    that a gloss is content."""
    if ", a" in text:
        for found in _APPOSITION_RE.finditer(text):
            words = content_words(_LOWER_WORD_RE.findall(found.group(1).lower()))
            if any(word not in message_text and word not in _VAGUE_WORDS for word in words):
                return True
    return spells_out(text, message_text)


def spells_out(text: str, message_text: str) -> bool:
    """Whether ``text`` spells out an abbreviation with words the request (``message_text``,
    lower-cased) does not hold: "Becoming a Certified Public Accountant (CPA) involves
    several steps." after "How long does it take to become a CPA?" (a gloss is content,
    LABELLING.md); "Artificial Intelligence (AI)" after "artificial intelligence" adds
    nothing."""
    if "(" not in text:
        return False
    for found in _ACRONYM_RE.finditer(text):
        name = (found.group(1) or found.group(2)).lower()
        if any(word not in message_text for word in content_words(_LOWER_WORD_RE.findall(name))):
            return True
    return False


def praises_subject(found: list[str], wanted: set[str], lower: str) -> bool:
    """Whether content words ``found`` of ``lower`` open with the request's subject and
    hold a vague evaluative word, with no aim or alias ("Developing critical thinking is
    a valuable process that …")."""
    head = found[:_SUBJECT_WORDS]
    return (
        len(head) == _SUBJECT_WORDS
        and all(word in wanted for word in head)
        and any(word in _VAGUE_WORDS for word in found[_SUBJECT_WORDS:])
        and _AIM_OR_ALIAS_RE.search(lower) is None
    )


class Pieces:
    """The :func:`pieces` of one response, found once for several walks over them.

    Held by one call of the check only (an analysis holding its own walk would hold
    itself, and be left to the cycle collector).
    """

    def __init__(self, analysis: TextAnalysis):
        self._found: list[tuple[int, int]] = []
        self._rest = pieces(analysis)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        found = self._found
        index = 0
        while True:
            if index == len(found):
                piece = next(self._rest, None)
                if piece is None:
                    return
                found.append(piece)
            yield found[index]
            index += 1
