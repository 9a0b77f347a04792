"""Answer a described situation first: which facts an opening message states, and what the law
already says about them (issue 16).

"my daughter is 15 and the police detained her, we can't afford a lawyer" states a criminal
case, a suspect, age 15 and no lawyer; the rules engine (bot.eligibility, through its public
assess() result) says a lawyer must be appointed (art. 25(1)). The answer is a list of response
names, one per reason the engine gives, so every sentence stays in the domain's responses. The
facts also prefill the screening, which then never asks for them again.

Nothing here decides eligibility: bot.eligibility does. The general answer assumes the person
has no lawyer when the message does not say (every answer states that condition itself). An
adult or age-unknown suspect ("I was arrested, can I get a free lawyer?") states none of the
art. 25 facts, so the engine decides nothing; it is then asked again with those facts as "don't
know" (`unknown`), which gives the law's minimum: they may apply (art. 24). The check, if
accepted, asks the art. 25 grounds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from bot.eligibility import ART25_FACTS, Facts, InvalidFact, Outcome, assess
from bot.eligibility.facts import CRIMINAL_VICTIM_ROLES, DEFENDANT
from bot.paths import DATA_DIR
from bot.screening.answers import opening_facts
from bot.screening.vocabulary import longest_match

SITUATIONS_FILE = DATA_DIR / "eligibility" / "situations.yml"
CRIMINAL_ROLES = (DEFENDANT, *CRIMINAL_VICTIM_ROLES)  # whose case is always a criminal one
OFFER = "utter_situation_offer"  # then: "shall I check your own case?" with buttons
KEPT_ON_CONFLICT = ("role", "age")
DEFENDANT_ONLY_FACTS = ("faces_life_or_death", "death_penalty_review", "tried_in_absentia",
                        "compulsory_medical_treatment")  # the most specific facts a message states

# Reason codes of bot.eligibility that have a situation answer: utter_situation_<code>.
ANSWERED_REASONS = frozenset({
    "minor_defendant", "disabled_defendant", "limited_capacity_defendant",
    "life_or_death_sentence_possible", "death_penalty_review_on_application",
    "tried_in_absentia", "compulsory_medical_treatment", "defendant_may_apply",
    "victim_may_apply", "matter_not_listed", "exempt_no_fixed_income", "exempt_social_assistance",
    "exempt_migrant_worker"})
# Reasons about the matter are answered per matter: utter_situation_matter_<matter> (the matter
# is the reason's parameter, or the one matter the reason stands for).
MATTER_REASONS = {"listed_matter": None, "no_financial_test_matter": None,
                  "retrial_or_protest_matter": "retrial_or_protest"}
ANSWERED_MATTERS = frozenset({  # art. 31(1)-(8), 32(1)-(4), 33
    "state_compensation", "social_insurance_or_assistance", "pension_for_disabled_or_bereaved",
    "support_payments", "employment_or_wages", "employment_relationship", "civil_capacity",
    "work_injury", "personal_injury", "environmental_damage", "hero_martyr_reputation",
    "bravery_claim", "retrial_acquittal_compensation", "abuse_abandonment_domestic_violence",
    "retrial_or_protest"})
DECLINED = "utter_situation_declined"
# An answer another one already gives in full: the wage and work-injury answers quote 42(3).
SAID_BY = {"utter_situation_exempt_migrant_worker": frozenset({
    "utter_situation_matter_employment_or_wages", "utter_situation_matter_work_injury"})}


@dataclass(frozen=True)
class SituationAnswer:
    """What an opening message states (`facts`, slot values) and what to answer (`responses`,
    response names in order; empty when the facts decide nothing yet: then the screening
    starts at once). `outcome` and `articles` come from the engine's result."""

    facts: dict[str, Any] = field(default_factory=dict)
    responses: tuple[str, ...] = ()
    outcome: Outcome | None = None
    articles: tuple[str, ...] = ()  # "legal_aid_law:25"

    @property
    def answered(self) -> bool:
        return bool(self.responses)


def response_names() -> set[str]:
    """Every response this module can name (checked against the domain by `bot validate`)."""
    return ({f"utter_situation_{code}" for code in ANSWERED_REASONS}
            | {f"utter_situation_matter_{matter}" for matter in ANSWERED_MATTERS}
            | {OFFER, DECLINED})


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    return yaml.safe_load(SITUATIONS_FILE.read_text(encoding="utf-8"))


def situation_facts(text: str) -> dict[str, Any]:
    """The screening facts an opening message states, as slot values the engine accepts."""
    found = opening_facts(text)
    words = vocabulary()
    for slot, options in words["choices"].items():
        value = longest_match(options, text)
        if value is not None and slot not in found:
            found[slot] = value
    for slot, options in words["facts"].items():
        value = longest_match(options, text)
        if value is not None:
            found[slot] = value == "true"
    if "role" not in found and any(found.get(name) for name in DEFENDANT_ONLY_FACTS):
        found["role"] = "suspect_or_defendant"  # "he might get the death penalty"
    if found.get("role") in CRIMINAL_ROLES and found.get("case_type") != "criminal":
        found["case_type"] = "criminal"  # a suspect's or a victim's case is criminal
    return _consistent(found)


def _consistent(found: dict[str, Any]) -> dict[str, Any]:
    """Drops values the engine rejects, then facts that contradict each other (asked later)."""
    facts = {}
    for slot, value in found.items():
        try:
            Facts.from_mapping({**facts, slot: value})
        except InvalidFact:
            continue
        facts[slot] = value
    for conflict in assess(Facts.from_mapping(facts)).conflicts:
        for name in conflict.facts:
            if name not in KEPT_ON_CONFLICT:
                facts.pop(name, None)
    if facts.get("role") in CRIMINAL_ROLES:
        facts["case_type"] = "criminal"
    return facts


def answer_situation(text: str) -> SituationAnswer:
    """The facts `text` states and the responses that answer it, from the engine's reasons."""
    facts = situation_facts(text)
    if not facts:
        return SituationAnswer()
    # The law's answer for someone without a lawyer, unless the message said otherwise.
    general = {"has_lawyer": False, **facts}
    assessment = assess(Facts.from_mapping(general))
    if general.get("role") == DEFENDANT and assessment.outcome is Outcome.NOT_ENOUGH_FACTS:
        # The art. 25 facts not stated, as "don't know": the law's minimum for a defendant.
        unknown = [name for name in ART25_FACTS if name in assessment.missing]
        assessment = assess(Facts.from_mapping(general), unknown=unknown)
    responses: list[str] = []
    articles: list[str] = []
    for reason in assessment.reasons:
        if reason.code in ANSWERED_REASONS:
            name = f"utter_situation_{reason.code}"
        elif reason.code in MATTER_REASONS and (
                matter := reason.params.get("matter") or MATTER_REASONS[reason.code]
        ) in ANSWERED_MATTERS:
            name = f"utter_situation_matter_{matter}"
        else:
            continue
        if name not in responses:
            responses.append(name)
            articles.append(f"{reason.law_id}:{reason.article}")
    responses = [name for name in responses if not SAID_BY.get(name, set()) & set(responses)]
    if not responses:
        return SituationAnswer(facts)
    return SituationAnswer(facts, tuple(responses), assessment.outcome,
                           tuple(dict.fromkeys(articles)))
