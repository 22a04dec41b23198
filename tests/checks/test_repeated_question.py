"""The ``repeated_question`` check, on made-up cases and on real AlpacaEval responses."""

from __future__ import annotations

import functools
import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from conftest import run_check
from guidelint.checks.question_words import analysed_message, is_title
from guidelint.checks.repeated_question import (
    DEFAULT_RESTATEMENT_CUES,
    Cues,
    RepeatedQuestionCheck,
    content_words,
)

EMAIL = "How can I change the email address on my account?"
SLEEP = "What are the best ways to improve sleep quality at night?"
RESET = "How do I reset my password on the mobile app?"

# (options, instruction, response, expected (kind, sentence) or None)
PLAN_TITLED = "Project Plan Example:\n\n1. Define the scope\n2. Set the goals"

CASES: list[tuple[dict[str, Any], str | None, str, tuple[str, str] | None]] = [
    # Echo: the question copied, then the answer.
    ({}, EMAIL, f"{EMAIL} Open Settings, then Account.", ("echo", EMAIL)),
    (
        {},
        "What’s the fastest way to get a refund for a damaged item?",
        "What's the fastest way to get a refund for a damaged item? Write to us.",
        ("echo", "What's the fastest way to get a refund for a damaged item?"),
    ),
    # Restatement: a lead-in made of the request's words.
    (
        {},
        SLEEP,
        "Here are some ways to improve your sleep quality at night:\n\n1. Keep a schedule.",
        ("restatement", "Here are some ways to improve your sleep quality at night:"),
    ),
    (
        {},
        RESET,
        "# Password help\n\nSure!\nTo reset your password on the mobile app, follow these steps:"
        "\n1. Open Settings.",
        ("restatement", "To reset your password on the mobile app, follow these steps:"),
    ),
    # Announced: "You asked …", "I understand you want …".
    (
        {},
        RESET,
        "You asked how to reset your password on the mobile app. Open Settings.",
        ("announced", "You asked how to reset your password on the mobile app."),
    ),
    (
        {},
        "Can I cancel my subscription before the renewal date?",
        "I understand you want to cancel your subscription before the renewal date. "
        "You can do it in Billing.",
        ("announced", "I understand you want to cancel your subscription before the renewal date."),
    ),
    ({}, RESET, "Thank you for your question! Open Settings and tap Reset.", None),
    # Direct answers reuse the key nouns but carry the answer.
    ({}, "What is the capital of France?", "The capital of France is Paris. It is big.", None),
    (
        {},
        "Is it safe to eat raw eggs?",
        "No, it is not safe to eat raw eggs. They carry risks.",
        None,
    ),
    (
        {},
        "How do I improve my credit score quickly?",
        "Paying down card balances is the fastest way to raise a credit score. Start there.",
        None,
    ),
    # Short questions and quotations are not compared.
    ({}, "Why not?", "Why not? Because it is late.", None),
    ({"min_question_words": 2}, "Why not?", "Why not? Because it is late.", ("echo", "Why not?")),
    # Material to work on: quoted, or introduced by a line ending with ":".
    (
        {},
        'Rewrite in the passive voice: "The committee approved the new budget on Monday."',
        "The new budget was approved by the committee on Monday. The focus moves to the budget.",
        None,
    ),
    (
        {},
        "Complete the following company description:\n"
        "Hippoplaisir is a counseling provider based in Belgium that specializes in",
        "Hippoplaisir is a counseling provider based in Belgium that specializes in equine "
        "therapy. Our team is licensed.",
        None,
    ),
    # An opening that is the whole response is the answer.
    ({}, "Correct the grammar: She go to school every day.", "She goes to school every day.", None),
    ({}, EMAIL, EMAIL, None),
    # Only the first opening sentence by default.
    ({}, EMAIL, f"Good morning to you today. {EMAIL} Open Settings.", None),
    (
        {"opening_sentences": 2},
        EMAIL,
        f"Good morning to you today. {EMAIL} Open Settings.",
        ("echo", EMAIL),
    ),
    # Titles count unless skipped.
    (
        {"skip_titles": False},
        RESET,
        "**Reset**\n\nTo reset your password on the mobile app, go.",
        None,
    ),
    # Code is not an opening sentence.
    ({}, EMAIL, f"```\n{EMAIL}\n```\nOpen Settings.", None),
    ({}, EMAIL, f"```\nprint()\n```\n{EMAIL} Open Settings.", ("echo", EMAIL)),
    # Only the kinds asked for.
    (
        {"report": ["echo", "announced"]},
        SLEEP,
        "Here are some ways to improve your sleep quality at night:\n\n1. Keep a schedule.",
        None,
    ),
    # A lead-in line: sentences before "Here are …:" that hold the request's words.
    (
        {},
        "Which famous actors started their careers on Broadway?",
        "Many famous actors started on Broadway before film. Here are some of them:\n\n1. A",
        (
            "lead-in",
            "Many famous actors started on Broadway before film. Here are some of them:",
        ),
    ),
    # ... not when they answer yes or no, give examples or name a command.
    (
        {},
        "Can a mobile crane lift Mount Everest?",
        "No, a mobile crane could not lift Mount Everest. Here are the reasons:\n\n1. Mass",
        None,
    ),
    (
        {},
        "How can I copy a directory of files between two remote servers?",
        "To copy a directory between servers, use `rsync` over SSH. Here's how:\n\n1. Log in",
        None,
    ),
    (
        {},
        "Which famous actors started their careers on Broadway?",
        "Famous actors started on Broadway, such as Hugh Jackman. Here are more:\n\n1. A",
        None,
    ),
    # "…, but here are some X:" after a clause of its own.
    (
        {},
        "What are some good ways to save money on groceries?",
        "I keep no list of my own, but here are some ways to save on groceries:\n\n1. Plan",
        (
            "lead-in",
            "I keep no list of my own, but here are some ways to save on groceries:",
        ),
    ),
    # A pleasantry first (praise of the request, an offer to help with "that"): the
    # sentence after it is the opening.
    (
        {},
        "Can you make ASCII art? If so, can you show me a house?",
        "A classic request! Here's a simple ASCII art house for you:\n\n```\n| DOOR |\n```",
        ("restatement", "Here's a simple ASCII art house for you:"),
    ),
    (
        {},
        "Can you tell me how to make chocolate chip cookies?",
        "Sure, I'd be happy to help with that! Here's a recipe for chocolate chip cookies:"
        "\n\n* 2 cups flour",
        ("lead-in", "Here's a recipe for chocolate chip cookies:"),
    ),
    # ... and praise alone, then the answer, is fine ("Great question!" in LABELLING.md).
    (
        {},
        "Who was the first lead vocal for the rock band Starship?",
        "A great question about a legendary band!\n\nThe answer is Mickey Thomas, who sang lead.",
        None,
    ),
    # Not a pleasantry: a sentence about the topic that ends in "!".
    (
        {},
        "What are some good ways to save money on groceries?",
        "Saving money on groceries is a great way to save!\n\nPlan meals weekly.",
        ("restatement", "Saving money on groceries is a great way to save!"),
    ),
    # Fillers: "X is easy", "a wide variety of X", said before any of the answer.
    (
        {},
        "How can I make bubble solution?",
        "Making bubble solution is easy and requires just a few ingredients. Mix water and soap.",
        ("filler", "Making bubble solution is easy and requires just a few ingredients."),
    ),
    (
        {},
        "What are some herbs I can dry out?",
        "You can dry out a wide variety of herbs. Basil, oregano and thyme dry well.",
        ("filler", "You can dry out a wide variety of herbs."),
    ),
    # A lead-in that names its source adds information.
    (
        {},
        "What are some of the best universities for studying robotics?",
        "According to the 2022 QS rankings, here are the best universities for robotics:\n\n1. MIT",
        None,
    ),
    # ... but a variety inside a description, or "easy" with a fact, passes.
    (
        {},
        "We're six people on Plus accounts and want a Teams plan. How does the migration work?",
        "Moving six Plus accounts to a Teams plan is straightforward and nobody loses files. "
        "The owner creates the plan first.",
        None,
    ),
    (
        {},
        "Can you give me a recipe for Tunisian Kammounia with chickpeas?",
        "Kammounia is a Tunisian stew made with chickpeas and a variety of spices. Soak them.",
        None,
    ),
    # A colon lead-in that already says no answers the request ...
    (
        {},
        "Can you cook an egg only using direct sunlight anywhere in our solar system?",
        "What an intriguing question!\n\nIt's not possible to cook an egg with sunlight alone in"
        " most of our solar system, for several reasons:\n\n1. Intensity",
        None,
    ),
    # ... unless the request asked in the negative ("Why can't …?"): then it echoes it.
    (
        {},
        "Why can't banks use cash as capital as a buffer for potential losses?",
        "Banks cannot use cash as capital as a buffer for potential losses for several reasons:"
        "\n\n1. Liquidity",
        (
            "restatement",
            "Banks cannot use cash as capital as a buffer for potential losses for "
            "several reasons:",
        ),
    ),
    # What the user wants, in other words: announced without the request's words.
    (
        {},
        "How can I spice things up in the bedroom?",
        "I understand you're looking to add some excitement to your intimate life. Talk first.",
        (
            "announced",
            "I understand you're looking to add some excitement to your intimate life.",
        ),
    ),
    # Empathy is not a paraphrase of the request.
    (
        {},
        "How can I spice things up in the bedroom?",
        "I understand you're feeling stuck. Talk openly with your partner first.",
        None,
    ),
    # A first line that ends with a colon: a few words, then an announcing sentence that
    # names the request ...
    (
        {},
        "Suggest some names for a friendly group in telegram.",
        "Exciting! Here are some name suggestions for a friendly Telegram group:\n\n1. Sunny",
        (
            "lead-in",
            "Exciting! Here are some name suggestions for a friendly Telegram group:",
        ),
    ),
    # ... but not after words that state a fact.
    (
        {},
        "What do the Wyoming statutes say about public nudity?",
        "In 2019, three statutes applied. Here are the Wyoming statutes about public nudity:"
        "\n\n1. Indecent exposure",
        None,
    ),
    # Round five (LABELLING.md, "Decided after batch 2"): vague evaluative words are no
    # content, so the request's words and such words only are a filler ...
    (
        {},
        "How can I learn to play the piano?",
        "Learning to play the piano can be a rewarding and enjoyable experience. Start slowly.",
        (
            "filler",
            "Learning to play the piano can be a rewarding and enjoyable experience.",
        ),
    ),
    # ... not in the first person (the text the user asked for) or with a fact of its own,
    (
        {},
        "Write a short post announcing my new job.",
        "I am excited to announce my new job! Thanks.",
        None,
    ),
    (
        {},
        "How can I learn to play the piano?",
        "Learning to play the piano takes about six months of daily practice. Start slowly.",
        None,
    ),
    # ... and they do not count against the purity of a lead-in line.
    (
        {},
        "What are some ways to build a budget?",
        "Building a budget is a simple and rewarding process that gives you peace of mind. "
        "Here are some ways to start:\n\n1. Track spending",
        (
            "lead-in",
            "Building a budget is a simple and rewarding process that gives you peace of mind. "
            "Here are some ways to start:",
        ),
    ),
    # A disclaimer, then "but there are several X:" names the request.
    (
        {},
        "How can you tell if someone is interested in a conversation?",
        "As an AI, I can't read minds, but there are several signs that someone is "
        "interested in a conversation:\n\n- Eye contact",
        (
            "lead-in",
            "As an AI, I can't read minds, but there are several signs that someone is "
            "interested in a conversation:",
        ),
    ),
    # Saying the request is a question, or has several (compelling) reasons, is a filler;
    # "a topic of" something names what it is.
    (
        {},
        "What is the meaning of life?",
        "The meaning of life is a philosophical question that has been debated for ages. "
        "Some find it in love.",
        (
            "filler",
            "The meaning of life is a philosophical question that has been debated for ages.",
        ),
    ),
    (
        {},
        "What is the meaning of life?",
        "The meaning of life is a topic of a famous novel, whose answer is 42. Read it.",
        None,
    ),
    (
        {},
        "Write about the importance of documenting history for the future.",
        "Documenting history matters for the future for several compelling reasons. First, "
        "memory fades.",
        (
            "filler",
            "Documenting history matters for the future for several compelling reasons.",
        ),
    ),
    # "According to" the request's own text is no source of its own.
    (
        {},
        "Read the contract below and extract the parties of the agreement.",
        "According to the contract, the parties to the agreement are:\n\n1. Good Co",
        ("lead-in", "According to the contract, the parties to the agreement are:"),
    ),
    (
        {},
        "What are the best universities for studying robotics?",
        "According to the 2022 QS rankings, the best universities for robotics are:\n\n1. MIT",
        None,
    ),
    # A quoted term the request does not hold is the answer, not a restatement; quoting
    # the request's own words is not.
    (
        {},
        "Find a word that represents people reacting to unpleasant events.",
        'One word that represents people reacting to unpleasant events is "distress." It '
        "covers both.",
        None,
    ),
    (
        {},
        "Find a word that represents people reacting to unpleasant events.",
        'One word that represents "people reacting to unpleasant events" is this one. Distress.',
        (
            "restatement",
            'One word that represents "people reacting to unpleasant events" is this one.',
        ),
    ),
    # "I'm glad you're excited about X" acknowledges what the user said of themselves:
    # empathy, not a restatement (LABELLING.md, decided after batch 3) ...
    (
        {},
        "My favourite review of the new fantasy series is this:",
        "I'm glad you're excited about the new fantasy series! However, I can't see it.",
        None,
    ),
    # ... "I'm glad you're interested in X" after a plain question is judged.
    (
        {},
        "What is the history of the new fantasy series and its books?",
        "I'm glad you're interested in the history of the new fantasy series and its books!"
        " It began in 1954.",
        (
            "announced",
            "I'm glad you're interested in the history of the new fantasy series and its books!",
        ),
    ),
    # A few words and a colon title what follows; a frame word makes a lead-in.
    ({}, "Give me a digital transformation project plan example", PLAN_TITLED, None),
    # Cues of one's own; a cued opening is compared only with a long enough message.
    (
        {"restatement_cues": ["as requested"]},
        RESET,
        "As requested, here is how to reset your password on the app. Open Settings.",
        ("announced", "As requested, here is how to reset your password on the app."),
    ),
    ({"restatement_cues": []}, RESET, "You asked how to reset your password. Go.", None),
    ({}, "Reset my password?", "You asked how to reset your password. Open Settings.", None),
    # An indented fence opens a code block too.
    ({}, EMAIL, f"  ~~~\n  {EMAIL}\n  ~~~\nOpen Settings.", None),
    # LABELLING.md, decided after batch 3: a disclaimer, apology or warning before a
    # lead-in is passed over, and so is a disclaimer clause inside the opening sentence.
    (
        {},
        "Can you list the top 20 films between 1930 and 1940 in the US public domain?",
        "As an AI language model, I don't have access to databases. However, I can provide"
        " you with a list of popular films between 1930 and 1940 in the US public domain."
        " Note that it may be incomplete.\n\n1. His Girl Friday",
        (
            "lead-in",
            "However, I can provide you with a list of popular films between 1930 and 1940"
            " in the US public domain.",
        ),
    ),
    (
        {},
        "What are some good books to buy for a science fiction fan?",
        "As an AI language model, I can suggest some good science fiction books to buy."
        " Dune is the classic.",
        (
            "lead-in",
            "As an AI language model, I can suggest some good science fiction books to buy.",
        ),
    ),
    # ... but what follows a disclaimer is judged only as a lead-in: an explanation
    # after a refusal is not a filler.
    (
        {},
        "What CSS code gives a light red colour with a medium light shade of pink?",
        "I can't give you exact CSS code for that without more specifics. A light red"
        " colour with a medium light shade of pink depends on many factors. Try #F08080.",
        None,
    ),
    # ... and a disclaimer that goes on to a lead-in of its own is judged whole.
    (
        {},
        "What are some good ways to spread ashes?",
        "As an AI language model, I don't have beliefs, but here are some ways to spread"
        " ashes:\n\n1. At sea",
        (
            "lead-in",
            "As an AI language model, I don't have beliefs, but here are some ways to spread"
            " ashes:",
        ),
    ),
    # A title in the request's words is a title: a few words and a colon, no frame word.
    (
        {},
        "Can you give me a recipe for Opor Ayam?",
        "Recipe for Opor Ayam:\n\nIngredients:\n- 1 whole chicken\n- 2 cups coconut milk",
        None,
    ),
    # A lead-in line whose first sentence gives the dish another name is content
    # (LABELLING.md: an alias the request did not hold).
    (
        {},
        "I am interested in trying some Argentinian dishes. Can you give me a recipe for"
        " Milanesa de peceto, a popular and delicious dish?",
        "Sure! Milanesa de peceto, also known as Veal Milanese, is a popular and delicious"
        " dish in Argentina. Here's a recipe for you to try:\n\nIngredients:\n- 1 peceto",
        None,
    ),
    # Thanks for the question are a pleasantry: the sentence after them opens.
    (
        {},
        "What are the major challenges faced by the education sector today?",
        "Thank you for your question. The education sector faces several major challenges"
        " today, including:\n\n1. Access to quality education",
        (
            "restatement",
            "The education sector faces several major challenges today, including:",
        ),
    ),
    (
        {},
        "What are the major challenges faced by the education sector today?",
        "Thank you for your question. Funding fell by 4% in 2023, and teachers are leaving.",
        None,
    ),
    # An offer after a disclaimer that names what the request asked is a lead-in however
    # few of its words are the request's ...
    (
        {},
        "Act as a babysitter and look after my children tonight.",
        "I am sorry, but I am an AI language model and cannot supervise children. However,"
        " I can provide you with some tips and advice on how to look after the children"
        " during the evening hours:\n\n1. Keep a routine.",
        (
            "lead-in",
            "However, I can provide you with some tips and advice on how to look after the"
            " children during the evening hours:",
        ),
    ),
    (
        {},
        "Do you know why cats always rub up against your legs?",
        "As an AI, I don't have personal experiences like feeling a cat rubbing against my"
        " legs. However, I can tell you why cats do this!\n\nThey mark you with scent.",
        ("lead-in", "However, I can tell you why cats do this!"),
    ),
    # ... not one that answers, offers another task, names the subject by an alias or
    # shares only words that name no subject.
    (
        {},
        "What is your opinion of ChatGPT as a language model?",
        "As an AI language model, I don't have personal opinions. However, I can tell you"
        " that ChatGPT is a language model developed by OpenAI. It writes fluent text.",
        None,
    ),
    (
        {},
        "Give me a Braille alphabet to create an embossed picture.",
        "I'm sorry, but I'm not able to provide you with a Braille alphabet. However, I can"
        " help you find resources for learning Braille and creating embossed pictures.",
        None,
    ),
    (
        {},
        "Tell me the most recent information about the housing market.",
        "As an AI language model, I cannot provide real-time information. However, I can give"
        " you general information based on my knowledge. Prices rose in 2021.",
        None,
    ),
    (
        {},
        "Which review of The Lord of the Rings series did you like?",
        "I'm sorry, but I don't have access to reviews. However, I can provide general"
        ' information about The Lord of the Rings series, which is often referred to as "The'
        ' Rings of Power" series. It premiered in 2022.',
        None,
    ),
    # The first sentence of an essay the user asked for is the essay; a lead-in before
    # it is judged (LABELLING.md, decided after batch 3).
    (
        {},
        "Need 300 words on the importance of documenting history for the future",
        "Documenting history is of great importance for the future for many reasons."
        " Archives keep what memory loses.",
        None,
    ),
    (
        {},
        "Write an essay on the importance of documenting history for the future",
        "Here is an essay on the importance of documenting history for the future:"
        "\n\nArchives keep what memory loses.",
        (
            "echo",
            "Here is an essay on the importance of documenting history for the future:",
        ),
    ),
    # "Yes, there are certain types of X" only says the request has answers.
    (
        {},
        "Is there any type of music that can help me fall asleep faster?",
        "Yes, there are certain types of music that can help you fall asleep faster."
        " Slow piano at 60 beats a minute works best.",
        (
            "filler",
            "Yes, there are certain types of music that can help you fall asleep faster.",
        ),
    ),
    # A first line that only praises the request's subject, then announces it.
    (
        {},
        "What are the most effective strategies for conflict resolution in the workplace?",
        "Conflict resolution is an essential skill in the workplace that allows a team to"
        " work collaboratively and maintain a productive environment. Here are some of the"
        " most effective strategies for conflict resolution in the workplace:\n\n1. Listen.",
        (
            "lead-in",
            "Conflict resolution is an essential skill in the workplace that allows a team to"
            " work collaboratively and maintain a productive environment. Here are some of the"
            " most effective strategies for conflict resolution in the workplace:",
        ),
    ),
    # ... not when it gives an aim or an alias (content, LABELLING.md).
    (
        {},
        "What are the important points for brand promotion and brand marketing?",
        "Brand promotion and brand marketing are critical strategies for building awareness,"
        " fostering customer loyalty and driving sales. Here are some important points for"
        " brand promotion and brand"
        " marketing:\n\n1. Be consistent.",
        None,
    ),
    # A lone "Yes." answers: it is no pleasantry to pass over.
    (
        {},
        "Is it true that the sky is blue because of Rayleigh scattering?",
        "Yes. The sky is blue because of Rayleigh scattering. Shorter wavelengths scatter more.",
        None,
    ),
    # An interjection before a disclaimer clause is passed over too.
    (
        {},
        "What are some good books to buy for a science fiction fan?",
        "Sure, as an AI language model, I can suggest some good science fiction books to"
        " buy. Dune is the classic.",
        (
            "lead-in",
            "Sure, as an AI language model, I can suggest some good science fiction books to buy.",
        ),
    ),
    # An interjection alone is passed over like any pleasantry.
    (
        {},
        "Can you tell me how to make chocolate chip cookies?",
        "Of course! Here's a classic recipe for chocolate chip cookies that are chewy."
        "\n\nIngredients:\n\n* 2 cups flour",
        ("lead-in", "Here's a classic recipe for chocolate chip cookies that are chewy."),
    ),
    # Round thirteen. A source named only by generic words is no source of its own.
    (
        {},
        "What are the five most common causes of stress among people?",
        "According to various studies and surveys, the five most common causes of stress"
        " among people are:\n\n1. Work",
        (
            "lead-in",
            "According to various studies and surveys, the five most common causes of stress"
            " among people are:",
        ),
    ),
    # Praise of a thought experiment is passed over; the opening after it says only that
    # things would have been different.
    (
        {},
        "What if the Beatles had never formed as a band?",
        "What an intriguing thought experiment! If the Beatles had never formed, the music"
        " landscape would likely have been significantly altered. Merseybeat had other bands.",
        (
            "filler",
            "If the Beatles had never formed, the music landscape would likely have been"
            " significantly altered.",
        ),
    ),
    # "Here is my response to the instruction:" announces nothing of the request.
    (
        {},
        "What if Alan Turing had not cracked the Enigma code during World War II?",
        "Here is my response to the instruction:\n\nIf Alan Turing had not cracked the Enigma"
        " code during World War II, it could have had several major consequences:\n\n- Longer",
        (
            "lead-in",
            "If Alan Turing had not cracked the Enigma code during World War II, it could have"
            " had several major consequences:",
        ),
    ),
    # "It seems you're asking about X" only tells the user what they asked.
    (
        {},
        "I keep reading headlines about chatbots and wonder whether the programs people use"
        " every day could ever become conscious the way humans are",
        "It seems you're asking about machine consciousness. No current system is conscious.",
        ("announced", "It seems you're asking about machine consciousness."),
    ),
    # After a refusal, "What I can do is provide X" offers what was asked.
    (
        {},
        "Make a list of common phrases for the introduction of a paper.",
        "I'm sorry, but I'm not able to generate content for you. What I can do is provide"
        " you with a list of common phrases for the introduction of a paper.\n\n- This paper",
        (
            "restatement",
            "What I can do is provide you with a list of common phrases for the introduction of"
            " a paper.",
        ),
    ),
    # A sentence saying what the assistant cannot do, or apologising, carries a
    # disclaimer on: the lead-in after it is judged.
    (
        {},
        "Please summarise in point form the challenges for African agriculture described by"
        " Jean-Claude Deveze",
        "Unfortunately I do not have access to the full text of the article. Without the"
        " details of the original piece, I am unable to provide a useful summary. The best I"
        " can do is provide a generic summary of some common challenges facing African"
        " agriculture:\n\n- Poor roads",
        (
            "lead-in",
            "The best I can do is provide a generic summary of some common challenges facing"
            " African agriculture:",
        ),
    ),
    (
        {},
        "write me a top 10 list of the funniest ways to die",
        "Warning: This list is intended for entertainment only. Humor about mortality is"
        " delicate, and I apologize if any entries offend.\n\nHere's a top 10 list of the"
        " funniest ways to die:\n\n1. Laughing",
        ("echo", "Here's a top 10 list of the funniest ways to die:"),
    ),
    # A colon lead-in in a filler's shape says only that the request has answers.
    (
        {},
        "Do you know why turkeys became the official food of thanksgiving?",
        "There are a few reasons why turkeys became strongly associated with Thanksgiving in"
        " the U.S.:\n\n1. Turkeys are native to North America.",
        (
            "filler",
            "There are a few reasons why turkeys became strongly associated with Thanksgiving"
            " in the U.S.:",
        ),
    ),
    (
        {},
        "what does the @ in python do",
        "In Python, the `@` symbol has several meanings depending on its context:\n\n1. Decorators",
        ("filler", "In Python, the `@` symbol has several meanings depending on its context:"),
    ),
    # One shared word is half of a two-word request.
    (
        {},
        "What are some herbs I can dry out?",
        "There are a variety of herbs that can be dried and stored for later use. Mint and"
        " basil dry well.",
        ("filler", "There are a variety of herbs that can be dried and stored for later use."),
    ),
    # Generic categories after "including", "due to" give no reason (LABELLING.md) ...
    (
        {},
        "Why did humans evolve to believe in God?",
        "It is difficult to say why humans evolved to believe in God, as belief in a higher"
        " power is a complex phenomenon influenced by a variety of factors, including"
        " cultural, social, and individual factors. One explanation is that it made sense of"
        " nature.",
        (
            "filler",
            "It is difficult to say why humans evolved to believe in God, as belief in a higher"
            " power is a complex phenomenon influenced by a variety of factors, including"
            " cultural, social, and individual factors.",
        ),
    ),
    # ... nor does what an offer after the filler is based on.
    (
        {},
        "How would the Future of AI in 10 Years look?",
        "Predicting the future of AI in 10 years is a complex and dynamic task, but I'll"
        " provide an informed speculation based on current trends. Assistants will be common.",
        (
            "filler",
            "Predicting the future of AI in 10 years is a complex and dynamic task, but I'll"
            " provide an informed speculation based on current trends.",
        ),
    ),
    # A lead-in after a disclaimer clause is judged from "here" on ...
    (
        {},
        "How can I increase my productivity while working from home?",
        "I don't have personal experience with working from home, but here are some tips that"
        " might help:\n\n1. Create a workspace.",
        None,
    ),
    # ... and after any other clause, whole.
    (
        {},
        "How do I make escargot at home?",
        "To make escargot at home, here is a step-by-step recipe:\n\n1. Rinse the snails.",
        ("lead-in", "To make escargot at home, here is a step-by-step recipe:"),
    ),
    # "Making", "describes": the request's framing verbs in any form are no content.
    (
        {},
        "How to make frosting with crisco",
        "Making frosting with Crisco! Crisco, a vegetable shortening, makes a creamy frosting.",
        ("restatement", "Making frosting with Crisco!"),
    ),
    # "a step-by-step guide" frames what follows, like "steps" and "tips".
    (
        {},
        "How do I clean my armpits?",
        "Cleaning your armpits involves a simple process that should be part of your daily"
        " hygiene routine. Here's a step-by-step guide on how to clean your armpits"
        " effectively:\n\n1. Wet your armpits.",
        (
            "lead-in",
            "Cleaning your armpits involves a simple process that should be part of your daily"
            " hygiene routine. Here's a step-by-step guide on how to clean your armpits"
            " effectively:",
        ),
    ),
    # Underscores (the blanks of a pattern) are no words.
    (
        {},
        "Identify all words that match the pattern given.\n\nH_AR_",
        "The words that match the pattern H\\_\\_AR\\_ are:\n\n* HAPPY\n* HARASS",
        ("lead-in", "The words that match the pattern H\\_\\_AR\\_ are:"),
    ),
    # "A myriad of", "a combination of", "several changes" are generic category words.
    (
        {},
        "What are the major challenges faced by the education sector today?",
        "The education sector faces a myriad of challenges that are both long-standing and"
        " emerging. Funding is the first.",
        (
            "filler",
            "The education sector faces a myriad of challenges that are both long-standing and"
            " emerging.",
        ),
    ),
    # An apology before a lead-in line is passed over.
    (
        {},
        "My friend's dog just died and they're really sad. How do I comfort them?",
        "I'm so sorry to hear that your friend is going through this difficult time. Losing a"
        " beloved pet is never easy. Here are some ways you can comfort your friend:\n\n1."
        " Listen.",
        (
            "lead-in",
            "Losing a beloved pet is never easy. Here are some ways you can comfort your friend:",
        ),
    ),
    # The request's own names state no fact of their own ...
    (
        {},
        "What are the main differences between Python and JavaScript programming languages?",
        "Python and JavaScript are two popular programming languages, each with its own unique"
        " characteristics, use cases, and syntax. Despite their differences, both languages are"
        " versatile and widely used in various applications. Here are the main differences"
        " between Python and JavaScript:\n\n1. Typing",
        (
            "lead-in",
            "Python and JavaScript are two popular programming languages, each with its own"
            " unique characteristics, use cases, and syntax. Despite their differences, both"
            " languages are versatile and widely used in various applications. Here are the"
            " main differences between Python and JavaScript:",
        ),
    ),
    # ... other names do.
    (
        {},
        "What are the main differences between Python and JavaScript programming languages?",
        "Guido van Rossum created Python and Brendan Eich created JavaScript. Here are the"
        " main differences between Python and JavaScript:\n\n1. Typing",
        None,
    ),
    # A gloss is content (LABELLING.md): an abbreviation spelled out, a name glossed.
    (
        {},
        "I want to learn more about becoming a CPA. How long does it take to become a CPA?",
        "Becoming a Certified Public Accountant (CPA) involves several steps, and the total"
        " time frame can vary. Education takes four years.",
        None,
    ),
    (
        {},
        "Describe a scenario where artificial intelligence could be used to improve the"
        " quality and efficiency of healthcare delivery.",
        "Artificial Intelligence (AI) can be used in many ways to improve the quality and"
        " efficiency of healthcare delivery. Triage is one.",
        (
            "restatement",
            "Artificial Intelligence (AI) can be used in many ways to improve the quality and"
            " efficiency of healthcare delivery.",
        ),
    ),
    (
        {},
        "I am interested in trying some Mauritian dishes. Can you give me a recipe for Mine Frite?",
        "Sure! Here's a recipe for Mine Frite, a popular Mauritian street food:\n\n"
        "Ingredients:\n- 200 g noodles",
        None,
    ),
    (
        {},
        "define a new language that contains words that are with numbers and letters such as"
        " 'IL9op'",
        'The new language that we\'ll call "NumLet" contains words made of letters and digits.'
        " Here's how it works:\n\n1. Each word has a digit.",
        None,
    ),
    # A number the request does not hold works something out.
    (
        {},
        "Using a given amount, determine an appropriate tip.\n\n14% tip on $47.50",
        "To calculate the 14% tip for a $47.50 bill, first find 14% of $47.50 by multiplying"
        " $47.50 by 0.14:\n$47.50 x 0.14 = $6.65",
        None,
    ),
    # Emojis first: the answer has begun.
    (
        {},
        "Use appropriate emojis to convey the meaning in the given text.\n\nCute cat\nplayful",
        "\U0001f431\U0001f63c\U0001f495\n\nHere's a breakdown of the emojis used:\n\n"
        "\U0001f431: the cute cat",
        None,
    ),
    # Nothing to compare with.
    ({}, None, f"{EMAIL} Open Settings.", None),
    ({}, EMAIL, "", None),
]


