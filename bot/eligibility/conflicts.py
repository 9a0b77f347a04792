"""Facts that cannot all be true at once; the dialogue asks the named facts again."""

from __future__ import annotations

from bot.eligibility.facts import (
    COMPULSORY_TREATMENT_RESPONDENT,
    CRIMINAL_VICTIM_ROLES,
    DEFENDANT,
    FACT_NAMES,
    MIGRANT_WORKER_MATTERS,
    OTHER,
    Facts,
)
from bot.eligibility.result import Conflict

CRIMINAL_ONLY_ROLES = (DEFENDANT, COMPULSORY_TREATMENT_RESPONDENT, "private_prosecutor",
                       "civil_claim_plaintiff")  # a victim (or relative) may also sue civilly
DEFENDANT_ONLY_FACTS = ("faces_life_or_death", "death_penalty_review", "tried_in_absentia",
                        "compulsory_medical_treatment")


def find_conflicts(f: Facts) -> tuple[Conflict, ...]:
    found = []
    if f.age is not None and f.is_minor is not None and (f.age < 18) != f.is_minor:
        found.append(Conflict("age_contradicts_is_minor", ("age", "is_minor")))
    criminal = f.case_type == "criminal"
    misplaced = f.role == "party" if criminal else f.role in CRIMINAL_ONLY_ROLES
    if f.case_type and f.role and misplaced:
        found.append(Conflict("role_not_in_case_type", ("case_type", "role")))
    defendant_facts = tuple(n for n in DEFENDANT_ONLY_FACTS if getattr(f, n))
    if defendant_facts and f.case_type and not criminal:
        found.append(Conflict("defendant_fact_in_non_criminal_case",
                              ("case_type", *defendant_facts)))
    elif defendant_facts and criminal and f.role in CRIMINAL_VICTIM_ROLES:
        found.append(Conflict("defendant_fact_for_other_role", ("role", *defendant_facts)))
    if f.role == DEFENDANT and f.matter not in (None, OTHER):
        found.append(Conflict("matter_not_for_defendant", ("role", "matter")))
    if f.migrant_worker_wage_or_injury and f.matter and f.matter not in MIGRANT_WORKER_MATTERS:
        found.append(Conflict("migrant_claim_not_wages_or_injury",
                              ("matter", "migrant_worker_wage_or_injury")))
    return tuple(found)


def conflicting_facts(conflicts: tuple[Conflict, ...]) -> tuple[str, ...]:
    named = {name for conflict in conflicts for name in conflict.facts}
    return tuple(name for name in FACT_NAMES if name in named)
