"""Which next steps (where to apply, what to bring, how long, if refused) fit an outcome."""

from __future__ import annotations

from bot.eligibility.facts import ABUSE_ABANDONMENT_DOMESTIC_VIOLENCE, DEFENDANT, Facts
from bot.eligibility.result import NextStep, Outcome, Reason, step

_APPLYING = (Outcome.ELIGIBLE_NO_FINANCIAL_TEST, Outcome.ELIGIBLE_FINANCIAL_CHECK_WAIVED,
             Outcome.ELIGIBLE_IF_FINANCIALLY_DIFFICULT, Outcome.MAY_APPLY_AS_DEFENDANT)
_EXEMPT = {"exempt_no_fixed_income", "exempt_social_assistance", "exempt_judicial_assistance",
           "exempt_special_care", "exempt_migrant_worker"}


def next_steps(outcome: Outcome, f: Facts, reasons: tuple[Reason, ...]) -> tuple[NextStep, ...]:
    codes = {r.code for r in reasons}
    defendant = f.case_type == "criminal" and f.role == DEFENDANT
    names: list[str] = []
    if outcome is Outcome.MUST_APPOINT:
        if "death_penalty_review_on_application" in codes:
            # art. 25(5) covers a defendant who applies; the route is a supplementary rule's
            names.append("death_penalty_review_application")
        names += ["authority_must_notify_center", "right_to_own_defender", "ask_duty_lawyer",
                  "apply_while_detained", "relative_may_apply"]
    elif outcome in _APPLYING:
        names.append("apply_to_center")
        if defendant:
            names += ["ask_duty_lawyer", "apply_while_detained", "relative_may_apply"]
        elif f.minor or f.limited_capacity or f.matter == ABUSE_ABANDONMENT_DOMESTIC_VIOLENCE:
            # art. 40: also when the legal representative is the abuser (an abused child)
            names.append("guardian_may_apply")
        names.append("bring_documents_or_apply_orally")
        if outcome is Outcome.ELIGIBLE_IF_FINANCIALLY_DIFFICULT or defendant:
            names.append("state_finances_or_pledge")  # a defendant applying for lack of money
        if codes & _EXEMPT:
            names.append("bring_exemption_proof")
        names.append("decision_within_7_days")
        if not defendant:
            names += ["urgent_aid_before_decision", "court_fees_by_circumstances"]
        names += ["consequences_of_aid", "if_refused_object"]
    else:
        if codes & {"matter_not_listed", "not_hero_martyr_close_relative"}:
            names.append("ask_about_local_rules")
        names.append("free_consultation")
    names.append("hotline_12348")
    return tuple(step(name) for name in names)