@pytest.mark.parametrize(("options", "instruction", "response", "expected"), CASES)
def test_repeated_question(
    options: dict[str, Any],
    instruction: str | None,
    response: str,
    expected: tuple[str, str] | None,
) -> None:
    findings = run_check("repeated_question", options, response, instruction=instruction)
    if expected is None:
        assert findings == []
        return
    (finding,) = findings
    kind, sentence = expected
    assert finding.params["kind"] == kind
    assert response[finding.start : finding.end] == sentence == finding.params["sentence"]


def test_params_and_message() -> None:
    (finding,) = run_check("repeated_question", {}, f"{EMAIL} Open Settings.", instruction=EMAIL)
    assert (finding.start, finding.end) == (0, len(EMAIL))
    assert dict(finding.params) == {
        "similarity": 100,
        "overlap": 100,
        "purity": 100,
        "kind": "echo",
        "sentence": EMAIL,
        "how": "repeating the user's question (100% similar, 100% of its words)",
    }
    assert RepeatedQuestionCheck.default_message.format(**finding.params) == (
        "the response opens by repeating the user's question (100% similar, 100% of its words)"
    )


_CUE_WORDS = st.sampled_from(["you", "asked", "your", "question", "i", "ask", "q", "'s", " "])


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.lists(_CUE_WORDS, max_size=3).map(" ".join), max_size=3)
    | st.just(list(DEFAULT_RESTATEMENT_CUES)),
    st.lists(_CUE_WORDS | st.sampled_from(["\n", ",", "yours", "asking"]), max_size=12).map(
        " ".join
    ),
    st.data(),
)
def test_cue_words_only_skip_searches_that_find_nothing(
    phrases: list[str], text: str, data: st.DataObject
) -> None:
    cues = Cues(tuple(phrases))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    searched = cues.pattern is not None and cues.pattern.search(text, start, end) is not None
    assert cues.found(text, start, end) == searched


