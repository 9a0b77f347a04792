"""Read a free-text (or button) answer to one screening question.

Vocabulary is data (data/eligibility/answers.yml, provinces.yml); ages, amounts and household
sizes come from bot/screening/quantities.py, the one place that reads them (the question asked
decides what a bare number means). Nothing here decides eligibility: that is bot.eligibility.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from bot.eligibility import FACT_NAMES
from bot.eligibility.facts import BOOLEAN_FACTS, CHOICE_FACTS
from bot.paths import DATA_DIR
from bot.screening import quantities
from bot.screening.question_groups import NONE, Ground, group_named, not_applying

ANSWERS_FILE = DATA_DIR / "eligibility" / "answers.yml"
PROVINCES_FILE = DATA_DIR / "eligibility" / "provinces.yml"
CONFIRMATION = "facts_confirmed"  # the last question: is the summary right?
YES_INTENTS, NO_INTENTS = {"affirm"}, {"deny"}
# One number in an answer to the age or household question: "他才十五", "4个人", "3人".
_NUMBER = r"(\d+|[零〇一二两三四五六七八九十百]+)"
_PEOPLE = re.compile(_NUMBER + r"\s*(?:个人|口人|口|人|位)")


@dataclass(frozen=True)
class Answer:
    """What an answer told us: `facts` to set (usually one), or that the user doesn't know."""

    facts: dict[str, Any] = field(default_factory=dict)
    dont_know: bool = False

    @property
    def understood(self) -> bool:
        return bool(self.facts) or self.dont_know


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    return yaml.safe_load(ANSWERS_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def province_names() -> dict[str, tuple[str, ...]]:
    """Province code -> names; the Chinese name is the value stored for the engine."""
    raw = yaml.safe_load(PROVINCES_FILE.read_text(encoding="utf-8"))["provinces"]
    return {code: tuple(names) for code, names in raw.items()}


def _has_cjk(phrase: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in phrase)


def _matches(phrase: str, text: str) -> bool:
    phrase = phrase.lower()
    if _has_cjk(phrase):
        return phrase in text
    return re.search(r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])", text) is not None


def longest_match(options: dict[str, list[str]], text: str) -> str | None:
    """The option with the longest phrase found in `text`."""
    best, best_length = None, 0
    lowered = text.lower()
    for value, phrases in options.items():
        for phrase in phrases:
            if len(phrase) > best_length and _matches(str(phrase), lowered):
                best, best_length = value, len(phrase)
    return best


def _number(digits: str) -> Any:
    return quantities.parse_bare_number(digits)


def _one_number(text: str) -> Any:
    found = re.findall(_NUMBER, text)
    return _number(found[0]) if len(found) == 1 else None


def parse_age(text: str) -> Answer:
    """An age, or that the person is a minor ("未满十八", "不到18岁": an 18 said to be under)."""
    value = quantities.parse_age(text) or quantities.parse_bare_number(text)
    if value is None and _has_cjk(text):
        value = _one_number(text)  # "他才十五": the one number, in answer to "how old?"
    said_minor = longest_match({"minor": vocabulary()["minor"]}, text) is not None
    if said_minor and (value is None or value >= 18):
        return Answer({"is_minor": True})
    return Answer({"age": value}) if value is not None else Answer()


def parse_household_size(text: str) -> int | None:
    value = quantities.parse_household_size(text) or quantities.parse_bare_number(text)
    if value is None and (people := _PEOPLE.search(text)):
        value = _number(people.group(1))  # "4个人", "我和我妈两个人"
    if value is None and longest_match({"alone": vocabulary()["alone"]}, text):
        value = 1
    return value


def is_dont_know(text: str, intent: str | None = None) -> bool:
    if intent == "dont_know" or quantities.is_dont_know(text):
        return True
    return longest_match({"dk": vocabulary()["dont_know"]}, text) is not None


def parse_yes_no(text: str, intent: str | None = None, slot: str = "") -> bool | None:
    for phrase in vocabulary().get("fact_unclear", {}).get(slot, []):
        if _matches(phrase, text.lower()):
            return None
    for phrase in vocabulary().get("fact_no", {}).get(slot, []):
        if _matches(phrase, text.lower()):
            return False
    for phrase in vocabulary().get("fact_yes", {}).get(slot, []):
        if _matches(phrase, text.lower()):
            # "I am not on dibao" is a no; "no fixed income" itself is not a negation.
            return not _negated(text.lower().replace(phrase.lower(), " "))
    if intent in YES_INTENTS:
        return True
    if intent in NO_INTENTS:
        return False
    found = longest_match({"yes": vocabulary()["yes"], "no": vocabulary()["no"]}, text)
    return None if found is None else found == "yes"


