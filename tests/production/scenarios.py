"""Screenings whose outcome depends on the user's own facts, for the multi-user tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    opening: str  # `{age}` is the user's own age, volunteered in the first message
    answers: dict[str, str]
    outcome: str  # how the assessment starts
    reason: str  # what the assessment's reasons must say (an article it cites)
    answer: str = ""  # what the answer to the opening cites, if it is answered first (issue 16)


MINOR_DEFENDANT = Scenario(
    "minor defendant", "I was arrested, I'm {age} years old, can I get a free lawyer?",
    {"has_lawyer": "no"}, "Outcome: a lawyer must be appointed", "art. 25(1)",
    "(Legal Aid Law art. 25(1))")
HAS_A_LAWYER = Scenario(
    "already has a lawyer", "I was arrested, I'm {age} years old, can I get a free lawyer?",
    {"has_lawyer": "yes, I already have a lawyer"},
    "Outcome: legal aid is probably not available", "you already have one (Legal Aid Law art. 24",
    "(Legal Aid Law art. 24)")  # an adult who has not said yet that they have a lawyer
MIGRANT_WAGES = Scenario(
    "migrant worker wages", "my boss hasn't paid me for 3 months, I'm {age} years old",
    {"has_lawyer": "no", "exemption_grounds": "yes, I'm a migrant worker"},
    "Outcome: you can apply for legal aid, and your finances", "art. 42(3)",
    "(Legal Aid Law art. 31(5))")
DOMESTIC_VIOLENCE = Scenario(
    "domestic violence victim", "am I eligible for legal aid? I'm {age} years old",
    {"case_type": "criminal case", "role": "I am the victim", "has_lawyer": "no",
     "matter": "domestic violence"},
    "Outcome: you can apply for legal aid, and the financial-difficulty", "art. 32")
OTHER_MATTER = Scenario(
    "matter outside the lists", "do i qualify for legal aid? I'm {age} years old",
    {"case_type": "civil", "matter": "something else"},
    "Outcome: legal aid is probably not available", "art. 31(9)")

ADULT_SCENARIOS = (HAS_A_LAWYER, MIGRANT_WAGES, DOMESTIC_VIOLENCE, OTHER_MATTER)


def scenario_for(age: int, index: int) -> Scenario:
    """Minors' screenings end at art. 25(1); adults cycle through the other outcomes."""
    return MINOR_DEFENDANT if age < 18 else ADULT_SCENARIOS[index % len(ADULT_SCENARIOS)]