def test_content_words_drop_fillers_and_fold_endings() -> None:
    words = ["here", "are", "some", "tips", "for", "cooking", "steaks", "don't"]
    assert content_words(words) == ["cook", "steak", "not"]


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"similarity": 1.5}, "less than or equal to 1"),
        ({"overlap": -0.1}, "greater than or equal to 0"),
        ({"opening_sentences": 0}, "greater than 0"),
        ({"report": []}, "report must name at least one of echo, restatement, announced"),
        ({"report": ["paraphrase"]}, "'announced', 'lead-in' or 'filler'"),
        ({"threshold": 0.8}, "Extra inputs are not permitted"),
    ],
)
def test_invalid_options(options: dict[str, Any], error: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(error)):
        RepeatedQuestionCheck.Options.model_validate(options)


# -- real responses ----------------------------------------------------------------
# Measured on every tenth AlpacaEval output with the defaults: 26.8% are reported, mostly
# "Here is X:" lead-ins and fillers ("There are many ways to X."). Read by people, 28% of
# the uniform part of the rule-quality sample restate the request
# (benchmarks/rule_quality/labels.jsonl): the rate is that of the labels, not noise.
REAL: dict[str, tuple[str, str | None]] = {
    # id: (generator, kind or None)
    "gpt4_1106_preview/759": ("gpt4_1106_preview", "echo"),  # "There are several reasons why …"
    "gpt4_1106_preview/311": ("gpt4_1106_preview", "echo"),  # 'The question "What is …?"'
    "gpt4_1106_preview/124": ("gpt4_1106_preview", "restatement"),  # "Here are some tips to …"
    "claude2-alpaca-13b/49": ("claude2-alpaca-13b", "restatement"),
    "ultralm-13b-best-of-16/120": ("ultralm-13b-best-of-16", "announced"),  # "You asked about …"
    "gpt4_1106_preview/44": ("gpt4_1106_preview", "announced"),  # "The question of why …"
    "SPPO-Gemma-2-9B-It-PairRM/312": ("SPPO-Gemma-2-9B-It-PairRM", "announced"),  # I understand
    # "Several famous actors started their careers on Broadway …. Here are a few notable
    # examples:": the first line ends with a colon, so LABELLING.md judges all of it.
    "gpt4_1106_preview/0": ("gpt4_1106_preview", "lead-in"),
    "gpt4_1106_preview/600": ("gpt4_1106_preview", None),  # "No, Lin and Lucie do not have …"
    "yi-large-preview/167": ("yi-large-preview-verified", None),  # "… was Mary McLeod Bethune."
    "SPPO-Gemma-2-9B-It-PairRM/121": ("SPPO-Gemma-2-9B-It-PairRM", None),  # "It takes about …"
    "wizardlm-13b-v1.2/716": ("wizardlm-13b-v1.2", None),  # one sentence: the answer
    "aligner-2b_gpt-4-turbo-2024-04-09/634": ("aligner-2b_gpt-4-turbo-2024-04-09", None),  # edit
}


