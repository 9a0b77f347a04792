"""Read a free-text (or button) answer to one screening question.

Vocabulary is data (data/eligibility/answers.yml, provinces.yml); ages, amounts and household
sizes come from bot/screening/quantities.py, the one place that reads them (the question asked
decides what a bare number means). Nothing here decides eligibility: that is bot.eligibility.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.eligibility import FACT_NAMES
from bot.eligibility.facts import BOOLEAN_FACTS, CHOICE_FACTS
from bot.screening import quantities
from bot.screening.group_answers import parse_group_answer
from bot.screening.question_groups import group_named
from bot.screening.vocabulary import (
    NO_INTENTS,
    YES_INTENTS,
    Answer,
    has_cjk,
    is_dont_know,
    longest_match,
    matches,
    province_names,
    vocabulary,
)

CONFIRMATION = "facts_confirmed"  # the last question: is the summary right?
# One number in an answer to the age or household question: "他才十五", "4个人", "3人".
_NUMBER = r"(\d+|[零〇一二两三四五六七八九十百]+)"
_PEOPLE = re.compile(_NUMBER + r"\s*(?:个人|口人|口|人|位)")


def _number(digits: str) -> Any:
    return quantities.parse_bare_number(digits)


def _one_number(text: str) -> Any:
    found = re.findall(_NUMBER, text)
    return _number(found[0]) if len(found) == 1 else None


def parse_age(text: str) -> Answer:
    """An age, or that the person is a minor ("未满十八", "不到18岁": an 18 said to be under)."""
    value = quantities.parse_age(text) or quantities.parse_bare_number(text)
    if value is None and has_cjk(text):
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


def parse_yes_no(text: str, intent: str | None = None, slot: str = "") -> bool | None:
    for phrase in vocabulary().get("fact_unclear", {}).get(slot, []):
        if matches(phrase, text.lower()):
            return None
    for phrase in vocabulary().get("fact_no", {}).get(slot, []):
        if matches(phrase, text.lower()):
            return False
    for phrase in vocabulary().get("fact_yes", {}).get(slot, []):
        if matches(phrase, text.lower()):
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
    return None if code is None else next(n for n in province_names()[code] if has_cjk(n))


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
