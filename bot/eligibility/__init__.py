"""Legal-aid eligibility rules (Legal Aid Law 2021, ch. 3-4): pure Python, no Rasa."""

from bot.eligibility.conflicts import find_conflicts
from bot.eligibility.engine import ART25_FACTS, assess, next_questions
from bot.eligibility.facts import (
    ABUSE_ABANDONMENT_DOMESTIC_VIOLENCE,
    ART31_MATTERS,
    ART32_MATTERS,
    BRAVERY_CLAIM,
    CIVIL_CAPACITY,
    EMPLOYMENT_OR_WAGES,
    EMPLOYMENT_RELATIONSHIP,
    ENVIRONMENTAL_DAMAGE,
    FACT_NAMES,
    HERO_MARTYR_REPUTATION,
    MATTER_CODES,
    OTHER,
    PENSION_FOR_DISABLED_OR_BEREAVED,
    PERSONAL_INJURY,
    RETRIAL_ACQUITTAL_COMPENSATION,
    RETRIAL_OR_PROTEST,
    SOCIAL_INSURANCE_OR_ASSISTANCE,
    STATE_COMPENSATION,
    SUPPORT_PAYMENTS,
    WORK_INJURY,
    Facts,
    InvalidFact,
)
from bot.eligibility.result import (
    ALL_CONFLICT_CODES,
    ALL_REASON_CODES,
    ALL_STEP_CODES,
    Assessment,
    Conflict,
    NextStep,
    Outcome,
    Reason,
)
from bot.eligibility.standards import StandardRow, StandardsError, StandardsTable

__all__ = [
    "ABUSE_ABANDONMENT_DOMESTIC_VIOLENCE", "ALL_CONFLICT_CODES", "ART25_FACTS", "ALL_REASON_CODES",
    "ALL_STEP_CODES", "ART31_MATTERS", "ART32_MATTERS", "BRAVERY_CLAIM", "CIVIL_CAPACITY",
    "EMPLOYMENT_OR_WAGES", "EMPLOYMENT_RELATIONSHIP", "ENVIRONMENTAL_DAMAGE", "FACT_NAMES",
    "HERO_MARTYR_REPUTATION", "MATTER_CODES", "OTHER", "PENSION_FOR_DISABLED_OR_BEREAVED",
    "PERSONAL_INJURY", "RETRIAL_ACQUITTAL_COMPENSATION", "RETRIAL_OR_PROTEST",
    "SOCIAL_INSURANCE_OR_ASSISTANCE", "STATE_COMPENSATION", "SUPPORT_PAYMENTS", "WORK_INJURY",
    "Assessment", "Conflict", "Facts", "InvalidFact", "NextStep", "Outcome", "Reason",
    "StandardRow", "StandardsError", "StandardsTable", "assess", "find_conflicts",
    "next_questions",
]