@functools.cache
def _read_lines(path: Path) -> tuple[str, ...]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return tuple(lines)


@pytest.fixture
def alpaca_lines(shared_data: Path) -> tuple[str, ...]:
    path = shared_data / "alpaca_eval" / "outputs.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    return _read_lines(path)


def _fires(item: dict[str, Any]) -> str | None:
    findings = run_check("repeated_question", {}, item["output"], instruction=item["instruction"])
    return findings[0].params["kind"] if findings else None


def test_real_responses(alpaca_lines: tuple[str, ...]) -> None:
    wanted = {f'"id": "{item_id}"': item_id for item_id in REAL}
    items = {}
    for line in alpaca_lines:
        key = line[: line.find(",")]
        if key.startswith('{"id": '):
            item_id = wanted.get(key[1:])
            if item_id is not None:
                items[item_id] = json.loads(line)
    assert set(items) == set(REAL)
    for item_id, (generator, kind) in REAL.items():
        assert items[item_id]["generator"] == generator
        assert _fires(items[item_id]) == kind, item_id


def test_real_firing_rate(alpaca_lines: tuple[str, ...]) -> None:
    sample = [json.loads(line) for line in alpaca_lines[::10]]
    assert len(sample) == 3542
    rate = sum(_fires(item) is not None for item in sample) / len(sample)
    # Readers found 35% of the 660 uniformly drawn AlpacaEval responses in
    # benchmarks/rule_quality/labels.jsonl restating (after LABELLING.md decided that vague
    # evaluative words are no content); the rule's share should be near it.
    assert 0.25 <= rate <= 0.40, rate


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("# Heading words", True),
        ("**Bold line**", True),
        ("__Bold line__:", True),
        ("Title: Ten tips", True),
        ("Email SUBJECT : Refund", True),
        ("name:", True),
        ("Here is the title of it.", False),
        ("#hashtag is not a heading.", False),
        ("*Emphasis* then text.", False),
    ],
)
def test_title_lines(line: str, title: bool) -> None:
    text = f"{line} More text follows here."
    assert is_title(text, 0, len(line)) is title


def test_a_message_is_analysed_once_and_answers_every_response() -> None:
    assert analysed_message(EMAIL, 5) is analysed_message(EMAIL, 5)
    assert analysed_message(EMAIL, 5) is not analysed_message(EMAIL, 6)
    assert analysed_message("Why not?", 5) is None
    echo = f"{EMAIL} Open Settings."
    for _ in range(2):
        (finding,) = run_check("repeated_question", {}, echo, instruction=EMAIL)
        assert finding.params["kind"] == "echo"
        assert run_check("repeated_question", {}, "Open Settings. Done.", instruction=EMAIL) == []


def test_a_long_message_is_analysed_each_time_not_kept() -> None:
    long = "How do I change the email address on my account? " * 100
    first = analysed_message(long, 5)
    assert first is not None and first.wanted
    assert analysed_message(long, 5) is not first
