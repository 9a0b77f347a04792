"""Read the answer to a group's question (bot/screening/question_groups.py): a button, "none of
these", "I don't know", or grounds named in words ("he is 16", "他是聋哑人", "我是低保户")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.screening import quantities
from bot.screening.question_groups import NONE, Ground, group_named, not_applying
from bot.screening.vocabulary import (
    YES_INTENTS,
    Answer,
    bare,
    bare_words,
    has_cjk,
    is_dont_know,
    longest_match,
    matches,
    vocabulary,
)

_CLAUSE_BREAK = re.compile(r"[,，.。;；:：!！?？、\n]")


def parse_group_answer(slot: str, text: str, intent: str | None = None,
                       questions: Sequence[str] | None = None) -> Answer:
    """An answer to a group's question: an option's button (its code), words naming a ground
    ("he is deaf", "我是低保户", "他才16岁", "可能判死刑"), "none of these" ("none", "没有",
    "都不是"), or "I don't know". `questions` are the engine's next questions (default: every
    fact of the group): only their grounds count, and "none of these" answers only them. A
    bare "yes" does not say which ground applies: not understood (see `is_bare_yes`)."""
    group = group_named(slot)
    assert group is not None, slot
    if questions is None:  # nothing known yet: each ground's first fact is open
        questions = list(dict.fromkeys(g.facts[0] for g in group.grounds))
    grounds = group.open_grounds(questions)
    if is_dont_know(text, intent):
        return Answer(dont_know=True)
    code = text.strip().lower()
    button = next((g for g in grounds if g.code == code), None)
    if button is not None:
        return Answer(dict(button.chosen))
    if code == NONE:
        return Answer(group.none_of_these(questions))
    facts, applies = _grounds_in_words(grounds, text, questions)
    if applies:
        return Answer(facts)
    if _says_none(text):
        none = group.none_of_these(questions)
        if "age" in facts:  # "he's 45, none of these": the age answers the minor ground
            none.pop("is_minor", None)
        return Answer({**none, **facts})
    return Answer(facts)


def is_bare_yes(text: str, intent: str | None = None) -> bool:
    """"Yes" alone (or the affirm intent): to a group's question it does not say which one."""
    return intent in YES_INTENTS or bare(text) in bare_words("yes")


def _ground_phrases(ground: Ground) -> list[str]:
    """Words that name a ground: the vocabulary of the fact it answers (answers.yml)."""
    words = vocabulary()
    if ground.code == "minor":
        return list(words["minor"])
    if ground.facts == ("disability",):
        return list(words["choices"]["disability"][ground.code])
    return list(words["fact_yes"].get(ground.facts[0], []))


def _grounds_in_words(grounds: Sequence[Ground], text: str,
                      questions: Sequence[str]) -> tuple[dict[str, Any], bool]:
    """The facts the words of an answer give about the open grounds, and whether one applies.
    The ground named by the longest phrase counts, negated when a negation comes just before
    it ("he is not deaf", "他不会被判死刑"); an age ("he is 16") answers the minor ground."""
    facts: dict[str, Any] = {}
    applies = False
    lowered = text.lower()
    if any(g.code == "minor" for g in grounds):
        age = quantities.parse_age(text)
        if age is not None:
            facts["age"] = age
            applies = age < 18
    best: tuple[int, Ground, int] | None = None  # phrase length, ground, where it starts
    for ground in grounds:
        for phrase in _ground_phrases(ground):
            start = _find(str(phrase).lower(), lowered)
            if start is not None and (best is None or len(phrase) > best[0]):
                best = (len(phrase), ground, start)
    if best is not None:
        _, ground, start = best
        if _negated_before(lowered[:start]):
            # "he is not deaf" says nothing of sight or speech (one fact, three grounds)
            shared = any(g is not ground and set(g.facts) & set(ground.facts) for g in grounds)
            if not shared:
                facts.update(not_applying([f for f in ground.facts if f in questions
                                           and f != "has_fixed_livelihood"]))
        elif not (ground.code == "minor" and "age" in facts):  # an age said decides
            facts.update(ground.words_set)
            applies = True
    if any(g.code == "vulnerable_group" for g in grounds):  # 42(1): "no fixed income"
        for phrase in vocabulary()["fact_no"]["has_fixed_livelihood"]:
            if matches(phrase, lowered):
                facts["has_fixed_livelihood"] = False
    return facts, applies


def _find(phrase: str, text: str) -> int | None:
    """Where `phrase` occurs in `text` (lower case), matched as `_matches` does."""
    if has_cjk(phrase):
        index = text.find(phrase)
        return None if index < 0 else index
    found = re.search(r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])", text)
    return found.start() if found else None


def _negated_before(before: str) -> bool:
    """A negation word in the same clause, just before a phrase: within 3 words in English,
    4 characters in Chinese."""
    clause = _CLAUSE_BREAK.split(before)[-1]
    negations = [str(n).lower() for n in vocabulary()["negation"]]
    words = re.findall(r"[a-z']+", clause)[-3:]
    if any(word in negations for word in words):
        return True
    tail = clause.rstrip()[-4:]
    return any(has_cjk(n) and n in tail for n in negations)


def _says_none(text: str) -> bool:
    """"None of these" (or a bare "no", "没有") as the whole answer."""
    if longest_match({NONE: vocabulary()["none_of_these"]}, text):
        return True
    return bare(text) in bare_words("no")