def _negated(text: str) -> bool:
    return longest_match({"no": vocabulary()["negation"]}, text) is not None


def parse_province(text: str) -> str | None:
    code = longest_match({c: list(names) for c, names in province_names().items()}, text)
    return None if code is None else next(n for n in province_names()[code] if _has_cjk(n))


def parse_answer(slot: str, text: str, intent: str | None = None,
                 questions: Sequence[str] | None = None) -> Answer:
    """The answer to the question for `slot`; an empty Answer if it was not understood.
    `questions`: the engine's next questions, for a group's question (which grounds are open)."""
    if group_named(slot):
        return parse_group_answer(slot, text, intent, questions)
    if is_dont_know(text, intent):
        return Answer(dont_know=True)
    value: Any = None
    if slot in BOOLEAN_FACTS or slot == CONFIRMATION:
        value = parse_yes_no(text, intent, slot)
    elif slot in CHOICE_FACTS:
        value = longest_match(vocabulary()["choices"][slot], text)
    elif slot == "age":
        return parse_age(text)
    elif slot == "household_monthly_income":
        value = quantities.parse_money(text)
        value = value if value is not None else quantities.parse_bare_number(text)
    elif slot == "household_size":
        value = parse_household_size(text)
    elif slot == "province":
        value = parse_province(text)
    return Answer({slot: value}) if value is not None else Answer()


# ---- a group's question (bot/screening/question_groups.py) ------------------------------------
_CLAUSE_BREAK = re.compile(r"[,，.。;；:：!！?？、\n]")
_PUNCTUATION = re.compile(r"[\s,，.。;；:：!！?？、~～…\"'“”]+")


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
    return intent in YES_INTENTS or _bare(text) in {_bare(p) for p in vocabulary()["yes"]}


def _bare(text: str) -> str:
    return _PUNCTUATION.sub("", text.lower())


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
            if _matches(phrase, lowered):
                facts["has_fixed_livelihood"] = False
    return facts, applies


def _find(phrase: str, text: str) -> int | None:
    """Where `phrase` occurs in `text` (lower case), matched as `_matches` does."""
    if _has_cjk(phrase):
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
    return any(_has_cjk(n) and n in tail for n in negations)


def _says_none(text: str) -> bool:
    """"None of these" (or a bare "no", "没有") as the whole answer."""
    if longest_match({NONE: vocabulary()["none_of_these"]}, text):
        return True
    return _bare(text) in {_bare(p) for p in vocabulary()["no"]}


def corrections(text: str, answered: set[str], intent: str | None = None) -> dict[str, Any]:
    """Facts an answer restates with an explicit cue ("actually I'm 17", "family of 5"),
    whatever was asked; with the intent `correct`, also choices already answered."""
    found: dict[str, Any] = {}
    for slot, parse in (("age", quantities.parse_age), ("household_size",
                        quantities.parse_household_size), ("household_monthly_income",
                                                           quantities.parse_money)):
        value = parse(text)
        if value is not None:
            found[slot] = value
    if intent == "correct":
        for slot in CHOICE_FACTS & answered:
            value = longest_match(vocabulary()["choices"][slot], text)
            if value is not None:
                found[slot] = value
    return {slot: value for slot, value in found.items() if slot in FACT_NAMES}


def opening_facts(text: str) -> dict[str, Any]:
    """Facts stated in the message that started the screening ("my boss hasn't paid me")."""
    found: dict[str, Any] = {}
    for slot in ("case_type", "role", "matter"):
        value = longest_match(vocabulary()["choices"][slot], text)
        if value is not None:
            found[slot] = value
    if found.get("matter") not in (None, "other") and "case_type" not in found:
        found["case_type"] = "civil"  # every listed matter is civil or administrative
    if found.get("role") and "case_type" not in found:
        found["case_type"] = "criminal"
    if found.get("case_type") != "criminal":
        found.pop("role", None)
    found.update(corrections(text, set()))
    return found
