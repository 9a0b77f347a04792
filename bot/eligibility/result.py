"""What an assessment says: an outcome, reasons and next steps as codes with their articles.

No user-facing sentences live here. Each reason code has a Rasa response `utter_reason_<code>`,
each next-step code `utter_step_<code>`, each conflict code `utter_conflict_<code>`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from bot.eligibility.standards import StandardRow

LAW = "legal_aid_law"  # 中华人民共和国法律援助法 (2021)
REGULATIONS = "legal_aid_regulations"  # 法律援助条例 (2003)


class Outcome(str, Enum):
    MUST_APPOINT = "must_appoint"  # art. 25, 28: the authority must have a lawyer assigned
    ELIGIBLE_NO_FINANCIAL_TEST = "eligible_no_financial_test"  # art. 32
    ELIGIBLE_FINANCIAL_CHECK_WAIVED = "eligible_financial_check_waived"  # art. 42
    ELIGIBLE_IF_FINANCIALLY_DIFFICULT = "eligible_if_financially_difficult"  # art. 29, 31, 33, 34
    # art. 24: a suspect or defendant without a defender "因经济困难或者其他原因" may apply;
    # art. 25 para. 2: the court may have a lawyer appointed at an ordinary-procedure trial.
    MAY_APPLY_AS_DEFENDANT = "may_apply_as_defendant"
    LIKELY_OUTSIDE = "likely_outside"
    NOT_ENOUGH_FACTS = "not_enough_facts"


@dataclass(frozen=True)
class Reason:
    code: str
    law_id: str
    article: int
    item: int | None = None
    params: dict[str, str] = field(default_factory=dict)  # non-sensitive values only


@dataclass(frozen=True)
class NextStep:
    code: str
    law_id: str | None  # None: a practical step no statute states (the 12348 hotline)
    article: int | None
    more_articles: tuple[int, ...] = ()  # further articles of the same law the step relies on

    @property
    def articles(self) -> tuple[int, ...]:
        return () if self.article is None else (self.article, *self.more_articles)


@dataclass(frozen=True)
class Conflict:
    code: str
    facts: tuple[str, ...]  # the facts to ask again


@dataclass(frozen=True)
class Assessment:
    outcome: Outcome
    reasons: tuple[Reason, ...] = ()
    missing: tuple[str, ...] = ()  # facts that would still decide (or, for finances, refine) it
    # facts the person did not know that could still change the outcome: the outcome is the
    # floor the law gives without them, and each of these says what would change it
    unknown: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    standard: StandardRow | None = None

    @property
    def reason_codes(self) -> tuple[str, ...]:
        return tuple(reason.code for reason in self.reasons)

    @property
    def step_codes(self) -> tuple[str, ...]:
        return tuple(step.code for step in self.next_steps)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, e.g. for a slot or a log line (contains no facts about the person)."""
        return {
            "outcome": self.outcome.value,
            "reasons": [asdict(reason) for reason in self.reasons],
            "missing": list(self.missing),
            "unknown": list(self.unknown),
            "conflicts": [{"code": c.code, "facts": list(c.facts)} for c in self.conflicts],
            "next_steps": [asdict(step) for step in self.next_steps],
            "standard": self.standard.as_dict() if self.standard else None,
        }


# code -> (law_id, article, item); the article a reason or a step relies on.
REASONS: dict[str, tuple[str, int, int | None]] = {
    "minor_defendant": (LAW, 25, 1),
    "disabled_defendant": (LAW, 25, 2),  # params: disability (visual / hearing / speech)
    "limited_capacity_defendant": (LAW, 25, 3),
    "life_or_death_sentence_possible": (LAW, 25, 4),
    "death_penalty_review_on_application": (LAW, 25, 5),
    "tried_in_absentia": (LAW, 25, 6),
    "compulsory_medical_treatment": (LAW, 28, None),
    "court_may_appoint_ordinary_procedure": (LAW, 25, None),  # art. 25 para. 2
    "other_must_appoint_by_law": (LAW, 25, 7),
    "experienced_lawyer_required": (LAW, 26, None),
    "defendant_may_apply": (LAW, 24, None),
    "victim_may_apply": (LAW, 29, None),  # params: role
    "listed_matter": (LAW, 31, None),  # item = the art. 31 item; params: matter
    "no_financial_test_matter": (LAW, 32, None),  # item = the art. 32 item; params: matter
    "not_hero_martyr_close_relative": (LAW, 32, 1),
    "retrial_or_protest_matter": (LAW, 33, None),
    "matter_not_listed": (LAW, 31, 9),
    "already_has_defender": (LAW, 24, None),
    "already_has_agent": (LAW, 31, None),  # art. 28 / 29 / 31 / 33 by role and matter
    "exempt_no_fixed_income": (LAW, 42, 1),
    "exempt_social_assistance": (LAW, 42, 2),
    "exempt_judicial_assistance": (LAW, 42, 2),
    "exempt_special_care": (LAW, 42, 2),
    "exempt_migrant_worker": (LAW, 42, 3),
    "financial_difficulty_required": (LAW, 34, None),
    "income_within_standard": (LAW, 34, None),  # params: province, standard, effective_from
    "income_above_standard": (LAW, 34, None),  # params: province, standard, effective_from
    "no_standard_on_file": (LAW, 34, None),  # params: province
}
# code -> (law_id, articles): the first article is the step's main source.
STEPS: dict[str, tuple[str | None, tuple[int, ...]]] = {
    "authority_must_notify_center": (LAW, (36,)),
    "right_to_own_defender": (LAW, (27,)),
    "ask_duty_lawyer": (LAW, (37, 14, 30)),
    "death_penalty_review_application": (LAW, (25,)),  # + a supplementary rule, marked "verify"
    "apply_to_center": (LAW, (38,)),
    "apply_while_detained": (LAW, (39,)),
    "relative_may_apply": (LAW, (40,)),
    "guardian_may_apply": (LAW, (40,)),
    # Regs art. 17 once: its status note is long, and three steps each carried it
    "bring_documents_or_apply_orally": (REGULATIONS, (17,)),  # the Law names no documents
    "state_finances_or_pledge": (LAW, (41,)),
    "bring_exemption_proof": (LAW, (42,)),
    "decision_within_7_days": (LAW, (43,)),
    "urgent_aid_before_decision": (LAW, (44,)),
    "consequences_of_aid": (LAW, (43, 48, 64)),
    "court_fees_by_circumstances": (LAW, (53,)),
    "if_refused_object": (LAW, (49,)),
    "ask_about_local_rules": (LAW, (31, 32, 42, 69, 70)),
    "free_consultation": (LAW, (23,)),
    "hotline_12348": (None, ()),  # the Ministry of Justice's hotline: in no statute
}
CONFLICTS = (
    "age_contradicts_is_minor",
    "role_not_in_case_type",
    "defendant_fact_in_non_criminal_case",
    "defendant_fact_for_other_role",
    "matter_not_for_defendant",
    "migrant_claim_not_wages_or_injury",
)
ALL_REASON_CODES: tuple[str, ...] = tuple(REASONS)
ALL_STEP_CODES: tuple[str, ...] = tuple(STEPS)
ALL_CONFLICT_CODES: tuple[str, ...] = CONFLICTS


def reason(code: str, *, article: int | None = None, item: int | None = None,
           **params: str) -> Reason:
    law_id, default_article, default_item = REASONS[code]
    return Reason(code, law_id, article or default_article,
                  item if item is not None else default_item, dict(params))


def step(code: str) -> NextStep:
    law_id, articles = STEPS[code]
    return NextStep(code, law_id, articles[0] if articles else None, articles[1:])
